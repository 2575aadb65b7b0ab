//! Output files: reserved before the work, never written through a planted link, and
//! written all or nothing (issue 12, points 2 and 3; issue 15, point 1).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{faultline, scratch, stderr};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file below `dir` (relative path → bytes), temporary files included.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.insert(path.strip_prefix(dir).unwrap().join(""), Vec::new());
                pending.push(path);
            } else {
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}

/// Runs a command that must fail after its outputs were reserved, with an older version
/// of each output already in place: exit 2, and every file below `dir` is as before
/// (old outputs byte-identical, nothing new, no temporary file). Returns stderr.
fn fails_and_leaves_everything(dir: &Path, existing: &[&str], args: &[&str]) -> String {
    for name in existing {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("old {name}\n")).unwrap();
    }
    let before = tree(dir);
    let o = faultline(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    assert_eq!(tree(dir), before, "{args:?} changed the folder: {}", stderr(&o));
    stderr(&o)
}

#[test]
fn every_writer_leaves_its_old_output_and_no_temporary_file_when_it_fails() {
    let dir = scratch("outputs-failed");
    let p = |name: &str| dir.join(name);
    let broken = p("broken.csv");
    std::fs::write(&broken, "date,actor,target,event_type\n2024-01-01,nobody,iran,insurgent_attack\n").unwrap();
    let cases: Vec<(&str, Vec<&str>, Vec<String>)> = vec![
        ("forecast", vec!["f.json"], vec!["forecast".into(), "--runs".into(), "100".into(), "--shock".into(), "attack:iran:0@10".into(), "--out".into(), s(&p("f.json")).into()]),
        ("claims", vec!["c.txt"], vec!["claims".into(), "--scenario".into(), s(&p("nowhere.toml")).into(), "--out".into(), s(&p("c.txt")).into()]),
        ("backtest", vec!["b.txt"], vec!["backtest".into(), "--events".into(), s(&p("missing.csv")).into(), "--from".into(), "2024-01-01".into(), "--to".into(), "2024-03-01".into(), "--out".into(), s(&p("b.txt")).into()]),
        ("compare", vec!["cmp.csv"], vec!["compare".into(), "--arm".into(), "no-colon".into(), "--runs".into(), "100".into(), "--out".into(), s(&p("cmp.csv")).into()]),
        ("sensitivity", vec!["sens.csv"], vec!["sensitivity".into(), "--method".into(), "morris".into(), "--outcome".into(), "no_such_outcome".into(), "--out".into(), s(&p("sens.csv")).into()]),
        ("evaluate", vec!["e.md", "e.csv"], vec!["evaluate".into(), "--dyad".into(), "northland".into(), "--out".into(), s(&p("e.md")).into(), "--forecasts".into(), s(&p("e.csv")).into()]),
        ("events extract", vec!["x.csv"], vec!["events".into(), "extract".into(), s(&p("no-article.txt")).into(), "--out".into(), s(&p("x.csv")).into()]),
        ("events import", vec!["n.csv"], vec!["events".into(), "import".into(), "--from".into(), "native".into(), s(&broken).into(), "--out".into(), s(&p("n.csv")).into()]),
        ("calibrate", vec!["cal.toml"], vec!["calibrate".into(), "--events".into(), s(&p("missing.csv")).into(), "--out".into(), s(&p("cal.toml")).into()]),
        ("calibrate --layer decision", vec!["dec.toml"], vec!["calibrate".into(), "--layer".into(), "decision".into(), "--dyad".into(), "northland".into(), "--out".into(), s(&p("dec.toml")).into()]),
        ("calibrate --layer decision, several dyads", vec![], vec!["calibrate".into(), "--layer".into(), "decision".into(), "--dyad".into(), "iran-pakistan".into(), "--dyad".into(), "northland".into(), "--out".into(), s(&p("fitted/dyads")).into()]),
        ("report", vec!["r.html", "r-charts/tension.svg"], vec!["report".into(), "--runs".into(), "100".into(), "--claims-runs".into(), "0".into(), "--shock".into(), "attack:iran:0@10".into(), "--format".into(), "svg".into(), "--out".into(), s(&p("r.html")).into()]),
    ];
    for (writer, existing, args) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = fails_and_leaves_everything(&dir, existing, &args);
        assert!(!err.is_empty(), "{writer}: the failure is explained");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_report_whose_chart_folder_cannot_be_created_writes_no_page() {
    // Issue 15.1: `rep/afile` is a file, so `rep/afile/sub` cannot be a folder.
    let dir = scratch("outputs-report-charts");
    let rep = dir.join("rep");
    std::fs::create_dir(&rep).unwrap();
    std::fs::write(rep.join("afile"), b"a file").unwrap();
    let err = fails_and_leaves_everything(
        &dir,
        &[],
        &["report", "--runs", "100", "--claims-runs", "0", "--out", s(&rep.join("r.html")), "--format", "svg", "--charts-dir", s(&rep.join("afile/sub"))],
    );
    assert!(err.contains("afile/sub") && err.contains("is a file"), "{err}");
    assert!(!rep.join("r.html").exists());
    // With an existing page, the page survives too.
    let err = fails_and_leaves_everything(
        &dir,
        &["rep/r.html"],
        &["report", "--runs", "100", "--claims-runs", "0", "--out", s(&rep.join("r.html")), "--format", "png", "--charts-dir", s(&rep.join("afile/sub"))],
    );
    assert!(err.contains("afile"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_report_writes_its_page_and_every_chart_and_nothing_else() {
    let dir = scratch("outputs-report-ok");
    std::fs::write(dir.join("r.html"), b"old page").unwrap();
    let o = faultline(&["report", "--runs", "100", "--claims-runs", "0", "--out", s(&dir.join("r.html")), "--format", "svg", "--charts-dir", s(&dir.join("new/charts"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&dir);
    assert!(files[Path::new("r.html")].starts_with(b"<!DOCTYPE html>") || files[Path::new("r.html")].starts_with(b"<!doctype html>"));
    let charts: Vec<&PathBuf> = files.keys().filter(|p| p.starts_with("new/charts") && p.extension().is_some()).collect();
    assert!(charts.len() >= 5, "{charts:?}");
    assert!(files.keys().all(|p| !p.to_string_lossy().contains(".tmp")), "{files:?}", files = files.keys().collect::<Vec<_>>());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_output_into_a_missing_folder_fails_before_the_runs() {
    // 200,000 runs take seconds; the reserved output fails at once, before any of them.
    let dir = scratch("outputs-missing-folder");
    let dest = dir.join("missing/dir/f.json");
    let o = faultline(&["forecast", "--runs", "200000", "--out", s(&dest)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.trim(), format!("faultline: error: cannot write {}: the folder {} does not exist", dest.display(), dir.join("missing/dir").display()));
    for args in [
        vec!["claims", "--out", s(&dest)],
        vec!["compare", "--arm", "expel:mutual_expulsion=1", "--out", s(&dest)],
        vec!["sensitivity", "--method", "morris", "--outcome", "cross_border_strike", "--out", s(&dest)],
        vec!["report", "--out", s(&dest)],
        vec!["evaluate", "--out", s(&dest)],
        vec!["backtest", "--events", "iran-pakistan", "--from", "2020-01-01", "--to", "2024-01-01", "--out", s(&dest)],
        vec!["calibrate", "--layer", "decision", "--dyad", "iran-pakistan", "--out", s(&dest)],
        vec!["calibrate", "--events", "iran-pakistan", "--out", s(&dest)],
        vec!["events", "import", "--from", "native", "no-such-input.csv", "--out", s(&dest)],
    ] {
        let o = faultline(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("missing/dir does not exist"), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(tree(&dir).len(), 0);
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(unix)]
#[test]
fn out_never_writes_through_a_planted_link() {
    let dir = scratch("outputs-planted");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    let dest = dir.join("f.json");
    let child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["forecast", "--runs", "3000", "--format", "json", "--out", s(&dest)])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The temporary name the writer used before (`.NAME.PID.tmp`), planted while the runs go on.
    let old_temp = dir.join(format!(".f.json.{}.tmp", child.id()));
    std::os::unix::fs::symlink(&victim, &old_temp).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert!(std::fs::read_to_string(&dest).unwrap().contains("faultline.forecast"));
    // A link at the destination itself is replaced; the file it points to is untouched.
    std::fs::remove_file(&dest).unwrap();
    std::os::unix::fs::symlink(&victim, &dest).unwrap();
    let o = faultline(&["forecast", "--runs", "100", "--format", "csv", "--out", s(&dest)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert!(!dest.symlink_metadata().unwrap().file_type().is_symlink());
    let names: Vec<PathBuf> = tree(&dir).into_keys().collect();
    assert_eq!(names, [PathBuf::from(old_temp.file_name().unwrap()), "f.json".into(), "victim.txt".into()]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn no_progress_bar_is_written_to_stderr_that_is_not_a_terminal() {
    // One thread and 30,000 runs take longer than the bar's two-second delay on this
    // machine's test build; captured stderr is a pipe, so nothing is drawn.
    let o = faultline(&["forecast", "--runs", "30000", "--threads", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{:?}", stderr(&o));
}
