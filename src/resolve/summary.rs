//! What a module exports, summarised for the modules that import it ([`ModuleSummary`]): small data
//! (which parameters reach a session-aware call, whether a function builds a payload, what created an
//! exported instance), never the syntax tree.

use rustc_hash::FxHashMap as HashMap;
use std::cell::LazyCell;
use std::path::Path;
use std::sync::Arc;

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::facts::{Facts, Origin, ReceiverRef};
use super::functions::{FnBody, FnDef, Functions, Target};
use super::interface::{ExportName, Exported, Imported, ModuleInterface};
use super::link::{ExportSummary, FnSummary, Forward, Linked, Linker, Receiver, shown};
use super::receiver::{Link, call_receiver, receiver};
use super::syntax::strip;
use crate::span::{FileId, Span};

/// A module's exports, by the name importers use (`Imported::Named`, `Default`, `ModuleObject`),
/// and its `export * from` specifiers (looked into for a name it does not export itself).
#[derive(Clone, Debug, Default)]
pub struct ModuleSummary {
    pub exports: HashMap<Imported, Arc<ExportSummary>>,
    /// Re-exports: the name, the specifier and the name there.
    pub reexports: HashMap<Imported, (String, Imported)>,
    pub stars: Vec<String>,
}

impl ModuleSummary {
    /// What `name` is: its own export, a re-export (asked of `linker`, the module's own), or one of
    /// the `export *` modules'. `module`: this module's path, for the message when it has no such
    /// export.
    pub fn lookup(&self, name: &Imported, linker: &dyn Linker, module: &Path) -> Linked {
        if let Some(s) = self.exports.get(name) {
            return Linked::Found {
                summary: s.clone(),
                path: Default::default(),
                file: FileId::default(),
                name: name.clone(),
                linted: true,
            };
        }
        if let Some((spec, inner)) = self.reexports.get(name) {
            return linker.export(spec, inner);
        }
        // A module of `export *` that the analysis cannot see may export the name.
        let mut hidden = None;
        if matches!(name, Imported::Named(_)) {
            for spec in &self.stars {
                match linker.export(spec, name) {
                    found @ Linked::Found { .. } => return found,
                    // Not there (a cycle back to a module being looked into counts as not there:
                    // that module's own lookup looks at the rest).
                    Linked::NotExported(_) => {}
                    Linked::NotVisible(reason) => {
                        hidden.get_or_insert(reason);
                    }
                }
            }
        }
        let shown_name = show(name);
        // `module.exports = <value>`: the value's properties may be any names; `import * as ns`
        // and `require()` name the module itself.
        if self.exports.contains_key(&Imported::ModuleObject)
            || matches!(name, Imported::Namespace | Imported::ModuleObject)
        {
            return Linked::NotVisible(format!("the module exports no `{shown_name}`"));
        }
        let module = shown(module);
        match hidden {
            Some(reason) => Linked::NotVisible(format!(
                "`{shown_name}` is not exported by {module} itself, and may come from a module it \
                 re-exports with `export *`: {reason}"
            )),
            None if self.stars.is_empty() || !matches!(name, Imported::Named(_)) => {
                Linked::NotExported(format!("`{shown_name}` is not exported by {module}"))
            }
            None => Linked::NotExported(format!(
                "`{shown_name}` is not exported by {module} (nor by any module it re-exports with \
                 `export *`)"
            )),
        }
    }
}

fn show(name: &Imported) -> String {
    match name {
        Imported::Named(n) => n.to_string(),
        Imported::Default => "default".into(),
        Imported::Namespace => "*".into(),
        Imported::ModuleObject => "module.exports".into(),
    }
}

pub(super) struct Summarizer<'a> {
    /// The module's facts: a walk of its whole tree, made the first time something needs it (a
    /// function's forwards when the module may call, an exported object's receiver).
    pub facts: LazyCell<Facts, &'a dyn Fn() -> Facts>,
    /// The module's text may hold a session-aware call (else no function of it forwards).
    pub may_call: bool,
    pub functions: &'a Functions<'a>,
    pub file: FileId,
    pub link: &'a Link<'a>,
    pub unresolved: swc_common::SyntaxContext,
}

/// Whether the module writes into its export `name` after making it (`exports.c.createSource = f`,
/// `module.exports.c.x = v`, or into `module.exports` itself): its methods are then not those defined.
fn written_export(facts: &Facts, name: &ExportName) -> bool {
    facts
        .written_paths
        .iter()
        .chain(&facts.written_into)
        .any(|(root, path)| {
            let path: &[swc_atoms::Atom] = match (&*root.0, path.split_first()) {
                ("module", Some((first, rest))) if &**first == "exports" => rest,
                ("exports", _) => path,
                _ => return false,
            };
            match name {
                ExportName::Name(n) => path.len() > 1 && path.first().is_some_and(|p| p == n),
                ExportName::ModuleObject => !path.is_empty(),
            }
        })
}

impl Summarizer<'_> {
    pub fn module(&self, interface: &ModuleInterface) -> ModuleSummary {
        let mut out = ModuleSummary::default();
        for e in &interface.exports {
            let key = match &e.name {
                ExportName::Name(n) if n == "default" => Imported::Default,
                ExportName::Name(n) => Imported::Named(n.clone()),
                ExportName::ModuleObject => Imported::ModuleObject,
            };
            match &e.what {
                Exported::ReExport {
                    specifier,
                    imported,
                    ..
                } => {
                    out.reexports
                        .insert(key, (specifier.clone(), imported.clone()));
                }
                Exported::Local(id) => {
                    if let Some((spec, imported)) = self.link.imports.get(id) {
                        out.reexports.insert(key, (spec.clone(), imported.clone()));
                    } else {
                        out.exports.insert(key, Arc::new(self.local(id)));
                    }
                }
                Exported::Member {
                    object, property, ..
                } => match self.link.imports.get(object) {
                    // `{ makeSource: client.makeSource }` of `client = require('./client')`.
                    Some((spec, Imported::ModuleObject | Imported::Namespace)) => {
                        out.reexports
                            .insert(key, (spec.clone(), Imported::Named(property.clone())));
                    }
                    _ => {
                        out.exports.insert(key, Arc::new(ExportSummary::Other));
                    }
                },
                Exported::Literal(r) => {
                    // `exports.api = { createSource(body) {...} }`: its methods, as a binding's.
                    let methods = self
                        .functions
                        .literal_methods
                        .get(&(r.start as u32 + 1))
                        .map(|m| self.methods_of(m))
                        .unwrap_or_default();
                    let s = ExportSummary::Object {
                        receiver: Receiver::Unknown,
                        methods,
                        literal: true,
                        member_methods: self.member_methods(r.start as u32 + 1),
                    };
                    out.exports.insert(key, Arc::new(s));
                }
                Exported::Instance { origin, .. } => {
                    let receiver = match origin {
                        Origin::DigitalRiver(r) => Receiver::DigitalRiver(r.clone()),
                        Origin::Stripe(r) => Receiver::Stripe(r.clone()),
                        _ => Receiver::Unknown,
                    };
                    let s = ExportSummary::Object {
                        receiver,
                        methods: HashMap::default(),
                        literal: false,
                        member_methods: HashMap::default(),
                    };
                    out.exports.insert(key, Arc::new(s));
                }
                Exported::Expr(r) => {
                    let start = r.start as u32 + 1;
                    let s = match self.functions.by_start.get(&start) {
                        Some(def) => ExportSummary::Function(self.function(def)),
                        // `export default new Backoffice()`: an instance of a class of this file;
                        // `exports.c = makeClient()`: what the factory returns. Not when the module
                        // writes over objects in ways no path says.
                        None if self.facts.untraced_writes
                            || written_export(&self.facts, &e.name) =>
                        {
                            ExportSummary::Other
                        }
                        None => match (
                            self.functions.news.get(&start),
                            self.functions.assigned_targets.get(&start),
                        ) {
                            (Some(class), _) | (None, Some(Target::Instance(class))) => {
                                ExportSummary::Object {
                                    receiver: Receiver::Unknown,
                                    methods: self.methods(class),
                                    literal: false,
                                    member_methods: HashMap::default(),
                                }
                            }
                            (None, Some(Target::Literal(at))) => ExportSummary::Object {
                                receiver: Receiver::Unknown,
                                methods: self
                                    .functions
                                    .literal_methods
                                    .get(at)
                                    .map(|m| self.methods_of(m))
                                    .unwrap_or_default(),
                                literal: false,
                                member_methods: self.member_methods(*at),
                            },
                            (None, None) => ExportSummary::Other,
                        },
                    };
                    out.exports.insert(key, Arc::new(s));
                }
            }
        }
        out.stars = interface
            .star_exports
            .iter()
            .map(|s| s.specifier.clone())
            .collect();
        out
    }

    fn methods(&self, class: &Id) -> HashMap<String, FnSummary> {
        let mut out = HashMap::default();
        let mut at = Some(class.clone());
        let mut depth = 0;
        while let Some(c) = at {
            let Some(def) = self.functions.classes.get(&c) else {
                break;
            };
            for (name, m) in &def.methods {
                out.entry(name.to_string())
                    .or_insert_with(|| self.function(m));
            }
            at = def.extends.clone();
            depth += 1;
            if depth > 16 {
                break;
            }
        }
        out
    }

    fn local(&self, id: &Id) -> ExportSummary {
        if let Some(def) = self.functions.by_binding.get(id) {
            return ExportSummary::Function(self.function(def));
        }
        if self.functions.classes.contains_key(id) {
            return ExportSummary::Class {
                methods: self.methods(id),
            };
        }
        // Written over in its module (`c.createSource = f`, `api.refunds = dr`, `o[k] = v`): what
        // its methods are is not known from their definitions.
        let written = self.facts.untraced_writes
            || self.facts.is_written(id)
            // Given to a function (`patch(api, dr)`), which may write into it.
            || self.facts.sharing.uses(id) > 0;
        let methods = match (
            self.functions.object_methods.get(id),
            self.functions.instances.get(id),
        ) {
            _ if written => HashMap::default(),
            (Some(m), _) => self.methods_of(m),
            (None, Some(class)) => self.methods(class),
            (None, None) => HashMap::default(),
        };
        let receiver = receiver(
            &self.facts,
            &ReceiverRef::Binding(id.clone()),
            self.unresolved,
            self.link,
        );
        ExportSummary::Object {
            receiver,
            methods,
            literal: self.functions.literals.contains(id),
            member_methods: self
                .functions
                .object_literals
                .get(id)
                .filter(|_| !written)
                .map(|start| self.member_methods(*start))
                .unwrap_or_default(),
        }
    }

    /// The methods of the object literals the properties of the literal starting at `start` (swc's
    /// position) hold, by property.
    fn member_methods(&self, start: u32) -> HashMap<String, HashMap<String, FnSummary>> {
        let Some(members) = self.functions.literal_members.get(&start) else {
            return HashMap::default();
        };
        members
            .iter()
            .filter_map(|(name, inner)| {
                let methods = self.functions.literal_methods.get(inner)?;
                Some((name.to_string(), self.methods_of(methods)))
            })
            .collect()
    }

    /// The summaries of an object literal's methods, by name.
    fn methods_of(&self, methods: &HashMap<swc_atoms::Atom, FnDef>) -> HashMap<String, FnSummary> {
        methods
            .iter()
            .map(|(n, d)| (n.to_string(), self.function(d)))
            .collect()
    }

    /// Which parameters a function sends to a session-aware call, and whether it returns an object
    /// it builds.
    pub fn function(&self, def: &FnDef) -> FnSummary {
        let pats: Vec<&Pat> = match def.body {
            FnBody::Function(f) => f.params.iter().map(|p| &p.pat).collect(),
            FnBody::Arrow(a) => a.params.iter().collect(),
            FnBody::Constructor(_) => Vec::new(),
        };
        let params: Vec<Option<Id>> = pats.iter().map(|p| param_binding(p)).collect();
        let mut forwards = Vec::new();
        let calls = if self.may_call {
            self.facts.calls.as_slice()
        } else {
            &[]
        };
        for c in calls {
            if c.key < def.span.0 || c.key >= def.span.1 {
                continue;
            }
            let Some(id) = &c.payload_ident else {
                continue;
            };
            if let Some(param) = params.iter().position(|p| p.as_ref() == Some(id)) {
                forwards.push(Forward {
                    param,
                    call: c.call,
                    receiver: call_receiver(&self.facts, c, self.unresolved, self.link),
                    at: Span::new(self.file, c.name_range.clone()),
                    reads_param: self.facts.sharing.is_read(id),
                });
            }
        }
        FnSummary {
            forwards,
            builds: builds(def),
            is_async: def.is_async(),
        }
    }
}

/// Whether a session-aware call of `program` sends a parameter of a function (a plain or defaulted
/// one, as [`Summarizer::function`] counts them): without one, no summary of the module forwards
/// anything, whatever it exports.
pub(super) fn sends_parameter(program: &Program, facts: &Facts) -> bool {
    #[derive(Default)]
    struct Params(std::collections::HashSet<Id>);
    impl Visit for Params {
        fn visit_param(&mut self, p: &Param) {
            self.0.extend(param_binding(&p.pat));
            p.visit_children_with(self);
        }
        fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
            self.0.extend(a.params.iter().filter_map(param_binding));
            a.visit_children_with(self);
        }
    }
    let payloads: Vec<&Id> = facts
        .calls
        .iter()
        .filter_map(|c| c.payload_ident.as_ref())
        .collect();
    if payloads.is_empty() {
        return false;
    }
    let mut params = Params::default();
    program.visit_with(&mut params);
    payloads.iter().any(|id| params.0.contains(*id))
}

/// The binding a parameter names: `p` of `p` and of `p = {}` (a destructured one names none).
fn param_binding(p: &Pat) -> Option<Id> {
    match p {
        Pat::Ident(b) => Some(b.id.to_id()),
        Pat::Assign(a) => match &*a.left {
            Pat::Ident(b) => Some(b.id.to_id()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a function returns an object it builds: `return {...}`, `return p` with `p` bound to a
/// literal in the function, an arrow whose body is a literal.
fn builds(def: &FnDef) -> bool {
    #[derive(Default)]
    struct Returns {
        literal_bindings: Vec<Id>,
        returned: Vec<Expr>,
    }
    impl Visit for Returns {
        fn visit_var_declarator(&mut self, d: &VarDeclarator) {
            if let (Pat::Ident(b), Some(init)) = (&d.name, &d.init)
                && matches!(strip(init), Expr::Object(_))
            {
                self.literal_bindings.push(b.id.to_id());
            }
            d.visit_children_with(self);
        }
        fn visit_return_stmt(&mut self, r: &ReturnStmt) {
            if let Some(a) = &r.arg {
                self.returned.push((**a).clone());
            }
        }
        fn visit_function(&mut self, _: &Function) {}
        fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    }
    let mut v = Returns::default();
    match def.body {
        FnBody::Function(f) => f.body.visit_with(&mut v),
        FnBody::Arrow(a) => match &*a.body {
            ArrowFunctionBody::FunctionBody(b) => b.visit_with(&mut v),
            ArrowFunctionBody::Expr(e) => v.returned.push((**e).clone()),
        },
        FnBody::Constructor(_) => return false,
    }
    v.returned.iter().any(|e| match strip(e) {
        Expr::Object(_) => true,
        Expr::Ident(i) => v.literal_bindings.contains(&i.to_id()),
        _ => false,
    })
}
