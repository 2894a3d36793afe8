use std::process::ExitCode;

// The parser allocates and frees many small nodes; mimalloc makes that a third faster than the system
// allocator (../shared/notes/swc-facts.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    dr_session_lint::cli::main()
}
