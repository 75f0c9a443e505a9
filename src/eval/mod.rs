//! Scoring extracted quotes against hand-annotated gold (brat standoff).
//!
//! - [`brat`] reads a gold directory in the PolNeAR layout;
//! - [`system`] reads a previous run's quotes CSV;
//! - [`score`] matches system rows to gold attributions and counts;
//! - [`report`] prints the figures, error examples and the accuracy floor.
//!
//! The matching rules (also printed by `saidby eval --help`):
#![doc = include_str!("rules.md")]

pub mod brat;
pub mod report;
pub mod score;
pub mod system;

pub use brat::{GoldAttribution, GoldDoc, read_gold_dir};
pub use report::Floor;
pub use score::{Category, Evaluation, Figures, Scorer, SystemQuote};

/// The matching rules, as printed by `saidby eval --help`.
pub const RULES: &str = include_str!("rules.md");
