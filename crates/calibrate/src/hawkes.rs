//! Univariate self-exciting (Hawkes) process with an exponential kernel,
//! observed on `[0, T]`: likelihood, gradient, maximum-likelihood fit,
//! standard errors and the time-rescaling goodness-of-fit check.
//!
//! # Convention
//!
//! The conditional intensity is
//!
//! ```text
//! λ(t) = μ + α Σ_{t_k < t} exp(−β (t − t_k)),      n = α / β  (branching ratio)
//! ```
//!
//! so `α` is the jump in intensity caused by one event and `n` the mean number
//! of direct offspring of an event. The fit works with `(μ, n, β)` and
//! optimises over the unconstrained vector `θ = (ln μ, logit n, ln β)`, which
//! keeps `μ > 0`, `β > 0` and `0 < n < 1` (stationarity) automatically.
//!
//! # Ties
//!
//! Times must be sorted but may repeat (daily data often has several events
//! on one day). Tied events are taken in the order given and treated as if
//! separated by an infinitesimal gap: an event excites every later-listed
//! event with the full jump `α`, including one at the same instant. This is
//! exactly what the recursion does with a zero gap (`A_i = 1 + A_{i−1}`), and
//! the direct evaluation uses the same rule (sum over earlier *indices*). A
//! tie contributes a zero time-rescaling residual, so heavily tied data will
//! fail the KS check and inflate `n`; for day-stamped data spread events over
//! their day first with [`crate::spread_within_day`].

use serde::{Deserialize, Serialize};

use crate::error::FitError;
use crate::gof::{KsTest, ks_exponential};
use crate::linalg::{Mat3, cholesky, cholesky_solve, spd_inverse};

/// Two-sided 95 % normal quantile used for the Wald intervals.
const Z95: f64 = 1.959_963_984_540_054;

/// Fewest events [`fit_hawkes`] accepts.
pub const MIN_EVENTS: usize = 5;

/// Parameters of the exponential Hawkes process in the `(μ, n, β)` form.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HawkesParams {
    /// Background (immigrant) rate μ, events per day.
    pub mu: f64,
    /// Branching ratio n = α/β: mean number of direct offspring per event.
    pub branching: f64,
    /// Kernel decay rate β per day; 1/β is the mean parent→child delay.
    pub beta: f64,
}

impl HawkesParams {
    /// Jump size α = n·β of the intensity after each event.
    pub fn alpha(&self) -> f64 {
        self.branching * self.beta
    }

    /// Long-run mean event rate μ/(1 − n) of the stationary process.
    pub fn stationary_rate(&self) -> f64 {
        self.mu / (1.0 - self.branching)
    }

    /// Parameters of the daily discrete Hawkes used by the simulator
    /// (`N_d ~ Poisson(μ + a·S_d)`, `S_d = ρ S_{d−1} + N_{d−1}`), chosen so
    /// that each event has `n` expected offspring with a geometric lag of
    /// mean `1/(1 − ρ) ≈ 1/β` days.
    pub fn daily(&self) -> DailyHawkes {
        let rho = (-self.beta).exp();
        DailyHawkes {
            mu: self.mu,
            rho,
            a: self.branching * (1.0 - rho),
        }
    }

    fn check(&self) -> Result<(), FitError> {
        if !(self.mu.is_finite() && self.mu > 0.0) {
            return Err(FitError::InvalidOption("mu must be positive and finite"));
        }
        if !(self.branching.is_finite() && self.branching >= 0.0) {
            return Err(FitError::InvalidOption(
                "branching must be non-negative and finite",
            ));
        }
        if !(self.beta.is_finite() && self.beta > 0.0) {
            return Err(FitError::InvalidOption("beta must be positive and finite"));
        }
        Ok(())
    }
}

/// Daily discrete-time counterpart of a continuous fit (see [`HawkesParams::daily`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DailyHawkes {
    /// Background expected events per day.
    pub mu: f64,
    /// Daily decay of the excitation state, ρ = e^{−β}.
    pub rho: f64,
    /// Weight of the excitation state, a = n·(1 − ρ).
    pub a: f64,
}

/// Options for [`fit_hawkes`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// Starting values for the mean kernel delay 1/β, in days. One Newton
    /// run is started from each; the best local maximum wins. β is the
    /// parameter whose likelihood is flat and multi-modal, hence the grid.
    pub inverse_beta_grid: Vec<f64>,
    /// Starting branching ratio for every start, in (0, 1).
    pub initial_branching: f64,
    /// Newton iterations allowed per start.
    pub max_iterations: usize,
    /// Stop when half the Newton decrement (the predicted log-likelihood
    /// gain of a full step) falls below this.
    pub tolerance: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            inverse_beta_grid: vec![3.0, 7.0, 14.0, 28.0, 42.0],
            initial_branching: 0.3,
            max_iterations: 100,
            tolerance: 1e-9,
        }
    }
}

/// A point estimate with its standard error and 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Maximum-likelihood estimate.
    pub value: f64,
    /// Standard error from the observed information (delta method on the
    /// natural scale); `None` when the information matrix is not positive
    /// definite (e.g. an estimate on the boundary n → 0).
    pub std_error: Option<f64>,
    /// 95 % Wald interval built on the unconstrained scale (log for μ and β,
    /// logit for n) and mapped back, so it respects the parameter's range.
    pub ci95: Option<(f64, f64)>,
}

/// One start of the multistart optimiser.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StartSummary {
    /// Starting 1/β in days.
    pub initial_inverse_beta: f64,
    /// Where the Newton run ended.
    pub params: HawkesParams,
    /// Log-likelihood there.
    pub loglik: f64,
    /// Iterations used.
    pub iterations: usize,
    /// Whether the convergence test was met.
    pub converged: bool,
}

/// The homogeneous Poisson model (n = 0) fitted to the same data, and its
/// comparison with the Hawkes fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PoissonComparison {
    /// MLE of the constant rate, N/T.
    pub rate: f64,
    /// Maximised Poisson log-likelihood, N ln(N/T) − N.
    pub loglik: f64,
    /// Time-rescaling KS check of the Poisson fit (scaled inter-event gaps).
    pub ks: KsTest,
    /// Likelihood-ratio statistic 2(ℓ_Hawkes − ℓ_Poisson). Its null
    /// distribution is non-standard (n = 0 lies on the boundary and β is then
    /// unidentified), so no χ² p-value is given; compare AICs instead.
    pub lr_statistic: f64,
    /// AIC of the Hawkes model, 6 − 2ℓ.
    pub aic_hawkes: f64,
    /// AIC of the Poisson model, 2 − 2ℓ.
    pub aic_poisson: f64,
}

impl PoissonComparison {
    /// AIC(Poisson) − AIC(Hawkes): positive values favour the Hawkes model.
    pub fn delta_aic(&self) -> f64 {
        self.aic_poisson - self.aic_hawkes
    }
}

/// Result of [`fit_hawkes`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HawkesFit {
    /// Background rate μ (events/day).
    pub mu: Estimate,
    /// Branching ratio n.
    pub branching: Estimate,
    /// Decay rate β (per day).
    pub beta: Estimate,
    /// Maximised log-likelihood.
    pub loglik: f64,
    /// Number of events fitted.
    pub n_events: usize,
    /// Observation window length T (days).
    pub horizon: f64,
    /// Whether the winning Newton run met its convergence test.
    pub converged: bool,
    /// Newton iterations summed over all starts.
    pub iterations: usize,
    /// Inverse observed information for (μ, n, β), if positive definite.
    pub covariance: Option<[[f64; 3]; 3]>,
    /// Time-rescaling KS check of the fitted Hawkes model.
    pub ks: KsTest,
    /// Plain Poisson fit and likelihood-ratio / AIC comparison.
    pub poisson: PoissonComparison,
    /// Every start of the optimiser, for inspecting multi-modality in β.
    pub starts: Vec<StartSummary>,
}

impl HawkesFit {
    /// The point estimates as a parameter set.
    pub fn params(&self) -> HawkesParams {
        HawkesParams {
            mu: self.mu.value,
            branching: self.branching.value,
            beta: self.beta.value,
        }
    }
}

/// Check that `times` are finite, sorted (ties allowed) and inside `[0, horizon]`.
pub fn validate_times(times: &[f64], horizon: f64) -> Result<(), FitError> {
    if !(horizon.is_finite() && horizon > 0.0) {
        return Err(FitError::InvalidHorizon(horizon));
    }
    let mut prev = 0.0;
    for (index, &value) in times.iter().enumerate() {
        if !(value.is_finite() && (0.0..=horizon).contains(&value)) {
            return Err(FitError::OutOfWindow { index, value });
        }
        if value < prev {
            return Err(FitError::NotSorted { index, value });
        }
        prev = value;
    }
    Ok(())
}

/// Log-likelihood by the O(n) recursion of Ozaki (1979):
///
/// ```text
/// ℓ = Σ_i ln(μ + α A_i) − μ T − n Σ_i (1 − e^{−β (T − t_i)}),
/// A_1 = 0,  A_i = e^{−β (t_i − t_{i−1})} (1 + A_{i−1}).
/// ```
pub fn hawkes_loglik(times: &[f64], horizon: f64, params: &HawkesParams) -> Result<f64, FitError> {
    validate_times(times, horizon)?;
    params.check()?;
    Ok(loglik_value(times, horizon, params))
}

/// Log-likelihood and its analytic gradient with respect to `(μ, n, β)`,
/// both by the O(n) recursion.
pub fn hawkes_loglik_gradient(
    times: &[f64],
    horizon: f64,
    params: &HawkesParams,
) -> Result<(f64, [f64; 3]), FitError> {
    validate_times(times, horizon)?;
    params.check()?;
    let e = loglik_derivatives(times, horizon, params);
    Ok((e.value, e.grad))
}

/// Log-likelihood by direct O(n²) summation over all earlier events. Slow;
/// meant as an independent check of the recursion on small data.
pub fn hawkes_loglik_direct(
    times: &[f64],
    horizon: f64,
    params: &HawkesParams,
) -> Result<f64, FitError> {
    validate_times(times, horizon)?;
    params.check()?;
    let alpha = params.alpha();
    let mut sum_log = 0.0;
    for (i, &ti) in times.iter().enumerate() {
        let excitation: f64 = times[..i]
            .iter()
            .map(|&tk| (-params.beta * (ti - tk)).exp())
            .sum();
        sum_log += (params.mu + alpha * excitation).ln();
    }
    let compensator = params.mu * horizon
        + times
            .iter()
            .map(|&t| params.branching * (1.0 - (-params.beta * (horizon - t)).exp()))
            .sum::<f64>();
    Ok(sum_log - compensator)
}

/// Time-rescaling residuals `τ_i = Λ(t_i) − Λ(t_{i−1})` (with `t_0 = 0`),
/// where `Λ` is the compensator of the given model. Under the true model
/// they are i.i.d. Exp(1). Computed in O(n) with the same recursion.
pub fn rescaled_residuals(
    times: &[f64],
    horizon: f64,
    params: &HawkesParams,
) -> Result<Vec<f64>, FitError> {
    validate_times(times, horizon)?;
    params.check()?;
    Ok(residuals_unchecked(times, params))
}

fn residuals_unchecked(times: &[f64], params: &HawkesParams) -> Vec<f64> {
    let mut out = Vec::with_capacity(times.len());
    // Excitation sum just after the previous event (that event included).
    let mut after_prev = 0.0;
    let mut prev = 0.0;
    for &t in times {
        let d = t - prev;
        let decay = (-params.beta * d).exp();
        // ∫ α Σ e^{−β(s − t_k)} ds over (prev, t] = n · S⁺ · (1 − e^{−βd}).
        let excited = params.branching * after_prev * -(-params.beta * d).exp_m1();
        out.push(params.mu * d + excited);
        after_prev = after_prev * decay + 1.0;
        prev = t;
    }
    out
}

/// Log-likelihood only (used by the line search).
fn loglik_value(times: &[f64], horizon: f64, p: &HawkesParams) -> f64 {
    let alpha = p.alpha();
    let mut a = 0.0;
    let mut prev = f64::NAN;
    let mut sum_log = 0.0;
    let mut comp = 0.0;
    for (i, &t) in times.iter().enumerate() {
        if i > 0 {
            a = (-p.beta * (t - prev)).exp() * (1.0 + a);
        }
        sum_log += (p.mu + alpha * a).ln();
        comp += -(-p.beta * (horizon - t)).exp_m1();
        prev = t;
    }
    sum_log - p.mu * horizon - p.branching * comp
}

/// Value, gradient and Hessian of ℓ with respect to the natural parameters.
struct Derivatives {
    value: f64,
    grad: [f64; 3],
    hess: Mat3,
}

/// One O(n) pass computing ℓ, ∇ℓ and ∇²ℓ in `(μ, n, β)`.
///
/// With `S_p(i) = Σ_{k<i} (t_i − t_k)^p e^{−β(t_i − t_k)}` (p = 0, 1, 2) the
/// intensity is `λ_i = μ + nβ S_0`, `∂S_0/∂β = −S_1`, `∂²S_0/∂β² = S_2`, and
/// each `S_p` obeys a recursion in the gap `d = t_i − t_{i−1}`:
/// `S_0 ← e(1 + S_0)`, `S_1 ← e(d(1 + S_0) + S_1)`,
/// `S_2 ← e(d²(1 + S_0) + 2d S_1 + S_2)` with `e = e^{−βd}`.
fn loglik_derivatives(times: &[f64], horizon: f64, p: &HawkesParams) -> Derivatives {
    let (mu, n, beta) = (p.mu, p.branching, p.beta);
    let alpha = n * beta;
    let (mut s0, mut s1, mut s2) = (0.0f64, 0.0f64, 0.0f64);
    let mut prev = f64::NAN;
    let mut value = 0.0;
    let mut g = [0.0; 3];
    let mut h = [[0.0; 3]; 3];
    let (mut comp_n, mut comp_nb, mut comp_bb) = (0.0, 0.0, 0.0);
    for (i, &t) in times.iter().enumerate() {
        if i > 0 {
            let d = t - prev;
            let e = (-beta * d).exp();
            let one_s0 = 1.0 + s0;
            s2 = e * (d * d * one_s0 + 2.0 * d * s1 + s2);
            s1 = e * (d * one_s0 + s1);
            s0 = e * one_s0;
        }
        prev = t;
        let lam = mu + alpha * s0;
        let inv = 1.0 / lam;
        // ∂λ/∂(μ, n, β) and the non-zero second derivatives of λ.
        let b = -s1;
        let dl = [1.0, beta * s0, n * (s0 + beta * b)];
        let d2_nb = s0 + beta * b;
        let d2_bb = n * (2.0 * b + beta * s2);
        value += lam.ln();
        for j in 0..3 {
            let gj = dl[j] * inv;
            g[j] += gj;
            for k in j..3 {
                h[j][k] -= gj * dl[k] * inv;
            }
        }
        h[1][2] += d2_nb * inv;
        h[2][2] += d2_bb * inv;
        // Compensator pieces: u = T − t_i, E = e^{−βu}.
        let u = horizon - t;
        let big_e = (-beta * u).exp();
        comp_n += -(-beta * u).exp_m1();
        comp_nb += u * big_e;
        comp_bb += u * u * big_e;
    }
    value -= mu * horizon + n * comp_n;
    g[0] -= horizon;
    g[1] -= comp_n;
    g[2] -= n * comp_nb;
    h[1][2] -= comp_nb;
    h[2][2] += n * comp_bb;
    (h[1][0], h[2][0], h[2][1]) = (h[0][1], h[0][2], h[1][2]);
    Derivatives {
        value,
        grad: g,
        hess: h,
    }
}

/// Map θ = (ln μ, logit n, ln β) to the natural parameters.
fn from_theta(theta: &[f64; 3]) -> HawkesParams {
    HawkesParams {
        mu: theta[0].exp(),
        branching: 1.0 / (1.0 + (-theta[1]).exp()),
        beta: theta[2].exp(),
    }
}

fn to_theta(p: &HawkesParams) -> [f64; 3] {
    [
        p.mu.ln(),
        (p.branching / (1.0 - p.branching)).ln(),
        p.beta.ln(),
    ]
}

/// First and second derivatives of the map θ_j ↦ natural parameter j.
fn transform_derivatives(p: &HawkesParams) -> ([f64; 3], [f64; 3]) {
    let nn = p.branching * (1.0 - p.branching);
    (
        [p.mu, nn, p.beta],
        [p.mu, nn * (1.0 - 2.0 * p.branching), p.beta],
    )
}

/// ℓ, gradient and Hessian with respect to θ (chain rule; each natural
/// parameter depends on one coordinate of θ only).
fn theta_derivatives(times: &[f64], horizon: f64, theta: &[f64; 3]) -> (f64, [f64; 3], Mat3) {
    let p = from_theta(theta);
    let d = loglik_derivatives(times, horizon, &p);
    let (f1, f2) = transform_derivatives(&p);
    let mut g = [0.0; 3];
    let mut h = [[0.0; 3]; 3];
    for j in 0..3 {
        g[j] = f1[j] * d.grad[j];
        for k in 0..3 {
            h[j][k] = f1[j] * f1[k] * d.hess[j][k];
        }
        h[j][j] += f2[j] * d.grad[j];
    }
    (d.value, g, h)
}

struct NewtonRun {
    theta: [f64; 3],
    value: f64,
    iterations: usize,
    converged: bool,
}

/// Damped Newton ascent on ℓ(θ) with Levenberg-style regularisation when the
/// Hessian is not negative definite, a step cap and Armijo backtracking.
fn newton(times: &[f64], horizon: f64, start: [f64; 3], opts: &FitOptions) -> NewtonRun {
    const MAX_STEP: f64 = 2.0;
    let mut theta = start;
    let mut iterations = 0;
    let mut converged = false;
    let mut value = f64::NEG_INFINITY;
    while iterations < opts.max_iterations {
        iterations += 1;
        let (v, g, h) = theta_derivatives(times, horizon, &theta);
        value = v;
        if !v.is_finite() || g.iter().any(|x| !x.is_finite()) {
            break;
        }
        // Negative Hessian of ℓ, regularised until positive definite.
        let neg_h: Mat3 = std::array::from_fn(|i| std::array::from_fn(|j| -h[i][j]));
        let scale = (0..3).map(|i| neg_h[i][i].abs()).fold(1e-12, f64::max);
        let mut tau = 0.0;
        let mut step = None;
        for _ in 0..40 {
            let mut m = neg_h;
            for (i, row) in m.iter_mut().enumerate() {
                row[i] += tau;
            }
            if let Some(l) = cholesky(&m) {
                step = Some(cholesky_solve(&l, &g));
                break;
            }
            tau = if tau == 0.0 { 1e-8 * scale } else { tau * 10.0 };
        }
        let Some(mut p) = step else { break };
        let decrement = g.iter().zip(&p).map(|(a, b)| a * b).sum::<f64>();
        if tau == 0.0 && decrement / 2.0 < opts.tolerance {
            converged = true;
            break;
        }
        let longest = p.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if longest > MAX_STEP {
            p.iter_mut().for_each(|x| *x *= MAX_STEP / longest);
        }
        let slope = g.iter().zip(&p).map(|(a, b)| a * b).sum::<f64>();
        let mut s = 1.0;
        let mut accepted = false;
        while s > 1e-12 {
            let trial: [f64; 3] = std::array::from_fn(|i| theta[i] + s * p[i]);
            let tv = loglik_value(times, horizon, &from_theta(&trial));
            if tv.is_finite() && tv >= v + 1e-4 * s * slope {
                theta = trial;
                value = tv;
                accepted = true;
                break;
            }
            s *= 0.5;
        }
        if !accepted {
            // No ascent possible along the step: we are at a numerical optimum
            // if the predicted gain is negligible relative to ℓ's rounding.
            converged = slope.abs() < 1e-6 * v.abs().max(1.0);
            break;
        }
    }
    NewtonRun {
        theta,
        value,
        iterations,
        converged,
    }
}

/// Fit `(μ, n, β)` by maximum likelihood.
///
/// Runs a damped Newton method on `θ = (ln μ, logit n, ln β)` from every
/// `1/β` in [`FitOptions::inverse_beta_grid`] (with `n` at
/// [`FitOptions::initial_branching`] and `μ` matching the observed rate),
/// keeps the best local maximum, then computes standard errors from the
/// observed information, the time-rescaling KS check and the comparison
/// with a plain Poisson model.
pub fn fit_hawkes(times: &[f64], horizon: f64, opts: &FitOptions) -> Result<HawkesFit, FitError> {
    validate_times(times, horizon)?;
    if times.len() < MIN_EVENTS {
        return Err(FitError::TooFewEvents {
            needed: MIN_EVENTS,
            got: times.len(),
        });
    }
    if opts.inverse_beta_grid.is_empty()
        || opts
            .inverse_beta_grid
            .iter()
            .any(|x| !(x.is_finite() && *x > 0.0))
    {
        return Err(FitError::InvalidOption(
            "inverse_beta_grid must be non-empty and positive",
        ));
    }
    if !(opts.initial_branching > 0.0 && opts.initial_branching < 1.0) {
        return Err(FitError::InvalidOption(
            "initial_branching must lie in (0, 1)",
        ));
    }
    if opts.max_iterations == 0 || opts.tolerance.is_nan() || opts.tolerance <= 0.0 {
        return Err(FitError::InvalidOption(
            "max_iterations and tolerance must be positive",
        ));
    }

    let n_events = times.len();
    let rate = n_events as f64 / horizon;
    let mut starts = Vec::with_capacity(opts.inverse_beta_grid.len());
    let mut best: Option<NewtonRun> = None;
    let mut iterations = 0;
    for &inv_beta in &opts.inverse_beta_grid {
        let start = to_theta(&HawkesParams {
            mu: rate * (1.0 - opts.initial_branching),
            branching: opts.initial_branching,
            beta: 1.0 / inv_beta,
        });
        let run = newton(times, horizon, start, opts);
        iterations += run.iterations;
        starts.push(StartSummary {
            initial_inverse_beta: inv_beta,
            params: from_theta(&run.theta),
            loglik: run.value,
            iterations: run.iterations,
            converged: run.converged,
        });
        if run.value.is_finite() && best.as_ref().is_none_or(|b| run.value > b.value) {
            best = Some(run);
        }
    }
    let best = best.ok_or(FitError::NoConvergence(
        "no start reached a finite likelihood",
    ))?;
    let params = from_theta(&best.theta);

    // Observed information in (μ, n, β) and the delta-method intervals.
    let d = loglik_derivatives(times, horizon, &params);
    let info: Mat3 = std::array::from_fn(|i| std::array::from_fn(|j| -d.hess[i][j]));
    let covariance = spd_inverse(&info);
    let (f1, _) = transform_derivatives(&params);
    let natural = [params.mu, params.branching, params.beta];
    let estimate = |j: usize, back: fn(f64) -> f64| -> Estimate {
        let se = covariance.map(|c| c[j][j].sqrt()).filter(|s| s.is_finite());
        let ci95 = se.map(|s| {
            let half = Z95 * s / f1[j];
            (back(best.theta[j] - half), back(best.theta[j] + half))
        });
        Estimate {
            value: natural[j],
            std_error: se,
            ci95,
        }
    };
    let logistic = |x: f64| 1.0 / (1.0 + (-x).exp());

    let ks = ks_exponential(&residuals_unchecked(times, &params));
    let poisson_params = HawkesParams {
        mu: rate,
        branching: 0.0,
        beta: 1.0,
    };
    let poisson_loglik = n_events as f64 * (rate.ln() - 1.0);
    let poisson = PoissonComparison {
        rate,
        loglik: poisson_loglik,
        ks: ks_exponential(&residuals_unchecked(times, &poisson_params)),
        lr_statistic: 2.0 * (d.value - poisson_loglik),
        aic_hawkes: 6.0 - 2.0 * d.value,
        aic_poisson: 2.0 - 2.0 * poisson_loglik,
    };

    Ok(HawkesFit {
        mu: estimate(0, f64::exp),
        branching: estimate(1, logistic),
        beta: estimate(2, f64::exp),
        loglik: d.value,
        n_events,
        horizon,
        converged: best.converged,
        iterations,
        covariance,
        ks,
        poisson,
        starts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::simulate_hawkes;

    const TRUE: HawkesParams = HawkesParams {
        mu: 0.35,
        branching: 0.45,
        beta: 1.0 / 14.0,
    };

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn recursion_matches_direct_sum() {
        let times = simulate_hawkes(0.4, 0.6, 0.3, 300.0, 7);
        assert!(times.len() > 100);
        for p in [
            TRUE,
            HawkesParams {
                mu: 1.2,
                branching: 0.1,
                beta: 2.0,
            },
            HawkesParams {
                mu: 0.05,
                branching: 0.95,
                beta: 0.01,
            },
        ] {
            let fast = hawkes_loglik(&times, 300.0, &p).unwrap();
            let slow = hawkes_loglik_direct(&times, 300.0, &p).unwrap();
            assert!(close(fast, slow, 1e-12), "{fast} vs {slow}");
        }
    }

    #[test]
    fn ties_are_handled_identically_by_recursion_and_direct_sum() {
        let times = [0.0, 1.0, 1.0, 1.0, 2.5, 4.0, 4.0, 9.0];
        let fast = hawkes_loglik(&times, 10.0, &TRUE).unwrap();
        let slow = hawkes_loglik_direct(&times, 10.0, &TRUE).unwrap();
        assert!(close(fast, slow, 1e-13));
        // By hand for the second event of the tie at t = 1: A = 1 + e^{−β}.
        let res = rescaled_residuals(&times, 10.0, &TRUE).unwrap();
        assert_eq!(res[2], 0.0);
        assert_eq!(res[3], 0.0);
        assert_eq!(res[6], 0.0);
    }

    #[test]
    fn loglik_by_hand_for_two_events() {
        // λ(t1) = μ, λ(t2) = μ + α e^{−β(t2−t1)}, Λ(T) = μT + n Σ (1 − e^{−β(T−t_i)}).
        let p = HawkesParams {
            mu: 0.5,
            branching: 0.4,
            beta: 0.5,
        };
        let (t1, t2, t) = (1.0f64, 3.0f64, 5.0f64);
        let want = p.mu.ln() + (p.mu + p.alpha() * (-p.beta * (t2 - t1)).exp()).ln()
            - p.mu * t
            - p.branching
                * ((1.0 - (-p.beta * (t - t1)).exp()) + (1.0 - (-p.beta * (t - t2)).exp()));
        let got = hawkes_loglik(&[t1, t2], t, &p).unwrap();
        assert!((got - want).abs() < 1e-14);
    }

    #[test]
    fn gradient_and_hessian_match_finite_differences() {
        let times = simulate_hawkes(0.35, 0.5, 0.2, 500.0, 11);
        let p = HawkesParams {
            mu: 0.3,
            branching: 0.55,
            beta: 0.15,
        };
        let d = loglik_derivatives(&times, 500.0, &p);
        let (v, g) = hawkes_loglik_gradient(&times, 500.0, &p).unwrap();
        assert!(close(v, d.value, 1e-14));
        let shift = |j: usize, h: f64| {
            let mut q = [p.mu, p.branching, p.beta];
            q[j] += h;
            HawkesParams {
                mu: q[0],
                branching: q[1],
                beta: q[2],
            }
        };
        for j in 0..3 {
            let h = 1e-6 * [p.mu, p.branching, p.beta][j];
            let up = loglik_derivatives(&times, 500.0, &shift(j, h));
            let dn = loglik_derivatives(&times, 500.0, &shift(j, -h));
            let fd = (up.value - dn.value) / (2.0 * h);
            assert!(close(g[j], fd, 1e-6), "grad {j}: {} vs {fd}", g[j]);
            for k in 0..3 {
                let fdh = (up.grad[k] - dn.grad[k]) / (2.0 * h);
                assert!(
                    close(d.hess[k][j], fdh, 1e-5),
                    "hess {k}{j}: {} vs {fdh}",
                    d.hess[k][j]
                );
            }
        }
    }

    #[test]
    fn invalid_input_is_rejected() {
        let o = FitOptions::default();
        assert!(matches!(
            fit_hawkes(&[1.0, 0.5], 2.0, &o),
            Err(FitError::NotSorted { index: 1, .. })
        ));
        assert!(matches!(
            fit_hawkes(&[1.0, 3.0], 2.0, &o),
            Err(FitError::OutOfWindow { index: 1, .. })
        ));
        assert!(matches!(
            fit_hawkes(&[1.0], 0.0, &o),
            Err(FitError::InvalidHorizon(_))
        ));
        assert!(matches!(
            fit_hawkes(&[1.0, 2.0], 5.0, &o),
            Err(FitError::TooFewEvents { .. })
        ));
        let bad = FitOptions {
            inverse_beta_grid: vec![],
            ..FitOptions::default()
        };
        assert!(matches!(
            fit_hawkes(&[1.0; 6], 5.0, &bad),
            Err(FitError::InvalidOption(_))
        ));
        assert!(hawkes_loglik(&[1.0], 2.0, &HawkesParams { mu: -1.0, ..TRUE }).is_err());
    }

    #[test]
    fn daily_mapping_matches_reference_numbers() {
        // Reference doc section 1.4: 1/β = 14 d gives ρ = 0.9311, a = 0.0689·n.
        let d = TRUE.daily();
        assert!((d.rho - 0.9311).abs() < 5e-5);
        assert!((d.a / TRUE.branching - 0.0689).abs() < 5e-5);
        assert!((TRUE.stationary_rate() - 0.35 / 0.55).abs() < 1e-15);
    }

    /// Bonferroni bound for three parameters checked jointly: each |z| below
    /// 3.8 has two-sided probability 1.45e-4 of failing, so a correct fit fails
    /// any of the three with probability below 4.4e-4 (normal approximation).
    const Z_JOINT3: f64 = 3.8;

    /// The 95 % interval is the Wald interval on the fitting scale (log μ,
    /// logit n, log β), mapped back: value·exp(±1.96·se/value) for μ and β, and
    /// logistic(logit n ± 1.96·se/(n(1 − n))) for n.
    fn check_interval(est: &Estimate, logit: bool) {
        let (v, se) = (est.value, est.std_error.unwrap());
        let (lo, hi) = est.ci95.unwrap();
        let (want_lo, want_hi) = if logit {
            let l = (v / (1.0 - v)).ln();
            let half = 1.959_963_985 * se / (v * (1.0 - v));
            (1.0 / (1.0 + (half - l).exp()), 1.0 / (1.0 + (-l - half).exp()))
        } else {
            let f = (1.959_963_985 * se / v).exp();
            (v / f, v * f)
        };
        assert!(close(lo, want_lo, 1e-6) && close(hi, want_hi, 1e-6), "{est:?}: want ({want_lo}, {want_hi})");
    }

    #[test]
    fn recovers_true_parameters_within_bonferroni_bounds() {
        let horizon = 6000.0;
        let times = simulate_hawkes(TRUE.mu, TRUE.branching, TRUE.beta, horizon, 42);
        let fit = fit_hawkes(&times, horizon, &FitOptions::default()).unwrap();
        assert!(fit.converged);
        assert_eq!(fit.n_events, times.len());
        for (est, truth, logit) in [
            (fit.mu, TRUE.mu, false),
            (fit.branching, TRUE.branching, true),
            (fit.beta, TRUE.beta, false),
        ] {
            let se = est
                .std_error
                .expect("information matrix should be positive definite");
            assert!((est.value - truth).abs() < Z_JOINT3 * se, "{est:?} vs {truth}");
            check_interval(&est, logit);
        }
        // The optimum is a maximum: no start found anything better.
        assert!(fit.starts.iter().all(|s| s.loglik <= fit.loglik + 1e-9));
        // The true model passes the time-rescaling check at the 0.1 % level (under
        // the null the p-value is uniform, a little conservative with fitted
        // parameters, so a false failure has probability at most 1e-3); Poisson
        // fails it and loses on AIC.
        assert!(fit.ks.p_value > 1e-3, "{:?}", fit.ks);
        assert!(fit.poisson.delta_aic() > 10.0);
    }

    #[test]
    fn interval_coverage_over_seeds_is_near_nominal() {
        // 200 independent data sets of 64,000 days (~40,000 events each). On the scale
        // each interval is built on (log μ, logit n, log β) the z-score
        // t = (θ̂ − θ)/se(θ̂) of a correct fit is close to standard normal, and the
        // interval covers exactly when |t| < 1.96. The MLE's O(1/N) bias puts the mean
        // of t at O(1/√N): about ±0.25 at 4,000 days, which is why the data sets are
        // long; at 64,000 days it is below 0.1 (observed 0.05, −0.02, 0.11).
        let horizon = 64_000.0;
        let seeds = 200usize;
        let mut t = [const { Vec::new() }; 3];
        let mut covered = [0usize; 3];
        for seed in 0..seeds as u64 {
            let times = simulate_hawkes(TRUE.mu, TRUE.branching, TRUE.beta, horizon, 1000 + seed);
            let fit = fit_hawkes(&times, horizon, &FitOptions::default()).unwrap();
            let logit = |p: f64| (p / (1.0 - p)).ln();
            let rows = [
                (fit.mu, (fit.mu.value / TRUE.mu).ln(), fit.mu.value),
                (fit.branching, logit(fit.branching.value) - logit(TRUE.branching), fit.branching.value * (1.0 - fit.branching.value)),
                (fit.beta, (fit.beta.value / TRUE.beta).ln(), fit.beta.value),
            ];
            for (j, (est, diff, scale)) in rows.into_iter().enumerate() {
                t[j].push(diff / (est.std_error.unwrap() / scale));
                let (lo, hi) = est.ci95.unwrap();
                let truth = [TRUE.mu, TRUE.branching, TRUE.beta][j];
                covered[j] += usize::from(lo < truth && truth < hi);
            }
        }
        let n = seeds as f64;
        for (j, z) in t.iter().enumerate() {
            let mean = z.iter().sum::<f64>() / n;
            let sd = (z.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
            eprintln!("parameter {j}: mean t {mean:.3}, sd {sd:.3}, covered {} of {seeds}", covered[j]);
            let c = z.iter().filter(|x| x.abs() < 1.959_963_985).count();
            assert_eq!(c, covered[j], "the interval covers exactly when |t| < 1.96");
            // Nine checks below, each at 4.5 SE (two-sided 6.8e-6 under normality):
            // family-wise below 1e-4, plus at most ~1e-3 from the residual bias of
            // the mean (≤ 0.1, so the mean's margin is ≥ 3.1 SE).
            // The SE's scale: sd(t) = 1 with SE 1/√(2(n − 1)) ≈ 0.050. SEs off by a
            // factor 1.3 either way fail.
            assert!((sd - 1.0).abs() < 4.5 / (2.0 * (n - 1.0)).sqrt(), "sd of t {sd} for parameter {j}");
            // Centring: the mean of t has SE sd/√n ≈ 0.071.
            assert!(mean.abs() < 4.5 * sd / n.sqrt(), "mean of t {mean} for parameter {j}");
            // Coverage: Binomial(200, 0.95) has mean 190 and SE 3.08; 4.5 SE below is 176.
            assert!(covered[j] >= 176, "coverage {covered:?} of {seeds}");
        }
    }

    #[test]
    fn day_stamped_data_fits_with_ties_and_after_spreading() {
        let horizon = 6000.0;
        let exact = simulate_hawkes(TRUE.mu, TRUE.branching, TRUE.beta, horizon, 42);
        let days: Vec<f64> = exact.iter().map(|t| t.floor()).collect();
        assert!(
            days.windows(2).any(|w| w[0] == w[1]),
            "expected same-day events"
        );
        // Ties are legal input and give a finite fit, but zero residuals fail KS.
        let tied = fit_hawkes(&days, horizon, &FitOptions::default()).unwrap();
        assert!(tied.loglik.is_finite());
        assert!(tied.ks.p_value < 1e-3, "{:?}", tied.ks);
        // Spreading events over their day restores a usable fit.
        let spread = crate::simulate::spread_within_day(&days, 1);
        let fit = fit_hawkes(&spread, horizon, &FitOptions::default()).unwrap();
        for (est, truth) in [
            (fit.mu, TRUE.mu),
            (fit.branching, TRUE.branching),
            (fit.beta, TRUE.beta),
        ] {
            assert!(
                (est.value - truth).abs() < Z_JOINT3 * est.std_error.unwrap(),
                "{est:?} vs {truth}"
            );
        }
        // Uniform under the null: p > 1e-3 fails a correct fit with probability ≤ 1e-3.
        assert!(fit.ks.p_value > 1e-3, "{:?}", fit.ks);
    }

    #[test]
    fn ks_rejects_poisson_for_strongly_clustered_data() {
        let horizon = 3000.0;
        let times = simulate_hawkes(0.1, 0.8, 0.2, horizon, 5);
        let fit = fit_hawkes(&times, horizon, &FitOptions::default()).unwrap();
        assert!(fit.poisson.ks.p_value < 1e-6, "{:?}", fit.poisson.ks);
        // Uniform under the null: p > 1e-3 fails a correct fit with probability ≤ 1e-3.
        assert!(fit.ks.p_value > 1e-3, "{:?}", fit.ks);
        assert!(fit.poisson.lr_statistic > 100.0);
    }

    #[test]
    fn poisson_data_gives_small_branching_and_no_aic_preference() {
        // n = 0 is not allowed in the simulator's Hawkes form, so use a tiny n.
        let horizon = 5000.0;
        let times = simulate_hawkes(0.5, 1e-9, 1.0, horizon, 3);
        let fit = fit_hawkes(&times, horizon, &FitOptions::default()).unwrap();
        assert!(fit.branching.value < 0.05, "{:?}", fit.branching);
        assert!(fit.poisson.delta_aic() < 2.0);
        assert!(fit.poisson.ks.p_value > 0.05);
        assert!((fit.poisson.rate - times.len() as f64 / horizon).abs() < 1e-15);
    }

    #[test]
    fn residuals_of_true_model_are_unit_exponential() {
        let horizon = 5000.0;
        let mut pvals = Vec::new();
        for seed in 0..10 {
            let times = simulate_hawkes(TRUE.mu, TRUE.branching, TRUE.beta, horizon, 77 + seed);
            let res = rescaled_residuals(&times, horizon, &TRUE).unwrap();
            let mean = res.iter().sum::<f64>() / res.len() as f64;
            // Mean of n Exp(1) draws: SE 1/√n ≈ 0.018. 4.5 SE fails one seed with
            // probability 6.8e-6, any of the ten below 7e-5.
            let se = 1.0 / (res.len() as f64).sqrt();
            assert!((mean - 1.0).abs() < 4.5 * se, "mean residual {mean} (se {se})");
            pvals.push(ks_exponential(&res).p_value);
        }
        // Under the null p-values are uniform, so the count above 0.05 is
        // Binomial(10, 0.95): P(count ≤ 6) = 1.0e-3 is the false-failure probability.
        assert!(
            pvals.iter().filter(|&&p| p > 0.05).count() >= 7,
            "{pvals:?}"
        );
    }
}
