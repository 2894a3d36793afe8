//! The program a run lints: its files, how their module specifiers resolve (`modules`), and what each
//! module exports, summarised once and shared by the threads (`resolve::summary`). Each file's analysis
//! asks about its imports through a [`FileLinker`]; what lies outside the linted files, a package, a
//! specifier that resolves nowhere or a cycle of imports is "not visible", said with the reason.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::modules::{ModuleResolver, Resolution};
use crate::resolve::interface::Imported;
use crate::resolve::link::{Linked, Linker};
use crate::resolve::summary::ModuleSummary;
use crate::resolve::{Targets, summarize};
use crate::settings::Settings;
use crate::source::{Language, SourceText, Units};
use crate::span::FileId;

/// The linted files and the summaries of the modules asked about so far.
pub struct Program<'s> {
    /// The linted files' paths as held (canonical when they have one), by number.
    paths: Vec<PathBuf>,
    resolver: ModuleResolver,
    /// By canonical path: the file's number in the run, its kind, and its settings.
    files: HashMap<PathBuf, (FileId, Language, &'s Settings)>,
    summaries: Mutex<HashMap<FileId, Arc<ModuleSummary>>>,
    /// Modules read only for their exports, and their numbers.
    extra: Mutex<HashMap<PathBuf, FileId>>,
    /// The editor's text of open documents, by canonical path: read instead of the disk.
    texts: HashMap<PathBuf, Arc<str>>,
    /// The module each import resolved to, by importing module (canonical paths), as asked so far.
    imports: Mutex<HashMap<PathBuf, HashSet<PathBuf>>>,
}

thread_local! {
    /// The modules being summarised on this thread, innermost last: a module asked for again while
    /// in this list imports itself through others (a cycle), which is not followed.
    static IN_PROGRESS: RefCell<Vec<FileId>> = const { RefCell::new(Vec::new()) };
}

impl<'s> Program<'s> {
    /// `files`: the linted files (canonical path, or the path as given when it has none; number in
    /// the run, kind, settings); `root`: the folder the linted tree is in (specifiers that resolve
    /// outside it are not visible).
    pub fn new(root: &Path, files: &[(PathBuf, FileId, Language, &'s Settings)]) -> Self {
        let mut paths = vec![PathBuf::new(); files.len()];
        for (p, id, _, _) in files {
            if let Some(slot) = paths.get_mut(id.0 as usize) {
                *slot = p.clone();
            }
        }
        let files = files
            .iter()
            .map(|(p, id, l, s)| (p.clone(), (*id, *l, *s)))
            .collect();
        Program {
            paths,
            resolver: ModuleResolver::new(root),
            files,
            summaries: Mutex::new(HashMap::new()),
            extra: Mutex::new(HashMap::new()),
            texts: HashMap::new(),
            imports: Mutex::new(HashMap::new()),
        }
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
        let from = if self.files.contains_key(path) {
            path.to_path_buf()
        } else {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        };
        self.linker_from(from)
    }

    /// The linker for the linted file numbered `id`.
    pub fn linker_for_file(&self, id: FileId) -> Option<FileLinker<'_, 's>> {
        let path = self.paths.get(id.0 as usize)?;
        Some(self.linker_from(path.clone()))
    }

    fn linker_from(&self, from: PathBuf) -> FileLinker<'_, 's> {
        let settings = self.files.get(&from).map(|(_, _, s)| *s);
        FileLinker {
            program: self,
            from,
            settings,
        }
    }

    /// The number of a module read only for its exports (after the linted files' numbers).
    fn extra_id(&self, path: &Path) -> FileId {
        let Ok(mut extra) = self.extra.lock() else {
            return FileId(u32::MAX);
        };
        let next = (self.files.len() + extra.len()) as u32;
        *extra.entry(path.to_path_buf()).or_insert(FileId(next))
    }

    fn summary(
        &self,
        id: FileId,
        path: &Path,
        language: Language,
        settings: &Settings,
    ) -> Result<Arc<ModuleSummary>, String> {
        if let Some(s) = self.summaries.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(s);
        }
        if IN_PROGRESS.with(|p| p.borrow().contains(&id)) {
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
            from: path.to_path_buf(),
            settings: Some(settings),
        };
        let summary = crate::parse::contain_panic(|| {
            let units = Units::of(&text, language);
            let mut parsed = crate::parse::parse_units(&units);
            let targets = Targets::of(&settings.table);
            summarize(&mut parsed.program, &units.text, &targets, id, &linker)
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
    from: PathBuf,
    /// The settings of the file asking (for a module the run does not lint).
    settings: Option<&'s Settings>,
}

impl Linker for FileLinker<'_, '_> {
    fn export(&self, specifier: &str, imported: &Imported) -> Linked {
        let p = self.program;
        let path = match p.resolver.resolve(&self.from, specifier) {
            Resolution::File(path) => {
                if let Ok(mut imports) = p.imports.lock() {
                    imports
                        .entry(self.from.clone())
                        .or_default()
                        .insert(path.clone());
                }
                path
            }
            // Under a `node_modules` folder, but linted in this run (`--no-ignore`): visible.
            Resolution::Outside { path } if p.files.contains_key(&path) => path,
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
        let (id, language, settings, linted) = match p.files.get(&path) {
            Some(&(id, language, settings)) => (id, language, settings, true),
            None => {
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
            from: path.clone(),
            settings: Some(settings),
        };
        match summary.lookup(imported, &own) {
            // Its own export: say where it is.
            Linked::Found {
                summary,
                path: found,
                ..
            } if found.as_os_str().is_empty() => Linked::Found {
                summary,
                path,
                file: id,
                linted,
            },
            other => other,
        }
    }
}
