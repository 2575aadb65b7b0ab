//! The pooled, penalized fit of the escalation and diplomacy parameters.
//!
//! Each dyad's record has a likelihood ([`crate::record_log_likelihood`]). The
//! fit maximises the sum over dyads plus normal log-priors taken from each
//! scenario's documented ranges (value as mean, a quarter of the range as
//! standard deviation). Behavioural constants of the decision rule
//! (`dynamics.*`) are pooled: dyad `d` uses `shared + deviation_d`, the
//! deviations having prior N(0, (τ·sd)²), which shrinks every dyad toward the
//! shared value and lets a dyad with a thin record borrow strength from the
//! others. State parameters (`state.<id>.*`) are pooled in the same way over the
//! dyads in which that state appears (Pakistan in all three built-ins) and belong
//! to their dyad when it appears in one only. The posterior
//! is approximated by [`calibrate::fit_penalized`] (Laplace).

use calibrate::{FitError, PenalizedOptions, PosteriorApproximation, PriorSpec, fit_penalized};
use model::ModelParams;
use scenario::{Confidence, Domain, Param, PosteriorSpec, Scenario, parameter_paths, set_parameter};

use crate::likelihood::{RecordDays, Reporting, record_log_likelihood, record_start};

/// One fitted quantity: a `dynamics.*` constant (same name in every scenario) or a
/// parameter of each state (`state.<id>.<field>`).
#[derive(Clone, Debug, PartialEq)]
pub enum FitTarget {
    Dynamics(String),
    State(String),
}

impl FitTarget {
    fn names(&self, sc: &Scenario) -> Vec<String> {
        match self {
            FitTarget::Dynamics(f) => vec![format!("dynamics.{f}")],
            FitTarget::State(f) => sc.state.iter().map(|s| format!("state.{}.{f}", s.id)).collect(),
        }
    }
}

/// Which parameters a fit estimates.
#[derive(Clone, Debug, PartialEq)]
pub struct FitPlan {
    pub targets: Vec<FitTarget>,
    /// Prior sd of a dyad's deviation from a pooled value, as a share of that value's prior sd.
    pub shrinkage: f64,
    pub reporting: Reporting,
}

impl FitPlan {
    /// The escalation and diplomacy layer: how much a blamed death presses a
    /// government, the value of holding, the costs of climbing and of rupturing
    /// ties, the expected price of retaliation, the pull of hostility, the value
    /// of repairing relations and the cost of looking weak, and each state's fear of war.
    pub fn escalation() -> FitPlan {
        let d = |s: &str| FitTarget::Dynamics(s.to_string());
        FitPlan {
            targets: vec![
                FitTarget::State("pressure_per_death".into()),
                FitTarget::State("fear_of_war".into()),
                d("inertia"),
                d("rung_cost"),
                d("rupture_cost"),
                d("retaliation_cost"),
                d("hostility_weight"),
                d("deescalation_value"),
                d("weakness_cost"),
            ],
            shrinkage: 0.5,
            reporting: Reporting::press(),
        }
    }
}

/// One dyad's record and the scenario that supplies its priors and fixed values.
#[derive(Clone, Debug)]
pub struct DyadRecord {
    pub scenario: Scenario,
    pub record: RecordDays,
    /// Where the record comes from (file or chronology name, dates), for provenance.
    pub provenance: String,
}

/// What each coordinate of the parameter vector is.
#[derive(Clone, Debug, PartialEq)]
enum Slot {
    /// A pooled `dynamics.*` value shared by every dyad; its prior carries the scale
    /// on which dyads deviate from it.
    Shared { name: String, prior: PriorSpec },
    /// Dyad `dyad`'s deviation from the shared value in slot `shared`.
    Deviation { shared: usize, dyad: usize },
    /// A parameter of one dyad's scenario.
    Own { dyad: usize, name: String },
}

fn domain_bounds(domain: Domain) -> (f64, f64) {
    match domain {
        Domain::NonNegative | Domain::Positive => (0.0, f64::INFINITY),
        Domain::Unit => (0.0, 1.0),
        Domain::Subcritical => (0.0, 1.0),
        Domain::Between(lo, hi) => (lo, hi),
    }
}

fn prior_of(name: String, p: &Param, domain: Domain) -> PriorSpec {
    let (lo, hi) = domain_bounds(domain);
    PriorSpec::from_range(name, p.value, p.range[0], p.range[1], lo, hi)
}

/// One fitted value, for one dyad (or shared).
#[derive(Clone, Debug, PartialEq)]
pub struct FittedValue {
    /// Scenario name, or `None` for a pooled value shared by all dyads.
    pub dyad: Option<String>,
    /// Parameter name (`dynamics.inertia`, `state.iran.pressure_per_death`).
    pub name: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub prior: Param,
}

/// The result of [`fit_decision_layer`].
#[derive(Clone, Debug)]
pub struct DecisionFit {
    pub dyads: Vec<String>,
    /// Every dyad's value of every fitted parameter (pooled ones once per dyad), then the shared values.
    pub values: Vec<FittedValue>,
    pub log_likelihood: f64,
    pub log_likelihood_at_prior: f64,
    pub days_scored: usize,
    pub moves: usize,
    pub converged: bool,
    pub iterations: usize,
    /// Ridge added to the posterior curvature (0: none needed); see `calibrate::fit_penalized`.
    pub ridge: f64,
    pub posterior: PosteriorApproximation,
    plan: FitPlan,
    slots: Vec<Slot>,
    provenance: Vec<String>,
}

/// The parameter vector's layout and priors for a plan and some dyads.
fn layout(plan: &FitPlan, dyads: &[DyadRecord]) -> Result<(Vec<Slot>, Vec<PriorSpec>), FitError> {
    let mut slots = Vec::new();
    let mut priors = Vec::new();
    let param_of = |sc: &Scenario, name: &str| parameter_paths(sc).into_iter().find(|p| p.name == name);
    for target in &plan.targets {
        // Every name the target has in some dyad, in order of first appearance.
        let mut names: Vec<String> = Vec::new();
        for dyad in dyads {
            for name in target.names(&dyad.scenario) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        for name in names {
            let holders: Vec<usize> = (0..dyads.len()).filter(|&d| param_of(&dyads[d].scenario, &name).is_some()).collect();
            if matches!(target, FitTarget::Dynamics(_)) && holders.len() != dyads.len() {
                return Err(FitError::InvalidOption("a fitted parameter is missing from a scenario"));
            }
            if matches!(target, FitTarget::State(_)) && holders.len() == 1 {
                let d = holders[0];
                let r = param_of(&dyads[d].scenario, &name).expect("held");
                slots.push(Slot::Own { dyad: d, name: name.clone() });
                priors.push(prior_of(format!("{} {name}", dyads[d].scenario.meta.name), &r.param, r.domain));
                continue;
            }
            // Pooled: a `dynamics.*` constant over every dyad, or a parameter of a state
            // that appears in several dyads (Pakistan in all three built-ins: one
            // government), each dyad deviating from the shared value.
            let refs: Vec<_> = holders.iter().filter_map(|&d| param_of(&dyads[d].scenario, &name)).collect();
            let n = refs.len() as f64;
            let own: Vec<PriorSpec> = refs.iter().map(|r| prior_of(name.clone(), &r.param, r.domain)).collect();
            let (lo, hi) = domain_bounds(refs[0].domain);
            let prior = PriorSpec {
                name: format!("shared {name}"),
                centre: refs.iter().map(|r| r.param.value).sum::<f64>() / n,
                sd_z: own.iter().map(|p| p.sd_z).sum::<f64>() / n,
                lower: lo,
                upper: hi,
            };
            let shared = slots.len();
            slots.push(Slot::Shared { name: name.clone(), prior: prior.clone() });
            priors.push(prior.clone());
            if holders.len() > 1 {
                // A dyad's value is the shared one moved by its deviation on the
                // unconstrained scale (see `deviate`), so it stays inside the domain.
                for &d in &holders {
                    slots.push(Slot::Deviation { shared, dyad: d });
                    priors.push(PriorSpec {
                        name: format!("{} {name} deviation", dyads[d].scenario.meta.name),
                        centre: 0.0,
                        sd_z: plan.shrinkage * prior.sd_z,
                        lower: f64::NEG_INFINITY,
                        upper: f64::INFINITY,
                    });
                }
            }
        }
    }
    Ok((slots, priors))
}

/// Each dyad's (parameter name, value) assignments for a parameter vector.
fn assignments(slots: &[Slot], x: &[f64], n_dyads: usize) -> Vec<Vec<(String, f64)>> {
    let mut out = vec![Vec::new(); n_dyads];
    for (k, slot) in slots.iter().enumerate() {
        match slot {
            Slot::Shared { name, .. } => {
                let has_deviations = slots.iter().any(|s| matches!(s, Slot::Deviation { shared, .. } if *shared == k));
                if !has_deviations {
                    for dyad in out.iter_mut() {
                        dyad.push((name.clone(), x[k]));
                    }
                }
            }
            Slot::Deviation { shared, dyad } => {
                let Slot::Shared { name, prior } = &slots[*shared] else { unreachable!("deviations follow their shared slot") };
                out[*dyad].push((name.clone(), prior.to_x(prior.to_z(x[*shared]) + x[k])));
            }
            Slot::Own { dyad, name } => out[*dyad].push((name.clone(), x[k])),
        }
    }
    out
}

/// A scenario with values assigned, or `None` when a value leaves its domain.
fn assigned(sc: &Scenario, values: &[(String, f64)]) -> Option<Scenario> {
    let mut sc = sc.clone();
    for (name, v) in values {
        set_parameter(&mut sc, name, *v).ok()?;
    }
    Some(sc)
}

/// Log-likelihood of every dyad's record at parameter vector `x`, with tallies.
fn total_log_likelihood(plan: &FitPlan, slots: &[Slot], dyads: &[DyadRecord], x: &[f64]) -> (f64, usize, usize) {
    let mut total = 0.0;
    let (mut days, mut moves) = (0, 0);
    for (dyad, values) in dyads.iter().zip(assignments(slots, x, dyads.len())) {
        let Some(sc) = assigned(&dyad.scenario, &values) else { return (f64::NEG_INFINITY, 0, 0) };
        let p = ModelParams::new(&sc, &sc.default_levers());
        let tally = record_log_likelihood(&p, &record_start(&p), &dyad.record, &plan.reporting);
        total += tally.log_likelihood;
        days += tally.days_scored;
        moves += tally.moves;
    }
    (total, days, moves)
}

/// Fits `plan` to the records of `dyads` (at least one).
pub fn fit_decision_layer(plan: &FitPlan, dyads: &[DyadRecord], opts: &PenalizedOptions) -> Result<DecisionFit, FitError> {
    if dyads.is_empty() {
        return Err(FitError::InvalidOption("no records to fit"));
    }
    let (slots, priors) = layout(plan, dyads)?;
    let fit = fit_penalized(&priors, |x| total_log_likelihood(plan, &slots, dyads, x).0, opts)?;
    let x = fit.values();
    let (ll, days_scored, moves) = total_log_likelihood(plan, &slots, dyads, &x);
    let names: Vec<String> = dyads.iter().map(|d| d.scenario.meta.name.clone()).collect();
    let mut values = Vec::new();
    // Per-dyad values with intervals from posterior draws of the sums (pooled) or the estimate (own).
    let draws = posterior_draws(&fit.posterior, 2000, 20_241_214);
    for (d, dyad) in dyads.iter().enumerate() {
        let point = &assignments(&slots, &x, dyads.len())[d];
        for (j, (name, value)) in point.iter().enumerate() {
            let mut sample: Vec<f64> = draws.iter().map(|xd| assignments(&slots, xd, dyads.len())[d][j].1).collect();
            sample.sort_by(f64::total_cmp);
            let q = |p: f64| sample[((p * (sample.len() - 1) as f64).round() as usize).min(sample.len() - 1)];
            let prior = parameter_paths(&dyad.scenario).into_iter().find(|p| &p.name == name).expect("fitted names exist").param;
            values.push(FittedValue { dyad: Some(names[d].clone()), name: name.clone(), value: *value, low: q(0.025), high: q(0.975), prior });
        }
    }
    for (k, slot) in slots.iter().enumerate() {
        if let Slot::Shared { name, .. } = slot {
            let e = &fit.estimates[k];
            let prior = dyads
                .iter()
                .find_map(|d| parameter_paths(&d.scenario).into_iter().find(|p| &p.name == name))
                .expect("fitted names exist")
                .param;
            values.push(FittedValue { dyad: None, name: name.clone(), value: e.value, low: e.low, high: e.high, prior });
        }
    }
    Ok(DecisionFit {
        dyads: names,
        values,
        log_likelihood: ll,
        log_likelihood_at_prior: fit.log_likelihood_at_prior,
        days_scored,
        moves,
        converged: fit.converged,
        iterations: fit.iterations,
        ridge: fit.ridge,
        posterior: fit.posterior,
        plan: plan.clone(),
        slots,
        provenance: dyads.iter().map(|d| d.provenance.clone()).collect(),
    })
}

/// The covariance `A Σ Aᵀ` of `A z` when `z` has covariance `Σ = L Lᵀ`, as `(A L)(A L)ᵀ`.
fn mapped_covariance(a: &[Vec<f64>], l: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = l.len();
    let al: Vec<Vec<f64>> = a.iter().map(|row| (0..n).map(|j| (0..n).map(|k| row[k] * l[k][j]).sum()).collect()).collect();
    al.iter().map(|r| al.iter().map(|q| r.iter().zip(q).map(|(x, y)| x * y).sum()).collect()).collect()
}

fn posterior_draws(post: &PosteriorApproximation, n: usize, seed: u64) -> Vec<Vec<f64>> {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(|_| post.draw(&mut rng)).collect()
}

impl DecisionFit {
    /// The fitted values of dyad `name`.
    pub fn values_of(&self, name: &str) -> Vec<&FittedValue> {
        self.values.iter().filter(|v| v.dyad.as_deref() == Some(name)).collect()
    }

    /// `scenario` (dyad `name`'s) with every fitted value written in: the value is
    /// the posterior mode, the range its 95 % interval, the source says how it was
    /// fitted and what the prior was, the tag stays [A] (a value derived by us).
    pub fn fitted_scenario(&self, name: &str, scenario: &Scenario) -> Option<Scenario> {
        let d = self.dyads.iter().position(|n| n == name)?;
        let mut sc = scenario.clone();
        let pooled = if self.dyads.len() > 1 { format!(", pooled over {}", self.dyads.join(", ")) } else { String::new() };
        for v in self.values_of(name) {
            let source = format!(
                "Fitted by penalized maximum likelihood of the decision layer to {}{pooled}; 95% interval [{:.4}, {:.4}]; prior {} in [{}, {}] from: {}",
                self.provenance[d], v.low, v.high, v.prior.value, v.prior.range[0], v.prior.range[1], v.prior.source
            );
            let low = v.low.min(v.value);
            let high = v.high.max(v.value);
            scenario::replace_parameter(
                &mut sc,
                &v.name,
                Param { value: v.value, range: [low, high], unit: v.prior.unit.clone(), source, tag: Confidence::A },
            )
            .ok()?;
        }
        sc.posterior = Some(self.posterior_spec(name)?);
        Some(sc)
    }

    /// The posterior of dyad `name`'s fitted parameters, on their own unbounded
    /// scales: each is the shared value's z plus the dyad's deviation (pooled) or its
    /// own z, a linear map of the fit's Gaussian, so it is Gaussian too.
    pub fn posterior_spec(&self, name: &str) -> Option<PosteriorSpec> {
        let d = self.dyads.iter().position(|n| n == name)?;
        let priors = &self.posterior.priors;
        let n_full = priors.len();
        // Rows of the linear map from the fit's z to this dyad's z, with the bounds.
        let mut rows: Vec<(String, Vec<f64>, f64, f64)> = Vec::new();
        for (k, slot) in self.slots.iter().enumerate() {
            let mut row = vec![0.0; n_full];
            match slot {
                Slot::Own { dyad, name } if *dyad == d => {
                    row[k] = 1.0;
                    rows.push((name.clone(), row, priors[k].lower, priors[k].upper));
                }
                Slot::Shared { name, prior } => {
                    // A pooled state parameter belongs only to the dyads that have the state.
                    let has_deviations = self.slots.iter().any(|s| matches!(s, Slot::Deviation { shared, .. } if *shared == k));
                    let dev = self.slots.iter().position(|s| matches!(s, Slot::Deviation { shared, dyad } if *shared == k && *dyad == d));
                    if has_deviations && dev.is_none() {
                        continue;
                    }
                    row[k] = 1.0;
                    if let Some(dev) = dev {
                        row[dev] = 1.0;
                    }
                    rows.push((name.clone(), row, prior.lower, prior.upper));
                }
                _ => {}
            }
        }
        let l = &self.posterior.chol;
        // Σ = L Lᵀ; the dyad's covariance A Σ Aᵀ = (A L)(A L)ᵀ.
        let map: Vec<Vec<f64>> = rows.iter().map(|r| r.1.clone()).collect();
        let cov = mapped_covariance(&map, l);
        let chol = calibrate::cholesky(&cov)?;
        let mode_z = rows.iter().map(|(_, a, _, _)| a.iter().zip(&self.posterior.mode_z).map(|(a, z)| a * z).sum()).collect();
        Some(PosteriorSpec {
            method: "laplace".into(),
            provenance: format!("penalized maximum likelihood of the decision layer, {}", self.provenance[d]),
            parameters: rows.iter().map(|r| r.0.clone()).collect(),
            lower: rows.iter().map(|r| if r.2.is_finite() { r.2 } else { 0.0 }).collect(),
            upper: rows.iter().map(|r| if r.3.is_finite() { r.3 } else { 0.0 }).collect(),
            lower_bounded: rows.iter().map(|r| r.2.is_finite()).collect(),
            upper_bounded: rows.iter().map(|r| r.3.is_finite()).collect(),
            mode_z,
            cholesky: chol,
        })
    }

    /// A dyad the fit has not seen (leave-one-dyad-out): its pooled constants are the
    /// shared values plus an unknown deviation (the predictive for a new dyad: the
    /// shared posterior with the deviation's prior variance added), its own states'
    /// parameters keep their priors. Returns the scenario with those values and a
    /// `[posterior]` table that forecasts draw from.
    pub fn scenario_for_new_dyad(&self, scenario: &Scenario) -> Option<Scenario> {
        let priors = &self.posterior.priors;
        let n_full = priors.len();
        let l = &self.posterior.chol;
        let mut names = Vec::new();
        let mut rows: Vec<Vec<f64>> = Vec::new();
        let mut extra_var = Vec::new();
        let mut centre = Vec::new();
        let mut bounds = Vec::new();
        let own_names: Vec<String> = parameter_paths(scenario).into_iter().map(|p| p.name).collect();
        for (k, slot) in self.slots.iter().enumerate() {
            if let Slot::Shared { name, prior } = slot {
                // A pooled state parameter of a state the new dyad does not have.
                if !own_names.contains(name) {
                    continue;
                }
                let mut row = vec![0.0; n_full];
                row[k] = 1.0;
                rows.push(row);
                names.push(name.clone());
                centre.push(self.posterior.mode_z[k]);
                let tau = self.slots.iter().position(|s| matches!(s, Slot::Deviation { shared, .. } if *shared == k)).map_or(0.0, |d| priors[d].sd_z);
                extra_var.push(tau * tau);
                bounds.push((prior.lower, prior.upper));
            }
        }
        // Covariance of the shared part, plus the new dyad's deviation variance.
        let mut cov = mapped_covariance(&rows, l);
        for (i, v) in extra_var.iter().enumerate() {
            cov[i][i] += v;
        }
        // The dyad's own state parameters of the plan, at their priors, unless the
        // state was in the fit (then its pooled value, above).
        let mut out = scenario.clone();
        for target in &self.plan.targets {
            if let FitTarget::State(_) = target {
                for name in target.names(scenario) {
                    if names.contains(&name) {
                        continue;
                    }
                    let r = parameter_paths(scenario).into_iter().find(|p| p.name == name)?;
                    let prior = prior_of(name.clone(), &r.param, r.domain);
                    let i = cov.len();
                    for row in cov.iter_mut() {
                        row.push(0.0);
                    }
                    let mut row = vec![0.0; i + 1];
                    row[i] = prior.sd_z * prior.sd_z;
                    cov.push(row);
                    names.push(name);
                    centre.push(prior.centre_z());
                    bounds.push((prior.lower, prior.upper));
                }
            }
        }
        let chol = calibrate::cholesky(&cov)?;
        let post = PosteriorSpec {
            method: "laplace".into(),
            provenance: format!(
                "the shared values of a decision-layer fit to {} with a new dyad's deviation; states not in the fit at their priors",
                self.provenance.join("; ")
            ),
            parameters: names.clone(),
            lower: bounds.iter().map(|b| if b.0.is_finite() { b.0 } else { 0.0 }).collect(),
            upper: bounds.iter().map(|b| if b.1.is_finite() { b.1 } else { 0.0 }).collect(),
            lower_bounded: bounds.iter().map(|b| b.0.is_finite()).collect(),
            upper_bounded: bounds.iter().map(|b| b.1.is_finite()).collect(),
            mode_z: centre,
            cholesky: chol,
        };
        for (name, v) in names.iter().zip(post.values_of(&post.mode_z)) {
            set_parameter(&mut out, name, v).ok()?;
        }
        out.posterior = Some(post);
        Some(out)
    }

    /// A parameter draw for dyad `name` from the posterior approximation: the
    /// fitted parameters' (name, value) pairs.
    pub fn draw_for<R: rand::Rng>(&self, name: &str, rng: &mut R) -> Option<Vec<(String, f64)>> {
        let d = self.dyads.iter().position(|n| n == name)?;
        let x = self.posterior.draw(rng);
        Some(assignments(&self.slots, &x, self.dyads.len()).swap_remove(d))
    }

    /// The plan this fit followed.
    pub fn plan(&self) -> &FitPlan {
        &self.plan
    }
}
