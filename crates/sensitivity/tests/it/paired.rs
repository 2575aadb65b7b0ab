use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sensitivity::{PairedAccumulator, student_t_quantile};

use crate::normal;

fn rel_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn streaming_matches_two_pass() {
    let mut rng = ChaCha8Rng::seed_from_u64(21);
    // Large offset to expose cancellation in naive formulas.
    let pairs: Vec<(f64, f64)> = (0..5000)
        .map(|_| {
            let common = normal(&mut rng);
            let x = 1e6 + 3.0 * common + normal(&mut rng);
            let y = 1e6 + 0.2 + 3.0 * common + normal(&mut rng);
            (x, y)
        })
        .collect();
    let mut acc = PairedAccumulator::new();
    for &(x, y) in &pairs {
        acc.push(x, y);
    }
    let s = acc.summary();

    let n = pairs.len() as f64;
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let vx = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum::<f64>() / (n - 1.0);
    let vy = pairs.iter().map(|p| (p.1 - my).powi(2)).sum::<f64>() / (n - 1.0);
    let cxy = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>() / (n - 1.0);
    let diffs: Vec<f64> = pairs.iter().map(|p| p.1 - p.0).collect();
    let md = diffs.iter().sum::<f64>() / n;
    let vd = diffs.iter().map(|d| (d - md).powi(2)).sum::<f64>() / (n - 1.0);

    assert!(rel_close(s.mean_baseline, mx, 1e-12));
    assert!(rel_close(s.mean_alternative, my, 1e-12));
    assert!(rel_close(s.sd_baseline.powi(2), vx, 1e-9));
    assert!(rel_close(s.sd_alternative.powi(2), vy, 1e-9));
    assert!(rel_close(acc.covariance(), cxy, 1e-9));
    assert!((s.mean_difference - md).abs() < 1e-8);
    assert!(rel_close(s.sd_difference.powi(2), vd, 1e-6));
    let half = student_t_quantile(0.975, n - 1.0) * (vd / n).sqrt();
    assert!((s.ci.low - (md - half)).abs() < 1e-8 && (s.ci.high - (md + half)).abs() < 1e-8);
    assert!(rel_close(s.variance_reduction, (vx + vy) / vd, 1e-6));
    // Strong common component: pairing must help a lot (expected ≈ 10).
    assert!(s.variance_reduction > 7.0, "{s:?}");
    assert!(s.ci.contains(0.2), "{s:?}");

    // Merging chunked accumulators gives the same answer.
    let mut parts: Vec<PairedAccumulator> = pairs
        .chunks(777)
        .map(|c| {
            let mut a = PairedAccumulator::new();
            c.iter().for_each(|&(x, y)| a.push(x, y));
            a
        })
        .collect();
    let mut merged = parts.remove(0);
    parts.iter().for_each(|p| merged.merge(p));
    let m = merged.summary();
    assert_eq!(m.runs, s.runs);
    assert!(rel_close(m.mean_difference, s.mean_difference, 1e-6));
    assert!(rel_close(m.sd_difference, s.sd_difference, 1e-6));
    assert!(rel_close(m.variance_reduction, s.variance_reduction, 1e-6));
}

#[test]
fn binary_outcomes_use_the_same_machinery() {
    // Baseline event with p = 0.30; the alternative removes the event in a
    // fixed fraction of the same runs (common random numbers), p = 0.20.
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let mut acc = PairedAccumulator::new();
    for _ in 0..4000 {
        let u: f64 = rng.random();
        acc.push_bool(u < 0.30, u < 0.20);
    }
    let s = acc.summary();
    assert!(s.ci.contains(-0.10), "{s:?}");
    // Independent runs: Var = (0.21 + 0.16)/R; paired: Var(d) = 0.1·0.9 = 0.09.
    let expected = (0.3 * 0.7 + 0.2 * 0.8) / (0.1 * 0.9);
    assert!((s.variance_reduction - expected).abs() < 0.3, "{s:?}");
    // Differences are -1 or 0 only: the two-pass value of s_d² is p̂(1-p̂)·R/(R-1).
    let p = -s.mean_difference;
    assert!((s.sd_difference.powi(2) - p * (1.0 - p) * 4000.0 / 3999.0).abs() < 1e-10);
}

#[test]
fn degenerate_cases_do_not_panic() {
    let mut acc = PairedAccumulator::new();
    let s = acc.summary();
    assert_eq!(s.runs, 0);
    acc.push(1.0, 2.0);
    assert!(acc.summary().ci.low.is_nan());
    acc.push(2.0, 3.0);
    let s = acc.summary();
    assert_eq!(s.mean_difference, 1.0);
    assert_eq!(s.sd_difference, 0.0);
    assert!(s.variance_reduction.is_infinite());
}
