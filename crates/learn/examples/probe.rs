use calibrate::PenalizedOptions;
use learn::*;
use std::time::Instant;

fn main() {
    let name = std::env::args().nth(1).unwrap_or("iran-pakistan".into());
    let days: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(3000);
    let sc = scenario::builtin(&name).unwrap();
    let rec = simulate_record(&sc, days, 200, &Reporting::complete(), 7);
    let moves: usize = rec.days.iter().map(|d| d.actions[0].len() + d.actions[1].len()).sum();
    let attacks: usize = rec.days.iter().map(|d| d.attacks[0].len() + d.attacks[1].len()).sum();
    println!("{name}: {days} days, {moves} moves, {attacks} attacks");
    let mut counts = std::collections::BTreeMap::new();
    for d in &rec.days { for s in 0..2 { for a in &d.actions[s] { *counts.entry((s, a.name())).or_insert(0) += 1; } } }
    println!("{counts:?}");
    let p = model::ModelParams::new(&sc, &sc.default_levers());
    let t = Instant::now();
    let tally = record_log_likelihood(&p, &record_start(&p), &rec, &Reporting::complete());
    println!("loglik {:.3} in {:?}", tally.log_likelihood, t.elapsed());
    let plan = FitPlan { targets: vec![FitTarget::State("pressure_per_death".into()), FitTarget::Dynamics("inertia".into()), FitTarget::Dynamics("rung_cost".into()), FitTarget::Dynamics("deescalation_value".into())], shrinkage: 0.5, reporting: Reporting::complete() };
    let t = Instant::now();
    let fit = fit_decision_layer(&plan, &[DyadRecord { scenario: sc.clone(), record: rec, provenance: "sim".into() }], &PenalizedOptions::default()).unwrap();
    println!("fit in {:?}, converged {} after {} iterations, ll {:.2} (prior {:.2})", t.elapsed(), fit.converged, fit.iterations, fit.log_likelihood, fit.log_likelihood_at_prior);
    for v in &fit.values { println!("{:?} {} = {:.4} [{:.4}, {:.4}] prior {}", v.dyad, v.name, v.value, v.low, v.high, v.prior.value); }
}
