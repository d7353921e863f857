//! The search page as HTML: the frame every page shares (header with the language
//! switch, main, footer), the search form, crisis help, a readable error, and the result
//! cards inside the form that makes a resource sheet. Everything from a listing is
//! escaped; the page needs no script.

use std::fmt::Write;

use super::assets;
use super::form::SearchForm;
use super::format::{self, esc};
use super::text::{CATEGORIES, Lang};
use crate::error::ApiError;
use crate::search::{SearchItem, SearchPage};

/// The longest description shown on a card.
const DESCRIPTION_CHARS: usize = 220;
/// Weekly times shown on a card.
const CARD_TIMES: usize = 7;

/// A whole page: `<html lang>`, the stylesheet, header, main, footer; `script` adds the
/// page's one (optional) script, deferred.
pub fn frame(lang: Lang, title: &str, switch_href: &str, main: &str, script: bool) -> String {
    let t = lang.t();
    let other = lang.other();
    let script_tag = if script {
        format!(r#"<script src="{}" defer></script>"#, assets::SCRIPT_PATH)
    } else {
        String::new()
    };
    format!(
        r##"<!doctype html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
<link rel="icon" href="{icon}" type="image/svg+xml">
{script_tag}</head>
<body>
<a class="skip" href="#main">{skip}</a>
<header class="top">
<a class="brand" href="/?lang={code}">{brand}</a>
<nav aria-label="{lang_label}"><a href="{switch}" lang="{other}" hreflang="{other}">{switch_to}</a></nav>
</header>
<main id="main" tabindex="-1">
{main}
</main>
<footer class="bottom"><p>{privacy} <a href="/docs/">{api}</a></p></footer>
</body>
</html>
"##,
        code = lang.code(),
        title = esc(title),
        css = assets::STYLE_PATH,
        icon = assets::ICON_PATH,
        skip = t.skip,
        brand = t.title,
        lang_label = t.language_nav,
        switch = esc(switch_href),
        other = other.code(),
        switch_to = t.switch_to,
        privacy = t.privacy,
        api = t.api_docs,
    )
}

/// What a search came to.
pub enum Outcome {
    /// Nothing asked yet.
    Start,
    Found(Box<SearchPage>),
    Failed(ApiError),
}

/// The search page: the form, then crisis help, an error or the results.
/// `can_refer`: a referrer is signed in, so each result links to the referral form.
pub fn search_page(lang: Lang, form: &SearchForm, outcome: &Outcome, can_refer: bool) -> String {
    let t = lang.t();
    let mut main = format!("<h1>{}</h1>", t.tagline);
    // Crisis help before anything else, the form included: on a phone it is what shows.
    if let Outcome::Found(page) = outcome
        && let Some(c) = &page.query.crisis
    {
        main.push_str(&crisis(lang, &c.kind));
    }
    let asked = !matches!(outcome, Outcome::Start);
    main.push_str(&search_form(lang, form, asked));
    match outcome {
        Outcome::Start => {
            let _ = write!(main, r#"<p class="hint start">{}</p>"#, t.start_hint);
        }
        Outcome::Failed(e) => main.push_str(&error(lang, form, e)),
        Outcome::Found(page) => main.push_str(&results(lang, form, page, can_refer)),
    }
    let title = if form.q.is_empty() {
        format!("{} · {}", t.title, t.tagline)
    } else {
        format!("{} · {}", form.q, t.title)
    };
    let switch = format!("/?{}", form.query_string(None, lang.other()));
    // The script offers "Use my location" where a place is still to be given: the start
    // and a search that could not run. A results page loads none, so it renders at once
    // on a slow phone.
    let script = !matches!(outcome, Outcome::Found(_));
    frame(lang, &title, &switch, &main, script)
}

/// The form; once a search was made, its chips fold away under one line (saying how many
/// are on) so the results show on a phone's first screen.
fn search_form(lang: Lang, form: &SearchForm, folded: bool) -> String {
    let t = lang.t();
    let checked = |on: bool| if on { " checked" } else { "" };
    let mut chips = String::new();
    for slug in CATEGORIES {
        let _ = write!(
            chips,
            r#"<label class="chip"><input type="checkbox" name="category" value="{slug}"{}> {}</label>"#,
            checked(form.has_category(slug)),
            t.category(slug)
        );
    }
    let mut filters = String::new();
    let mut on_count = form.categories.len();
    for (name, value, on, label) in [
        ("open_now", "true", form.open_now, t.open_now),
        ("free", "true", form.free, t.free),
        ("language", "es", form.spanish, t.spanish),
        ("today", "true", form.today, t.meetings_today),
        ("has_capacity", "true", form.has_capacity, t.has_openings),
    ] {
        let _ = write!(
            filters,
            r#"<label class="chip"><input type="checkbox" name="{name}" value="{value}"{}> {label}</label>"#,
            checked(on)
        );
        on_count += usize::from(on);
    }
    let summary = match on_count {
        0 => t.more_filters.to_string(),
        n => format!("{} ({n})", t.more_filters),
    };
    format!(
        r#"<form class="search" action="/" method="get" role="search" aria-label="{search}">
<input type="hidden" name="lang" value="{code}">
<div class="field"><label for="q">{what}</label>
<input id="q" name="q" type="search" value="{q}" aria-describedby="q-hint" autocomplete="off" maxlength="200">
<p id="q-hint" class="hint">{what_hint}</p></div>
<div class="field"><label for="near">{place}</label>
<input id="near" name="near" type="text" value="{near}" aria-describedby="near-hint" autocomplete="postal-code" maxlength="200">
<input type="hidden" name="lat" value="{lat}"><input type="hidden" name="lon" value="{lon}">
<p id="near-hint" class="hint">{place_hint}</p>
<button type="button" class="locate" data-locate data-locating="{locating}" data-denied="{denied}" hidden>{use_location}</button>
<p class="hint" data-locate-status role="status">{using}</p></div>
<details class="more"{open}><summary>{summary}</summary>
<fieldset class="chips"><legend>{categories}</legend>{chips}</fieldset>
<fieldset class="chips"><legend>{only}</legend>{filters}</fieldset>
</details>
<button type="submit" class="primary">{search}</button>
</form>
"#,
        code = lang.code(),
        open = if folded { "" } else { " open" },
        what = t.what,
        q = esc(&form.q),
        what_hint = t.what_hint,
        place = t.place,
        near = esc(&form.near),
        place_hint = t.place_hint,
        lat = esc(&form.lat),
        lon = esc(&form.lon),
        use_location = t.use_location,
        locating = t.locating,
        denied = t.location_denied,
        using = if form.uses_location() {
            t.using_location
        } else {
            ""
        },
        categories = t.categories,
        only = t.filters,
        search = t.search,
    )
}

/// Crisis help, first and unmistakable: 988 by call and text, and 911 (first when a
/// life is in danger now: an overdose, danger).
pub fn crisis(lang: Lang, kind: &str) -> String {
    let t = lang.t();
    let lines = if matches!(kind, "overdose" | "danger") {
        format!(
            r#"<a class="button crisis-911" href="tel:911">{}</a> <a class="button crisis-call" href="tel:988">{}</a> <a class="button crisis-call" href="sms:988">{}</a>"#,
            t.call_911, t.call_988, t.text_988
        )
    } else {
        format!(
            r#"<a class="button crisis-call" href="tel:988">{}</a> <a class="button crisis-call" href="sms:988">{}</a> <a class="button crisis-911" href="tel:911">{}</a>"#,
            t.call_988, t.text_988, t.call_911
        )
    };
    format!(
        r#"<section class="crisis" aria-labelledby="crisis-h">
<h2 id="crisis-h">{heading}</h2>
<p>{text}</p>
<p class="crisis-actions">{lines}</p>
</section>
"#,
        heading = t.crisis_heading,
        text = t.crisis_text,
    )
}

/// A search that could not run, as a message to read (and the places an ambiguous
/// place name may mean, each a link that searches there).
fn error(lang: Lang, form: &SearchForm, e: &ApiError) -> String {
    let t = lang.t();
    let (detail, candidates) = match e {
        // The place: the form's one field a search can fail on, said in the page's words.
        ApiError::InvalidParameter {
            parameter,
            candidates,
            ..
        } if parameter == "near" => (
            if candidates.is_empty() {
                t.place_unknown
            } else {
                t.place_ambiguous
            }
            .to_string(),
            candidates.clone(),
        ),
        ApiError::InvalidParameter {
            detail, candidates, ..
        } if lang == Lang::En => (detail.clone(), candidates.clone()),
        ApiError::InvalidParameter {
            parameter,
            candidates,
            ..
        } => (
            format!("{} ({parameter})", t.search_refused),
            candidates.clone(),
        ),
        ApiError::Unavailable(_) | ApiError::Internal(_) => (t.unavailable.to_string(), vec![]),
        other => (other.to_string(), vec![]),
    };
    let mut html = format!(
        r#"<section class="error" role="alert" aria-labelledby="error-h"><h2 id="error-h">{}</h2><p>{}</p>"#,
        t.error_heading,
        esc(&detail)
    );
    if !candidates.is_empty() {
        let _ = write!(html, "<p>{}</p><ul class=\"candidates\">", t.did_you_mean);
        for c in candidates.iter().take(10) {
            let mut f = form.clone();
            f.near = c.clone();
            f.page = None;
            let _ = write!(
                html,
                r#"<li><a href="/?{}">{}</a></li>"#,
                esc(&f.query_string(None, lang)),
                esc(c)
            );
        }
        html.push_str("</ul>");
    }
    html.push_str("</section>\n");
    html
}

fn results(lang: Lang, form: &SearchForm, page: &SearchPage, can_refer: bool) -> String {
    let t = lang.t();
    let mut html = String::new();
    let place = match &page.query.place {
        Some(p) => format!(" · {}", esc(&p.label)),
        None if form.uses_location() => format!(" · {}", t.your_location),
        None => String::new(),
    };
    let _ = write!(
        html,
        r#"<section class="results" aria-labelledby="results-h"><h2 id="results-h">{} <span class="count">({} {}{place})</span></h2>"#,
        t.results, page.total_items, t.results_count
    );
    if let Some(facts) = page.query.notice_facts(page.total_items) {
        let notice = super::notice::text(lang, &facts);
        if !notice.is_empty() {
            let _ = write!(html, r#"<p class="notice">{}</p>"#, esc(&notice));
        }
    }
    if page.contents.is_empty() {
        let _ = write!(html, r#"<p class="notice">{}</p></section>"#, t.no_results);
        return html;
    }
    let _ = write!(
        html,
        r#"<form action="/sheet" method="get" class="pick"><input type="hidden" name="lang" value="{}"><p class="hint">{}</p><ol class="cards">"#,
        lang.code(),
        t.sheet_hint
    );
    for (i, item) in page.contents.iter().enumerate() {
        html.push_str(&card(lang, item, i + 1, form.free, can_refer));
    }
    let _ = write!(
        html,
        r#"</ol><button type="submit" class="primary">{}</button></form>"#,
        t.make_sheet
    );
    html.push_str(&pages(lang, form, page));
    html.push_str("</section>\n");
    html
}

fn pages(lang: Lang, form: &SearchForm, page: &SearchPage) -> String {
    let t = lang.t();
    if page.total_pages <= 1 {
        return String::new();
    }
    let mut html = format!(r#"<nav class="pages" aria-label="{}">"#, t.pages_nav);
    if !page.first_page {
        let _ = write!(
            html,
            r#"<a rel="prev" href="/?{}">{}</a> "#,
            esc(&form.query_string(Some(page.page_number - 1), lang)),
            t.previous
        );
    }
    let _ = write!(
        html,
        "<span>{} {} / {}</span>",
        t.page_of, page.page_number, page.total_pages
    );
    if !page.last_page {
        let _ = write!(
            html,
            r#" <a rel="next" href="/?{}">{}</a>"#,
            esc(&form.query_string(Some(page.page_number + 1), lang)),
            t.next_page
        );
    }
    html.push_str("</nav>");
    html
}

/// One result: what it is, where, when, how to reach it, and a box to add it to a sheet.
fn card(lang: Lang, item: &SearchItem, n: usize, all_free: bool, can_refer: bool) -> String {
    let t = lang.t();
    let mut h = String::with_capacity(1500);
    let id = format!("r{n}");
    let _ = write!(
        h,
        r#"<li class="card"><article aria-labelledby="{id}"><h3 id="{id}">{}</h3>"#,
        esc(&item.name)
    );
    if item.organization.name != item.name {
        let _ = write!(h, r#"<p class="org">{}</p>"#, esc(&item.organization.name));
    }
    // Where and when, in one line.
    let mut meta = Vec::new();
    if let Some(km) = item.distance_km {
        meta.push(format!("{} {}", format::miles(km), t.away));
    } else if item.attendance.iter().any(|a| a == "online") {
        meta.push(t.online.to_string());
    } else if item.match_reason == "service_area" {
        meta.push(t.serves_area.to_string());
    }
    let (state, open_text) = format::open_state(lang, item);
    meta.push(format!(
        r#"<span class="{state}">{}</span>"#,
        esc(&open_text)
    ));
    let _ = write!(h, r#"<p class="meta">{}</p>"#, meta.join(" · "));
    let kinds: Vec<&str> = item.categories.iter().map(|c| t.category(c)).collect();
    if !kinds.is_empty() {
        let _ = write!(h, r#"<p class="kinds">{}</p>"#, esc(&kinds.join(" · ")));
    }
    if let Some(d) = item
        .service
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        let _ = write!(
            h,
            r#"<p class="desc">{}</p>"#,
            esc(&format::cut(d.trim(), DESCRIPTION_CHARS))
        );
    }
    if let Some(address) = format::address_line(item) {
        let place = item
            .location
            .name
            .as_deref()
            .filter(|n| *n != item.name)
            .map(|n| format!("{}<br>", esc(n)))
            .unwrap_or_default();
        let _ = write!(h, "<address>{place}{}", esc(&address));
        if let Some(link) = format::directions(item) {
            let _ = write!(
                h,
                r#" <a href="{}" aria-label="{} {}">{}</a>"#,
                esc(&link),
                t.directions,
                esc(&item.name),
                t.directions
            );
        }
        h.push_str("</address>");
    }
    h.push_str(&actions(lang, item));
    h.push_str("<dl>");
    let times = format::schedule_lines(lang, item, CARD_TIMES);
    if !times.is_empty() {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", t.hours, esc(&times.join("; ")));
    }
    if !item.languages.is_empty() {
        let names: Vec<&str> = item.languages.iter().map(|l| t.language(l)).collect();
        let _ = write!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            t.languages,
            esc(&names.join(", "))
        );
    }
    let cost = if all_free || item.fellowship.is_some() {
        Some(t.free_cost.to_string())
    } else if !item.payment.is_empty() {
        let ways: Vec<String> = item.payment.iter().map(|p| format::payment(p)).collect();
        Some(format!("{} {}", t.pays_with, ways.join(", ")))
    } else {
        None
    };
    if let Some(cost) = cost {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", t.cost, esc(&cost));
    }
    if let Some(c) = &item.capacity {
        let _ = write!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            t.capacity,
            esc(&format::capacity(lang, c))
        );
    }
    h.push_str("</dl>");
    let _ = write!(
        h,
        r#"<label class="add"><input type="checkbox" name="id" value="{}"> {} <span class="visually-hidden">{}</span></label>"#,
        esc(&item.service_ids.join(",")),
        t.add_to_sheet,
        esc(&item.name)
    );
    if can_refer {
        h.push_str(&refer_link(lang, item));
    }
    h.push_str("</article></li>\n");
    h
}

/// The link to refer someone to this result (signed-in referrers only).
fn refer_link(lang: Lang, item: &SearchItem) -> String {
    let query = waypoint_indexer::params::query_string(&[
        ("service_at_location_id", item.id.clone()),
        (
            "service_id",
            item.service_ids.first().cloned().unwrap_or_default(),
        ),
        ("name", item.name.clone()),
        ("lang", lang.code().to_string()),
    ]);
    format!(
        r#"<p class="refer"><a class="button" href="/partner/referrals/new?{}">{} <span class="visually-hidden">{}</span></a></p>"#,
        esc(&query),
        lang.p().refer,
        esc(&item.name)
    )
}

/// Tap-to-call and tap-to-text phones, the website, and how to join online or by phone.
pub fn actions(lang: Lang, item: &SearchItem) -> String {
    let t = lang.t();
    let mut links = Vec::new();
    for p in item.phones.iter().take(3) {
        if p.phone_type.as_deref() == Some("fax") {
            continue;
        }
        if format::texts(p.phone_type.as_deref()) {
            if let Some(href) = format::sms(&p.number) {
                links.push(format!(
                    r#"<a class="button" href="{}">{} {}</a>"#,
                    esc(&href),
                    t.text,
                    esc(&p.number)
                ));
            }
        } else if let Some(href) = format::tel(&p.number) {
            links.push(format!(
                r#"<a class="button" href="{}">{} {}</a>"#,
                esc(&href),
                t.call,
                esc(&p.number)
            ));
        }
    }
    if let Some(join) = &item.join {
        if let Some(url) = join.url.as_deref().and_then(format::web_url) {
            links.push(format!(
                r#"<a class="button" href="{}">{}</a>"#,
                esc(url),
                t.join_online
            ));
        }
        // One tap dials in and enters the meeting ID (`,,` waits for the prompt).
        let dial_in = join.phone.as_deref().map(|phone| match &join.meeting_id {
            Some(id) if !phone.contains(',') => format!("{phone},,{id}#"),
            _ => phone.to_string(),
        });
        if let Some(phone) = &join.phone
            && let Some(href) = dial_in.as_deref().and_then(format::tel)
        {
            let mut label = format!("{} {}", t.join_phone, esc(phone));
            if let Some(id) = &join.meeting_id {
                let _ = write!(label, ", {} {}", t.meeting_id, esc(id));
            }
            if let Some(code) = &join.passcode {
                let _ = write!(label, ", {} {}", t.passcode, esc(code));
            }
            links.push(format!(
                r#"<a class="button" href="{}">{label}</a>"#,
                esc(&href)
            ));
        }
    }
    if let Some(url) = item.url.as_deref().and_then(format::web_url) {
        links.push(format!(r#"<a href="{}">{}</a>"#, esc(url), t.website));
    }
    if links.is_empty() {
        return String::new();
    }
    format!(r#"<p class="actions">{}</p>"#, links.join(" "))
}

/// The link that makes a sheet of these ids (for tests and the text version's link).
pub fn sheet_query(lang: Lang, ids: &[String], note: &str) -> String {
    let mut pairs: Vec<(&str, String)> = ids.iter().map(|i| ("id", i.clone())).collect();
    if !note.is_empty() {
        pairs.push(("note", note.to_string()));
    }
    pairs.push(("lang", lang.code().to_string()));
    waypoint_indexer::params::query_string(&pairs)
}
