//! Plain-text tables and CSV for comparison, factorial and sensitivity results.
//!
//! Event outcomes are shown as percentages and their differences in
//! percentage points (pp); counts and trade in their own units. CSV keeps raw
//! numbers (probabilities as fractions) with full precision.

use std::fmt::Write;

use sensitivity::{Interval, PairedSummary};

use crate::{Comparison, FactorialResult, Method, SensitivityResult};

fn level(x: f64, event: bool) -> String {
    if !x.is_finite() {
        "-".to_string()
    } else if event {
        format!("{:.1}%", 100.0 * x)
    } else {
        format!("{x:.2}")
    }
}

fn diff(x: f64, event: bool) -> String {
    if !x.is_finite() {
        "-".to_string()
    } else if event {
        format!("{:+.1} pp", 100.0 * x)
    } else {
        format!("{x:+.2}")
    }
}

fn interval(ci: &Interval, event: bool) -> String {
    if !(ci.low.is_finite() && ci.high.is_finite()) {
        return "[-]".to_string();
    }
    if event {
        format!("[{:+.1}, {:+.1}]", 100.0 * ci.low, 100.0 * ci.high)
    } else {
        format!("[{:+.2}, {:+.2}]", ci.low, ci.high)
    }
}

fn reduction(p: &PairedSummary) -> String {
    let v = p.variance_reduction;
    if v.is_infinite() {
        "exact".to_string()
    } else if v.is_finite() {
        format!("{v:.1}x")
    } else {
        "-".to_string()
    }
}

/// Left-aligned table with a header row and two-space gaps.
fn table(header: &[&str], rows: &[Vec<String>], right_from: usize) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = w - cell.chars().count();
            if i >= right_from {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    for row in rows {
        line(row);
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else if x.is_infinite() && x > 0.0 {
        "inf".to_string()
    } else {
        String::new()
    }
}

fn baseline_line(changes: &[String]) -> String {
    if changes.is_empty() {
        "the scenario's status-quo levers".to_string()
    } else {
        changes.join(", ")
    }
}

/// A comparison as a table.
pub fn comparison_table(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Paired comparison on `{}`: {} runs per arm with common random numbers, seed {}, outcomes by day {}",
        c.scenario, c.runs, c.seed, c.days
    );
    let _ = writeln!(out, "baseline: {}", baseline_line(&c.baseline));
    let mut arms_seen: Vec<&str> = Vec::new();
    for row in &c.rows {
        if !arms_seen.contains(&row.arm.as_str()) {
            arms_seen.push(&row.arm);
            let _ = writeln!(out, "arm {}: {}", row.arm, row.changes.join(", "));
        }
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            let p = &r.paired;
            vec![
                r.arm.clone(),
                r.outcome.clone(),
                level(p.mean_baseline, r.event),
                level(p.mean_alternative, r.event),
                diff(p.mean_difference, r.event),
                interval(&p.ci, r.event),
                reduction(p),
            ]
        })
        .collect();
    out.push_str(&table(
        &["arm", "outcome", "baseline", "arm value", "difference", "95% interval", "var. reduction"],
        &rows,
        2,
    ));
    out.push_str(
        "\ndifference = arm - baseline (pp = percentage points for events); the interval is a paired Student-t\n\
         interval over runs; var. reduction = how many times more independent runs the same precision would need.\n",
    );
    out
}

/// A comparison as CSV, one row per (arm, outcome).
pub fn comparison_csv(c: &Comparison) -> String {
    let mut out = String::from(
        "arm,changes,outcome,day,runs,baseline_mean,arm_mean,difference,ci_low,ci_high,se,correlation,variance_reduction\n",
    );
    for r in &c.rows {
        let p = &r.paired;
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(&r.arm),
            csv_field(&r.changes.join(";")),
            r.outcome,
            r.day,
            p.runs,
            num(p.mean_baseline),
            num(p.mean_alternative),
            num(p.mean_difference),
            num(p.ci.low),
            num(p.ci.high),
            num(p.se_difference),
            num(p.correlation),
            num(p.variance_reduction)
        );
    }
    out
}

fn factor_line(f: &FactorialResult) -> String {
    f.factors
        .iter()
        .map(|x| {
            let low = x.low.map(|v| format!("{v}")).unwrap_or_else(|| "baseline".to_string());
            format!("{} (low {low}, high {})", x.lever, x.high)
        })
        .collect::<Vec<_>>()
        .join(" x ")
}

/// A factorial result as a table.
pub fn factorial_table(f: &FactorialResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "2^{} factorial design on `{}`: {}; {} runs per cell with common random numbers, seed {}, outcomes by day {}",
        f.factors.len(),
        f.scenario,
        factor_line(f),
        f.runs,
        f.seed,
        f.days
    );
    let _ = writeln!(out, "baseline: {}", baseline_line(&f.baseline));
    for o in &f.outcomes {
        let _ = writeln!(out, "\n== {} ==", o.outcome);
        let rows: Vec<Vec<String>> = o.cells.iter().map(|c| vec![c.label.clone(), level(c.mean, o.event)]).collect();
        out.push_str(&table(&["cell", "mean"], &rows, 1));
        out.push('\n');
        let rows: Vec<Vec<String>> = o
            .effects
            .effects
            .iter()
            .map(|e| vec![e.label.clone(), diff(e.effect, o.event), interval(&e.ci, o.event)])
            .collect();
        out.push_str(&table(&["effect", "estimate", "95% interval"], &rows, 1));
        out.push('\n');
        let rows: Vec<Vec<String>> = o
            .simple_effects
            .iter()
            .map(|s| {
                vec![
                    s.factor.clone(),
                    s.given.clone(),
                    diff(s.paired.mean_difference, o.event),
                    interval(&s.paired.ci, o.event),
                    reduction(&s.paired),
                ]
            })
            .collect();
        out.push_str(&table(&["simple effect of", "with", "high - low", "95% interval", "var. reduction"], &rows, 2));
    }
    out.push_str(
        "\nmain effect = mean over high cells - mean over low cells; an interaction A×B is half the difference between\n\
         A's effect with B high and with B low (Yates contrast); simple effect = one lever's effect with the others fixed.\n\
         Intervals are paired Student-t intervals over runs.\n",
    );
    out
}

/// A factorial result as CSV: cells, effects and simple effects per outcome.
pub fn factorial_csv(f: &FactorialResult) -> String {
    let mut out = String::from("outcome,day,kind,label,given,estimate,ci_low,ci_high,se\n");
    for o in &f.outcomes {
        for c in &o.cells {
            let _ = writeln!(out, "{},{},cell,{},,{},,,", o.outcome, o.day, csv_field(&c.label), num(c.mean));
        }
        for e in &o.effects.effects {
            let kind = if e.factors.len() == 1 { "main_effect" } else { "interaction" };
            let _ = writeln!(
                out,
                "{},{},{kind},{},,{},{},{},{}",
                o.outcome,
                o.day,
                csv_field(&e.label),
                num(e.effect),
                num(e.ci.low),
                num(e.ci.high),
                num(e.se)
            );
        }
        for s in &o.simple_effects {
            let p = &s.paired;
            let _ = writeln!(
                out,
                "{},{},simple_effect,{},{},{},{},{},{}",
                o.outcome,
                o.day,
                csv_field(&s.factor),
                csv_field(&s.given),
                num(p.mean_difference),
                num(p.ci.low),
                num(p.ci.high),
                num(p.se_difference)
            );
        }
    }
    out
}

fn sig(x: f64) -> String {
    if x.is_finite() { format!("{x:.4}") } else { "-".to_string() }
}

fn ci4(ci: &Interval) -> String {
    format!("[{}, {}]", sig(ci.low), sig(ci.high))
}

fn range_of(r: &SensitivityResult, name: &str) -> String {
    r.parameters
        .iter()
        .find(|p| p.name == name)
        .map(|p| format!("{} .. {}", p.low, p.high))
        .unwrap_or_default()
}

/// How the first line of a sensitivity table names the method and its sample
/// size, e.g. `Morris screening` and `20 trajectories`.
fn method_heading(r: &SensitivityResult) -> (&'static str, String) {
    match r.method {
        Method::Morris => ("Morris screening", format!("{} trajectories", r.samples)),
        Method::Sobol => ("Sobol indices", format!("base sample N = {}", r.samples)),
    }
}

/// A table row for the parameter ranked `index + 1`: rank, name, the method's
/// four statistics and the parameter's range.
fn ranked_row(r: &SensitivityResult, index: usize, name: &str, stats: [String; 4]) -> Vec<String> {
    let mut row = vec![format!("{}", index + 1), name.to_string()];
    row.extend(stats);
    row.push(range_of(r, name));
    row
}

/// A CSV line for the parameter ranked `index + 1`: rank, name, the method's
/// statistics and the low and high ends of the parameter's range (empty where
/// the parameter is not among the result's parameters).
fn ranked_csv_line(r: &SensitivityResult, index: usize, name: &str, stats: &[f64]) -> String {
    let info = r.parameters.iter().find(|q| q.name == name);
    let mut fields = vec![format!("{}", index + 1), name.to_string()];
    fields.extend(stats.iter().map(|&x| num(x)));
    fields.push(info.map(|q| num(q.low)).unwrap_or_default());
    fields.push(info.map(|q| num(q.high)).unwrap_or_default());
    fields.join(",") + "\n"
}

/// A sensitivity result as a table, most important parameter first.
pub fn sensitivity_table(r: &SensitivityResult) -> String {
    let mut out = String::new();
    let what = if r.event { "probability" } else { "mean" };
    let (method, sample) = method_heading(r);
    let _ = writeln!(
        out,
        "{method} of {} ({what} by day {}) on `{}`: {} parameters, {sample}, {} design points x {} replicates = {} runs, seed {}",
        r.outcome,
        r.day,
        r.scenario,
        r.parameters.len(),
        r.design_points,
        r.replicates,
        r.runs,
        r.seed
    );
    let _ = writeln!(
        out,
        "output over the design: mean {}, variance {}\n",
        sig(r.output_mean),
        sig(r.output_variance)
    );
    if let Some(m) = &r.morris {
        let rows: Vec<Vec<String>> = m
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| ranked_row(r, i, &p.name, [sig(p.mu_star), ci4(&p.mu_star_ci), sig(p.mu), sig(p.sigma)]))
            .collect();
        out.push_str(&table(&["rank", "parameter", "mu*", "mu* 95% interval", "mu", "sigma", "range"], &rows, 2));
        out.push_str(
            "\nmu* = mean |elementary effect|, the change in the outcome for a move across the parameter's whole range;\n\
             sigma large relative to mu* flags non-linearity or interactions.\n",
        );
    }
    if let Some(s) = &r.sobol {
        let rows: Vec<Vec<String>> = s
            .indices
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let stats = [sig(x.st), ci4(&x.st_ci), sig(x.s1), ci4(&x.s1_ci)];
                ranked_row(r, i, &x.name, stats)
            })
            .collect();
        out.push_str(&table(&["rank", "parameter", "ST", "ST 95% interval", "S1", "S1 95% interval", "range"], &rows, 2));
        out.push_str(
            "\nST = total index (own effect plus interactions), S1 = first-order index; intervals are bootstrap percentiles.\n\
             All design points share the same replicate seeds, so Monte Carlo noise is not in these indices: check\n\
             stability by rerunning with another --seed.\n",
        );
    }
    out
}

/// A sensitivity result as CSV, most important parameter first.
pub fn sensitivity_csv(r: &SensitivityResult) -> String {
    let mut out = String::new();
    if let Some(m) = &r.morris {
        out.push_str("rank,parameter,mu_star,mu_star_ci_low,mu_star_ci_high,mu,sigma,low,high\n");
        for (i, p) in m.parameters.iter().enumerate() {
            let stats = [p.mu_star, p.mu_star_ci.low, p.mu_star_ci.high, p.mu, p.sigma];
            out.push_str(&ranked_csv_line(r, i, &p.name, &stats));
        }
    }
    if let Some(s) = &r.sobol {
        out.push_str("rank,parameter,st,st_ci_low,st_ci_high,s1,s1_ci_low,s1_ci_high,low,high\n");
        for (i, x) in s.indices.iter().enumerate() {
            let stats = [x.st, x.st_ci.low, x.st_ci.high, x.s1, x.s1_ci.low, x.s1_ci.high];
            out.push_str(&ranked_csv_line(r, i, &x.name, &stats));
        }
    }
    out
}
