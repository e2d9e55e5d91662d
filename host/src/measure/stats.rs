//! Medians, spreads and the intervals of medians: the statistics the
//! tables quote, because the machines are shared and noisy (a median
//! shrugs off a stray slow run, and its interval says how far to trust it).

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

    /// "12.3 (11.9–13.0)": median and min–max.
    pub fn show(&self, decimals: usize) -> String {
        format!("{:.d$} ({:.d$}–{:.d$})", self.median, self.min, self.max, d = decimals)
    }
}

/// How sure an interval is meant to be.
pub const CONFIDENCE: f64 = 0.95;

/// A median with its distribution-free confidence interval: the order
/// statistics x(l) and x(n+1-l) bracket the true median with probability
/// 1 - 2·P(B < l), B ~ Binomial(n, 1/2), whatever the samples' distribution.
/// With too few samples for 95% it is the whole range, at the coverage that has.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub median: f64,
    pub lo: f64,
    pub hi: f64,
    /// How many samples (rounds) it comes from.
    pub n: usize,
    /// The chance the interval holds the true median (0.95, or less when n < 6).
    pub coverage: f64,
}

impl Interval {
    /// Panics on no samples.
    pub fn of(samples: &[f64]) -> Interval {
        assert!(!samples.is_empty(), "Interval::of needs samples");
        let mut x = samples.to_vec();
        x.sort_by(|a, b| a.total_cmp(b));
        let n = x.len();
        let median = if n % 2 == 1 { x[n / 2] } else { (x[n / 2 - 1] + x[n / 2]) / 2.0 };
        // The largest l (1-based) with 2·P(B < l) ≤ 1 - CONFIDENCE; at least 1.
        let tail = (1.0 - CONFIDENCE) / 2.0;
        let mut l = 1;
        while l < n.div_ceil(2) && binomial_half_cdf(n, l + 1) <= tail {
            l += 1;
        }
        let coverage = 1.0 - 2.0 * binomial_half_cdf(n, l);
        Interval { median, lo: x[l - 1], hi: x[n - l], n, coverage }
    }

    /// Whether the two intervals share any value: if so, the difference
    /// between their medians is within the noise of this run.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// "1.38 [1.31–1.45]".
    pub fn show(&self, decimals: usize) -> String {
        format!("{:.d$} [{:.d$}–{:.d$}]", self.median, self.lo, self.hi, d = decimals)
    }
}

/// P(B ≤ k - 1) = P(B < k) for B ~ Binomial(n, 1/2).
fn binomial_half_cdf(n: usize, k: usize) -> f64 {
    let mut term = 0.5f64.powi(n as i32); // P(B = 0)
    let mut sum = 0.0;
    for i in 0..k {
        sum += term;
        term *= (n - i) as f64 / (i + 1) as f64;
    }
    sum
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
    fn the_interval_of_a_median_is_two_order_statistics() {
        // n = 15: P(B ≤ 3) = 0.0176 ≤ 0.025 < P(B ≤ 4), so x(4) and x(12).
        let x: Vec<f64> = (1..=15).rev().map(f64::from).collect();
        let i = Interval::of(&x);
        assert_eq!((i.median, i.lo, i.hi, i.n), (8.0, 4.0, 12.0, 15));
        assert!((i.coverage - 0.9648).abs() < 1e-3, "{}", i.coverage);
        // Too few for 95%: the whole range, at the coverage it has (1 - 2/32).
        let five = Interval::of(&[3.0, 1.0, 2.0, 5.0, 4.0]);
        assert_eq!((five.lo, five.hi, five.coverage), (1.0, 5.0, 0.9375));
        assert_eq!(Interval::of(&[2.0]).show(1), "2.0 [2.0–2.0]");
        assert!(five.overlaps(&Interval::of(&[5.0, 6.0])) && !five.overlaps(&Interval::of(&[5.5, 6.0])));
    }
}
