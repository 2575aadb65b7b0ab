//! Parameter uncertainty: which values of the escalation and diplomacy layer each run uses.
//!
//! A point forecast runs every trajectory with the scenario's values. With
//! parameter uncertainty each run `r` first draws its own values of the
//! parameters in [`model::RunParameter`] and then steps with them: from the
//! fitted posterior (`[posterior]`, written by `faultline calibrate --layer
//! decision`) or from the scenario's documented ranges. The draw uses a random
//! stream of its own, derived from (master seed, run index) by [`parameter_rng`]
//! and separate from the simulation's stream ([`crate::rng_for_run`]), so the
//! simulation draws the same random numbers in every mode, and arms of a
//! comparison with the same run index share both the parameter draw and the
//! simulation stream (common random numbers).

use model::{RunParameter, RunParameters};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use scenario::{Domain, PosteriorSpec, Scenario, ScenarioError};

/// Where each run's parameter values come from (`--parameters`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterMode {
    /// Every run uses the scenario's values.
    Point,
    /// Each run draws from a normal on each parameter's unbounded scale whose central
    /// 95 % spans the parameter's documented range.
    Ranges,
    /// Each run draws from the scenario's `[posterior]`.
    Posterior,
}

impl ParameterMode {
    /// Every mode, in the order `--parameters` lists them.
    pub const ALL: [ParameterMode; 3] = [ParameterMode::Posterior, ParameterMode::Ranges, ParameterMode::Point];

    /// The name on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            ParameterMode::Point => "point",
            ParameterMode::Ranges => "ranges",
            ParameterMode::Posterior => "posterior",
        }
    }

    /// The mode called `name`.
    pub fn from_name(name: &str) -> Option<ParameterMode> {
        ParameterMode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The default: the posterior for a scenario that has one, else point values.
    ///
    /// Point rather than ranges for a scenario nobody fitted: its values are the
    /// documented central estimates that its outputs (and the built-in scenario's
    /// published figures) have always used, and ranges drawn independently per
    /// parameter are a statement of ignorance rather than of a fitted joint
    /// uncertainty; `--parameters ranges` asks for them explicitly.
    pub fn default_for(scenario: &Scenario) -> ParameterMode {
        if scenario.posterior.is_some() {
            ParameterMode::Posterior
        } else {
            ParameterMode::Point
        }
    }
}

/// The random stream from which run `run_idx` under master seed `seed` draws its
/// parameters: ChaCha8 keyed by the seed and a fixed tag, with stream `run_idx`. It
/// shares no key with any simulation stream ([`crate::rng_for_run`] keys ChaCha8 with the
/// seed expanded by `seed_from_u64`).
pub fn parameter_rng(seed: u64, run_idx: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..].copy_from_slice(b"faultline run parameters");
    let mut rng = ChaCha8Rng::from_seed(key);
    rng.set_stream(run_idx);
    rng
}

/// The distribution of the per-run parameters: `z = mode_z + L·e` on each
/// parameter's unbounded scale with `e` standard normal ([`PosteriorSpec`]).
#[derive(Clone, Debug)]
pub struct ParameterDraws {
    spec: PosteriorSpec,
    /// The coordinate each parameter of `spec` sets; `None` for one held at the
    /// scenario's value (set with `--set`), whose normal is still drawn so that the
    /// others keep their joint (marginal) distribution and their random numbers.
    targets: Vec<Option<RunParameter>>,
}

impl ParameterDraws {
    /// The draws of `mode` for `scenario`; `None` for point values. `held` names parameters
    /// fixed at the scenario's value (`--set`). Fails when the posterior is asked of a
    /// scenario without one, or names a parameter that cannot differ between runs.
    pub fn new(scenario: &Scenario, mode: ParameterMode, held: &[String]) -> Result<Option<ParameterDraws>, ScenarioError> {
        let paths = scenario::parameter_paths(scenario);
        let target_of = |name: &str| -> Option<RunParameter> {
            paths.iter().find(|p| p.name == name).and_then(|p| RunParameter::from_toml_path(&p.toml_path))
        };
        let free = |name: &str| !held.iter().any(|h| h == name);
        let spec = match mode {
            ParameterMode::Point => return Ok(None),
            ParameterMode::Posterior => {
                let Some(spec) = &scenario.posterior else {
                    return Err(ScenarioError::Input {
                        field: "parameters".into(),
                        message: format!(
                            "scenario `{}` has no [posterior] table (fit one with `faultline calibrate --layer decision`); \
                             use `ranges` or `point`",
                            scenario.meta.name
                        ),
                    });
                };
                if let Some(bad) = spec.parameters.iter().find(|name| target_of(name).is_none()) {
                    let allowed: Vec<String> = paths
                        .iter()
                        .filter(|p| RunParameter::from_toml_path(&p.toml_path).is_some())
                        .map(|p| p.name.clone())
                        .collect();
                    return Err(ScenarioError::Input {
                        field: "posterior.parameters".into(),
                        message: format!(
                            "`{bad}` cannot differ between runs; the parameters that can are {}",
                            allowed.join(", ")
                        ),
                    });
                }
                spec.clone()
            }
            ParameterMode::Ranges => ranges_spec(scenario),
        };
        let targets = spec.parameters.iter().map(|name| target_of(name).filter(|_| free(name))).collect();
        Ok(Some(ParameterDraws { spec, targets }))
    }

    /// The distribution drawn from.
    pub fn spec(&self) -> &PosteriorSpec {
        &self.spec
    }

    /// Run `run_idx`'s values: `base` with the drawn coordinates replaced.
    pub fn run_parameters(&self, base: &RunParameters, seed: u64, run_idx: u64) -> RunParameters {
        let mut rng = parameter_rng(seed, run_idx);
        let e: Vec<f64> = (0..self.spec.parameters.len()).map(|_| StandardNormal.sample(&mut rng)).collect();
        let values = self.spec.draw_from(&e);
        let mut res = *base;
        for (target, value) in self.targets.iter().zip(values) {
            if let Some(which) = target {
                res.set(*which, value);
            }
        }
        res
    }
}

/// The per-run parameters of `scenario` whose range is not a single point, each with a
/// normal on its unbounded scale centred on its value whose central 95 % spans its
/// range (the priors of `calibrate::PriorSpec::from_range`), independent of each other.
fn ranges_spec(scenario: &Scenario) -> PosteriorSpec {
    let mut spec = PosteriorSpec {
        method: "ranges".into(),
        provenance: "the scenario's documented ranges (central 95 %)".into(),
        parameters: Vec::new(),
        lower: Vec::new(),
        upper: Vec::new(),
        lower_bounded: Vec::new(),
        upper_bounded: Vec::new(),
        mode_z: Vec::new(),
        cholesky: Vec::new(),
    };
    let mut sds = Vec::new();
    for p in scenario::parameter_paths(scenario) {
        if RunParameter::from_toml_path(&p.toml_path).is_none() || !p.param.is_uncertain() {
            continue;
        }
        let (lower, upper) = match p.domain {
            Domain::NonNegative | Domain::Positive => (0.0, f64::INFINITY),
            Domain::Unit | Domain::Subcritical => (0.0, 1.0),
            Domain::Between(lo, hi) => (lo, hi),
        };
        let [low, high] = p.param.range;
        let (centre_z, sd_z) = range_prior(p.param.value, low, high, lower, upper);
        spec.parameters.push(p.name);
        spec.lower.push(if lower.is_finite() { lower } else { 0.0 });
        spec.upper.push(if upper.is_finite() { upper } else { 0.0 });
        spec.lower_bounded.push(lower.is_finite());
        spec.upper_bounded.push(upper.is_finite());
        spec.mode_z.push(centre_z);
        sds.push(sd_z);
    }
    let n = sds.len();
    spec.cholesky = (0..n).map(|i| (0..n).map(|k| if i == k { sds[i] } else { 0.0 }).collect()).collect();
    spec
}

/// Centre and standard deviation on the unbounded scale of a normal centred on `value`
/// whose central 95 % spans `[low, high]`, for a parameter allowed in `[lower, upper]`
/// (a range end on the domain's bound moves 1 % of the range inside it).
fn range_prior(value: f64, low: f64, high: f64, lower: f64, upper: f64) -> (f64, f64) {
    let to_z = |x: f64| match (lower.is_finite(), upper.is_finite()) {
        (true, true) => {
            let u = ((x - lower) / (upper - lower)).clamp(1e-12, 1.0 - 1e-12);
            (u / (1.0 - u)).ln()
        }
        (true, false) => (x - lower).max(1e-300).ln(),
        (false, true) => -(upper - x).max(1e-300).ln(),
        (false, false) => x,
    };
    let width = (high - low).max(1e-9 * value.abs().max(1.0));
    let inside = |x: f64| x.clamp(lower + 0.01 * width, upper - 0.01 * width);
    let sd_z = ((to_z(inside(high)) - to_z(inside(low))) / (2.0 * 1.959_963_984_540_054)).max(0.01);
    let margin = 1e-9 * (upper - lower).min(1.0);
    (to_z(value.clamp(lower + margin, upper - margin)), sd_z)
}

/// A copy of `scenario` whose default ([`ParameterMode::default_for`]) is `mode`, for
/// code that builds its experiments from a scenario with the default mode (claims,
/// backtests, comparisons): no `[posterior]` for point values, the ranges' normals as
/// `[posterior]` for ranges, the posterior itself for the posterior. Parameters named
/// in `held` (set with `--set`) are left out of what is drawn, by their marginal: the
/// others keep their joint distribution. Fails as [`ParameterDraws::new`] does.
pub fn drawing_scenario(scenario: &Scenario, mode: ParameterMode, held: &[String]) -> Result<Scenario, ScenarioError> {
    let mut res = scenario.clone();
    let draws = ParameterDraws::new(scenario, mode, held)?;
    res.posterior = draws.map(|d| marginal(&d.spec, |name| !held.iter().any(|h| h == name)));
    Ok(res)
}

/// The distribution of the parameters of `spec` that `keep` accepts: the rows and
/// columns of the covariance L·Lᵀ that remain, factored again.
fn marginal(spec: &PosteriorSpec, keep: impl Fn(&str) -> bool) -> PosteriorSpec {
    let kept: Vec<usize> = (0..spec.parameters.len()).filter(|&i| keep(&spec.parameters[i])).collect();
    let n = spec.parameters.len();
    let cov = |i: usize, j: usize| (0..n).map(|k| spec.cholesky[i][k] * spec.cholesky[j][k]).sum::<f64>();
    let m = kept.len();
    let mut chol = vec![vec![0.0; m]; m];
    for a in 0..m {
        for b in 0..=a {
            let s = cov(kept[a], kept[b]) - (0..b).map(|k| chol[a][k] * chol[b][k]).sum::<f64>();
            chol[a][b] = if a == b { s.max(0.0).sqrt() } else { s / chol[b][b] };
        }
    }
    let pick = |v: &[f64]| kept.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let pick_bool = |v: &[bool]| kept.iter().map(|&i| v[i]).collect::<Vec<bool>>();
    PosteriorSpec {
        method: spec.method.clone(),
        provenance: spec.provenance.clone(),
        parameters: kept.iter().map(|&i| spec.parameters[i].clone()).collect(),
        lower: pick(&spec.lower),
        upper: pick(&spec.upper),
        lower_bounded: pick_bool(&spec.lower_bounded),
        upper_bounded: pick_bool(&spec.upper_bounded),
        mode_z: pick(&spec.mode_z),
        cholesky: chol,
    }
}
