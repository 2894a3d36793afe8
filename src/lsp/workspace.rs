//! The workspace the open documents are linted in: its files, found as the command line finds them
//! (`discover`, which honours `.gitignore` and skips `node_modules`), so that a document's analysis
//! follows its imports into the modules of the folder, and the baseline that hides the findings it
//! counts. Both are read once and kept until the client reports a change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::baseline::{self, Baseline, BaselineError};
use crate::config;
use crate::diagnostic::Diagnostic;
use crate::discover::{DiscoverOptions, discover, language_for};
use crate::source::Language;

/// The files of the workspace folder that the command line would lint there.
#[derive(Default)]
pub struct WorkspaceFiles {
    root: Option<PathBuf>,
    files: Option<Vec<(PathBuf, Language)>>,
}

impl WorkspaceFiles {
    /// The files under `root` (canonical); none without a workspace folder.
    pub fn new(root: Option<PathBuf>) -> WorkspaceFiles {
        let root = root.map(|r| std::fs::canonicalize(&r).unwrap_or(r));
        WorkspaceFiles { root, files: None }
    }

    /// The workspace folder (canonical), if the client gave one.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Walk the folder again next time (a configuration changed, a file was created or removed).
    pub fn forget(&mut self) {
        self.files = None;
    }

    /// The files (absolute paths, sorted), walked the first time they are asked for.
    pub fn files(&mut self) -> &[(PathBuf, Language)] {
        let root = self.root.clone();
        self.files.get_or_insert_with(|| {
            let Some(root) = root else {
                return Vec::new();
            };
            let options = DiscoverOptions {
                no_ignore: false,
                language: &|p: &Path| language_for(p, &[]),
                in_scope: &|_: &Path| true,
                force_exclude: false,
                prescan: None,
                context: &|_: &Path| (),
            };
            let (found, _) = discover(&[root], &options);
            found.into_iter().map(|f| (f.path, f.language)).collect()
        })
    }
}

/// The baselines (`dr-session-lint-suppressions.json`) read so far, by path.
#[derive(Default)]
pub struct Baselines {
    /// A baseline that cannot be read: its message, until it is reported once.
    loaded: HashMap<PathBuf, Result<Baseline, Option<String>>>,
}

impl Baselines {
    /// Read them again next time (one changed).
    pub fn reload(&mut self) {
        self.loaded.clear();
    }

    /// Where the command line run in the workspace folder (else the document's folder) finds the
    /// baseline: next to the nearest configuration, or in that folder.
    pub fn location(root: Option<&Path>, document: &Path) -> Option<PathBuf> {
        let dir = match root {
            Some(r) => r.to_path_buf(),
            None => document.parent()?.to_path_buf(),
        };
        let dir = config::find(&dir)
            .and_then(|c| c.parent().map(Path::to_path_buf))
            .unwrap_or(dir);
        Some(dir.join(baseline::FILE_NAME))
    }

    /// Take out of `diagnostics` (of the document at `document`) the findings its baseline counts,
    /// as the command line does. A baseline that cannot be read takes nothing out; its message is
    /// returned the first time.
    pub fn apply(
        &mut self,
        root: Option<&Path>,
        document: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let path = Baselines::location(root, document)?;
        let loaded =
            self.loaded
                .entry(path.clone())
                .or_insert_with(|| match Baseline::load(&path) {
                    Ok(b) => Ok(b),
                    Err(BaselineError::Missing(_)) => Ok(Baseline::default()),
                    Err(e) => Err(Some(e.to_string())),
                });
        match loaded {
            Ok(b) if b.files.is_empty() => None,
            Ok(b) => {
                let dir = path.parent().unwrap_or(Path::new("."));
                b.apply(&baseline::relative_name(dir, document), diagnostics);
                None
            }
            Err(message) => message.take(),
        }
    }
}

/// Whether a changed file is a baseline.
pub fn is_baseline_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == baseline::FILE_NAME)
}
