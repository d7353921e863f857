//! The sign-in page (an API key in a password field, posted once and never shown back)
//! and the signed-in start page, which lists what the partner's role can do.

use super::format::esc;
use super::page;
use super::partner::{self, Account, csrf_field};
use super::text::Lang;

/// What the sign-in page says above its form.
pub enum SignInNote<'a> {
    None,
    /// A refusal (bad key, too many attempts, a form that was not accepted).
    Problem(&'a str),
    /// Information (signed out, please sign in).
    Info(&'a str),
}

pub fn sign_in_page(lang: Lang, csrf: &str, note: SignInNote<'_>) -> String {
    let p = lang.p();
    let note = match note {
        SignInNote::None => String::new(),
        SignInNote::Problem(text) => format!(
            r#"<section class="error" role="alert" aria-labelledby="error-h"><h2 id="error-h">{}</h2><p>{}</p></section>"#,
            p.could_not,
            esc(text)
        ),
        SignInNote::Info(text) => partner::done(text),
    };
    let main = format!(
        r#"<h1>{title}</h1>{note}<p>{intro}</p>
<form class="sign-in" action="/sign-in" method="post">{csrf}<input type="hidden" name="lang" value="{code}">
<div class="field"><label for="key">{key}</label>
<input id="key" name="key" type="password" required autocomplete="current-password" spellcheck="false" aria-describedby="key-hint" maxlength="200">
<p id="key-hint" class="hint">{hint}</p></div>
<button type="submit" class="primary">{sign_in}</button></form>"#,
        title = p.sign_in,
        intro = p.sign_in_intro,
        csrf = csrf_field(csrf),
        code = lang.code(),
        key = p.key,
        hint = p.key_hint,
        sign_in = p.sign_in_button,
    );
    page::frame(
        lang,
        p.sign_in,
        &format!("/sign-in?lang={}", lang.other().code()),
        &main,
        false,
    )
}

/// The start page: the role's work as large links (the account bar has them too).
pub fn start_page(lang: Lang, account: &Account) -> String {
    let p = lang.p();
    let mut items = String::new();
    for (href, words) in partner::links(lang, account.role) {
        items.push_str(&format!(
            r#"<li><a class="button" href="{href}?lang={}">{words}</a></li>"#,
            lang.code()
        ));
    }
    let main = format!(r#"<h1>{}</h1><ul class="work">{items}</ul>"#, p.your_work);
    partner::frame(lang, account, p.your_work, "/partner", &main)
}
