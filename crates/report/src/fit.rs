//! What the record says about the model: the fitted decision layer against its
//! priors, and the backtest's skill and reliability (`faultline evaluate --summary`).
//! Shown by the HTML report and the dashboard.

use charts::{Axis, LineChart, Series, XLabels};
use serde::{Deserialize, Serialize};

use scenario::{Scenario, parameter_paths};

/// One fitted parameter: its prior (the hand-set value and range) and the fit.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FittedParameter {
    pub name: String,
    pub unit: String,
    /// The prior's value and range, as the fit's source records them; `None` when the
    /// source does not say (a posterior written by other means).
    pub prior_value: Option<f64>,
    pub prior_range: Option<[f64; 2]>,
    /// The posterior mode and its 95 % interval.
    pub value: f64,
    pub interval: [f64; 2],
}

/// The fitted parameters of a scenario with a `[posterior]` table, in its order;
/// empty for a scenario that was not fitted.
pub fn fitted_parameters(sc: &Scenario) -> Vec<FittedParameter> {
    let Some(post) = &sc.posterior else { return Vec::new() };
    let params = parameter_paths(sc);
    post.parameters
        .iter()
        .filter_map(|name| {
            let p = params.iter().find(|p| &p.name == name)?;
            let (prior_value, prior_range) = prior_in_source(&p.param.source).unzip();
            Some(FittedParameter {
                name: name.clone(),
                unit: p.param.unit.clone(),
                prior_value,
                prior_range,
                value: p.param.value,
                interval: p.param.range,
            })
        })
        .collect()
}

/// The prior `V in [LO, HI]` that a fitted parameter's source records
/// (`learn::DecisionFit::fitted_scenario` writes it).
fn prior_in_source(source: &str) -> Option<(f64, [f64; 2])> {
    let rest = &source[source.find("; prior ")? + "; prior ".len()..];
    let (value, rest) = rest.split_once(" in [")?;
    let (range, _) = rest.split_once(']')?;
    let (lo, hi) = range.split_once(", ")?;
    Some((value.trim().parse().ok()?, [lo.trim().parse().ok()?, hi.trim().parse().ok()?]))
}

/// Skill of one group of backtest forecasts (a row of `docs/backtest.md`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SkillSummaryRow {
    /// A dyad, or `all` for the dyads pooled.
    pub dyad: String,
    pub horizon: u32,
    /// An outcome, `state actions` or `all`.
    pub outcome: String,
    pub forecasts: usize,
    pub events: usize,
    /// Log-score skill against the dyad's long-record climatology, with its
    /// moving-block bootstrap 95 % interval.
    pub log_skill: f64,
    pub log_skill_interval: [f64; 2],
    pub log_skill_reference_class: f64,
    pub brier_skill: f64,
}

/// One bin of the reliability diagram.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ReliabilityPoint {
    pub lower: f64,
    pub upper: f64,
    pub forecasts: usize,
    pub mean_forecast: Option<f64>,
    pub observed_frequency: Option<f64>,
}

/// The evaluation under one fitting (`prior`, `leave-one-dyad-out`, `rolling-yearly`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FittingSummary {
    pub fitting: String,
    pub rows: Vec<SkillSummaryRow>,
    pub reliability: Vec<ReliabilityPoint>,
    /// The combined fitting's weights: per dyad (learnt without it), then `all`
    /// (learnt from every dyad), which `faultline forecast` uses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub combination: Vec<CombinationSummary>,
}

/// The model's share in a forecast combined with the base rate, by outcome class.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CombinationSummary {
    /// The dyad these weights forecast (learnt without it), or `all`.
    pub dyad: String,
    /// For mass-casualty attacks.
    pub attacks: f64,
    /// For cross-border strikes, ambassador recalls and border closures.
    pub state_actions: f64,
}

/// The name of the combined fitting in an evaluation summary.
pub const COMBINED_FITTING: &str = "leave-one-dyad-out-combined";

/// The combination weights learnt from every dyad in the shipped evaluation, if it has them.
pub fn shipped_combination_weights() -> Option<CombinationSummary> {
    builtin_evaluation()
        .fittings
        .into_iter()
        .filter(|f| f.fitting == COMBINED_FITTING)
        .flat_map(|f| f.combination)
        .find(|c| c.dyad == "all")
}

/// What `faultline evaluate --summary FILE` writes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EvaluationSummary {
    pub schema: String,
    pub schema_version: u32,
    pub faultline_version: String,
    /// The command that produced it.
    pub command: String,
    pub runs_per_origin: usize,
    pub fittings: Vec<FittingSummary>,
}

pub const EVALUATION_SCHEMA: &str = "faultline.evaluation";
pub const EVALUATION_SCHEMA_VERSION: u32 = 1;

/// The evaluation of the built-in scenarios shipped with this version
/// (`docs/backtest.md` says how it was produced).
pub fn builtin_evaluation() -> EvaluationSummary {
    serde_json::from_str(include_str!("../data/evaluation.json")).expect("the shipped evaluation summary parses")
}

/// The shipped evaluation when `sc` is one of the built-in scenarios it scores, else `None`.
pub fn builtin_evaluation_for(sc: &Scenario) -> Option<EvaluationSummary> {
    scenario::builtin_text(&sc.meta.name).is_some().then(builtin_evaluation)
}

/// The rows worth showing for one dyad: pooled over dyads and that dyad's own,
/// for the pooled outcome groups, every fitting.
pub fn headline_rows<'a>(e: &'a EvaluationSummary, dyad: &str) -> Vec<(&'a str, &'a SkillSummaryRow)> {
    let mut out = Vec::new();
    for f in &e.fittings {
        for r in &f.rows {
            if (r.dyad == "all" || r.dyad == dyad) && (r.outcome == "state actions" || r.outcome == "all") {
                out.push((f.fitting.as_str(), r));
            }
        }
    }
    out
}

/// The reliability diagram of one fitting: mean forecast against observed frequency
/// per bin, with the diagonal of perfect calibration.
pub fn reliability_chart(f: &FittingSummary) -> String {
    let (x, y): (Vec<f64>, Vec<f64>) = f
        .reliability
        .iter()
        .filter_map(|b| Some((b.mean_forecast?, b.observed_frequency?)))
        .unzip();
    charts::line_chart(&LineChart {
        title: format!("Reliability of the backtest forecasts ({})", f.fitting),
        subtitle: "Mean forecast probability against the observed frequency, per tenth; all outcomes and dyads pooled".into(),
        description: "Line chart of observed frequency against mean forecast probability, with the diagonal of perfect calibration.".into(),
        x_labels: XLabels::Numbers,
        x_axis: Axis::new("Mean forecast probability", "").with_range(Some(0.0), Some(1.0)),
        y_axis: Axis::new("Observed frequency", "").with_range(Some(0.0), Some(1.0)),
        series: vec![
            Series::new("Perfect calibration", vec![0.0, 1.0], vec![0.0, 1.0]),
            Series::new("Backtest forecasts", x, y),
        ],
        references: Vec::new(),
    })
}

/// A number with three decimals and a sign.
pub fn signed(x: f64) -> String {
    format!("{x:+.3}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prior_is_read_from_a_fitted_source() {
        let s = "Fitted by penalized maximum likelihood of the decision layer to X; 95% interval [0.2924, 0.4065]; prior 0.9 in [0.4, 1.6] from: Calibrated so …";
        assert_eq!(prior_in_source(s), Some((0.9, [0.4, 1.6])));
        assert_eq!(prior_in_source("Hand-set; no prior here"), None);
    }

    #[test]
    fn builtin_scenarios_show_their_fit_against_the_prior() {
        let sc = scenario::builtin("iran-pakistan").unwrap();
        let prior = scenario::builtin_prior("iran-pakistan").unwrap();
        let fitted = fitted_parameters(&sc);
        assert_eq!(fitted.len(), sc.posterior.as_ref().unwrap().parameters.len());
        let prior_params = parameter_paths(&prior);
        for f in &fitted {
            let p = prior_params.iter().find(|p| p.name == f.name).unwrap();
            assert_eq!(f.prior_value, Some(p.param.value), "{}", f.name);
            assert_eq!(f.prior_range, Some(p.param.range), "{}", f.name);
            assert!(f.interval[0] <= f.value && f.value <= f.interval[1], "{}", f.name);
        }
        assert!(fitted_parameters(&prior).is_empty());
    }

    #[test]
    fn shipped_evaluation_has_every_fitting_pooled_at_both_horizons() {
        let e = builtin_evaluation();
        assert_eq!((e.schema.as_str(), e.schema_version), (EVALUATION_SCHEMA, EVALUATION_SCHEMA_VERSION));
        for f in &e.fittings {
            for h in [30, 365] {
                assert!(f.rows.iter().any(|r| r.dyad == "all" && r.horizon == h && r.outcome == "all"), "{} {h}", f.fitting);
            }
            assert_eq!(f.reliability.len(), 10);
            assert!(reliability_chart(f).starts_with("<svg"));
        }
        assert!(e.fittings.iter().any(|f| f.fitting == "leave-one-dyad-out"));
    }
}
