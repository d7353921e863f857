//! Stale referrals: reminder events while the receiver has not acted (by default after
//! 24 h, 72 h and 7 days), and optional automatic expiry (off by default). `run_once` takes
//! the time as an argument so tests can drive it; the server calls it on a timer.

use chrono::{DateTime, Duration, Utc};
use waypoint_indexer::store::DbConnection;

use super::history;
use super::store::{self, StatusUpdate};
use super::transitions::Status;
use crate::clock;
use crate::events::{self, payloads};

pub const DEFAULT_DELAYS: &str = "24h,72h,7d";

/// When to remind, and whether and when to expire.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderPolicy {
    /// Delays after creation, in order.
    pub delays: Vec<Duration>,
    pub expire_after: Option<Duration>,
}

impl Default for ReminderPolicy {
    fn default() -> ReminderPolicy {
        ReminderPolicy {
            delays: parse_delays(DEFAULT_DELAYS).expect("the default delays parse"),
            expire_after: None,
        }
    }
}

/// One delay: a number and a unit, `s`, `m`, `h` or `d` (`90s`, `24h`, `7d`).
pub fn parse_delay(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.len().saturating_sub(1);
    let (number, unit) = text.split_at(split);
    let n: i64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a delay like 90s, 30m, 24h or 7d"))?;
    if n <= 0 {
        return Err(format!("{text:?}: a delay must be positive"));
    }
    match unit {
        "s" => Ok(Duration::seconds(n)),
        "m" => Ok(Duration::minutes(n)),
        "h" => Ok(Duration::hours(n)),
        "d" => Ok(Duration::days(n)),
        _ => Err(format!("{text:?} is not a delay like 90s, 30m, 24h or 7d")),
    }
}

/// A comma-separated list of increasing delays; empty means no reminders.
pub fn parse_delays(text: &str) -> Result<Vec<Duration>, String> {
    let delays: Vec<Duration> = text
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(parse_delay)
        .collect::<Result<_, _>>()?;
    if delays.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!("{text:?}: reminder delays must increase"));
    }
    Ok(delays)
}

/// What is due for a referral waiting `age` with `sent` reminders sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Nothing,
    /// Send reminder number `n` (1-based); later ones wait for later runs.
    Remind(usize),
    Expire,
}

pub fn due(policy: &ReminderPolicy, age: Duration, sent: usize) -> Due {
    if policy.expire_after.is_some_and(|e| age >= e) {
        return Due::Expire;
    }
    match policy.delays.get(sent) {
        Some(delay) if age >= *delay => Due::Remind(sent + 1),
        _ => Due::Nothing,
    }
}

/// Sends what is due at `now`; returns how many reminders and expiries were made.
pub fn run_once(
    conn: &mut DbConnection,
    policy: &ReminderPolicy,
    now: DateTime<Utc>,
) -> Result<usize, diesel::result::Error> {
    let earliest = policy
        .delays
        .first()
        .copied()
        .into_iter()
        .chain(policy.expire_after)
        .min();
    let Some(earliest) = earliest else {
        return Ok(0);
    };
    let reminders_left = (policy.expire_after.is_none()).then_some(policy.delays.len() as i32);
    let candidates =
        store::awaiting_receiver(conn, &clock::format(now - earliest), reminders_left, 500)?;
    let mut done = 0;
    for row in candidates {
        let Some(created) = clock::parse(&row.created_at) else {
            continue;
        };
        let action = due(policy, now - created, row.reminders_sent.max(0) as usize);
        let made = conn.in_transaction(|conn| -> Result<bool, diesel::result::Error> {
            store::serialize_changes(conn)?;
            let receivers = store::receivers(conn, &row.id)?;
            let parties = super::parties(&row.referrer_id, &receivers);
            match action {
                Due::Nothing => Ok(false),
                Due::Remind(n) => {
                    if !store::count_reminder(conn, &row.id, row.reminders_sent)? {
                        return Ok(false);
                    }
                    let payload = payloads::ReferralReminder {
                        referral_id: row.id.clone(),
                        status: row.status.clone(),
                        reminder: n,
                        waiting_since: row.created_at.clone(),
                    };
                    for p in &parties {
                        events::enqueue(
                            conn,
                            p,
                            events::REFERRAL_REMINDER,
                            Some(&row.id),
                            &payload,
                        )?;
                    }
                    Ok(true)
                }
                Due::Expire => {
                    // Stamped after the lock, so it is not earlier than a change it waited
                    // for (a sweep asked about a later `now` keeps that).
                    let at = clock::format(now.max(Utc::now()));
                    let reason = "expired: the receiver did not act on the referral in time";
                    let update = StatusUpdate {
                        status: Status::Cancelled,
                        business_status: Some("expired"),
                        reason_code: Some("other"),
                        reason: Some(reason),
                        outcome: None,
                        closed_loop_at: None,
                        received_at: None,
                        at: &at,
                    };
                    if store::update_status(conn, &row.id, Status::Requested, &update)? == 0 {
                        return Ok(false);
                    }
                    history::add_event(
                        conn,
                        &row.id,
                        None,
                        Some(Status::Requested),
                        Status::Cancelled,
                        Some("other"),
                        Some(reason),
                    )?;
                    let payload = payloads::ReferralStatusChanged {
                        referral_id: row.id.clone(),
                        from: Status::Requested,
                        status: Status::Cancelled,
                        reason_code: Some("other".into()),
                        business_status: Some("expired".into()),
                    };
                    for p in &parties {
                        events::enqueue(
                            conn,
                            p,
                            events::REFERRAL_STATUS_CHANGED,
                            Some(&row.id),
                            &payload,
                        )?;
                    }
                    Ok(true)
                }
            }
        })?;
        if made {
            done += 1;
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_parse_in_plain_units() {
        assert_eq!(
            parse_delays("24h,72h,7d").unwrap(),
            vec![Duration::hours(24), Duration::hours(72), Duration::days(7)]
        );
        assert_eq!(parse_delays("").unwrap(), vec![]);
        assert!(parse_delays("2h,1h").is_err());
        assert!(parse_delays("soon").is_err());
        assert!(parse_delays("0s").is_err());
        assert!(parse_delay("5x").is_err());
    }

    #[test]
    fn reminders_come_one_at_a_time_after_each_delay() {
        let p = ReminderPolicy::default();
        assert_eq!(due(&p, Duration::hours(23), 0), Due::Nothing);
        assert_eq!(due(&p, Duration::hours(24), 0), Due::Remind(1));
        assert_eq!(due(&p, Duration::hours(30), 1), Due::Nothing);
        // A server that was down catches up one reminder per run.
        assert_eq!(due(&p, Duration::days(8), 0), Due::Remind(1));
        assert_eq!(due(&p, Duration::days(8), 2), Due::Remind(3));
        assert_eq!(due(&p, Duration::days(30), 3), Due::Nothing);
    }

    #[test]
    fn expiry_is_off_unless_set() {
        let mut p = ReminderPolicy::default();
        assert_eq!(due(&p, Duration::days(365), 3), Due::Nothing);
        p.expire_after = Some(Duration::days(14));
        assert_eq!(due(&p, Duration::days(14), 3), Due::Expire);
        assert_eq!(due(&p, Duration::days(13), 3), Due::Nothing);
    }
}
