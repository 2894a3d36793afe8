//! The bad-input matrix, run through the real binary: odd bytes and line endings, binary and huge
//! files, files that cannot be read or must not be written, symbolic links, FIFOs and devices, odd file
//! names, huge pages and an unclosed server tag. Each must end with a clear message, the right exit
//! code, and nothing written that should not be. (A file changed while `--fix` writes it cannot be
//! timed from outside: `src/write.rs` tests it directly.) The timeout only stops a hang: it is not a
//! timing claim. Unix only: FIFOs, devices, permissions and owners are Unix's.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

mod common;

const HANG_GUARD: Duration = Duration::from_secs(60);
const DR: &str = "var dr = new DigitalRiver('pk');\n";
/// A call with a missing `sessionId` and a redundant `amount`: two errors, one fix.
const CALL: &str = "dr.createSource({ type: 'payPal', amount: 1 });\n";
const FIX: &[&str] = &["--fix", "--session-id-expr", "s.id", "--global", "s"];

fn page() -> String {
    format!("{DR}{CALL}")
}

struct Run {
    code: i32,
    doc: serde_json::Value,
}

impl Run {
    /// (rule, message) of every diagnostic.
    fn found(&self) -> Vec<(String, String)> {
        self.doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn rules(&self) -> Vec<String> {
        self.found().into_iter().map(|(r, _)| r).collect()
    }

    /// The message of the only diagnostic, which must be of `rule`.
    fn only(&self, rule: &str) -> String {
        let found = self.found();
        assert_eq!(found.len(), 1, "{:#}", self.doc);
        assert_eq!(found[0].0, rule, "{:#}", self.doc);
        found[0].1.clone()
    }

    fn paths(&self) -> Vec<String> {
        self.doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    }
}

impl Run {
    /// A finished run's exit code and JSON report.
    fn of(out: &std::process::Output) -> Run {
        let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}); exit {:?}; stderr: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        Run {
            code: out.status.code().unwrap_or(-1),
            doc,
        }
    }
}

/// Run the binary in `dir` with `--format json` and `args`.
fn run(dir: &Path, args: &[&str]) -> Run {
    let out = common::tool(dir)
        .args(["--format", "json"])
        .args(args)
        .timeout(HANG_GUARD)
        .output()
        .unwrap();
    Run::of(&out)
}

/// A directory holding `name` with `bytes`.
fn with_file(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), bytes).unwrap();
    dir
}

const BOTH: [&str; 2] = ["missing-session-id", "redundant-field"];

#[test]
fn odd_bytes_and_line_endings_are_linted() {
    let cases: Vec<(&str, Vec<u8>, usize)> = vec![
        (
            "non-UTF-8 bytes",
            [b"// caf\xe9 \xff\xfe\n".as_slice(), page().as_bytes()].concat(),
            3,
        ),
        ("BOM", format!("\u{feff}{}", page()).into_bytes(), 2),
        ("CRLF", page().replace('\n', "\r\n").into_bytes(), 2),
        ("lone CR", page().replace('\n', "\r").into_bytes(), 2),
        (
            "U+2028 / U+2029",
            format!("var t = 'a\u{2028}b';\u{2029}{DR}\u{2028}{CALL}").into_bytes(),
            5,
        ),
    ];
    for (what, bytes, line) in cases {
        let dir = with_file("a.js", &bytes);
        let r = run(dir.path(), &["a.js"]);
        assert_eq!(r.code, 1, "{what}: {:#}", r.doc);
        assert_eq!(r.rules(), BOTH, "{what}");
        assert_eq!(
            r.doc["diagnostics"][0]["range"]["start"]["line"], line,
            "{what}: {:#}",
            r.doc
        );
        // The fix keeps every byte outside its edit (the odd ones included).
        let r = run(dir.path(), &[FIX, &["a.js"]].concat());
        assert_eq!(r.code, 0, "{what}: {:#}", r.doc);
        let fixed = fs::read(dir.path().join("a.js")).unwrap();
        let call = bytes.windows(3).position(|w| w == b"dr.").unwrap();
        assert_eq!(fixed[..call], bytes[..call], "{what}");
        assert!(
            String::from_utf8_lossy(&fixed).contains("sessionId: s.id"),
            "{what}"
        );
    }
}

#[test]
fn a_binary_file_is_skipped_and_an_empty_one_is_clean() {
    let dir = with_file("a.js", format!("\0\0{CALL}").as_bytes());
    let r = run(dir.path(), &["a.js"]);
    assert!(r.only("skipped-file").contains("binary"));
    assert_eq!(r.code, 0);
    let dir = with_file("a.js", b"");
    let r = run(dir.path(), &["a.js"]);
    assert_eq!((r.code, r.found()), (0, vec![]));
}

/// 50 MB on one line over `--max-file-size 1`: scanned for a call in chunks, never read whole.
#[test]
fn a_huge_minified_file_is_scanned_not_read() {
    let filler = "var a=1;".repeat(50 * 1024 * 1024 / 8);
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("with.js"), format!("{DR}{filler}{CALL}")).unwrap();
    fs::write(dir.path().join("without.js"), &filler).unwrap();
    let r = run(dir.path(), &["--max-file-size", "1", "."]);
    assert_eq!(r.code, 0, "{:#}", r.doc);
    let message = r.only("skipped-file");
    assert!(
        message.contains("over the 1.0 MiB limit (--max-file-size): not read (only scanned"),
        "{message}"
    );
    assert_eq!(r.paths(), ["with.js"]);
}

fn my_uid(dir: &Path) -> u32 {
    let probe = dir.join(".uid-probe");
    fs::write(&probe, "").unwrap();
    let uid = fs::metadata(&probe).unwrap().uid();
    fs::remove_file(probe).unwrap();
    uid
}

/// Run the binary as uid/gid 1000 (from root), in `dir`, which that user must be able to enter.
fn run_as_user_1000(dir: &Path, args: &[&str]) -> Run {
    let bin = assert_cmd::cargo::cargo_bin("dr-session-lint");
    let out = assert_cmd::Command::new("setpriv")
        .args(["--reuid=1000", "--regid=1000", "--clear-groups"])
        .arg(bin)
        .args(["--color", "never", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .timeout(HANG_GUARD)
        .output()
        .expect("setpriv (util-linux) runs the tests' non-root cases when they run as root");
    Run::of(&out)
}

/// A directory uid 1000 owns (and the tree above it lets it in).
fn dir_for_user_1000() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::chown(dir.path(), Some(1000), Some(1000)).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// chmod 000: an `io-error` (exit 2) for a user; root reads any file, so as root the file is linted,
/// and the user case runs as uid 1000.
#[test]
fn an_unreadable_file() {
    let dir = with_file("a.js", page().as_bytes());
    let root = my_uid(dir.path()) == 0;
    fs::set_permissions(dir.path().join("a.js"), fs::Permissions::from_mode(0o000)).unwrap();
    let r = run(dir.path(), &["a.js"]);
    if root {
        assert_eq!((r.code, r.rules()), (1, BOTH.map(String::from).to_vec()));
        let dir = dir_for_user_1000();
        fs::write(dir.path().join("a.js"), page()).unwrap();
        fs::set_permissions(dir.path().join("a.js"), fs::Permissions::from_mode(0o000)).unwrap();
        let r = run_as_user_1000(dir.path(), &["a.js"]);
        assert_eq!(r.code, 2);
        assert!(r.only("io-error").contains("Permission denied"));
    } else {
        assert_eq!(r.code, 2);
        assert!(r.only("io-error").contains("Permission denied"));
    }
}

/// `--fix` on a read-only file, and on a file owned by root (0644) in a directory the user owns:
/// neither is written, and the owner does not change. As root, a file owned by another user is
/// written and keeps its owner and group.
#[test]
fn files_the_user_may_not_write_are_not_written() {
    let dir = with_file("ro.js", page().as_bytes());
    let root = my_uid(dir.path()) == 0;
    fs::set_permissions(dir.path().join("ro.js"), fs::Permissions::from_mode(0o444)).unwrap();
    let r = run(dir.path(), &[FIX, &["ro.js"]].concat());
    assert_eq!(r.code, 2);
    assert!(r.found()[0].1.contains("read-only"), "{:#}", r.doc);
    assert_eq!(
        fs::read_to_string(dir.path().join("ro.js")).unwrap(),
        page()
    );
    if !root {
        eprintln!(
            "not root: a file owned by another user cannot be set up; the read-only case was checked"
        );
        return;
    }
    let dir = dir_for_user_1000();
    let file = dir.path().join("root.js");
    fs::write(&file, page()).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    let r = run_as_user_1000(dir.path(), &[FIX, &["root.js"]].concat());
    assert_eq!(r.code, 2, "{:#}", r.doc);
    assert!(r.found()[0].1.contains("may not write it"), "{:#}", r.doc);
    assert_eq!(fs::read_to_string(&file).unwrap(), page());
    assert_eq!(fs::metadata(&file).unwrap().uid(), 0);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    // Root fixing another user's file: written, owner and group kept.
    let theirs = dir.path().join("theirs.js");
    fs::write(&theirs, page()).unwrap();
    std::os::unix::fs::chown(&theirs, Some(1000), Some(1000)).unwrap();
    let r = run(dir.path(), &[FIX, &["theirs.js"]].concat());
    assert_eq!(r.code, 0, "{:#}", r.doc);
    assert!(
        fs::read_to_string(&theirs)
            .unwrap()
            .contains("sessionId: s.id")
    );
    let m = fs::metadata(&theirs).unwrap();
    assert_eq!((m.uid(), m.gid()), (1000, 1000));
}

#[test]
fn symbolic_links() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A loop: named, an io-error; walked, links are not followed.
    std::os::unix::fs::symlink("l2.js", d.join("l1.js")).unwrap();
    std::os::unix::fs::symlink("l1.js", d.join("l2.js")).unwrap();
    std::os::unix::fs::symlink(".", d.join("self")).unwrap();
    let r = run(d, &["l1.js"]);
    assert_eq!(r.code, 2);
    assert!(r.only("io-error").contains("symbolic links"));
    // (Nothing to lint there but links: allowed, or it would be exit 2, "no files to lint".)
    let r = run(d, &["--no-error-on-unmatched-pattern", "."]);
    assert_eq!((r.code, r.found()), (0, vec![]));
    // Out of the tree through a directory link: never written.
    fs::create_dir_all(d.join("tree")).unwrap();
    fs::create_dir_all(d.join("outside")).unwrap();
    fs::write(d.join("outside/x.js"), page()).unwrap();
    std::os::unix::fs::symlink("../outside", d.join("tree/linkdir")).unwrap();
    let r = run(d, &[FIX, &["tree/linkdir/x.js"]].concat());
    assert_eq!(r.code, 2, "{:#}", r.doc);
    assert!(
        r.found()[0].1.contains("reached through a symbolic link"),
        "{:#}",
        r.doc
    );
    assert_eq!(fs::read_to_string(d.join("outside/x.js")).unwrap(), page());
    let r = run(
        d,
        &[FIX, &["--no-error-on-unmatched-pattern", "tree"]].concat(),
    );
    assert_eq!((r.code, r.found()), (0, vec![]));
    assert_eq!(fs::read_to_string(d.join("outside/x.js")).unwrap(), page());
}

/// Named or walked, a FIFO is never opened (it would block with no writer), a device never read, and
/// a directory named like a source file is walked.
#[test]
fn fifos_devices_and_directories_named_like_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let made = std::process::Command::new("mkfifo")
        .arg(d.join("x.js"))
        .status()
        .unwrap();
    assert!(made.success());
    fs::create_dir(d.join("dir.js")).unwrap();
    fs::write(d.join("dir.js/a.js"), page()).unwrap();
    let r = run(d, &["x.js", "/dev/null"]);
    assert_eq!(r.code, 0, "{:#}", r.doc);
    let found = r.found();
    assert_eq!(found.len(), 2, "{:#}", r.doc);
    assert!(found.iter().all(|(rule, _)| rule == "skipped-file"));
    assert!(
        found[0]
            .1
            .contains("a character device, not a regular file: not read")
    );
    assert!(
        found[1]
            .1
            .contains("a FIFO (named pipe), not a regular file: not read")
    );
    let r = run(d, &["."]);
    assert_eq!(r.code, 1, "{:#}", r.doc);
    assert_eq!(r.paths(), ["dir.js/a.js", "dir.js/a.js", "x.js"]);
    let r = run(d, &["dir.js"]);
    assert_eq!(r.rules(), BOTH);
}

/// A name with a newline and a name that is not UTF-8 are linted, walked or named, shown lossily, and
/// fixed in place.
#[test]
fn odd_file_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let newline = dir.path().join("new\nline.js");
    let latin1 = dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9.js"));
    fs::write(&newline, page()).unwrap();
    fs::write(&latin1, page()).unwrap();
    let r = run(dir.path(), &["."]);
    assert_eq!(r.code, 1);
    let mut paths = r.paths();
    paths.dedup();
    assert_eq!(paths, ["caf\u{fffd}.js", "new\nline.js"]);
    let r = run(dir.path(), &[FIX, &["."]].concat());
    assert_eq!(r.code, 0, "{:#}", r.doc);
    for f in [&newline, &latin1] {
        assert!(fs::read_to_string(f).unwrap().contains("sessionId: s.id"));
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn a_page_with_two_thousand_scripts() {
    let mut html = String::new();
    for i in 0..2000 {
        html.push_str(&format!("<p>{i}</p><script>var v{i} = {i};</script>\n"));
    }
    html.push_str(&format!("<script>{DR}{CALL}</script>\n"));
    let dir = with_file("page.html", html.as_bytes());
    let r = run(dir.path(), &["page.html"]);
    assert_eq!((r.code, r.rules()), (1, BOTH.map(String::from).to_vec()));
    assert_eq!(r.doc["diagnostics"][0]["range"]["start"]["line"], 2002);
}

/// PHP runs an unclosed `<?php` to the end of the file, and so does the masking: the scripts after it
/// are reported as not checked (a `parse-error`), never passed over with exit 0.
#[test]
fn an_unclosed_php_tag() {
    let page =
        format!("<script>{DR}{CALL}</script>\n<?php if ($ok) {{\n<script>{DR}{CALL}</script>\n");
    let dir = with_file("page.php", page.as_bytes());
    let r = run(dir.path(), &["page.php"]);
    assert_eq!(r.code, 1);
    let found = r.found();
    assert_eq!(r.rules(), [BOTH[0], BOTH[1], "parse-error"], "{:#}", r.doc);
    assert!(
        found[2].1.contains("opened on line 4 is never closed"),
        "{}",
        found[2].1
    );
    assert!(found[2].1.contains("not checked"));
    // Nothing that may hold a call after it: nothing to say.
    let dir = with_file("page.php", b"<p>hi</p>\n<?php echo 1;\n");
    assert_eq!(run(dir.path(), &["page.php"]).found(), vec![]);
    // Standard input too.
    let out = common::tool(dir.path())
        .args([
            "--format",
            "json",
            "--stdin",
            "--stdin-filename",
            "page.php",
        ])
        .write_stdin(page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("never closed"));
}
