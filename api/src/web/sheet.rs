//! The resource sheet: the listings a person was given, as a one-page print layout
//! (names, addresses, phones, hours, and a short note) and as plain text sized for a text
//! message. Made from the query string alone: nothing about the person is kept.

use std::fmt::Write;

use super::form::{field, pairs};
use super::format::{self, esc};
use super::page::{actions, frame, sheet_query};
use super::text::Lang;
use crate::search::{SearchItem, SearchPage};

/// Longest note kept.
const NOTE_CHARS: usize = 300;
/// Weekly times on the sheet, and in the text version.
const SHEET_TIMES: usize = 7;
const TEXT_TIMES: usize = 2;

/// What the sheet's query string holds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SheetForm {
    /// One entry per result picked: its service ids, comma separated.
    pub ids: Vec<String>,
    pub note: String,
    pub lang: Option<Lang>,
}

impl SheetForm {
    pub fn parse(query: &str) -> SheetForm {
        let mut form = SheetForm::default();
        for (key, value) in pairs(query) {
            match key.as_str() {
                "id" => {
                    let id = field(&value);
                    if !id.is_empty() && !form.ids.contains(&id) {
                        form.ids.push(id);
                    }
                }
                "note" => form.note = value.trim().chars().take(NOTE_CHARS).collect(),
                "lang" => form.lang = Lang::parse(&value),
                _ => {}
            }
        }
        form
    }
}

/// The sheet as a page: on screen a note box, the text version and how to print; on
/// paper the listings and the note only (the print stylesheet hides the rest).
pub fn sheet_page(lang: Lang, form: &SheetForm, page: &SearchPage) -> String {
    let t = lang.t();
    let mut main = format!(r#"<h1>{}</h1>"#, t.sheet_title);
    if page.contents.is_empty() {
        let _ = write!(
            main,
            r#"<p class="notice">{}</p><p><a href="/?lang={}">{}</a></p>"#,
            t.sheet_empty,
            lang.code(),
            t.back
        );
        let switch = format!(
            "/sheet?{}",
            sheet_query(lang.other(), &form.ids, &form.note)
        );
        return frame(lang, t.sheet_title, &switch, &main, false);
    }
    if !form.note.is_empty() {
        let _ = write!(main, r#"<p class="note">{}</p>"#, esc(&form.note));
    }
    main.push_str(r#"<ol class="sheet">"#);
    for item in &page.contents {
        main.push_str(&entry(lang, item));
    }
    main.push_str("</ol>");
    let _ = write!(main, r#"<p class="sheet-footer">{}</p>"#, t.sheet_footer);

    // On screen only: printing, the note, the text version.
    let mut hidden_ids = String::new();
    for id in &form.ids {
        let _ = write!(
            hidden_ids,
            r#"<input type="hidden" name="id" value="{}">"#,
            esc(id)
        );
    }
    let text = text_version(lang, page, &form.note);
    let _ = write!(
        main,
        r#"<div class="screen-only">
<p class="print-hint">{print_hint} <button type="button" class="primary" data-print hidden>{print}</button></p>
<form action="/sheet" method="get" class="note-form">{hidden_ids}<input type="hidden" name="lang" value="{code}">
<label for="note">{note_label}</label>
<textarea id="note" name="note" rows="2" maxlength="{max}" aria-describedby="note-hint">{note}</textarea>
<p id="note-hint" class="hint">{note_hint}</p>
<button type="submit">{update}</button></form>
<section aria-labelledby="text-h"><h2 id="text-h">{text_heading}</h2>
<label for="sms-text">{text_hint}</label>
<textarea id="sms-text" readonly rows="10">{text}</textarea>
<p class="hint"><span>{chars}</span> · <a href="/sheet.txt?{query}">{plain}</a> <button type="button" data-copy="sms-text" hidden>{copy}</button></p>
</section>
<p><a href="/?lang={code}">{back}</a></p>
</div>"#,
        print_hint = t.print_hint,
        print = t.print,
        code = lang.code(),
        note_label = t.note,
        max = NOTE_CHARS,
        note = esc(&form.note),
        note_hint = t.note_hint,
        update = t.update_note,
        text_heading = t.text_version,
        text_hint = t.text_hint,
        text = esc(&text),
        chars = char_count(lang, &text),
        query = esc(&sheet_query(lang, &form.ids, &form.note)),
        plain = t.plain_text_link,
        copy = t.copy,
        back = t.back,
    );
    let switch = format!(
        "/sheet?{}",
        sheet_query(lang.other(), &form.ids, &form.note)
    );
    frame(lang, t.sheet_title, &switch, &main, true)
}

fn char_count(lang: Lang, text: &str) -> String {
    format!("{} {}", text.chars().count(), lang.t().characters)
}

/// One listing on the sheet.
fn entry(lang: Lang, item: &SearchItem) -> String {
    let t = lang.t();
    let mut h = format!(r#"<li><h2>{}</h2>"#, esc(&item.name));
    if item.organization.name != item.name {
        let _ = write!(h, r#"<p class="org">{}</p>"#, esc(&item.organization.name));
    }
    if let Some(address) = format::address_line(item) {
        let _ = write!(h, "<address>{}</address>", esc(&address));
    } else if item.attendance.iter().any(|a| a == "online") {
        let _ = write!(h, "<p>{}</p>", t.online);
    }
    h.push_str(&actions(lang, item));
    let times = format::schedule_lines(lang, item, SHEET_TIMES);
    if !times.is_empty() {
        let _ = write!(
            h,
            r#"<p class="hours"><strong>{}:</strong> {}</p>"#,
            t.hours,
            esc(&times.join("; "))
        );
    }
    h.push_str("</li>");
    h
}

/// The sheet as a text message: per listing its name, address, one phone and its first
/// times; then where to turn in a crisis.
pub fn text_version(lang: Lang, page: &SearchPage, note: &str) -> String {
    let t = lang.t();
    let mut out = String::new();
    if !note.is_empty() {
        let _ = writeln!(out, "{note}\n");
    }
    for (i, item) in page.contents.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, item.name);
        if let Some(address) = format::address_line(item) {
            let _ = writeln!(out, "{address}");
        } else if let Some(url) = item
            .join
            .as_ref()
            .and_then(|j| j.url.as_deref())
            .and_then(format::web_url)
        {
            let _ = writeln!(out, "{} {url}", t.join_online);
        }
        if let Some(p) = item
            .phones
            .iter()
            .find(|p| p.phone_type.as_deref() != Some("fax"))
        {
            let _ = writeln!(out, "{} {}", t.call, p.number);
        }
        let times = format::schedule_lines(lang, item, TEXT_TIMES);
        if !times.is_empty() {
            let _ = writeln!(out, "{}", times.join("; "));
        }
        out.push('\n');
    }
    out.push_str(t.text_crisis);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheet_reads_ids_once_and_a_short_note() {
        let f = SheetForm::parse(&format!(
            "id=a,b&id=c&id=a,b&id=&note={}&lang=es",
            "x".repeat(1000)
        ));
        assert_eq!(f.ids, ["a,b", "c"]);
        assert_eq!(f.note.len(), NOTE_CHARS);
        assert_eq!(f.lang, Some(Lang::Es));
    }
}
