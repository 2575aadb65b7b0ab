use super::*;
use model::ModelParams;

fn summary_on(threads: usize, runs: u64) -> String {
    let sc = scenario::builtin("iran-pakistan").unwrap();
    let params = ModelParams::new(&sc, &sc.default_levers());
    let checkpoints = standard_checkpoints(120);
    let spec = RunSpec {
        params: &params,
        shocks: &[],
        days: 120,
        checkpoints: &checkpoints,
        episode_gap_days: 14,
        exchange_window_days: 30,
        initial: None,
        draws: None,
        outside_shocks: false,
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let acc = pool.install(|| run(&spec, &EnsembleConfig { runs, seed: 42 }, &|_| {}));
    format!("{acc:?}")
}

#[test]
fn summary_is_bit_identical_for_any_thread_count() {
    let one = summary_on(1, 700);
    assert_eq!(one, summary_on(2, 700));
    assert_eq!(one, summary_on(3, 700));
    assert_ne!(one, summary_on(1, 701));
}

#[test]
fn wilson_interval_matches_known_values() {
    let (lo, hi) = wilson_interval(10, 100);
    assert!((lo - 0.0552).abs() < 1e-3 && (hi - 0.1744).abs() < 1e-3, "{lo} {hi}");
    let (lo, hi) = wilson_interval(0, 50);
    assert!(lo.abs() < 1e-12);
    assert!((hi - 0.0714).abs() < 1e-3);
}

#[test]
fn histogram_quantiles_are_exact() {
    let mut h = Histogram::default();
    for v in [5u64, 1, 3, 100_000, 2] {
        h.add(v);
    }
    assert_eq!(h.quantile(0.5), 3);
    assert_eq!(h.quantile(1.0), 100_000);
    assert_eq!(h.quantile(0.0), 1);
    assert!((h.mean() - 20002.2).abs() < 1e-9);
    let mut other = Histogram::default();
    other.add(4);
    h.merge(&other);
    assert_eq!(h.count(), 6);
    assert_eq!(h.quantile(0.5), 3);
}

/// The summary of an ensemble whose runs draw their parameters (from the ranges, as a
/// posterior would be drawn) on `threads` threads.
fn drawn_summary_on(threads: usize, runs: u64) -> String {
    let sc = scenario::builtin("iran-pakistan").unwrap();
    let experiment = engine::Experiment::builder(&sc).parameters(engine::ParameterMode::Ranges).build(120).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let acc = pool.install(|| run(&experiment.spec(), &EnsembleConfig { runs, seed: 42 }, &|_| {}));
    format!("{acc:?}")
}

/// Drawn parameters depend on (seed, run index) only: the same summary on 1, 2 and 3
/// threads, and another than the point forecast's.
#[test]
fn drawn_parameter_summary_is_bit_identical_for_any_thread_count() {
    let one = drawn_summary_on(1, 700);
    assert_eq!(one, drawn_summary_on(2, 700));
    assert_eq!(one, drawn_summary_on(3, 700));
    assert_ne!(one, summary_on(1, 700));
}

#[test]
fn reduction_blocks_depend_on_the_run_count_only_and_cover_every_run() {
    assert_eq!(reduction_blocks(0), (MIN_REDUCTION_BLOCK, 0));
    assert_eq!(reduction_blocks(2500), (1024, 3));
    assert_eq!(reduction_block_runs(2500, 2..3), 2048..2500);
    assert_eq!(reduction_block_runs(2500, 3..5), 2500..2500);
    for runs in [1u64, 1024, 1025, 262_144, 262_145, 10_000_000] {
        let (size, count) = reduction_blocks(runs);
        assert!(size >= MIN_REDUCTION_BLOCK && count <= MAX_REDUCTION_BLOCKS, "{runs}");
        assert_eq!(reduction_block_runs(runs, 0..count), 0..runs, "{runs}");
        let mut next = 0;
        for b in 0..count {
            let r = reduction_block_runs(runs, b..b + 1);
            assert_eq!(r.start, next);
            assert!(!r.is_empty());
            next = r.end;
        }
    }
}
