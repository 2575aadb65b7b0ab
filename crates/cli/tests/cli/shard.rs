//! `--shard I/N` and `faultline merge`: the merged parts are the unsharded output, byte
//! for byte, in any order; wrong sets of parts are refused with their names.

use crate::support::{faultline, scratch, stderr};

fn run_ok(args: &[&str]) {
    let o = faultline(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
}

#[test]
fn sharded_forecast_and_sobol_merge_to_the_unsharded_bytes() {
    let dir = scratch("shard");
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let forecast = ["forecast", "--runs", "700", "--days", "60", "--format", "json"];
    run_ok(&[&forecast[..], &["--out", &p("full.json")]].concat());
    for n in [1usize, 3, 7] {
        let mut parts = Vec::new();
        for i in 1..=n {
            let part = p(&format!("f{n}-{i}.json"));
            run_ok(&[&forecast[..], &["--shard", &format!("{i}/{n}"), "--out", &part, "--threads", if i % 2 == 0 { "1" } else { "2" }]].concat());
            parts.push(part);
        }
        parts.reverse();
        let merged = p(&format!("merged-{n}.json"));
        let args: Vec<&str> = ["merge"].into_iter().chain(parts.iter().map(String::as_str)).chain(["--out", &merged]).collect();
        run_ok(&args);
        assert_eq!(std::fs::read(p("full.json")).unwrap(), std::fs::read(&merged).unwrap(), "{n} shards");
    }
    let sobol = [
        "sensitivity", "--method", "sobol", "--outcome", "attacks_pakistan", "--params",
        "state.iran.fear_of_war,group.baloch_separatists.branching", "--samples", "8", "--replicates", "4", "--days", "20",
        "--format", "json",
    ];
    run_ok(&[&sobol[..], &["--out", &p("sobol.json")]].concat());
    for i in 1..=5 {
        run_ok(&[&sobol[..], &["--shard", &format!("{i}/5"), "--out", &p(&format!("s{i}.json"))]].concat());
    }
    run_ok(&["merge", &p("s3.json"), &p("s5.json"), &p("s1.json"), &p("s4.json"), &p("s2.json"), "--out", &p("sobol-merged.json")]);
    assert_eq!(std::fs::read(p("sobol.json")).unwrap(), std::fs::read(p("sobol-merged.json")).unwrap());

    // Refusals name the parts and write nothing.
    let refused = |args: &[&str], needle: &str| {
        let o = faultline(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    };
    let out = p("refused.json");
    refused(&["merge", &p("f3-1.json"), &p("f3-2.json"), "--out", &out], "shards missing: 3/3");
    refused(&["merge", &p("f3-1.json"), &p("f3-1.json"), &p("f3-2.json"), &p("f3-3.json"), "--out", &out], "same shard (1/3)");
    refused(&["merge", &p("f3-1.json"), &p("s2.json"), "--out", &out], "different jobs: command");
    refused(&["merge", &p("f3-1.json"), &p("f7-2.json"), "--out", &out], "different jobs: split");
    let text = std::fs::read_to_string(p("f3-2.json")).unwrap();
    std::fs::write(p("truncated.json"), &text[..text.len() / 2]).unwrap();
    refused(&["merge", &p("f3-1.json"), &p("truncated.json"), &p("f3-3.json"), "--out", &out], "truncated.json: not a complete JSON");
    std::fs::write(p("other-version.json"), text.replacen("\"faultline_version\":\"", "\"faultline_version\":\"9.", 1)).unwrap();
    refused(&["merge", &p("f3-1.json"), &p("other-version.json"), &p("f3-3.json"), "--out", &out], "Faultline version");
    assert!(!std::path::Path::new(&out).exists());
    refused(&["forecast", "--runs", "10", "--shard", "4/3"], "1 ≤ I ≤ N");
    let _ = std::fs::remove_dir_all(dir);
}

/// Runs `command` in `n` shards (threads alternating), merges the parts given in
/// reverse order and checks the bytes and the exit status against the unsharded run.
fn check_sharded(dir: &std::path::Path, tag: &str, command: &[&str], n: usize) {
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let full = faultline(&[command, &["--out", &p(&format!("{tag}-full"))]].concat());
    assert!(full.status.code().is_some_and(|c| c < 2), "{command:?}: {}", stderr(&full));
    let mut parts = Vec::new();
    for i in 1..=n {
        let part = p(&format!("{tag}-{i}-of-{n}.json"));
        let threads = if i % 2 == 0 { "1" } else { "2" };
        run_ok(&[command, &["--shard", &format!("{i}/{n}"), "--out", &part, "--threads", threads]].concat());
        parts.push(part);
    }
    parts.reverse();
    let merged = p(&format!("{tag}-merged"));
    let args: Vec<&str> = ["merge"].into_iter().chain(parts.iter().map(String::as_str)).chain(["--out", &merged]).collect();
    let o = faultline(&args);
    assert_eq!(o.status.code(), full.status.code(), "{tag}: {}", stderr(&o));
    assert_eq!(std::fs::read(p(&format!("{tag}-full"))).unwrap(), std::fs::read(&merged).unwrap(), "{tag}, {n} shards");
}

#[test]
fn sharded_compare_factorial_claims_backtest_and_evaluate_merge_to_the_unsharded_bytes() {
    let dir = scratch("shard-more");
    // 2,500 runs make three reduction blocks; four shards leave one of them empty.
    let compare = ["compare", "--runs", "2500", "--days", "60", "--arm", "expel:mutual_expulsion=1", "--arm", "raid:shock=attack:iran:30@10", "--format", "json"];
    check_sharded(&dir, "compare", &compare, 4);
    check_sharded(&dir, "compare-csv", &[&compare[..9], &["--format", "csv"]].concat(), 2);
    let factorial = ["compare", "--runs", "2100", "--days", "90", "--factorial", "mutual_expulsion,liaison_ct", "--format", "json"];
    check_sharded(&dir, "factorial", &factorial, 3);
    check_sharded(&dir, "claims", &["claims", "--runs", "2100", "--format", "json"], 2);
    let backtest = [
        "backtest", "--events", "iran-pakistan", "--from", "2014-01-01", "--to", "2016-12-31", "--every", "90d", "--horizon", "30d",
        "--runs", "200", "--format", "json",
    ];
    check_sharded(&dir, "backtest", &backtest, 5);
    check_sharded(&dir, "backtest-table", &[&backtest[..13], &["--format", "table"]].concat(), 2);
    // Three dyads in two shards (and in four, one empty); the merge also writes the
    // recorded command's --forecasts and --summary files.
    let evaluate = ["evaluate", "--fitting", "prior", "--from", "2024-01-01", "--runs", "20"];
    check_sharded(&dir, "evaluate", &evaluate, 4);
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let (csv, json) = (p("ev.csv"), p("ev.json"));
    let with_files = [&evaluate[..], &["--forecasts", &csv, "--summary", &json]].concat();
    run_ok(&[&with_files[..], &["--out", &p("ev-full.md")]].concat());
    let full = (std::fs::read(p("ev.csv")).unwrap(), std::fs::read(p("ev.json")).unwrap());
    std::fs::remove_file(p("ev.csv")).unwrap();
    for i in 1..=2 {
        run_ok(&[&with_files[..], &["--shard", &format!("{i}/2"), "--out", &p(&format!("ev-{i}.json"))]].concat());
    }
    assert!(!dir.join("ev.csv").exists(), "a shard writes only its partial file");
    run_ok(&["merge", &p("ev-2.json"), &p("ev-1.json"), "--out", &p("ev-merged.md")]);
    assert_eq!(std::fs::read(p("ev-full.md")).unwrap(), std::fs::read(p("ev-merged.md")).unwrap());
    assert_eq!((std::fs::read(p("ev.csv")).unwrap(), std::fs::read(p("ev.json")).unwrap()), full);

    // A part of another command, or a set that misses a block, is refused by name.
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let o = faultline(&["merge", &p("compare-1-of-4.json"), &p("claims-2-of-2.json"), "--out", &p("x")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("different jobs: command"), "{}", stderr(&o));
    let o = faultline(&["merge", &p("backtest-1-of-5.json"), &p("backtest-2-of-5.json"), "--out", &p("x")]);
    assert!(stderr(&o).contains("shards missing: 3/5, 4/5, 5/5"), "{}", stderr(&o));
    assert!(!dir.join("x").exists());
    let _ = std::fs::remove_dir_all(dir);
}
