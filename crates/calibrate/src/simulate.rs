//! Exact simulation of the exponential Hawkes process (for tests and
//! benchmarks) and a helper to break ties in day-stamped data.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::Exp1;

/// Simulate event times on `[0, horizon]` of the Hawkes process with
/// background rate `mu`, branching ratio `branching` and decay `beta`
/// (intensity `μ + nβ Σ e^{−β(t − t_k)}`), starting empty at time 0 — the
/// same conditioning as the likelihood in [`crate::fit_hawkes`].
///
/// Uses Ogata's thinning: between events the intensity only decays, so its
/// value just after the current time bounds it until the next event. The
/// result is exact (no discretisation) and reproducible for a given `seed`
/// (`ChaCha8Rng::seed_from_u64`).
///
/// # Panics
///
/// If `mu` or `beta` is not positive and finite, `branching` is not in
/// `[0, 1)`, or `horizon` is negative or not finite.
pub fn simulate_hawkes(mu: f64, branching: f64, beta: f64, horizon: f64, seed: u64) -> Vec<f64> {
    assert!(mu.is_finite() && mu > 0.0, "mu must be positive");
    assert!(
        (0.0..1.0).contains(&branching),
        "branching must be in [0, 1)"
    );
    assert!(beta.is_finite() && beta > 0.0, "beta must be positive");
    assert!(
        horizon.is_finite() && horizon >= 0.0,
        "horizon must be >= 0"
    );
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let alpha = branching * beta;
    let expected = mu * horizon / (1.0 - branching);
    let mut times = Vec::with_capacity((expected * 1.1) as usize + 16);
    let mut t = 0.0;
    // Σ_k e^{−β(t − t_k)} at the current time.
    let mut excitation = 0.0f64;
    loop {
        let bound = mu + alpha * excitation;
        let wait: f64 = rng.sample::<f64, _>(Exp1) / bound;
        t += wait;
        if t > horizon {
            break;
        }
        excitation *= (-beta * wait).exp();
        let u: f64 = rng.random();
        if u * bound <= mu + alpha * excitation {
            times.push(t);
            excitation += 1.0;
        }
    }
    times
}

/// Spread events that share a day stamp uniformly over that day: each time
/// `t` becomes `floor(t) + U` with `U ~ U(0, 1)`, and the result is sorted.
/// This removes ties (which the continuous-time model treats as zero gaps)
/// before fitting day-resolution data. Times already carrying a fractional
/// part keep only their day. Reproducible for a given `seed`.
pub fn spread_within_day(times: &[f64], seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out: Vec<f64> = times
        .iter()
        .map(|&t| t.floor() + rng.random::<f64>())
        .collect();
    out.sort_by(f64::total_cmp);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_path_and_sorted_output() {
        let a = simulate_hawkes(0.35, 0.45, 1.0 / 14.0, 1000.0, 9);
        let b = simulate_hawkes(0.35, 0.45, 1.0 / 14.0, 1000.0, 9);
        let c = simulate_hawkes(0.35, 0.45, 1.0 / 14.0, 1000.0, 10);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.windows(2).all(|w| w[0] <= w[1]));
        assert!(a.iter().all(|&t| (0.0..=1000.0).contains(&t)));
    }

    #[test]
    fn event_count_matches_theory() {
        // Starting empty, E N(T) = μT/(1−n) − μ n/(β(1−n)²)(1 − e^{−β(1−n)T}).
        // With Var N(T) ≈ μT/(1−n)³, each count has sd ≈ 103 at T = 5000 and the
        // mean of 30 counts has sd ≈ 19; allow 4 sd.
        let (mu, n, beta, t) = (0.35f64, 0.45f64, 1.0 / 14.0, 5000.0f64);
        let expected = mu * t / (1.0 - n)
            - mu * n / (beta * (1.0 - n).powi(2)) * (1.0 - (-beta * (1.0 - n) * t).exp());
        let runs = 30;
        let mean = (0..runs)
            .map(|s| simulate_hawkes(mu, n, beta, t, 500 + s).len() as f64)
            .sum::<f64>()
            / runs as f64;
        let sd_mean = (mu * t / (1.0 - n).powi(3)).sqrt() / (runs as f64).sqrt();
        assert!(
            (mean - expected).abs() < 4.0 * sd_mean,
            "{mean} vs {expected}"
        );
    }

    #[test]
    fn spreading_keeps_days_and_breaks_ties() {
        let days = [0.0, 3.0, 3.0, 3.0, 7.0];
        let spread = spread_within_day(&days, 1);
        assert_eq!(spread.len(), days.len());
        let mut floors: Vec<f64> = spread.iter().map(|t| t.floor()).collect();
        floors.sort_by(f64::total_cmp);
        assert_eq!(floors, days);
        assert!(spread.windows(2).all(|w| w[0] < w[1]));
    }
}
