//! Penalized maximum likelihood with a Laplace posterior approximation.
//!
//! The estimator is model-agnostic: the caller supplies a log-likelihood
//! `ℓ(x)` over a parameter vector `x` and, for each parameter, the interval of
//! values the model allows and a prior (the penalty). Each parameter lives on
//! an unconstrained scale `z`: `x = lo + (hi − lo)·σ(z)` for a parameter
//! allowed in `(lo, hi)`, `x = lo + eᶻ` for one bounded below only, `x = z`
//! otherwise. The prior is normal on that scale (logit-normal, log-normal or
//! normal in `x`), so it never puts mass outside the allowed values; the fit
//! maximises `ℓ(x(z)) + Σ log N(zᵢ; μᵢ, σᵢ)` (a MAP estimate on the z scale).
//!
//! The curvature of the negative log posterior at the mode gives a Gaussian
//! approximation `z ~ N(ẑ, H⁻¹)` (Laplace). Intervals are the
//! 2.5 % and 97.5 % points of that normal mapped back to `x`, so they respect
//! the allowed interval and may be asymmetric; standard errors are the delta
//! method's. [`PosteriorApproximation::draw`] samples parameter vectors from the
//! same approximation, deterministically from the caller's RNG.
//!
//! Gradients and the Hessian are central finite differences of the caller's
//! function: no derivatives are needed from the model. The optimiser is BFGS
//! with a backtracking (Armijo) line search, which suits smooth likelihoods of
//! tens of parameters.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::error::FitError;

/// The prior (penalty) and allowed values of one parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct PriorSpec {
    /// Name used in reports, e.g. `state.iran.pressure_per_death`.
    pub name: String,
    /// The prior's centre, in the parameter's units (its median).
    pub centre: f64,
    /// Standard deviation of the prior on the unconstrained scale (> 0).
    pub sd_z: f64,
    /// Smallest allowed value (`f64::NEG_INFINITY` when unbounded).
    pub lower: f64,
    /// Largest allowed value (`f64::INFINITY` when unbounded).
    pub upper: f64,
}

impl PriorSpec {
    /// A prior centred on `value` whose central 95 % spans `[low, high]` on the
    /// unconstrained scale (a range end on the domain's bound is moved 1 % of the
    /// range inside it; a point range gets a narrow prior).
    pub fn from_range(name: impl Into<String>, value: f64, low: f64, high: f64, lower: f64, upper: f64) -> PriorSpec {
        let mut p = PriorSpec { name: name.into(), centre: value, sd_z: 1.0, lower, upper };
        let width = (high - low).max(1e-9 * value.abs().max(1.0));
        let inside = |x: f64| x.clamp(lower + 0.01 * width, upper - 0.01 * width);
        let (zl, zh) = (p.to_z(inside(low)), p.to_z(inside(high)));
        p.sd_z = ((zh - zl) / (2.0 * 1.959_963_984_540_054)).max(0.01);
        p
    }

    /// The centre on the unconstrained scale.
    pub fn centre_z(&self) -> f64 {
        let margin = 1e-9 * (self.upper - self.lower).min(1.0);
        self.to_z(self.centre.clamp(self.lower + margin, self.upper - margin))
    }

    /// One value drawn from the prior.
    pub fn sample<R: Rng>(&self, rng: &mut R) -> f64 {
        let e: f64 = StandardNormal.sample(rng);
        self.to_x(self.centre_z() + self.sd_z * e)
    }

    /// Maps a value to the unconstrained scale.
    pub fn to_z(&self, x: f64) -> f64 {
        self.z_of(x)
    }

    /// Maps a point of the unconstrained scale to a value.
    pub fn to_x(&self, z: f64) -> f64 {
        self.x_of(z)
    }

    fn z_of(&self, x: f64) -> f64 {
        match (self.lower.is_finite(), self.upper.is_finite()) {
            (true, true) => {
                let u = ((x - self.lower) / (self.upper - self.lower)).clamp(1e-12, 1.0 - 1e-12);
                (u / (1.0 - u)).ln()
            }
            (true, false) => (x - self.lower).max(1e-300).ln(),
            (false, true) => -(self.upper - x).max(1e-300).ln(),
            (false, false) => x,
        }
    }

    fn x_of(&self, z: f64) -> f64 {
        match (self.lower.is_finite(), self.upper.is_finite()) {
            (true, true) => self.lower + (self.upper - self.lower) / (1.0 + (-z).exp()),
            (true, false) => self.lower + z.exp(),
            (false, true) => self.upper - (-z).exp(),
            (false, false) => z,
        }
    }

    /// log |dx/dz| at `z`.
    fn log_jacobian(&self, z: f64) -> f64 {
        match (self.lower.is_finite(), self.upper.is_finite()) {
            (true, true) => {
                let s = 1.0 / (1.0 + (-z).exp());
                (self.upper - self.lower).ln() + s.max(1e-300).ln() + (1.0 - s).max(1e-300).ln()
            }
            (true, false) => z,
            (false, true) => -z,
            (false, false) => 0.0,
        }
    }

    fn log_prior(&self, z: f64) -> f64 {
        let d = (z - self.centre_z()) / self.sd_z;
        -0.5 * d * d
    }
}

/// Settings of the optimiser.
#[derive(Clone, Debug, PartialEq)]
pub struct PenalizedOptions {
    /// Largest number of BFGS iterations.
    pub max_iterations: usize,
    /// Convergence when the gradient's largest component (z scale) falls below this.
    pub gradient_tolerance: f64,
    /// Finite-difference step on the z scale.
    pub step: f64,
    /// Where the search starts (parameter values); the prior centres when `None`.
    pub start: Option<Vec<f64>>,
}

impl Default for PenalizedOptions {
    fn default() -> Self {
        PenalizedOptions { max_iterations: 200, gradient_tolerance: 1e-4, step: 1e-4, start: None }
    }
}

/// One fitted parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct PenalizedEstimate {
    pub name: String,
    /// Posterior mode (MAP estimate).
    pub value: f64,
    /// Delta-method standard error.
    pub se: f64,
    /// 2.5 % point of the Laplace approximation.
    pub low: f64,
    /// 97.5 % point of the Laplace approximation.
    pub high: f64,
    /// The prior's centre.
    pub prior_centre: f64,
}

impl PenalizedEstimate {
    /// True when the 95 % interval holds `x`.
    pub fn covers(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }
}

/// A Gaussian approximation of the posterior on the unconstrained scale.
#[derive(Clone, Debug, PartialEq)]
pub struct PosteriorApproximation {
    pub priors: Vec<PriorSpec>,
    /// Mode on the z scale.
    pub mode_z: Vec<f64>,
    /// Lower Cholesky factor of the covariance on the z scale.
    pub chol: Vec<Vec<f64>>,
}

impl PosteriorApproximation {
    /// One parameter vector drawn from the approximation.
    pub fn draw<R: Rng>(&self, rng: &mut R) -> Vec<f64> {
        let n = self.mode_z.len();
        let e: Vec<f64> = (0..n).map(|_| StandardNormal.sample(rng)).collect();
        (0..n)
            .map(|i| {
                let z = self.mode_z[i] + (0..=i).map(|k| self.chol[i][k] * e[k]).sum::<f64>();
                self.priors[i].to_x(z)
            })
            .collect()
    }

    /// The mode mapped to parameter values.
    pub fn mode(&self) -> Vec<f64> {
        self.mode_z.iter().zip(&self.priors).map(|(&z, p)| p.to_x(z)).collect()
    }
}

/// The result of [`fit_penalized`].
#[derive(Clone, Debug, PartialEq)]
pub struct PenalizedFit {
    pub estimates: Vec<PenalizedEstimate>,
    /// Log-likelihood at the mode.
    pub log_likelihood: f64,
    /// Log-likelihood at the prior centres, for comparison.
    pub log_likelihood_at_prior: f64,
    pub iterations: usize,
    pub converged: bool,
    /// Ridge added to the curvature to make it positive definite (0 when none was needed).
    pub ridge: f64,
    pub posterior: PosteriorApproximation,
}

impl PenalizedFit {
    /// The fitted values in prior order.
    pub fn values(&self) -> Vec<f64> {
        self.estimates.iter().map(|e| e.value).collect()
    }
}

/// Maximises `loglik(x)` plus the normal log-priors; see the module docs.
///
/// `loglik` may return `-inf` or NaN for impossible values; the search then
/// backs off. Fails when the priors are malformed or the starting point (the
/// prior means, clamped into the allowed intervals) has no finite likelihood.
pub fn fit_penalized<F>(priors: &[PriorSpec], loglik: F, opts: &PenalizedOptions) -> Result<PenalizedFit, FitError>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    if priors.is_empty() {
        return Err(FitError::InvalidOption("no parameters to fit"));
    }
    for p in priors {
        if !(p.sd_z > 0.0 && p.sd_z.is_finite() && p.centre.is_finite() && p.lower < p.upper) {
            return Err(FitError::InvalidOption("a prior needs a finite centre, sd > 0 and lower < upper"));
        }
    }
    if !(opts.step > 0.0 && opts.gradient_tolerance > 0.0) {
        return Err(FitError::InvalidOption("step and gradient tolerance must be positive"));
    }
    let n = priors.len();
    let to_x = |z: &[f64]| -> Vec<f64> { z.iter().zip(priors).map(|(&z, p)| p.to_x(z)).collect() };
    // Negative log posterior on the z scale.
    let objective = |z: &[f64]| -> f64 {
        let x = to_x(z);
        let ll = loglik(&x);
        if !ll.is_finite() {
            return f64::INFINITY;
        }
        let prior: f64 = z.iter().zip(priors).map(|(&z, p)| p.log_prior(z)).sum();
        -(ll + prior)
    };
    let mut z: Vec<f64> = match &opts.start {
        Some(start) if start.len() == n => start.iter().zip(priors).map(|(&x, p)| {
            let margin = 1e-9 * (p.upper - p.lower).min(1.0);
            p.to_z(x.clamp(p.lower + margin, p.upper - margin))
        }).collect(),
        _ => priors.iter().map(PriorSpec::centre_z).collect(),
    };
    let ll_start = loglik(&priors.iter().map(|p| p.to_x(p.centre_z())).collect::<Vec<_>>());
    let mut f = objective(&z);
    if !f.is_finite() {
        return Err(FitError::NoConvergence("the likelihood is not finite at the starting point"));
    }
    let h = opts.step;
    // Each component is its own pair of evaluations, so the components run in
    // parallel and the result does not depend on the number of threads.
    let gradient = |z: &[f64]| -> Vec<f64> {
        use rayon::prelude::*;
        (0..n)
            .into_par_iter()
            .map(|i| {
                let mut w = z.to_vec();
                w[i] = z[i] + h;
                let up = objective(&w);
                w[i] = z[i] - h;
                let down = objective(&w);
                if up.is_finite() && down.is_finite() { (up - down) / (2.0 * h) } else { 0.0 }
            })
            .collect()
    };
    let mut g = gradient(&z);
    // Inverse Hessian approximation, started at the identity.
    let mut inv = identity(n);
    let mut converged = false;
    let mut iterations = 0;
    for it in 0..opts.max_iterations {
        iterations = it + 1;
        if g.iter().all(|x| x.abs() < opts.gradient_tolerance) {
            converged = true;
            break;
        }
        let mut dir: Vec<f64> = (0..n).map(|i| -(0..n).map(|k| inv[i][k] * g[k]).sum::<f64>()).collect();
        let mut slope: f64 = dir.iter().zip(&g).map(|(d, g)| d * g).sum();
        if slope >= 0.0 {
            inv = identity(n);
            dir = g.iter().map(|x| -x).collect();
            slope = -g.iter().map(|x| x * x).sum::<f64>();
        }
        // Keep steps modest on the z scale.
        let norm = dir.iter().map(|d| d * d).sum::<f64>().sqrt();
        let mut t = if norm > 5.0 { 5.0 / norm } else { 1.0 };
        let mut accepted = None;
        for _ in 0..40 {
            let trial: Vec<f64> = z.iter().zip(&dir).map(|(z, d)| z + t * d).collect();
            let ft = objective(&trial);
            if ft.is_finite() && ft <= f + 1e-4 * t * slope {
                accepted = Some((trial, ft));
                break;
            }
            t *= 0.5;
        }
        let Some((z_new, f_new)) = accepted else {
            // No decrease along the direction: the mode is found to the finite-difference precision.
            converged = g.iter().all(|x| x.abs() < 100.0 * opts.gradient_tolerance);
            break;
        };
        let g_new = gradient(&z_new);
        let s: Vec<f64> = z_new.iter().zip(&z).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-12 {
            bfgs_update(&mut inv, &s, &y, sy);
        }
        let small_change = (f - f_new).abs() < 1e-10 * (1.0 + f.abs());
        z = z_new;
        f = f_new;
        g = g_new;
        if small_change && g.iter().all(|x| x.abs() < 10.0 * opts.gradient_tolerance) {
            converged = true;
            break;
        }
    }
    let mut hessian = hessian(&objective, &z, 10.0 * h);
    if hessian.iter().flatten().any(|v| !v.is_finite()) {
        return Err(FitError::Degenerate("the posterior is not finite next to the mode (a parameter sits on the edge of its domain)"));
    }
    // Where the data say nothing about a direction and the transform flattens the
    // prior (a parameter pressed against its bound), the finite-difference curvature
    // can come out flat or slightly negative. A ridge starting at 1/4 (a normal of sd 2
    // on the z scale) is added until the curvature is positive definite; the fit
    // reports the ridge so that such intervals are known to be regularised.
    let mut ridge = 0.0;
    while cholesky(&hessian).is_none() {
        if ridge > 1e6 {
            return Err(FitError::Degenerate("the posterior curvature is not positive definite at the mode"));
        }
        let step = if ridge == 0.0 { 0.25 } else { ridge };
        for (i, row) in hessian.iter_mut().enumerate() {
            row[i] += step;
        }
        ridge += step;
    }
    let covariance = spd_inverse(&hessian).ok_or(FitError::Degenerate("the posterior curvature is not positive definite at the mode"))?;
    let chol = cholesky(&covariance).ok_or(FitError::Degenerate("the posterior covariance is not positive definite"))?;
    let x = to_x(&z);
    let estimates = (0..n)
        .map(|i| {
            let p = &priors[i];
            let sd_z = covariance[i][i].sqrt();
            // dx/dz by the transform's Jacobian.
            let dxdz = p.log_jacobian(z[i]).exp();
            PenalizedEstimate {
                name: p.name.clone(),
                value: x[i],
                se: dxdz * sd_z,
                low: p.to_x(z[i] - 1.959_963_984_540_054 * sd_z),
                high: p.to_x(z[i] + 1.959_963_984_540_054 * sd_z),
                prior_centre: p.centre,
            }
        })
        .collect();
    Ok(PenalizedFit {
        estimates,
        log_likelihood: loglik(&x),
        log_likelihood_at_prior: ll_start,
        iterations,
        converged,
        ridge,
        posterior: PosteriorApproximation { priors: priors.to_vec(), mode_z: z, chol },
    })
}

fn identity(n: usize) -> Vec<Vec<f64>> {
    (0..n).map(|i| (0..n).map(|k| if i == k { 1.0 } else { 0.0 }).collect()).collect()
}

/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/(yᵀs).
fn bfgs_update(inv: &mut [Vec<f64>], s: &[f64], y: &[f64], sy: f64) {
    let n = s.len();
    let rho = 1.0 / sy;
    let hy: Vec<f64> = (0..n).map(|i| (0..n).map(|k| inv[i][k] * y[k]).sum()).collect();
    let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
    for i in 0..n {
        for k in 0..n {
            inv[i][k] += -rho * (hy[i] * s[k] + s[i] * hy[k]) + (rho * rho * yhy + rho) * s[i] * s[k];
        }
    }
}

/// Central-difference Hessian of `f` at `z` (entries computed in parallel, each
/// from its own evaluations, so the result does not depend on the thread count).
fn hessian(f: &(dyn Fn(&[f64]) -> f64 + Sync), z: &[f64], h: f64) -> Vec<Vec<f64>> {
    use rayon::prelude::*;
    let n = z.len();
    let f0 = f(z);
    let at = |i: usize, di: f64, k: usize, dk: f64| {
        let mut w = z.to_vec();
        w[i] += di;
        w[k] += dk;
        f(&w)
    };
    let pairs: Vec<(usize, usize)> = (0..n).flat_map(|i| (0..=i).map(move |k| (i, k))).collect();
    let values: Vec<f64> = pairs
        .par_iter()
        .map(|&(i, k)| {
            if i == k {
                (at(i, h, i, 0.0) - 2.0 * f0 + at(i, -h, i, 0.0)) / (h * h)
            } else {
                (at(i, h, k, h) - at(i, h, k, -h) - at(i, -h, k, h) + at(i, -h, k, -h)) / (4.0 * h * h)
            }
        })
        .collect();
    let mut out = vec![vec![0.0; n]; n];
    for (&(i, k), v) in pairs.iter().zip(values) {
        out[i][k] = v;
        out[k][i] = v;
    }
    out
}

/// Lower Cholesky factor of a symmetric matrix, `None` unless positive definite.
// Index loops read like the textbook formulas here.
#[allow(clippy::needless_range_loop)]
pub fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let mut s = a[i][j];
            for k in 0..j {
                s -= l[i][k] * l[j][k];
            }
            if i == j {
                if !(s > 0.0 && s.is_finite()) {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

/// Inverse of a symmetric positive definite matrix.
#[allow(clippy::needless_range_loop)]
pub(crate) fn spd_inverse(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let l = cholesky(a)?;
    let mut inv = vec![vec![0.0; n]; n];
    for j in 0..n {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let mut s = if i == j { 1.0 } else { 0.0 };
            for k in 0..i {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        for i in (0..n).rev() {
            let mut s = y[i];
            for k in i + 1..n {
                s -= l[k][i] * inv[k][j];
            }
            inv[i][j] = s / l[i][i];
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Normal data with known variance: the posterior is normal with closed-form
    /// mean and variance (conjugate prior), an independent check of mode and interval.
    #[test]
    fn conjugate_normal_mean_matches_closed_form() {
        let data = [1.3, 0.7, 2.1, 1.9, 0.4, 1.1, 1.6, 0.9];
        let sigma = 0.8;
        let prior = PriorSpec { name: "mu".into(), centre: 0.0, sd_z: 2.0, lower: f64::NEG_INFINITY, upper: f64::INFINITY };
        let loglik = |x: &[f64]| -> f64 { data.iter().map(|d| -0.5 * ((d - x[0]) / sigma).powi(2)).sum() };
        let fit = fit_penalized(&[prior], loglik, &PenalizedOptions::default()).unwrap();
        let n = data.len() as f64;
        let precision = n / (sigma * sigma) + 1.0 / 4.0;
        let mean = (data.iter().sum::<f64>() / (sigma * sigma)) / precision;
        let sd = precision.sqrt().recip();
        let e = &fit.estimates[0];
        assert!(fit.converged);
        assert!((e.value - mean).abs() < 1e-5, "{} vs {mean}", e.value);
        assert!((e.se - sd).abs() < 1e-4, "{} vs {sd}", e.se);
        assert!((e.low - (mean - 1.959964 * sd)).abs() < 1e-3);
    }

    /// A binomial proportion on (0, 1) with a flat logit-normal prior: the mode is the
    /// maximum-likelihood proportion k/n, the interval the logit-scale Wald interval.
    #[test]
    fn bounded_parameter_stays_inside_and_matches_logit_mode() {
        let (k, n) = (7.0, 40.0);
        let prior = PriorSpec { name: "p".into(), centre: 0.5, sd_z: 1e4, lower: 0.0, upper: 1.0 };
        let loglik = |x: &[f64]| k * x[0].ln() + (n - k) * (1.0 - x[0]).ln();
        let fit = fit_penalized(&[prior], loglik, &PenalizedOptions::default()).unwrap();
        let want: f64 = k / n;
        // Logit-scale Wald interval: logit(p̂) ± 1.96 / sqrt(n p̂ (1 − p̂)).
        let half = 1.959_963_984_540_054 / (n * want * (1.0 - want)).sqrt();
        let logit = (want / (1.0 - want)).ln();
        let low = 1.0 / (1.0 + (-(logit - half)).exp());
        let high = 1.0 / (1.0 + (-(logit + half)).exp());
        // Worked out: p̂ = 0.175, half-width 1.96/√5.775 = 0.8156 on the logit scale,
        // interval (0.0858, 0.3241): the numbers the formula above must reproduce.
        assert!((low - 0.0858).abs() < 1e-4 && (high - 0.3241).abs() < 1e-4, "{low} {high}");
        let e = &fit.estimates[0];
        assert!((e.low - low).abs() < 1e-3, "{} vs {low}", e.low);
        assert!((e.high - high).abs() < 1e-3, "{} vs {high}", e.high);
        assert!((e.value - want).abs() < 1e-3, "{} vs {want}", e.value);
    }

    /// Two correlated normal means: the Laplace covariance equals the exact posterior
    /// covariance, and draws reproduce it within sampling error.
    #[test]
    fn draws_follow_the_posterior_covariance() {
        // ℓ = −½ (x−a)ᵀ A (x−a) with A known; flat priors (large sd).
        let a = [[4.0, 1.5], [1.5, 2.0]];
        let centre = [0.3, -0.2];
        let loglik = |x: &[f64]| {
            let d = [x[0] - centre[0], x[1] - centre[1]];
            -0.5 * (a[0][0] * d[0] * d[0] + 2.0 * a[0][1] * d[0] * d[1] + a[1][1] * d[1] * d[1])
        };
        let flat = |name: &str| PriorSpec { name: name.into(), centre: 0.0, sd_z: 1e4, lower: f64::NEG_INFINITY, upper: f64::INFINITY };
        let fit = fit_penalized(&[flat("a"), flat("b")], loglik, &PenalizedOptions::default()).unwrap();
        let det = a[0][0] * a[1][1] - a[0][1] * a[0][1];
        let var0 = a[1][1] / det;
        assert!((fit.estimates[0].value - centre[0]).abs() < 1e-5);
        assert!((fit.estimates[0].se - var0.sqrt()).abs() < 1e-4);
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let draws: Vec<Vec<f64>> = (0..20_000).map(|_| fit.posterior.draw(&mut rng)).collect();
        let m0 = draws.iter().map(|d| d[0]).sum::<f64>() / draws.len() as f64;
        let v0 = draws.iter().map(|d| (d[0] - m0).powi(2)).sum::<f64>() / draws.len() as f64;
        // The sample mean has SE sqrt(var0/N) ≈ 0.004; 5 SE bounds a false failure below 1e-6.
        assert!((m0 - centre[0]).abs() < 5.0 * (var0 / 20_000.0).sqrt(), "{m0}");
        // The sample variance has relative SE sqrt(2/N) ≈ 1 %; 5 SE.
        assert!((v0 / var0 - 1.0).abs() < 5.0 * (2.0f64 / 20_000.0).sqrt(), "{v0} vs {var0}");
    }

    #[test]
    fn malformed_priors_are_rejected() {
        let bad = PriorSpec { name: "x".into(), centre: 0.5, sd_z: 0.0, lower: 0.0, upper: 1.0 };
        assert!(fit_penalized(&[bad], |_| 0.0, &PenalizedOptions::default()).is_err());
        assert!(fit_penalized(&[], |_| 0.0, &PenalizedOptions::default()).is_err());
    }
}
