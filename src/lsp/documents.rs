//! The open documents: their text as the client edits it (full or incremental changes), the last
//! lint of each, and what it reached in the other modules (for [`Documents::affected_by`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Url};

use super::position::{Encoding, LineIndex};
use crate::diagnostic::FileId;
use crate::lint::Linted;
use crate::settings::Settings;
use crate::source::Language;

/// The lint of one version of a document, kept for its code actions.
pub struct DocumentLint {
    pub version: i32,
    pub linted: Linted,
    pub language: Language,
    pub settings: Arc<Settings>,
    /// The document's number in the program it was linted in (its diagnostics' spans carry it).
    pub file: FileId,
}

/// One open document.
pub struct Document {
    pub text: String,
    pub version: i32,
    /// The client's language id (`javascript`, `html`, ...): the file kind when the path has none.
    pub language_id: String,
    /// The file it stands for (`None` for an unsaved buffer).
    pub path: Option<PathBuf>,
    /// The lint of the current version, once it has run.
    pub lint: Option<DocumentLint>,
    /// The diagnostics last published for a version that parsed: kept while the text does not parse.
    pub last_good: Vec<lsp_types::Diagnostic>,
    /// The file's canonical path (what the program's imports name).
    pub canonical: Option<PathBuf>,
    /// The modules its last lint read, directly or through others (barrels), by canonical path.
    pub imports: HashSet<PathBuf>,
    /// The modules whose builders make the payloads of its calls (they check them), by canonical path.
    pub builders: HashSet<PathBuf>,
}

impl Document {
    /// A document opened with `text`.
    pub fn new(uri: &Url, text: String, version: i32, language_id: String) -> Document {
        let path = uri.to_file_path().ok();
        let canonical = path
            .as_deref()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
        Document {
            text,
            version,
            language_id,
            path,
            lint: None,
            last_good: Vec::new(),
            canonical,
            imports: HashSet::new(),
            builders: HashSet::new(),
        }
    }

    /// Apply the client's changes, in order (each range is in the text as the previous change left
    /// it), and take the new version.
    pub fn change(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let index = LineIndex::new(&self.text);
                    let bytes = index.byte_range(&self.text, range, encoding);
                    self.text.replace_range(bytes, &change.text);
                }
            }
        }
        self.version = version;
        self.lint = None;
    }

    /// Whether the last lint is of the current text.
    pub fn is_linted(&self) -> bool {
        self.lint
            .as_ref()
            .is_some_and(|l| l.version == self.version)
    }
}

/// The open documents by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<Url, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: Url, document: Document) {
        self.open.insert(uri, document);
    }

    pub fn close(&mut self, uri: &Url) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Url) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    /// The URIs of every open document, sorted (a stable order for re-linting).
    pub fn uris(&self) -> Vec<Url> {
        let mut uris: Vec<Url> = self.open.keys().cloned().collect();
        uris.sort();
        uris
    }

    /// The open documents to lint again after `changed` changed, `changed` first: those whose last
    /// lint read it (they import it, directly or through barrels), the modules whose builders its
    /// calls delegate to (they check those payloads, with call sites from all their callers), and so
    /// on from each of these (the other open callers of a builder module, whose call sites it checks).
    pub fn affected_by(&self, changed: &Url) -> Vec<Url> {
        let Some(doc) = self.open.get(changed) else {
            return Vec::new();
        };
        let mut set = vec![changed.clone()];
        let mut paths: HashSet<&Path> = doc.canonical.iter().map(PathBuf::as_path).collect();
        let mut builders: HashSet<&Path> = doc.builders.iter().map(PathBuf::as_path).collect();
        let others = self.uris();
        loop {
            let mut grew = false;
            for uri in &others {
                let Some(d) = self.open.get(uri) else {
                    continue;
                };
                let Some(path) = d.canonical.as_deref() else {
                    continue;
                };
                if set.contains(uri) {
                    continue;
                }
                let reached = builders.contains(path)
                    || d.imports.iter().any(|i| paths.contains(i.as_path()));
                if reached {
                    set.push(uri.clone());
                    paths.insert(path);
                    builders.extend(d.builders.iter().map(PathBuf::as_path));
                    grew = true;
                }
            }
            if !grew {
                return set;
            }
        }
    }

    /// Record what the last lint of the document at `uri` reached: the program's resolved imports
    /// (module -> the modules it imports, followed from the document) and the modules its calls
    /// delegate to.
    pub fn set_links(
        &mut self,
        uri: &Url,
        imports: &HashMap<PathBuf, HashSet<PathBuf>>,
        builders: HashSet<PathBuf>,
    ) {
        let Some(doc) = self.open.get_mut(uri) else {
            return;
        };
        let mut reached: HashSet<PathBuf> = HashSet::new();
        if let Some(from) = &doc.canonical {
            let mut stack = vec![from.clone()];
            while let Some(p) = stack.pop() {
                for next in imports.get(&p).into_iter().flatten() {
                    if next != from && reached.insert(next.clone()) {
                        stack.push(next.clone());
                    }
                }
            }
        }
        doc.imports = reached;
        doc.builders = builders;
    }
}
