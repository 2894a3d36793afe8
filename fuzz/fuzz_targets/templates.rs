//! `cargo fuzz run templates`: see `dr_session_lint_fuzz::checks::templates` for what it checks.
#![no_main]

use dr_session_lint_fuzz::checks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::run_on_worker_stack(checks::templates, data));
