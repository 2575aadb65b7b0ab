//! `faultline report`: the HTML page and the separate chart files.

use crate::support::{faultline, scratch, stderr};

#[test]
fn report_writes_a_self_contained_page_and_svg_charts() {
    let dir = scratch("report-svg");
    let html = dir.join("report.html");
    let charts = dir.join("charts");
    let out = faultline(&[
        "report",
        "--runs",
        "150",
        "--days",
        "60",
        "--seed",
        "4",
        "--claims-runs",
        "0",
        "--lever",
        "mutual_expulsion=1",
        "--shock",
        "attack:iran:30@10",
        "--set",
        "state.iran.fear_of_war=25",
        "--out",
        html.to_str().unwrap(),
        "--format",
        "svg",
        "--charts-dir",
        charts.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    for needle in [
        "Key probabilities",
        "Tension index",
        "Insurgent attacks inside Iran, cumulative",
        "Insurgent attacks inside Pakistan, cumulative",
        "Bilateral trade against its targets",
        "$5 bn milestone",
        "$10 bn target",
        "Escalation ladder",
        "Levers and shocks applied",
        "attack:iran:30@10",
        "Scenario parameters and their provenance",
        "group.jaish_al_adl.branching",
        "state.iran.fear_of_war=25",
        "--lever mutual_expulsion=1 --shock attack:iran:30@10",
        "--runs 150 --days 60 --seed 4",
        "Claims not evaluated",
    ] {
        assert!(page.contains(needle), "page lacks {needle:?}");
    }
    // A what-if (levers, a shock) keeps the model's own probabilities only.
    assert!(!page.contains("Model, record base rate and combined forecast"));
    // Nothing to fetch: no scripts, no external references.
    assert!(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"));
    assert!(page.matches("<svg").count() >= 7, "charts are inline");
    for name in [
        "key-probabilities",
        "tension",
        "attacks-iran",
        "attacks-pakistan",
        "trade",
        "escalation",
        "strike-by-day",
    ] {
        let svg = std::fs::read_to_string(charts.join(format!("{name}.svg"))).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("</svg>"), "{name}");
    }
}

#[test]
fn report_writes_png_charts_beside_the_page_by_default() {
    let dir = scratch("report-png");
    let html = dir.join("brief.html");
    let out = faultline(&[
        "report",
        "--runs",
        "50",
        "--days",
        "30",
        "--claims-runs",
        "0",
        "--out",
        html.to_str().unwrap(),
        "--format",
        "png",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let png = std::fs::read(dir.join("brief-charts").join("trade.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn report_rejects_bad_options_with_exit_2() {
    let dir = scratch("report-bad");
    let html = dir.join("r.html");
    for (args, needle) in [
        (vec!["--claims-runs", "50"], "--claims-runs"),
        (vec!["--lever", "mutual_expulsion=2"], "out of range"),
        (
            vec!["--shock", "strike:iran@99", "--days", "30"],
            "after the horizon",
        ),
    ] {
        let mut all = vec!["report", "--runs", "20", "--out", html.to_str().unwrap()];
        all.extend(args);
        let out = faultline(&all);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(needle), "{}", stderr(&out));
        assert!(!html.exists(), "no page on error");
    }
}

#[test]
fn report_is_identical_on_one_and_two_threads() {
    let dir = scratch("report-threads");
    let page = |threads: &str| {
        let html = dir.join(format!("report-{threads}.html"));
        let charts = dir.join(format!("charts-{threads}"));
        let o = faultline(&[
            "report", "--runs", "100", "--days", "60", "--seed", "9", "--claims-runs", "100", "--format", "svg",
            "--out", html.to_str().unwrap(), "--charts-dir", charts.to_str().unwrap(), "--threads", threads,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&charts)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        // The page quotes its own command line (its --out path); neutralise the name.
        let text = std::fs::read_to_string(&html).unwrap().replace(&format!("report-{threads}.html"), "report.html");
        (text, files)
    };
    let (one, two) = (page("1"), page("2"));
    assert!(one.0.contains("Claims"), "the page carries the claims section");
    // At the status quo the page pools the outcomes with the chronology's base rates.
    assert!(one.0.contains("Model, record base rate and combined forecast"), "the page carries the combined forecast");
    assert!(one.0.contains("built-in chronology iran-pakistan"));
    assert!(one == two, "report output depends on the thread count");
}
