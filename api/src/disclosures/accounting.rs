//! An accounting of disclosures for one client over a period, to hand to the client:
//! 42 CFR 2.24 (a list of the persons their records went to under a general designation:
//! name, date, a brief description of the information) and 2.25 with 45 CFR 164.528(b)
//! (each disclosure's date, recipient, a brief description of what, and a brief statement
//! of the purpose), for at most the three years before the request.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{consents, partners};
use waypoint_indexer::with_conn;

use super::{Disclosure, for_client};
use crate::clock;

/// The longest period an accounting covers (42 CFR 2.24(a)(2), 2.25(a)).
pub const LONGEST_PERIOD: Duration = Duration::days(3 * 365 + 1);

/// What the purpose says for a disclosure made without a consent (a service that needs
/// none, such as a food pantry).
const NO_CONSENT_PURPOSE: &str =
    "referral to a service that needs no Part 2 consent, at the request of the referring program";

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Accounting {
    pub client_reference: String,
    /// The period covered: `from` and `to` as asked, `from` no earlier than three years
    /// before the request.
    pub from: String,
    pub to: String,
    pub generated_at: String,
    pub disclosures: Vec<AccountedDisclosure>,
    /// One line per recipient: how many disclosures, the first and the last.
    pub by_recipient: Vec<RecipientSummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccountedDisclosure {
    pub disclosed_at: String,
    pub recipient_id: String,
    /// The recipient partner's name.
    pub recipient: String,
    /// The elements disclosed (`name, phone, reason`).
    pub information: String,
    /// The purpose, from the consent it was made under.
    pub purpose: String,
    /// `api` (an answer to the recipient) or `webhook`.
    #[schema(schema_with = crate::keywords::disclosure_channel)]
    pub channel: String,
    pub consent_id: Option<String>,
    pub referral_id: Option<String>,
    pub waitlist_entry_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecipientSummary {
    pub recipient: String,
    pub disclosures: usize,
    pub first: String,
    pub last: String,
}

/// A period, from and to.
pub type Period = (DateTime<Utc>, DateTime<Utc>);

/// The period an accounting covers, or which bound is wrong.
pub fn period(
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Period, (&'static str, String)> {
    let earliest = now - LONGEST_PERIOD;
    let from = from.unwrap_or(earliest).max(earliest);
    // No disclosure lies ahead: a period reaching past now simply ends empty there.
    let to = to.unwrap_or(now.max(from));
    if from > to {
        return Err(("from", "`from` is after `to`".into()));
    }
    Ok((from, to))
}

/// The accounting of `client_reference`'s disclosures by `discloser` (all disclosers for an
/// admin) between `from` and `to`.
pub fn account(
    conn: &mut DbConnection,
    client_reference: &str,
    discloser: Option<&str>,
    (from, to): Period,
    now: DateTime<Utc>,
) -> QueryResult<Accounting> {
    let (from, to) = (clock::format(from), clock::format(to));
    let ledger: Vec<Disclosure> = for_client(conn, client_reference, discloser)?
        .into_iter()
        .filter(|d| d.disclosed_at >= from && d.disclosed_at <= to)
        .collect();
    let mut partner_ids: Vec<&String> = ledger.iter().map(|d| &d.recipient_id).collect();
    partner_ids.sort();
    partner_ids.dedup();
    let mut consent_ids: Vec<&String> = ledger
        .iter()
        .filter_map(|d| d.consent_id.as_ref())
        .collect();
    consent_ids.sort();
    consent_ids.dedup();
    let names: Vec<(String, String)> = with_conn!(conn, |c| partners::table
        .filter(partners::id.eq_any(&partner_ids))
        .select((partners::id, partners::name))
        .load(c))?;
    let purposes: Vec<(String, String)> = with_conn!(conn, |c| consents::table
        .filter(consents::id.eq_any(&consent_ids))
        .select((consents::id, consents::purpose))
        .load(c))?;
    let lookup = |pairs: &[(String, String)], id: &str| {
        pairs.iter().find(|(k, _)| k == id).map(|(_, v)| v.clone())
    };
    let disclosures: Vec<AccountedDisclosure> = ledger
        .into_iter()
        .map(|d| AccountedDisclosure {
            recipient: lookup(&names, &d.recipient_id).unwrap_or_else(|| d.recipient_id.clone()),
            purpose: d
                .consent_id
                .as_deref()
                .and_then(|id| lookup(&purposes, id))
                .unwrap_or_else(|| NO_CONSENT_PURPOSE.to_string()),
            disclosed_at: d.disclosed_at,
            recipient_id: d.recipient_id,
            information: d.information,
            channel: d.channel,
            consent_id: d.consent_id,
            referral_id: d.referral_id,
            waitlist_entry_id: d.waitlist_entry_id,
        })
        .collect();
    Ok(Accounting {
        client_reference: client_reference.to_string(),
        by_recipient: by_recipient(&disclosures),
        disclosures,
        from,
        to,
        generated_at: clock::format(now),
    })
}

fn by_recipient(disclosures: &[AccountedDisclosure]) -> Vec<RecipientSummary> {
    let mut summaries: Vec<RecipientSummary> = Vec::new();
    for d in disclosures {
        match summaries.iter_mut().find(|s| s.recipient == d.recipient) {
            Some(s) => {
                s.disclosures += 1;
                s.last = d.disclosed_at.clone();
            }
            None => summaries.push(RecipientSummary {
                recipient: d.recipient.clone(),
                disclosures: 1,
                first: d.disclosed_at.clone(),
                last: d.disclosed_at.clone(),
            }),
        }
    }
    summaries
}

/// The accounting as printable text, for a program to hand to the client: plain lines,
/// dates as days and times in UTC, no identifiers beyond the client's reference.
pub fn as_text(a: &Accounting) -> String {
    let day = |t: &str| t.get(..16).unwrap_or(t).replace('T', " ");
    let mut out = String::new();
    out.push_str("ACCOUNTING OF DISCLOSURES\n");
    out.push_str("Substance use disorder records (42 CFR Part 2, sections 2.24 and 2.25)\n\n");
    out.push_str(&format!("Client reference: {}\n", a.client_reference));
    out.push_str(&format!(
        "Period: {} to {} (UTC)\nPrepared: {} (UTC)\n\n",
        day(&a.from),
        day(&a.to),
        day(&a.generated_at)
    ));
    if a.disclosures.is_empty() {
        out.push_str("No disclosures were made in this period.\n");
    }
    for (n, d) in a.disclosures.iter().enumerate() {
        out.push_str(&format!(
            "{}. {} UTC\n   To: {}\n   What: {}\n   Why: {}\n   How: {}\n\n",
            n + 1,
            day(&d.disclosed_at),
            d.recipient,
            d.information.replace('_', " "),
            d.purpose,
            if d.channel == "webhook" {
                "sent to the recipient's system"
            } else {
                "read by the recipient"
            }
        ));
    }
    if !a.by_recipient.is_empty() {
        out.push_str("Summary by recipient:\n");
        for s in &a.by_recipient {
            out.push_str(&format!(
                "- {}: {} disclosure(s), first {} UTC, last {} UTC\n",
                s.recipient,
                s.disclosures,
                day(&s.first),
                day(&s.last)
            ));
        }
        out.push('\n');
    }
    out.push_str(
        "Each disclosure was made with the notice: \"42 CFR part 2 prohibits unauthorized use \
         or disclosure of these records.\"\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        clock::parse(text).unwrap()
    }

    #[test]
    fn the_period_is_at_most_three_years_back() {
        let now = at("2026-11-29T12:00:00Z");
        let (from, to) = period(None, None, now).unwrap();
        assert_eq!(to, now);
        assert_eq!(from, now - LONGEST_PERIOD);
        let (from, _) = period(Some(at("2010-01-01T00:00:00Z")), None, now).unwrap();
        assert_eq!(from, now - LONGEST_PERIOD);
        let (from, to) = period(Some(at("2026-12-01T00:00:00Z")), None, now).unwrap();
        assert_eq!(
            (from, to),
            (at("2026-12-01T00:00:00Z"), at("2026-12-01T00:00:00Z"))
        );
        assert_eq!(
            period(
                Some(at("2026-11-20T00:00:00Z")),
                Some(at("2026-11-10T00:00:00Z")),
                now
            )
            .unwrap_err()
            .0,
            "from"
        );
    }

    #[test]
    fn the_text_names_date_recipient_what_and_why() {
        let d = AccountedDisclosure {
            disclosed_at: "2026-11-20T15:04:05.000000Z".into(),
            recipient_id: "p-1".into(),
            recipient: "Fictional Outpatient Program".into(),
            information: "name, date_of_birth".into(),
            purpose: "referral for treatment".into(),
            channel: "api".into(),
            consent_id: Some("c-1".into()),
            referral_id: Some("r-1".into()),
            waitlist_entry_id: None,
        };
        let a = Accounting {
            client_reference: "client-001".into(),
            from: "2026-11-01T00:00:00.000000Z".into(),
            to: "2026-11-29T12:00:00.000000Z".into(),
            generated_at: "2026-11-29T12:00:00.000000Z".into(),
            by_recipient: by_recipient(std::slice::from_ref(&d)),
            disclosures: vec![d],
        };
        let text = as_text(&a);
        for part in [
            "2026-11-20 15:04 UTC",
            "To: Fictional Outpatient Program",
            "What: name, date of birth",
            "Why: referral for treatment",
            "Fictional Outpatient Program: 1 disclosure(s)",
        ] {
            assert!(text.contains(part), "{part} missing from:\n{text}");
        }
        assert!(!text.contains("p-1"), "partner ids are not for the client");
    }
}
