//! What the benchmark reads off a run: latency percentiles, memory from `/proc`, and
//! sizes on disk.

use std::path::Path;
use std::time::Duration;

/// Percentiles of a set of latencies, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Latency {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
    pub count: usize,
}

impl Latency {
    pub fn of(samples: &[Duration]) -> Latency {
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        // Nearest rank: the smallest sample at or above the fraction.
        let at = |fraction: f64| match ms.len() {
            0 => 0.0,
            n => ms[((fraction * n as f64).ceil() as usize).clamp(1, n) - 1],
        };
        Latency {
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: ms.last().copied().unwrap_or(0.0),
            count: ms.len(),
        }
    }
}

impl std::fmt::Display for Latency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "p50 {:.2} / p95 {:.2} / p99 {:.2} / max {:.2} ms ({} samples)",
            self.p50, self.p95, self.p99, self.max, self.count
        )
    }
}

/// A field of `/proc/<pid>/status` in bytes (`VmRSS`, `VmHWM`); `None` off Linux.
pub fn proc_memory(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Bytes of every file under `path` (or of the file itself).
pub fn size_on_disk(path: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if meta.is_file() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| size_on_disk(&e.path())).sum())
        .unwrap_or(0)
}

pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let l = Latency::of(&samples);
        assert_eq!((l.p50, l.p95, l.p99, l.max), (50.0, 95.0, 99.0, 100.0));
        assert_eq!(Latency::of(&[]).p99, 0.0);
    }

    #[test]
    fn this_process_has_memory() {
        assert!(proc_memory(std::process::id(), "VmRSS").unwrap() > 0);
    }
}
