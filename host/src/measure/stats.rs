//! Medians and spreads: the only statistics the tables quote, because the
//! machines are shared and noisy (a median shrugs off a stray slow run).

use serde::Serialize;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Stats {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub samples: usize,
}

impl Stats {
    /// Panics on no samples: every caller takes at least one.
    pub fn of(mut samples: Vec<f64>) -> Stats {
        assert!(!samples.is_empty(), "Stats::of needs samples");
        samples.sort_by(|a, b| a.total_cmp(b));
        let n = samples.len();
        let median = if n % 2 == 1 { samples[n / 2] } else { (samples[n / 2 - 1] + samples[n / 2]) / 2.0 };
        Stats { median, min: samples[0], max: samples[n - 1], samples: n }
    }

    /// One figure from several passes of the same measurement: the median of
    /// their medians (a pass the machine slowed down for is outvoted), the
    /// overall min and max, every sample counted. Panics on no parts.
    pub fn pool(parts: &[Stats]) -> Stats {
        let mut pooled = Stats::of(parts.iter().map(|s| s.median).collect());
        pooled.min = parts.iter().map(|s| s.min).fold(f64::INFINITY, f64::min);
        pooled.max = parts.iter().map(|s| s.max).fold(f64::NEG_INFINITY, f64::max);
        pooled.samples = parts.iter().map(|s| s.samples).sum();
        pooled
    }

    /// "12.3 (11.9–13.0)": median and min–max.
    pub fn show(&self, decimals: usize) -> String {
        format!("{:.d$} ({:.d$}–{:.d$})", self.median, self.min, self.max, d = decimals)
    }
}

/// Run `f` once, returning its result and how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let s = Stats::of(vec![5.0, 1.0, 3.0]);
        assert_eq!((s.median, s.min, s.max, s.samples), (3.0, 1.0, 5.0, 3));
        assert_eq!(Stats::of(vec![4.0, 1.0, 2.0, 3.0]).median, 2.5);
        assert_eq!(Stats::of(vec![1.0, 2.0]).show(1), "1.5 (1.0–2.0)");
    }

    #[test]
    fn pooled_passes_take_the_median_of_medians_and_the_whole_spread() {
        let passes =
            [Stats::of(vec![10.0, 11.0, 12.0]), Stats::of(vec![19.0, 20.0, 30.0]), Stats::of(vec![9.0, 10.5, 11.0])];
        let s = Stats::pool(&passes);
        assert_eq!((s.median, s.min, s.max, s.samples), (11.0, 9.0, 30.0, 9));
    }
}
