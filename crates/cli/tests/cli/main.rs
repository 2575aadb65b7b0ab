//! End-to-end tests of the `faultline` binary. One module per area.

mod bad_input;
mod claims;
mod core;
mod doc_examples;
mod dyad_chain;
mod events_calibrate;
mod extract;
mod formats;
mod help;
mod imports;
mod learn;
mod outputs;
mod parameters;
mod policy;
mod report;
mod serve;
mod shard;
mod slurm;
mod support;
