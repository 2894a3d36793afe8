//! Per-document settings: the nearest `dr-session-lint.toml` above the document (or above the
//! workspace root for an unsaved buffer), loaded once and kept until the client reports a change. The
//! settings are those the command line builds from the same file ([`Config::settings`]); a file that
//! cannot be used is a problem to show on that file, and its documents are linted with the last good
//! settings of that file, or the built-in ones.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config};
use crate::discover::language_for;
use crate::settings::Settings;
use crate::source::Language;
use crate::toml_file::ConfigError;

/// A configuration (or a rule table it names) that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The file the problem is in.
    pub file: PathBuf,
    /// That file's text (empty when it could not be read) and the range the problem points at.
    pub text: String,
    pub range: Option<Range<usize>>,
    pub message: String,
}

impl ConfigProblem {
    fn of(error: &ConfigError, fallback: &Path) -> ConfigProblem {
        let name = error.src.name();
        let file = if Path::new(name).is_absolute() {
            PathBuf::from(name)
        } else {
            fallback.to_path_buf()
        };
        let mut message = error.message.clone();
        if let Some(help) = &error.help {
            message = format!("{message}\nhelp: {help}");
        }
        ConfigProblem {
            file,
            text: error.src.inner().clone(),
            range: error.span.map(|s| s.offset()..s.offset() + s.len()),
            message,
        }
    }
}

/// What a configuration file gives its documents.
struct Loaded {
    settings: Arc<Settings>,
    /// The configuration's extra extensions, the last entry first (the command line's order).
    extensions: Vec<(String, Language)>,
    problem: Option<ConfigProblem>,
}

/// The settings of one document.
pub struct DocumentSettings {
    pub settings: Arc<Settings>,
    /// The document's file kind; `None`: not a file this tool lints.
    pub language: Option<Language>,
}

/// The configurations loaded so far, by file (`None`: no configuration file).
pub struct Configs {
    root: Option<PathBuf>,
    loaded: HashMap<Option<PathBuf>, Loaded>,
    /// The settings each configuration file last gave when it was good, kept across reloads.
    last_good: HashMap<Option<PathBuf>, Arc<Settings>>,
}

impl Configs {
    /// `root`: the workspace folder, where an unsaved buffer's configuration is looked for.
    pub fn new(root: Option<PathBuf>) -> Configs {
        Configs {
            root,
            loaded: HashMap::new(),
            last_good: HashMap::new(),
        }
    }

    /// Forget what was loaded: the next lint of each document reads its configuration again.
    pub fn reload(&mut self) {
        self.loaded.clear();
    }

    /// The configuration file that applies to a document at `path`.
    fn config_path(&self, path: Option<&Path>) -> Option<PathBuf> {
        let dir = match path {
            Some(p) => p.parent().map(Path::to_path_buf),
            None => self.root.clone(),
        }?;
        config::find(&dir)
    }

    fn load(&mut self, key: &Option<PathBuf>) -> &Loaded {
        if !self.loaded.contains_key(key) {
            let result = match key {
                Some(p) => Config::load(p).and_then(|c| {
                    let settings = c.settings(None)?;
                    Ok((c, settings))
                }),
                None => {
                    let c = Config::default();
                    c.settings(None).map(|s| (c, s))
                }
            };
            let loaded = match result {
                Ok((config, settings)) => {
                    let settings = Arc::new(settings);
                    self.last_good.insert(key.clone(), settings.clone());
                    let mut extensions = config.extensions.clone();
                    extensions.reverse();
                    Loaded {
                        settings,
                        extensions,
                        problem: None,
                    }
                }
                Err(e) => {
                    let fallback = key.clone().unwrap_or_default();
                    let settings = match self.last_good.get(key) {
                        Some(s) => s.clone(),
                        None => Arc::new(Settings::builtin()),
                    };
                    Loaded {
                        settings,
                        extensions: Vec::new(),
                        problem: Some(ConfigProblem::of(&e, &fallback)),
                    }
                }
            };
            self.loaded.insert(key.clone(), loaded);
        }
        &self.loaded[key]
    }

    /// The settings and file kind of a document at `path` (with the client's `language_id` deciding
    /// when the path does not). Its configuration's problem, if any, is in [`Configs::problems`].
    pub fn for_document(&mut self, path: Option<&Path>, language_id: &str) -> DocumentSettings {
        let key = self.config_path(path);
        let loaded = self.load(&key);
        let language = path
            .and_then(|p| language_for(p, &loaded.extensions))
            .or_else(|| language_of_id(language_id));
        DocumentSettings {
            settings: loaded.settings.clone(),
            language,
        }
    }

    /// The configuration files loaded so far, each with its problem (if any).
    pub fn problems(&self) -> Vec<(Option<PathBuf>, Option<ConfigProblem>)> {
        self.loaded
            .iter()
            .map(|(k, l)| (k.clone(), l.problem.clone()))
            .collect()
    }
}

/// The file kind of an LSP language id (for a buffer whose path says nothing).
fn language_of_id(id: &str) -> Option<Language> {
    match id {
        "javascriptreact" => Some(Language::JavaScript),
        "typescriptreact" => Some(Language::Tsx),
        other => Language::from_name(other),
    }
}

/// Whether a changed file may change the settings: a configuration file or a rule table.
pub fn is_settings_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == config::FILE_NAME)
        || path.extension().is_some_and(|e| e == "toml")
}
