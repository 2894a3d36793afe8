use std::process::ExitCode;

// The parser allocates and frees many small nodes; mimalloc makes that a third faster than the system
// allocator (../shared/notes/swc-facts.md). Its version 2 (the `v2` feature) keeps less memory than
// version 3 for this pattern: peak RSS on a 9 MB bundle 199 -> 155 MB, and first-touched pages are
// much of a run's time on small virtual machines (bench/results.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // No transparent huge pages for this process. mimalloc asks for them on the memory it reserves
    // (madvise MADV_HUGEPAGE); a fault in such memory then zeroes 2 MiB at once, and where the kernel
    // compacts memory for them (defrag=madvise, common) a fault can stall for milliseconds. A run
    // lasts a fraction of a second and touches tens of MiB: small pages cost the same time overall
    // and make the run's time steady (bench/README.md). Linux only; a kernel without the option
    // refuses it, and the run goes on as before.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only; it touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    dr_session_lint::cli::main()
}
