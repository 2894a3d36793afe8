//! The program a run lints: its files, how their module specifiers resolve (`modules`), and what each
//! module exports, summarised once and shared by the threads (`resolve::summary`). Each file's analysis
//! asks about its imports through a [`FileLinker`]; what lies outside the linted files, a package, a
//! specifier that resolves nowhere or a cycle of imports is "not visible", said with the reason.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::discover::WalkRoot;
use crate::modules::{ModuleResolver, Resolution};
use crate::resolve::interface::Imported;
use crate::resolve::link::{Linked, Linker};
use crate::resolve::summary::ModuleSummary;
use crate::resolve::{Targets, summarize};
use crate::settings::Settings;
use crate::source::{Language, SourceText, Units};
use crate::span::FileId;

/// The linted files and the summaries of the modules asked about so far. The index of the files by
/// canonical path is built the first time a file asks about an import: a run whose files import
/// nothing session-aware (most trees) never pays for it.
pub struct Program<'s> {
    /// The linted files as given (path, kind, settings, found by walking a folder), by number.
    given: Vec<GivenFile<'s>>,
    /// The folder the linted tree is in, when the caller knows it (else the files' common folder).
    root: Option<PathBuf>,
    /// Whether the given paths are canonical already.
    canonical: bool,
    index: OnceLock<Index>,
    summaries: Mutex<HashMap<FileId, Arc<ModuleSummary>>>,
    /// What a module's export is (see [`FileLinker`]'s `export`), by module and name, as asked so far.
    lookups: Mutex<HashMap<(FileId, Imported), Linked>>,
    /// Modules read only for their exports, and their numbers.
    extra: Mutex<HashMap<PathBuf, FileId>>,
    /// The editor's text of open documents, by canonical path: read instead of the disk.
    texts: HashMap<PathBuf, Arc<str>>,
    /// The module each import resolved to, by importing module (canonical paths), as asked so far.
    imports: Mutex<HashMap<PathBuf, HashSet<PathBuf>>>,
}

/// A linted file as the run gives it: its path (borrowed from the run: a tree has tens of thousands),
/// kind, settings, and the folder whose walk found it
/// (see [`crate::discover::Discovered`]).
pub type GivenFile<'s> = (Cow<'s, Path>, Language, &'s Settings, Option<&'s WalkRoot>);

/// The linted files by canonical path, and the module resolver for their tree.
///
/// A walked file's canonical path is its walk's canonical folder joined with its path under the
/// walked folder ([`WalkRoot::canonical_path`]): it is compared and hashed in place, never held (a
/// tree has tens of thousands of files, and a copy of their paths is fresh memory to touch).
struct Index {
    /// The canonical paths of the files that are not walked files with a canonical folder (named
    /// alone, or whose folder has none), by number: few.
    named: HashMap<u32, PathBuf>,
    /// [`path_hash`] of each file's canonical path and the file's number, sorted.
    by_hash: Vec<(u64, u32)>,
    resolver: ModuleResolver,
}

/// A walked file's canonical path in two parts (see [`WalkRoot::canonical_parts`]).
fn walked_parts<'p>(path: &'p Path, walked: Option<&'p WalkRoot>) -> Option<(&'p Path, &'p Path)> {
    walked?.canonical_parts(path)
}

impl Index {
    /// Where `specifier`, imported by `from`, leads: a relative path to a linted file is known
    /// without asking the resolver (the file system); the rest as [`ModuleResolver::resolve`] says.
    fn resolve(&self, given: &[GivenFile], from: &Path, specifier: &str) -> Resolution {
        self.resolver
            .resolve_known(from, specifier, |p| self.file(given, p).is_some())
            .unwrap_or_else(|| self.resolver.resolve(from, specifier))
    }

    /// The number of the linted file at `path` (canonical); of a file given twice (a folder walked
    /// under two names), the last. `given`: the files the index was built from.
    fn file(&self, given: &[GivenFile], path: &Path) -> Option<FileId> {
        let h = path_hash(path);
        let from = self.by_hash.partition_point(|(x, _)| *x < h);
        self.by_hash[from..]
            .iter()
            .take_while(|(x, _)| *x == h)
            .map(|(_, i)| *i)
            .filter(|i| self.is_at(given, *i, path))
            .last()
            .map(FileId)
    }

    /// Whether the canonical path of the file numbered `id` is `path`.
    fn is_at(&self, given: &[GivenFile], id: u32, path: &Path) -> bool {
        if let Some(named) = self.named.get(&id) {
            return named == path;
        }
        let Some((p, _, _, walked)) = given.get(id as usize) else {
            return false;
        };
        match walked_parts(p, *walked) {
            Some((folder, rest)) => path.strip_prefix(folder).is_ok_and(|r| r == rest),
            None => p.as_ref() == path,
        }
    }

    /// The canonical path of the file numbered `id` (as given when it has none).
    fn canonical(&self, given: &[GivenFile], id: u32) -> Option<PathBuf> {
        if let Some(named) = self.named.get(&id) {
            return Some(named.clone());
        }
        let (p, _, _, walked) = given.get(id as usize)?;
        Some(match walked_parts(p, *walked) {
            Some((folder, rest)) => folder.join(rest),
            None => p.to_path_buf(),
        })
    }
}

/// A hash of a path's bytes, for [`Index`].
fn path_hash(path: &Path) -> u64 {
    bytes_hash(path.as_os_str().as_encoded_bytes())
}

fn bytes_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

thread_local! {
    /// The modules being summarised on this thread, innermost last: a module asked for again while
    /// in this list imports itself through others (a cycle), which is not followed.
    static IN_PROGRESS: RefCell<Vec<FileId>> = const { RefCell::new(Vec::new()) };
    /// The exports being looked up on this thread (module, name), innermost last.
    static LOOKING: RefCell<Vec<(FileId, Imported)>> = const { RefCell::new(Vec::new()) };
    /// How many times this thread met a cycle (of summaries or of lookups): an answer found while
    /// the count went up depends on where the question came from, and is not kept.
    static CYCLES_MET: Cell<u64> = const { Cell::new(0) };
}

/// An entry of [`LOOKING`], taken off when dropped (also when the lookup panics and the file's
/// analysis is abandoned: the thread goes on with other files).
struct Looking;

impl Looking {
    fn push(key: (FileId, Imported)) -> Looking {
        LOOKING.with(|l| l.borrow_mut().push(key));
        Looking
    }
}

impl Drop for Looking {
    fn drop(&mut self) {
        LOOKING.with(|l| {
            l.borrow_mut().pop();
        });
    }
}

impl<'s> Program<'s> {
    /// `files`: the linted files (canonical path, or the path as given when it has none; number in
    /// the run, kind, settings); `root`: the folder the linted tree is in (specifiers that resolve
    /// outside it are not visible).
    pub fn new(root: &Path, files: &[(PathBuf, FileId, Language, &'s Settings)]) -> Self {
        let mut given: Vec<Option<GivenFile<'s>>> = vec![None; files.len()];
        for (p, id, l, s) in files {
            if let Some(slot) = given.get_mut(id.0 as usize) {
                *slot = Some((Cow::Owned(p.clone()), *l, *s, None));
            }
        }
        let mut program = Program::of_run(given.into_iter().flatten().collect());
        program.root = Some(root.to_path_buf());
        program.canonical = true;
        program
    }

    /// The program of a run's files, numbered by their index, with their paths as given: made
    /// canonical, and their common folder found, only when a file first asks about an import.
    /// `walked`: the folder whose walk found the file (see [`crate::discover::Discovered`]).
    pub fn of_run(files: Vec<GivenFile<'s>>) -> Self {
        Program {
            given: files,
            root: None,
            canonical: false,
            index: OnceLock::new(),
            summaries: Mutex::new(HashMap::new()),
            lookups: Mutex::new(HashMap::new()),
            extra: Mutex::new(HashMap::new()),
            texts: HashMap::new(),
            imports: Mutex::new(HashMap::new()),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| self.build_index())
    }

    /// Build the index of the files by canonical path now, on all the threads of the current rayon
    /// pool. Built when a file first asks about an import instead, it is built by that file's
    /// thread while the others wait for it.
    pub fn index_now(&self) {
        self.index();
    }

    fn build_index(&self) -> Index {
        // The files whose canonical path is not their walk's folder and their path under it.
        let named: HashMap<u32, PathBuf> = if self.canonical {
            HashMap::new()
        } else {
            let ids: Vec<u32> = (0..self.given.len() as u32)
                .filter(|&i| {
                    let (p, _, _, walked) = &self.given[i as usize];
                    walked_parts(p, *walked).is_none()
                })
                .collect();
            let files: Vec<GivenFile> = ids
                .iter()
                .map(|&i| self.given[i as usize].clone())
                .collect();
            ids.into_iter()
                .zip(canonical_paths(&files))
                .zip(&files)
                .map(|((i, c), (p, _, _, _))| (i, c.unwrap_or_else(|| p.to_path_buf())))
                .collect()
        };
        // The tree's folder: the files' common folder, each walk's folder standing for its files.
        let root = match &self.root {
            Some(r) => r.clone(),
            None => {
                let mut walks: Vec<*const WalkRoot> = Vec::new();
                let mut members: Vec<PathBuf> = named.values().cloned().collect();
                for (_, _, _, walked) in &self.given {
                    if let Some(w) = walked
                        && let Some(folder) = &w.canonical
                        && walks.last() != Some(&(*w as *const WalkRoot))
                        && !walks.contains(&(*w as *const WalkRoot))
                    {
                        walks.push(*w as *const WalkRoot);
                        // A file in the folder: the folder is its parent.
                        members.push(folder.join("_"));
                    }
                }
                common_root(&members)
            }
        };
        let mut by_hash: Vec<(u64, u32)> = (0..self.given.len() as u32)
            .into_par_iter()
            .map_init(Vec::new, |buf: &mut Vec<u8>, i| {
                let h = match named.get(&i) {
                    Some(p) => path_hash(p),
                    None => {
                        let (p, _, _, walked) = &self.given[i as usize];
                        match walked_parts(p, *walked).filter(|_| !self.canonical) {
                            // The bytes `folder.join(rest)` would have, built in a reused buffer.
                            Some((folder, rest)) => {
                                let folder = folder.as_os_str().as_encoded_bytes();
                                buf.clear();
                                buf.extend_from_slice(folder);
                                if !folder
                                    .last()
                                    .is_some_and(|&b| std::path::is_separator(b as char))
                                {
                                    buf.push(std::path::MAIN_SEPARATOR as u8);
                                }
                                buf.extend_from_slice(rest.as_os_str().as_encoded_bytes());
                                bytes_hash(buf)
                            }
                            None => path_hash(p),
                        }
                    }
                };
                (h, i)
            })
            .collect();
        by_hash.par_sort_unstable();
        Index {
            resolver: ModuleResolver::new(&root),
            named,
            by_hash,
        }
    }

    /// The kind and settings of the linted file numbered `id`.
    fn given_file(&self, id: Option<FileId>) -> Option<(Language, &'s Settings)> {
        let (_, language, settings, _) = self.given.get(id?.0 as usize)?;
        Some((*language, *settings))
    }

    /// Read the module at `path` from `text` (an editor's open document) instead of the disk.
    pub fn set_text(&mut self, path: &Path, text: Arc<str>) {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.texts.insert(canonical, text);
    }

    /// The imports resolved so far: importing module -> the modules they resolved to (canonical
    /// paths; a barrel's re-exports are imports of the barrel). The language server follows them to
    /// know which documents a change reaches.
    pub fn imports(&self) -> HashMap<PathBuf, HashSet<PathBuf>> {
        self.imports.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// The linker for the file at `path` (a path as given is made canonical, unless it is one of the
    /// linted files' paths as the program holds them).
    pub fn linker_for(&self, path: &Path) -> FileLinker<'_, 's> {
        let index = self.index();
        let from = if index.file(&self.given, path).is_some() {
            path.to_path_buf()
        } else {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        };
        let settings = self
            .given_file(index.file(&self.given, &from))
            .map(|(_, s)| s);
        FileLinker {
            program: self,
            file: None,
            from: OnceLock::from(from),
            settings,
        }
    }

    /// The linker for the linted file numbered `id` (cheap: its path is looked up only when the file
    /// asks about an import).
    pub fn linker_for_file(&self, id: FileId) -> Option<FileLinker<'_, 's>> {
        let (_, _, settings, _) = self.given.get(id.0 as usize)?;
        Some(FileLinker {
            program: self,
            file: Some(id),
            from: OnceLock::new(),
            settings: Some(*settings),
        })
    }

    /// The number of a module read only for its exports (after the linted files' numbers).
    fn extra_id(&self, path: &Path) -> FileId {
        let Ok(mut extra) = self.extra.lock() else {
            return FileId(u32::MAX);
        };
        let next = (self.given.len() + extra.len()) as u32;
        *extra.entry(path.to_path_buf()).or_insert(FileId(next))
    }

    fn summary(
        &self,
        id: FileId,
        path: &Path,
        language: Language,
        settings: &'s Settings,
    ) -> Result<Arc<ModuleSummary>, String> {
        if let Some(s) = self.summaries.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(s);
        }
        if IN_PROGRESS.with(|p| p.borrow().contains(&id)) {
            CYCLES_MET.with(|c| c.set(c.get() + 1));
            return Err(format!(
                "{} imports, through others, the module that imports it (a cycle)",
                path.display()
            ));
        }
        if matches!(language, Language::Template(_)) {
            return Err(format!(
                "{} is a page or template, not a module",
                path.display()
            ));
        }
        let open = self.texts.get(path);
        let size = match open {
            Some(text) => text.len() as u64,
            None => std::fs::metadata(path).map_err(|e| e.to_string())?.len(),
        };
        if size > settings.max_file_size {
            return Err(format!(
                "{} is over the --max-file-size limit",
                path.display()
            ));
        }
        let text = match open {
            Some(text) => text.to_string(),
            None => {
                let bytes = std::fs::read(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                SourceText::decode(bytes)
                    .map_err(|_| format!("{} is a binary file", path.display()))?
                    .text
            }
        };
        IN_PROGRESS.with(|p| p.borrow_mut().push(id));
        let linker = FileLinker {
            program: self,
            file: None,
            from: OnceLock::from(path.to_path_buf()),
            settings: Some(settings),
        };
        let summary = crate::parse::contain_panic(|| {
            let units = Units::of(&text, language);
            let mut parsed = crate::parse::parse_units(&units);
            let targets = Targets::of(&settings.table);
            let may_call = settings.prefilter.may_call(units.text.as_bytes());
            summarize(
                &mut parsed.program,
                &units.text,
                &targets,
                id,
                &linker,
                may_call,
            )
        });
        IN_PROGRESS.with(|p| {
            p.borrow_mut().pop();
        });
        let summary = Arc::new(summary.map_err(|e| {
            format!(
                "the analysis of {} failed (internal error: {e})",
                path.display()
            )
        })?);
        if let Ok(mut m) = self.summaries.lock() {
            m.entry(id).or_insert_with(|| summary.clone());
        }
        Ok(summary)
    }
}

/// Answers one file's questions about its imports.
pub struct FileLinker<'p, 's> {
    program: &'p Program<'s>,
    /// The linted file asking, when it is one (its canonical path is `from`, found when first needed).
    file: Option<FileId>,
    /// The canonical path of the module asking.
    from: OnceLock<PathBuf>,
    /// The settings of the file asking (for a module the run does not lint).
    settings: Option<&'s Settings>,
}

impl FileLinker<'_, '_> {
    fn from(&self) -> &Path {
        self.from.get_or_init(|| {
            let index = self.program.index();
            self.file
                .and_then(|id| index.canonical(&self.program.given, id.0))
                .unwrap_or_default()
        })
    }
}

impl Linker for FileLinker<'_, '_> {
    fn is_unlinted_module(&self, specifier: &str) -> bool {
        let index = self.program.index();
        let given = &self.program.given;
        match index.resolve(given, self.from(), specifier) {
            Resolution::File(path) => index.file(given, &path).is_none(),
            Resolution::Outside { .. }
            | Resolution::Package { .. }
            | Resolution::NotFound { .. } => false,
        }
    }

    fn export(&self, specifier: &str, imported: &Imported) -> Linked {
        let p = self.program;
        let index = p.index();
        let from = self.from();
        let given = &p.given;
        let path = match index.resolve(given, from, specifier) {
            Resolution::File(path) => {
                if let Ok(mut imports) = p.imports.lock() {
                    imports
                        .entry(from.to_path_buf())
                        .or_default()
                        .insert(path.clone());
                }
                path
            }
            // Under a `node_modules` folder, but linted in this run (`--no-ignore`): visible.
            Resolution::Outside { path } if index.file(given, &path).is_some() => path,
            Resolution::Outside { path } => {
                return Linked::NotVisible(format!(
                    "'{specifier}' is outside the linted files ({})",
                    path.display()
                ));
            }
            Resolution::Package { name } => {
                return Linked::NotVisible(format!("'{specifier}' is the package `{name}`"));
            }
            Resolution::NotFound { reason } => {
                return Linked::NotVisible(format!("'{specifier}' was not found ({reason})"));
            }
        };
        // A module of the tree that this run does not lint (pre-commit names only the staged files):
        // read for what it exports, never reported or fixed.
        let linted = index.file(given, &path);
        let (id, language, settings, linted) = match (linted, p.given_file(linted)) {
            (Some(id), Some((language, settings))) => (id, language, settings, true),
            _ => {
                let Some(language) =
                    Language::from_path(&path).filter(|l| !matches!(l, Language::Template(_)))
                else {
                    return Linked::NotVisible(format!(
                        "'{specifier}' is {}, not a JavaScript or TypeScript module",
                        path.display()
                    ));
                };
                let Some(settings) = self.settings else {
                    return Linked::NotVisible(format!(
                        "'{specifier}' is {}, which is not among the linted files",
                        path.display()
                    ));
                };
                (p.extra_id(&path), language, settings, false)
            }
        };
        let summary = match p.summary(id, &path, language, settings) {
            Ok(s) => s,
            Err(reason) => return Linked::NotVisible(reason),
        };
        let own = FileLinker {
            program: p,
            file: None,
            from: OnceLock::from(path.clone()),
            settings: Some(settings),
        };
        let key = (id, imported.clone());
        // `export * from` modules that re-export each other: a name none of them has would be
        // looked for round the cycle forever. Not there, as far as this path goes: the lookup of
        // the same name in the same module, further up, looks at the rest.
        if LOOKING.with(|l| l.borrow().contains(&key)) {
            CYCLES_MET.with(|c| c.set(c.get() + 1));
            return Linked::NotExported(format!(
                "'{specifier}' re-exports from modules that re-export it (a cycle of `export * from`)"
            ));
        }
        // An answer found without meeting a cycle depends on the module and the name only: kept,
        // so that each module is asked about a name once (`export *` barrels that share modules,
        // a diamond, would otherwise be walked once per path: exponentially many), and for the
        // other files that import the same name.
        if let Some(known) = p.lookups.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return known;
        }
        let cycles_before = CYCLES_MET.with(Cell::get);
        let looking = Looking::push(key.clone());
        let found = summary.lookup(imported, &own, &path);
        drop(looking);
        let linked = match found {
            // Its own export: say where it is.
            Linked::Found {
                summary,
                path: found,
                name,
                ..
            } if found.as_os_str().is_empty() => Linked::Found {
                summary,
                path,
                file: id,
                name,
                linted,
            },
            other => other,
        };
        if CYCLES_MET.with(Cell::get) == cycles_before
            && let Ok(mut m) = p.lookups.lock()
        {
            m.insert(key, linked.clone());
        }
        linked
    }
}

/// Each file's canonical path (`None` when it has none: it is gone). A file that is not a symbolic
/// link is its folder's canonical path and its name, and folders are found from their parents
/// ([`CanonicalDirs`]): a tree has far fewer folders than files, and resolving a path whole costs a
/// system call per component.
fn canonical_paths(files: &[GivenFile<'_>]) -> Vec<Option<PathBuf>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let dirs = CanonicalDirs {
        cwd: cwd.clone(),
        known: Mutex::new(HashMap::new()),
    };
    files
        .par_iter()
        .map(|(path, _, _, walked)| {
            // `..` after a symbolic link is not its lexical parent: such a path is resolved whole.
            // A file found by walking is not a link (the walk passes over them); one named is
            // looked at.
            let plain = !path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
                && (walked.is_some()
                    || std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink()));
            let absolute = crate::settings::normalize(&cwd.join(path));
            match (plain, absolute.parent(), absolute.file_name()) {
                (true, Some(dir), Some(name)) => dirs.of(dir).map(|d| d.join(name)),
                _ => std::fs::canonicalize(path).ok(),
            }
        })
        .collect()
}

/// Canonical folders, each found from its parent's: a folder that is not a symbolic link is its
/// parent's canonical path and its name (one `lstat` per folder instead of resolving every component
/// of every path).
struct CanonicalDirs {
    cwd: PathBuf,
    known: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl CanonicalDirs {
    /// The canonical path of `dir` (absolute and normalised), `None` when it is gone.
    fn of(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(known) = self.known.lock().ok().and_then(|m| m.get(dir).cloned()) {
            return known;
        }
        let found = match (dir.parent(), dir.file_name()) {
            // The working directory and the root are resolved whole, once.
            _ if dir == self.cwd => std::fs::canonicalize(dir).ok(),
            (Some(parent), Some(name))
                if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_dir()) =>
            {
                self.of(parent).map(|p| p.join(name))
            }
            _ => std::fs::canonicalize(dir).ok(),
        };
        if let Ok(mut m) = self.known.lock() {
            m.insert(dir.to_path_buf(), found.clone());
        }
        found
    }
}

/// The deepest folder holding every file (their common ancestor), or the working directory.
fn common_root(paths: &[PathBuf]) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut root: Option<PathBuf> = None;
    for p in paths {
        // Most paths are under the root found so far (a byte comparison).
        if let Some(r) = &root
            && p.is_absolute()
            && p.as_os_str()
                .as_encoded_bytes()
                .strip_prefix(r.as_os_str().as_encoded_bytes())
                .is_some_and(|rest| rest.first() == Some(&b'/'))
        {
            continue;
        }
        let abs = cwd.join(p);
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or(abs);
        root = Some(match root {
            None => dir,
            Some(r) => {
                let mut common = PathBuf::new();
                for (a, b) in r.components().zip(dir.components()) {
                    if a != b {
                        break;
                    }
                    common.push(a.as_os_str());
                }
                common
            }
        });
    }
    // The working directory when it holds them all (a tsconfig.json at the repository root).
    match root {
        Some(r) if cwd.canonicalize().is_ok_and(|c| r.starts_with(&c)) => {
            cwd.canonicalize().unwrap_or(r)
        }
        Some(r) => r,
        None => cwd,
    }
}
