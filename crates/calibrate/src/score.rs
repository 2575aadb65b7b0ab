//! Proper scores for probability and ensemble forecasts, skill scores,
//! reliability tables and the Murphy decomposition of the Brier score.
//!
//! Every score here is negatively oriented (smaller is better), so
//! [`skill_score`] applies to all of them.

use serde::{Deserialize, Serialize};

use crate::error::ScoreError;

/// Probabilities are clipped to `[LOG_SCORE_CLIP, 1 − LOG_SCORE_CLIP]` in
/// [`log_score`], so a confident miss costs at most `−ln(1e−4) ≈ 9.21`
/// nats instead of infinity.
pub const LOG_SCORE_CLIP: f64 = 1e-4;

fn check_probabilities(probs: &[f64], outcomes: &[bool]) -> Result<(), ScoreError> {
    if probs.len() != outcomes.len() {
        return Err(ScoreError::LengthMismatch {
            forecasts: probs.len(),
            outcomes: outcomes.len(),
        });
    }
    if probs.is_empty() {
        return Err(ScoreError::Empty);
    }
    if let Some((index, &value)) = probs
        .iter()
        .enumerate()
        .find(|(_, p)| !(p.is_finite() && (0.0..=1.0).contains(*p)))
    {
        return Err(ScoreError::InvalidProbability { index, value });
    }
    Ok(())
}

/// Brier score `(1/N) Σ (f_i − o_i)²` of probability forecasts `probs` for
/// binary outcomes.
pub fn brier(probs: &[f64], outcomes: &[bool]) -> Result<f64, ScoreError> {
    check_probabilities(probs, outcomes)?;
    let total: f64 = probs
        .iter()
        .zip(outcomes)
        .map(|(&f, &o)| (f - f64::from(u8::from(o))).powi(2))
        .sum();
    Ok(total / probs.len() as f64)
}

/// Mean logarithmic (ignorance) score `−(1/N) Σ ln p_i(o_i)` in nats, where
/// `p_i(o_i)` is the probability the forecast gave to what happened, after
/// clipping to `[LOG_SCORE_CLIP, 1 − LOG_SCORE_CLIP]`.
pub fn log_score(probs: &[f64], outcomes: &[bool]) -> Result<f64, ScoreError> {
    check_probabilities(probs, outcomes)?;
    let total: f64 = probs
        .iter()
        .zip(outcomes)
        .map(|(&f, &o)| {
            let p = f.clamp(LOG_SCORE_CLIP, 1.0 - LOG_SCORE_CLIP);
            -(if o { p } else { 1.0 - p }).ln()
        })
        .sum();
    Ok(total / probs.len() as f64)
}

/// CRPS of an ensemble forecast `members` for the observation `y`, using the
/// empirical distribution of the members:
///
/// ```text
/// CRPS = E|X − y| − ½ E|X − X'| = (1/m) Σ |x_i − y| − (1/m²) Σ_i (2i − m − 1) x_(i)
/// ```
///
/// where `x_(1) ≤ … ≤ x_(m)` are the sorted members; O(m log m). (The
/// pair sum runs over all m² ordered pairs, so this is the CRPS of the
/// ensemble's empirical CDF, not the "fair" m(m−1) version.)
pub fn crps_ensemble(members: &[f64], y: f64) -> Result<f64, ScoreError> {
    if members.is_empty() {
        return Err(ScoreError::Empty);
    }
    if !y.is_finite() || members.iter().any(|x| !x.is_finite()) {
        return Err(ScoreError::NonFinite);
    }
    let mut x = members.to_vec();
    x.sort_by(f64::total_cmp);
    let m = x.len() as f64;
    let abs_err = x.iter().map(|v| (v - y).abs()).sum::<f64>() / m;
    let spread = x
        .iter()
        .enumerate()
        .map(|(i, v)| (2.0 * (i as f64 + 1.0) - m - 1.0) * v)
        .sum::<f64>()
        / (m * m);
    Ok(abs_err - spread)
}

/// Mean [`crps_ensemble`] over several forecast/observation pairs.
pub fn mean_crps(ensembles: &[Vec<f64>], observations: &[f64]) -> Result<f64, ScoreError> {
    if ensembles.len() != observations.len() {
        return Err(ScoreError::LengthMismatch {
            forecasts: ensembles.len(),
            outcomes: observations.len(),
        });
    }
    if ensembles.is_empty() {
        return Err(ScoreError::Empty);
    }
    let mut total = 0.0;
    for (e, &y) in ensembles.iter().zip(observations) {
        total += crps_ensemble(e, y)?;
    }
    Ok(total / ensembles.len() as f64)
}

/// Skill of a score relative to a reference (baseline) score,
/// `1 − S/S_ref`, for negatively oriented scores: 1 is perfect, 0 no better
/// than the baseline, negative worse. `None` when `S_ref` is 0 or either
/// input is not finite.
pub fn skill_score(score: f64, reference: f64) -> Option<f64> {
    if reference == 0.0 || !score.is_finite() || !reference.is_finite() {
        None
    } else {
        Some(1.0 - score / reference)
    }
}

/// One bin of a reliability table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    /// Lower edge of the forecast-probability bin (inclusive).
    pub lower: f64,
    /// Upper edge (exclusive, except 1.0 in the last bin).
    pub upper: f64,
    /// Forecasts falling in the bin.
    pub count: usize,
    /// Mean forecast probability in the bin; `None` if empty.
    pub mean_forecast: Option<f64>,
    /// Observed frequency of the outcome in the bin; `None` if empty.
    pub observed_frequency: Option<f64>,
}

/// Reliability table with `n_bins` equal-width bins on `[0, 1]`. Every bin is
/// returned, empty ones with `count == 0`. A well-calibrated forecast has
/// `observed_frequency ≈ mean_forecast` in every populated bin.
pub fn reliability_table(
    probs: &[f64],
    outcomes: &[bool],
    n_bins: usize,
) -> Result<Vec<ReliabilityBin>, ScoreError> {
    if n_bins == 0 {
        return Err(ScoreError::NoBins);
    }
    check_probabilities(probs, outcomes)?;
    let mut sum_f = vec![0.0; n_bins];
    let mut sum_o = vec![0.0; n_bins];
    let mut count = vec![0usize; n_bins];
    for (&f, &o) in probs.iter().zip(outcomes) {
        let k = ((f * n_bins as f64) as usize).min(n_bins - 1);
        sum_f[k] += f;
        sum_o[k] += f64::from(u8::from(o));
        count[k] += 1;
    }
    Ok((0..n_bins)
        .map(|k| {
            let c = count[k] as f64;
            ReliabilityBin {
                lower: k as f64 / n_bins as f64,
                upper: (k + 1) as f64 / n_bins as f64,
                count: count[k],
                mean_forecast: (count[k] > 0).then(|| sum_f[k] / c),
                observed_frequency: (count[k] > 0).then(|| sum_o[k] / c),
            }
        })
        .collect())
}

/// Murphy decomposition `BS = reliability − resolution + uncertainty`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BrierDecomposition {
    /// The Brier score itself.
    pub brier: f64,
    /// `(1/N) Σ_k n_k (f_k − ō_k)²`: miscalibration (smaller is better).
    pub reliability: f64,
    /// `(1/N) Σ_k n_k (ō_k − ō)²`: how far conditional frequencies move away
    /// from the base rate (larger is better).
    pub resolution: f64,
    /// `ō (1 − ō)`: variance of the outcome, independent of the forecast.
    pub uncertainty: f64,
}

/// Murphy decomposition of the Brier score, grouping forecasts by their
/// exact value, so the identity `brier = reliability − resolution +
/// uncertainty` holds up to rounding. (Grouping by bins instead would add
/// within-bin terms.)
pub fn brier_decomposition(
    probs: &[f64],
    outcomes: &[bool],
) -> Result<BrierDecomposition, ScoreError> {
    check_probabilities(probs, outcomes)?;
    let n = probs.len() as f64;
    let mut pairs: Vec<(f64, f64)> = probs
        .iter()
        .zip(outcomes)
        .map(|(&f, &o)| (f, f64::from(u8::from(o))))
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let base_rate = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut reliability, mut resolution) = (0.0, 0.0);
    for group in pairs.chunk_by(|a, b| a.0 == b.0) {
        let nk = group.len() as f64;
        let f = group[0].0;
        let ok = group.iter().map(|p| p.1).sum::<f64>() / nk;
        reliability += nk * (f - ok).powi(2);
        resolution += nk * (ok - base_rate).powi(2);
    }
    Ok(BrierDecomposition {
        brier: brier(probs, outcomes)?,
        reliability: reliability / n,
        resolution: resolution / n,
        uncertainty: base_rate * (1.0 - base_rate),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn crps_quadratic(members: &[f64], y: f64) -> f64 {
        let m = members.len() as f64;
        let a = members.iter().map(|x| (x - y).abs()).sum::<f64>() / m;
        let b = members
            .iter()
            .flat_map(|x| members.iter().map(move |z| (x - z).abs()))
            .sum::<f64>()
            / (m * m);
        a - 0.5 * b
    }

    #[test]
    fn brier_and_log_score_by_hand() {
        let f = [0.9, 0.2, 0.5, 0.0];
        let o = [true, false, true, false];
        // (0.01 + 0.04 + 0.25 + 0) / 4
        assert!((brier(&f, &o).unwrap() - 0.075).abs() < 1e-15);
        // −(ln 0.9 + ln 0.8 + ln 0.5 + ln(1 − 1e−4)) / 4
        let want = -(0.9f64.ln() + 0.8f64.ln() + 0.5f64.ln() + (1.0 - LOG_SCORE_CLIP).ln()) / 4.0;
        assert!((log_score(&f, &o).unwrap() - want).abs() < 1e-15);
        // A confident miss is capped by the clip.
        let miss = log_score(&[0.0], &[true]).unwrap();
        assert!((miss - -(LOG_SCORE_CLIP.ln())).abs() < 1e-12);
    }

    #[test]
    fn probability_inputs_are_validated() {
        assert!(matches!(
            brier(&[0.5], &[true, false]),
            Err(ScoreError::LengthMismatch { .. })
        ));
        assert!(matches!(brier(&[], &[]), Err(ScoreError::Empty)));
        assert!(matches!(
            log_score(&[1.5], &[true]),
            Err(ScoreError::InvalidProbability { index: 0, .. })
        ));
        assert!(matches!(
            brier(&[f64::NAN], &[true]),
            Err(ScoreError::InvalidProbability { .. })
        ));
        assert!(matches!(
            reliability_table(&[0.5], &[true], 0),
            Err(ScoreError::NoBins)
        ));
        assert!(matches!(
            crps_ensemble(&[1.0, f64::INFINITY], 0.0),
            Err(ScoreError::NonFinite)
        ));
        assert!(matches!(crps_ensemble(&[], 0.0), Err(ScoreError::Empty)));
    }

    #[test]
    fn crps_of_point_mass_is_absolute_error() {
        assert_eq!(crps_ensemble(&[3.0], 7.0).unwrap(), 4.0);
        assert_eq!(crps_ensemble(&[5.0; 10], 2.0).unwrap(), 3.0);
        assert_eq!(crps_ensemble(&[2.0, 2.0], 2.0).unwrap(), 0.0);
    }

    #[test]
    fn crps_of_a_three_member_ensemble_by_hand() {
        // Members {1, 4, 4}, y = 2: E|X − y| = (1 + 2 + 2)/3 = 5/3; E|X − X'| over the
        // nine ordered pairs = (0 + 3 + 3 + 3 + 0 + 0 + 3 + 0 + 0)/9 = 4/3; so
        // CRPS = 5/3 − ½·4/3 = 1. Gneiting & Raftery (2007), eq. 21.
        assert!((crps_ensemble(&[4.0, 1.0, 4.0], 2.0).unwrap() - 1.0).abs() < 1e-15);
        // y = 10 above every member: E|X − y| = (9 + 6 + 6)/3 = 7, CRPS = 7 − 2/3.
        assert!((crps_ensemble(&[4.0, 1.0, 4.0], 10.0).unwrap() - (7.0 - 2.0 / 3.0)).abs() < 1e-14);
    }

    #[test]
    fn crps_by_hand_two_members() {
        // Members {0, 2}, y = 1: E|X−y| = 1, E|X−X'| = (0+2+2+0)/4 = 1, CRPS = 0.5.
        assert!((crps_ensemble(&[2.0, 0.0], 1.0).unwrap() - 0.5).abs() < 1e-15);
        // Same members, y = 3: E|X−y| = 2, CRPS = 1.5.
        assert!((crps_ensemble(&[0.0, 2.0], 3.0).unwrap() - 1.5).abs() < 1e-15);
    }

    #[test]
    fn crps_sorted_estimator_equals_quadratic_definition() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        for m in [1usize, 2, 3, 10, 57, 200] {
            let members: Vec<f64> = (0..m)
                .map(|_| f64::from(rng.random_range(0u32..20)))
                .collect();
            for y in [0.0, 3.0, 9.5, 40.0] {
                let fast = crps_ensemble(&members, y).unwrap();
                let slow = crps_quadratic(&members, y);
                assert!(
                    (fast - slow).abs() < 1e-10 * slow.abs().max(1.0),
                    "m={m} y={y}"
                );
            }
        }
        let mean = mean_crps(&[vec![3.0], vec![0.0, 2.0]], &[7.0, 1.0]).unwrap();
        assert!((mean - 2.25).abs() < 1e-15);
    }

    #[test]
    fn skill_score_definition() {
        assert_eq!(skill_score(0.05, 0.1), Some(0.5));
        assert_eq!(skill_score(0.1, 0.1), Some(0.0));
        assert_eq!(skill_score(0.2, 0.1), Some(-1.0));
        assert_eq!(skill_score(0.0, 0.1), Some(1.0));
        assert_eq!(skill_score(0.1, 0.0), None);
    }

    #[test]
    fn reliability_table_by_hand() {
        let f = [0.05, 0.15, 0.12, 0.95, 1.0, 0.5];
        let o = [false, true, false, true, true, false];
        let t = reliability_table(&f, &o, 10).unwrap();
        assert_eq!(t.len(), 10);
        assert_eq!(t[0].count, 1);
        assert_eq!(t[0].observed_frequency, Some(0.0));
        assert_eq!(t[1].count, 2);
        assert!((t[1].mean_forecast.unwrap() - 0.135).abs() < 1e-15);
        assert_eq!(t[1].observed_frequency, Some(0.5));
        assert_eq!(t[2].count, 0);
        assert_eq!(t[2].mean_forecast, None);
        assert_eq!(t[5].count, 1);
        // 0.95 and 1.0 both land in the last bin.
        assert_eq!(t[9].count, 2);
        assert_eq!(t[9].observed_frequency, Some(1.0));
        assert!((t[9].lower - 0.9).abs() < 1e-15 && t[9].upper == 1.0);
        assert_eq!(t.iter().map(|b| b.count).sum::<usize>(), f.len());
    }

    #[test]
    fn murphy_decomposition_identity_and_hand_values() {
        let f = [0.2, 0.2, 0.2, 0.2, 0.8, 0.8];
        let o = [false, false, false, true, true, false];
        let d = brier_decomposition(&f, &o).unwrap();
        // Groups: f = 0.2 → ō = 0.25 (n = 4); f = 0.8 → ō = 0.5 (n = 2); ō = 1/3.
        let rel = (4.0 * 0.05f64.powi(2) + 2.0 * 0.3f64.powi(2)) / 6.0;
        let res = (4.0 * (0.25f64 - 1.0 / 3.0).powi(2) + 2.0 * (0.5f64 - 1.0 / 3.0).powi(2)) / 6.0;
        assert!((d.reliability - rel).abs() < 1e-15);
        assert!((d.resolution - res).abs() < 1e-15);
        assert!((d.uncertainty - 2.0 / 9.0).abs() < 1e-15);
        assert!((d.brier - (d.reliability - d.resolution + d.uncertainty)).abs() < 1e-15);

        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(8);
        let f: Vec<f64> = (0..500)
            .map(|_| f64::from(rng.random_range(0u32..=10)) / 10.0)
            .collect();
        let o: Vec<bool> = f.iter().map(|&p| rng.random::<f64>() < p).collect();
        let d = brier_decomposition(&f, &o).unwrap();
        assert!((d.brier - (d.reliability - d.resolution + d.uncertainty)).abs() < 1e-12);
    }

    #[test]
    fn calibrated_forecasts_beat_climatology_and_are_reliable() {
        // Outcomes drawn with the forecast probability: the forecast is
        // calibrated by construction and sharper than the base rate.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(21);
        let f: Vec<f64> = (0..20_000).map(|_| rng.random::<f64>()).collect();
        let o: Vec<bool> = f.iter().map(|&p| rng.random::<f64>() < p).collect();
        let base = o.iter().filter(|&&x| x).count() as f64 / o.len() as f64;
        let clim = vec![base; f.len()];
        let skill = skill_score(brier(&f, &o).unwrap(), brier(&clim, &o).unwrap()).unwrap();
        // Theory: BS = 1/6, BS_clim = 1/4, skill = 1/3.
        assert!((skill - 1.0 / 3.0).abs() < 0.02, "skill {skill}");
        for bin in reliability_table(&f, &o, 10).unwrap() {
            // ~2,000 forecasts per bin: sd of the frequency ≤ 0.011.
            let gap = bin.observed_frequency.unwrap() - bin.mean_forecast.unwrap();
            assert!(gap.abs() < 0.045, "{bin:?}");
        }
    }
}
