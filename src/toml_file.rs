//! Reading the TOML files users write (the configuration, rule tables), and the error that points into
//! them. A leaf: `config` and `rules` both use it.

use std::path::Path;

use miette::{Diagnostic as MietteDiagnostic, NamedSource, SourceSpan};

/// A configuration or rule table file that cannot be used; rendered with a code frame pointing into
/// the file. Exit code 2.
#[derive(Debug, thiserror::Error, MietteDiagnostic)]
#[error("{message}")]
#[diagnostic(code(config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("here")]
    pub span: Option<SourceSpan>,
    #[help]
    pub help: Option<String>,
}

/// Read a configuration or rule table file (`what` names it in the error).
pub fn read(path: &Path, what: &str) -> Result<String, Box<ConfigError>> {
    std::fs::read_to_string(path).map_err(|e| {
        let name = path.display().to_string();
        Box::new(ConfigError {
            message: format!("cannot read {what} {name}: {e}"),
            src: NamedSource::new(name, String::new()),
            span: None,
            help: None,
        })
    })
}
