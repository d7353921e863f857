//! When to try a delivery again: exponential backoff with jitter over about three days,
//! `Retry-After` honoured on 429 and 503, 410 meaning "stop", and giving up after the last
//! try. Plain functions, so the rules are tested without a network.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Delays before the 2nd, 3rd, … attempt. The first attempt is immediate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrySchedule(Vec<Duration>);

/// A receiver's `Retry-After` is followed up to this long, so one answer cannot park a
/// delivery for weeks.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// ± this share of a delay is random, so receivers that failed together are not all
/// retried in the same second.
const JITTER: f64 = 0.1;

impl Default for RetrySchedule {
    /// 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h six times: about 2.8 days, 12 attempts.
    fn default() -> RetrySchedule {
        let mut delays: Vec<u64> = vec![5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600];
        delays.extend([10 * 3600; 6]);
        RetrySchedule(delays.into_iter().map(Duration::from_secs).collect())
    }
}

impl RetrySchedule {
    /// `"1,1,2"`: delays in seconds (for tests and operators).
    pub fn parse(text: &str) -> Result<RetrySchedule, String> {
        let delays = text
            .split(',')
            .map(|d| {
                d.trim()
                    .parse::<u64>()
                    .map(Duration::from_secs)
                    .map_err(|_| {
                        format!("retry delays are whole seconds separated by commas, not {d:?}")
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if delays.is_empty() {
            return Err("the retry schedule needs at least one delay".into());
        }
        Ok(RetrySchedule(delays))
    }

    /// Attempts a delivery gets before it is marked failed.
    pub fn max_attempts(&self) -> usize {
        self.0.len() + 1
    }

    /// The wait after `attempts_made` attempts failed, or `None` when that was the last.
    /// `jitter` is in [-1, 1]; `retry_after` (from a 429 or 503) is waited out if longer.
    pub fn delay_after(
        &self,
        attempts_made: usize,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        let base = *self.0.get(attempts_made.checked_sub(1)?)?;
        let jittered = base.mul_f64(1.0 + JITTER * jitter.clamp(-1.0, 1.0));
        Some(match retry_after {
            Some(wanted) => jittered.max(wanted.min(MAX_RETRY_AFTER)),
            None => jittered,
        })
    }
}

/// What to do after one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A 2xx: done.
    Delivered,
    /// 410 Gone: the receiver wants no more; disable the endpoint.
    Gone,
    /// Try again after this long.
    RetryIn(Duration),
    /// That was the last try.
    GiveUp,
}

/// Decides from the answer (`None`: no answer — timeout, refused connection, policy).
pub fn decide(
    status: Option<u16>,
    retry_after: Option<Duration>,
    attempts_made: usize,
    schedule: &RetrySchedule,
    jitter: f64,
) -> Decision {
    match status {
        Some(s) if (200..300).contains(&s) => Decision::Delivered,
        Some(410) => Decision::Gone,
        _ => {
            let honoured = matches!(status, Some(429 | 503))
                .then_some(retry_after)
                .flatten();
            match schedule.delay_after(attempts_made, honoured, jitter) {
                Some(delay) => Decision::RetryIn(delay),
                None => Decision::GiveUp,
            }
        }
    }
}

/// A `Retry-After` value: delay-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn the_standard_schedule_backs_off_for_about_three_days() {
        let schedule = RetrySchedule::default();
        assert_eq!(schedule.delay_after(1, None, 0.0), Some(secs(5)));
        assert_eq!(schedule.delay_after(2, None, 0.0), Some(secs(300)));
        assert_eq!(schedule.delay_after(6, None, 0.0), Some(secs(36000)));
        let total: Duration = (1..schedule.max_attempts())
            .map(|n| schedule.delay_after(n, None, 0.0).unwrap())
            .sum();
        assert!(
            total > secs(2 * 86400) && total <= secs(3 * 86400),
            "{total:?}"
        );
        assert_eq!(
            schedule.delay_after(schedule.max_attempts(), None, 0.0),
            None
        );
    }

    #[test]
    fn jitter_stays_within_ten_percent() {
        let schedule = RetrySchedule::default();
        assert_eq!(schedule.delay_after(2, None, 1.0), Some(secs(330)));
        assert_eq!(schedule.delay_after(2, None, -1.0), Some(secs(270)));
        assert_eq!(schedule.delay_after(2, None, 7.0), Some(secs(330)));
    }

    #[test]
    fn a_test_schedule_replaces_the_standard_one() {
        let schedule = RetrySchedule::parse("1, 1,2").unwrap();
        assert_eq!(schedule.max_attempts(), 4);
        assert_eq!(schedule.delay_after(3, None, 0.0), Some(secs(2)));
        assert_eq!(schedule.delay_after(4, None, 0.0), None);
        assert!(RetrySchedule::parse("").is_err());
        assert!(RetrySchedule::parse("1,soon").is_err());
        assert!(RetrySchedule::parse("-1").is_err());
    }

    #[test]
    fn answers_decide_what_happens_next() {
        let s = RetrySchedule::parse("1,1,2").unwrap();
        assert_eq!(decide(Some(200), None, 1, &s, 0.0), Decision::Delivered);
        assert_eq!(decide(Some(204), None, 4, &s, 0.0), Decision::Delivered);
        assert_eq!(decide(Some(410), None, 1, &s, 0.0), Decision::Gone);
        assert_eq!(
            decide(Some(500), None, 1, &s, 0.0),
            Decision::RetryIn(secs(1))
        );
        assert_eq!(decide(None, None, 3, &s, 0.0), Decision::RetryIn(secs(2)));
        assert_eq!(decide(Some(500), None, 4, &s, 0.0), Decision::GiveUp);
        // Redirects are not followed, so they count as failures.
        assert_eq!(
            decide(Some(301), None, 1, &s, 0.0),
            Decision::RetryIn(secs(1))
        );
    }

    #[test]
    fn retry_after_is_honoured_on_429_and_503_only() {
        let s = RetrySchedule::parse("1,1,2").unwrap();
        let later = Some(secs(3));
        assert_eq!(
            decide(Some(429), later, 1, &s, 0.0),
            Decision::RetryIn(secs(3))
        );
        assert_eq!(
            decide(Some(503), later, 1, &s, 0.0),
            Decision::RetryIn(secs(3))
        );
        assert_eq!(
            decide(Some(500), later, 1, &s, 0.0),
            Decision::RetryIn(secs(1))
        );
        // A shorter Retry-After does not make the schedule hurry.
        let standard = RetrySchedule::default();
        assert_eq!(
            decide(Some(429), Some(secs(1)), 2, &standard, 0.0),
            Decision::RetryIn(secs(300))
        );
        // Nor can a receiver park a delivery for longer than a day.
        assert_eq!(
            decide(Some(503), Some(secs(10 * 86400)), 1, &s, 0.0),
            Decision::RetryIn(secs(86400))
        );
        assert_eq!(decide(Some(429), later, 4, &s, 0.0), Decision::GiveUp);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_retry_after("120", now), Some(secs(120)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:29:00 GMT", now),
            Some(secs(60))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
