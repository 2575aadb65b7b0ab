//! Writes a sample report with every chart kind, as SVG, PNG and one HTML page.
//!
//! ```text
//! cargo run -p charts --example demo -- /tmp/charts-demo
//! ```
//!
//! The numbers are made up (smooth curves plus deterministic wiggles); they
//! only exercise the layout.

use std::path::PathBuf;

use charts::{
    Axis, Band, Category, Date, FanChart, HtmlReport, IntervalBar, IntervalBars, KeyProbability,
    LineChart, ReferenceLine, Reproduce, Series, StackedArea, Table, XLabels,
};

/// Deterministic pseudo-noise in [-1, 1].
fn wiggle(i: usize, k: f64) -> f64 {
    ((i as f64) * 0.37 * k).sin() * 0.6 + ((i as f64) * 1.31 + k).sin() * 0.4
}

fn trade_fan() -> FanChart {
    let days: Vec<f64> = (0..=365).step_by(5).map(f64::from).collect();
    let median: Vec<f64> = days
        .iter()
        .map(|d| 2.4 + 1.9 * (d / 365.0).powf(0.8))
        .collect();
    let spread = |d: f64, q: f64| q * (0.15 + 1.6 * (d / 365.0));
    FanChart {
        title: "Bilateral trade, annualised".into(),
        subtitle: "Simulated paths, 10,000 runs; dashed lines are official targets".into(),
        description: "Fan chart of Iran–Pakistan bilateral trade over the next year. The median rises from about \
                      2.4 to 4.3 billion dollars a year; the 10–90% band widens to roughly 2.3–6.2. Neither the \
                      5 nor the 10 billion dollar target is reached in the median."
            .into(),
        x: days.clone(),
        x_labels: XLabels::Dates(Date::new(2025, 1, 1).expect("valid date")),
        x_axis: Axis::new("Date", ""),
        y_axis: Axis::new("Trade", "$bn per year").with_range(Some(0.0), None),
        median: median.clone(),
        median_label: "Median".into(),
        outer: Band {
            label: "10–90% of runs".into(),
            lower: days.iter().zip(&median).map(|(d, m)| m - spread(*d, 1.0)).collect(),
            upper: days.iter().zip(&median).map(|(d, m)| m + 1.2 * spread(*d, 1.0)).collect(),
        },
        inner: Some(Band {
            label: "25–75% of runs".into(),
            lower: days.iter().zip(&median).map(|(d, m)| m - spread(*d, 0.45)).collect(),
            upper: days.iter().zip(&median).map(|(d, m)| m + 1.2 * spread(*d, 0.45)).collect(),
        }),
        references: vec![
            ReferenceLine::new(5.0, "$5bn target"),
            ReferenceLine::new(10.0, "$10bn target"),
        ],
        observed: Some(Series::new(
            "Observed (quarterly)",
            vec![0.0, 90.0, 181.0],
            vec![2.35, 2.6, 2.9],
        )),
    }
}

const RUNGS: [&str; 7] = [
    "L0 Calm",
    "L1 Rhetoric",
    "L2 Diplomatic downgrade",
    "L3 Militant attacks",
    "L4 Border clashes",
    "L5 Cross-border strikes",
    "L6 Sustained conflict",
];

fn escalation_area() -> StackedArea {
    let days: Vec<f64> = (0..=180).map(f64::from).collect();
    // Weights per rung drift over time; normalise to shares.
    let weights: Vec<Vec<f64>> = days
        .iter()
        .map(|d| {
            let t = d / 180.0;
            vec![
                0.45 - 0.15 * t,
                0.25,
                0.12 + 0.03 * t,
                0.09 + 0.04 * t,
                0.05 + 0.04 * t,
                0.03 + 0.03 * t,
                0.01 + 0.02 * t,
            ]
        })
        .collect();
    let categories = RUNGS
        .iter()
        .enumerate()
        .map(|(k, name)| Category {
            name: (*name).into(),
            shares: weights
                .iter()
                .map(|w| w[k] / w.iter().sum::<f64>())
                .collect(),
        })
        .collect();
    StackedArea {
        title: "Escalation ladder: where the runs are each day".into(),
        subtitle: "Share of 10,000 simulated runs at each rung; rungs stack from calm (bottom) to conflict (top)"
            .into(),
        description: "Stacked area chart of the share of runs at each escalation rung L0 to L6 over 180 days.".into(),
        x: days,
        x_labels: XLabels::Numbers,
        x_axis: Axis::new("Day", "days since 1 Jan 2025"),
        y_title: "Share of runs".into(),
        categories,
        ordered: true,
    }
}

fn key_bars() -> IntervalBars {
    IntervalBars {
        title: "Key probabilities within 180 days".into(),
        subtitle: "Point estimate from 10,000 runs with 95% interval".into(),
        description: "Horizontal bar chart of five event probabilities with intervals.".into(),
        value_axis: Axis::new("Probability", "").percent(),
        value_label: "Estimated probability".into(),
        interval_label: "95% interval".into(),
        bars: vec![
            IntervalBar {
                label: "Major militant attack in Sistan-Baluchestan".into(),
                value: 0.62,
                lower: 0.58,
                upper: 0.66,
            },
            IntervalBar {
                label: "Ambassadors withdrawn again".into(),
                value: 0.23,
                lower: 0.19,
                upper: 0.27,
            },
            IntervalBar {
                label: "Cross-border strike by either state".into(),
                value: 0.14,
                lower: 0.11,
                upper: 0.17,
            },
            IntervalBar {
                label: "Border crossing closed for more than 14 days".into(),
                value: 0.31,
                lower: 0.26,
                upper: 0.36,
            },
            IntervalBar {
                label: "Sustained armed conflict between Iran and Pakistan (L6 for 7+ days)".into(),
                value: 0.004,
                lower: 0.001,
                upper: 0.009,
            },
        ],
    }
}

fn tension_lines() -> LineChart {
    let days: Vec<f64> = (0..120).map(f64::from).collect();
    let index: Vec<f64> = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if (40..44).contains(&i) {
                f64::NAN // reporting gap
            } else {
                35.0 + 25.0 * (-((d - 17.0) / 6.0).powi(2)).exp() + 4.0 * wiggle(i, 1.0)
            }
        })
        .collect();
    let smooth: Vec<f64> = (0..index.len())
        .map(|i| {
            let w: Vec<f64> = index[i.saturating_sub(6)..=i]
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .collect();
            w.iter().sum::<f64>() / w.len().max(1) as f64
        })
        .collect();
    LineChart {
        title: "Observed tension index".into(),
        subtitle: "Daily media-based index (0–100) and its 7-day average; gap = missing reports".into(),
        description: "Line chart of the observed tension index since 1 January 2024, peaking around 17–18 January.".into(),
        x_labels: XLabels::Dates(Date::new(2024, 1, 1).expect("valid date")),
        x_axis: Axis::new("Date", ""),
        y_axis: Axis::new("Tension index", "0–100").with_range(Some(0.0), Some(100.0)),
        series: vec![
            Series::new("Daily index", days.clone(), index),
            Series::new("7-day average", days, smooth),
        ],
        references: vec![ReferenceLine::new(70.0, "Crisis threshold")],
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "charts-demo".into()),
    );
    std::fs::create_dir_all(&dir)?;

    let fan = charts::fan_chart(&trade_fan());
    let area = charts::stacked_area(&escalation_area());
    let bars = charts::bar_with_intervals(&key_bars());
    let lines = charts::line_chart(&tension_lines());

    for (name, svg) in [
        ("fan", &fan),
        ("stacked", &area),
        ("bars", &bars),
        ("lines", &lines),
    ] {
        std::fs::write(dir.join(format!("{name}.svg")), svg)?;
        std::fs::write(
            dir.join(format!("{name}.png")),
            charts::svg_to_png(svg, 2.0)?,
        )?;
    }

    let mut report = HtmlReport::new("Iran–Pakistan border: 180-day outlook");
    report
        .subtitle("Faultline simulation of the Baloch border crisis — demo data, not a forecast")
        .reproduce(Reproduce {
            command: "faultline report --scenario scenarios/iran-pakistan.toml --seed 42 --runs 10000".into(),
            seed: 42,
            runs: 10_000,
            version: "faultline 0.1.0".into(),
            scenario_hash: "sha256:9f2c4e1b7a0d3c58e6f1a2b4c7d9e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2".into(),
            extra: vec![("Scenario".into(), "Iran–Pakistan border (default)".into())],
        })
        .section("Key probabilities")
        .paragraph(
            "Probabilities are shares of simulated runs in which the event happens within 180 days. \
             Intervals show the sampling uncertainty of the estimate, not model uncertainty.",
        )
        .key_probabilities(
            "95% interval",
            key_bars()
                .bars
                .iter()
                .map(|b| KeyProbability {
                    event: b.label.clone(),
                    probability: b.value,
                    lower: b.lower,
                    upper: b.upper,
                    note: String::new(),
                })
                .collect(),
        )
        .figure(bars, "Key probabilities with 95% intervals. Bars are point estimates; whiskers the intervals.")
        .section("Escalation")
        .figure(area, "Share of runs at each escalation rung per day. Darker bands are higher rungs.")
        .figure(lines, "Observed tension index with the crisis threshold used to calibrate the model.")
        .section("Economics")
        .figure(fan, "Bilateral trade: median path with 25–75% and 10–90% bands, observed quarterly values and the $5bn and $10bn targets.")
        .section("Claims, levers and parameters")
        .table(Table::new(
            "Claims from the source text",
            vec!["Claim", "Verdict", "Share of runs"],
            vec![
                vec!["Complete resolution of border tensions is unlikely".into(), "Supported".into(), "94%".into()],
                vec!["Liaison officers reduce cross-border strikes".into(), "Weakly supported".into(), "61%".into()],
                vec!["<script>alert('escaped')</script> & other odd text".into(), "Not tested".into(), "–".into()],
            ],
        ))
        .table(Table::new(
            "Levers and shocks applied",
            vec!["Lever or shock", "Day", "Setting"],
            vec![
                vec!["Border liaison officers".into(), "0".into(), "on".into()],
                vec!["Militant attack shock".into(), "30".into(), "severity 0.7".into()],
            ],
        ))
        .table(Table::new(
            "Parameters and provenance",
            vec!["Parameter", "Value", "Source"],
            vec![
                vec!["Baseline trade".into(), "2.4".into(), "Seed text: official figures, $bn/yr".into()],
                vec!["Attack rate per month".into(), "1.8".into(), "Expert judgement (placeholder)".into()],
            ],
        ))
        .footer("Generated by the charts demo. Self-contained page: it makes no network requests.");
    std::fs::write(dir.join("report.html"), report.render())?;
    println!("wrote {}", dir.display());
    Ok(())
}
