//! The fit recovers known parameters from records the model itself simulated.

use calibrate::{PenalizedOptions, PriorSpec};
use learn::{DyadRecord, FitPlan, FitTarget, Reporting, fit_decision_layer, simulate_record};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use scenario::{parameter_paths, set_parameter};

fn plan(reporting: Reporting) -> FitPlan {
    FitPlan {
        targets: vec![
            FitTarget::State("pressure_per_death".into()),
            FitTarget::Dynamics("inertia".into()),
            FitTarget::Dynamics("rung_cost".into()),
            FitTarget::Dynamics("deescalation_value".into()),
        ],
        shrinkage: 0.5,
        reporting,
    }
}

/// Truths drawn from the fit's own prior (log-normal, centred on the documented value,
/// its central 95 % over the documented range), records simulated under them, the fit's 95 % intervals
/// checked against them. Averaged over the prior, a correct posterior covers at the
/// nominal rate. 40 records × 5 parameters = 200 intervals; with true coverage 0.95 the
/// count has SE √(200·0.95·0.05) ≈ 3.1, so the bound of 180 (90 %) sits 3.2 SE below
/// the expected 190 (a false failure has probability below 0.1 %), while intervals that
/// ignored the estimation error (or a replay that drifted from the simulation) would miss
/// far more often. The upper bound catches intervals so wide they always cover.
#[test]
fn ninety_percent_of_the_95_percent_intervals_cover_the_truth() {
    let base = scenario::builtin("iran-pakistan").unwrap();
    let names = [
        "state.iran.pressure_per_death",
        "state.pakistan.pressure_per_death",
        "dynamics.inertia",
        "dynamics.rung_cost",
        "dynamics.deescalation_value",
    ];
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let (mut covered, mut total, mut moved) = (0, 0, 0);
    for rep in 0..40u64 {
        let mut truth = base.clone();
        let mut values = Vec::new();
        for name in names {
            let p = parameter_paths(&base).into_iter().find(|p| p.name == name).unwrap();
            // The fit's prior: centred on the value, 95 % over the range, on the log scale.
            let prior = PriorSpec::from_range(name, p.param.value, p.param.range[0], p.param.range[1], 0.0, f64::INFINITY);
            let v = prior.sample(&mut rng);
            set_parameter(&mut truth, name, v).unwrap();
            values.push(v);
        }
        let record = simulate_record(&truth, 2500, 100, &Reporting::complete(), 100 + rep);
        let dyad = DyadRecord { scenario: base.clone(), record, provenance: "a simulated record".into() };
        let fit = fit_decision_layer(&plan(Reporting::complete()), &[dyad], &PenalizedOptions::default()).unwrap();
        assert!(fit.converged, "replication {rep} did not converge");
        for (name, v) in names.iter().zip(&values) {
            let est = fit.values_of("iran-pakistan").into_iter().find(|e| &e.name == name).unwrap();
            total += 1;
            covered += usize::from(est.low <= *v && *v <= est.high);
            moved += usize::from((est.value - est.prior.value).abs() > 1e-3);
        }
        let _: f64 = rng.random();
    }
    assert_eq!(total, 200);
    assert!(covered >= 180, "{covered} of {total} intervals cover the truth");
    assert!(covered < 200, "every interval covers: too wide to be informative ({covered})");
    // The data move the estimates away from the prior means.
    assert!(moved >= 150, "{moved} of {total} estimates left their prior mean");
}
