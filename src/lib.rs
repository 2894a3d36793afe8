//! dr-session-lint: find every session-aware DigitalRiver.js call (`createSource` and the rule table's
//! other calls) and check its payload against the payment sessions migration table.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`discover`] files -> [`source`] read (and prefilter) -> [`parse`] -> [`resolve`] what reaches each
//! call -> [`check`] it against the [`rules`] table (recognise, typed findings, fix policy) ->
//! [`diagnostic`]s -> [`report`] / [`apply`] the [`fix`]es.
//! [`lint`] lints one text; [`driver`] reads, lints, fixes and [`write`]s one file; [`cli`] drives the
//! run from the [`settings`] it builds out of the flags and the [`config`] file. [`modules`] resolves
//! module specifiers to the files of the linted tree; [`program`] holds the linted files and what each
//! module exports, which a file's analysis asks about its imports; [`lsp`] serves editors.

pub mod apply;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod driver;
pub mod fix;
pub mod lines;
pub mod lint;
pub mod lsp;
pub mod modules;
pub mod parse;
pub mod program;
pub mod report;
pub mod resolve;
pub mod rule;
pub mod rules;
pub mod settings;
pub mod source;
pub mod span;
pub mod suppress;
pub mod toml_file;
pub mod workspace;
pub mod write;
