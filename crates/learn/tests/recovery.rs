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
    let base = scenario::builtin_prior("iran-pakistan").unwrap();
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

/// A dyad left out of a pooled fit gets the shared values with a new dyad's
/// deviation and its own states at their priors: a valid scenario whose posterior
/// covers every fitted constant and is wider than the shared posterior alone.
#[test]
fn a_new_dyad_gets_the_shared_values_and_a_wider_posterior() {
    let plan = FitPlan {
        targets: vec![FitTarget::State("pressure_per_death".into()), FitTarget::Dynamics("inertia".into())],
        shrinkage: 0.5,
        reporting: Reporting::complete(),
    };
    let dyads: Vec<DyadRecord> = ["iran-pakistan", "india-pakistan"]
        .into_iter()
        .enumerate()
        .map(|(k, name)| {
            let sc = scenario::builtin_prior(name).unwrap();
            let record = simulate_record(&sc, 1500, 100, &Reporting::complete(), 7 + k as u64);
            DyadRecord { scenario: sc, record, provenance: format!("a simulated {name} record") }
        })
        .collect();
    let fit = fit_decision_layer(&plan, &dyads, &PenalizedOptions::default()).unwrap();
    let new = scenario::builtin_prior("pakistan-afghanistan").unwrap();
    let sc = fit.scenario_for_new_dyad(&new).unwrap();
    // It is a valid scenario (the posterior table passes validation).
    let again = scenario::parse(&sc.to_toml(), "new.toml").unwrap();
    let post = again.posterior.unwrap();
    // Pakistan was in both fitted dyads: its parameter is pooled, like inertia.
    assert_eq!(post.parameters, ["state.pakistan.pressure_per_death", "dynamics.inertia", "state.afghanistan.pressure_per_death"]);
    // The shared values are the fit's; a state the fit has not seen keeps its prior value.
    let value = |sc: &scenario::Scenario, n: &str| parameter_paths(sc).into_iter().find(|p| p.name == n).unwrap().param.value;
    for name in ["dynamics.inertia", "state.pakistan.pressure_per_death"] {
        let shared = fit.values.iter().find(|v| v.dyad.is_none() && v.name == name).unwrap();
        assert!((value(&sc, name) - shared.value).abs() < 1e-9, "{name}");
    }
    assert!((value(&sc, "state.afghanistan.pressure_per_death") - value(&new, "state.afghanistan.pressure_per_death")).abs() < 1e-9);
    // The new dyad's sd of inertia (z scale) exceeds the shared posterior's by the deviation prior.
    let sd_new = post.cholesky[1].iter().map(|v| v * v).sum::<f64>().sqrt();
    let shared_k = fit.posterior.priors.iter().position(|p| p.name == "shared dynamics.inertia").unwrap();
    let sd_shared = (0..=shared_k).map(|j| fit.posterior.chol[shared_k][j].powi(2)).sum::<f64>().sqrt();
    assert!(sd_new > sd_shared, "{sd_new} vs {sd_shared}");
}
