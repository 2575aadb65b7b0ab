//! Faultline's decision layer learned from the record.
//!
//! * [`record_log_likelihood`]: replays a record of attacks and moves through the
//!   model's daily rule ([`model::replay_day_scored`]) and scores each state's
//!   recorded move of each day under the logit choice, through a reporting filter
//!   for moves the press leaves out ([`Reporting`]).
//! * [`fit_decision_layer`]: penalized maximum likelihood of the escalation and
//!   diplomacy parameters, pooled across dyads (shared values with shrunken
//!   dyad deviations), with the scenarios' documented ranges as priors and a
//!   Laplace approximation of the posterior ([`DecisionFit`]); the fitted values
//!   go back into a scenario with their intervals and provenance.
//! * [`simulate_record`]: records simulated by the model, to check that the fit
//!   recovers known parameters.
//! * [`records_from_events`]: a dyad's events as the days the replay reads.
//! * [`evaluate`]: monthly-origin forecasts of every dyad scored against the
//!   long-record climatology, the reference-class base rate and persistence,
//!   with the model fitted leave-one-dyad-out or yearly on the past.
//!
//! Pure: nothing here prints or touches files. See `docs/calibration.md`.

mod evaluate;
mod fit;
mod likelihood;
mod observe;
mod outside;
mod simulate;

pub use evaluate::{
    ALL_DYADS, BaseRate, CombinationWeights, DyadEvaluation, DyadEvents, EvalConfig, Evaluation, Fitting, HORIZONS, STATE_ACTIONS, ScoredForecast,
    SkillRow, evaluate, evaluate_dyads, evaluation_from_dyads, fit_combination, record_base_rates, render_markdown,
};
pub use fit::{DecisionFit, DyadRecord, FitPlan, FitTarget, FittedValue, fit_decision_layer};
pub use likelihood::{
    RecordDays, RecordTally, Reporting, TREMBLE, observation_log_probability, record_log_likelihood, record_start,
    scored_move,
};
pub use observe::records_from_events;
pub use outside::{OUTSIDE_MIN_SEVERITY, OutsideEstimate, outside_estimate, outside_record_start};
pub use simulate::simulate_record;
