//! Ensemble throughput on the built-in scenario: trajectory-days per second.
//!
//! `cargo bench -p ensemble --bench throughput [-- RUNS DAYS REPEATS]`
//! (default 100,000 runs × 365 days, 5 repeats). Prints each repeat, the median
//! and the peak resident memory of the process (VmHWM).

use std::time::Instant;

use engine::RunSpec;
use ensemble::EnsembleConfig;
use model::ModelParams;

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let runs = args.first().copied().unwrap_or(100_000);
    let days = args.get(1).copied().unwrap_or(365) as u32;
    let repeats = args.get(2).copied().unwrap_or(5) as usize;
    let scenario = scenario::builtin("iran-pakistan").expect("built-in scenario");
    let params = ModelParams::new(&scenario, &scenario.default_levers());
    let checkpoints = ensemble::standard_checkpoints(days);
    let spec = RunSpec::new(&scenario, &params, &[], days, &checkpoints);
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
