use std::process::ExitCode;

// The parser allocates and frees many small nodes; mimalloc makes that a third faster than the system
// allocator (../shared/notes/swc-facts.md). Its version 2 (the `v2` feature) keeps less memory than
// version 3 for this pattern: peak RSS on a 9 MB bundle 199 -> 155 MB, and first-touched pages are
// much of a run's time on small virtual machines (bench/results.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    dr_session_lint::cli::main()
}
