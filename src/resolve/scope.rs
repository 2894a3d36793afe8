//! Which names are bound where: every declaration of the file (variables, functions, classes,
//! parameters, imports, catch parameters) with the range of code it is visible in. The session id fix
//! asks it whether the expression it would insert refers to names that exist at the insertion point.

use std::ops::Range;

use swc_atoms::Atom;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::syntax::range;

/// How a binding was declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingKind {
    /// A function declaration, a parameter, an import: visible, with its value, in all its scope.
    Hoisted,
    /// `var`: hoisted, but `undefined` until the code that assigns it runs; taken as having a value
    /// only after its declaration.
    Var,
    /// `let`, `const`, `class`: visible after its declaration (the temporal dead zone before it).
    Lexical,
}

/// One declaration.
#[derive(Clone, Debug)]
pub struct Binding {
    pub name: Atom,
    /// The code it is visible in (bytes of the file).
    pub scope: Range<usize>,
    /// Where it is declared.
    pub at: Range<usize>,
    pub kind: BindingKind,
    /// What it was declared from, when that is a plain member path (`checkout.payment.session.id`),
    /// for suggestions.
    pub init: Option<String>,
    pub is_param: bool,
}

/// The declarations of a file.
#[derive(Clone, Debug, Default)]
pub struct Scopes {
    pub bindings: Vec<Binding>,
    /// The bodies of non-arrow functions and classes: where `this` is bound.
    this_scopes: Vec<Range<usize>>,
}

impl Scopes {
    pub fn collect(program: &Program) -> Scopes {
        // The whole file (the parser's program span may be empty when it joins a page's scripts).
        let file = 0..usize::MAX;
        let mut c = Collector {
            out: Scopes::default(),
            functions: vec![file.clone()],
            blocks: vec![file],
        };
        program.visit_with(&mut c);
        c.out
    }

    /// Whether `name` refers to a binding at byte `pos` (`this`: inside a function or class).
    pub fn is_bound(&self, name: &str, pos: usize) -> bool {
        if name == "this" {
            return self
                .this_scopes
                .iter()
                .any(|r| r.start <= pos && pos < r.end);
        }
        self.bindings.iter().any(|b| {
            b.name.as_str() == name
                && b.scope.start <= pos
                && pos < b.scope.end
                && (b.kind == BindingKind::Hoisted || b.at.start < pos)
        })
    }

    /// Whether a binding named `name` has `pos` in its scope, with a value there or not: a global of
    /// that name is shadowed (a later `let checkout` makes `checkout` throw before it).
    pub fn shadows(&self, name: &str, pos: usize) -> bool {
        self.bindings
            .iter()
            .any(|b| b.name.as_str() == name && b.scope.start <= pos && pos < b.scope.end)
    }

    /// The bindings visible at `pos`, innermost first.
    pub fn visible_at(&self, pos: usize) -> impl Iterator<Item = &Binding> {
        let mut v: Vec<&Binding> = self
            .bindings
            .iter()
            .filter(|b| {
                b.scope.start <= pos
                    && pos < b.scope.end
                    && (b.kind == BindingKind::Hoisted || b.at.start < pos)
            })
            .collect();
        v.sort_by_key(|b| std::cmp::Reverse(b.scope.start));
        v.into_iter()
    }
}

struct Collector {
    out: Scopes,
    /// The ranges of the enclosing function bodies (the program first): where `var` goes.
    functions: Vec<Range<usize>>,
    /// The ranges of the enclosing blocks: where `let` and `const` go.
    blocks: Vec<Range<usize>>,
}

impl Collector {
    fn function_scope(&self) -> Range<usize> {
        self.functions.last().cloned().unwrap_or_default()
    }

    fn block_scope(&self) -> Range<usize> {
        self.blocks.last().cloned().unwrap_or_default()
    }

    fn bind_pat(
        &mut self,
        pat: &Pat,
        scope: Range<usize>,
        kind: BindingKind,
        init: Option<String>,
    ) {
        let mut names = Vec::new();
        pat_names(pat, &mut names);
        let param = init.as_deref() == Some("\u{0}param");
        for (name, at) in names {
            self.out.bindings.push(Binding {
                name,
                scope: scope.clone(),
                at,
                kind,
                init: if param { None } else { init.clone() },
                is_param: param,
            });
        }
    }

    fn bind(&mut self, ident: &Ident, scope: Range<usize>, kind: BindingKind) {
        self.out.bindings.push(Binding {
            name: ident.sym.clone(),
            scope,
            at: range(ident.span),
            kind,
            init: None,
            is_param: false,
        });
    }

    /// A function's parameters and body, in a new function scope `r`.
    fn in_function(&mut self, r: Range<usize>, params: &[&Pat], body: impl FnOnce(&mut Self)) {
        self.functions.push(r.clone());
        self.blocks.push(r.clone());
        for p in params {
            self.bind_pat(
                p,
                r.clone(),
                BindingKind::Hoisted,
                Some("\u{0}param".into()),
            );
            p.visit_with(self);
        }
        body(self);
        self.blocks.pop();
        self.functions.pop();
    }
}

fn pat_names(pat: &Pat, out: &mut Vec<(Atom, Range<usize>)>) {
    match pat {
        Pat::Ident(b) => out.push((b.id.sym.clone(), range(b.id.span))),
        Pat::Array(a) => a.elems.iter().flatten().for_each(|p| pat_names(p, out)),
        Pat::Rest(r) => pat_names(&r.arg, out),
        Pat::Object(o) => {
            for p in &o.props {
                match p {
                    ObjectPatProp::KeyValue(kv) => pat_names(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push((a.key.sym.clone(), range(a.key.span))),
                    ObjectPatProp::Rest(r) => pat_names(&r.arg, out),
                }
            }
        }
        Pat::Assign(a) => pat_names(&a.left, out),
        Pat::Expr(_) | Pat::Invalid(_) => {}
    }
}

/// `a.b.c` as text, for a plain member path of identifiers.
fn member_path(e: &Expr) -> Option<String> {
    match e {
        Expr::Ident(i) => Some(i.sym.to_string()),
        Expr::Member(m) => {
            let base = member_path(&m.obj)?;
            match &m.prop {
                MemberProp::Ident(p) => Some(format!("{base}.{}", p.sym)),
                _ => None,
            }
        }
        Expr::Paren(p) => member_path(&p.expr),
        _ => None,
    }
}

impl Visit for Collector {
    fn visit_var_decl(&mut self, d: &VarDecl) {
        let (scope, kind) = match d.kind {
            VarDeclKind::Var => (self.function_scope(), BindingKind::Var),
            _ => (self.block_scope(), BindingKind::Lexical),
        };
        for decl in &d.decls {
            let init = decl.init.as_deref().and_then(member_path);
            self.bind_pat(&decl.name, scope.clone(), kind, init);
        }
        d.visit_children_with(self);
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        // Hoisted to the enclosing block (and, in sloppy scripts, its function): the block is the
        // narrower, safer answer.
        let scope = self.block_scope();
        self.bind(&f.ident, scope, BindingKind::Hoisted);
        f.function.visit_with(self);
    }

    fn visit_class_decl(&mut self, c: &ClassDecl) {
        let scope = self.block_scope();
        self.bind(&c.ident, scope, BindingKind::Lexical);
        c.class.visit_with(self);
    }

    fn visit_import_decl(&mut self, d: &ImportDecl) {
        // `import type { T }`: erased at compile time, no value at run time.
        if d.type_only {
            return;
        }
        let scope = self.functions.first().cloned().unwrap_or_default();
        for s in &d.specifiers {
            let local = match s {
                ImportSpecifier::Named(n) if n.is_type_only => continue,
                ImportSpecifier::Named(n) => &n.local,
                ImportSpecifier::Default(n) => &n.local,
                ImportSpecifier::Namespace(n) => &n.local,
            };
            self.bind(local, scope.clone(), BindingKind::Hoisted);
        }
    }

    fn visit_function(&mut self, f: &Function) {
        let r = range(f.span);
        self.out.this_scopes.push(r.clone());
        let params: Vec<&Pat> = f.params.iter().map(|p| &p.pat).collect();
        self.in_function(r, &params, |c| {
            if let Some(body) = &f.body {
                body.stmts.iter().for_each(|s| s.visit_with(c));
            }
        });
    }

    fn visit_fn_expr(&mut self, f: &FnExpr) {
        if let Some(id) = &f.ident {
            self.bind(id, range(f.function.span), BindingKind::Hoisted);
        }
        f.function.visit_with(self);
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        let params: Vec<&Pat> = a.params.iter().collect();
        self.in_function(range(a.span), &params, |c| a.body.visit_with(c));
    }

    fn visit_class(&mut self, c: &Class) {
        self.out.this_scopes.push(range(c.span));
        c.visit_children_with(self);
    }

    fn visit_constructor(&mut self, k: &Constructor) {
        let params: Vec<&Pat> = k
            .params
            .iter()
            .filter_map(|p| match p {
                ParamOrTsParamProp::Param(p) => Some(&p.pat),
                ParamOrTsParamProp::TsParamProp(_) => None,
            })
            .collect();
        self.in_function(range(k.span), &params, |c| {
            if let Some(body) = &k.body {
                body.stmts.iter().for_each(|s| s.visit_with(c));
            }
        });
    }

    fn visit_class_expr(&mut self, c: &ClassExpr) {
        if let Some(id) = &c.ident {
            self.bind(id, range(c.class.span), BindingKind::Hoisted);
        }
        c.class.visit_with(self);
    }

    fn visit_block_stmt(&mut self, b: &BlockStmt) {
        self.blocks.push(range(b.span));
        b.visit_children_with(self);
        self.blocks.pop();
    }

    fn visit_for_stmt(&mut self, f: &ForStmt) {
        self.blocks.push(range(f.span));
        f.visit_children_with(self);
        self.blocks.pop();
    }

    fn visit_for_in_stmt(&mut self, f: &ForInStmt) {
        self.blocks.push(range(f.span));
        f.visit_children_with(self);
        self.blocks.pop();
    }

    fn visit_for_of_stmt(&mut self, f: &ForOfStmt) {
        self.blocks.push(range(f.span));
        f.visit_children_with(self);
        self.blocks.pop();
    }

    fn visit_catch_clause(&mut self, c: &CatchClause) {
        let r = range(c.span);
        self.blocks.push(r.clone());
        if let Some(p) = &c.param {
            self.bind_pat(p, r, BindingKind::Hoisted, None);
        }
        c.body.visit_with(self);
        self.blocks.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::source::Language;

    fn scopes(text: &str) -> Scopes {
        Scopes::collect(&parse(text, Language::JavaScript).unwrap())
    }

    #[test]
    fn names_are_bound_where_they_are_visible() {
        let t = "import { a } from 'm';\nvar v = 1;\nfunction f(p, { q }) { let l = 2; X; }\n{ const c = 3; Y; }\nZ; const late = 4;\nclass K { m() { W; } }";
        let s = scopes(t);
        let x = t.find('X').unwrap();
        let y = t.find('Y').unwrap();
        let z = t.find('Z').unwrap();
        let w = t.find('W').unwrap();
        for name in ["a", "v", "f", "p", "q", "l"] {
            assert!(s.is_bound(name, x), "{name} at X");
        }
        assert!(s.is_bound("c", y));
        assert!(!s.is_bound("c", z), "block scoped");
        assert!(!s.is_bound("l", z), "function scoped let");
        assert!(!s.is_bound("p", z), "parameter outside its function");
        assert!(!s.is_bound("late", z), "temporal dead zone");
        assert!(
            s.shadows("late", z),
            "a later `const` shadows a global of its name"
        );
        assert!(!s.is_bound("checkout", x));
        assert!(s.is_bound("this", w));
        assert!(!s.is_bound("this", z));
        assert!(s.is_bound("this", x), "a function's this");
    }

    #[test]
    fn member_path_initialisers_are_kept_for_suggestions() {
        let t = "function go(cart) { const sid = cart.payment.session.id; X; }";
        let s = scopes(t);
        let x = t.find('X').unwrap();
        let sid = s.visible_at(x).find(|b| b.name.as_str() == "sid").unwrap();
        assert_eq!(sid.init.as_deref(), Some("cart.payment.session.id"));
        assert!(
            s.visible_at(x)
                .any(|b| b.name.as_str() == "cart" && b.is_param)
        );
    }
}
