//! The forecast as people read it: charts and a self-contained HTML report.
//!
//! [`forecast_with_daily`] runs an ensemble and returns the [`ForecastReport`]
//! together with [`DailyBands`] — day-by-day quantiles of cumulative attacks,
//! trade and tension that the fan charts need and the forecast document does
//! not carry. [`charts`] turns both into SVG charts (via the `charts` crate);
//! [`render_html`] assembles them with the key probabilities, the claims, the
//! levers and shocks, the parameters with their provenance and what it takes
//! to reproduce the run into one HTML file with no network requests.
//!
//! The dashboard uses the same [`charts`], so the report and the live page
//! show the same pictures.

use charts::{
    Axis, Band, Category, Date, FanChart, HtmlReport, IntervalBar, IntervalBars, KeyProbability,
    LineChart, ReferenceLine, Reproduce, Series, StackedArea, Table, XLabels,
};
use engine::Experiment;
use ensemble::daily::DailyTotals;
use ensemble::{Accumulator, EnsembleConfig};
use scenario::{LEVERS, Scenario};
use serde::{Deserialize, Serialize};

use crate::{ForecastReport, RunInfo};

pub use charts::{PngError, svg_to_png};

/// Quantiles of one quantity on every day (index 0 = day 1).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct BandSeries {
    pub name: String,
    pub unit: String,
    pub q10: Vec<f64>,
    pub q25: Vec<f64>,
    pub q50: Vec<f64>,
    pub q75: Vec<f64>,
    pub q90: Vec<f64>,
}

/// Day-by-day quantiles for the fan charts.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct DailyBands {
    /// Tension index (the forecast's `daily` has 10/50/90%; this adds 25/75%).
    pub tension: BandSeries,
    /// Cumulative insurgent attacks inside each state, in the scenario's state order.
    pub attacks: Vec<BandSeries>,
    /// Bilateral trade, billion USD per year.
    pub trade: BandSeries,
}

impl DailyBands {
    /// Quantiles from the ensemble's totals.
    pub fn build(acc: &Accumulator, daily: &DailyTotals, scenario: &Scenario) -> DailyBands {
        let days = daily.days as usize;
        let band = |name: String, unit: &str, f: &dyn Fn(usize, f64) -> f64| BandSeries {
            name,
            unit: unit.to_string(),
            q10: (0..days).map(|d| f(d, 0.10)).collect(),
            q25: (0..days).map(|d| f(d, 0.25)).collect(),
            q50: (0..days).map(|d| f(d, 0.50)).collect(),
            q75: (0..days).map(|d| f(d, 0.75)).collect(),
            q90: (0..days).map(|d| f(d, 0.90)).collect(),
        };
        DailyBands {
            tension: band("tension".into(), "tension index", &|d, q| {
                acc.tension_quantile(d, q)
            }),
            attacks: (0..2)
                .map(|side| {
                    band(
                        format!("attacks_{}", scenario.state[side].id),
                        "attacks (cumulative)",
                        &|d, q| daily.attacks_quantile(d, side, q),
                    )
                })
                .collect(),
            trade: band("trade_usd_bn".into(), "billion USD per year", &|d, q| {
                daily.trade_quantile(d, q)
            }),
        }
    }
}

/// Runs the ensemble on the current rayon pool and returns the forecast and its daily bands.
pub fn forecast_with_daily(
    experiment: &Experiment,
    runs: u64,
    seed: u64,
    version: &str,
    progress: &(dyn Fn(u64) + Sync),
) -> (ForecastReport, DailyBands) {
    let never = std::sync::atomic::AtomicBool::new(false);
    forecast_with_daily_unless(experiment, runs, seed, version, progress, &never)
        .expect("a forecast that nobody cancels runs to the end")
}

/// [`forecast_with_daily`] that stops between blocks of runs once `cancelled`
/// is set (`ensemble::daily::run_with_daily_unless`) and then answers `None`;
/// not cancelled, the same forecast bit for bit.
pub fn forecast_with_daily_unless(
    experiment: &Experiment,
    runs: u64,
    seed: u64,
    version: &str,
    progress: &(dyn Fn(u64) + Sync),
    cancelled: &std::sync::atomic::AtomicBool,
) -> Option<(ForecastReport, DailyBands)> {
    let config = EnsembleConfig { runs, seed };
    let (acc, daily) =
        ensemble::daily::run_with_daily_unless(&experiment.spec(), &config, progress, cancelled)?;
    let info = RunInfo::of(experiment, seed, version);
    Some((
        ForecastReport::build(&acc, &info),
        DailyBands::build(&acc, &daily, experiment.scenario()),
    ))
}

/// One row of the claims table (filled from `faultline claims` when available).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ClaimRow {
    /// The claim in words, e.g. `Fear of war prevents escalation`.
    pub claim: String,
    /// Effect size in words and numbers, e.g. `P(strike) −12 points`.
    pub effect: String,
    /// Its interval, e.g. `−15 to −9 points (95%)`.
    pub interval: String,
    /// Verdict, e.g. `supported`.
    pub verdict: String,
}

/// One chart: a file stem (for `--format svg|png`), its caption and the SVG.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Chart {
    pub name: String,
    pub caption: String,
    pub svg: String,
}

/// The events shown as key probabilities: the registry's headline events this
/// forecast reports, in the registry's order.
pub fn key_event_names(r: &ForecastReport, scenario: &Scenario) -> Vec<String> {
    engine::outcomes::headline_events(scenario)
        .into_iter()
        .map(|d| d.name)
        .filter(|name| r.probabilities.iter().any(|p| &p.name == name))
        .collect()
}

fn sentence_case(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn state_name(scenario: &Scenario, side: usize) -> String {
    // "Islamic Republic of Iran" -> "Iran" for chart titles.
    let name = &scenario.state[side].name;
    name.rsplit(" of ").next().unwrap_or(name).to_string()
}

fn start_date(scenario: &Scenario) -> Option<Date> {
    let mut it = scenario
        .meta
        .start_date
        .split('-')
        .map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    Date::new(y as i32, m as u32, d as u32)
}

fn x_labels(scenario: &Scenario) -> (XLabels, Axis) {
    match start_date(scenario) {
        Some(date) => (XLabels::Dates(date), Axis::new("Date", "")),
        None => (XLabels::Numbers, Axis::new("Day", "days since start")),
    }
}

fn fan(
    title: String,
    subtitle: String,
    description: String,
    b: &BandSeries,
    y_axis: Axis,
    scenario: &Scenario,
) -> FanChart {
    let (x_labels, x_axis) = x_labels(scenario);
    FanChart {
        title,
        subtitle,
        description,
        x: (1..=b.q50.len()).map(|d| d as f64).collect(),
        x_labels,
        x_axis,
        y_axis,
        median: b.q50.clone(),
        median_label: "Median".into(),
        outer: Band {
            label: "10–90% of runs".into(),
            lower: b.q10.clone(),
            upper: b.q90.clone(),
        },
        inner: Some(Band {
            label: "25–75% of runs".into(),
            lower: b.q25.clone(),
            upper: b.q75.clone(),
        }),
        references: Vec::new(),
        observed: None,
    }
}

fn lever_value(r: &ForecastReport, name: &str) -> Option<f64> {
    r.levers.iter().find(|l| l.name == name).map(|l| l.value)
}

fn runs_line(r: &ForecastReport) -> String {
    format!(
        "{} runs × {} days · seed {}",
        charts::format_number(r.runs as f64, 0),
        r.days,
        r.seed
    )
}

/// Every chart of the report, in display order.
pub fn charts(r: &ForecastReport, bands: &DailyBands, scenario: &Scenario) -> Vec<Chart> {
    let mut out = Vec::new();
    let horizon = r.days;
    let runs = runs_line(r);

    // Key probabilities by the horizon.
    let bars: Vec<IntervalBar> = key_event_names(r, scenario)
        .iter()
        .filter_map(|name| {
            let p = r.probabilities.iter().find(|p| &p.name == name)?;
            let at = p.by_day.last()?;
            Some(IntervalBar {
                label: sentence_case(&p.description),
                value: at.p,
                lower: at.low,
                upper: at.high,
            })
        })
        .collect();
    let svg = charts::bar_with_intervals(&IntervalBars {
        title: format!("Key probabilities within {horizon} days"),
        subtitle: format!("Share of runs in which the event happens; {runs}"),
        description: "Horizontal bars of the estimated probability of each key event by the end of the horizon, with 95% Wilson intervals.".into(),
        value_axis: Axis::new("Probability", "").percent(),
        value_label: "Estimated probability".into(),
        interval_label: "95% interval".into(),
        bars,
    });
    out.push(Chart { name: "key-probabilities".into(), caption: format!("Probability of each key event within {horizon} days, with 95% intervals (Wilson) for the Monte Carlo estimate."), svg });

    // Tension index.
    let svg = charts::fan_chart(&fan(
        "Tension index".into(),
        format!("Spread of simulated paths; {runs}"),
        "Fan chart of the daily tension index: median with 25–75% and 10–90% bands of the runs."
            .into(),
        &bands.tension,
        Axis::new("Tension", "index points").with_range(Some(0.0), None),
        scenario,
    ));
    out.push(Chart {
        name: "tension".into(),
        caption:
            "Daily tension index: median and the bands that hold the middle 50% and 80% of runs."
                .into(),
        svg,
    });

    // Attacks per side, cumulative.
    for (side, b) in bands.attacks.iter().enumerate() {
        let who = state_name(scenario, side);
        let groups: Vec<&str> = scenario.groups_in(side).iter().map(|g| g.name.as_str()).collect();
        let subtitle = if groups.is_empty() {
            format!("no insurgent group operates here in this scenario; {runs}")
        } else {
            format!("{}; {runs}", groups.join(", "))
        };
        let svg = charts::fan_chart(&fan(
            format!("Insurgent attacks inside {who}, cumulative"),
            subtitle,
            format!("Fan chart of cumulative insurgent attacks inside {who} since day 0."),
            b,
            Axis::new("Attacks", "cumulative count").with_range(Some(0.0), None),
            scenario,
        ));
        out.push(Chart {
            name: format!("attacks-{}", scenario.state[side].id),
            caption: format!("Cumulative insurgent attacks inside {who} since the start: median and 50%/80% bands of the runs."),
            svg,
        });
    }

    // Trade against its targets.
    let milestone = scenario.economy.trade_milestone_usd_bn.as_ref().map(|m| m.value);
    let mut references: Vec<ReferenceLine> = milestone
        .map(|m| ReferenceLine::new(m, format!("${} bn milestone", charts::format_usd_bn(m))))
        .into_iter()
        .collect();
    if let Some(target) = lever_value(r, "trade_target")
        .filter(|t| *t > 0.0 && milestone.is_none_or(|m| (*t - m).abs() > 1e-9))
    {
        references.push(ReferenceLine::new(
            target,
            format!("${} bn target", charts::format_usd_bn(target)),
        ));
    }
    let mut trade = fan(
        "Bilateral trade against its targets".into(),
        format!("Annual rate of formal trade; {runs}"),
        "Fan chart of bilateral trade in billion dollars a year, with the trade milestone and target as reference lines.".into(),
        &bands.trade,
        Axis::new("Trade", "$bn per year").with_range(Some(0.0), None),
        scenario,
    );
    trade.references = references;
    let against = match milestone {
        Some(m) => format!("against the ${} bn milestone and the trade-target lever", charts::format_usd_bn(m)),
        None => "against the trade-target lever".to_string(),
    };
    out.push(Chart {
        name: "trade".into(),
        caption: format!("Bilateral trade (billion USD a year, annual rate) {against}."),
        svg: charts::fan_chart(&trade),
    });

    // Escalation rungs.
    let (x_labels_, x_axis) = x_labels(scenario);
    let days = r.daily.rung_share.len();
    let categories = r
        .daily
        .rung_names
        .iter()
        .enumerate()
        .map(|(k, name)| Category {
            name: format!("L{k} {name}"),
            shares: r
                .daily
                .rung_share
                .iter()
                .map(|day| day.get(k).copied().unwrap_or(0.0))
                .collect(),
        })
        .collect();
    let svg = charts::stacked_area(&StackedArea {
        title: "Escalation ladder: where the runs are each day".into(),
        subtitle: format!("Share of runs at each rung; {runs}"),
        description: "Stacked area chart of the share of runs at each escalation rung, from status quo (bottom) to sustained strikes (top).".into(),
        x: (1..=days).map(|d| d as f64).collect(),
        x_labels: x_labels_,
        x_axis: x_axis.clone(),
        y_title: "Share of runs".into(),
        categories,
        ordered: true,
    });
    out.push(Chart {
        name: "escalation".into(),
        caption: "Share of runs at each rung of the escalation ladder on each day.".into(),
        svg,
    });

    // Probability of a first strike by each day.
    let svg = charts::line_chart(&LineChart {
        title: "Chance of a cross-border strike by each day".into(),
        subtitle: format!("Cumulative share of runs with a strike by either state; {runs}"),
        description:
            "Line chart of the probability that a cross-border strike has happened by each day."
                .into(),
        x_labels: x_labels_,
        x_axis,
        y_axis: Axis::new("Probability", "")
            .percent()
            .with_range(Some(0.0), None),
        series: vec![Series::new(
            "P(strike by day)",
            (1..=r.daily.strike_by_day.len())
                .map(|d| d as f64)
                .collect(),
            r.daily.strike_by_day.clone(),
        )],
        references: Vec::new(),
    });
    out.push(Chart {
        name: "strike-by-day".into(),
        caption: "Probability that at least one cross-border strike has happened by each day."
            .into(),
        svg,
    });
    out
}

/// What the HTML report needs beyond the forecast.
#[derive(Clone, Debug)]
pub struct HtmlContext<'a> {
    /// The scenario as run (with any parameter overrides).
    pub scenario: &'a Scenario,
    /// The exact command line that reproduces the report.
    pub command_line: String,
    /// Parameter overrides applied (`NAME=VALUE`), listed with the parameters.
    pub overrides: Vec<String>,
    /// Rows of the claims table; `None` when the claims were not evaluated.
    pub claims: Option<Vec<ClaimRow>>,
    /// Note shown instead of the claims table when `claims` is `None`.
    pub claims_note: String,
    /// Event data observed before day 0, shown as history; `None` to leave it out.
    pub observed: Option<ObservedHistory>,
    /// The backtest's skill and reliability (`faultline evaluate --summary`); `None` to leave it out.
    pub evaluation: Option<crate::fit::EvaluationSummary>,
}

/// Observed event data shown as history before the forecast (from `faultline events`).
#[derive(Clone, Debug)]
pub struct ObservedHistory {
    /// Where the events come from, e.g. `built-in chronology iran-pakistan`.
    pub source: String,
    /// Date of x = 0.
    pub start: Date,
    /// Daily Goldstein-weighted tension index of the events: (days after `start`, value).
    pub tension: Vec<(f64, f64)>,
    /// Half-life of the tension index, days.
    pub half_life_days: f64,
    /// Cumulative insurgent attacks recorded in each state: (days after `start`, count).
    pub attacks: [Vec<(f64, f64)>; 2],
    /// Number of events in the data.
    pub events: usize,
}

fn observed_charts(obs: &ObservedHistory, sc: &Scenario) -> Vec<Chart> {
    let split = |pts: &[(f64, f64)]| -> (Vec<f64>, Vec<f64>) { pts.iter().cloned().unzip() };
    let (tx, ty) = split(&obs.tension);
    let tension = charts::line_chart(&LineChart {
        title: "Observed tension before the forecast".into(),
        subtitle: format!(
            "Goldstein-weighted event index, half-life {} days; {} events from {}",
            obs.half_life_days, obs.events, obs.source
        ),
        description: "Line chart of the dyadic tension index computed from the observed events.".into(),
        x_labels: XLabels::Dates(obs.start),
        x_axis: Axis::new("Date", ""),
        y_axis: Axis::new("Event tension", "Goldstein points").with_range(Some(0.0), None),
        series: vec![Series::new("Observed tension", tx, ty)],
        references: Vec::new(),
    });
    let series = (0..2)
        .map(|side| {
            let (x, y) = split(&obs.attacks[side]);
            Series::new(format!("Attacks recorded in {}", sc.state[side].name), x, y)
        })
        .collect();
    let attacks = charts::line_chart(&LineChart {
        title: "Observed insurgent attacks before the forecast".into(),
        subtitle: format!("Cumulative count of recorded attacks; {}", obs.source),
        description: "Line chart of the cumulative number of recorded insurgent attacks in each state.".into(),
        x_labels: XLabels::Dates(obs.start),
        x_axis: Axis::new("Date", ""),
        y_axis: Axis::new("Attacks", "cumulative count").with_range(Some(0.0), None),
        series,
        references: Vec::new(),
    });
    vec![
        Chart {
            name: "observed-tension".into(),
            caption: "Tension index of the observed events (conflictual events raise it, cooperative ones lower it; it decays between events). Its scale differs from the model's tension index.".into(),
            svg: tension,
        },
        Chart {
            name: "observed-attacks".into(),
            caption: "Insurgent attacks recorded in the event data, cumulative. A chronology records only notable attacks; event exports record many more.".into(),
            svg: attacks,
        },
    ]
}

fn pct(p: f64) -> String {
    charts::format_probability(p)
}

/// The complete self-contained HTML report.
pub fn render_html(r: &ForecastReport, bands: &DailyBands, ctx: &HtmlContext<'_>) -> String {
    let sc = ctx.scenario;
    let charts = charts(r, bands, sc);
    let chart = |name: &str| charts.iter().find(|c| c.name == name);
    let mut page = HtmlReport::new(format!("{}: {}-day outlook", sc.meta.title, r.days));
    page.subtitle(format!(
        "Monte Carlo forecast from {} · {} · Faultline {}",
        sc.meta.start_date,
        runs_line(r),
        r.faultline_version
    ));
    page.reproduce(Reproduce {
        command: ctx.command_line.clone(),
        seed: r.seed,
        runs: r.runs,
        version: format!(
            "Faultline {} (schema {} v{})",
            r.faultline_version, r.schema, r.schema_version
        ),
        scenario_hash: r.scenario.hash.clone(),
        extra: vec![
            (
                "Scenario".into(),
                format!("{} (day 0 = {})", r.scenario.name, r.scenario.start_date),
            ),
            ("Horizon".into(), format!("{} days", r.days)),
        ],
    });

    // Summary.
    page.section("Key probabilities");
    let mut summary = Vec::new();
    if let Some(p) = r.probability("cross_border_strike", r.days) {
        summary.push(format!(
            "a cross-border strike by either state has a {} chance (95% interval {})",
            pct(p.p),
            charts::format_interval(p.low, p.high)
        ));
    }
    if let Some(p) = r.probability("war", r.days) {
        summary.push(format!("sustained strikes (war) {}", pct(p.p)));
    }
    if let Some(p) = r.probability("trade_target_met", r.days) {
        summary.push(format!(
            "trade reaching the ${} bn milestone {}",
            charts::format_usd_bn(sc.economy.trade_milestone_usd_bn.as_ref().map_or(0.0, |m| m.value)),
            pct(p.p)
        ));
    }
    if !summary.is_empty() {
        page.paragraph(format!("Within {} days, {}.", r.days, summary.join("; ")));
    }
    let rows = key_event_names(r, sc)
        .iter()
        .filter_map(|name| {
            let p = r.probabilities.iter().find(|p| &p.name == name)?;
            let at = p.by_day.last()?;
            let earlier: Vec<String> = p.by_day[..p.by_day.len() - 1]
                .iter()
                .map(|e| format!("day {}: {}", e.day, pct(e.p)))
                .collect();
            Some(KeyProbability {
                event: format!("{} (by day {})", sentence_case(&p.description), at.day),
                probability: at.p,
                lower: at.low,
                upper: at.high,
                note: earlier.join(" · "),
            })
        })
        .collect();
    page.key_probabilities("95% interval", rows);
    if let Some(c) = chart("key-probabilities") {
        page.figure(c.svg.clone(), c.caption.clone());
    }
    if let Some(comb) = &r.combined {
        page.paragraph(format!(
            "Combined with the record's base rate. The model alone is overconfident about the states' moves. Pooled with the long-run rate of the record ({}), with the model's share learnt across the reference class of dyads ({}), its forecasts scored slightly better than that rate in the leave-one-dyad-out backtest, mostly through the attacks (see \"Skill against base rates in the backtest\" below and docs/backtest.md).",
            comb.record,
            comb.outcomes
                .iter()
                .map(|o| format!("{} {:.2}", o.name, o.model_weight))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let rows = comb
            .outcomes
            .iter()
            .filter_map(|o| {
                let at = o.by_day.last()?;
                Some(vec![
                    o.name.clone(),
                    format!("{}", at.day),
                    pct(at.model),
                    format!("{} ({} event days in {} days)", pct(at.base_rate), o.record_events, o.record_days),
                    format!("{:.2}", o.model_weight),
                    pct(at.p),
                ])
            })
            .collect();
        page.table(Table::new(
            "Model, record base rate and combined forecast",
            vec!["Outcome", "By day", "Model", "Base rate of the record", "Model share", "Combined"],
            rows,
        ));
    }
    let c = &r.crisis;
    let mut crisis = format!(
        "Crises: {} of {} runs ({}) see at least one strike; {} ({}) see a strike exchange.",
        charts::format_number(c.runs_with_episode as f64, 0),
        charts::format_number(r.runs as f64, 0),
        pct(c.runs_with_episode as f64 / r.runs.max(1) as f64),
        charts::format_number(c.runs_with_exchange as f64, 0),
        pct(c.runs_with_exchange as f64 / r.runs.max(1) as f64)
    );
    if let Some(w) = &c.war_given_exchange {
        crisis.push_str(&format!(
            " Given an exchange, war follows in {} (95% interval {}).",
            pct(w.p),
            charts::format_interval(w.low, w.high)
        ));
    }
    if let (&[a, b], true) = (c.first_strike_by.as_slice(), c.runs_with_episode > 0) {
        crisis.push_str(&format!(
            " {} strikes first in {} runs, {} in {}.",
            sc.state[0].name,
            charts::format_number(a as f64, 0),
            sc.state[1].name,
            charts::format_number(b as f64, 0)
        ));
    }
    if let (Some(m), Some(q)) = (c.episode_days_q50, c.episode_days_q90) {
        crisis.push_str(&format!(" The first crisis episode lasts {m:.0} days at the median, {q:.0} days at the 90th percentile."));
    }
    page.paragraph(crisis);

    page.section("How the crisis unfolds");
    for name in ["tension", "escalation", "strike-by-day"] {
        if let Some(c) = chart(name) {
            page.figure(c.svg.clone(), c.caption.clone());
        }
    }
    page.section("Attacks and trade");
    for c in charts
        .iter()
        .filter(|c| c.name.starts_with("attacks-") || c.name == "trade")
    {
        page.figure(c.svg.clone(), c.caption.clone());
    }
    let mut qrows = Vec::new();
    for q in &r.quantities {
        for at in &q.by_day {
            let f = |v: f64| {
                if q.name.starts_with("trade") {
                    charts::format_number(v, 2)
                } else {
                    charts::format_number(v, 0)
                }
            };
            qrows.push(vec![
                q.description.clone(),
                at.day.to_string(),
                f(at.mean),
                f(at.q10),
                f(at.q50),
                f(at.q90),
                q.unit.clone(),
            ]);
        }
    }
    page.table(Table::new(
        "Quantities at the checkpoints",
        vec!["Quantity", "Day", "Mean", "10%", "Median", "90%", "Unit"],
        qrows,
    ));

    if let Some(obs) = &ctx.observed {
        page.section("What happened before day 0");
        page.paragraph(format!(
            "Event data from {}: {} events. These series are history, not model output; the forecast starts from the scenario's day-0 state ({}).",
            obs.source, obs.events, sc.meta.start_date
        ));
        for c in observed_charts(obs, sc) {
            page.figure(c.svg, c.caption);
        }
    }

    page.section("Claims of the scenario's sources");
    match &ctx.claims {
        Some(rows) if !rows.is_empty() => {
            page.table(Table::new(
                "Claims as experiments on the model (faultline claims)",
                vec!["Claim", "Effect", "Interval", "Verdict"],
                rows.iter()
                    .map(|c| {
                        vec![
                            c.claim.clone(),
                            c.effect.clone(),
                            c.interval.clone(),
                            c.verdict.clone(),
                        ]
                    })
                    .collect(),
            ));
        }
        _ => {
            page.paragraph(ctx.claims_note.clone());
        }
    }

    page.section("Levers and shocks applied");
    let defaults = sc.default_levers();
    let lever_rows = LEVERS
        .iter()
        .map(|spec| {
            let value = lever_value(r, spec.name).unwrap_or(f64::NAN);
            let base = (spec.get)(&defaults);
            let changed = if (value - base).abs() > 1e-12 {
                "changed"
            } else {
                "status quo"
            };
            vec![
                spec.name.to_string(),
                charts::format_number(value, 2),
                charts::format_number(base, 2),
                spec.unit.to_string(),
                changed.to_string(),
                spec.description.to_string(),
            ]
        })
        .collect();
    page.table(Table::new(
        "Policy levers",
        vec!["Lever", "Value", "Status quo", "Unit", "Setting", "Meaning"],
        lever_rows,
    ));
    if r.shocks.is_empty() {
        page.paragraph("No shocks were injected.");
    } else {
        page.table(Table::new(
            "Injected shocks",
            vec!["Shock", "Meaning"],
            r.shocks
                .iter()
                .map(|s| vec![s.clone(), describe_shock(s)])
                .collect(),
        ));
    }

    if let Some(post) = &sc.posterior {
        page.section("The decision layer fitted to the record");
        page.paragraph(format!(
            "These parameters were estimated by {} ({}): posterior mode and 95% interval of the Laplace approximation, on each parameter's own scale. {}",
            if post.method == "laplace" { "penalized maximum likelihood with a Laplace posterior".to_string() } else { post.method.clone() },
            post.provenance,
            "Forecasts with --parameters posterior (the default for such a scenario) draw every run's values from it; docs/calibration.md §6 explains the fit and docs/backtest.md scores it against base rates."
        ));
        let sd_z: Vec<f64> = post.cholesky.iter().map(|row| row.iter().map(|v| v * v).sum::<f64>().sqrt()).collect();
        let at = |z: Vec<f64>| post.values_of(&z);
        let mode = at(post.mode_z.clone());
        let low = at(post.mode_z.iter().zip(&sd_z).map(|(m, s)| m - 1.959_963_984_540_054 * s).collect());
        let high = at(post.mode_z.iter().zip(&sd_z).map(|(m, s)| m + 1.959_963_984_540_054 * s).collect());
        let priors = crate::fit::fitted_parameters(sc);
        let rows = post
            .parameters
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let prior = priors.iter().find(|p| &p.name == name).and_then(|p| Some((p.prior_value?, p.prior_range?)));
                vec![
                    name.clone(),
                    prior.map_or("—".into(), |(v, r)| {
                        format!("{} ({} – {})", charts::format_number(v, 4), charts::format_number(r[0], 4), charts::format_number(r[1], 4))
                    }),
                    charts::format_number(mode[k], 4),
                    format!("{} – {}", charts::format_number(low[k], 4), charts::format_number(high[k], 4)),
                ]
            })
            .collect();
        page.table(Table::new(
            "Fitted parameters against their priors",
            vec!["Parameter", "Prior value (range)", "Posterior mode", "95% interval"],
            rows,
        ));
    }

    if let Some(e) = &ctx.evaluation {
        page.section("Skill against base rates in the backtest");
        page.paragraph(format!(
            "Monthly forecasts over the reference class of built-in dyads, scored against each dyad's long-record base rate \
             (climatology: the event rate in all the record before the origin) and the rate pooled over dyads (reference class). \
             Skill is 1 − model log score ÷ base-rate log score: above 0 the model beats the base rate. Intervals are moving-block \
             bootstrap 95% intervals. Produced by `{}` (Faultline {}, {} runs per origin); docs/backtest.md explains the protocol.",
            e.command, e.faultline_version, e.runs_per_origin
        ));
        let rows = crate::fit::headline_rows(e, &sc.meta.name)
            .into_iter()
            .map(|(fitting, r)| {
                vec![
                    fitting.to_string(),
                    r.dyad.clone(),
                    r.outcome.clone(),
                    format!("{} days", r.horizon),
                    format!("{} ({} events)", r.forecasts, r.events),
                    format!("{} [{}, {}]", crate::fit::signed(r.log_skill), crate::fit::signed(r.log_skill_interval[0]), crate::fit::signed(r.log_skill_interval[1])),
                    crate::fit::signed(r.log_skill_reference_class),
                    crate::fit::signed(r.brier_skill),
                ]
            })
            .collect();
        page.table(Table::new(
            "Log-score skill by fitting, pooled and for this dyad",
            vec!["Fitting", "Dyad", "Outcomes", "Horizon", "Forecasts", "Log skill vs climatology [95%]", "vs reference class", "Brier skill"],
            rows,
        ));
        if let Some(f) = e.fittings.iter().find(|f| f.fitting == "leave-one-dyad-out").or(e.fittings.first()) {
            page.figure(
                crate::fit::reliability_chart(f),
                "Reliability diagram: a calibrated forecaster's points lie on the diagonal; points below it are forecasts that were too high.",
            );
        }
        if let Some(f) = e.fittings.iter().find(|f| f.fitting == crate::fit::COMBINED_FITTING) {
            page.figure(
                crate::fit::reliability_chart(f),
                "Reliability of the forecasts combined with the base rate (leave-one-dyad-out).",
            );
        }
    }

    page.section("Scenario parameters and their provenance");
    page.paragraph(format!(
        "{} Confidence tags: V = verified in a retrieved source, R = recalled standard result, A = our assumption or calibration.{}",
        sc.meta.description,
        if ctx.overrides.is_empty() { String::new() } else { format!(" Overridden for this run: {}.", ctx.overrides.join(", ")) }
    ));
    let params = scenario::parameter_paths(sc)
        .into_iter()
        .map(|p| {
            vec![
                p.name,
                charts::format_number(p.param.value, 4),
                format!(
                    "{} – {}",
                    charts::format_number(p.param.range[0], 4),
                    charts::format_number(p.param.range[1], 4)
                ),
                p.param.unit,
                format!("{:?}", p.param.tag),
                p.param.source,
            ]
        })
        .collect();
    page.table(Table::new(
        "Parameters",
        vec!["Parameter", "Value", "Range", "Unit", "Tag", "Source"],
        params,
    ));
    page.paragraph(format!("Sources: {}", sc.meta.sources.join("; ")));
    page.footer(format!(
        "Generated by Faultline {} from scenario {} (hash {}). Probabilities are shares of simulated runs, not statements of fact; the intervals cover Monte Carlo error only, not model error.",
        r.faultline_version, r.scenario.name, r.scenario.hash
    ));
    page.render()
}

fn describe_shock(spec: &str) -> String {
    let (body, day) = spec.rsplit_once('@').unwrap_or((spec, "?"));
    let parts: Vec<&str> = body.split(':').collect();
    match parts.as_slice() {
        ["attack", state, deaths] => {
            format!("an insurgent attack killing {deaths} inside {state} on day {day}")
        }
        ["strike", state] => format!("a cross-border strike by {state} on day {day}"),
        ["recall", state] => format!("{state} recalls its ambassador on day {day}"),
        ["restriction", state] => {
            format!("{state} closes the border and restricts trade and energy on day {day}")
        }
        ["front", state, load] => format!("another front loads {state} with {load} from day {day}"),
        _ => spec.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_bands_and_page_from_a_small_ensemble() {
        let sc = scenario::builtin("iran-pakistan").unwrap();
        let mut levers = sc.default_levers();
        levers.trade_target_usd_bn = 10.0;
        let experiment = Experiment::builder(&sc).levers(levers).build(60).unwrap();
        let (r, bands) = forecast_with_daily(&experiment, 120, 2, "test", &|_| {});
        assert_eq!(bands.tension.q50.len(), 60);
        assert_eq!(bands.attacks.len(), 2);
        for b in bands.attacks.iter().chain([&bands.trade, &bands.tension]) {
            for d in 0..60 {
                assert!(
                    b.q10[d] <= b.q25[d]
                        && b.q25[d] <= b.q50[d]
                        && b.q50[d] <= b.q75[d]
                        && b.q75[d] <= b.q90[d],
                    "{} day {d}",
                    b.name
                );
            }
        }
        // The forecast's own tension median agrees with the bands'.
        assert_eq!(r.daily.tension_q50, bands.tension.q50);
        let charts = charts(&r, &bands, &sc);
        let names: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "key-probabilities",
                "tension",
                "attacks-iran",
                "attacks-pakistan",
                "trade",
                "escalation",
                "strike-by-day"
            ]
        );
        let trade = &charts.iter().find(|c| c.name == "trade").unwrap().svg;
        assert!(trade.contains("$5 bn milestone") && trade.contains("$10 bn target"));
        let claims = vec![ClaimRow {
            claim: "Fear of war <restrains>".into(),
            effect: "−0.1".into(),
            interval: "[−0.2, 0]".into(),
            verdict: "holds".into(),
        }];
        let ctx = HtmlContext {
            scenario: &sc,
            command_line: "faultline report".into(),
            overrides: vec![],
            claims: Some(claims),
            claims_note: String::new(),
            observed: None,
            evaluation: Some(crate::fit::builtin_evaluation()),
        };
        let page = render_html(&r, &bands, &ctx);
        assert!(page.contains("Fitted parameters against their priors"), "the fit is shown against its priors");
        assert!(page.contains("Skill against base rates in the backtest") && page.contains("Reliability diagram"), "skill and reliability shown");
        assert!(
            page.contains("Fear of war &lt;restrains&gt;"),
            "claims are escaped and shown"
        );
        assert!(
            page.contains("group.jaish_al_adl.branching") && page.contains("Lewis et al. 2012"),
            "parameters with sources"
        );
        assert!(
            !page.contains("<script") && !page.contains("http://") && !page.contains("https://")
        );
    }
}
