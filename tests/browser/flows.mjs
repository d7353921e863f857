// Waypoint's web page as a person uses it, in Debian's Chromium (playwright-core, no
// browser download): search → results → add to sheet → print view; a crisis search; the
// Spanish page; an ambiguous place; the page without script; the browser's location; 200 %
// zoom; the signed-in pages. Each flow asserts what a person sees. Screenshots at 360 px
// and 1280 px go to <screenshot-dir>; axe-core runs in each page and must report no
// serious or critical violation.
//
//   node flows.mjs <base-url> <screenshot-dir>
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error("usage: node flows.mjs <base-url> <screenshot-dir>");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const browser = await chromium.launch({
  executablePath: process.env.WAYPOINT_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

const WIDTHS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 900 } };
let passed = 0;
let failed = 0;
const axeReport = [];

/** A fresh browser context (its own cookies), with CSP violations and page errors caught. */
async function open(viewport = WIDTHS.desktop, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) page.problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return { context, page };
}

/** axe-core in the page: no serious or critical violation. */
async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { resultTypes: ["violations"] })
  );
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  axeReport.push(`${label}: ${result.violations.length} violation(s), ${bad.length} serious or critical` +
    (result.violations.length ? ` [${result.violations.map((v) => `${v.id}:${v.impact}`).join(", ")}]` : ""));
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`),
    [],
    `axe on ${label}`
  );
}

async function flow(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAILED - ${name}\n${e.stack || e}`);
  }
}

const texts = (locator) => locator.allInnerTexts().then((a) => a.map((t) => t.trim()));

// 1. Search → results → add to sheet → print view, at both widths.
for (const [size, viewport] of Object.entries(WIDTHS)) {
  await flow(`search, pick two results, make a sheet, print view (${viewport.width} px)`, async () => {
    const { context, page } = await open(viewport);
    const scripts = [];
    page.on("request", (r) => { if (r.resourceType() === "script") scripts.push(r.url()); });
    await page.goto(`${base}/?lang=en`);
    // The start page loads the script (Use my location); the results page must not.
    scripts.length = 0;
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.getByLabel("What do you need?").fill("food");
    await page.getByLabel("Where? (ZIP code or city)").fill("21202");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${base}/?`)),
      page.getByRole("button", { name: "Search" }).click(),
    ]);
    assert.equal(response.status(), 200);
    const heading = page.getByRole("heading", { level: 2, name: /Results/ });
    await heading.waitFor();
    assert.match(await heading.innerText(), /Results \(\d+ results · Baltimore, MD 21202\)/);
    // The same answer, in the same order, as the API gives for the same words.
    const api = await (await page.request.get(`${base}/v1/search?q=food&near=21202`)).json();
    const names = await texts(page.locator("ol.cards h3"));
    assert.ok(names.length >= 2, `at least two results: ${names}`);
    assert.deepEqual(names, api.contents.map((c) => c.name));
    // A card says where, when and how to reach it.
    const card = page.locator("ol.cards > li").first();
    const cardText = await card.innerText();
    assert.match(cardText, /\d+(\.\d)? mi away/);
    assert.match(cardText, /Open now|Closed now|Open 24\/7|Hours not known/);
    assert.match(await card.getByRole("link", { name: /^Call / }).first().getAttribute("href"), /^tel:\+?\d{3,}/);
    assert.match(await card.getByRole("link", { name: /^Directions/ }).getAttribute("href"),
      /^https:\/\/www\.openstreetmap\.org\/directions\?route=%3B-?\d/);
    assert.deepEqual(scripts, [], "the results page asks for no script");
    await page.screenshot({ path: `${shots}/results-${viewport.width}.png`, fullPage: false });
    if (size === "desktop") await axe(page, "results (1280 px)");
    else await axe(page, "results (360 px)");

    // Pick the first two, make the sheet.
    await page.getByRole("checkbox", { name: `Add to sheet ${names[0]}` }).check();
    await page.getByRole("checkbox", { name: `Add to sheet ${names[1]}` }).check();
    await page.getByRole("button", { name: "Make a sheet of the checked listings" }).click();
    await page.getByRole("heading", { level: 1, name: "Resource sheet" }).waitFor();
    assert.match(page.url(), /\/sheet\?lang=en&id=/);
    assert.deepEqual(await texts(page.locator("ol.sheet h2")), names.slice(0, 2));
    const message = await page.getByLabel("Copy this and paste it into a text message.").inputValue();
    assert.ok(message.startsWith(`1. ${names[0]}\n`), message);
    assert.ok(message.includes(`\n2. ${names[1]}\n`), message);
    assert.ok(message.includes("988"), message);
    // The note is printed and never stored: it lives in the link only.
    await page.getByLabel(/Note for the person/).fill("Ask for Dana at the front desk");
    await page.getByRole("button", { name: "Add the note" }).click();
    await page.locator("p.note").waitFor();
    assert.equal(await page.locator("p.note").innerText(), "Ask for Dana at the front desk");
    // The script only adds buttons: Print shows.
    await page.getByRole("button", { name: "Print" }).waitFor();
    await axe(page, `sheet (${viewport.width} px)`);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("header.top").isVisible(), false, "no header on paper");
    assert.equal(await page.locator(".screen-only").isVisible(), false, "no forms on paper");
    assert.equal(await page.locator("ol.sheet").isVisible(), true);
    assert.equal(await page.locator("p.note").isVisible(), true);
    await page.screenshot({ path: `${shots}/sheet-print-${viewport.width}.png`, fullPage: true });
    if (size === "desktop") {
      const pdf = await page.pdf({ format: "Letter" });
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.equal(pages, 1, "two listings print on one page");
    }
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}

// 2. A crisis search shows crisis help first, then 988.
await flow("a crisis search shows 988 and 911 first", async () => {
  const { context, page } = await open(WIDTHS.phone);
  await page.goto(`${base}/?lang=en`);
  await page.getByLabel("What do you need?").fill("i want to end my life");
  await page.getByLabel("Where? (ZIP code or city)").fill("19106");
  await page.getByRole("button", { name: "Search" }).click();
  const help = page.getByRole("region", { name: "Help right now" });
  await help.waitFor();
  assert.equal(await help.getByRole("link", { name: "Call 988" }).getAttribute("href"), "tel:988");
  assert.equal(await help.getByRole("link", { name: "Text 988" }).getAttribute("href"), "sms:988");
  assert.equal(await help.getByRole("link", { name: "Call 911" }).getAttribute("href"), "tel:911");
  // Crisis help comes before any result, and the first result is the 988 Lifeline.
  const before = await page.evaluate(() => {
    const crisis = document.querySelector(".crisis");
    const results = document.querySelector(".results");
    return !!(crisis.compareDocumentPosition(results) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(before, "crisis help before the results");
  const first = await page.locator("ol.cards h3").first().innerText();
  assert.match(first, /988/);
  await page.screenshot({ path: `${shots}/crisis-360.png` });
  await axe(page, "crisis (360 px)");
  assert.deepEqual(page.problems, []);
  await context.close();
});

// 3. The Spanish page: switched by a link, remembered, and crisis help in Spanish.
await flow("the Spanish page is switched, remembered and speaks Spanish", async () => {
  const { context, page } = await open(WIDTHS.phone);
  await page.goto(`${base}/`);
  await page.getByRole("link", { name: "Español" }).click();
  await page.getByLabel("¿Qué necesita?").waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "es");
  // Remembered: the page without `lang` is still in Spanish.
  await page.goto(`${base}/`);
  assert.equal(await page.getAttribute("html", "lang"), "es");
  await page.getByLabel("¿Qué necesita?").fill("me quiero suicidar");
  await page.getByLabel("¿Dónde? (código postal o ciudad)").fill("92701");
  await page.getByRole("button", { name: "Buscar" }).click();
  const help = page.getByRole("region", { name: "Ayuda ahora mismo" });
  await help.waitFor();
  assert.match(await help.innerText(), /marque 2 para español/);
  assert.equal(await help.getByRole("link", { name: "Llamar al 988" }).getAttribute("href"), "tel:988");
  assert.match(await page.locator("ol.cards h3").first().innerText(), /988/);
  assert.match(await page.getByRole("heading", { level: 2, name: /Resultados/ }).innerText(), /resultados/);
  await page.getByRole("checkbox").filter({ hasText: "Añadir a la hoja" }).first().waitFor().catch(() => {});
  await page.screenshot({ path: `${shots}/spanish-360.png` });
  await axe(page, "Spanish results (360 px)");
  // And back to English with one link.
  await page.getByRole("link", { name: "English" }).click();
  await page.getByLabel("What do you need?").waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.deepEqual(page.problems, []);
  await context.close();
});

// 4. An ambiguous place is a message to read, with the places it could be.
await flow("an ambiguous place is explained, and its candidates search there", async () => {
  const { context, page } = await open(WIDTHS.desktop);
  await page.goto(`${base}/?lang=en`);
  await page.getByLabel("What do you need?").fill("food");
  await page.getByLabel("Where? (ZIP code or city)").fill("Springfield");
  await page.getByRole("button", { name: "Search" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /We could not search that/);
  assert.match(await alert.innerText(), /Springfield/);
  await axe(page, "error (1280 px)");
  await alert.getByRole("link", { name: /^Springfield, / }).first().click();
  await page.getByRole("heading", { level: 2, name: /Results/ }).waitFor();
  assert.match(await page.getByLabel("Where? (ZIP code or city)").inputValue(), /^Springfield, [A-Z]{2}$/);
  await context.close();
});

// 5. With no script at all the page searches and makes a sheet; it is small.
await flow("without script: results and the sheet work, and the results page is under 60 KB", async () => {
  const { context, page } = await open(WIDTHS.phone, { javaScriptEnabled: false });
  let bytes = 0;
  const sizes = [];
  page.on("requestfinished", async (r) => {
    const s = await r.sizes();
    bytes += s.responseBodySize + s.responseHeadersSize;
    sizes.push(`${r.url().replace(base, "")} ${s.responseBodySize + s.responseHeadersSize}`);
  });
  await page.goto(`${base}/?q=rehab&near=92701&lang=en`);
  await page.waitForLoadState("networkidle");
  console.log(`  transferred for the results page: ${bytes} bytes (${sizes.join(", ")})`);
  assert.ok(bytes < 60 * 1024, `${bytes} bytes`);
  const names = await texts(page.locator("ol.cards h3"));
  assert.ok(names.length > 0);
  await page.locator("ol.cards input[type=checkbox]").first().check();
  await page.getByRole("button", { name: "Make a sheet of the checked listings" }).click();
  await page.getByRole("heading", { level: 1, name: "Resource sheet" }).waitFor();
  assert.deepEqual(await texts(page.locator("ol.sheet h2")), [names[0]]);
  // The Print button needs script: without it the hint says how.
  assert.equal(await page.getByRole("button", { name: "Print" }).count(), 0);
  await context.close();
});

// 6. Keyboard: the first Tab reaches the skip link, which leads to the page's content.
await flow("keyboard: skip link first, then the search box", async () => {
  const { context, page } = await open(WIDTHS.desktop);
  await page.goto(`${base}/?lang=en`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to content");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "focus is visible");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await axe(page, "start (1280 px)");
  await context.close();
});

// 7. The signed-in part: a referrer records a consent and refers from a search result; the
// program signs in and accepts; the referrer sees it accepted. Every new page is checked
// with axe at the width it is used at.
const env = process.env;
async function signIn(page, key, label) {
  await page.goto(`${base}/sign-in?lang=en`);
  await page.getByRole("heading", { level: 1, name: "Partner sign-in" }).waitFor();
  if (label) await axe(page, label);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Your work" }).waitFor();
  // The key is nowhere in the page or its storage.
  assert.equal((await page.content()).includes(key), false);
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  const cookie = (await page.context().cookies()).find((c) => c.name === "waypoint_session");
  assert.ok(cookie && cookie.httpOnly && cookie.secure && cookie.sameSite === "Strict", JSON.stringify(cookie));
}

await flow("referrer: consent, referral from a search result; the program accepts; the referrer sees it", async () => {
  assert.ok(env.WAYPOINT_REFERRER_KEY, "the partners were made for the flows");
  const { context, page } = await open(WIDTHS.phone);
  // A wrong key first: the sign-in page again, with a message.
  await page.goto(`${base}/sign-in?lang=en`);
  await page.getByLabel("API key").fill("wp_wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "That key is not valid" }).waitFor();
  // The refusal is a 401 on purpose.
  page.problems = page.problems.filter((p) => !p.includes("401"));
  await signIn(page, env.WAYPOINT_REFERRER_KEY, "sign-in (360 px)");
  await axe(page, "start (360 px, signed in)");

  await page.getByRole("link", { name: "Record a consent" }).first().click();
  await page.getByRole("heading", { level: 1, name: "Record a consent" }).waitFor();
  await axe(page, "consent form (360 px)");
  await page.getByLabel("Client reference").fill("peer-client-7");
  await page.getByLabel("What information, in the consent's words").fill("name, phone and the reason for referral");
  for (const item of ["Name", "Phone", "Reason for referral"]) {
    await page.getByRole("checkbox", { name: item, exact: true }).check();
  }
  await page.getByLabel("Expires on").fill("2030-01-31");
  await page.getByRole("button", { name: "Record a consent" }).click();
  await page.getByRole("heading", { level: 1, name: "Consent recorded" }).waitFor();
  assert.match(await page.locator("main").innerText(), /42 CFR part 2 prohibits unauthorized use or disclosure/);
  await axe(page, "consent recorded (360 px)");

  await page.goto(`${base}/?lang=en&q=${encodeURIComponent(env.WAYPOINT_TREATMENT_NAME)}`);
  const card = page.locator("ol.cards > li").filter({ has: page.getByRole("heading", { level: 3, name: env.WAYPOINT_TREATMENT_NAME, exact: true }) }).first();
  await card.getByRole("link", { name: /^Refer/ }).click();
  await page.getByRole("heading", { level: 1, name: `Refer to ${env.WAYPOINT_TREATMENT_NAME}` }).waitFor();
  assert.match(await page.getByLabel("Consent").locator("option:checked").innerText(), /^peer-client-7/);
  await page.getByLabel("Client reference").fill("peer-client-7");
  await page.getByLabel("Client's name").fill("Jordan Fictional");
  await page.getByLabel("Phone").fill("555-0142");
  await page.getByLabel("Reason for referral").fill("Asked for outpatient treatment this week");
  await axe(page, "referral form (360 px)");
  await page.getByRole("button", { name: "Send referral" }).click();
  await page.getByRole("heading", { level: 1, name: /^Referral:/ }).waitFor();
  assert.equal(await page.locator("main .meta .status").innerText(), "Requested");
  const referralUrl = page.url().split("?")[0];
  await axe(page, "referral (360 px, referrer)");
  await page.getByRole("link", { name: "Sent referrals" }).click();
  await page.getByRole("heading", { level: 1, name: "Sent referrals" }).waitFor();
  assert.equal(await page.locator("ol.referrals h2").first().innerText(), env.WAYPOINT_TREATMENT_NAME);
  await axe(page, "sent referrals (360 px)");

  // The program, in its own browser.
  const program = await open(WIDTHS.desktop);
  await signIn(program.page, env.WAYPOINT_PROVIDER_KEY);
  await program.page.getByRole("link", { name: "Received referrals" }).first().click();
  await program.page.getByRole("link", { name: env.WAYPOINT_TREATMENT_NAME }).first().click();
  await program.page.getByText("Jordan Fictional").waitFor();
  assert.match(await program.page.locator("main").innerText(), /42 CFR part 2 prohibits/);
  await axe(program.page, "referral (1280 px, program)");
  await program.page.getByRole("button", { name: "Accept", exact: true }).click();
  await program.page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  assert.equal(await program.page.locator("main .meta .status").innerText(), "Accepted");
  await program.page.getByRole("link", { name: "Capacity" }).first().click();
  await program.page.getByRole("heading", { level: 1, name: "Capacity" }).waitFor();
  await axe(program.page, "capacity (1280 px, program)");
  assert.deepEqual(program.page.problems, []);
  await program.context.close();

  await page.goto(referralUrl + "?lang=en");
  assert.equal(await page.locator("main .meta .status").innerText(), "Accepted");
  const history = await texts(page.locator("ol.history li strong"));
  assert.deepEqual(history, ["Requested", "Accepted"]);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("status").filter({ hasText: "You are signed out." }).waitFor();
  await page.goto(referralUrl);
  await page.getByRole("heading", { level: 1, name: "Partner sign-in" }).waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});

// 8. A coordinator: capacity across programs, the waitlist with its clocks, admit.
for (const [size, viewport] of Object.entries(WIDTHS)) {
  await flow(`coordinator: capacity, the waitlist, admit (${viewport.width} px)`, async () => {
    const { context, page } = await open(viewport);
    await signIn(page, env.WAYPOINT_COORDINATOR_KEY);
    await page.goto(`${base}/partner/programs?lang=en&q=${encodeURIComponent(env.WAYPOINT_TREATMENT_NAME)}`);
    await page.getByRole("heading", { level: 1, name: "Waitlists" }).waitFor();
    await axe(page, `programs (${viewport.width} px)`);
    await page.goto(`${base}/partner/waitlists/${env.WAYPOINT_TREATMENT_ID}?lang=en`);
    const waiting = page.locator("ol.waitlist > li");
    const count = await waiting.count();
    await page.screenshot({ path: `${shots}/coordinator-waitlist-${viewport.width}.png`, fullPage: true });
    await axe(page, `waitlist (${viewport.width} px)`);
    if (size === "desktop") {
      // The first run admits; the other width saw the same person waiting.
      assert.equal(count, 1);
      const entry = waiting.first();
      assert.match(await entry.innerText(), /Pat Fictional/);
      assert.match(await entry.innerText(), /Interim services due/);
      assert.match(await page.locator("main").innerText(), /42 CFR part 2 prohibits/);
      await entry.getByRole("link", { name: "Bridge services" }).click();
      await page.getByRole("heading", { level: 1, name: "Bridge services" }).waitFor();
      await axe(page, "bridge (1280 px)");
      await page.getByRole("link", { name: "Back to the waitlist" }).click();
      await page.locator("ol.waitlist > li").first().getByRole("button", { name: "Admit" }).click();
      await page.getByRole("status").filter({ hasText: "Admitted." }).waitFor();
      assert.equal(await page.locator("ol.waitlist > li").count(), 0);
      assert.match(await page.locator("main").innerText(), /No one is waiting\./);
    } else {
      assert.equal(count, 1, "the phone run comes first and sees the person waiting");
    }
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}

// 9. "Use my location": the browser's position (rounded to about 100 m) is searched,
// and the page says so; a location the browser does not give is a message to read.
await flow("use my location searches near the person, and a refusal is explained", async () => {
  const here = { latitude: 39.28642, longitude: -76.60813 };
  const { context, page } = await open(WIDTHS.phone, { geolocation: here, permissions: ["geolocation"] });
  await page.goto(`${base}/?lang=en`);
  await page.getByLabel("What do you need?").fill("food");
  await page.getByRole("button", { name: "Use my location" }).click();
  await page.getByRole("heading", { level: 2, name: /Results/ }).waitFor();
  assert.match(await page.getByRole("heading", { level: 2, name: /Results/ }).innerText(), /near you/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("lat"), "39.286");
  assert.equal(url.searchParams.get("lon"), "-76.608");
  assert.equal(url.searchParams.get("near"), "");
  assert.ok((await page.locator("li.card").count()) > 0, "results near the location");
  assert.match(await page.locator("form.search").innerText(), /Searching near your location/);
  await axe(page, "results near the location (360 px)");
  assert.deepEqual(page.problems, []);
  await context.close();

  const denied = await open(WIDTHS.phone, { permissions: [] });
  await denied.page.goto(`${base}/?lang=es`);
  await denied.page.getByRole("button", { name: "Usar mi ubicación" }).click();
  await denied.page.locator("form.search").getByText("Su ubicación no está disponible").waitFor({ timeout: 20000 });
  assert.equal(await denied.page.evaluate(() => document.activeElement && document.activeElement.id), "near");
  await denied.context.close();
});

// 10. At 200 % zoom (a 1280 px window is 640 CSS px wide) nothing needs scrolling sideways
// and every control is reachable.
await flow("at 200 % zoom the results and the sheet fit the width", async () => {
  const { context, page } = await open({ width: 640, height: 450 }, { deviceScaleFactor: 2 });
  await page.goto(`${base}/?q=food&near=21202&lang=en`);
  await page.getByRole("heading", { level: 2, name: /Results/ }).waitFor();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok((await overflow()) <= 0, `results scroll sideways by ${await overflow()} px`);
  for (const control of [
    page.getByRole("button", { name: "Search" }),
    page.locator("li.card").first().getByRole("link").first(),
  ]) {
    const box = await control.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 640, "a control is cut off at 200 %");
  }
  await page.screenshot({ path: `${shots}/results-zoom-200.png` });
  await axe(page, "results at 200 % zoom");
  await page.locator("li.card").first().getByRole("checkbox").check();
  await page.getByRole("button", { name: /sheet/i }).first().click();
  await page.waitForURL(/\/sheet/);
  assert.ok((await overflow()) <= 0, `the sheet scrolls sideways by ${await overflow()} px`);
  assert.deepEqual(page.problems, []);
  await context.close();
});

await browser.close();
console.log("axe-core:");
for (const line of axeReport) console.log(`  ${line}`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
