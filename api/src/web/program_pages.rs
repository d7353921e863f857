//! Programs as pages: a provider's capacity form; the coordinator's capacity across
//! programs (unknown room shown as unknown, never as 0); a program's waitlist in priority
//! order with its clocks (overdue entries first), with admit and remove forms; and the
//! bridge services for one waiting person.

use std::fmt::Write;

use waypoint_indexer::model::Keyword;

use super::format::esc;
use super::partner::{self, Account, csrf_field, input, select};
use super::partner_text::PartnerStrings;
use super::text::Lang;
use crate::capacity::{Availability, Capacity, StatusNow};
use crate::coordination::CapacityOverview;
use crate::waitlists::actions::bridge::Bridge;
use crate::waitlists::model::Entry;
use crate::waitlists::rules::ClockState;

/// A provider's program and what it last reported.
pub struct OwnProgram {
    pub service_id: String,
    pub name: String,
    pub capacity: Option<Capacity>,
}

/// The provider's capacity page: one form per program.
pub fn capacity_page(
    lang: Lang,
    account: &Account,
    programs: &[OwnProgram],
    message: &str,
) -> String {
    let p = lang.p();
    let mut main = format!(
        "<h1>{}</h1>{message}<p>{}</p>",
        p.capacity, p.capacity_intro
    );
    if programs.is_empty() {
        let _ = write!(main, r#"<p class="notice">{}</p>"#, p.no_programs);
    }
    let statuses: Vec<(&str, &str)> = p.capacity_statuses.to_vec();
    for (i, program) in programs.iter().enumerate() {
        let c = program.capacity.as_ref();
        let unit = c.and_then(|c| c.capacities.first());
        let last = match c {
            Some(c) => format!("{} {}", p.last_report, partner::when(&c.updated)),
            None => p.never_reported.to_string(),
        };
        let _ = write!(
            main,
            r#"<section class="card" aria-labelledby="program-{i}"><h2 id="program-{i}">{name}</h2><p class="meta">{last}</p>
<form class="partner-form" action="/partner/capacity/{sid}" method="post">{csrf}<input type="hidden" name="lang" value="{code}">
{status}{unit}{available}{maximum}<button type="submit" class="primary">{save} <span class="visually-hidden">{name}</span></button></form></section>"#,
            name = esc(&program.name),
            sid = esc(&program.service_id),
            csrf = csrf_field(&account.csrf),
            code = lang.code(),
            status = select(
                &format!("status-{i}"),
                "status",
                p.capacity_status,
                &statuses,
                c.map(|c| c.status.as_str())
            ),
            unit = input(
                &format!("unit-{i}"),
                "unit",
                p.unit,
                "text",
                unit.map_or("bed", |u| u.unit.as_str()),
                r#" required maxlength="40""#
            ),
            available = input(
                &format!("available-{i}"),
                "available",
                p.available,
                "number",
                &unit.map(|u| u.available.to_string()).unwrap_or_default(),
                r#" min="0" inputmode="numeric" required"#
            ),
            maximum = input(
                &format!("maximum-{i}"),
                "maximum",
                p.maximum,
                "number",
                &unit
                    .and_then(|u| u.maximum)
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
                r#" min="0" inputmode="numeric""#
            ),
            save = p.save_capacity,
        );
    }
    partner::frame(lang, account, p.capacity, "/partner/capacity", &main)
}

/// What is known of a program's room, in words: unknown says why, never 0.
pub fn room(lang: Lang, a: &Availability) -> String {
    let p = lang.p();
    match a.capacity_status {
        StatusNow::Unknown => match a.unknown_reason.map(|r| r.as_str()) {
            Some("stale") => lang.t().capacity_stale.to_string(),
            _ => format!("{} ({})", p.unknown, p.never_reported),
        },
        status => {
            let words = PartnerStrings::word(&p.capacity_statuses, status.as_str());
            match a.open_units {
                Some(n) => format!("{words} · {n} {}", p.open_units.to_lowercase()),
                None => words.to_string(),
            }
        }
    }
}

/// The coordinator's view: programs found, their room and waitlists.
pub fn overview_page(
    lang: Lang,
    account: &Account,
    q: &str,
    near: &str,
    overview: Option<&CapacityOverview>,
    message: &str,
) -> String {
    let p = lang.p();
    let mut main = format!(
        r#"<h1>{title}</h1>{message}<form class="search" action="/partner/programs" method="get" role="search" aria-label="{find}"><input type="hidden" name="lang" value="{code}">{q}{near}<button type="submit" class="primary">{find}</button></form>"#,
        title = p.waitlists,
        find = p.search_programs,
        code = lang.code(),
        q = input("q", "q", lang.t().what, "search", q, r#" maxlength="200""#),
        near = input(
            "near",
            "near",
            lang.t().place,
            "text",
            near,
            r#" maxlength="200""#
        ),
    );
    let Some(overview) = overview else {
        return partner::frame(lang, account, p.waitlists, "/partner/programs", &main);
    };
    if overview.contents.is_empty() {
        let _ = write!(main, r#"<p class="notice">{}</p>"#, p.no_programs);
    }
    main.push_str(r#"<ol class="cards programs">"#);
    for (i, program) in overview.contents.iter().enumerate() {
        let waiting = match program.waitlist_length {
            Some(n) => format!(
                r#" · <a href="/partner/waitlists/{sid}?lang={code}">{n} {waiting}</a>"#,
                sid = esc(&program.service_id),
                code = lang.code(),
                waiting = p.waiting,
            ),
            None => String::new(),
        };
        let _ = write!(
            main,
            r#"<li class="card"><article aria-labelledby="p-{i}"><h2 id="p-{i}">{name}</h2><p class="org">{org}</p>
<p class="meta"><span class="room">{room}</span>{waiting}</p>
<p><a class="button" href="/partner/waitlists/{sid}?lang={code}">{waitlist} <span class="visually-hidden">{name}</span></a></p></article></li>"#,
            name = esc(&program.name),
            org = esc(&program.organization_name),
            room = esc(&room(lang, &program.availability)),
            sid = esc(&program.service_id),
            code = lang.code(),
            waitlist = p.waitlist,
        );
    }
    main.push_str("</ol>");
    partner::frame(lang, account, p.waitlists, "/partner/programs", &main)
}

/// Overdue entries first, the rest after; each keeps the queue's priority order.
pub fn overdue_first(entries: &[Entry]) -> Vec<&Entry> {
    let (mut late, rest): (Vec<&Entry>, Vec<&Entry>) = entries.iter().partition(|e| e.overdue);
    late.extend(rest);
    late
}

fn clock_words(lang: Lang, state: ClockState) -> &'static str {
    let p = lang.p();
    match state {
        ClockState::Pending => p.due,
        ClockState::Met => p.kept,
        ClockState::Overdue => p.overdue,
        ClockState::Missed => p.missed,
        ClockState::Stopped => "—",
    }
}

/// A program's waitlist.
pub fn waitlist_page(
    lang: Lang,
    account: &Account,
    service_id: &str,
    name: &str,
    entries: &[Entry],
    message: &str,
) -> String {
    let p = lang.p();
    let path = format!("/partner/waitlists/{service_id}");
    let title = format!("{}: {name}", p.waitlist);
    let mut main = format!("<h1>{}</h1>{message}", esc(&title));
    if entries.iter().any(|e| e.notice.is_some()) {
        main.push_str(&partner::notice(lang));
    }
    if entries.is_empty() {
        let _ = write!(main, r#"<p class="notice">{}</p>"#, p.no_entries);
    }
    main.push_str(r#"<ol class="cards waitlist">"#);
    let reasons: Vec<(&str, &str)> = p.remove_reasons.to_vec();
    for e in overdue_first(entries) {
        let who = match &e.client {
            Some(c) => match &c.name {
                Some(name) => format!("{} · {}", esc(name), esc(&c.reference)),
                None => esc(&c.reference).into_owned(),
            },
            None => p.details_withheld.to_string(),
        };
        let overdue = if e.overdue {
            format!(r#"<strong class="overdue">{}</strong> "#, p.overdue)
        } else {
            String::new()
        };
        let mut clocks = String::new();
        if let (Some(due), Some(state)) = (
            e.clocks.interim_services_due_at,
            e.clocks.interim_services_clock,
        ) {
            let _ = write!(
                clocks,
                "<dt>{}</dt><dd>{} · {}</dd>",
                p.interim_due,
                due.format("%Y-%m-%d %H:%M UTC"),
                clock_words(lang, state)
            );
        }
        let _ = write!(
            clocks,
            "<dt>{}</dt><dd>{} · {}</dd>",
            p.admission_due,
            e.clocks.admission_due_at.format("%Y-%m-%d"),
            clock_words(lang, e.clocks.admission_clock)
        );
        let eid = esc(&e.id);
        let _ = write!(
            main,
            r#"<li class="card"><article aria-labelledby="e-{eid}"><h2 id="e-{eid}">{overdue}{position}. {who}</h2>
<p class="meta">{priority_label}: {priority} · {days} {days_waiting}</p><dl>{clocks}</dl>
<p><a href="{path}/entries/{eid}/bridge?lang={code}">{bridge}</a></p>
<div class="entry-actions"><form class="partner-form" action="{path}/entries/{eid}/admit" method="post">{csrf}<input type="hidden" name="lang" value="{code}"><label class="add"><input type="checkbox" name="confirmed_by_program" value="on"> {confirmed}</label> <button type="submit" class="primary">{admit}</button></form>
<form class="partner-form" action="{path}/entries/{eid}/remove" method="post">{csrf}<input type="hidden" name="lang" value="{code}">{reason}<button type="submit">{remove}</button></form></div></article></li>"#,
            position = e.position.unwrap_or(0),
            priority_label = p.priority_group,
            priority = PartnerStrings::word(&p.priorities, priority_code(e)),
            days = e.days_waiting,
            days_waiting = p.days_waiting,
            code = lang.code(),
            bridge = p.bridge,
            csrf = csrf_field(&account.csrf),
            admit = p.admit,
            confirmed = p.confirmed_by_program,
            reason = select(
                &format!("why-{}", e.id),
                "reason",
                p.remove_reason,
                &reasons,
                None
            ),
            remove = p.remove,
        );
    }
    main.push_str("</ol>");
    partner::frame(lang, account, &title, &path, &main)
}

fn priority_code(e: &Entry) -> &'static str {
    match serde_json::to_value(e.priority_class) {
        Ok(serde_json::Value::String(s)) => match s.as_str() {
            "pregnant_and_injecting" => "pregnant_and_injecting",
            "pregnant" => "pregnant",
            "injecting" => "injecting",
            _ => "everyone",
        },
        _ => "everyone",
    }
}

/// The bridge services for one waiting person, by kind.
pub fn bridge_page(lang: Lang, account: &Account, bridge: &Bridge) -> String {
    let p = lang.p();
    let back = format!("/partner/waitlists/{}", bridge.service_id);
    let mut main = format!(
        r#"<h1>{}</h1><p>{}</p><p><a href="{}?lang={}">{}</a></p>"#,
        p.bridge,
        p.bridge_intro,
        esc(&back),
        lang.code(),
        p.back_to_waitlist
    );
    for (i, group) in bridge.groups.iter().enumerate() {
        let _ = write!(
            main,
            r#"<section aria-labelledby="kind-{i}"><h2 id="kind-{i}">{}</h2><ul>"#,
            esc(group.label)
        );
        for s in &group.suggestions {
            let _ = write!(
                main,
                "<li><strong>{}</strong> · {}</li>",
                esc(&s.listing.name),
                esc(&s.listing.organization.name)
            );
        }
        if group.suggestions.is_empty() {
            main.push_str("<li>—</li>");
        }
        main.push_str("</ul></section>");
    }
    partner::frame(lang, account, p.bridge, &back, &main)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::UnknownReason;

    fn availability(
        status: StatusNow,
        reason: Option<UnknownReason>,
        open: Option<i64>,
    ) -> Availability {
        Availability {
            capacity_status: status,
            unknown_reason: reason,
            open_units: open,
            reported_at: None,
        }
    }

    #[test]
    fn unknown_room_reads_as_unknown_never_as_zero() {
        let never = room(
            Lang::En,
            &availability(StatusNow::Unknown, Some(UnknownReason::NeverReported), None),
        );
        assert_eq!(never, "Unknown (never reported)");
        assert!(!never.contains('0'));
        let stale = room(
            Lang::Es,
            &availability(StatusNow::Unknown, Some(UnknownReason::Stale), None),
        );
        assert!(stale.starts_with("Desconocido"), "{stale}");
        assert_eq!(
            room(Lang::En, &availability(StatusNow::Capacity, None, Some(3))),
            "Has openings · 3 open"
        );
        assert_eq!(
            room(
                Lang::En,
                &availability(StatusNow::NoCapacity, None, Some(0))
            ),
            "Full · 0 open"
        );
    }
}
