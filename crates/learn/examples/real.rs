use calibrate::PenalizedOptions;
use learn::*;
use std::time::Instant;

fn main() {
    let mut dyads = Vec::new();
    for name in scenario::builtin_names() {
        let sc = scenario::builtin(name).unwrap();
        let dyad = events::Dyad::from_scenario(&sc);
        let evs = events::builtin_chronology(name, &dyad).unwrap().unwrap();
        let first = evs.iter().map(|e| e.date).min().unwrap();
        let start = first.add_days(-365);
        let end = events::Date::parse_iso("2024-12-14").unwrap();
        let rec = records_from_events(&evs, start, end, 365).unwrap();
        let moves: usize = rec.days.iter().map(|d| (!d.actions[0].is_empty()) as usize + (!d.actions[1].is_empty()) as usize).sum();
        println!("{name}: {} days from {start}, {moves} state-days with moves", rec.days.len());
        dyads.push(DyadRecord { scenario: sc, record: rec, provenance: format!("the built-in {name} chronology") });
    }
    let plan = FitPlan::escalation();
    let t = Instant::now();
    let fit = fit_decision_layer(&plan, &dyads, &PenalizedOptions::default()).unwrap();
    println!("ridge {}", fit.ridge); println!("fit in {:?}, converged {} after {} iterations, ll {:.2} (prior {:.2}), {} days, {} moves", t.elapsed(), fit.converged, fit.iterations, fit.log_likelihood, fit.log_likelihood_at_prior, fit.days_scored, fit.moves);
    for v in &fit.values { println!("{:>22} {:40} = {:8.4} [{:8.4}, {:8.4}] prior {} [{}, {}]", v.dyad.clone().unwrap_or("shared".into()), v.name, v.value, v.low, v.high, v.prior.value, v.prior.range[0], v.prior.range[1]); }
}
