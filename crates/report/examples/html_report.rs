//! Writes the HTML report of the built-in scenario without the CLI.
//!
//! ```text
//! cargo run --release -p report --example html_report -- /tmp/report.html 2000
//! ```

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "report.html".into());
    let runs: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let sc = scenario::builtin("iran-pakistan").expect("built-in scenario");
    let experiment = engine::Experiment::builder(&sc).build(365).expect("a plain 365-day run");
    let (forecast, bands) = report::html::forecast_with_daily(&experiment, runs, 1, env!("CARGO_PKG_VERSION"), &|_| {});
    let ctx = report::html::HtmlContext {
        scenario: &sc,
        command_line: format!("faultline report --runs {runs} --days 365 --seed 1 --out {out}"),
        overrides: Vec::new(),
        claims: None,
        claims_note: "Claims not evaluated in this example.".into(),
        observed: None,
        evaluation: Some(report::fit::builtin_evaluation()),
    };
    std::fs::write(&out, report::html::render_html(&forecast, &bands, &ctx)).expect("write the report");
    eprintln!("wrote {out}");
}
