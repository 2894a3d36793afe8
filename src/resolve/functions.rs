//! The functions of a file that a call may run, found before the flow pass so that it can follow a
//! payload into them: `f(...)` (a function declaration, or a `const` bound to a function or arrow),
//! `o.m(...)` (a method of an object literal bound by `const`), `new C(...)` / `x.m(...)` /
//! `this.m(...)` (a class's constructor and methods, with the classes it extends in the same file).
//!
//! A receiver is followed to the object it names without running the program: a binding of an object
//! literal or a class instance, a literal's member (`api.backoffice`), a binding of one of those
//! (`const bo = api.backoffice`), and what a function of the file returns (`const c = makeClient()`,
//! where `makeClient` returns an object literal or `new C()`): see [`Functions::method_of`].
//!
//! A binding that is ever reassigned (`f = other`) names no function here: what it holds at a call is
//! not known without running the program.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use swc_atoms::Atom;
use swc_common::Spanned;
use swc_ecma_ast::*;

use super::syntax::{prop_key, prop_name, strip};

/// The body of a function the flow pass can run.
#[derive(Clone, Copy)]
pub enum FnBody<'a> {
    Function(&'a Function),
    Arrow(&'a ArrowExpr),
    Constructor(&'a Constructor),
}

/// One function: its body, and where it is (byte range of the file).
#[derive(Clone, Copy)]
pub struct FnDef<'a> {
    pub body: FnBody<'a>,
    /// Start and end (bytes) of the function: identifies it (recursion, summaries).
    pub span: (u32, u32),
}

impl<'a> FnDef<'a> {
    fn new(body: FnBody<'a>) -> Self {
        let span = match body {
            FnBody::Function(f) => f.span,
            FnBody::Arrow(a) => a.span,
            FnBody::Constructor(c) => c.span,
        };
        FnDef {
            body,
            span: (span.lo.0, span.hi.0),
        }
    }

    /// Visit the function's body (an arrow's expression body too), not its parameters.
    pub fn visit_body<V: swc_ecma_visit::Visit>(&self, v: &mut V) {
        use swc_ecma_visit::VisitWith;
        match self.body {
            FnBody::Function(f) => f.body.visit_with(v),
            FnBody::Arrow(a) => a.body.visit_with(v),
            FnBody::Constructor(c) => c.body.visit_with(v),
        }
    }

    /// `async function` / `async () =>`: a call returns a promise of what the body returns.
    pub fn is_async(&self) -> bool {
        match self.body {
            FnBody::Function(f) => f.is_async,
            FnBody::Arrow(a) => a.is_async,
            FnBody::Constructor(_) => false,
        }
    }

    /// A generator returns an iterator, never what its body returns.
    pub fn is_generator(&self) -> bool {
        match self.body {
            FnBody::Function(f) => f.is_generator,
            FnBody::Arrow(_) | FnBody::Constructor(_) => false,
        }
    }

    /// The byte range of the whole function (`span` is in swc's positions, which start at 1).
    pub fn range(&self) -> Range<usize> {
        self.span.0.saturating_sub(1) as usize..self.span.1.saturating_sub(1) as usize
    }
}

/// A class of the file: its constructor, methods and the class it extends (when that is a class of
/// the file too).
pub struct ClassDef<'a> {
    pub constructor: Option<FnDef<'a>>,
    pub methods: HashMap<Atom, FnDef<'a>>,
    pub extends: Option<Id>,
    /// `class C { amount = 5; }`: fields set on each instance before the constructor runs.
    pub fields: Vec<&'a ClassProp>,
}

/// The functions, object-literal methods and classes of one file, by the binding that names them.
#[derive(Default)]
pub struct Functions<'a> {
    pub by_binding: HashMap<Id, FnDef<'a>>,
    /// `const o = { m() {...}, n: () => ... }`: the object's methods.
    pub object_methods: HashMap<Id, HashMap<Atom, FnDef<'a>>>,
    pub classes: HashMap<Id, ClassDef<'a>>,
    /// `const x = new C(...)`: the class of the instance a binding holds (a class of this file).
    pub instances: HashMap<Id, Id>,
    /// `const x = new C(...)` for any `C` (an imported class too).
    pub constructed: HashMap<Id, Id>,
    /// `const x = require(<not a string>)`: a module the analysis cannot name.
    pub computed_requires: HashSet<Id>,
    /// `const x = {...}`: bindings declared with an object literal.
    pub literals: HashSet<Id>,
    /// Function expressions, arrows and methods by where they start, in swc's positions (a byte
    /// offset plus one): what an `export default function () {}` or a `module.exports = { f() {} }`
    /// property names.
    pub by_start: HashMap<u32, FnDef<'a>>,
    /// The methods of object literals that have some, by where the literal starts (swc's
    /// positions): what `exports.api = { createSource() {...} }` exports.
    pub literal_methods: HashMap<u32, HashMap<Atom, FnDef<'a>>>,
    /// The object literals an object literal's properties hold (`{ backoffice: {...} }`), by where
    /// the outer literal starts (swc's positions): property name -> where the inner one starts.
    pub literal_members: HashMap<u32, HashMap<Atom, u32>>,
    /// `const x = {...}` never reassigned: where the literal starts (swc's positions).
    pub object_literals: HashMap<Id, u32>,
    /// The class each method or constructor belongs to, by the function's span (what `this` is).
    pub method_class: HashMap<(u32, u32), Id>,
    /// `const _this = this` in a class's methods: the binding and the class.
    pub this_aliases: HashMap<Id, Id>,
    /// `const bo = api.backoffice`, `const c = makeClient()`: the object such a binding holds, when
    /// [`Functions::target_of`] knows it (their methods are in `object_methods` / `instances` too).
    derived: HashMap<Id, Target>,
    /// `const x = a.b` / `const x = f()` never reassigned: the expression (whatever it holds).
    pub derived_inits: HashMap<Id, &'a Expr>,
    /// `new C(...)` of a class of this file, by where the expression starts (swc's positions): what
    /// `export default new C()` / `module.exports = new C()` exports.
    pub news: HashMap<u32, Id>,
    /// The object a call assigned to a property gives (`exports.c = makeClient()`), by where the
    /// call starts (swc's positions): what such an export is.
    pub assigned_targets: HashMap<u32, Target>,
    /// What each function's `return`s give, by the function's span, as found so far (a bundle calls
    /// a few functions in thousands of places).
    returned: std::cell::RefCell<HashMap<(u32, u32), Option<Target>>>,
    reassigned: HashSet<Id>,
}

/// The object a receiver expression holds, as far as the file shows without running it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Target {
    /// An object literal (or one made by it), by where it starts (swc's positions).
    Literal(u32),
    /// An instance of a class of this file.
    Instance(Id),
}

/// Calls followed into the functions they run, at most, when looking for what a receiver holds.
const TARGET_DEPTH: usize = 4;

impl<'a> Functions<'a> {
    /// Collect the functions of a program that swc's resolver has marked.
    pub fn collect(program: &'a Program) -> Functions<'a> {
        let mut c = Collector::default();
        match program {
            Program::Module(m) => {
                for item in &m.body {
                    c.module_item(item);
                }
            }
            Program::Script(s) => c.stmts(&s.body),
        }
        let mut f = Functions {
            by_binding: HashMap::default(),
            object_methods: HashMap::default(),
            classes: HashMap::default(),
            instances: HashMap::default(),
            method_class: HashMap::default(),
            this_aliases: HashMap::default(),
            constructed: HashMap::default(),
            computed_requires: c.computed_requires,
            literals: c.literals,
            by_start: c.by_start,
            literal_methods: c.literal_methods,
            literal_members: c.literal_members,
            object_literals: HashMap::default(),
            derived: HashMap::default(),
            derived_inits: HashMap::default(),
            news: HashMap::default(),
            assigned_targets: HashMap::default(),
            returned: Default::default(),
            reassigned: c.reassigned,
        };
        for (id, def) in c.functions {
            if !f.reassigned.contains(&id) {
                f.by_binding.insert(id, def);
            }
        }
        for (id, start) in c.objects {
            if f.reassigned.contains(&id) {
                continue;
            }
            if let Some(methods) = f.literal_methods.get(&start) {
                f.object_methods.insert(id.clone(), methods.clone());
            }
            f.object_literals.insert(id, start);
        }
        for (id, class) in c.classes {
            if f.reassigned.contains(&id) {
                continue;
            }
            for m in class.methods.values().chain(class.constructor.iter()) {
                f.method_class.insert(m.span, id.clone());
            }
            f.classes.insert(id, class);
        }
        for (id, class) in c.this_aliases {
            if !f.reassigned.contains(&id) {
                f.this_aliases.insert(id, class);
            }
        }
        for (id, class) in c.instances {
            if f.reassigned.contains(&id) {
                continue;
            }
            if f.classes.contains_key(&class) {
                f.instances.insert(id.clone(), class.clone());
            }
            f.constructed.insert(id, class);
        }
        for (start, class) in c.news {
            if f.classes.contains_key(&class) {
                f.news.insert(start, class);
            }
        }
        for (id, init) in &c.derived {
            if !f.reassigned.contains(id) {
                f.derived_inits.insert(id.clone(), init);
            }
        }
        // A binding of a member or of a call's result may name one declared after it: twice.
        for _ in 0..2 {
            // What a function returns may be a binding the first pass had not found yet.
            f.returned.borrow_mut().clear();
            for (id, init) in &c.derived {
                if f.reassigned.contains(id) || f.derived.contains_key(id) {
                    continue;
                }
                let Some(target) = f.target_of(init, 0) else {
                    continue;
                };
                match &target {
                    Target::Literal(start) => {
                        if let Some(methods) = f.literal_methods.get(start) {
                            f.object_methods.insert(id.clone(), methods.clone());
                        }
                    }
                    Target::Instance(class) => {
                        f.instances.insert(id.clone(), class.clone());
                    }
                }
                f.derived.insert(id.clone(), target);
            }
        }
        for (start, call) in &c.assigned_calls {
            if let Some(t) = f.target_of(call, 0) {
                f.assigned_targets.insert(*start, t);
            }
        }
        f
    }

    /// Whether `id` is a binding of a member or of a call's result whose object is known (see
    /// [`Functions::target_of`]).
    pub fn is_derived(&self, id: &Id) -> bool {
        self.derived.contains_key(id)
    }

    /// The object `e` holds when the file shows it without running anything but its own functions'
    /// `return`s: an object literal, a binding never reassigned of one (or of a class instance), a
    /// literal's member holding a literal, `new C()` of a class of this file, and a call of a function
    /// of this file whose every `return` gives one object (`depth`: calls followed so far).
    pub fn target_of(&self, e: &Expr, depth: usize) -> Option<Target> {
        match strip(e) {
            Expr::Object(o) => Some(Target::Literal(o.span.lo.0)),
            Expr::Ident(i) => {
                let id = i.to_id();
                if let Some(start) = self.object_literals.get(&id) {
                    return Some(Target::Literal(*start));
                }
                if let Some(t) = self.derived.get(&id) {
                    return Some(t.clone());
                }
                self.instances.get(&id).map(|c| Target::Instance(c.clone()))
            }
            Expr::Member(m) => {
                let Target::Literal(start) = self.target_of(&m.obj, depth)? else {
                    return None;
                };
                let name = Atom::from(prop_name(&m.prop)?);
                self.literal_members
                    .get(&start)?
                    .get(&name)
                    .map(|inner| Target::Literal(*inner))
            }
            Expr::New(n) => match strip(&n.callee) {
                Expr::Ident(c) if self.classes.contains_key(&c.to_id()) => {
                    Some(Target::Instance(c.to_id()))
                }
                _ => None,
            },
            // `await make()` of an `async` factory: what its body returns.
            Expr::Await(a) => match strip(&a.arg) {
                Expr::Call(c) => self.call_target(c, depth, true),
                _ => None,
            },
            Expr::Call(c) => self.call_target(c, depth, false),
            _ => None,
        }
    }

    /// What the call `c` of a function of this file returns (`awaited`: an `async` one may be).
    fn call_target(&self, c: &CallExpr, depth: usize, awaited: bool) -> Option<Target> {
        if depth >= TARGET_DEPTH {
            return None;
        }
        let Callee::Expr(callee) = &c.callee else {
            return None;
        };
        // `(0, make)()` calls `make`.
        let callee = match strip(callee) {
            Expr::Seq(s) => s.exprs.last()?,
            e => e,
        };
        let Expr::Ident(f) = strip(callee) else {
            return None;
        };
        let def = self.by_binding.get(&f.to_id())?;
        // An `async` one called without `await` gives a promise.
        if def.is_async() && !awaited {
            return None;
        }
        if let Some(known) = self.returned.borrow().get(&def.span) {
            return known.clone();
        }
        // Asked again inside (a recursive function): nothing known.
        self.returned.borrow_mut().insert(def.span, None);
        let found = self.returned_target(def, depth);
        self.returned.borrow_mut().insert(def.span, found.clone());
        found
    }

    /// The one object every `return` of `def` gives (see [`Functions::target_of`]).
    fn returned_target(&self, def: &FnDef<'a>, depth: usize) -> Option<Target> {
        if def.is_generator() {
            return None;
        }
        let mut returns = Vec::new();
        match def.body {
            FnBody::Function(f) => returns_in(&f.body.as_ref()?.stmts, &mut returns),
            FnBody::Arrow(a) => match &*a.body {
                ArrowFunctionBody::FunctionBody(b) => returns_in(&b.stmts, &mut returns),
                ArrowFunctionBody::Expr(body) => returns.push(Some(body)),
            },
            FnBody::Constructor(_) => return None,
        }
        let mut found: Option<Target> = None;
        for r in returns {
            let t = self.target_of(r?, depth + 1)?;
            if found.as_ref().is_some_and(|f| *f != t) {
                return None;
            }
            found = Some(t);
        }
        found
    }

    /// The method `name` of class `class` or of a class it extends (in this file).
    pub fn method(&self, class: &Id, name: &str) -> Option<FnDef<'a>> {
        let mut at = Some(class);
        let mut seen = 0;
        while let Some(c) = at {
            let def = self.classes.get(c)?;
            if let Some(m) = def.methods.get(&Atom::from(name)) {
                return Some(*m);
            }
            at = def.extends.as_ref();
            seen += 1;
            if seen > 32 {
                return None;
            }
        }
        None
    }

    /// The method `name` that `receiver.name(...)` runs, when the receiver's binding is an object
    /// literal or an instance of a class of this file, or `this` inside a class (`this_class`).
    pub fn method_of(
        &self,
        receiver: &Expr,
        name: &str,
        this_class: Option<&Id>,
    ) -> Option<FnDef<'a>> {
        match strip(receiver) {
            Expr::Ident(i) => {
                let id = i.to_id();
                if let Some(m) = self
                    .object_methods
                    .get(&id)
                    .and_then(|m| m.get(&Atom::from(name)))
                {
                    return Some(*m);
                }
                let class = self
                    .instances
                    .get(&id)
                    .or_else(|| self.this_aliases.get(&id))?;
                self.method(class, name)
            }
            Expr::This(_) => self.method(this_class?, name),
            Expr::New(n) => match strip(&n.callee) {
                Expr::Ident(c) => self.method(&c.to_id(), name),
                _ => None,
            },
            // `api.backoffice.m(...)`, `makeClient().m(...)`.
            e @ (Expr::Member(_) | Expr::Call(_) | Expr::Await(_)) => match self.target_of(e, 0)? {
                Target::Literal(start) => self
                    .literal_methods
                    .get(&start)?
                    .get(&Atom::from(name))
                    .copied(),
                Target::Instance(class) => self.method(&class, name),
            },
            _ => None,
        }
    }
}

/// The values the `return`s of `stmts` give (`None`: a bare `return`), not those of the functions
/// inside them.
fn returns_in<'a>(stmts: &'a [Stmt], out: &mut Vec<Option<&'a Expr>>) {
    for s in stmts {
        return_in(s, out);
    }
}

fn return_in<'a>(s: &'a Stmt, out: &mut Vec<Option<&'a Expr>>) {
    match s {
        Stmt::Return(r) => out.push(r.arg.as_deref()),
        Stmt::Block(b) => returns_in(&b.stmts, out),
        Stmt::If(i) => {
            return_in(&i.cons, out);
            if let Some(a) = &i.alt {
                return_in(a, out);
            }
        }
        Stmt::Try(t) => {
            returns_in(&t.block.stmts, out);
            if let Some(h) = &t.handler {
                returns_in(&h.body.stmts, out);
            }
            if let Some(f) = &t.finalizer {
                returns_in(&f.stmts, out);
            }
        }
        Stmt::Switch(sw) => {
            for c in &sw.cases {
                returns_in(&c.cons, out);
            }
        }
        Stmt::For(f) => return_in(&f.body, out),
        Stmt::ForIn(f) => return_in(&f.body, out),
        Stmt::ForOf(f) => return_in(&f.body, out),
        Stmt::While(w) => return_in(&w.body, out),
        Stmt::DoWhile(d) => return_in(&d.body, out),
        Stmt::Labeled(l) => return_in(&l.body, out),
        Stmt::With(w) => return_in(&w.body, out),
        _ => {}
    }
}

#[derive(Default)]
struct Collector<'a> {
    functions: Vec<(Id, FnDef<'a>)>,
    /// `const x = {...}`: the binding and where its literal starts.
    objects: Vec<(Id, u32)>,
    classes: Vec<(Id, ClassDef<'a>)>,
    instances: Vec<(Id, Id)>,
    this_aliases: Vec<(Id, Id)>,
    by_start: HashMap<u32, FnDef<'a>>,
    computed_requires: HashSet<Id>,
    literals: HashSet<Id>,
    literal_methods: HashMap<u32, HashMap<Atom, FnDef<'a>>>,
    literal_members: HashMap<u32, HashMap<Atom, u32>>,
    /// The class whose body is being walked.
    current_class: Option<Id>,
    reassigned: HashSet<Id>,
    /// How many functions each binding names so far (its entries in `functions`).
    defined: HashMap<Id, usize>,
    /// `const x = a.b` / `const x = f()`: what such a binding may hold is found once every function
    /// and literal is known.
    derived: Vec<(Id, &'a Expr)>,
    news: HashMap<u32, Id>,
    /// How many `var` declarations with a value each binding has so far.
    declared: HashMap<Id, usize>,
    /// Calls assigned to a property (`exports.c = makeClient()`): where each starts.
    assigned_calls: Vec<(u32, &'a Expr)>,
}

fn fn_of(e: &Expr) -> Option<FnDef<'_>> {
    match strip(e) {
        Expr::Fn(f) => Some(FnDef::new(FnBody::Function(&f.function))),
        Expr::Arrow(a) => Some(FnDef::new(FnBody::Arrow(a))),
        _ => None,
    }
}

fn class_def<'a>(c: &'a Class) -> ClassDef<'a> {
    let mut def = ClassDef {
        constructor: None,
        methods: HashMap::default(),
        extends: c.super_class.as_deref().and_then(|s| match strip(s) {
            Expr::Ident(i) => Some(i.to_id()),
            _ => None,
        }),
        fields: Vec::new(),
    };
    for m in &c.body {
        match m {
            ClassMember::Constructor(k) if k.body.is_some() => {
                def.constructor = Some(FnDef::new(FnBody::Constructor(k)));
            }
            ClassMember::Method(m) if !m.is_static && m.kind == MethodKind::Method => {
                if let Some(name) = prop_key(&m.key) {
                    def.methods.insert(
                        name.as_str().into(),
                        FnDef::new(FnBody::Function(&m.function)),
                    );
                }
            }
            ClassMember::ClassProp(p) if !p.is_static => {
                if let Some(v) = p.value.as_deref().and_then(fn_of)
                    && let Some(name) = prop_key(&p.key)
                {
                    // `handle = (x) => {...}`: an arrow field is a method of each instance.
                    def.methods.insert(name.as_str().into(), v);
                } else {
                    def.fields.push(p);
                }
            }
            _ => {}
        }
    }
    def
}

fn object_methods(o: &ObjectLit) -> HashMap<Atom, FnDef<'_>> {
    let mut methods = HashMap::default();
    for p in &o.props {
        let PropOrSpread::Prop(p) = p else { continue };
        match &**p {
            Prop::Method(m) => {
                if let Some(name) = prop_key(&m.key) {
                    methods.insert(
                        name.as_str().into(),
                        FnDef::new(FnBody::Function(&m.function)),
                    );
                }
            }
            Prop::KeyValue(kv) => {
                if let (Some(name), Some(f)) = (prop_key(&kv.key), fn_of(&kv.value)) {
                    methods.insert(name.as_str().into(), f);
                }
            }
            _ => {}
        }
    }
    methods
}

/// The properties of `o` that hold an object literal, and where each starts.
fn object_members(o: &ObjectLit) -> HashMap<Atom, u32> {
    let mut members = HashMap::default();
    for p in &o.props {
        let PropOrSpread::Prop(p) = p else { continue };
        if let Prop::KeyValue(kv) = &**p
            && let Some(name) = prop_key(&kv.key)
            && let Expr::Object(inner) = strip(&kv.value)
        {
            members.insert(name.as_str().into(), inner.span.lo.0);
        }
    }
    members
}

impl<'a> Collector<'a> {
    fn module_item(&mut self, item: &'a ModuleItem) {
        match item {
            ModuleItem::Stmt(s) => self.stmt(s),
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(e)) => self.decl(&e.decl),
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(e)) => match &e.decl {
                DefaultDecl::Fn(f) => {
                    let def = FnDef::new(FnBody::Function(&f.function));
                    self.by_start.insert(def.span.0, def);
                    self.by_start.insert(e.span.lo.0, def);
                    if let Some(i) = &f.ident {
                        self.define(i.to_id(), FnDef::new(FnBody::Function(&f.function)));
                    }
                    self.function(&f.function);
                }
                DefaultDecl::Class(c) => {
                    if let Some(i) = &c.ident {
                        self.classes.push((i.to_id(), class_def(&c.class)));
                    }
                    self.class_of(c.ident.as_ref().map(|i| i.to_id()), &c.class);
                }
                DefaultDecl::TsInterfaceDecl(_) => {}
            },
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(e)) => self.expr(&e.expr),
            ModuleItem::ModuleDecl(_) => {}
        }
    }

    fn decl(&mut self, d: &'a Decl) {
        match d {
            Decl::Fn(f) => {
                self.define(f.ident.to_id(), FnDef::new(FnBody::Function(&f.function)));
                self.function(&f.function);
            }
            Decl::Class(c) => {
                self.classes.push((c.ident.to_id(), class_def(&c.class)));
                self.class_of(Some(c.ident.to_id()), &c.class);
            }
            Decl::Var(v) => {
                for d in &v.decls {
                    if let (Pat::Ident(b), Some(init)) = (&d.name, &d.init) {
                        let id = b.id.to_id();
                        match strip(init) {
                            Expr::Fn(_) | Expr::Arrow(_) => {
                                if let Some(f) = fn_of(init) {
                                    self.define(id, f);
                                }
                            }
                            Expr::Object(o) => {
                                self.literals.insert(id.clone());
                                // Its methods are collected when the literal is walked below.
                                self.objects.push((id, o.span.lo.0));
                            }
                            Expr::Class(c) => {
                                self.classes.push((id.clone(), class_def(&c.class)));
                                self.class_of(Some(id), &c.class);
                                continue;
                            }
                            Expr::This(_) => {
                                if let Some(class) = &self.current_class {
                                    self.this_aliases.push((id, class.clone()));
                                }
                            }
                            Expr::New(n) => {
                                if let Expr::Ident(c) = strip(&n.callee) {
                                    self.instances.push((id, c.to_id()));
                                }
                            }
                            Expr::Call(c)
                                if matches!(&c.callee, Callee::Expr(f) if matches!(strip(f), Expr::Ident(r) if r.sym == *"require"))
                                    && !matches!(
                                        c.args.first().map(|a| strip(&a.expr)),
                                        Some(Expr::Lit(Lit::Str(_)))
                                    ) =>
                            {
                                self.computed_requires.insert(id);
                            }
                            Expr::Member(_) | Expr::Call(_) | Expr::Ident(_) | Expr::Await(_) => {
                                self.derived.push((id, init))
                            }
                            _ => {}
                        }
                        if v.kind == VarDeclKind::Var {
                            // A `var` may be declared twice: the second is a reassignment.
                            let id = b.id.to_id();
                            let declared = self.declared.entry(id.clone()).or_insert(0);
                            *declared += 1;
                            if *declared > 1 || self.defined.get(&id).is_some_and(|&n| n > 1) {
                                self.reassigned.insert(id);
                            }
                        }
                    }
                    if let Some(init) = &d.init {
                        self.expr(init);
                    }
                }
            }
            Decl::TsModule(_)
            | Decl::TsEnum(_)
            | Decl::TsInterface(_)
            | Decl::TsTypeAlias(_)
            | Decl::Using(_) => {}
        }
    }

    fn stmt(&mut self, s: &'a Stmt) {
        match s {
            Stmt::Decl(d) => self.decl(d),
            Stmt::Block(b) => self.stmts(&b.stmts),
            Stmt::If(i) => {
                self.expr(&i.test);
                self.stmt(&i.cons);
                if let Some(a) = &i.alt {
                    self.stmt(a);
                }
            }
            Stmt::Expr(e) => self.expr(&e.expr),
            Stmt::Return(r) => {
                if let Some(a) = &r.arg {
                    self.expr(a);
                }
            }
            Stmt::Try(t) => {
                self.stmts(&t.block.stmts);
                if let Some(h) = &t.handler {
                    self.stmts(&h.body.stmts);
                }
                if let Some(f) = &t.finalizer {
                    self.stmts(&f.stmts);
                }
            }
            Stmt::For(f) => {
                if let Some(VarDeclOrExpr::VarDecl(v)) = &f.init {
                    for d in &v.decls {
                        if let Some(i) = &d.init {
                            self.expr(i);
                        }
                    }
                }
                self.stmt(&f.body);
            }
            Stmt::ForIn(f) => self.stmt(&f.body),
            Stmt::ForOf(f) => self.stmt(&f.body),
            Stmt::While(w) => self.stmt(&w.body),
            Stmt::DoWhile(w) => self.stmt(&w.body),
            Stmt::Labeled(l) => self.stmt(&l.body),
            Stmt::Switch(s) => {
                for c in &s.cases {
                    self.stmts(&c.cons);
                }
            }
            _ => {}
        }
    }

    fn stmts(&mut self, stmts: &'a [Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn define(&mut self, id: Id, def: FnDef<'a>) {
        *self.defined.entry(id.clone()).or_default() += 1;
        self.functions.push((id, def));
    }

    fn function(&mut self, f: &'a Function) {
        if let Some(b) = &f.body {
            self.stmts(&b.stmts);
        }
    }

    fn class_of(&mut self, id: Option<Id>, c: &'a Class) {
        let outer = std::mem::replace(&mut self.current_class, id);
        self.class(c);
        self.current_class = outer;
    }

    fn class(&mut self, c: &'a Class) {
        for m in &c.body {
            match m {
                ClassMember::Constructor(k) => {
                    if let Some(b) = &k.body {
                        self.stmts(&b.stmts);
                    }
                }
                ClassMember::Method(m) => self.function(&m.function),
                ClassMember::PrivateMethod(m) => self.function(&m.function),
                ClassMember::ClassProp(p) => {
                    if let Some(v) = &p.value {
                        self.expr(v);
                    }
                }
                _ => {}
            }
        }
    }

    /// Functions nested in expressions (callbacks, IIFEs, object literals), and reassignments.
    fn expr(&mut self, e: &'a Expr) {
        stacker::maybe_grow(256 * 1024, 8 * 1024 * 1024, || self.expr_inner(e));
    }

    fn expr_inner(&mut self, e: &'a Expr) {
        if let Some(def) = fn_of(e) {
            self.by_start.insert(def.span.0, def);
        }
        match strip(e) {
            Expr::Fn(f) => self.function(&f.function),
            Expr::Arrow(a) => match &*a.body {
                ArrowFunctionBody::FunctionBody(b) => self.stmts(&b.stmts),
                ArrowFunctionBody::Expr(e) => self.expr(e),
            },
            Expr::Class(c) => self.class(&c.class),
            Expr::Assign(a) => {
                if let AssignTarget::Simple(SimpleAssignTarget::Ident(i)) = &a.left {
                    self.reassigned.insert(i.to_id());
                }
                // `exports.c = makeClient()`, `module.exports = makeClient()`: what the module exports.
                if let AssignTarget::Simple(SimpleAssignTarget::Member(_)) = &a.left
                    && let Expr::Call(c) = strip(&a.right)
                {
                    self.assigned_calls.push((c.span.lo.0, &a.right));
                }
                self.expr(&a.right);
            }
            Expr::Update(u) => {
                if let Expr::Ident(i) = strip(&u.arg) {
                    self.reassigned.insert(i.to_id());
                }
            }
            Expr::Call(c) => {
                if let Callee::Expr(callee) = &c.callee {
                    self.expr(callee);
                }
                for a in &c.args {
                    self.expr(&a.expr);
                }
            }
            Expr::New(n) => {
                if let Expr::Ident(c) = strip(&n.callee) {
                    self.news.insert(n.span.lo.0, c.to_id());
                }
                self.expr(&n.callee);
                for a in n.args.iter().flatten() {
                    self.expr(&a.expr);
                }
            }
            Expr::Object(o) => {
                let methods = object_methods(o);
                if !methods.is_empty() {
                    self.literal_methods.insert(o.span.lo.0, methods);
                }
                let members = object_members(o);
                if !members.is_empty() {
                    self.literal_members.insert(o.span.lo.0, members);
                }
                for p in &o.props {
                    match p {
                        PropOrSpread::Spread(s) => self.expr(&s.expr),
                        PropOrSpread::Prop(p) => match &**p {
                            Prop::KeyValue(kv) => self.expr(&kv.value),
                            Prop::Method(m) => {
                                let def = FnDef::new(FnBody::Function(&m.function));
                                self.by_start.insert(m.span().lo.0, def);
                                self.function(&m.function)
                            }
                            Prop::Getter(g) => self.function(&g.function),
                            Prop::Setter(s) => self.function(&s.function),
                            _ => {}
                        },
                    }
                }
            }
            Expr::Paren(p) => self.expr(&p.expr),
            Expr::Seq(s) => {
                for e in &s.exprs {
                    self.expr(e);
                }
            }
            Expr::Cond(c) => {
                self.expr(&c.test);
                self.expr(&c.cons);
                self.expr(&c.alt);
            }
            Expr::Bin(b) => {
                self.expr(&b.left);
                self.expr(&b.right);
            }
            Expr::Await(a) => self.expr(&a.arg),
            Expr::Member(m) => self.expr(&m.obj),
            Expr::Array(a) => {
                for e in a.elems.iter().flatten() {
                    self.expr(&e.expr);
                }
            }
            _ => {}
        }
    }
}
