//! The determinism contract as a property: any scenario whose uncertain parameters
//! take values inside their allowed domains gives a bit-identical ensemble summary on
//! 1 and 2 threads, and simulating it never panics.
//!
//! Values are drawn, for each built-in scenario, from each uncertain parameter's
//! recorded range most of the time, and otherwise from its whole domain (bounded: a
//! share or probability in [0, 1], a branching ratio in [0, 0.99], a rate or size up
//! to four times the top of its range) or exactly at a domain edge. The runner's
//! random source is seeded, so the cases are the same on every run.

use engine::{Experiment, ParameterMode};
use ensemble::{run, EnsembleConfig};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use scenario::{Domain, ParamRef, Scenario};

const CASES: u32 = 24;
const RUNS: u64 = 100;
const DAYS: u32 = 120;

/// Values a parameter may take: its range, its (bounded) domain, or an edge of it.
fn value_in_domain(p: &ParamRef) -> BoxedStrategy<f64> {
    let [low, high] = p.param.range;
    let domain = p.domain;
    let (lo, hi) = match p.domain {
        Domain::Unit => (0.0, 1.0),
        Domain::Subcritical => (0.0, 0.99),
        Domain::Between(a, b) => (a, b),
        Domain::NonNegative => (0.0, (4.0 * high).max(1.0)),
        Domain::Positive => (f64::MIN_POSITIVE.max(low / 4.0), (4.0 * high).max(1.0)),
    };
    prop_oneof![
        6 => low..=high,
        3 => lo..=hi,
        1 => prop_oneof![Just(lo), Just(hi)],
    ]
    .prop_filter("inside the domain", move |v| domain.contains(*v))
    .boxed()
}

/// A scenario, a value for each of its uncertain parameters, and whether outside crises run.
type Draw = (Scenario, Vec<(String, f64)>, bool);

/// A built-in scenario and one value for each of its uncertain parameters.
fn scenario_draw() -> impl Strategy<Value = Draw> {
    let strategies: Vec<BoxedStrategy<Draw>> = scenario::builtin_names()
        .into_iter()
        .map(|name| {
            let sc = scenario::builtin(name).expect("built-in scenario parses");
            let params = scenario::uncertain_parameters(&sc);
            let names: Vec<String> = params.iter().map(|p| p.name.clone()).collect();
            let values: Vec<BoxedStrategy<f64>> = params.iter().map(value_in_domain).collect();
            (values, any::<bool>())
                .prop_map(move |(vs, outside)| (sc.clone(), names.iter().cloned().zip(vs).collect(), outside))
                .boxed()
        })
        .collect();
    proptest::strategy::Union::new(strategies)
}

fn summary_on(threads: usize, experiment: &Experiment) -> String {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let acc = pool.install(|| run(&experiment.spec(), &EnsembleConfig { runs: RUNS, seed: 20_260_512 }, &|_| {}));
    format!("{acc:?}")
}

#[test]
fn any_in_domain_scenario_is_bit_identical_on_one_and_two_threads() {
    let config = Config { cases: CASES, failure_persistence: None, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let cases = std::cell::Cell::new(0u32);
    runner
        .run(&scenario_draw(), |(sc, values, outside_shocks)| {
            cases.set(cases.get() + 1);
            let mut builder = Experiment::builder(&sc).outside_shocks(outside_shocks);
            for (name, value) in &values {
                builder = builder.set(name, *value).map_err(|e| TestCaseError::fail(format!("{name} = {value}: {e}")))?;
            }
            let point = builder.clone().build(DAYS).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let one = summary_on(1, &point);
            prop_assert_eq!(&one, &summary_on(2, &point), "{} with {:?}", sc.meta.name, values);
            // Parameters drawn per run from the ranges: the draws depend on (seed, run) only.
            let drawn = builder.parameters(ParameterMode::Ranges).build(DAYS).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(summary_on(1, &drawn), summary_on(2, &drawn), "{} (ranges) with {:?}", sc.meta.name, values);
            Ok(())
        })
        .unwrap();
    assert_eq!(cases.get(), CASES, "every case ran");
}
