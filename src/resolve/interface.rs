//! A module's interface: what it imports (ES `import`, TypeScript `import x = require()`, CommonJS
//! `require`) and what it exports (ES `export`, TypeScript `export =`, CommonJS `module.exports` /
//! `exports.x`), as plain data the whole-program analysis links across files.
//!
//! Read from a program that swc's `resolver` has already marked, so that each local binding is an
//! [`Id`] (name + syntax context) and a global `require` / `module` / `exports` carries the
//! `unresolved` context. Cheap: one pass over the module's top-level items, plus a walk of the whole
//! tree for `require(...)` calls only when the text contains `require`.
//!
//! All ranges are byte ranges of the file's text (`start..end`, end exclusive), as everywhere in the
//! resolver (see [`super::syntax::range`]).

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use swc_atoms::Atom;
use swc_common::{GLOBALS, Globals, Mark, Spanned, SyntaxContext};
use swc_ecma_ast::{
    AssignTarget, CallExpr, Callee, Decl, DefaultDecl, ExportSpecifier, Expr, Id, ImportSpecifier,
    Lit, MemberExpr, ModuleDecl, ModuleExportName, ModuleItem, ObjectPatProp, Pat, Program, Prop,
    PropOrSpread, SimpleAssignTarget, Stmt, Str, TsModuleName, TsModuleRef, VarDeclarator,
};
use swc_ecma_transforms_base::resolver;
use swc_ecma_visit::{Visit, VisitMutWith, VisitWith};

use super::facts::{Origin, classify};
use super::syntax::{prop_key, prop_name, range, strip};

/// What an import binds: `import { x }` / `const { x } = require()` ([`Imported::Named`]), `import x`
/// ([`Imported::Default`]), `import * as ns` ([`Imported::Namespace`]), or the value of
/// `require('y')` itself ([`Imported::ModuleObject`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Imported {
    /// One exported name: `import { x }`, `import { x as y }`, `const { x: y } = require('m')`,
    /// `const y = require('m').x`.
    Named(Atom),
    /// `import x from 'm'` (also `import { default as x }`).
    Default,
    /// `import * as ns from 'm'`: the namespace object of an ES module.
    Namespace,
    /// `const x = require('m')`, `import x = require('m')`: what the module gives `require`, its
    /// `module.exports` (for an ES module compiled to CommonJS: its namespace object).
    ModuleObject,
}

/// How an import is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportSyntax {
    /// `import ... from 'm'`.
    Esm,
    /// `require('m')` (CommonJS).
    Require,
    /// `import x = require('m')` (TypeScript).
    TsImportEquals,
    /// `const x = await import('m')`.
    Dynamic,
}

/// One local binding created by an import. TypeScript type-only imports (`import type`, `import {
/// type X }`, `import type x = require()`) are left out: they bind no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The local binding (`y` in `import { x as y }`).
    pub local: Id,
    /// The module specifier as written (`./pay/client.js`, `@pay/client`, `lodash`), unescaped.
    pub specifier: String,
    /// The byte range of the specifier's string literal (quotes included).
    pub specifier_range: Range<usize>,
    /// What it binds.
    pub imported: Imported,
    /// The byte range of the local binding's identifier.
    pub range: Range<usize>,
    /// How the import is written.
    pub syntax: ImportSyntax,
}

/// A module loaded without a local binding: `import './polyfill'`, or a `require('m')` whose value
/// is used in place (`require('./a').f()`, `foo(require('./b'))`, a bare `require('./c');`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleUse {
    /// The module specifier as written, unescaped.
    pub specifier: String,
    /// The byte range of the specifier's string literal (quotes included).
    pub specifier_range: Range<usize>,
    /// The byte range of the whole `import` declaration or `require(...)` call.
    pub range: Range<usize>,
}

/// What an exported name stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exported {
    /// A binding of this file: `export const drjs = ...`, `export function f`, `export { a as b }`,
    /// `export default function f() {}` / `class C {}`, `export default a`, `module.exports = { a }`,
    /// `exports.x = a`. It may itself be an import (follow [`ModuleInterface::imports`]).
    Local(Id),
    /// An expression with no binding of its own: `export default { ... }`, an anonymous `export
    /// default function () {}`, `module.exports = new Client()`, `exports.x = function () {}`, a
    /// method `f() {}` of `module.exports = { ... }`. The range is the expression's (the method's).
    Expr(Range<usize>),
    /// An object literal with no binding of its own: `exports.p = {...}`, `p: {...}` of
    /// `module.exports = {...}`, `export default {...}`. The range is the literal's.
    Literal(Range<usize>),
    /// A DigitalRiver.js or Stripe.js instance created in place, with no binding of its own:
    /// `exports.stripe = Stripe(pk)`, `module.exports = new DigitalRiver(pk)`. The range is the
    /// expression's; `origin` says which ([`Origin::DigitalRiver`] or [`Origin::Stripe`]).
    Instance { range: Range<usize>, origin: Origin },
    /// A property of a binding of this file: `module.exports = { dr: client.dr }` with `client =
    /// require('./client')` (a re-export when the binding is an import).
    Member {
        object: Id,
        property: Atom,
        /// The member expression's range.
        range: Range<usize>,
    },
    /// A re-export: `export { x as y } from 'm'` (`Named(x)`), `export { default } from 'm'`
    /// (`Default`), `export * as ns from 'm'` (`Namespace`).
    ReExport {
        /// The module specifier as written, unescaped.
        specifier: String,
        /// The byte range of the specifier's string literal (quotes included).
        specifier_range: Range<usize>,
        /// Which of that module's exports (never [`Imported::ModuleObject`]).
        imported: Imported,
    },
}

/// The name a module exports something under.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExportName {
    /// A name (`default` for `export default` and `export { x as default }`).
    Name(Atom),
    /// The whole module value: CommonJS `module.exports = <expr>`, TypeScript `export = <expr>`.
    /// When the value is an object literal, its properties are listed as names too.
    ModuleObject,
}

/// One export of the module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The name it is exported under.
    pub name: ExportName,
    /// What that name stands for.
    pub what: Exported,
    /// The byte range of the export where it is written: the exported identifier, specifier or
    /// property, or the whole assignment for `module.exports = ...` / `exports.x = ...`.
    pub range: Range<usize>,
}

/// `export * from 'm'`: every name of `m` but `default`, re-exported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarExport {
    /// The module specifier as written, unescaped.
    pub specifier: String,
    /// The byte range of the specifier's string literal (quotes included).
    pub specifier_range: Range<usize>,
    /// The byte range of the whole declaration.
    pub range: Range<usize>,
}

/// A module's imports and exports. Lists are in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleInterface {
    /// Each local binding created by a value import (ES, TypeScript or CommonJS).
    pub imports: Vec<Import>,
    /// Modules loaded without a binding: side-effect imports, `require` used in place, dynamic
    /// `import('m')` (its promise's value is not followed).
    pub uses: Vec<ModuleUse>,
    /// `require(<expr>)` / `import(<expr>)` with a specifier that is not a string: the byte range of
    /// the whole call. The analysis cannot follow these ("a computed require").
    pub computed_requires: Vec<Range<usize>>,
    /// Each exported name, in source order. A name assigned twice (`exports.x = a; exports.x = b`)
    /// appears twice.
    pub exports: Vec<Export>,
    /// `export * from 'm'`.
    pub star_exports: Vec<StarExport>,
}

impl ModuleInterface {
    /// The interface of `program`, already marked by swc's `resolver` with `unresolved` as the
    /// context of unbound names. `text` is the file's text: the tree is walked for `require` and
    /// `import()` calls only when it contains `require` or `import(`.
    pub fn of(program: &Program, text: &str, unresolved: SyntaxContext) -> ModuleInterface {
        let mut out = ModuleInterface::default();
        let globals = Unbound { unresolved };
        match program {
            Program::Module(m) => {
                for item in &m.body {
                    match item {
                        ModuleItem::ModuleDecl(d) => out.module_decl(d, globals),
                        ModuleItem::Stmt(s) => out.stmt(s, globals),
                    }
                }
            }
            Program::Script(s) => {
                for stmt in &s.body {
                    out.stmt(stmt, globals);
                }
            }
        }
        let has = |word: &[u8]| memchr::memmem::find(text.as_bytes(), word).is_some();
        if has(b"require") || has(b"import(") {
            let mut walk = RequireWalk {
                globals,
                out: &mut out,
            };
            program.visit_with(&mut walk);
        }
        out
    }

    /// The bindings imports create: each local binding's module specifier and what it imports.
    pub fn bindings(&self) -> HashMap<Id, (String, Imported)> {
        self.imports
            .iter()
            .map(|i| (i.local.clone(), (i.specifier.clone(), i.imported.clone())))
            .collect()
    }

    /// Mark `program` with swc's `resolver` (as [`super::resolve`] does) and read its interface: for
    /// a program not marked yet (tests, tools).
    pub fn of_unmarked(program: &mut Program, text: &str) -> ModuleInterface {
        GLOBALS.set(&Globals::new(), || {
            let unresolved_mark = Mark::new();
            let top_level_mark = Mark::new();
            program.visit_mut_with(&mut resolver(unresolved_mark, top_level_mark, true));
            let unresolved = SyntaxContext::empty().apply_mark(unresolved_mark);
            ModuleInterface::of(program, text, unresolved)
        })
    }

    /// The exports named `name` (several when it is assigned more than once).
    pub fn exports_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Export> + 'a {
        self.exports
            .iter()
            .filter(move |e| matches!(&e.name, ExportName::Name(n) if n == name))
    }

    fn module_decl(&mut self, d: &ModuleDecl, g: Unbound) {
        match d {
            ModuleDecl::Import(i) => {
                if i.type_only {
                    return;
                }
                let (specifier, specifier_range) = string_of(&i.src);
                if i.specifiers.is_empty() {
                    self.uses.push(ModuleUse {
                        specifier,
                        specifier_range,
                        range: range(i.span),
                    });
                    return;
                }
                for s in &i.specifiers {
                    let (local, imported) = match s {
                        ImportSpecifier::Named(n) if n.is_type_only => continue,
                        ImportSpecifier::Named(n) => {
                            let name = n
                                .imported
                                .as_ref()
                                .map_or_else(|| n.local.sym.clone(), export_name);
                            let imported = if name == "default" {
                                Imported::Default
                            } else {
                                Imported::Named(name)
                            };
                            (&n.local, imported)
                        }
                        ImportSpecifier::Default(n) => (&n.local, Imported::Default),
                        ImportSpecifier::Namespace(n) => (&n.local, Imported::Namespace),
                    };
                    self.imports.push(Import {
                        local: local.to_id(),
                        specifier: specifier.clone(),
                        specifier_range: specifier_range.clone(),
                        imported,
                        range: range(local.span),
                        syntax: ImportSyntax::Esm,
                    });
                }
            }
            ModuleDecl::ExportDecl(e) => self.exported_decl(&e.decl),
            ModuleDecl::ExportNamed(n) => {
                if n.type_only {
                    return;
                }
                let source = n.src.as_deref().map(string_of);
                for s in &n.specifiers {
                    match s {
                        ExportSpecifier::Named(s) if s.is_type_only => {}
                        ExportSpecifier::Named(s) => {
                            let exported = s.exported.as_ref().unwrap_or(&s.orig);
                            let name = export_name(exported);
                            let what = match (&source, &s.orig) {
                                (Some((specifier, specifier_range)), orig) => {
                                    let orig = export_name(orig);
                                    Exported::ReExport {
                                        specifier: specifier.clone(),
                                        specifier_range: specifier_range.clone(),
                                        imported: if orig == "default" {
                                            Imported::Default
                                        } else {
                                            Imported::Named(orig)
                                        },
                                    }
                                }
                                (None, ModuleExportName::Ident(i)) => Exported::Local(i.to_id()),
                                // `export { "a b" }` without `from` is a syntax error.
                                (None, ModuleExportName::Str(_)) => continue,
                            };
                            self.exports.push(Export {
                                name: ExportName::Name(name),
                                what,
                                range: range(s.span),
                            });
                        }
                        ExportSpecifier::Namespace(s) => {
                            if let Some((specifier, specifier_range)) = &source {
                                self.exports.push(Export {
                                    name: ExportName::Name(export_name(&s.name)),
                                    what: Exported::ReExport {
                                        specifier: specifier.clone(),
                                        specifier_range: specifier_range.clone(),
                                        imported: Imported::Namespace,
                                    },
                                    range: range(s.span),
                                });
                            }
                        }
                        // `export v from 'm'` (a proposal): the default export of `m` as `v`.
                        ExportSpecifier::Default(s) => {
                            if let Some((specifier, specifier_range)) = &source {
                                self.exports.push(Export {
                                    name: ExportName::Name(s.exported.sym.clone()),
                                    what: Exported::ReExport {
                                        specifier: specifier.clone(),
                                        specifier_range: specifier_range.clone(),
                                        imported: Imported::Default,
                                    },
                                    range: range(s.exported.span),
                                });
                            }
                        }
                    }
                }
            }
            ModuleDecl::ExportDefaultDecl(e) => {
                let (what, span) = match &e.decl {
                    DefaultDecl::Class(c) => match &c.ident {
                        Some(i) => (Exported::Local(i.to_id()), i.span),
                        None => (Exported::Expr(range(c.class.span)), c.class.span),
                    },
                    DefaultDecl::Fn(f) => match &f.ident {
                        Some(i) => (Exported::Local(i.to_id()), i.span),
                        None => (Exported::Expr(range(f.function.span)), f.function.span),
                    },
                    DefaultDecl::TsInterfaceDecl(_) => return,
                };
                self.exports.push(Export {
                    name: ExportName::Name(Atom::from("default")),
                    what,
                    range: range(span),
                });
            }
            ModuleDecl::ExportDefaultExpr(e) => self.exports.push(Export {
                name: ExportName::Name(Atom::from("default")),
                what: value_of(&e.expr, g),
                range: range(e.span),
            }),
            ModuleDecl::ExportAll(a) => {
                if !a.type_only {
                    let (specifier, specifier_range) = string_of(&a.src);
                    self.star_exports.push(StarExport {
                        specifier,
                        specifier_range,
                        range: range(a.span),
                    });
                }
            }
            ModuleDecl::TsImportEquals(i) => {
                if i.is_type_only {
                    return;
                }
                // `import x = N.y` aliases a namespace member, not a module.
                let TsModuleRef::TsExternalModuleRef(m) = &i.module_ref else {
                    return;
                };
                let (specifier, specifier_range) = string_of(&m.expr);
                self.imports.push(Import {
                    local: i.id.to_id(),
                    specifier,
                    specifier_range,
                    imported: Imported::ModuleObject,
                    range: range(i.id.span),
                    syntax: ImportSyntax::TsImportEquals,
                });
                if i.is_export {
                    self.exports.push(Export {
                        name: ExportName::Name(i.id.sym.clone()),
                        what: Exported::Local(i.id.to_id()),
                        range: range(i.id.span),
                    });
                }
            }
            ModuleDecl::TsExportAssignment(a) => self.module_object(&a.expr, range(a.span), g),
            // `export as namespace N`: a global name for a UMD declaration file, no value.
            ModuleDecl::TsNamespaceExport(_) => {}
        }
    }

    /// `export <decl>`: each value binding it declares (not types, not `declare`d ones).
    fn exported_decl(&mut self, decl: &Decl) {
        let mut ids = Vec::new();
        match decl {
            Decl::Class(c) if !c.declare => ids.push(&c.ident),
            Decl::Fn(f) if !f.declare => ids.push(&f.ident),
            Decl::Var(v) if !v.declare => {
                for d in &v.decls {
                    pat_idents(&d.name, &mut ids);
                }
            }
            Decl::Using(u) => {
                for d in &u.decls {
                    pat_idents(&d.name, &mut ids);
                }
            }
            Decl::TsEnum(e) if !e.declare => ids.push(&e.id),
            Decl::TsModule(m) if !m.declare && !m.global => {
                if let TsModuleName::Ident(i) = &m.id {
                    ids.push(i);
                }
            }
            _ => {}
        }
        for i in ids {
            self.exports.push(Export {
                name: ExportName::Name(i.sym.clone()),
                what: Exported::Local(i.to_id()),
                range: range(i.span),
            });
        }
    }

    /// A top-level statement: CommonJS exports (`module.exports = ...`, `module.exports.x = ...`,
    /// `exports.x = ...`, chains such as `module.exports = exports = f`).
    fn stmt(&mut self, s: &Stmt, g: Unbound) {
        let Stmt::Expr(e) = s else {
            return;
        };
        let mut e = strip(&e.expr);
        if let Expr::Seq(seq) = e {
            for e in &seq.exprs {
                self.cjs_assign(strip(e), g);
            }
            return;
        }
        while let Some(inner) = self.cjs_assign(e, g) {
            e = inner;
        }
    }

    /// Record `e` when it is a CommonJS export assignment; the assigned value when it is an
    /// assignment (to look for a chain: `module.exports = exports = f`).
    fn cjs_assign<'a>(&mut self, e: &'a Expr, g: Unbound) -> Option<&'a Expr> {
        let Expr::Assign(a) = e else {
            return None;
        };
        if a.op != swc_ecma_ast::AssignOp::Assign {
            return None;
        }
        let value = strip(&a.right);
        let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &a.left else {
            return Some(value);
        };
        // The value of a chain is its innermost right-hand side.
        let mut end = value;
        while let Expr::Assign(inner) = end {
            end = strip(&inner.right);
        }
        match cjs_target(m, g) {
            Some(CjsTarget::ModuleObject) => self.module_object(end, range(a.span), g),
            Some(CjsTarget::Name(name)) => self.exports.push(Export {
                name: ExportName::Name(name),
                what: value_of(end, g),
                range: range(a.span),
            }),
            None => {}
        }
        Some(value)
    }

    /// `module.exports = <value>` / `export = <value>`: the whole object, and each property of an
    /// object literal as a name.
    fn module_object(&mut self, value: &Expr, at: Range<usize>, g: Unbound) {
        let value = strip(value);
        self.exports.push(Export {
            name: ExportName::ModuleObject,
            what: value_of(value, g),
            range: at,
        });
        let Expr::Object(o) = value else {
            return;
        };
        for p in &o.props {
            let PropOrSpread::Prop(p) = p else {
                continue;
            };
            let (name, what, span) = match &**p {
                Prop::Shorthand(i) => (i.sym.clone(), value_of_ident(i, g), i.span),
                Prop::KeyValue(kv) => match prop_key(&kv.key) {
                    Some(k) => (Atom::from(k), value_of(&kv.value, g), kv.key.span()),
                    None => continue,
                },
                Prop::Method(m) => match prop_key(&m.key) {
                    Some(k) => (
                        Atom::from(k),
                        Exported::Expr(range(m.function.span)),
                        m.key.span(),
                    ),
                    None => continue,
                },
                Prop::Getter(g) => match prop_key(&g.key) {
                    Some(k) => (Atom::from(k), Exported::Expr(range(g.span)), g.key.span()),
                    None => continue,
                },
                Prop::Assign(_) | Prop::Setter(_) => continue,
            };
            self.exports.push(Export {
                name: ExportName::Name(name),
                what,
                range: range(span),
            });
        }
    }
}

/// The context of unbound names (globals such as `require`, `module`, `exports`).
#[derive(Clone, Copy)]
struct Unbound {
    unresolved: SyntaxContext,
}

impl Unbound {
    fn is_global(&self, e: &Expr, name: &str) -> bool {
        matches!(e, Expr::Ident(i) if i.ctxt == self.unresolved && i.sym == *name)
    }
}

enum CjsTarget {
    /// `module.exports`.
    ModuleObject,
    /// `exports.x`, `module.exports.x`, `exports['x']`.
    Name(Atom),
}

fn cjs_target(m: &MemberExpr, g: Unbound) -> Option<CjsTarget> {
    let name = prop_name(&m.prop)?;
    let obj = strip(&m.obj);
    if g.is_global(obj, "module") && name == "exports" {
        return Some(CjsTarget::ModuleObject);
    }
    let on_exports = g.is_global(obj, "exports")
        || matches!(obj, Expr::Member(inner)
            if g.is_global(strip(&inner.obj), "module") && prop_name(&inner.prop) == Some("exports"));
    on_exports.then(|| CjsTarget::Name(Atom::from(name)))
}

/// An exported value: a binding of this file when it is a plain identifier bound here, else the
/// expression's range.
fn value_of(e: &Expr, g: Unbound) -> Exported {
    match strip(e) {
        Expr::Ident(i) => value_of_ident(i, g),
        // `{ makeSource: client.makeSource }`: a member of a binding (a required module, an object).
        Expr::Member(m) => match (strip(&m.obj), prop_name(&m.prop)) {
            (Expr::Ident(o), Some(p)) if o.ctxt != g.unresolved => Exported::Member {
                object: o.to_id(),
                property: Atom::from(p),
                range: range(m.span),
            },
            _ => Exported::Expr(range(m.span)),
        },
        Expr::Object(o) => Exported::Literal(range(o.span)),
        // `export default p = {...}`: what `p` holds.
        Expr::Assign(a)
            if a.op == swc_ecma_ast::AssignOp::Assign
                && let swc_ecma_ast::AssignTarget::Simple(
                    swc_ecma_ast::SimpleAssignTarget::Ident(i),
                ) = &a.left =>
        {
            value_of_ident(&i.id, g)
        }
        e => match instance(&classify(e)) {
            Some(origin) => Exported::Instance {
                range: range(e.span()),
                origin,
            },
            None => Exported::Expr(range(e.span())),
        },
    }
}

/// The instance a value's origins create, when they create one kind only (`new DigitalRiver(k)`,
/// `window.DigitalRiver ? new DigitalRiver(k) : null`): DigitalRiver.js or Stripe.js, and otherwise
/// nothing the analysis could follow (no alias, no module).
fn instance(origins: &[Origin]) -> Option<Origin> {
    let mut created = origins
        .iter()
        .filter(|o| matches!(o, Origin::DigitalRiver(_) | Origin::Stripe(_)));
    let first = created.next()?.clone();
    let one_kind = created.all(|o| std::mem::discriminant(o) == std::mem::discriminant(&first));
    let nothing_else = origins.iter().all(|o| {
        matches!(
            o,
            Origin::DigitalRiver(_) | Origin::Stripe(_) | Origin::Other
        )
    });
    (one_kind && nothing_else).then_some(first)
}

fn value_of_ident(i: &swc_ecma_ast::Ident, g: Unbound) -> Exported {
    if i.ctxt == g.unresolved {
        Exported::Expr(range(i.span))
    } else {
        Exported::Local(i.to_id())
    }
}

/// The name of `x` in `import { x }` / `export { x }` / `export { "x y" }`.
fn export_name(n: &ModuleExportName) -> Atom {
    match n {
        ModuleExportName::Ident(i) => i.sym.clone(),
        ModuleExportName::Str(s) => Atom::from(s.value.to_string_lossy().as_ref()),
    }
}

/// A string literal's value (unescaped) and its byte range.
fn string_of(s: &Str) -> (String, Range<usize>) {
    (s.value.to_string_lossy().into_owned(), range(s.span))
}

/// The identifiers a binding pattern binds.
fn pat_idents<'a>(p: &'a Pat, out: &mut Vec<&'a swc_ecma_ast::Ident>) {
    match p {
        Pat::Ident(b) => out.push(&b.id),
        Pat::Array(a) => {
            for e in a.elems.iter().flatten() {
                pat_idents(e, out);
            }
        }
        Pat::Rest(r) => pat_idents(&r.arg, out),
        Pat::Object(o) => {
            for p in &o.props {
                match p {
                    ObjectPatProp::KeyValue(kv) => pat_idents(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push(&a.key.id),
                    ObjectPatProp::Rest(r) => pat_idents(&r.arg, out),
                }
            }
        }
        Pat::Assign(a) => pat_idents(&a.left, out),
        Pat::Invalid(_) | Pat::Expr(_) => {}
    }
}

/// The walk for CommonJS `require` calls: the declarators that bind one, then any other call.
struct RequireWalk<'a> {
    globals: Unbound,
    out: &'a mut ModuleInterface,
}

/// `require(...)`'s argument: a string (a literal, or a template without substitutions): its value
/// and range; or something else.
enum Required {
    Literal(String, Range<usize>),
    Computed,
}

impl RequireWalk<'_> {
    /// `c` when it is a call of the global `require` with one argument, or a dynamic `import()`.
    fn required(&self, c: &CallExpr) -> Option<Required> {
        let arg = match &c.callee {
            Callee::Expr(callee)
                if self.globals.is_global(strip(callee), "require") && c.args.len() == 1 =>
            {
                &c.args[0]
            }
            Callee::Import(_) => c.args.first()?,
            _ => return None,
        };
        Some(match (&arg.spread, strip(&arg.expr)) {
            (None, Expr::Lit(Lit::Str(s))) => {
                let (value, at) = string_of(s);
                Required::Literal(value, at)
            }
            (None, Expr::Tpl(t)) if t.exprs.is_empty() => {
                match t.quasis.first().and_then(|q| q.cooked.as_ref()) {
                    Some(cooked) => {
                        Required::Literal(cooked.to_string_lossy().into_owned(), range(t.span))
                    }
                    None => Required::Computed,
                }
            }
            _ => Required::Computed,
        })
    }

    fn declarator(&mut self, d: &VarDeclarator) -> bool {
        let Some(init) = &d.init else {
            return false;
        };
        // `require('m')` or `require('m').x`; `await import('m')` (its namespace).
        let mut namespace = false;
        let (call, member) = match strip(init) {
            Expr::Call(c) => (c, None),
            Expr::Await(a) => match strip(&a.arg) {
                Expr::Call(c) if matches!(c.callee, Callee::Import(_)) => {
                    namespace = true;
                    (c, None)
                }
                _ => return false,
            },
            Expr::Member(m) => match (strip(&m.obj), prop_name(&m.prop)) {
                (Expr::Call(c), Some(name)) => (c, Some(name)),
                _ => return false,
            },
            _ => return false,
        };
        let Some(Required::Literal(specifier, specifier_range)) = self.required(call) else {
            return false;
        };
        let mut push = |local: &swc_ecma_ast::Ident, imported: Imported| {
            self.out.imports.push(Import {
                local: local.to_id(),
                specifier: specifier.clone(),
                specifier_range: specifier_range.clone(),
                imported,
                range: range(local.span),
                syntax: if namespace {
                    ImportSyntax::Dynamic
                } else {
                    ImportSyntax::Require
                },
            });
        };
        match (&d.name, member) {
            (Pat::Ident(b), None) if namespace => push(&b.id, Imported::Namespace),
            (Pat::Ident(b), None) => push(&b.id, Imported::ModuleObject),
            (Pat::Ident(b), Some(name)) => push(&b.id, Imported::Named(Atom::from(name))),
            (Pat::Object(o), None) => {
                for p in &o.props {
                    match p {
                        ObjectPatProp::KeyValue(kv) => match (prop_key(&kv.key), &*kv.value) {
                            (Some(k), Pat::Ident(b)) => push(&b.id, Imported::Named(Atom::from(k))),
                            (Some(k), Pat::Assign(a)) if a.left.is_ident() => {
                                if let Pat::Ident(b) = &*a.left {
                                    push(&b.id, Imported::Named(Atom::from(k)));
                                }
                            }
                            _ => {}
                        },
                        ObjectPatProp::Assign(a) => {
                            push(&a.key.id, Imported::Named(a.key.id.sym.clone()))
                        }
                        // `...rest`: a copy of the other exports, not followed.
                        ObjectPatProp::Rest(_) => {}
                    }
                }
            }
            // Any other pattern: the module is loaded, its bindings are not followed.
            _ => return false,
        }
        true
    }
}

impl Visit for RequireWalk<'_> {
    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if self.declarator(d) {
            // The `require` call itself is recorded; nothing else can be inside a string argument.
            d.name.visit_with(self);
            return;
        }
        d.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, c: &CallExpr) {
        match self.required(c) {
            Some(Required::Literal(specifier, specifier_range)) => {
                self.out.uses.push(ModuleUse {
                    specifier,
                    specifier_range,
                    range: range(c.span),
                });
            }
            Some(Required::Computed) => self.out.computed_requires.push(range(c.span)),
            None => {}
        }
        c.visit_children_with(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::source::Language;

    fn interface(text: &str, language: Language) -> ModuleInterface {
        let mut program = parse(text, language).expect("the test source parses");
        ModuleInterface::of_unmarked(&mut program, text)
    }

    /// Each import as `local <- specifier imported syntax`, the local checked against its range.
    fn imports(text: &str, language: Language) -> Vec<String> {
        let i = interface(text, language);
        i.imports
            .iter()
            .map(|im| {
                assert_eq!(&text[im.range.clone()], &*im.local.0, "binding range");
                assert_eq!(
                    text[im.specifier_range.clone()].trim_matches(['\'', '"', '`']),
                    im.specifier,
                    "specifier range"
                );
                format!(
                    "{} <- {} {:?} {:?}",
                    im.local.0, im.specifier, im.imported, im.syntax
                )
            })
            .collect()
    }

    /// Each export as `name = what`, a local by name, an expression by its text.
    fn exports(text: &str, language: Language) -> Vec<String> {
        let i = interface(text, language);
        let mut out: Vec<String> = i
            .exports
            .iter()
            .map(|e| {
                let name = match &e.name {
                    ExportName::Name(n) => n.to_string(),
                    ExportName::ModuleObject => "<module.exports>".to_string(),
                };
                let what = match &e.what {
                    Exported::Local(id) => format!("local {}", id.0),
                    Exported::Expr(r) => format!("expr `{}`", &text[r.clone()]),
                    Exported::Instance { range, .. } => {
                        format!("instance `{}`", &text[range.clone()])
                    }
                    Exported::Literal(r) => format!("literal `{}`", &text[r.clone()]),
                    Exported::Member {
                        object, property, ..
                    } => format!("member {}.{property}", object.0),
                    Exported::ReExport {
                        specifier,
                        imported,
                        ..
                    } => format!("from {specifier} {imported:?}"),
                };
                format!("{name} = {what}")
            })
            .collect();
        out.extend(
            i.star_exports
                .iter()
                .map(|s| format!("* from {} `{}`", s.specifier, &text[s.range.clone()])),
        );
        out
    }

    const JS: Language = Language::JavaScript;
    const TS: Language = Language::TypeScript;

    #[test]
    fn es_imports() {
        let t = "import { drjs } from './pay/client.js';\nimport { a as b, default as d2 } from \"m\";\nimport d, * as ns from 'n';\nimport './side-effect';";
        assert_eq!(
            imports(t, JS),
            [
                "drjs <- ./pay/client.js Named(\"drjs\") Esm",
                "b <- m Named(\"a\") Esm",
                "d2 <- m Default Esm",
                "d <- n Default Esm",
                "ns <- n Namespace Esm",
            ]
        );
        let i = interface(t, JS);
        assert_eq!(i.uses.len(), 1);
        assert_eq!(i.uses[0].specifier, "./side-effect");
        assert_eq!(&t[i.uses[0].range.clone()], "import './side-effect';");
        assert!(i.exports.is_empty() && i.computed_requires.is_empty());
    }

    #[test]
    fn type_only_imports_bind_no_value() {
        let t = "import type { T } from './types';\nimport { type U, v } from './v';\nimport type W = require('./w');\nimport x = require('./x');\nimport N = Outer.Inner;";
        assert_eq!(
            imports(t, TS),
            [
                "v <- ./v Named(\"v\") Esm",
                "x <- ./x ModuleObject TsImportEquals",
            ]
        );
    }

    #[test]
    fn commonjs_requires() {
        let t = "const dr = require('./pay/client');\nconst { a, b: c, d = 1 } = require('./ab');\nconst e = require('./e').e2;\nrequire('./polyfill');\nrequire('./f').g();\nconst h = require(name);\nfunction later() { var k = require(`./k`); }";
        assert_eq!(
            imports(t, JS),
            [
                "dr <- ./pay/client ModuleObject Require",
                "a <- ./ab Named(\"a\") Require",
                "c <- ./ab Named(\"b\") Require",
                "d <- ./ab Named(\"d\") Require",
                "e <- ./e Named(\"e2\") Require",
                "k <- ./k ModuleObject Require",
            ]
        );
        let i = interface(t, JS);
        let uses: Vec<&str> = i.uses.iter().map(|u| &t[u.range.clone()]).collect();
        assert_eq!(uses, ["require('./polyfill')", "require('./f')"]);
        let computed: Vec<&str> = i.computed_requires.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(computed, ["require(name)"]);
    }

    #[test]
    fn dynamic_imports() {
        let t = "const m = await import('./pay/client.js');\nimport(`./pay/${method}.js`).then(f);\nimport('./pay/late.js');";
        // A binding of an awaited import is the module's namespace.
        assert_eq!(imports(t, JS), ["m <- ./pay/client.js Namespace Dynamic"]);
        let i = interface(t, JS);
        let uses: Vec<&str> = i.uses.iter().map(|u| u.specifier.as_str()).collect();
        assert_eq!(uses, ["./pay/late.js"]);
        let computed: Vec<&str> = i.computed_requires.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(computed, ["import(`./pay/${method}.js`)"]);
    }

    #[test]
    fn a_local_require_is_not_the_global_one() {
        let t = "function require(x) { return x; }\nconst a = require('./a');";
        assert!(imports(t, JS).is_empty());
        assert!(interface(t, JS).uses.is_empty());
    }

    #[test]
    fn no_walk_for_require_without_the_word() {
        // The text given decides: a program whose text does not say `require` is not walked.
        let t = "const a = require('./a');";
        let mut program = parse(t, JS).unwrap();
        let i = ModuleInterface::of_unmarked(&mut program, "const a = 1;");
        assert!(i.imports.is_empty());
    }

    #[test]
    fn es_exports() {
        let t = "export const drjs = new DigitalRiver('pk_test_x'), { p, q: [r] } = o;\nexport function f() {}\nexport class C {}\nconst a = 1;\nexport { a as b, a };\nexport default function g() {}";
        assert_eq!(
            exports(t, JS),
            [
                "drjs = local drjs",
                "p = local p",
                "r = local r",
                "f = local f",
                "C = local C",
                "b = local a",
                "a = local a",
                "default = local g",
            ]
        );
    }

    #[test]
    fn default_exports() {
        assert_eq!(
            exports("export default class K {}", JS),
            ["default = local K"]
        );
        assert_eq!(
            exports("export default function () { return 1; }", JS),
            ["default = expr `function () { return 1; }`"]
        );
        assert_eq!(
            exports("export default { type: 'payPal' };", JS),
            ["default = literal `{ type: 'payPal' }`"]
        );
        assert_eq!(
            exports("const dr = new DigitalRiver(k);\nexport default dr;", JS),
            ["default = local dr"]
        );
        assert_eq!(
            exports("export default window.dr;", JS),
            ["default = expr `window.dr`"]
        );
    }

    #[test]
    fn re_exports_and_barrels() {
        let t = "export { x, y as z, default as w, default } from './y';\nexport * from './client.js';\nexport * as ns from './sources';";
        assert_eq!(
            exports(t, JS),
            [
                "x = from ./y Named(\"x\")",
                "z = from ./y Named(\"y\")",
                "w = from ./y Default",
                "default = from ./y Default",
                "ns = from ./sources Namespace",
                "* from ./client.js `export * from './client.js';`",
            ]
        );
    }

    #[test]
    fn typescript_exports() {
        let t = "export type T = string;\nexport interface I {}\nexport type { A } from './a';\nexport * from './types';\nexport declare const g: number;\nexport enum E { A }\nexport namespace N { export const v = 1; }\nexport class S { constructor(key: string) { this.dr = new DigitalRiver(key); } dr: any; }\nexport { type B, c } from './c';\nexport import r = require('./r');";
        assert_eq!(
            exports(t, TS),
            [
                "E = local E",
                "N = local N",
                "S = local S",
                "c = from ./c Named(\"c\")",
                "r = local r",
                "* from ./types `export * from './types';`",
            ]
        );
        assert_eq!(
            exports("const api = { createSource() {} };\nexport = api;", TS),
            ["<module.exports> = local api"]
        );
        let t = "export type * from './only-types';";
        assert!(interface(t, TS).star_exports.is_empty());
    }

    #[test]
    fn commonjs_exports() {
        let t = "const dr = new DigitalRiver(k);\nfunction makeSource(data) { return dr.createSource(data); }\nmodule.exports = { dr, make: makeSource, build(order) { return {}; }, 'quoted': 1, [computed]: 2, ...rest };";
        assert_eq!(
            exports(t, JS),
            [
                "<module.exports> = literal `{ dr, make: makeSource, build(order) { return {}; }, 'quoted': 1, [computed]: 2, ...rest }`",
                "dr = local dr",
                "make = local makeSource",
                "build = expr `build(order) { return {}; }`",
                "quoted = expr `1`",
            ]
        );
        let t = "exports.a = function () {};\nmodule.exports.b = b;\nexports['c'] = 3;\nmodule.exports = exports = makeSource;\nvar b;\nfunction makeSource() {}";
        assert_eq!(
            exports(t, JS),
            [
                "a = expr `function () {}`",
                "b = local b",
                "c = expr `3`",
                "<module.exports> = local makeSource",
            ]
        );
        assert_eq!(
            exports("module.exports = new Client(), other = 1;", JS),
            ["<module.exports> = expr `new Client()`"]
        );
    }

    #[test]
    fn a_local_module_or_exports_is_not_commonjs() {
        let t = "function f(module, exports) {}\nvar exports = {};\nexports.a = 1;";
        assert!(exports(t, JS).is_empty());
    }

    #[test]
    fn only_top_level_commonjs_exports() {
        // One pass over the items: an export assigned inside a function or block is not listed.
        let t = "if (x) { exports.a = 1; }\nfunction f() { module.exports = {}; }";
        assert!(exports(t, JS).is_empty());
    }

    #[test]
    fn a_script_program_is_read_too() {
        let t = "exports.a = a;\nvar a = require('./a');";
        let mut program = Program::Script(swc_ecma_ast::Script {
            span: swc_common::DUMMY_SP,
            body: match parse(t, JS).unwrap() {
                Program::Module(m) => m.body.into_iter().filter_map(|i| i.stmt()).collect(),
                Program::Script(s) => s.body,
            },
            shebang: None,
        });
        let i = ModuleInterface::of_unmarked(&mut program, t);
        assert_eq!(i.imports.len(), 1);
        assert_eq!(i.exports.len(), 1);
        assert!(matches!(&i.exports[0].what, Exported::Local(id) if &*id.0 == "a"));
    }
}
