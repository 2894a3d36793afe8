//! Writing a fixed file atomically: through a temporary file in the same directory, flushed to disk,
//! renamed over the original, refusing what it must not overwrite.

use std::fs;
use std::io::Write;
use std::path::Path;

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
