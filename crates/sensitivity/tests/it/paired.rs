use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sensitivity::PairedAccumulator;

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
    // t(0.975, 4999) from the incomplete beta function, not the crate's quantile.
    let half = 1.960_438_647 * (vd / n).sqrt();
    assert!((s.ci.low - (md - half)).abs() < 1e-8 && (s.ci.high - (md + half)).abs() < 1e-8);
    assert!(rel_close(s.variance_reduction, (vx + vy) / vd, 1e-6));
    // d = 0.2 + e₂ − e₁ has sd √2, so the mean difference has SE √(2/5000) = 0.02;
    // 4.5 SE: a false failure has probability 6.8e-6.
    assert!((s.mean_difference - 0.2).abs() < 4.5 * 0.02, "{s:?}");
    // Var x = Var y = 10, Cov = 9, Var d = 2: the reduction (vx + vy)/vd is 10. For
    // normal data Var(s²ₐ) = 2σₐ⁴/n and Cov(s²ₐ, s²ᵦ) = 2σₐᵦ²/n, so the delta method
    // gives a relative variance (1.81 + 2 − 0.2)/n for the ratio: SE ≈ 0.27 at n = 5000.
    // 4.5 SE (false failure 6.8e-6); no pairing at all would give 1.
    assert!((s.variance_reduction - 10.0).abs() < 4.5 * 0.27, "{s:?}");

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
    // d = −1 with probability 0.1: SE of its mean √(0.09/4000) ≈ 0.0047; 4.5 SE
    // (two-sided false failure 6.8e-6).
    assert!((s.mean_difference + 0.10).abs() < 4.5 * (0.09f64 / 4000.0).sqrt(), "{s:?}");
    // Independent runs: Var = (0.21 + 0.16)/R; paired: Var(d) = 0.1·0.9 = 0.09.
    let expected = (0.3 * 0.7 + 0.2 * 0.8) / (0.1 * 0.9);
    // The delta method over the multinomial cells u < 0.2, 0.2 ≤ u < 0.3 gives the
    // estimated ratio an SE of 0.178 at R = 4000; 4.5 SE (false failure 6.8e-6).
    assert!((s.variance_reduction - expected).abs() < 4.5 * 0.178, "{s:?}");
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
