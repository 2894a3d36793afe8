//! `--diff`: a file's fix as a unified diff, as `git diff` prints it.

/// A unified diff of a file's fix, as `--diff` prints it.
pub fn unified_diff(display: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&diff_name("a/", display), &diff_name("b/", display))
        .to_string()
}

/// `a/src/app.js` as git names it, or the absolute path as given.
fn diff_name(prefix: &str, display: &str) -> String {
    if display.starts_with('/') {
        display.to_string()
    } else {
        format!("{prefix}{display}")
    }
}
