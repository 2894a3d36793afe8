//! dr-session-lint: find every DigitalRiver.js `createSource` payload and check it against the payment
//! sessions migration table.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`discover`] files -> [`source`] read (and prefilter) -> [`parse`] -> [`resolve`] the payload that
//! reaches each `createSource` call -> [`check`] it against the [`rules`] table -> [`diagnostic`]s ->
//! [`report`]. [`lint`] runs the per-file stages; [`cli`] drives the whole run.

pub mod apply;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod fix;
pub mod lines;
pub mod lint;
pub mod parse;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod source;
pub mod suppress;
