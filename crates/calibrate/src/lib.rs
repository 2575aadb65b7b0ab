//! Estimation and forecast scoring for Faultline.
//!
//! * [`fit_hawkes`]: maximum-likelihood fit of a univariate exponential
//!   Hawkes process (μ, n, β) with standard errors, a time-rescaling
//!   goodness-of-fit check and a comparison with the plain Poisson model.
//! * [`fit_zeta_exponent`]: maximum-likelihood exponent of a discrete power
//!   law (zeta) for fatality counts per attack.
//! * [`simulate_hawkes`]: exact simulator used to test parameter recovery.
//! * Scores ([`brier`], [`log_score`], [`crps_ensemble`], [`skill_score`],
//!   [`reliability_table`], [`brier_decomposition`]) and the climatology and
//!   persistence baselines.
//!
//! All functions are pure; nothing prints. See `docs/calibration.md` for the
//! mathematics and its sources.
//!
//! ```
//! use calibrate::{FitOptions, brier, crps_ensemble, fit_hawkes, simulate_hawkes, skill_score};
//!
//! // Two thousand days of a clustered attack process, then fit it back.
//! let times = simulate_hawkes(0.35, 0.45, 1.0 / 14.0, 2000.0, 7);
//! let fit = fit_hawkes(&times, 2000.0, &FitOptions::default()).unwrap();
//! // The true branching ratio within 4.5 standard errors (a false failure has
//! // probability below 1e-5).
//! assert!((fit.branching.value - 0.45).abs() < 4.5 * fit.branching.std_error.unwrap());
//! let daily = fit.params().daily(); // ρ and a for the daily simulator
//! assert_eq!(daily.rho, (-fit.beta.value).exp()); // ρ = e^(−β): a day's decay
//! assert_eq!(daily.a, fit.branching.value * (1.0 - daily.rho));
//!
//! // Score a probability forecast against a 50 % baseline, and an ensemble.
//! let outcomes = [true, false, false, true];
//! let model = brier(&[0.8, 0.1, 0.3, 0.6], &outcomes).unwrap();
//! let baseline = brier(&[0.5; 4], &outcomes).unwrap();
//! assert!(skill_score(model, baseline).unwrap() > 0.0);
//! assert_eq!(crps_ensemble(&[3.0], 5.0).unwrap(), 2.0);
//! ```

mod baseline;
mod bootstrap;
mod error;
mod gof;
mod hawkes;
mod linalg;
mod penalized;
mod score;
mod simulate;
mod tail;

pub use baseline::{
    climatology_counts, climatology_probability, past_window_totals, persistence_count,
    persistence_probability,
};
pub use bootstrap::{SkillInterval, block_bootstrap_skill, rate_probability};
pub use error::{FitError, ScoreError};
pub use gof::{KsTest, kolmogorov_survival, ks_exponential};
pub use hawkes::{
    DailyHawkes, Estimate, FitOptions, HawkesFit, HawkesParams, MIN_EVENTS, PoissonComparison,
    StartSummary, fit_hawkes, hawkes_loglik, hawkes_loglik_direct, hawkes_loglik_gradient,
    rescaled_residuals, validate_times,
};
pub use penalized::{
    PenalizedEstimate, PenalizedFit, PenalizedOptions, PosteriorApproximation, PriorSpec, cholesky, fit_penalized,
};
pub use score::{
    BrierDecomposition, LOG_SCORE_CLIP, ReliabilityBin, brier, brier_decomposition, crps_ensemble,
    log_score, mean_crps, reliability_table, skill_score,
};
pub use simulate::{simulate_hawkes, spread_within_day};
pub use tail::{TailFit, fit_zeta_exponent, hurwitz_zeta};
