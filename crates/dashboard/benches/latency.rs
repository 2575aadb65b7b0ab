//! Latency of `POST /api/forecast` over loopback, and 20 concurrent clients.
//!
//! ```text
//! cargo bench -p dashboard
//! ```
//!
//! Environment: `BENCH_RUNS` (10000), `BENCH_DAYS` (365), `BENCH_ITERS`
//! (sequential requests, 30), `BENCH_CLIENTS` (20), `BENCH_PER_CLIENT`
//! (requests per concurrent client, 3), `BENCH_CONCURRENT` (simulation slots, 2).
//! Every loop is bounded; the server listens on 127.0.0.1 only.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use dashboard::{AppState, ServerConfig};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One POST over a fresh connection; returns (status, body length).
fn post(addr: SocketAddr, body: &str) -> std::io::Result<(u16, usize)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(600)))?;
    write!(
        s,
        "POST /api/forecast HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    let status: u16 = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body_len = text
        .find("\r\n\r\n")
        .map(|i| buf.len() - i - 4)
        .unwrap_or(0);
    Ok((status, body_len))
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[idx]
}

fn median_ms(mut f: impl FnMut(), reps: usize) -> f64 {
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

/// Where a request's time goes, in process: the plain ensemble, the ensemble
/// with daily totals (what the dashboard runs), and the charts.
fn breakdown(runs: u64, days: u32) {
    let sc = scenario::builtin("iran-pakistan").unwrap();
    let experiment = engine::Experiment::builder(&sc).build(days).expect("a plain run");
    let spec = experiment.spec();
    let config = ensemble::EnsembleConfig { runs, seed: 1 };
    let plain = median_ms(|| drop(ensemble::run(&spec, &config, &|_| {})), 5);
    let daily = median_ms(
        || drop(ensemble::daily::run_with_daily(&spec, &config, &|_| {})),
        5,
    );
    let (forecast, bands) =
        report::html::forecast_with_daily(&experiment, runs, 1, "bench", &|_| {});
    let charts = median_ms(|| drop(report::html::charts(&forecast, &bands, &sc)), 5);
    println!(
        "in process, {runs} runs × {days} days (median of 5): ensemble::run {plain:.1} ms, run_with_daily {daily:.1} ms, charts {charts:.1} ms"
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing we need.
    let quick = !std::env::args().any(|a| a == "--bench");
    let runs: u64 = env("BENCH_RUNS", if quick { 200 } else { 10_000 });
    let days: u32 = env("BENCH_DAYS", 365);
    let iters: usize = env("BENCH_ITERS", if quick { 2 } else { 30 });
    let clients: usize = env("BENCH_CLIENTS", if quick { 3 } else { 20 });
    let per_client: usize = env("BENCH_PER_CLIENT", if quick { 1 } else { 3 });
    let slots: usize = env("BENCH_CONCURRENT", 2);

    breakdown(runs.min(10_000), days);

    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let state = AppState::new(ServerConfig {
            max_runs: runs,
            max_days: days,
            max_concurrent: slots,
            version: "bench".into(),
            ..ServerConfig::default()
        });
        dashboard::run_blocking("127.0.0.1:0".parse().unwrap(), state, |addr| {
            tx.send(addr).unwrap()
        })
        .unwrap();
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("server bound");
    println!(
        "dashboard bench: {runs} runs × {days} days, {} cores, {slots} simulation slots, server {addr}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );

    for (label, charts) in [
        ("with charts (dashboard update)", true),
        ("without charts (status-quo baseline)", false),
    ] {
        let body = |seed: usize| {
            format!(r#"{{"runs":{runs},"days":{days},"seed":{seed},"charts":{charts}}}"#)
        };
        let (status, len) = post(addr, &body(0)).expect("warm-up request");
        assert_eq!(status, 200, "warm-up failed");
        let mut lat = Vec::with_capacity(iters);
        for i in 0..iters {
            let t = Instant::now();
            let (status, _) = post(addr, &body(i + 1)).expect("request");
            assert_eq!(status, 200);
            lat.push(t.elapsed().as_secs_f64() * 1e3);
        }
        lat.sort_by(f64::total_cmp);
        println!(
            "sequential, {label}: {iters} requests, median {:.1} ms, p95 {:.1} ms, min {:.1} ms, max {:.1} ms, response {} kB",
            quantile(&lat, 0.5),
            quantile(&lat, 0.95),
            lat[0],
            lat[lat.len() - 1],
            len / 1024
        );
    }

    // Concurrent clients, each sending `per_client` dashboard updates back to back.
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            std::thread::spawn(move || {
                let mut done = 0usize;
                let mut errors = 0usize;
                let mut lat = Vec::new();
                for i in 0..per_client {
                    let body = format!(
                        r#"{{"runs":{runs},"days":{days},"seed":{},"charts":true}}"#,
                        1000 + c * 100 + i
                    );
                    let t = Instant::now();
                    match post(addr, &body) {
                        Ok((200, _)) => done += 1,
                        _ => errors += 1,
                    }
                    lat.push(t.elapsed().as_secs_f64() * 1e3);
                }
                let finished = start.elapsed().as_secs_f64();
                (done, errors, lat, finished)
            })
        })
        .collect();
    let results: Vec<_> = handles
        .into_iter()
        .map(|h| h.join().expect("client thread"))
        .collect();
    let wall = start.elapsed().as_secs_f64();
    let mut all: Vec<f64> = results.iter().flat_map(|r| r.2.iter().copied()).collect();
    all.sort_by(f64::total_cmp);
    let errors: usize = results.iter().map(|r| r.1).sum();
    let counts: Vec<usize> = results.iter().map(|r| r.0).collect();
    let finish: Vec<f64> = results.iter().map(|r| r.3).collect();
    println!(
        "{clients} concurrent clients × {per_client} requests: {} ok, {errors} errors in {wall:.1} s ({:.2} requests/s)",
        counts.iter().sum::<usize>(),
        counts.iter().sum::<usize>() as f64 / wall
    );
    println!("  completions per client: {counts:?}");
    println!(
        "  latency: median {:.0} ms, p95 {:.0} ms, max {:.0} ms; clients finished between {:.1} s and {:.1} s",
        quantile(&all, 0.5),
        quantile(&all, 0.95),
        all.last().copied().unwrap_or(f64::NAN),
        finish.iter().copied().fold(f64::INFINITY, f64::min),
        finish.iter().copied().fold(0.0, f64::max)
    );
    assert_eq!(errors, 0, "some requests failed");
    assert!(
        counts.iter().all(|&n| n == per_client),
        "a client was starved"
    );
}
