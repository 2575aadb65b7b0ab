//! Ensemble throughput on the built-in scenario: trajectory-days per second.
//!
//! `cargo bench -p ensemble --bench throughput [-- RUNS DAYS REPEATS] [-- point|ranges|posterior]`
//! (default 100,000 runs × 365 days, 5 repeats, point values). Prints each
//! repeat, the median and the peak resident memory of the process (VmHWM).
//! `posterior` gives the built-in scenario a `[posterior]` over every per-run
//! parameter (the ranges' normals, as a stand-in for a fit: the cost of a draw
//! does not depend on its values), so each run draws all eleven.

use std::time::Instant;

use engine::{Experiment, ParameterDraws, ParameterMode};
use ensemble::EnsembleConfig;

fn main() {
    let words: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<u64> = words.iter().filter_map(|a| a.parse().ok()).collect();
    let mode = words.iter().find_map(|w| ParameterMode::from_name(w)).unwrap_or(ParameterMode::Point);
    let runs = args.first().copied().unwrap_or(100_000);
    let days = args.get(1).copied().unwrap_or(365) as u32;
    let repeats = args.get(2).copied().unwrap_or(5) as usize;
    let mut scenario = scenario::builtin("iran-pakistan").expect("built-in scenario");
    if mode == ParameterMode::Posterior {
        let ranges = ParameterDraws::new(&scenario, ParameterMode::Ranges, &[]).expect("ranges").expect("drawn");
        scenario.posterior = Some(ranges.spec().clone());
    }
    let experiment = Experiment::builder(&scenario).parameters(mode).build(days).expect("a plain run");
    let spec = experiment.spec();
    println!("parameters: {}", mode.name());
    let config = EnsembleConfig { runs, seed: 1 };
    let mut times = Vec::new();
    for rep in 0..repeats {
        let start = Instant::now();
        let acc = ensemble::run(&spec, &config, &|_| {});
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(acc.runs, runs);
        println!(
            "repeat {rep}: {secs:.3} s, {:.2} M trajectory-days/s",
            runs as f64 * days as f64 / secs / 1e6
        );
        times.push(secs);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(|l| l.to_string()))
        .unwrap_or_else(|| "VmHWM: unavailable".to_string());
    println!(
        "median: {median:.3} s for {runs} runs × {days} days on {} threads = {:.2} M trajectory-days/s; {hwm}",
        rayon::current_num_threads(),
        runs as f64 * days as f64 / median / 1e6
    );
}
