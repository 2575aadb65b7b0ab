//! Benchmark: simulate 100,000 events of a Hawkes process with the default
//! scenario's parameters and time the full `fit_hawkes` (median of several
//! runs), then report peak resident memory (VmHWM).
//!
//! Run with `cargo bench -p calibrate --bench fit`.

use std::time::{Duration, Instant};

use calibrate::{FitOptions, fit_hawkes, simulate_hawkes};

const SEED: u64 = 20_240_116;
const TARGET_EVENTS: f64 = 100_000.0;
const RUNS: usize = 7;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let (mu, n, beta) = (0.35, 0.45, 1.0 / 14.0);
    // Expected count is μT/(1 − n); choose T for about 100k events.
    let horizon = TARGET_EVENTS * (1.0 - n) / mu;
    let times = simulate_hawkes(mu, n, beta, horizon, SEED);
    println!(
        "simulated {} events over {:.0} days (mu={mu}, n={n}, 1/beta={})",
        times.len(),
        horizon,
        1.0 / beta
    );

    let opts = FitOptions::default();
    let mut durations: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let fit = fit_hawkes(&times, horizon, &opts).expect("fit failed");
        durations.push(start.elapsed());
        last = Some(fit);
    }
    durations.sort();
    let fit = last.expect("at least one run");
    let fmt = |e: &calibrate::Estimate| {
        format!("{:.4} (se {:.4})", e.value, e.std_error.unwrap_or(f64::NAN))
    };
    println!(
        "estimates: mu={} n={} beta={} (1/beta={:.2} d); loglik={:.2}; {} Newton iterations over {} starts; converged={}",
        fmt(&fit.mu),
        fmt(&fit.branching),
        fmt(&fit.beta),
        1.0 / fit.beta.value,
        fit.loglik,
        fit.iterations,
        fit.starts.len(),
        fit.converged
    );
    println!(
        "KS: D={:.4} p={:.3}; Poisson KS: D={:.4} p={:.3e}; delta AIC={:.1}",
        fit.ks.statistic,
        fit.ks.p_value,
        fit.poisson.ks.statistic,
        fit.poisson.ks.p_value,
        fit.poisson.delta_aic()
    );
    println!(
        "fit time over {RUNS} runs: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        durations[RUNS / 2].as_secs_f64() * 1e3,
        durations[0].as_secs_f64() * 1e3,
        durations[RUNS - 1].as_secs_f64() * 1e3
    );
    match peak_rss_kib() {
        Some(kib) => println!("peak RSS (VmHWM): {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak RSS (VmHWM): unavailable"),
    }
}
