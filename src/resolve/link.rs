//! What one file's analysis needs from, and gives to, the other modules of the program.
//!
//! - Needs: what an imported name is ([`Linker::export`]): a DigitalRiver.js or Stripe.js instance
//!   created in another module, a function that sends one of its parameters to a session-aware call
//!   (a wrapper), a function that builds and returns a payload (a builder), a class or object whose
//!   methods do either. The answer is a small [`ExportSummary`], never a syntax tree.
//! - Gives: the calls whose payload another module builds ([`Delegation`]): that module checks the
//!   payload, where the fix goes, as an [`External`] call site of its own.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::interface::Imported;
use crate::span::{FileId, Span};

/// A call of an exported function that sends its parameter `param` (0-based) as the payload of a
/// session-aware call.
#[derive(Clone, Debug)]
pub struct Forward {
    pub param: usize,
    /// The call: an index into the rule table's calls.
    pub call: usize,
    /// What the inner call's receiver is.
    pub receiver: Receiver,
    /// The inner call's name, in its own file.
    pub at: Span,
    /// The function also reads or passes on that parameter (a log, a request body): what it is given
    /// is read by other code too.
    pub reads_param: bool,
}

/// What calling an exported function does, as far as payloads go.
#[derive(Clone, Debug, Default)]
pub struct FnSummary {
    /// Its parameters that reach a session-aware call.
    pub forwards: Vec<Forward>,
    /// It returns an object it builds (a payload builder).
    pub builds: bool,
    pub is_async: bool,
}

/// What an exported name is.
#[derive(Clone, Debug)]
pub enum ExportSummary {
    /// An object: an instance (`new DigitalRiver(...)`, `new Service()`), or an object literal; with
    /// what created it and its methods (a class's, or the literal's).
    Object {
        receiver: Receiver,
        methods: HashMap<String, FnSummary>,
        /// Bound to an object literal (`export const payload = {...}`): a payload it may be.
        literal: bool,
        /// The methods of the object literals its properties hold, by property: `createSource` of
        /// `backoffice` in `export default { backoffice: { createSource(d) {...} } }`.
        member_methods: HashMap<String, HashMap<String, FnSummary>>,
    },
    Function(FnSummary),
    /// A class: `new C()` gives an object with these methods.
    Class {
        methods: HashMap<String, FnSummary>,
    },
    /// Something else (a string, a number, a value computed at run time).
    Other,
}

/// The answer of [`Linker::export`].
#[derive(Clone, Debug)]
pub enum Linked {
    /// The export, in the module at `path` (numbered `file` in this run).
    Found {
        summary: Arc<ExportSummary>,
        path: PathBuf,
        file: FileId,
        /// Its name in that module (`p` of `export { p as renamed } from './c.js'`).
        name: Imported,
        /// The module is one of the linted files (else it was read only for its exports: a
        /// payload it builds is not checked there).
        linted: bool,
    },
    /// The analysis cannot see it: why, in a phrase ("the package `lodash`", "outside the linted
    /// files", "`./x` was not found", "a module that imports this one (a cycle)").
    NotVisible(String),
    /// The module has no such export, and nothing out of sight could give it one: neither the module
    /// nor any module it re-exports with `export *` exports the name (or the module is already being
    /// looked into for it, round a cycle of re-exports: that lookup sees the rest). Why, in a phrase
    /// ("`foo` is not exported by a.js (nor by any module it re-exports with `export *`)").
    NotExported(String),
}

/// A path as messages show it: relative to the working directory when under it.
pub fn shown(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|d| d.canonicalize().ok())
        .and_then(|d| path.strip_prefix(d).ok().map(|p| p.display().to_string()));
    relative.unwrap_or_else(|| path.display().to_string())
}

/// Answers what the modules a file imports export. Implemented by the whole-program driver; shared by
/// the threads that lint files.
pub trait Linker: Sync {
    /// What `imported` of the module `specifier` is, for the file being analysed.
    fn export(&self, specifier: &str, imported: &Imported) -> Linked;

    /// Whether `specifier` names a module of the tree that this run does not lint (one read only for
    /// its exports): what it exports is known only by reading it. `false` for a linted module and for
    /// what is not visible at all (a package, a specifier that resolves nowhere).
    fn is_unlinted_module(&self, _specifier: &str) -> bool {
        false
    }
}

/// A linker for a file analysed alone (standard input, a unit test): nothing is visible.
pub struct NoLinker;

impl Linker for NoLinker {
    fn export(&self, _: &str, _: &Imported) -> Linked {
        Linked::NotVisible("another module (this file is analysed alone)".into())
    }
}

/// A session-aware call in this file whose payload another module builds: the builder `name` of the
/// module at `path` checks it.
#[derive(Clone, Debug)]
pub struct Delegation {
    pub path: PathBuf,
    pub file: FileId,
    /// The exported builder (a function, or the class whose `method` builds).
    pub export: Imported,
    pub method: Option<String>,
    /// The call: an index into the rule table's calls.
    pub call: usize,
    pub receiver: Receiver,
    /// The call's name in this file.
    pub at: Span,
    /// The caller also reads the object (another use of its binding, a field read): a fix in the
    /// builder's module is then not safe.
    pub read_by_caller: bool,
    /// The caller writes into the object (`p.sessionId = id`, `delete p.amount`): what it holds at
    /// the call is not all the builder's module shows.
    pub written_by_caller: bool,
    /// Why the call's receiver may be the caller's own object (see `CallSite::receiver_doubt`).
    pub receiver_doubt: Option<String>,
}

/// A session-aware call in another module whose payload this module's exported builder returns.
#[derive(Clone, Debug)]
pub struct External {
    pub export: Imported,
    /// A method of the exported class (run on an instance built with unknown arguments).
    pub method: Option<String>,
    pub call: usize,
    pub receiver: Receiver,
    /// The call's name, in its file.
    pub at: Span,
    /// How the report names it: `checkout.js:12`.
    pub display: String,
    /// The caller also reads the object (see [`Delegation::read_by_caller`]).
    pub read_by_caller: bool,
    /// The caller writes into it (see [`Delegation::written_by_caller`]).
    pub written_by_caller: bool,
    /// See [`Delegation::receiver_doubt`].
    pub receiver_doubt: Option<String>,
}

/// What created the receiver of a `createSource` call.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Receiver {
    /// `new DigitalRiver(...)` / `DigitalRiver(...)`, at this range (following aliases).
    DigitalRiver(Range<usize>),
    /// `Stripe(...)`.
    Stripe(Range<usize>),
    /// Another API: a REST client required from a service module, or any receiver of a server script.
    OtherApi,
    /// A parameter, a global, a call result...: the payload's `type` decides.
    Unknown,
    /// The receiver's object or class defines its own method of the call's name (at this range): the
    /// call runs that method, not DigitalRiver.js.
    OwnMethod(Range<usize>),
}
