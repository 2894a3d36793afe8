//! `cargo fuzz run fix_roundtrip`: see `dr_session_lint_fuzz::checks::fix_roundtrip` for what it checks.
#![no_main]

use dr_session_lint_fuzz::checks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::run_on_worker_stack(checks::fix_roundtrip, data));
