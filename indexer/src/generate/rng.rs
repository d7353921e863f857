//! The generator's random numbers: SplitMix64, written out here rather than taken from a
//! crate, so that a seed gives the same stream on every machine and with every version of
//! every dependency (`rand`'s generators and its sampling methods are allowed to change
//! between releases; these few lines never will). Only integer arithmetic: no float
//! rounding that could differ between platforms.

/// SplitMix64 (Steele, Lea and Flood, 2014; the constants of Java's `SplittableRandom`).
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// The SplitMix64 output function: a well-mixed 64 bits of any 64 bits.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// A number in `0..n` (`n` > 0), without modulo bias (Lemire's multiply-shift, with
    /// rejection).
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let threshold = n.wrapping_neg() % n;
        loop {
            let product = u128::from(self.next_u64()) * u128::from(n);
            if (product as u64) >= threshold {
                return (product >> 64) as u64;
            }
        }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    /// True with probability `percent` in 100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A float in `[0, 1)` from 53 random bits (exact: no rounding involved).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One item of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// One item of a non-empty slice of `(weight, item)`, by weight.
    pub fn weighted<'a, T>(&mut self, items: &'a [(u32, T)]) -> &'a T {
        let total: u64 = items.iter().map(|(w, _)| u64::from(*w)).sum();
        let mut at = self.below(total);
        for (w, item) in items {
            let w = u64::from(*w);
            if at < w {
                return item;
            }
            at -= w;
        }
        &items[items.len() - 1].1
    }
}

/// A UUID-shaped id (RFC 9562 version 8, "custom") made of the run's seed, what it
/// names and its number, so that ids are fresh for every seed and the same on every run.
pub fn id(seed: u64, kind: &str, number: u64) -> String {
    let kind_hash = kind.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let high = mix(seed ^ mix(kind_hash ^ mix(number)));
    let low = mix(high ^ GOLDEN_GAMMA);
    let mut bits = (u128::from(high) << 64) | u128::from(low);
    bits = (bits & !(0xf << 76)) | (0x8 << 76); // version 8
    bits = (bits & !(0b11 << 62)) | (0b10 << 62); // the RFC variant
    uuid::Uuid::from_u128(bits).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_splitmix64() {
        // The reference values of SplitMix64 seeded with 1234567.
        let mut r = Rng::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn ids_are_uuids_of_version_8_and_differ_by_seed_kind_and_number() {
        let a = id(1, "service", 0);
        let parsed = uuid::Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 8);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(a, id(1, "service", 0));
        assert_ne!(a, id(2, "service", 0));
        assert_ne!(a, id(1, "location", 0));
        assert_ne!(a, id(1, "service", 1));
    }
}
