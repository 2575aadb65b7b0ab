//! The scenario: a complete, validated description of one dyad.
//!
//! A scenario is a TOML document that names the two neighbouring states, the
//! insurgent group that attacks each of them (and where it shelters), the
//! border region of each, the economic and energy ties between them, the third
//! parties and other fronts that press on each state, the policy levers, the
//! initial state and every model parameter. Every numeric parameter is a
//! [`Param`]: a value with an uncertainty range, a unit, a source and a
//! confidence tag ([V] verified, [R] recalled, [A] assumed).
//!
//! This crate owns the input format. It parses ([`parse`]), validates (every
//! error names the origin, line, column, field path and what is allowed) and
//! hands out [`Scenario`] values that the model can turn into parameters
//! without failing. It also owns the typed what-if inputs: [`Levers`] and
//! [`Shock`].
//!
//! It is not the model: it knows nothing about dynamics.

mod claims;
mod error;
mod levers;
mod locate;
mod params;
mod validate;

use serde::{Deserialize, Serialize};

pub use claims::{
    quantity_terms, ArmSpec, Bound, CheckRef, CheckSpec, ClaimSpec, Comparison, MeasureKind, MeasureSpec, QuantityTerm,
    RunProperty, MAX_CLAIM_DAYS, STATUS_QUO_ARM,
};
pub use error::ScenarioError;
pub use levers::{parse_shock, LeverSpec, Levers, Shock, ShockKind, LEVERS};
pub use params::{parameter_paths, parse_assignment, replace_parameter, set_parameter, uncertain_parameters, Domain, ParamRef};

/// Side index of the first state in the scenario (the order of `[[state]]`).
pub const FIRST: usize = 0;
/// Side index of the second state in the scenario.
pub const SECOND: usize = 1;

/// How sure a figure is, following the tags of the reference material.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    /// Verified in a retrieved source.
    V,
    /// Recalled standard result, not re-verified.
    R,
    /// Our assumption, or a value derived or calibrated by us.
    A,
}

/// One numeric parameter with its provenance and uncertainty range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The value the model uses.
    pub value: f64,
    /// Plausible range `[low, high]` used for sensitivity analysis.
    pub range: [f64; 2],
    /// Unit of `value`.
    pub unit: String,
    /// Where the value comes from (seed paragraph, literature reference).
    pub source: String,
    /// Confidence tag.
    pub tag: Confidence,
}

impl Param {
    /// True when the range is not a single point.
    pub fn is_uncertain(&self) -> bool {
        self.range[0] < self.range[1]
    }
}

/// A complete dyad scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub meta: Meta,
    /// Exactly two states; their order defines side indices 0 and 1.
    pub state: Vec<StateSpec>,
    /// At least one group; a state may have zero or several groups operating in it.
    pub insurgent_group: Vec<GroupSpec>,
    /// Exactly two border regions, one in each state.
    pub border_region: Vec<RegionSpec>,
    pub economy: EconomySpec,
    /// Third-party pressure and other fronts acting on each state.
    pub pressure: Vec<PressureSpec>,
    pub dynamics: DynamicsSpec,
    pub initial: InitialSpec,
    pub definitions: DefinitionsSpec,
    /// The status-quo setting of every policy lever.
    pub levers: LeverDefaults,
    /// The posterior of fitted parameters, written by `faultline calibrate --layer decision`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posterior: Option<PosteriorSpec>,
    /// Statements of the scenario's sources restated as experiments (`faultline claims`); may be empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claim: Vec<ClaimSpec>,
}

/// A Gaussian approximation of the posterior of some parameters, on the scale on
/// which each is unbounded: `z = logit((x − lower)/(upper − lower))` for a parameter
/// allowed in an interval, `z = ln(x − lower)` for one bounded below only, `z = x`
/// otherwise. Forecasts with `--parameters posterior` draw each run's values as
/// `z = mode_z + L·e` with `e` standard normal and `L` the lower Cholesky factor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PosteriorSpec {
    /// How it was obtained (`laplace`).
    pub method: String,
    /// What it was fitted to.
    pub provenance: String,
    /// Parameter names (as `faultline scenario params` lists them).
    pub parameters: Vec<String>,
    /// Lower bound of each parameter's domain (read only where `lower_bounded`).
    pub lower: Vec<f64>,
    /// Upper bound of each parameter's domain (read only where `upper_bounded`).
    pub upper: Vec<f64>,
    pub lower_bounded: Vec<bool>,
    pub upper_bounded: Vec<bool>,
    /// Posterior mode on the unbounded scale.
    pub mode_z: Vec<f64>,
    /// Lower Cholesky factor of the covariance on the unbounded scale, row by row.
    pub cholesky: Vec<Vec<f64>>,
}

impl PosteriorSpec {
    /// Maps a point of the unbounded scale to parameter values.
    pub fn values_of(&self, z: &[f64]) -> Vec<f64> {
        (0..self.parameters.len())
            .map(|k| {
                let (lo, hi) = (self.lower[k], self.upper[k]);
                match (self.lower_bounded[k], self.upper_bounded[k]) {
                    (true, true) => lo + (hi - lo) / (1.0 + (-z[k]).exp()),
                    (true, false) => lo + z[k].exp(),
                    (false, true) => hi - (-z[k]).exp(),
                    (false, false) => z[k],
                }
            })
            .collect()
    }

    /// The parameter values of one draw, given standard-normal numbers `e` (one per parameter).
    pub fn draw_from(&self, e: &[f64]) -> Vec<f64> {
        let z: Vec<f64> = (0..self.mode_z.len())
            .map(|i| self.mode_z[i] + (0..=i).map(|k| self.cholesky[i][k] * e[k]).sum::<f64>())
            .collect();
        self.values_of(&z)
    }
}

/// Descriptive metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub name: String,
    pub title: String,
    pub description: String,
    /// ISO date of day 0 (the scenario's present).
    pub start_date: String,
    /// Documents the scenario draws on.
    pub sources: Vec<String>,
}

/// One of the two states of the dyad.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSpec {
    pub id: String,
    /// Display name used in reports.
    pub name: String,
    pub note: String,
    /// ISO 3166-1 alpha-3 code (e.g. `PAK`): the country column of native events, ACLED `iso3`.
    pub iso3: String,
    /// FIPS 10-4 country code as GDELT uses it (e.g. `PK`).
    pub fips: String,
    /// Names of this state's forces and organs in event data (ACLED, UCDP GED and press
    /// spellings), matched case-insensitively as substrings by the importers.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Utility weight on the risk of war (w_W).
    pub fear_of_war: Param,
    /// Believed probability that the neighbour answers a strike in kind.
    pub retaliation_belief: Param,
    /// Domestic strain (0 = none, 1 = severe): amplifies pressure and grievance.
    pub domestic_strain: Param,
    /// Pressure added per attack death blamed on the neighbour's sanctuary.
    pub pressure_per_death: Param,
    /// Pressure added per unanswered strike on own territory.
    pub pressure_per_strike: Param,
    /// Share of pressure discharged by acting at the level demanded.
    pub honour_discharge: Param,
    /// Utility weight on bilateral trade at stake (per unit of trade relative to today).
    pub trade_stake: Param,
    /// Utility weight on energy ties at stake (fuel, electricity, pipeline).
    pub energy_stake: Param,
    /// Hostility toward the neighbour on day 0.
    pub initial_hostility: Param,
    /// Domestic pressure to act on day 0.
    pub initial_pressure: Param,
    /// Crises between this state and third parties, as a random process
    /// (`docs/model.md` §8.1). Absent: no outside shocks on this state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside: Option<OutsideShockSpec>,
}

/// Outside crises of one state (a war or major crisis with a third party, a
/// leader's fall, a regional war): onsets arrive as a Poisson process, each
/// lasts a log-normal number of days, loads the state's other fronts while it
/// lasts and, with some probability, makes the neighbour close the shared border.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutsideShockSpec {
    /// Onsets per year.
    pub onset_rate: Param,
    /// Median duration in days.
    pub median_days: Param,
    /// Standard deviation of the log duration.
    pub duration_spread: Param,
    /// Share of crises during which the neighbour closes the shared border.
    pub closure_share: Param,
    /// Load added to the state's other fronts while a crisis lasts.
    pub front_load: Param,
}

/// An insurgent group that attacks one state and shelters partly in the other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub id: String,
    pub name: String,
    pub note: String,
    /// State id where the group attacks.
    pub operates_in: String,
    /// State id where part of it shelters.
    pub shelters_in: String,
    /// Names and abbreviations of the group in event data, matched case-insensitively.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// First-level divisions (as event datasets spell them) where the group attacks.
    #[serde(default)]
    pub admin1: Vec<String>,
    /// Background attack rate on day 0 (μ0).
    pub background_rate: Param,
    /// Self-excitation branching ratio (n).
    pub branching: Param,
    /// Mean delay of triggered attacks (1/β).
    pub decay_days: Param,
    /// Attacks triggered per strike by the targeted state on the group's sanctuary.
    pub strike_provocation: Param,
    /// Share of capacity located across the border (s0).
    pub sanctuary_share: Param,
    /// Extra operational effectiveness of sheltered capacity (θ_s).
    pub haven_advantage: Param,
    /// Logistic recruitment rate at grievance 1.
    pub recruitment_rate: Param,
    /// Carrying capacity relative to today's capacity.
    pub capacity_max: Param,
    /// Home counter-insurgency attrition rate.
    pub ci_attrition: Param,
    /// Share of the sheltered capacity destroyed by one strike.
    pub strike_attrition: Param,
    /// Exponent of the discrete power law of deaths per attack.
    pub fatality_exponent: Param,
    /// Largest death toll of one attack.
    pub fatality_cap: Param,
    /// Share of attacks the target state blames on the neighbour's sanctuary.
    pub blame: Param,
    /// Rate at which expelled militants filter back across the border, per unit grievance.
    pub reinfiltration_rate: Param,
    /// Elasticity of recruitment to smuggling revenue.
    pub smuggling_funding: Param,
    /// Sensitivity of the background rate to grievance (θ_G).
    pub grievance_sensitivity: Param,
    /// Self-excitation state on day 0 (recent attacks, discounted).
    pub initial_excitation: Param,
}

/// The Baloch border region of one state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    pub id: String,
    pub name: String,
    pub state: String,
    pub note: String,
    /// Grievance index on day 0 (0..1).
    pub grievance: Param,
    /// Part of long-run grievance rooted in aspirations for autonomy.
    pub autonomy_aspiration: Param,
    /// Part of long-run grievance rooted in poverty, which development lowers.
    pub poverty: Param,
    /// Speed at which grievance moves toward its long-run level.
    pub grievance_relaxation: Param,
    /// Semi-elasticity of the poverty component on effective development spending.
    pub development_effect: Param,
    /// Lag with which spending becomes effective.
    pub development_lag_days: Param,
    /// Outside investment flowing into the region (e.g. Chinese CPEC projects).
    pub outside_investment: Param,
    /// Share of outside investment that reaches the local population.
    pub trickle_down: Param,
    /// Grievance added per death caused by a strike in the region.
    pub strike_casualty_grievance: Param,
    /// Grievance added at full loss of smuggling livelihoods.
    pub livelihood_grievance: Param,
    /// Grievance added at a full electricity outage.
    pub outage_grievance: Param,
    /// Names of districts, for reports.
    pub districts: Vec<String>,
}

/// Trade and energy ties. Fuel, electricity and the pipeline are optional channels: a
/// border without one leaves its table out, and its outcomes and levers are absent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomySpec {
    pub trade_usd_bn: Param,
    /// An official trade target, used for the `trade_target_met` outcome (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_milestone_usd_bn: Option<Param>,
    pub trade_growth: Param,
    pub trade_restriction_loss: Param,
    pub sanctions_drag: Param,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel: Option<FuelSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electricity: Option<ElectricitySpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<PipelineSpec>,
}

/// Fuel that one state sells to the other, formally or smuggled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FuelSpec {
    /// State id of the fuel's origin.
    pub supplier: String,
    /// Share of the importer's gas and diesel consumption met by the supplier's fuel.
    pub share: Param,
    /// Share of that fuel that is smuggled.
    pub smuggled_fraction: Param,
}

/// Electricity that one state supplies to the other's border districts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricitySpec {
    /// State id of the supplier; its restrictions cut the supply.
    pub supplier: String,
    pub mw: Param,
    /// Districts supplied, for reports.
    pub districts: Vec<String>,
}

/// A pipeline section under construction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSpec {
    pub miles: Param,
    pub cost_usd_m: Param,
    pub build_days: Param,
    pub progress: Param,
}

/// Whether a pressure restrains escalation directly or loads the state with another front.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PressureKind {
    /// A third party that wants calm (investment, mediation, diplomacy).
    Restraint,
    /// Another front that absorbs the state's attention and forces.
    Front,
}

/// One third party or other front pressing on one state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PressureSpec {
    pub actor: String,
    /// State id this pressure acts on.
    pub on: String,
    pub kind: PressureKind,
    pub weight: Param,
    pub note: String,
}

/// Behavioural and dynamic constants shared by both states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DynamicsSpec {
    pub qre_precision: Param,
    pub inertia: Param,
    pub pressure_weight: Param,
    pub hostility_weight: Param,
    pub rung_cost: Param,
    /// Extra cost of rupturing ties: recalling ambassadors or closing the border.
    pub rupture_cost: Param,
    pub deescalation_value: Param,
    pub weakness_cost: Param,
    pub pressure_decay: Param,
    pub hostility_decay: Param,
    pub hostility_reactivity: Param,
    pub hostility_per_attack: Param,
    pub hostility_per_strike: Param,
    pub hostility_per_protest: Param,
    pub hostility_relief: Param,
    pub war_risk_strike: Param,
    pub war_risk_sustained: Param,
    pub war_risk_growth: Param,
    pub retaliation_cost: Param,
    pub restraint_weight: Param,
    pub front_weight: Param,
    pub strike_memory_days: Param,
    pub strike_deaths: Param,
    pub cooperation_decay: Param,
    pub cooperation_gain: Param,
    pub cooperation_ci_boost: Param,
    pub cooperation_haven_cut: Param,
    pub expulsion_days: Param,
    pub restriction_duration_days: Param,
    pub recall_duration_days: Param,
}

/// Diplomatic status of the dyad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Diplomacy {
    Normal,
    Recalled,
}

/// State of the world on day 0 that is not attached to one actor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialSpec {
    pub diplomacy: Diplomacy,
    pub border_open: bool,
    /// Whether electricity flows on day 0 (only with an electricity channel; default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electricity_on: Option<bool>,
    /// Level of liaison officers and joint counter-terrorism (0..1).
    pub cooperation: Param,
    /// Days since the last cross-border strike.
    pub days_since_strike: Param,
}

/// How the reported outcomes are defined.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionsSpec {
    /// Deaths that make an attack mass-casualty.
    pub mass_casualty_deaths: u32,
    /// Both sides strike within this many days: a strike exchange.
    pub exchange_window_days: u32,
    /// Strike days within `war_window_days` that count as war (sustained strikes).
    pub war_strike_days: u32,
    pub war_window_days: u32,
    /// Resolution: attack intensity below this share of day 0's on both sides ...
    pub resolution_intensity_share: f64,
    /// ... with rung at most 1 and normal relations, for this many days in a row.
    pub resolution_days: u32,
    /// Strikes more than this many days apart belong to different crisis episodes.
    pub episode_gap_days: u32,
}

/// Status-quo lever settings. See [`LEVERS`] for meanings and ranges.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeverDefaults {
    pub mutual_expulsion: f64,
    pub development_first_usd_m: f64,
    pub development_second_usd_m: f64,
    pub liaison_ct: f64,
    /// Only with a fuel channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smuggling_crackdown: Option<f64>,
    pub trade_target_usd_bn: f64,
    /// Only with a pipeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_completion: Option<f64>,
}

const BUILTIN: &[(&str, &str)] = &[
    ("iran-pakistan", include_str!("../scenarios/iran-pakistan.toml")),
    ("india-pakistan", include_str!("../scenarios/india-pakistan.toml")),
    ("pakistan-afghanistan", include_str!("../scenarios/pakistan-afghanistan.toml")),
];

/// The hand-set versions of the built-in scenarios, before the decision layer was
/// fitted (`faultline calibrate --layer decision` starts from these; the built-ins
/// are these plus the fit, written by `scripts/embed-fit.py`).
const BUILTIN_PRIOR: &[(&str, &str)] = &[
    ("iran-pakistan", include_str!("../scenarios/prior/iran-pakistan.toml")),
    ("india-pakistan", include_str!("../scenarios/prior/india-pakistan.toml")),
    ("pakistan-afghanistan", include_str!("../scenarios/prior/pakistan-afghanistan.toml")),
];

/// The suffix that names a built-in scenario's hand-set version: `iran-pakistan@prior`.
pub const PRIOR_SUFFIX: &str = "@prior";

/// The TOML text of a built-in scenario's hand-set version (its priors, no fit).
pub fn builtin_prior_text(name: &str) -> Option<&'static str> {
    BUILTIN_PRIOR.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// The TOML text of a built-in scenario, `NAME` (fitted) or `NAME@prior` (hand-set).
pub fn builtin_or_prior_text(name: &str) -> Option<&'static str> {
    builtin_text(name).or_else(|| name.strip_suffix(PRIOR_SUFFIX).and_then(builtin_prior_text))
}

/// Parses and validates a built-in scenario's hand-set version.
pub fn builtin_prior(name: &str) -> Result<Scenario, ScenarioError> {
    parse_builtin(builtin_prior_text(name), name, PRIOR_SUFFIX)
}

/// Names of the scenarios compiled into the binary.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// The TOML text of a built-in scenario.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// Parses and validates a built-in scenario.
pub fn builtin(name: &str) -> Result<Scenario, ScenarioError> {
    parse_builtin(builtin_text(name), name, "")
}

/// Parses a built-in scenario's `text` (`None`: no such name), its origin
/// `<builtin:NAME{suffix}>`.
fn parse_builtin(text: Option<&str>, name: &str, suffix: &str) -> Result<Scenario, ScenarioError> {
    let text = text.ok_or_else(|| ScenarioError::Unknown {
        name: name.to_string(),
        known: builtin_names().join(", "),
    })?;
    parse(text, &format!("<builtin:{name}{suffix}>"))
}

/// Parses and validates a scenario document. `origin` names the file in errors.
pub fn parse(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let scenario: Scenario = match toml::from_str(text) {
        Ok(s) => s,
        Err(err) => return Err(locate::syntax_error(text, origin, &err)),
    };
    validate::validate(&scenario, text, origin)?;
    Ok(scenario)
}

/// The text of a scenario file read as bytes: bytes that are not UTF-8 are an error
/// that names the line and column of the first bad byte.
pub fn text_from_bytes(bytes: Vec<u8>, origin: &str) -> Result<String, ScenarioError> {
    String::from_utf8(bytes).map_err(|err| {
        let bytes = err.as_bytes();
        let valid = err.utf8_error().valid_up_to();
        // The valid prefix is text; line and column count its characters.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = locate::line_column(prefix, valid);
        ScenarioError::Syntax {
            origin: origin.to_string(),
            line,
            column,
            path: String::new(),
            message: format!("invalid UTF-8 (byte 0x{:02x}); a scenario file is UTF-8 text", bytes[valid]),
        }
    })
}

/// A located error for the field at `path` (e.g. `claim[2].measure.probability`) of the
/// scenario document `text`, for checks made after parsing (such as outcome names,
/// which the engine's registry knows).
pub fn field_error(text: &str, origin: &str, path: &str, message: String) -> ScenarioError {
    let offset = locate::span_of(text, path).map(|s| s.start).unwrap_or(0);
    let (line, column) = locate::line_column(text, offset);
    ScenarioError::Invalid { origin: origin.to_string(), line, column, path: path.to_string(), message }
}

impl Scenario {
    /// A stable hash of what the model reads (SHA-256 of the canonical TOML without the
    /// claims), hex. Claims only ask questions of the model, so adding or rewording one
    /// leaves the hash, and the forecasts that record it, unchanged.
    pub fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let model_part = Scenario { claim: Vec::new(), ..self.clone() };
        let canonical = model_part.to_toml();
        let digest = Sha256::digest(canonical.as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The scenario as TOML (canonical form).
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a scenario always serializes")
    }

    /// Index of the state with this id.
    pub fn side_of(&self, id: &str) -> Option<usize> {
        self.state.iter().position(|s| s.id == id)
    }

    /// The groups that operate in side `side` (zero or more), in document order.
    /// Drops every state's outside-crisis process (`--no-outside-shocks`).
    pub fn remove_outside_shocks(&mut self) {
        for st in &mut self.state {
            st.outside = None;
        }
    }

    /// The insurgent groups that attack state `side`.
    pub fn groups_in(&self, side: usize) -> Vec<&GroupSpec> {
        let id = &self.state[side].id;
        self.insurgent_group.iter().filter(|g| &g.operates_in == id).collect()
    }

    /// Index of the group with this id.
    pub fn group_index(&self, id: &str) -> Option<usize> {
        self.insurgent_group.iter().position(|g| g.id == id)
    }

    /// Side index where group `group` attacks.
    pub fn group_side(&self, group: usize) -> usize {
        self.side_of(&self.insurgent_group[group].operates_in).expect("validated")
    }

    /// The border region of side `side` (validated to exist).
    pub fn region_of(&self, side: usize) -> &RegionSpec {
        let id = &self.state[side].id;
        self.border_region
            .iter()
            .find(|r| &r.state == id)
            .expect("validated: one region per state")
    }

    /// True when the scenario has a fuel trade channel.
    pub fn has_fuel(&self) -> bool {
        self.economy.fuel.is_some()
    }

    /// True when one state supplies electricity to the other.
    pub fn has_electricity(&self) -> bool {
        self.economy.electricity.is_some()
    }

    /// True when the scenario has a pipeline section.
    pub fn has_pipeline(&self) -> bool {
        self.economy.pipeline.is_some()
    }

    /// True when the scenario has an official trade milestone.
    pub fn has_trade_milestone(&self) -> bool {
        self.economy.trade_milestone_usd_bn.is_some()
    }

    /// The status-quo levers.
    pub fn default_levers(&self) -> Levers {
        Levers {
            mutual_expulsion: self.levers.mutual_expulsion,
            development_usd_m: [self.levers.development_first_usd_m, self.levers.development_second_usd_m],
            liaison_ct: self.levers.liaison_ct,
            smuggling_crackdown: self.levers.smuggling_crackdown.unwrap_or(0.0),
            trade_target_usd_bn: self.levers.trade_target_usd_bn,
            pipeline_completion: self.levers.pipeline_completion.unwrap_or(0.0),
        }
    }
}

#[cfg(test)]
mod tests;
