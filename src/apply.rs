//! `--fix` and `--diff`: apply the fixes of a file in passes (sorted, non-overlapping, re-parsed after
//! each pass), then write the result atomically, or show it as a unified diff.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::fix::{Applicability, Edit, Fix, apply_edits};
use crate::lint::{Linted, Settings, lint_text};
use crate::parse::parse_failures;
use crate::source::{Language, SourceText};

/// A fix that conflicts with one already taken waits for the next pass; a few passes reach a fixed
/// point (a removal that had to wait for an inserted `sessionId`, overlapping removals).
const MAX_PASSES: usize = 5;

pub struct Fixed {
    pub bytes: Vec<u8>,
    /// The analysis of the fixed text.
    pub text: String,
    pub linted: Linted,
    pub fixes_applied: usize,
    /// Set when the fixes were not applied: the result would not parse.
    pub problem: Option<String>,
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.range.start < b.range.end && b.range.start < a.range.end)
        || (a.range.start == b.range.start && (a.range.is_empty() || b.range.is_empty()))
}

/// Apply every fix of the allowed tiers to `bytes`, pass after pass.
pub fn fix_bytes(
    bytes: &[u8],
    language: Language,
    settings: &Settings,
    unsafe_fixes: bool,
) -> Fixed {
    let allowed = |f: &&Fix| match f.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => unsafe_fixes,
        Applicability::DisplayOnly => false,
    };
    let mut current = bytes.to_vec();
    let mut applied = 0;
    let mut pass = 0;
    loop {
        let text = match SourceText::decode(current.clone()) {
            Ok(s) => s.text,
            Err(_) => String::new(),
        };
        let linted = lint_text(&text, language, settings);
        let mut fixes: Vec<&Fix> = linted
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(allowed)
            .collect();
        if fixes.is_empty() || pass == MAX_PASSES {
            return Fixed {
                bytes: current,
                text,
                linted,
                fixes_applied: applied,
                problem: None,
            };
        }
        fixes.sort_by_key(|f| f.edits.first().map(|e| (e.range.start, e.range.end)));
        let mut taken: Vec<&Edit> = Vec::new();
        for f in fixes {
            if f.edits
                .iter()
                .all(|e| taken.iter().all(|t| !overlaps(e, t)))
            {
                taken.extend(&f.edits);
                applied += 1;
            }
        }
        let next = apply_edits(&current, &taken);
        let next_text = SourceText::decode(next.clone())
            .map(|s| s.text)
            .unwrap_or_default();
        // Never keep a result that does not parse: report it and leave the file as it was. (A
        // template's script that did not parse before is not the fixes' doing.)
        let broken_before: Vec<usize> = parse_failures(&text, language)
            .iter()
            .map(|f| f.part)
            .collect();
        let new_failure = parse_failures(&next_text, language)
            .into_iter()
            .find(|f| !broken_before.contains(&f.part));
        if let Some(e) = new_failure {
            let text = SourceText::decode(bytes.to_vec())
                .map(|s| s.text)
                .unwrap_or_default();
            let linted = lint_text(&text, language, settings);
            return Fixed {
                bytes: bytes.to_vec(),
                text,
                linted,
                fixes_applied: 0,
                problem: Some(format!(
                    "the fixes would produce code that does not parse ({}); the file was left as it was",
                    e.message
                )),
            };
        }
        current = next;
        pass += 1;
    }
}

/// Replace the file at `path`, which was `original` when it was read, by `new`: through a temporary file
/// in the same directory, flushed to disk, with the file's permissions, renamed over it. Refuses a
/// read-only file, a symbolic link (it could point out of the tree given) and a file that changed on
/// disk since it was read.
pub fn write_atomically(path: &Path, original: &[u8], new: &[u8]) -> Result<(), String> {
    let meta = fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if meta.file_type().is_symlink() {
        return Err(
            "it is a symbolic link: not changed (fix the file it points to directly)".into(),
        );
    }
    if meta.permissions().readonly() {
        return Err("it is read-only: not changed".into());
    }
    let current =
        fs::read(path).map_err(|e| format!("cannot read it again before writing: {e}"))?;
    if current != original {
        return Err("it changed on disk while it was being fixed: not written".into());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".dr-session-lint-")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file next to it: {e}"))?;
    tmp.write_all(new)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write the fixed file: {e}"))?;
    fs::set_permissions(tmp.path(), meta.permissions()).map_err(|e| e.to_string())?;
    tmp.persist(path)
        .map_err(|e| format!("cannot replace it: {}", e.error))?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_file_that_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        fs::write(&path, "changed by someone else").unwrap();
        let err = write_atomically(&path, b"what we read", b"fixed").unwrap_err();
        assert!(err.contains("changed on disk"));
        assert_eq!(fs::read(&path).unwrap(), b"changed by someone else");
    }

    #[test]
    fn keeps_permissions_and_refuses_read_only_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"old", b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        assert!(
            write_atomically(&path, b"new", b"newer")
                .unwrap_err()
                .contains("read-only")
        );
        assert_eq!(fs::read(&path).unwrap(), b"new");
        // No temporary file left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
