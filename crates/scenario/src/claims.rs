//! Claims: statements from a source restated as experiments on the scenario.
//!
//! A `[[claim]]` names its arms (levers, `--set` values, shocks), what is
//! measured in each run, how the arms are compared and the side of a bound the
//! 95 % interval must lie on. This module holds the format and the checks that
//! need nothing but the scenario (ids, arms, days, the shape of each measure);
//! outcome names are checked against the engine's outcome registry by the
//! `claims` crate, which also evaluates them. `docs/model.md` §12 documents
//! the vocabulary.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::levers::parse_shock;
use crate::params::set_parameter;
use crate::validate::{valid_id, Checker};
use crate::Scenario;

/// The longest horizon a claim may run, in days (ten years).
pub const MAX_CLAIM_DAYS: u32 = 3650;

/// Name of the arm a claim without `[[claim.arm]]` entries runs: the scenario as it is.
pub const STATUS_QUO_ARM: &str = "status_quo";

/// One claim of the scenario's source, as an experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimSpec {
    /// Short identifier (lower-case letters, digits, `_`), unique in the scenario.
    pub id: String,
    /// What the source asserts, in our words.
    pub statement: String,
    /// Where it is asserted (document and paragraph).
    pub source: String,
    /// Horizon of every arm; by default the latest day any check reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// The experiment's arms; none means one arm, `status_quo`, with the scenario as it is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arm: Vec<ArmSpec>,
    /// What is measured in each run (the claim's first check).
    pub measure: MeasureSpec,
    /// How the arms are compared; may be left out when there is one arm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// The side of a bound the interval must lie on.
    pub bound: Bound,
    /// Further checks on the same runs; the claim holds only when every check does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check: Vec<CheckSpec>,
}

/// One arm: the scenario with these levers, parameter values and shocks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArmSpec {
    /// Identifier used by the comparison and in outputs.
    pub name: String,
    /// Lever settings by the names `--lever` takes (`development` sets both regions).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub levers: BTreeMap<String, f64>,
    /// Parameter values by the names `--set` takes (`faultline scenario params`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, f64>,
    /// Shocks in the `--shock` syntax, e.g. `attack:iran:30@10`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shocks: Vec<String>,
}

/// A further check of a claim: a measure, a comparison and a bound.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    pub measure: MeasureSpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    pub bound: Bound,
}

/// What is measured in each run. Exactly one of `probability`, `quantity` and
/// `share` is given; `day` is the day it is read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureSpec {
    /// An event outcome (e.g. `cross_border_strike`): 1 when it happened by `day`, else 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<String>,
    /// A quantity outcome, or a sum of them with whole or decimal weights,
    /// e.g. `attacks_iran + attacks_pakistan` or `deescalations_iran - escalations_iran`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    /// A property of a run; the measure is the share of runs that have it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<RunProperty>,
    /// The day the measure is read (1 = the first simulated day).
    pub day: u32,
    /// For `attacks_in_every_state`: the window is the days after `since` up to `day`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<u32>,
    /// For `short_first_episode`: the longest episode, in days, that counts as short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<u32>,
    /// Count only runs in which this event outcome happened by `day` (single arm only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
}

/// A property of one run, for `share` measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunProperty {
    /// The tension index on `day` is below its value on day 0.
    TensionBelowStart,
    /// At least one attack inside every state a group attacks, in the days after `since` up to `day`.
    AttacksInEveryState,
    /// The run has a crisis episode and the first one lasts at most `within` days.
    ShortFirstEpisode,
}

/// What a measure is, once checked: the typed view of a [`MeasureSpec`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MeasureKind<'a> {
    Probability(&'a str),
    Quantity(&'a str),
    Share(RunProperty),
}

impl MeasureSpec {
    /// The measure's kind (a validated spec has exactly one).
    pub fn kind(&self) -> MeasureKind<'_> {
        match (&self.probability, &self.quantity, &self.share) {
            (Some(name), _, _) => MeasureKind::Probability(name),
            (_, Some(expr), _) => MeasureKind::Quantity(expr),
            (_, _, Some(property)) => MeasureKind::Share(*property),
            (None, None, None) => panic!("validated measures have a kind"),
        }
    }
}

/// How the arms' measures become one effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Comparison {
    /// The measure's mean in one arm.
    Arm(String),
    /// `[a, b]`: mean in `a` minus mean in `b`, paired run by run.
    Difference([String; 2]),
    /// `[a, b]`: mean in `a` divided by mean in `b`.
    Ratio([String; 2]),
    /// Σ weight × measure over the arms named, paired run by run.
    Contrast(BTreeMap<String, f64>),
}

/// The side of a bound the whole 95 % interval must lie on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Bound {
    /// The lower end of the interval exceeds this value.
    Above(f64),
    /// The upper end of the interval is below this value.
    Below(f64),
}

/// One term of a quantity expression: `weight × name`.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantityTerm {
    pub weight: f64,
    pub name: String,
}

/// Parses a quantity expression such as `attacks_iran + attacks_pakistan` or
/// `2*attacks_iran - 0.5*fatalities_iran`: names joined by `+` and `-`, each with an
/// optional `NUMBER*` weight. The error says what is wrong.
pub fn quantity_terms(expr: &str) -> Result<Vec<QuantityTerm>, String> {
    let mut res = Vec::new();
    let mut rest = expr.trim();
    let mut sign = 1.0;
    if let Some(r) = rest.strip_prefix('-') {
        sign = -1.0;
        rest = r.trim_start();
    }
    loop {
        let end = rest.find(['+', '-']).unwrap_or(rest.len());
        let term = rest[..end].trim();
        let (weight, name) = match term.split_once('*') {
            Some((w, n)) => {
                let w: f64 = w.trim().parse().map_err(|_| format!("`{}` is not a number in `{expr}`", w.trim()))?;
                (w, n.trim())
            }
            None => (1.0, term),
        };
        if !valid_id(name) {
            return Err(format!(
                "`{name}` is not an outcome name in `{expr}`; expected names joined by + and -, each with an optional NUMBER* weight"
            ));
        }
        if !weight.is_finite() || weight == 0.0 {
            return Err(format!("weight {weight} of `{name}` must be a finite number other than 0"));
        }
        res.push(QuantityTerm { weight: sign * weight, name: name.to_string() });
        if end == rest.len() {
            return Ok(res);
        }
        sign = if rest[end..].starts_with('-') { -1.0 } else { 1.0 };
        rest = rest[end + 1..].trim_start();
    }
}

/// One check of a claim, borrowed: the headline (`measure`, `comparison`, `bound`) or a `[[claim.check]]`.
#[derive(Clone, Copy, Debug)]
pub struct CheckRef<'a> {
    pub measure: &'a MeasureSpec,
    pub comparison: Option<&'a Comparison>,
    pub bound: Bound,
    /// Index in `[[claim.check]]`; `None` for the headline.
    pub check_index: Option<usize>,
}

impl ClaimSpec {
    /// The arms run: the declared ones, or one `status_quo` arm.
    pub fn arms(&self) -> Vec<ArmSpec> {
        if self.arm.is_empty() {
            vec![ArmSpec { name: STATUS_QUO_ARM.to_string(), levers: BTreeMap::new(), set: BTreeMap::new(), shocks: Vec::new() }]
        } else {
            self.arm.clone()
        }
    }

    /// Every check, the headline first.
    pub fn checks(&self) -> Vec<CheckRef<'_>> {
        let mut res =
            vec![CheckRef { measure: &self.measure, comparison: self.comparison.as_ref(), bound: self.bound, check_index: None }];
        for (idx, c) in self.check.iter().enumerate() {
            res.push(CheckRef { measure: &c.measure, comparison: c.comparison.as_ref(), bound: c.bound, check_index: Some(idx) });
        }
        res
    }

    /// The horizon: `days`, or the latest day a check reads.
    pub fn horizon(&self) -> u32 {
        self.days.unwrap_or_else(|| self.checks().iter().map(|c| c.measure.day).max().unwrap_or(1))
    }

    /// The days at which cumulative quantities are recorded: every `day` and `since` of
    /// the checks, and the horizon, increasing.
    pub fn checkpoints(&self) -> Vec<u32> {
        let mut res: Vec<u32> = self.checks().iter().flat_map(|c| [Some(c.measure.day), c.measure.since]).flatten().collect();
        res.push(self.horizon());
        res.retain(|&d| d >= 1);
        res.sort_unstable();
        res.dedup();
        res
    }
}

impl CheckRef<'_> {
    /// Field path of this check within claim `claim_idx`.
    pub fn path(&self, claim_idx: usize) -> String {
        match self.check_index {
            None => format!("claim[{claim_idx}]"),
            Some(idx) => format!("claim[{claim_idx}].check[{idx}]"),
        }
    }
}

/// Checks every claim against the scenario (everything but outcome names, which the
/// engine's registry knows).
pub(crate) fn validate_claims(scenario: &Scenario, c: &mut Checker<'_>) {
    for (idx, claim) in scenario.claim.iter().enumerate() {
        let at = format!("claim[{idx}]");
        if !valid_id(&claim.id) {
            c.fail(&format!("{at}.id"), format!("`{}` is not a usable claim id; expected lower-case letters, digits and `_`", claim.id));
        }
        if scenario.claim[..idx].iter().any(|o| o.id == claim.id) {
            c.fail(&format!("{at}.id"), format!("claim id `{}` is used twice", claim.id));
        }
        if claim.statement.trim().is_empty() {
            c.fail(&format!("{at}.statement"), "every claim needs a statement".to_string());
        }
        if claim.source.trim().is_empty() {
            c.fail(&format!("{at}.source"), "every claim needs a source (document and paragraph)".to_string());
        }
        let horizon = claim.horizon();
        if let Some(days) = claim.days
            && !(1..=MAX_CLAIM_DAYS).contains(&days)
        {
            c.fail(&format!("{at}.days"), format!("{days} is out of range; allowed 1..={MAX_CLAIM_DAYS}"));
        }
        let arms = claim.arms();
        let names: Vec<&str> = arms.iter().map(|a| a.name.as_str()).collect();
        for (a, arm) in claim.arm.iter().enumerate() {
            let at = format!("{at}.arm[{a}]");
            if !valid_id(&arm.name) {
                c.fail(&format!("{at}.name"), format!("`{}` is not a usable arm name; expected lower-case letters, digits and `_`", arm.name));
            }
            if claim.arm[..a].iter().any(|o| o.name == arm.name) {
                c.fail(&format!("{at}.name"), format!("arm name `{}` is used twice", arm.name));
            }
            let mut levers = scenario.default_levers();
            for (name, value) in &arm.levers {
                if let Err(err) = levers.set(name, *value, scenario) {
                    c.fail(&format!("{at}.levers"), input_message(&err));
                }
            }
            let mut copy = scenario.clone();
            for (name, value) in &arm.set {
                if let Err(err) = set_parameter(&mut copy, name, *value) {
                    c.fail(&format!("{at}.set"), input_message(&err));
                }
            }
            for (s, text) in arm.shocks.iter().enumerate() {
                match parse_shock(text, scenario) {
                    Err(err) => c.fail(&format!("{at}.shocks[{s}]"), input_message(&err)),
                    Ok(shock) if shock.day > horizon => c.fail(
                        &format!("{at}.shocks[{s}]"),
                        format!("day {} is after the claim's horizon of {horizon} days", shock.day),
                    ),
                    Ok(_) => {}
                }
            }
        }
        for check in claim.checks() {
            validate_check(&check, &check.path(idx), &names, horizon, c);
        }
    }
}

/// The message of a lever, parameter or shock error, with the name it concerns.
fn input_message(err: &crate::ScenarioError) -> String {
    match err {
        crate::ScenarioError::Input { field, message } => format!("`{field}`: {message}"),
        other => other.to_string(),
    }
}

fn validate_check(check: &CheckRef<'_>, at: &str, arms: &[&str], horizon: u32, c: &mut Checker<'_>) {
    let m = check.measure;
    let mp = format!("{at}.measure");
    let kinds = [m.probability.is_some(), m.quantity.is_some(), m.share.is_some()].iter().filter(|&&k| k).count();
    if kinds != 1 {
        c.fail(&mp, "give exactly one of `probability` (an event outcome), `quantity` (outcomes joined by + and -) and `share` (a run property)".to_string());
        return;
    }
    if !(1..=horizon).contains(&m.day) {
        c.fail(&format!("{mp}.day"), format!("{} is outside the claim's horizon; allowed 1..={horizon}", m.day));
    }
    for (key, name) in [("probability", &m.probability), ("given", &m.given)] {
        if let Some(name) = name
            && !valid_id(name)
        {
            c.fail(&format!("{mp}.{key}"), format!("`{name}` is not an outcome name; `faultline scenario outcomes` lists them"));
        }
    }
    if let Some(expr) = &m.quantity
        && let Err(message) = quantity_terms(expr)
    {
        c.fail(&format!("{mp}.quantity"), message);
    }
    let property = m.share;
    match (property, m.since) {
        (Some(RunProperty::AttacksInEveryState), None) => {
            c.fail(&mp, "`attacks_in_every_state` needs `since`, the day after which the window starts".to_string())
        }
        (Some(RunProperty::AttacksInEveryState), Some(since)) if !(1..m.day).contains(&since) => {
            c.fail(&format!("{mp}.since"), format!("{since} is out of range; allowed 1..{} (before `day`)", m.day))
        }
        (Some(RunProperty::AttacksInEveryState), Some(_)) => {}
        (_, Some(_)) => c.fail(&format!("{mp}.since"), "`since` belongs only to `share = \"attacks_in_every_state\"`".to_string()),
        (_, None) => {}
    }
    match (property, m.within) {
        (Some(RunProperty::ShortFirstEpisode), None) => {
            c.fail(&mp, "`short_first_episode` needs `within`, the longest episode in days that counts as short".to_string())
        }
        (Some(RunProperty::ShortFirstEpisode), Some(0)) => c.fail(&format!("{mp}.within"), "must be at least 1 day".to_string()),
        (Some(RunProperty::ShortFirstEpisode), Some(_)) if m.day != horizon => c.fail(
            &format!("{mp}.day"),
            format!("the first episode is read over the whole run; `day` must be the horizon, {horizon}"),
        ),
        (Some(RunProperty::ShortFirstEpisode), Some(_)) => {}
        (_, Some(_)) => c.fail(&format!("{mp}.within"), "`within` belongs only to `share = \"short_first_episode\"`".to_string()),
        (_, None) => {}
    }
    if m.given.is_some() && m.quantity.is_some() {
        c.fail(&format!("{mp}.given"), "`given` conditions probabilities and shares, not quantities".to_string());
    }
    let cp = format!("{at}.comparison");
    let known = || arms.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
    let need_arm = |name: &str, c: &mut Checker<'_>| {
        if !arms.contains(&name) {
            c.fail(&cp, format!("`{name}` is not an arm of this claim; expected one of {}", known()));
        }
    };
    match check.comparison {
        None if arms.len() != 1 => c.fail(
            at,
            format!(
                "this claim has {} arms; give a `comparison`: {{ arm = NAME }}, {{ difference = [A, B] }}, {{ ratio = [A, B] }} or {{ contrast = {{ NAME = WEIGHT, … }} }}",
                arms.len()
            ),
        ),
        None | Some(Comparison::Arm(_)) => {
            if let Some(Comparison::Arm(name)) = check.comparison {
                need_arm(name, c);
            }
        }
        Some(Comparison::Difference([a, b]) | Comparison::Ratio([a, b])) => {
            need_arm(a, c);
            need_arm(b, c);
            if a == b {
                c.fail(&cp, format!("compares arm `{a}` with itself; name two different arms"));
            }
        }
        Some(Comparison::Contrast(weights)) => {
            for (name, weight) in weights {
                need_arm(name, c);
                if !weight.is_finite() || *weight == 0.0 {
                    c.fail(&cp, format!("weight {weight} of `{name}` must be a finite number other than 0"));
                }
            }
            if weights.len() < 2 {
                c.fail(&cp, "a contrast weighs at least two arms".to_string());
            }
        }
    }
    if m.given.is_some() && !matches!(check.comparison, None | Some(Comparison::Arm(_))) {
        c.fail(&format!("{mp}.given"), "`given` is allowed only when the check reads one arm".to_string());
    }
    let (Bound::Above(value) | Bound::Below(value)) = check.bound;
    if !value.is_finite() {
        c.fail(&format!("{at}.bound"), format!("{value} is not a finite number"));
    }
}
