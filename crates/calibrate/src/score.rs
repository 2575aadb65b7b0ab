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
