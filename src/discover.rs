//! Which files to lint: the paths given, walked like ripgrep walks them (`.gitignore` / `.ignore` /
//! `.drslignore` honored, hidden files skipped), minus dependency and build noise; and, for
//! `--show-files`, why the walk passed over the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};
use rayon::prelude::*;

use crate::source::Language;

pub struct DiscoverOptions<'a, C = ()> {
    /// `--no-ignore`: also lint what .gitignore/.ignore and the default skips would leave out.
    pub no_ignore: bool,
    /// How to read a file, by its extension (`--ext`, then its configuration's `[extensions]`, then
    /// the built-in ones; see [`language_for`]); none: not a file kind we lint.
    pub language: &'a (dyn Fn(&Path) -> Option<Language> + Sync),
    /// Whether a walked file is in scope (its configuration's `include` / `exclude`).
    pub in_scope: &'a (dyn Fn(&Path) -> bool + Sync),
    /// `--force-exclude`: apply `in_scope` and the built-in skips (`node_modules`, `*.min.js`,
    /// `*.map`, `.d.ts`) to the files named on the command line too (pre-commit names every staged
    /// file), so that naming a file and walking its directory agree.
    pub force_exclude: bool,
    /// Looks at each walked file as the walk finds it (on the walk's threads, as ripgrep reads while
    /// it walks): `true` when the file certainly has nothing to lint (see
    /// [`Discovered::nothing_to_lint`]).
    pub prescan: Option<&'a Prescan<'a>>,
    /// What the caller keeps with each file found (its configuration's context, say): asked once
    /// per file as the walk finds it, while its path is at hand (a tree's paths looked at again
    /// after the walk are no longer in any cache).
    pub context: &'a (dyn Fn(&Path) -> C + Sync),
}

/// See [`DiscoverOptions::prescan`]: the file's path and kind, asked only of a file the directory
/// listing shows as a regular file; `true`: nothing to lint in it.
pub type Prescan<'a> = dyn Fn(&Path, Language) -> bool + Sync + 'a;

pub struct Discovered<C = ()> {
    pub path: PathBuf,
    /// What [`DiscoverOptions::context`] said of it.
    pub context: C,
    pub language: Language,
    /// The folder whose walk found the file (`None`: the file was named itself). The walk follows
    /// no symbolic link, so neither the file nor a folder between it and the folder walked is one.
    pub walked: Option<Arc<WalkRoot>>,
    /// The walk's [`DiscoverOptions::prescan`] found nothing to lint in it (it names no
    /// session-aware call): its result is known without reading it again, unless another module's
    /// analysis asks about it.
    pub nothing_to_lint: bool,
}

/// A folder a walk started from.
#[derive(Debug)]
pub struct WalkRoot {
    /// As given (the start of its files' paths).
    pub given: PathBuf,
    /// Its canonical path (`None`: it has none). A walked file's canonical path is this and the
    /// file's path below `given`.
    pub canonical: Option<PathBuf>,
}

impl WalkRoot {
    /// The canonical path of `file`, a file its walk found.
    pub fn canonical_path(&self, file: &Path) -> Option<PathBuf> {
        let (folder, rest) = self.canonical_parts(file)?;
        Some(folder.join(rest))
    }

    /// The canonical path of `file`, a file its walk found, in two parts: the walked folder's
    /// canonical path and the file's path under the walked folder (what [`Self::canonical_path`]
    /// joins), without a copy. A walk yields the walked folder's path, a separator and the rest: it
    /// is cut as bytes (a cut by components parses both paths, for every file of a tree).
    pub fn canonical_parts<'p>(&'p self, file: &'p Path) -> Option<(&'p Path, &'p Path)> {
        let folder = self.canonical.as_deref()?;
        if let (Some(f), Some(g)) = (file.to_str(), self.given.to_str()) {
            let rest = f.strip_prefix(g)?;
            let rest = match rest.strip_prefix(std::path::is_separator) {
                Some(r) => r,
                None if g.ends_with(std::path::is_separator) => rest,
                None => return None,
            };
            return Some((folder, Path::new(rest)));
        }
        Some((folder, file.strip_prefix(&self.given).ok()?))
    }
}

/// A path that could not be walked (unreadable directory, broken entry).
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// Every file to lint under `paths`, sorted. A file named explicitly is always linted.
pub fn discover<C: Send>(
    paths: &[PathBuf],
    options: &DiscoverOptions<'_, C>,
) -> (Vec<Discovered<C>>, Vec<WalkError>) {
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let mut roots = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => roots.push(p.clone()),
            Ok(_)
                if options.force_exclude
                    && (!(options.in_scope)(p) || skipped_by_default(p, options)) => {}
            Ok(_) => push(
                &found,
                Discovered {
                    context: (options.context)(p),
                    path: p.clone(),
                    language: language_of(p, options).unwrap_or(Language::JavaScript),
                    walked: None,
                    nothing_to_lint: false,
                },
            ),
            Err(e) => push(
                &errors,
                WalkError {
                    path: p.clone(),
                    message: e.to_string(),
                },
            ),
        }
    }
    let walk_roots: Vec<Arc<WalkRoot>> = roots
        .iter()
        .map(|r| {
            Arc::new(WalkRoot {
                given: r.clone(),
                canonical: std::fs::canonicalize(r).ok(),
            })
        })
        .collect();
    // The folder a walked path is under (the deepest, when one holds another).
    let root_of = |path: &Path| {
        walk_roots
            .iter()
            .filter(|r| path.starts_with(&r.given))
            .max_by_key(|r| r.given.as_os_str().len())
            .cloned()
    };
    if let Some((first, rest)) = roots.split_first() {
        let mut builder = WalkBuilder::new(first);
        for r in rest {
            builder.add(r);
        }
        builder
            .require_git(false)
            .git_ignore(!options.no_ignore)
            .git_exclude(!options.no_ignore)
            .git_global(!options.no_ignore)
            .ignore(!options.no_ignore)
            .parents(!options.no_ignore)
            .follow_links(false);
        if !options.no_ignore {
            builder.add_custom_ignore_filename(IGNORE_FILE);
        }
        if !options.no_ignore {
            builder.filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                !(e.depth() > 0
                    && e.file_type().is_some_and(|t| t.is_dir())
                    && name == "node_modules")
            });
        }
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(e) => {
                        // A FIFO, socket or device with a source file's name is handed on too:
                        // the driver reports it (never opened), rather than passing over it.
                        if e.file_type()
                            .is_some_and(|t| !t.is_dir() && !t.is_symlink())
                            && let Some(language) = wanted(e.path(), options)
                            && (options.in_scope)(e.path())
                        {
                            push(
                                &found,
                                Discovered {
                                    context: (options.context)(e.path()),
                                    walked: root_of(e.path()),
                                    // Only a regular file is read (a FIFO is never opened here).
                                    nothing_to_lint: e.file_type().is_some_and(|t| t.is_file())
                                        && options
                                            .prescan
                                            .is_some_and(|scan| scan(e.path(), language)),
                                    path: e.into_path(),
                                    language,
                                },
                            );
                        }
                    }
                    Err(err) => push(&errors, walk_error(err)),
                }
                WalkState::Continue
            })
        });
    }
    let mut found = found.into_inner().unwrap_or_default();
    // On the current rayon pool (the walk's threads are done): a tree's paths take the main
    // thread tens of milliseconds to sort alone. In place (a stable sort copies them all): two
    // entries of one path are the same file, either is kept.
    found.par_sort_unstable_by(|a, b| path_order(&a.path, &b.path));

    // Two walks (two folders given, one inside the other) or a file named and walked find a file
    // twice; one walk finds each file once.
    if paths.len() > 1 {
        found.dedup_by(|a, b| a.path == b.path);
    }
    (found, errors.into_inner().unwrap_or_default())
}

fn push<T>(v: &Mutex<Vec<T>>, item: T) {
    if let Ok(mut v) = v.lock() {
        v.push(item);
    }
}

/// The order of [`Path`]s (component by component) for the paths a walk yields (no `.` or empty
/// components inside): their bytes, each separator taken as the smallest byte. Comparing paths
/// parses their components every time, and a key per path is a copy of a tree's worth of paths
/// (fresh memory, slow to touch on a small virtual machine); this compares the bytes in place, the
/// common prefix eight bytes at a time.
fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let same = a
        .chunks_exact(8)
        .zip(b.chunks_exact(8))
        .take_while(|(x, y)| x == y)
        .count()
        * 8;
    let rank = |b: u8| {
        if b.is_ascii() && std::path::is_separator(b as char) {
            0
        } else {
            b
        }
    };
    a[same..]
        .iter()
        .map(|&x| rank(x))
        .cmp(b[same..].iter().map(|&y| rank(y)))
}

fn walk_error(err: ignore::Error) -> WalkError {
    let path = match &err {
        ignore::Error::WithPath { path, .. } => path.clone(),
        ignore::Error::WithDepth { err, .. } => match &**err {
            ignore::Error::WithPath { path, .. } => path.clone(),
            _ => PathBuf::new(),
        },
        _ => PathBuf::new(),
    };
    WalkError {
        path,
        message: err.to_string(),
    }
}

/// A file found while walking is linted when its extension is one of ours; minified bundles, source
/// maps and type declarations are not (they hold no hand-written createSource call).
fn wanted<C>(path: &Path, options: &DiscoverOptions<'_, C>) -> Option<Language> {
    if skipped_name(path, options) {
        return None;
    }
    language_of(path, options)
}

/// Whether the walk would never yield this file, whatever its directory: its name is a minified
/// bundle, a source map (unless `--no-ignore`) or a type declaration.
fn skipped_name<C>(path: &Path, options: &DiscoverOptions<'_, C>) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let lower = name.to_string_lossy().to_ascii_lowercase();
    if !options.no_ignore && (lower.ends_with(".min.js") || lower.ends_with(".map")) {
        return true;
    }
    [".d.ts", ".d.mts", ".d.cts"]
        .iter()
        .any(|s| lower.ends_with(s))
}

/// The built-in skips for a file named on the command line (`--force-exclude`): what `wanted`
/// leaves out, and a file inside a `node_modules` directory (unless `--no-ignore`), which the walk
/// never enters.
fn skipped_by_default<C>(path: &Path, options: &DiscoverOptions<'_, C>) -> bool {
    skipped_name(path, options)
        || (!options.no_ignore
            && path
                .parent()
                .is_some_and(|dir| dir.components().any(|c| c.as_os_str() == "node_modules")))
}

/// The language of a file by its extension.
fn language_of<C>(path: &Path, options: &DiscoverOptions<'_, C>) -> Option<Language> {
    (options.language)(path)
}

/// The ignore file of this tool (gitignore syntax), honored as `.gitignore` and `.ignore` are.
pub const IGNORE_FILE: &str = ".drslignore";

/// A file or folder under the paths given that the walk passes over, and why.
pub struct Skipped {
    /// As the walk names it.
    pub path: PathBuf,
    /// A folder the walk does not enter (its contents are not listed).
    pub is_dir: bool,
    /// Why, for a person to read.
    pub reason: String,
}

/// What a walk of `paths` passes over, and why (`--show-files`): hidden entries, `node_modules`,
/// what an ignore file ignores (its pattern and file named), bundles and declarations, files of
/// no kind we lint, and files out of the configuration's scope. A folder passed over is listed
/// once, not its contents. `linted` is what [`discover`] found (anything else is listed, with a
/// generic reason when no other is found); `out_of_scope` says why a file is out of its
/// configuration's scope, if it is.
pub fn explain_skips<C>(
    paths: &[PathBuf],
    options: &DiscoverOptions<'_, C>,
    linted: &[Discovered<C>],
    out_of_scope: &dyn Fn(&Path) -> Option<String>,
) -> Vec<Skipped> {
    let linted: std::collections::HashSet<&Path> =
        linted.iter().map(|d| d.path.as_path()).collect();
    let skipped = std::sync::Arc::new(Mutex::new(Vec::new()));
    let matchers = std::sync::Arc::new(IgnoreFiles::default());
    let roots: Vec<&PathBuf> = paths.iter().filter(|p| p.is_dir()).collect();
    let Some((first, rest)) = roots.split_first() else {
        return Vec::new();
    };
    let mut builder = WalkBuilder::new(first);
    for r in rest {
        builder.add(r);
    }
    builder.standard_filters(false).follow_links(false);
    let no_ignore = options.no_ignore;
    let dir_matchers = matchers.clone();
    let walk_dir_reason = move |e: &ignore::DirEntry| -> Option<String> {
        if e.depth() == 0 || no_ignore {
            return None;
        }
        let name = e.file_name().to_string_lossy();
        if name.starts_with('.') {
            return Some("hidden".into());
        }
        if name == "node_modules" {
            return Some("node_modules (dependencies; --no-ignore lints them)".into());
        }
        dir_matchers.reason(e.path(), true)
    };
    let dirs = skipped.clone();
    builder.filter_entry(move |e| {
        if e.file_type().is_some_and(|t| t.is_dir())
            && let Some(reason) = walk_dir_reason(e)
        {
            push(
                &dirs,
                Skipped {
                    path: e.path().to_path_buf(),
                    is_dir: true,
                    reason,
                },
            );
            return false;
        }
        true
    });
    for entry in builder.build().flatten() {
        if entry.file_type().is_some_and(|t| t.is_dir()) || linted.contains(entry.path()) {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let reason = if !options.no_ignore && name.starts_with('.') && entry.depth() > 0 {
            "hidden".to_string()
        } else if let Some(r) = (!options.no_ignore)
            .then(|| matchers.reason(path, false))
            .flatten()
        {
            r
        } else if skipped_name(path, options) {
            "a minified bundle, source map or type declaration (built-in skip)".to_string()
        } else if entry.file_type().is_some_and(|t| t.is_symlink()) {
            "a symbolic link (not followed)".to_string()
        } else if language_of(path, options).is_none() {
            "not a file kind we lint (its extension; --ext adds one)".to_string()
        } else if let Some(why) = out_of_scope(path) {
            why
        } else {
            "ignored (an ignore file: .gitignore, .ignore, .drslignore, .git/info/exclude)"
                .to_string()
        };
        push(
            &skipped,
            Skipped {
                path: path.to_path_buf(),
                is_dir: false,
                reason,
            },
        );
    }
    drop(builder);
    let mut all = skipped
        .lock()
        .map(|mut v| std::mem::take(&mut *v))
        .unwrap_or_default();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    all
}

/// The ignore files of each folder, read once: which pattern of which file ignores a path.
#[derive(Default)]
struct IgnoreFiles {
    by_dir: Mutex<HashMap<PathBuf, Vec<ignore::gitignore::Gitignore>>>,
}

impl IgnoreFiles {
    fn reason(&self, path: &Path, is_dir: bool) -> Option<String> {
        let absolute = crate::settings::normalize(&std::env::current_dir().ok()?.join(path));
        let mut dir = absolute.parent();
        while let Some(d) = dir {
            for gi in self.of(d) {
                if let ignore::Match::Ignore(glob) =
                    gi.matched_path_or_any_parents(&absolute, is_dir)
                {
                    let from = glob
                        .from()
                        .map(|f| {
                            let cwd = std::env::current_dir().unwrap_or_default();
                            crate::settings::relative_to(Some(&cwd), f)
                                .display()
                                .to_string()
                        })
                        .unwrap_or_default();
                    return Some(format!("ignored by `{}` in {from}", glob.original()));
                }
            }
            if d.join(".git").exists() {
                break;
            }
            dir = d.parent();
        }
        None
    }

    fn of(&self, dir: &Path) -> Vec<ignore::gitignore::Gitignore> {
        if let Some(v) = self.by_dir.lock().ok().and_then(|m| m.get(dir).cloned()) {
            return v;
        }
        let found: Vec<ignore::gitignore::Gitignore> = [IGNORE_FILE, ".ignore", ".gitignore"]
            .iter()
            .map(|n| dir.join(n))
            .filter(|p| p.is_file())
            .map(|p| ignore::gitignore::Gitignore::new(p).0)
            .collect();
        if let Ok(mut m) = self.by_dir.lock() {
            m.insert(dir.to_path_buf(), found.clone());
        }
        found
    }
}

/// The language of a path by its extension: the extra ones (`--ext`, the configuration) first, then
/// the built-in ones.
pub fn language_for(path: &Path, extra: &[(String, Language)]) -> Option<Language> {
    // The extension alone decides: the rest of the name may be any bytes (not UTF-8 on Unix). An
    // extension that is not UTF-8 is none of ours.
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match extra.iter().find(|(e, _)| *e == ext) {
        Some((_, language)) => Some(*language),
        None => Language::from_extension(&ext),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walked_files_canonical_path_is_its_folders_and_the_rest() {
        let root = |given: &str| WalkRoot {
            given: PathBuf::from(given),
            canonical: Some(PathBuf::from("/home/shop")),
        };
        let canonical = |given: &str, file: &str| root(given).canonical_path(Path::new(file));
        let want = Some(PathBuf::from("/home/shop/src/pay.js"));
        assert_eq!(canonical(".", "./src/pay.js"), want);
        assert_eq!(canonical("./", "./src/pay.js"), want);
        assert_eq!(canonical("shop", "shop/src/pay.js"), want);
        assert_eq!(canonical("shop/", "shop/src/pay.js"), want);
        // Not a byte prefix at a component boundary: the components decide.
        assert_eq!(canonical("shop", "shopping/pay.js"), None);
        assert_eq!(canonical("shop/", "shop//src/pay.js"), want);
        let none = WalkRoot {
            given: PathBuf::from("."),
            canonical: None,
        };
        assert_eq!(none.canonical_path(Path::new("./a.js")), None);
    }
}
