//! Writing a fixed file: through a temporary file in the same directory, flushed to disk, given the
//! original's owner, group and permissions, and put in place of the original only when nothing it must
//! not overwrite is there.
//!
//! What is guaranteed (Linux; see [`write_atomically`] for the order of the checks):
//!
//! - A file is never written through a symbolic link: neither the file itself nor any directory on its
//!   path (resolved against the working directory) may be one.
//! - A file the user running the tool may not write (access(2) for the real user, so a root-owned file
//!   in a directory the user owns is refused) or whose permissions have no write bit is not replaced.
//! - The replacement keeps the original's owner, group and permission bits; if it cannot be given
//!   them (a user who is not root replacing a file owned by someone else), nothing is replaced.
//! - A change made to the file by another program before the replacement is never overwritten: the
//!   file is read and compared again, with its inode, size and modification time, just before the
//!   rename; and the rename *exchanges* the two files (renameat2 `RENAME_EXCHANGE`), so the file that
//!   was swapped out is checked once more: if it is not what was read, it is swapped back and the file
//!   is reported. On a file system without the exchange (or off Linux) the last check is the one just
//!   before a plain rename.
//! - What cannot be detected: a program that holds the file open and writes to it *after* that last
//!   comparison writes into the old file, which is then deleted; and another program renaming a file
//!   over it after the fix is written replaces the fix (the file is then not what the report says).
//!   The window is a few system calls long.

use std::fs;
use std::io::Write;
use std::path::Path;

/// Why a changed file was not written (the other program's change is kept).
const CHANGED: &str = "it changed on disk while it was being fixed: not written";

/// Points where the tests change the file under the writer's feet.
#[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// After the first checks, just before the last one (the path given: the file).
    BeforeLastCheck,
    /// Right after the exchange (the path given: the temporary name, now holding the original).
    AfterExchange,
}

/// Replace the file at `path`, which was `original` when it was read, by `new` (see the module
/// documentation for what is guaranteed). Refuses a symbolic link, a path through a symbolic link, a
/// file that is not a regular file, a file the user may not write or without any write permission, and
/// a file that changed on disk since it was read; the error says which, and the file is left as it was.
pub fn write_atomically(path: &Path, original: &[u8], new: &[u8]) -> Result<(), String> {
    write_with(path, original, new, &mut |_, _| {})
}

fn write_with(
    path: &Path,
    original: &[u8],
    new: &[u8],
    hook: &mut dyn FnMut(Stage, &Path),
) -> Result<(), String> {
    let meta = fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if meta.file_type().is_symlink() {
        return Err(
            "it is a symbolic link: not changed (fix the file it points to directly)".into(),
        );
    }
    if !meta.is_file() {
        return Err("it is not a regular file: not changed".into());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    no_symlink_on_the_way(dir)?;
    if meta.permissions().readonly() {
        return Err("it is read-only: not changed".into());
    }
    writable_by_user(path)?;
    let current =
        fs::read(path).map_err(|e| format!("cannot read it again before writing: {e}"))?;
    if current != original {
        return Err(CHANGED.into());
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".dr-session-lint-")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file next to it: {e}"))?;
    tmp.write_all(new)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write the fixed file: {e}"))?;
    // Owner first: changing it may clear the set-user-ID bits the permissions then restore.
    keep_owner(tmp.as_file(), &meta)?;
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(|e| format!("cannot give the fixed file the original's permissions: {e}"))?;
    hook(Stage::BeforeLastCheck, path);
    unchanged_since(path, &meta, original)?;
    replace(tmp, path, &meta, original, hook)?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Refuses a directory reached through a symbolic link: its canonical path must be its path made
/// absolute against the working directory (`..` taken lexically).
#[cfg(unix)]
fn no_symlink_on_the_way(dir: &Path) -> Result<(), String> {
    let cwd = std::env::current_dir()
        .map_err(|e| format!("cannot tell where it is (working directory: {e}): not changed"))?;
    let lexical = crate::settings::normalize(&cwd.join(dir));
    let canonical =
        fs::canonicalize(dir).map_err(|e| format!("cannot resolve its directory: {e}"))?;
    if canonical != lexical {
        return Err(format!(
            "its directory is reached through a symbolic link (it is really {}): not changed \
             (name the real path to fix it)",
            canonical.display()
        ));
    }
    Ok(())
}

/// Refuses a directory reached through a symbolic link: no directory on its absolute path may be one
/// (canonical paths are verbatim `\\?\` paths on Windows, so they are not compared).
#[cfg(not(unix))]
fn no_symlink_on_the_way(dir: &Path) -> Result<(), String> {
    let cwd = std::env::current_dir()
        .map_err(|e| format!("cannot tell where it is (working directory: {e}): not changed"))?;
    let lexical = crate::settings::normalize(&cwd.join(dir));
    for a in lexical.ancestors() {
        if fs::symlink_metadata(a).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(format!(
                "{} on its path is a symbolic link: not changed (name the real path to fix it)",
                a.display()
            ));
        }
    }
    Ok(())
}

/// Whether the user running the tool may write the file: access(2) checks the real user's rights,
/// ACLs and a read-only file system, where the permission bits alone do not.
#[cfg(unix)]
fn writable_by_user(path: &Path) -> Result<(), String> {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).map_err(|e| {
        format!(
            "the user running the tool may not write it ({}): not changed",
            std::io::Error::from(e)
        )
    })
}

#[cfg(not(unix))]
fn writable_by_user(_path: &Path) -> Result<(), String> {
    Ok(())
}

/// Give the temporary file the original's owner and group (only what differs).
#[cfg(unix)]
fn keep_owner(tmp: &fs::File, original: &fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let mine = tmp
        .metadata()
        .map_err(|e| format!("cannot read the temporary file's owner: {e}"))?;
    let uid = (mine.uid() != original.uid()).then_some(original.uid());
    let gid = (mine.gid() != original.gid()).then_some(original.gid());
    if uid.is_none() && gid.is_none() {
        return Ok(());
    }
    std::os::unix::fs::fchown(tmp, uid, gid).map_err(|e| {
        format!(
            "the fixed file cannot be given the original's owner and group (uid {}, gid {}: {e}): \
             not changed",
            original.uid(),
            original.gid()
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_tmp: &fs::File, _original: &fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// Whether two stats of a path show the same, unmodified file.
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev()
        && a.ino() == b.ino()
        && a.len() == b.len()
        && a.mtime() == b.mtime()
        && a.mtime_nsec() == b.mtime_nsec()
}

#[cfg(not(unix))]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// The check just before the rename: the same file (inode, size, modification time) with the same
/// bytes as when it was read.
fn unchanged_since(path: &Path, before: &fs::Metadata, original: &[u8]) -> Result<(), String> {
    let now = fs::symlink_metadata(path).map_err(|e| format!("{CHANGED} ({e})"))?;
    if !same_file(before, &now) {
        return Err(CHANGED.into());
    }
    let current = fs::read(path).map_err(|e| format!("{CHANGED} ({e})"))?;
    if current != original {
        return Err(CHANGED.into());
    }
    Ok(())
}

/// Put the temporary file in place of `path`: exchanged with it, then the file swapped out checked
/// once more (and swapped back when it changed); a plain rename where the exchange is not supported.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn replace(
    tmp: tempfile::NamedTempFile,
    path: &Path,
    before: &fs::Metadata,
    original: &[u8],
    hook: &mut dyn FnMut(Stage, &Path),
) -> Result<(), String> {
    use rustix::io::Errno;
    let exchange = |a: &Path, b: &Path| {
        rustix::fs::renameat_with(
            rustix::fs::CWD,
            a,
            rustix::fs::CWD,
            b,
            rustix::fs::RenameFlags::EXCHANGE,
        )
    };
    match exchange(tmp.path(), path) {
        Ok(()) => {}
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => {
            return plain_rename(tmp, path);
        }
        Err(e) => return Err(format!("cannot replace it: {}", std::io::Error::from(e))),
    }
    // `path` now holds the fix; the temporary name what `path` held at the exchange.
    hook(Stage::AfterExchange, tmp.path());
    let out = tmp.path();
    let kept = fs::symlink_metadata(out).is_ok_and(|m| same_file(before, &m))
        && fs::read(out).is_ok_and(|b| b == original);
    if kept {
        // Dropping the temporary file deletes the original's old copy.
        return Ok(());
    }
    match exchange(tmp.path(), path) {
        Ok(()) => Err(format!(
            "{CHANGED} (the other change was put back in place)"
        )),
        Err(e) => {
            // Never delete the other program's change: keep it under the temporary name.
            let kept_at: std::path::PathBuf = tmp.path().to_path_buf();
            let _ = tmp.into_temp_path().keep();
            Err(format!(
                "{CHANGED}, and putting the other change back failed ({}): it is in {}, \
                 the fixed text in its place",
                std::io::Error::from(e),
                kept_at.display()
            ))
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn replace(
    tmp: tempfile::NamedTempFile,
    path: &Path,
    _before: &fs::Metadata,
    _original: &[u8],
    _hook: &mut dyn FnMut(Stage, &Path),
) -> Result<(), String> {
    plain_rename(tmp, path)
}

fn plain_rename(tmp: tempfile::NamedTempFile, path: &Path) -> Result<(), String> {
    tmp.persist(path)
        .map(drop)
        .map_err(|e| format!("cannot replace it: {}", e.error))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

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
    fn a_change_just_before_the_rename_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        fs::write(&path, "old").unwrap();
        // Same length, so only the bytes (and the modification time) tell.
        let err = write_with(&path, b"old", b"new", &mut |stage, p| {
            if stage == Stage::BeforeLastCheck {
                fs::write(p, "OLD").unwrap();
            }
        })
        .unwrap_err();
        assert!(err.contains("changed on disk"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"OLD");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_change_caught_by_the_exchange_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        fs::write(&path, "old").unwrap();
        let mut stages = Vec::new();
        // A program that had the file open writes to it as it is swapped out.
        let err = write_with(&path, b"old", b"new", &mut |stage, p| {
            stages.push(stage);
            if stage == Stage::AfterExchange {
                fs::OpenOptions::new()
                    .append(true)
                    .open(p)
                    .unwrap()
                    .write_all(b" and more")
                    .unwrap();
            }
        })
        .unwrap_err();
        assert_eq!(stages, [Stage::BeforeLastCheck, Stage::AfterExchange]);
        assert!(err.contains("put back"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old and more");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn keeps_permissions_and_refuses_read_only_files() {
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

    /// Root may write any file: the replacement then keeps the other user's ownership. Another user
    /// cannot give a file away, so the fix is refused (checked by the CLI test of a root-owned file).
    #[test]
    fn keeps_owner_and_group_or_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        fs::write(&path, "old").unwrap();
        let me = fs::metadata(&path).unwrap().uid();
        let chown = std::os::unix::fs::chown(&path, Some(1000), Some(1000));
        let result = write_atomically(&path, b"old", b"new");
        if me == 0 {
            chown.unwrap();
            result.unwrap();
            let m = fs::metadata(&path).unwrap();
            assert_eq!((m.uid(), m.gid()), (1000, 1000));
            assert_eq!(fs::read(&path).unwrap(), b"new");
        } else {
            // Not root: the file stays ours, so it is written and stays ours.
            assert!(chown.is_err() || me == 1000);
            result.unwrap();
            assert_eq!(fs::metadata(&path).unwrap().uid(), me);
        }
    }

    #[test]
    fn refuses_a_path_through_a_symlinked_directory() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real", dir.path().join("link")).unwrap();
        fs::write(dir.path().join("real/a.js"), "old").unwrap();
        let err = write_atomically(&dir.path().join("link/a.js"), b"old", b"new").unwrap_err();
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(fs::read(dir.path().join("real/a.js")).unwrap(), b"old");
        // The real path is written.
        write_atomically(&dir.path().join("real/a.js"), b"old", b"new").unwrap();
        assert_eq!(fs::read(dir.path().join("real/a.js")).unwrap(), b"new");
    }
}
