//! The open documents: their text as the client edits it (full or incremental changes), and the last
//! lint of each.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Url};

use super::position::{Encoding, LineIndex};
use crate::lint::Linted;
use crate::settings::Settings;
use crate::source::Language;

/// The lint of one version of a document, kept for its code actions.
pub struct DocumentLint {
    pub version: i32,
    pub linted: Linted,
    pub language: Language,
    pub settings: Arc<Settings>,
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
}

impl Document {
    /// A document opened with `text`.
    pub fn new(uri: &Url, text: String, version: i32, language_id: String) -> Document {
        Document {
            text,
            version,
            language_id,
            path: uri.to_file_path().ok(),
            lint: None,
            last_good: Vec::new(),
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

    /// The open documents to lint again after `changed` changed. Today the document itself: a file's
    /// diagnostics depend on its own text only. This is the seam for whole-program resolution: once a
    /// change in one file (`payloads.js`) can change the findings of the files whose calls it reaches,
    /// this returns those open documents too.
    pub fn affected_by(&self, changed: &Url) -> Vec<Url> {
        if self.open.contains_key(changed) {
            vec![changed.clone()]
        } else {
            Vec::new()
        }
    }
}
