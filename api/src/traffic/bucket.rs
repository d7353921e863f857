//! Token buckets, one per caller (an API key's hash, a client address): each holds up to
//! `burst` requests and refills at `per_minute`; a request takes one token or is told how
//! long until there is one.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How fast a caller's bucket refills and how many requests it holds; `per_minute` 0 is
/// no limit at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_minute: u32,
    pub burst: u32,
}

impl Rate {
    pub fn is_off(self) -> bool {
        self.per_minute == 0
    }

    /// At least one, so a burst of 0 still lets one request through a minute.
    fn capacity(self) -> f64 {
        f64::from(self.burst.max(1))
    }

    fn tokens_per_second(self) -> f64 {
        f64::from(self.per_minute) / 60.0
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn refill(&mut self, rate: Rate, now: Instant) {
        let gained =
            now.saturating_duration_since(self.at).as_secs_f64() * rate.tokens_per_second();
        self.tokens = (self.tokens + gained).min(rate.capacity());
        self.at = now;
    }

    /// How long until the bucket holds one whole token.
    fn wait(&self, rate: Rate) -> Duration {
        Duration::from_secs_f64((1.0 - self.tokens).max(0.0) / rate.tokens_per_second())
    }
}

/// Past this many callers, buckets that have filled up again are dropped (a full bucket
/// is the same as none), so memory follows recent callers, not every caller ever seen.
const SWEEP_ABOVE: usize = 10_000;

/// One bucket per caller, all at the same rate.
pub struct Buckets<K> {
    rate: Rate,
    buckets: Mutex<HashMap<K, Bucket>>,
}

impl<K: Hash + Eq + Clone> Buckets<K> {
    pub fn new(rate: Rate) -> Buckets<K> {
        Buckets {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn rate(&self) -> Rate {
        self.rate
    }

    /// Takes a token from `who`'s bucket, or answers how long until one is there.
    pub fn take(&self, who: &K, now: Instant) -> Result<(), Duration> {
        self.with_bucket(who, now, |bucket, rate| {
            if bucket.tokens >= 1.0 {
                bucket.tokens -= 1.0;
                Ok(())
            } else {
                Err(bucket.wait(rate))
            }
        })
    }

    /// Whether `who` has a token left, without taking it; if not, how long until one is.
    pub fn check(&self, who: &K, now: Instant) -> Result<(), Duration> {
        self.with_bucket(who, now, |bucket, rate| {
            if bucket.tokens >= 1.0 {
                Ok(())
            } else {
                Err(bucket.wait(rate))
            }
        })
    }

    fn with_bucket(
        &self,
        who: &K,
        now: Instant,
        act: impl FnOnce(&mut Bucket, Rate) -> Result<(), Duration>,
    ) -> Result<(), Duration> {
        let rate = self.rate;
        if rate.is_off() {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > SWEEP_ABOVE && !buckets.contains_key(who) {
            buckets.retain(|_, b| {
                b.refill(rate, now);
                b.tokens < rate.capacity()
            });
        }
        let bucket = buckets.entry(who.clone()).or_insert(Bucket {
            tokens: rate.capacity(),
            at: now,
        });
        bucket.refill(rate, now);
        act(bucket, rate)
    }
}

/// Whole seconds to wait, rounded up and at least one: what `Retry-After` says.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(per_minute: u32, burst: u32) -> Rate {
        Rate { per_minute, burst }
    }

    #[test]
    fn a_burst_is_allowed_then_refused_until_a_token_refills() {
        let buckets = Buckets::new(rate(60, 3));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(buckets.take(&"a", t0), Ok(()));
        }
        let wait = buckets.take(&"a", t0).unwrap_err();
        assert_eq!(retry_after_seconds(wait), 1);
        assert!(buckets.take(&"a", t0 + Duration::from_millis(500)).is_err());
        assert_eq!(buckets.take(&"a", t0 + Duration::from_secs(1)), Ok(()));
    }

    #[test]
    fn one_callers_exhaustion_does_not_limit_another() {
        let buckets = Buckets::new(rate(1, 1));
        let t0 = Instant::now();
        assert!(buckets.take(&"a", t0).is_ok());
        assert!(buckets.take(&"a", t0).is_err());
        assert!(buckets.take(&"b", t0).is_ok());
    }

    #[test]
    fn the_wait_is_until_the_next_whole_token() {
        let buckets = Buckets::new(rate(6, 1));
        let t0 = Instant::now();
        buckets.take(&"a", t0).unwrap();
        let wait = buckets.take(&"a", t0 + Duration::from_secs(4)).unwrap_err();
        assert_eq!(retry_after_seconds(wait), 6);
    }

    #[test]
    fn check_takes_nothing_and_off_never_refuses() {
        let buckets = Buckets::new(rate(60, 1));
        let t0 = Instant::now();
        assert!(buckets.check(&"a", t0).is_ok());
        assert!(buckets.check(&"a", t0).is_ok());
        buckets.take(&"a", t0).unwrap();
        assert!(buckets.check(&"a", t0).is_err());
        let off = Buckets::new(rate(0, 0));
        for _ in 0..1000 {
            assert!(off.take(&"a", t0).is_ok());
        }
    }

    #[test]
    fn full_buckets_are_swept_when_there_are_many() {
        let buckets = Buckets::new(rate(60, 1));
        let t0 = Instant::now();
        for n in 0..=SWEEP_ABOVE {
            buckets.take(&n, t0).unwrap();
        }
        buckets
            .take(&usize::MAX, t0 + Duration::from_secs(2))
            .unwrap();
        assert_eq!(buckets.buckets.lock().unwrap().len(), 1);
    }
}
