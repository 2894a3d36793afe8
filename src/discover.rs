//! Which files to lint: the paths given, walked like ripgrep walks them (`.gitignore` / `.ignore`
//! honored, hidden files skipped), minus dependency and build noise.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use crate::source::Language;

pub struct DiscoverOptions<'a> {
    /// `--no-ignore`: also lint what .gitignore/.ignore and the default skips would leave out.
    pub no_ignore: bool,
    /// Extra extensions and how to read them (`--ext`, the configuration's `[extensions]`).
    pub extra_extensions: Vec<(String, Language)>,
    /// Whether a walked file is in scope (the configuration's `include` / `exclude`).
    pub in_scope: &'a (dyn Fn(&Path) -> bool + Sync),
    /// `--force-exclude`: apply `in_scope` and the built-in skips (`node_modules`, `*.min.js`,
    /// `*.map`, `.d.ts`) to the files named on the command line too (pre-commit names every staged
    /// file), so that naming a file and walking its directory agree.
    pub force_exclude: bool,
}

pub struct Discovered {
    pub path: PathBuf,
    pub language: Language,
}

/// A path that could not be walked (unreadable directory, broken entry).
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// Every file to lint under `paths`, sorted. A file named explicitly is always linted.
pub fn discover(
    paths: &[PathBuf],
    options: &DiscoverOptions<'_>,
) -> (Vec<Discovered>, Vec<WalkError>) {
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
                    path: p.clone(),
                    language: language_of(p, options).unwrap_or(Language::JavaScript),
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
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    (found, errors.into_inner().unwrap_or_default())
}

fn push<T>(v: &Mutex<Vec<T>>, item: T) {
    if let Ok(mut v) = v.lock() {
        v.push(item);
    }
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
fn wanted(path: &Path, options: &DiscoverOptions<'_>) -> Option<Language> {
    if skipped_name(path, options) {
        return None;
    }
    language_of(path, options)
}

/// Whether the walk would never yield this file, whatever its directory: its name is a minified
/// bundle, a source map (unless `--no-ignore`) or a type declaration.
fn skipped_name(path: &Path, options: &DiscoverOptions<'_>) -> bool {
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
fn skipped_by_default(path: &Path, options: &DiscoverOptions<'_>) -> bool {
    skipped_name(path, options)
        || (!options.no_ignore
            && path
                .parent()
                .is_some_and(|dir| dir.components().any(|c| c.as_os_str() == "node_modules")))
}

/// The language of a file by its extension: `--ext` first, then the built-in ones.
fn language_of(path: &Path, options: &DiscoverOptions<'_>) -> Option<Language> {
    language_for(path, &options.extra_extensions)
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
