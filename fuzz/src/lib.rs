//! The fuzz targets' checks (`checks.rs`, also compiled into `tests/fuzz_regressions.rs`).

pub mod checks;
