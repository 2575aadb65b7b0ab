//! The JSON API: request validation, the forecast handler and the scenario list.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use report::ForecastReport;
use report::html::{Chart, DailyBands};
use engine::{Experiment, Workload};
use scenario::{LEVERS, Scenario, ScenarioError};
use serde::{Deserialize, Serialize};

use crate::{AppState, ScenarioFile};

/// The uncertain parameters offered as dashboard controls, as suffixes of
/// parameter names: `state.<id>.<field>` for each state, `group.<id>.<field>`
/// for each insurgent group. Any other parameter can still be set through
/// the API by its full name.
pub const MAIN_PARAMS: &[(&str, &str)] = &[
    ("state", "fear_of_war"),
    ("state", "pressure_per_death"),
    ("state", "trade_stake"),
    ("state", "energy_stake"),
    ("group", "background_rate"),
    ("group", "branching"),
];

/// Body of `POST /api/forecast`. Every field is optional.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastRequest {
    /// Name of a served scenario: a built-in one or one the server was started with
    /// (`faultline serve --scenario FILE`); default `iran-pakistan`. Requests never
    /// name files.
    pub scenario: Option<String>,
    /// Lever name → value; unset levers keep the scenario's status quo.
    #[serde(default)]
    pub levers: BTreeMap<String, f64>,
    /// Injected shocks.
    #[serde(default)]
    pub shocks: Vec<ShockRequest>,
    /// Parameter name (see `faultline scenario params`) → value.
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
    /// Monte Carlo runs (default 2,000, at most the server's `--max-runs`).
    pub runs: Option<u64>,
    /// Horizon in days (default 365, at most the server's `--max-days`).
    pub days: Option<u32>,
    /// Master seed (default 1).
    pub seed: Option<u64>,
    /// Include the rendered SVG charts (default true).
    pub charts: Option<bool>,
    /// First forecast day, `YYYY-MM-DD`: the run starts from the state rebuilt
    /// (as `faultline forecast --events … --as-of`) from the events dated before
    /// it: the scenario's built-in chronology, if it has one, plus the events of
    /// `article`. Required with `article`.
    pub as_of: Option<String>,
    /// A pasted article whose extracted events (as `POST /api/extract` returns
    /// them) join the history the forecast starts from.
    pub article: Option<ArticleRequest>,
}

/// An article in a forecast request: re-extracted on the server.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleRequest {
    pub text: String,
    /// The article's date, `YYYY-MM-DD` (optional).
    pub date: Option<String>,
}

/// One shock: `{"kind": "attack", "state": "iran", "day": 10, "size": 30}`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ShockRequest {
    /// attack, strike, recall, restriction or front.
    pub kind: String,
    /// State id: where the attack happens, who strikes / recalls / restricts, or who carries the front.
    pub state: String,
    /// Day of the run, 1 = first simulated day.
    pub day: u32,
    /// Deaths for `attack` (whole number 1..=10000), load for `front` (0..=10); unused otherwise.
    pub size: Option<f64>,
}

/// Answer of `POST /api/forecast`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ForecastResponse {
    pub forecast: ForecastReport,
    pub bands: DailyBands,
    pub charts: Vec<Chart>,
    /// Time spent waiting for a simulation slot and simulating, milliseconds.
    pub queue_ms: f64,
    pub compute_ms: f64,
    /// With `as_of`: the first forecast day and how many events the article added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pasted_events: Option<usize>,
}

/// A rejected request: HTTP status, the field at fault and what is allowed.
#[derive(Clone, Debug, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub error: String,
    pub field: Option<String>,
    /// Seconds to wait before trying again (`Retry-After`), for `503`.
    #[serde(skip)]
    pub retry_after: Option<u32>,
}

impl ApiError {
    fn bad(field: impl Into<String>, error: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: error.into(),
            field: Some(field.into()),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body =
            serde_json::to_string(&self).unwrap_or_else(|_| "{\"error\":\"internal\"}".into());
        let mut res = (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        if let Some(seconds) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        res
    }
}

fn scenario_error(field: String, err: ScenarioError) -> ApiError {
    match err {
        ScenarioError::Input { message, .. } => ApiError::bad(field, message),
        other => ApiError::bad(field, other.to_string()),
    }
}

/// A request checked against the scenario and the server's limits.
pub(crate) struct Validated {
    /// The scenario with its parameter overrides, levers, shocks and horizon.
    pub experiment: Experiment,
    pub runs: u64,
    pub seed: u64,
    pub charts: bool,
    /// The first forecast day and the number of pasted events, with `as_of`.
    pub as_of: Option<(String, usize)>,
}

fn parse_request(body: &[u8]) -> Result<ForecastRequest, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(ForecastRequest::default());
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed: Result<ForecastRequest, _> = serde_path_to_error::deserialize(&mut de);
    let req = parsed.map_err(|e| {
        let path = e.path().to_string();
        let msg = e.inner().to_string();
        // For an unknown field serde names it in the message: `unknown field `x`, expected ...`.
        let unknown = msg
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next());
        let field = match (path.as_str(), unknown) {
            (".", Some(name)) => name.to_string(),
            (p, Some(name)) if !p.ends_with(name) => format!("{p}.{name}"),
            (".", None) => "body".to_string(),
            (p, _) => p.to_string(),
        };
        ApiError::bad(field, format!("invalid request body: {msg}"))
    })?;
    // Nothing but whitespace may follow the JSON value.
    de.end()
        .map_err(|e| ApiError::bad("body", format!("invalid request body: {e}")))?;
    Ok(req)
}

/// Parses and validates a `POST /api/forecast` body against `state`'s scenarios and
/// limits without running anything: what the handler does before it queues the
/// simulation (for fuzzing and tools). The error is the `400`/`413` the server answers.
pub fn check_request(body: &[u8], state: &AppState) -> Result<(), ApiError> {
    let req = parse_request(body)?;
    validate(&req, state).map(|_| ())
}

/// The names of the served scenarios: the built-in ones, then the files' in the order given.
fn served_names(files: &[ScenarioFile]) -> Vec<String> {
    scenario::builtin_names()
        .into_iter()
        .map(String::from)
        .chain(files.iter().map(|f| f.scenario.meta.name.clone()))
        .collect()
}

/// The served scenario called `name`.
fn find_scenario(name: &str, files: &[ScenarioFile]) -> Result<Scenario, ApiError> {
    if scenario::builtin_text(name).is_some() {
        return scenario::builtin(name).map_err(|e| ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: e.to_string(),
            field: None,
            retry_after: None,
        });
    }
    match files.iter().find(|f| f.scenario.meta.name == name) {
        Some(file) => Ok(file.scenario.clone()),
        None => Err(ApiError::bad(
            "scenario",
            format!(
                "unknown scenario `{name}`; this server serves: {}",
                served_names(files).join(", ")
            ),
        )),
    }
}

pub(crate) fn validate(req: &ForecastRequest, state: &AppState) -> Result<Validated, ApiError> {
    let cfg = &state.config;
    let name = req.scenario.as_deref().unwrap_or("iran-pakistan");
    let mut scenario = find_scenario(name, &state.files)?;
    let runs = req.runs.unwrap_or(2_000.min(cfg.max_runs));
    if runs == 0 || runs > cfg.max_runs {
        return Err(ApiError::bad(
            "runs",
            format!(
                "runs must be in 1..={} (the server's --max-runs); got {runs}",
                cfg.max_runs
            ),
        ));
    }
    let days = req.days.unwrap_or(365.min(cfg.max_days));
    if days == 0 || days > cfg.max_days {
        return Err(ApiError::bad(
            "days",
            format!(
                "days must be in 1..={} (the server's --max-days); got {days}",
                cfg.max_days
            ),
        ));
    }
    for (param, &value) in &req.params {
        scenario::set_parameter(&mut scenario, param, value)
            .map_err(|e| scenario_error(format!("params.{param}"), e))?;
    }
    let mut levers = scenario.default_levers();
    for (lever, &value) in &req.levers {
        if !LEVERS
            .iter()
            .any(|s| s.name == lever && (s.available)(&scenario))
        {
            let names: Vec<&str> = LEVERS
                .iter()
                .filter(|s| (s.available)(&scenario))
                .map(|s| s.name)
                .collect();
            return Err(ApiError::bad(
                format!("levers.{lever}"),
                format!(
                    "scenario `{name}` has no lever `{lever}`; expected one of {}",
                    names.join(", ")
                ),
            ));
        }
        levers
            .set(lever, value, &scenario)
            .map_err(|e| scenario_error(format!("levers.{lever}"), e))?;
    }
    let mut shocks = Vec::with_capacity(req.shocks.len());
    if req.shocks.len() > 64 {
        return Err(ApiError::bad(
            "shocks",
            format!("at most 64 shocks; got {}", req.shocks.len()),
        ));
    }
    for (i, s) in req.shocks.iter().enumerate() {
        let field = format!("shocks[{i}]");
        if s.day == 0 || s.day > days {
            return Err(ApiError::bad(
                format!("{field}.day"),
                format!("day must be in 1..={days} (the horizon); got {}", s.day),
            ));
        }
        let spec = match s.kind.as_str() {
            "attack" => {
                let size = s.size.ok_or_else(|| {
                    ApiError::bad(
                        format!("{field}.size"),
                        "an attack needs `size`: the deaths, 1..=10000",
                    )
                })?;
                if size.fract() != 0.0 || !(1.0..=10_000.0).contains(&size) {
                    return Err(ApiError::bad(
                        format!("{field}.size"),
                        format!("deaths must be a whole number in 1..=10000; got {size}"),
                    ));
                }
                format!("attack:{}:{}@{}", s.state, size as u32, s.day)
            }
            "front" => {
                let size = s.size.ok_or_else(|| {
                    ApiError::bad(
                        format!("{field}.size"),
                        "a front needs `size`: the load, 0..=10",
                    )
                })?;
                format!("front:{}:{}@{}", s.state, size, s.day)
            }
            "strike" | "recall" | "restriction" => format!("{}:{}@{}", s.kind, s.state, s.day),
            other => {
                return Err(ApiError::bad(
                    format!("{field}.kind"),
                    format!(
                        "unknown shock kind `{other}`; expected attack, strike, recall, restriction or front"
                    ),
                ));
            }
        };
        if s.state.contains([':', '@']) {
            return Err(ApiError::bad(format!("{field}.state"), "not a state id"));
        }
        let shock = scenario::parse_shock(&spec, &scenario)
            .map_err(|e| scenario_error(field.clone(), e))?;
        shocks.push(shock);
    }
    let mut builder = Experiment::builder(&scenario).levers(levers).shocks(shocks);
    let mut as_of = None;
    match (&req.as_of, &req.article) {
        (None, Some(_)) => {
            return Err(ApiError::bad(
                "as_of",
                "as_of (YYYY-MM-DD) is required with article: the forecast starts on that day",
            ));
        }
        (None, None) => {}
        (Some(day), article) => {
            let date = parse_day("as_of", day)?;
            let dyad = events::Dyad::from_scenario(&scenario);
            let mut history = match events::builtin_chronology(&scenario.meta.name, &dyad) {
                Some(parsed) => parsed.map_err(|e| ApiError::bad("scenario", e.to_string()))?,
                None => Vec::new(),
            };
            let mut pasted = 0;
            if let Some(a) = article {
                let found = extract_article(&scenario, "article", &a.text, a.date.as_deref())?;
                let csv = extract::to_csv(&found);
                let evs = events::parse_native_str(&csv, "pasted article", &dyad)
                    .map_err(|e| ApiError::bad("article", e.to_string()))?;
                pasted = evs.len();
                history.extend(evs);
            }
            let (sc, lv, _) = builder.clone().into_parts();
            let h = backtest::history_state(&history, date, &sc, &lv, 0)
                .map_err(|e| ApiError::bad("as_of", e.to_string()))?;
            builder = builder.starting_from(h.state(), &date.to_string());
            as_of = Some((date.to_string(), pasted));
        }
    }
    let experiment = builder
        .build(days)
        .map_err(|e| scenario_error("shocks".into(), e))?;
    let work = Workload::of(&experiment, runs);
    if work.units() > cfg.max_work {
        // Name what drives the cost: the attack rate when attacks outweigh the days.
        let attack_units = work.units() - work.run_days;
        let field = if attack_units > work.run_days { "params" } else { "runs" };
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            error: format!(
                "estimated work {:.3e} run-day equivalents ({runs} runs × {days} days, about {:.0} expected attacks a day) is over the server's budget of {:.3e} (--max-work); ask for fewer runs or days, or lower the background rates and branching ratios",
                work.units(),
                work.attacks_per_day(),
                cfg.max_work
            ),
            field: Some(field.into()),
            retry_after: None,
        });
    }
    Ok(Validated {
        experiment,
        runs,
        seed: req.seed.unwrap_or(1),
        charts: req.charts.unwrap_or(true),
        as_of,
    })
}

/// Counts a simulation request in `in_flight` while it waits or runs.
struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Sets the cancel flag when the handler is dropped before the simulation
/// ended: hyper drops it when the client disconnects.
struct CancelOnDrop {
    flag: Arc<AtomicBool>,
    finished: bool,
    cancelled: Arc<AtomicU64>,
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if !self.finished {
            self.flag.store(true, Ordering::Relaxed);
            self.cancelled.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// `POST /api/forecast`.
pub(crate) async fn forecast(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req = parse_request(&body)?;
    let v = validate(&req, &state)?;
    let cfg = &state.config;
    // A bounded queue: at most max_concurrent running and max_queue waiting.
    let capacity = cfg.max_concurrent.max(1) + cfg.max_queue;
    let taken = state.in_flight.fetch_add(1, Ordering::AcqRel);
    let _in_flight = InFlight(state.in_flight.clone());
    if taken >= capacity {
        return Err(ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            error: format!(
                "server busy: {} simulations running and {} waiting (--max-concurrent, --max-queue); try again shortly",
                cfg.max_concurrent.max(1),
                cfg.max_queue
            ),
            field: None,
            retry_after: Some(2),
        });
    }
    let queued = Instant::now();
    // FIFO: waiting requests get a slot in arrival order.
    let permit = state
        .sims
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            error: "server is shutting down".into(),
            field: None,
            retry_after: None,
        })?;
    let queue_ms = queued.elapsed().as_secs_f64() * 1e3;
    let version = cfg.version.clone();
    let started = Instant::now();
    let flag = Arc::new(AtomicBool::new(false));
    let mut cancel = CancelOnDrop {
        flag: flag.clone(),
        finished: false,
        cancelled: state.cancelled.clone(),
    };
    let result = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let (forecast, bands) = report::html::forecast_with_daily_unless(
            &v.experiment,
            v.runs,
            v.seed,
            &version,
            &|_| {},
            &flag,
        )?;
        let charts = if v.charts {
            report::html::charts(&forecast, &bands, v.experiment.scenario())
        } else {
            Vec::new()
        };
        Some((forecast, bands, charts))
    })
    .await
    .map_err(|e| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        error: format!("simulation failed: {e}"),
        field: None,
        retry_after: None,
    })?;
    cancel.finished = true;
    let compute_ms = started.elapsed().as_secs_f64() * 1e3;
    let Some((forecast, bands, charts)) = result else {
        return Err(ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            error: "simulation cancelled".into(),
            field: None,
            retry_after: None,
        });
    };
    let body = serde_json::to_vec(&ForecastResponse {
        forecast,
        bands,
        charts,
        queue_ms,
        compute_ms,
        as_of: v.as_of.as_ref().map(|(d, _)| d.clone()),
        pasted_events: v.as_of.as_ref().map(|&(_, n)| n),
    })
    .map_err(|e| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        error: e.to_string(),
        field: None,
        retry_after: None,
    })?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

#[derive(Serialize)]
struct LeverInfo {
    name: &'static str,
    /// Short label for the control, worded from the scenario.
    label: String,
    min: f64,
    max: f64,
    unit: &'static str,
    description: String,
    default: f64,
}

#[derive(Serialize)]
struct ParamInfo {
    name: String,
    label: String,
    value: f64,
    range: [f64; 2],
    min: f64,
    max: f64,
    unit: String,
    source: String,
    tag: String,
}

#[derive(Serialize)]
struct StateInfo {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct ScenarioInfo {
    name: String,
    /// `builtin`, or `file` for one the server was started with.
    source: &'static str,
    title: String,
    description: String,
    start_date: String,
    hash: String,
    states: Vec<StateInfo>,
    levers: Vec<LeverInfo>,
    params: Vec<ParamInfo>,
    shock_kinds: Vec<&'static str>,
    /// What each shock kind does, worded from the scenario's channels.
    shock_descriptions: BTreeMap<&'static str, String>,
    /// The scenario's outcomes (from the engine's registry): only those it has.
    outcomes: Vec<OutcomeInfo>,
    /// What the record says: the fitted decision layer against its priors and, for a
    /// built-in scenario, the backtest's skill and reliability.
    fit: FitInfo,
}

#[derive(Serialize)]
struct FitInfo {
    parameters: Vec<report::fit::FittedParameter>,
    /// The command that produced the skill figures; empty without them.
    evaluation_command: String,
    skill: Vec<SkillInfo>,
    /// The leave-one-dyad-out reliability diagram (SVG from the server's chart code).
    reliability_svg: Option<String>,
}

#[derive(Serialize)]
struct SkillInfo {
    fitting: String,
    #[serde(flatten)]
    row: report::fit::SkillSummaryRow,
}

fn fit_info(sc: &Scenario) -> FitInfo {
    let evaluation = report::fit::builtin_evaluation_for(sc);
    let (evaluation_command, skill, reliability_svg) = match &evaluation {
        Some(e) => (
            e.command.clone(),
            report::fit::headline_rows(e, &sc.meta.name)
                .into_iter()
                .map(|(fitting, row)| SkillInfo { fitting: fitting.to_string(), row: row.clone() })
                .collect(),
            e.fittings.iter().find(|f| f.fitting == "leave-one-dyad-out").map(report::fit::reliability_chart),
        ),
        None => (String::new(), Vec::new(), None),
    };
    FitInfo { parameters: report::fit::fitted_parameters(sc), evaluation_command, skill, reliability_svg }
}

#[derive(Serialize)]
struct OutcomeInfo {
    name: String,
    description: String,
    unit: String,
    /// `probability` (by a day) or `quantity` (at a day).
    kind: &'static str,
}

#[derive(Serialize)]
struct ScenariosResponse {
    scenarios: Vec<ScenarioInfo>,
    limits: Limits,
}

#[derive(Serialize)]
struct Limits {
    max_runs: u64,
    max_days: u32,
    max_concurrent: usize,
    max_queue: usize,
    max_work: f64,
}

/// Label and description of a lever for `sc`: the development levers name the region
/// they fund, the others keep the registry's neutral wording.
fn lever_words(spec: &scenario::LeverSpec, sc: &Scenario) -> (String, String) {
    let side = match spec.name {
        "development_first" => Some(0),
        "development_second" => Some(1),
        _ => None,
    };
    match side {
        Some(side) => {
            let region = sc.region_of(side);
            (
                format!("development — {}", region.name),
                format!(
                    "development spending in {}, the border region of {}",
                    region.name, sc.state[side].name
                ),
            )
        }
        None => (spec.name.replace('_', " "), spec.description.to_string()),
    }
}

/// What each shock kind does in `sc`.
fn shock_descriptions(sc: &Scenario) -> BTreeMap<&'static str, String> {
    let restricted = match (sc.has_fuel(), sc.has_electricity()) {
        (false, false) => "trade",
        (true, false) => "trade and fuel sales",
        (false, true) => "trade and the electricity supply",
        (true, true) => "trade, fuel sales and the electricity supply",
    };
    BTreeMap::from([
        (
            "attack",
            "Size = deaths in one insurgent attack inside the chosen state.".to_string(),
        ),
        (
            "strike",
            "A cross-border strike by the chosen state on the sanctuary across the border."
                .to_string(),
        ),
        (
            "recall",
            "The chosen state recalls its ambassador.".to_string(),
        ),
        (
            "restriction",
            format!("The chosen state closes the border and restricts {restricted}."),
        ),
        (
            "front",
            "Size = added load (0–10) from another front on the chosen state.".to_string(),
        ),
    ])
}

fn scenario_info(sc: &Scenario, source: &'static str) -> ScenarioInfo {
    let defaults = sc.default_levers();
    // Only parameters with a range: a fixed one (an absent channel's zero stake) is no control.
    let all = scenario::uncertain_parameters(sc);
    let mut params = Vec::new();
    for (kind, field) in MAIN_PARAMS {
        for p in all.iter().filter(|p| {
            p.name.starts_with(&format!("{kind}.")) && p.name.ends_with(&format!(".{field}"))
        }) {
            let lo = p.param.range[0].min(p.param.value);
            let hi = p.param.range[1].max(p.param.value);
            // Controls span the plausible range widened by half on each side, within the domain.
            let pad = (hi - lo) * 0.5;
            let (mut min, mut max) = ((lo - pad).max(0.0), hi + pad);
            if *field == "branching" {
                max = max.min(0.95);
            }
            if !p.domain.contains(min) {
                min = lo;
            }
            if !p.domain.contains(max) {
                max = hi;
            }
            let owner = p.name.split('.').nth(1).unwrap_or("");
            params.push(ParamInfo {
                name: p.name.clone(),
                label: format!("{} — {}", owner.replace('_', " "), field.replace('_', " ")),
                value: p.param.value,
                range: p.param.range,
                min,
                max,
                unit: p.param.unit.clone(),
                source: p.param.source.clone(),
                tag: format!("{:?}", p.param.tag),
            });
        }
    }
    ScenarioInfo {
        name: sc.meta.name.clone(),
        source,
        title: sc.meta.title.clone(),
        description: sc.meta.description.clone(),
        start_date: sc.meta.start_date.clone(),
        fit: fit_info(sc),
        hash: sc.hash(),
        states: sc
            .state
            .iter()
            .map(|s| StateInfo {
                id: s.id.clone(),
                name: s.name.clone(),
            })
            .collect(),
        levers: LEVERS
            .iter()
            .filter(|s| (s.available)(sc))
            .map(|s| {
                let (label, description) = lever_words(s, sc);
                LeverInfo {
                    name: s.name,
                    label,
                    min: s.min,
                    max: s.max,
                    unit: s.unit,
                    description,
                    default: (s.get)(&defaults),
                }
            })
            .collect(),
        params,
        shock_kinds: vec!["attack", "strike", "recall", "restriction", "front"],
        shock_descriptions: shock_descriptions(sc),
        outcomes: engine::outcomes(sc)
            .into_iter()
            .map(|o| OutcomeInfo {
                kind: match o.kind() {
                    engine::OutcomeKind::Probability => "probability",
                    engine::OutcomeKind::Quantity => "quantity",
                },
                name: o.name,
                description: o.description,
                unit: o.unit,
            })
            .collect(),
    }
}

/// `GET /api/scenarios`.
pub(crate) async fn scenarios(State(state): State<AppState>) -> Result<Response, ApiError> {
    let mut list = Vec::new();
    for name in scenario::builtin_names() {
        let sc = scenario::builtin(name).map_err(|e| ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: e.to_string(),
            field: None,
            retry_after: None,
        })?;
        list.push(scenario_info(&sc, "builtin"));
    }
    for file in state.files.iter() {
        list.push(scenario_info(&file.scenario, "file"));
    }
    let body = ScenariosResponse {
        scenarios: list,
        limits: Limits {
            max_runs: state.config.max_runs,
            max_days: state.config.max_days,
            max_concurrent: state.config.max_concurrent,
            max_queue: state.config.max_queue,
            max_work: state.config.max_work,
        },
    };
    Ok(axum::Json(body).into_response())
}

/// Unknown paths.
pub(crate) async fn not_found() -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        error: "no such page; see / and /api/scenarios".into(),
        field: Some("path".into()),
        retry_after: None,
    }
}

/// Longest article `POST /api/extract` accepts, in characters.
pub const MAX_ARTICLE_CHARS: usize = 100_000;

/// A `POST /api/extract` request: an article pasted into the dashboard.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    /// A served scenario (default `iran-pakistan`): its states, groups and border
    /// regions make the actor and place dictionaries.
    pub scenario: Option<String>,
    /// The article's text (plain text or HTML).
    pub text: String,
    /// The article's date, `YYYY-MM-DD`; relative days ("on Saturday") count from it.
    pub date: Option<String>,
}

/// `POST /api/extract`: the events the `extract` coder reads in a pasted article,
/// each with its provenance (sentence text and character offsets), and the
/// sentences that produced them.
pub(crate) async fn extract_events(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(&body);
    let parsed: Result<ExtractRequest, _> = serde_path_to_error::deserialize(&mut de);
    let req = parsed.map_err(|e| {
        let path = e.path().to_string();
        let msg = e.inner().to_string();
        let field = match msg
            .strip_prefix("unknown field `")
            .and_then(|r| r.split('`').next())
        {
            Some(name) => name.to_string(),
            None if path == "." => "body".to_string(),
            None => path.trim_start_matches('.').to_string(),
        };
        ApiError::bad(field, format!("invalid request body: {msg}"))
    })?;
    de.end()
        .map_err(|e| ApiError::bad("body", format!("invalid request body: {e}")))?;
    let name = req.scenario.as_deref().unwrap_or("iran-pakistan");
    let scenario = find_scenario(name, &state.files)?;
    let found = extract_article(&scenario, "", &req.text, req.date.as_deref())?;
    let date = parse_article_date("date", req.date.as_deref())?;
    let article = extract::read_article("pasted text", req.text.as_bytes(), date)
        .map_err(|e| ApiError::bad("text", e.to_string()))?;
    let events: serde_json::Value = serde_json::from_str(&extract::to_json(&found))
        .unwrap_or_else(|_| serde_json::Value::Array(Vec::new()));
    let mut sentences: Vec<(usize, usize, usize, String)> = found
        .iter()
        .flat_map(|e| e.provenance.iter())
        .map(|p| (p.sentence, p.char_start, p.char_end, p.text.clone()))
        .collect();
    sentences.sort();
    sentences.dedup();
    let sentences: Vec<serde_json::Value> = sentences
        .into_iter()
        .map(|(n, s, e, t)| serde_json::json!({"sentence": n, "char_start": s, "char_end": e, "text": t}))
        .collect();
    let out = serde_json::json!({
        "scenario": scenario.meta.name,
        "date": article.date.map(|d| d.to_string()),
        "text": article.text,
        "events": events,
        "sentences": sentences,
    });
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        out.to_string(),
    )
        .into_response())
}

/// A day given as `YYYY-MM-DD`, or a 400 naming `field`.
fn parse_day(field: &str, day: &str) -> Result<events::Date, ApiError> {
    events::Date::parse_iso(day.trim()).ok_or_else(|| {
        ApiError::bad(
            field,
            format!("{field} must be a day as YYYY-MM-DD; got `{day}`"),
        )
    })
}

fn parse_article_date(field: &str, day: Option<&str>) -> Result<Option<events::Date>, ApiError> {
    match day.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => parse_day(field, d).map(Some),
    }
}

/// The events of a pasted article, checked and coded with the scenario's dictionary.
/// `prefix` is the request field holding `text` and `date` (`""` at the top level).
fn extract_article(
    scenario: &Scenario,
    prefix: &str,
    text: &str,
    date: Option<&str>,
) -> Result<Vec<extract::Extracted>, ApiError> {
    let field = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    if text.trim().is_empty() {
        return Err(ApiError::bad(
            field("text"),
            "text is empty: paste an article",
        ));
    }
    let chars = text.chars().count();
    if chars > MAX_ARTICLE_CHARS {
        return Err(ApiError::bad(
            field("text"),
            format!("text is {chars} characters; at most {MAX_ARTICLE_CHARS} are accepted"),
        ));
    }
    let date = parse_article_date(&field("date"), date)?;
    let dict = extract::Dictionary::new(scenario, &[])
        .map_err(|e| ApiError::bad("scenario", e.to_string()))?;
    let article = extract::read_article("pasted text", text.as_bytes(), date)
        .map_err(|e| ApiError::bad(field("text"), e.to_string()))?;
    Ok(extract::merge(extract::extract(&dict, &article)))
}
