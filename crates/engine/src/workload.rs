//! How much work an experiment asks for, estimated before anything runs.
//!
//! A run costs a fixed amount per simulated day plus an amount per attack
//! drawn (each attack draws its toll and feeds blame, pressure and the
//! excitation). The number of attacks is what parameters inside their domains
//! can blow up: a background rate of 50 a day with branching 0.999 draws
//! thousands of attacks a day. [`Workload::of`] estimates the attacks before
//! the run from the mean of the discrete Hawkes recursion (`docs/model.md`
//! §3.2), so a server or a command can refuse a request whose cost is out of
//! proportion before it starts. The estimate reads only the experiment's
//! numbers; it does no IO and never simulates.

use crate::Experiment;

/// Cost of one drawn attack, in simulated run-days: measured on the lockstep
/// engine, a run-day of the Iran–Pakistan scenario with few attacks took
/// about 160 ns of the two cores and each attack of runs with thousands a
/// day about 17–19 ns more.
pub const ATTACK_COST_IN_RUN_DAYS: f64 = 0.1;

/// The estimated size of an ensemble.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Workload {
    /// Runs × days.
    pub run_days: f64,
    /// Expected attacks on both sides over the horizon in one run.
    pub attacks_per_run: f64,
    /// Runs in the ensemble.
    pub runs: u64,
}

impl Workload {
    /// The workload of `runs` runs of `experiment`.
    ///
    /// Per side, the expected daily count follows the mean of the Hawkes
    /// recursion, m(d) = μ + a·s(d), s(d+1) = ρ·s(d) + m(d), from the day-0
    /// excitation (the scenario's, or the observed history's when larger),
    /// with the background rate at its ceiling μ0 × `capacity_max` (capacity
    /// can grow up to that). Summing the recursion over the horizon stays
    /// finite for a branching ratio near 1, where μ/(1 − n) would not be
    /// reached within the horizon. Haven, grievance and strike provocation
    /// are left out; they change the rate by a bounded factor.
    pub fn of(experiment: &Experiment, runs: u64) -> Workload {
        let params = experiment.params();
        let history = experiment.initial().and_then(|h| h.excitation);
        let days = experiment.days();
        let mut attacks = 0.0;
        for (i, side) in params.sides.iter().enumerate() {
            let mu = side.mu0 * side.capacity_max.max(1.0);
            let mut excitation = side.initial_excitation;
            if let Some(h) = history {
                excitation = excitation.max(h[i]);
            }
            for _ in 0..days {
                let mean = mu + side.excite * excitation;
                attacks += mean;
                excitation = side.rho * excitation + mean;
            }
        }
        Workload {
            run_days: runs as f64 * f64::from(days),
            attacks_per_run: attacks,
            runs,
        }
    }

    /// Expected attacks per run-day, both sides together.
    pub fn attacks_per_day(&self) -> f64 {
        if self.run_days == 0.0 {
            return 0.0;
        }
        self.attacks_per_run * self.runs as f64 / self.run_days
    }

    /// The cost in run-day equivalents: run-days plus the attacks weighted by
    /// [`ATTACK_COST_IN_RUN_DAYS`].
    pub fn units(&self) -> f64 {
        self.run_days + ATTACK_COST_IN_RUN_DAYS * self.attacks_per_run * self.runs as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mean simulated attacks per run (both sides) at the horizon.
    fn simulated(experiment: &Experiment, runs: u64) -> f64 {
        let mut out = Vec::new();
        crate::run_outcomes(&experiment.spec(), 1, 0, runs, &mut out);
        let total: u64 = out
            .iter()
            .map(|o| o.attacks.last().map_or(0, |a| u64::from(a[0]) + u64::from(a[1])))
            .sum();
        total as f64 / runs as f64
    }

    #[test]
    fn the_estimate_bounds_the_simulated_attacks_from_above() {
        let sc = scenario::builtin("iran-pakistan").unwrap();
        let status_quo = Experiment::builder(&sc).build(365).unwrap();
        let work = Workload::of(&status_quo, 200);
        let sim = simulated(&status_quo, 200);
        assert!(work.attacks_per_run >= sim && work.attacks_per_run < 4.0 * sim, "{work:?} vs {sim}");
        assert_eq!(work.run_days, 200.0 * 365.0);

        let mut hot = Experiment::builder(&sc);
        for g in ["jaish_al_adl", "baloch_separatists"] {
            hot = hot
                .set(&format!("group.{g}.background_rate"), 50.0)
                .unwrap()
                .set(&format!("group.{g}.branching"), 0.999)
                .unwrap();
        }
        let hot = hot.build(120).unwrap();
        let work = Workload::of(&hot, 16);
        let sim = simulated(&hot, 16);
        assert!(work.attacks_per_run >= sim, "{work:?} vs {sim}");
        // Near-critical branching stays finite and far above the status quo.
        assert!(work.attacks_per_run.is_finite() && work.attacks_per_day() > 100.0);
        assert!(work.units() > 16.0 * 120.0 * 10.0);
    }
}
