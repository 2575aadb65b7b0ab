//! `faultline slurm --submit` on a real single-node Slurm cluster
//! (`scripts/slurm-local.sh`, started by `.ci/run`, which sets `FAULTLINE_SLURM_CONF`).
//! Without a cluster the test says so loudly and passes on a developer's machine; under
//! CI (`CI` set) a missing cluster fails it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{faultline, scratch, stderr, stdout};

fn cluster() -> Option<String> {
    match std::env::var("FAULTLINE_SLURM_CONF") {
        Ok(conf) if Path::new(&conf).exists() => Some(conf),
        _ => {
            assert!(std::env::var_os("CI").is_none(), "CI is set but FAULTLINE_SLURM_CONF names no cluster (.ci/run starts one)");
            eprintln!("SKIPPED: no Slurm cluster (start one with scripts/slurm-local.sh start DIR and set FAULTLINE_SLURM_CONF)");
            None
        }
    }
}

fn slurm(conf: &str, args: &[&str]) -> (String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_faultline")).arg("slurm").args(args).env("SLURM_CONF", conf).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let text = stdout(&o);
    let line = text.lines().find(|l| l.starts_with("array job ")).unwrap_or_else(|| panic!("{text}")).to_string();
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[2].to_string(), words[words.len() - 1].to_string())
}

fn wait_for(path: &Path, what: &str) {
    let start = Instant::now();
    while !path.exists() {
        assert!(start.elapsed() < Duration::from_secs(300), "{what}: {} did not appear in 300 s", path.display());
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn unsharded(args: &[&str], out: &Path) -> Vec<u8> {
    let o = faultline(&[args, &["--out", out.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read(out).unwrap()
}

#[test]
fn sharded_jobs_on_slurm_merge_to_the_unsharded_bytes_and_a_cancelled_shard_can_be_resubmitted() {
    let Some(conf) = cluster() else { return };
    let dir = scratch("slurm");
    let p = |name: &str| -> PathBuf { dir.join(name) };
    let s = |path: &PathBuf| path.to_str().unwrap().to_string();

    let forecast = ["forecast", "--runs", "900", "--days", "60", "--format", "json"];
    let want = unsharded(&forecast, &p("forecast.json"));
    let (f_dir, f_out) = (s(&p("job-forecast")), s(&p("forecast-merged.json")));
    slurm(&conf, &[&["--shards", "3", "--dir", &f_dir, "--out", &f_out, "--time", "00:10:00", "--mem", "500M", "--submit", "--"], &forecast[..]].concat());

    let sobol = [
        "sensitivity", "--method", "sobol", "--outcome", "attacks_pakistan", "--params",
        "state.iran.fear_of_war,group.baloch_separatists.branching", "--samples", "8", "--replicates", "4", "--days", "20",
        "--format", "json",
    ];
    let want_sobol = unsharded(&sobol, &p("sobol.json"));
    let (s_dir, s_out) = (s(&p("job-sobol")), s(&p("sobol-merged.json")));
    slurm(&conf, &[&["--shards", "4", "--dir", &s_dir, "--out", &s_out, "--time", "00:10:00", "--mem", "500M", "--submit", "--"], &sobol[..]].concat());

    wait_for(Path::new(&f_out), "forecast merge");
    assert_eq!(std::fs::read(&f_out).unwrap(), want, "the merged forecast differs from the unsharded one");
    wait_for(Path::new(&s_out), "sobol merge");
    assert_eq!(std::fs::read(&s_out).unwrap(), want_sobol, "the merged Sobol indices differ from the unsharded ones");

    // One task at a time; the last is cancelled while it waits, so the merge never runs.
    let (r_dir, r_out) = (s(&p("job-resubmit")), s(&p("resubmit-merged.json")));
    let (array, _merge) =
        slurm(&conf, &[&["--shards", "3", "--parallel", "1", "--dir", &r_dir, "--out", &r_out, "--mem", "500M", "--submit", "--"], &forecast[..]].concat());
    let cancel = Command::new("scancel").arg(format!("{array}_3")).env("SLURM_CONF", &conf).output().unwrap();
    assert!(cancel.status.success(), "{}", stderr(&cancel));
    wait_for(&p("job-resubmit/parts/part-2.json"), "shard 2");
    std::thread::sleep(Duration::from_secs(5));
    assert!(!p("job-resubmit/parts/part-3.json").exists(), "the cancelled shard wrote its part");
    assert!(!Path::new(&r_out).exists(), "the merge ran without shard 3");
    let again = Command::new(p("job-resubmit/resubmit.sh")).env("SLURM_CONF", &conf).output().unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains("resubmitting shards 3"), "{}", stderr(&again));
    wait_for(Path::new(&r_out), "merge after the resubmission");
    assert_eq!(std::fs::read(&r_out).unwrap(), want);
    let _ = std::fs::remove_dir_all(dir);
}
