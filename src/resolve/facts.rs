//! First pass over a file: every `createSource` call, where each binding and property gets its value
//! from (to recognize DigitalRiver.js and Stripe.js instances), which bindings flow into payloads, and
//! constant strings (`const TYPE = 'payPal'`).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use swc_atoms::Atom;
use swc_ecma_ast::{
    AssignExpr, AssignOp, AssignTarget, CallExpr, ClassProp, Expr, Id, Lit, OptCall, Pat, Prop,
    PropOrSpread, SimpleAssignTarget, VarDecl, VarDeclKind, VarDeclarator,
};
use swc_ecma_visit::{Visit, VisitWith};

use super::calls::{
    CallNames, ModuleHints, PayloadArg, Targets, call_shape, call_shape_expr, member_key,
};
use super::syntax::{
    assign_target, callee_name, is_assign_like, member_root, prop_key, range, strip,
};

/// Where a value comes from, as far as telling DigitalRiver.js from Stripe.js goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    DigitalRiver(Range<usize>),
    Stripe(Range<usize>),
    /// `require('...')` of this module specifier.
    Module(String),
    Alias(Id),
    /// A property's value: `x.dr`, with `x` when it is a name (a required module's export, or any
    /// object's property `dr` set in this file).
    AliasProp(Atom, Option<Id>),
    Other,
}

/// The receiver of a `createSource` call, before resolution.
#[derive(Clone, Debug)]
pub enum ReceiverRef {
    Binding(Id),
    /// `x.dr`: the property, and the binding it is read from when that is a name.
    Prop(Atom, Option<Id>),
    Other,
}

pub struct FoundCall {
    /// Start of the call expression: the key the flow pass snapshots the payload under.
    pub key: u32,
    /// Which call it is: an index into the rule table's calls.
    pub call: usize,
    /// The payload argument, when it is a plain name (`createSource(kind)`).
    pub payload_ident: Option<Id>,
    pub name_range: Range<usize>,
    /// The static names read from the receiver's root (`ns.api.backoffice`: `[api, backoffice]`).
    pub receiver_path: Vec<Atom>,
    pub receiver: ReceiverRef,
    pub receiver_range: Range<usize>,
    /// The name the receiver is read from: `admin` of `admin.backoffice.client`.
    pub receiver_root: Option<Id>,
    pub payload: FoundPayload,
}

pub enum FoundPayload {
    Expr(Range<usize>),
    NotAnObject,
    Hidden { range: Range<usize>, what: String },
}

#[derive(Default)]
pub struct Facts {
    /// The calls looked for.
    pub call_names: CallNames,
    /// The modules that tell server code and REST clients.
    pub modules: ModuleHints,
    pub calls: Vec<FoundCall>,
    pub origins: HashMap<Id, Vec<Origin>>,
    pub prop_origins: HashMap<Atom, Vec<Origin>>,
    /// Bindings whose value may flow into a payload: the payload arguments and, transitively, what is
    /// assigned or merged into them.
    pub tracked: HashSet<Id>,
    pub consts: HashMap<Id, Vec<String>>,
    /// The file requires or imports a server module (`dw/...`, `express`): a server script.
    pub server_file: bool,
    /// Bindings written through (`p.x = v`, `ns.p.x = v`, `delete p.x`): by their root.
    pub written: HashSet<Id>,
    /// The objects written into, as a root and the names from it (`exports.p.sessionId = v` and
    /// `Object.assign(exports.p, ...)`: `exports`, `[p]`), when every name is static.
    pub written_into: HashSet<(Id, Vec<Atom>)>,
    /// The static paths written (`api.setSess = f`: `api`, `[setSess]`): a method of an object
    /// literal or class instance that is written over may not be the one defined.
    pub written_paths: HashSet<(Id, Vec<Atom>)>,
    /// Bindings an `import` of a module created: the module's specifier.
    pub imports: HashMap<Id, String>,
    /// A write the static paths above cannot say: through a computed key (`o[k] = v`), into what is
    /// not a binding (`[c][0].m = v`, `f().m = v`), or by `Object.defineProperty` and kin. A method
    /// found through a chain or a factory is then not taken as known (see `Flow::callee_fn`).
    pub untraced_writes: bool,
    /// Every binding a write goes through or into (`written`, the roots of `written_into` and
    /// `written_paths`), found once the walk is done: see [`Facts::is_written`].
    written_roots: HashSet<Id>,
    /// Every property name a static write path holds (`api.backoffice.createSource = f`: `backoffice`,
    /// `createSource`), through `this` too (`this.createSource = f`).
    pub written_names: HashSet<Atom>,
    /// String members of TypeScript enums: `PaymentKind.Wire` -> `wireTransfer`.
    pub enum_strings: HashMap<(Id, String), String>,
    /// How each binding is used elsewhere: what a fix must know before removing a field from it.
    pub sharing: Sharing,
    flows: HashMap<Id, Vec<Id>>,
    roots: Vec<Id>,
    /// Visiting the value of `module.exports = ...` / `exports.x = ...`: what it names is exported
    /// (the interface says so), not used.
    in_export: bool,
}

impl Facts {
    pub fn collect(program: &swc_ecma_ast::Program, targets: &Targets) -> Facts {
        let mut facts = Facts {
            call_names: targets.calls.clone(),
            modules: targets.modules.clone(),
            ..Facts::default()
        };
        program.visit_with(&mut facts);
        let paths: Vec<(Id, Vec<Atom>)> = facts
            .written_paths
            .iter()
            .chain(&facts.written_into)
            .cloned()
            .collect();
        for (root, path) in paths {
            facts.written_roots.insert(root);
            facts.written_names.extend(path);
        }
        facts.written_roots.extend(facts.written.iter().cloned());
        let mut todo = std::mem::take(&mut facts.roots);
        while let Some(id) = todo.pop() {
            if facts.tracked.insert(id.clone())
                && let Some(next) = facts.flows.get(&id)
            {
                todo.extend(next.iter().cloned());
            }
        }
        facts
    }

    /// Whether the file writes into the object of the binding `id`: through it (`p.sessionId = s`,
    /// `p[k] = v`, `delete p.x`) or by merging into it (`Object.assign(p, {...})`).
    pub fn is_written(&self, id: &Id) -> bool {
        self.written_roots.contains(id)
    }

    /// `roots` and every binding whose value flows into one of them (assignments, merges), each once.
    pub fn closure(&self, roots: Vec<Id>) -> Vec<Id> {
        let mut seen: HashSet<Id> = HashSet::default();
        let mut todo = roots;
        while let Some(id) = todo.pop() {
            if let Some(next) = self.flows.get(&id)
                && !seen.contains(&id)
            {
                todo.extend(next.iter().cloned());
            }
            seen.insert(id);
        }
        seen.into_iter().collect()
    }

    fn found_call(&mut self, key: u32, shape: Option<super::calls::CallShape<'_>>) {
        let Some(shape) = shape else {
            return;
        };
        let payload_ident = match &shape.payload {
            PayloadArg::Expr(e) => match strip(e) {
                Expr::Ident(i) => Some(i.to_id()),
                _ => None,
            },
            _ => None,
        };
        let payload = match shape.payload {
            PayloadArg::Expr(e) => {
                value_idents(e, &mut self.roots);
                FoundPayload::Expr(range(swc_common::Spanned::span(e)))
            }
            PayloadArg::NotAnObject => FoundPayload::NotAnObject,
            PayloadArg::Hidden { range, what } => FoundPayload::Hidden { range, what },
        };
        let receiver = match strip(shape.receiver) {
            Expr::Ident(i) => ReceiverRef::Binding(i.to_id()),
            Expr::Member(m) => member_key(&m.prop).map_or(ReceiverRef::Other, |p| {
                let object = match strip(&m.obj) {
                    Expr::Ident(o) => Some(o.to_id()),
                    _ => None,
                };
                ReceiverRef::Prop(p.as_str().into(), object)
            }),
            _ => ReceiverRef::Other,
        };
        let receiver_root = match strip(shape.receiver) {
            Expr::Ident(i) => Some(i.to_id()),
            Expr::Member(m) => member_root(m),
            _ => None,
        };
        let receiver_path = object_path(shape.receiver)
            .map(|(_, names)| names)
            .unwrap_or_default();
        self.calls.push(FoundCall {
            key,
            call: shape.call,
            receiver_path,
            payload_ident,
            name_range: shape.name_range,
            receiver,
            receiver_root,
            receiver_range: range(swc_common::Spanned::span(shape.receiver)),
            payload,
        });
    }

    /// `id = value`; `inner` is what `value` evaluates to, through a chain of assignments
    /// (`a = b = v`: `v`), found once for the whole chain.
    fn assigned(&mut self, id: Id, value: &Expr, inner: &Expr) {
        if let Expr::Object(o) = strip(value) {
            self.sharing.owners.push((range(o.span), id.clone()));
        }
        self.origins
            .entry(id.clone())
            .or_default()
            .extend(classify(inner));
        // `var q = p`: q names the same object, so writes through q matter wherever p does.
        if let Expr::Ident(alias_of) = strip(value) {
            self.flows
                .entry(alias_of.to_id())
                .or_default()
                .push(id.clone());
        }
        let mut deps = Vec::new();
        value_idents(inner, &mut deps);
        if !deps.is_empty() {
            self.flows.entry(id).or_default().extend(deps);
        }
    }
}

/// Who else sees an object a fix would edit. A field is removed safely from a literal (or by removing
/// a write) only when the binding that holds it is used once (passed to the call, or put into the
/// payload) and nothing reads that field of it.
#[derive(Default, Debug)]
pub struct Sharing {
    /// Literals bound to a name (`var p = {...}`, `p = {...}`) and writes (`p.amount = x`): range and
    /// binding.
    owners: Vec<(Range<usize>, Id)>,
    /// Uses of the binding as a whole value (an argument, a property value, an alias...).
    uses: HashMap<Id, usize>,
    /// `p.amount`, `p['currency']` read somewhere.
    field_reads: HashSet<(Id, String)>,
    /// `p[key]` read somewhere.
    computed_reads: HashSet<Id>,
    /// Bindings the module exports (`export const p`, `export { p }`, `module.exports = { p }`,
    /// `exports.p = p`): other modules may read them. Set from the module's interface.
    exported: HashSet<Atom>,
    /// The file runs code the analysis cannot read (`eval(...)`, `new Function(...)`, `with`): any
    /// binding may be read anywhere.
    dynamic_code: bool,
    /// Objects (by where their literal starts) that other code may read for a reason found outside
    /// this file's bindings: a caller in another module reads the object a builder here returns, a
    /// wrapper of another module reads the payload it is given.
    read_elsewhere: Vec<Range<usize>>,
}

impl Sharing {
    /// The binding `id` is exported: other modules may read it.
    pub fn mark_exported(&mut self, id: &Id) {
        self.exported.insert(id.0.clone());
    }

    /// Whether removing a field named by any of `segments` (the segments of its dotted path: the
    /// object that holds it may be a nested literal with a binding of its own) at `pos` may change what
    /// other code sees.
    pub fn is_shared_path(&self, pos: usize, segments: &[&str]) -> bool {
        if self.dynamic_code || self.read_elsewhere_at(pos) {
            return true;
        }
        self.owners_of(pos).iter().any(|id| {
            self.uses.get(*id).copied().unwrap_or(0) > 1
                || self.exported.contains(&id.0)
                || segments
                    .iter()
                    .any(|f| self.field_reads.contains(&((*id).clone(), f.to_string())))
                || self.computed_reads.contains(*id)
        })
    }

    /// How many times `id` is used as a whole value (a call's callee counts).
    pub fn uses(&self, id: &Id) -> usize {
        self.uses.get(id).copied().unwrap_or(0)
    }

    /// Whether the binding `id` is used besides one whole-value use, read field by field, or exported.
    pub fn is_read(&self, id: &Id) -> bool {
        self.dynamic_code
            || self.uses.get(id).copied().unwrap_or(0) > 1
            || self.exported.contains(&id.0)
            || self.field_reads.iter().any(|(b, _)| b == id)
            || self.computed_reads.contains(id)
    }

    /// `id` holds the object literal at `range` (a builder's object bound by its caller, a payload
    /// bound to a function's parameter): its uses count for the object.
    pub fn add_holder(&mut self, range: Range<usize>, id: Id) {
        self.owners.push((range, id));
    }

    /// Other code, outside what this file's bindings show, may read the object whose literal is at
    /// `range` (and so the objects nested in it).
    pub fn mark_read_elsewhere(&mut self, range: Range<usize>) {
        self.read_elsewhere.push(range);
    }

    fn read_elsewhere_at(&self, pos: usize) -> bool {
        self.read_elsewhere
            .iter()
            .any(|r| r.start <= pos && pos < r.end.max(r.start + 1))
    }

    /// Whether adding a field to the object literal at `pos` may change what other code sees: its
    /// binding is used besides the one call (logged, serialized, posted, sent to Stripe.js, iterated),
    /// exported, or the file runs code the analysis cannot read.
    pub fn is_shared_object(&self, pos: usize) -> bool {
        if self.dynamic_code || self.read_elsewhere_at(pos) {
            return true;
        }
        self.owners_of(pos)
            .iter()
            .any(|id| self.uses.get(*id).copied().unwrap_or(0) > 1 || self.exported.contains(&id.0))
    }

    /// The bindings of the innermost literal bound to a name that contains `pos` (its own binding,
    /// and those it is held by).
    fn owners_of(&self, pos: usize) -> Vec<&Id> {
        let inner = self
            .owners
            .iter()
            .filter(|(r, _)| r.start <= pos && pos < r.end)
            .min_by_key(|(r, _)| r.end - r.start)
            .map(|(r, _)| r.clone());
        match inner {
            None => Vec::new(),
            Some(inner) => self
                .owners
                .iter()
                .filter(|(r, _)| *r == inner)
                .map(|(_, id)| id)
                .collect(),
        }
    }
}

/// What kind of instance an expression creates: `new DigitalRiver(key)`, `Stripe(key)`, an alias...
/// Both branches of `a ? b : c` and `a || b` count.
pub fn classify(e: &Expr) -> Vec<Origin> {
    let mut out = Vec::new();
    classify_into(e, &mut out);
    out
}

fn classify_into(e: &Expr, out: &mut Vec<Origin>) {
    match strip(e) {
        Expr::New(n) => out.push(by_constructor(callee_name(&n.callee), range(n.span))),
        Expr::Call(c) => match &c.callee {
            swc_ecma_ast::Callee::Expr(callee) => match required_module(c) {
                Some(spec) => out.push(Origin::Module(spec)),
                None => out.push(by_constructor(callee_name(callee), range(c.span))),
            },
            _ => out.push(Origin::Other),
        },
        Expr::Await(a) => classify_into(&a.arg, out),
        Expr::Ident(i) => out.push(Origin::Alias(i.to_id())),
        Expr::Member(m) => out.push(member_key(&m.prop).map_or(Origin::Other, |p| {
            let object = match strip(&m.obj) {
                Expr::Ident(i) => Some(i.to_id()),
                _ => None,
            };
            Origin::AliasProp(p.as_str().into(), object)
        })),
        // `ok && new DigitalRiver(k)`: the left side is the value only when it is falsy, which no
        // instance is.
        Expr::Bin(b) if b.op == swc_ecma_ast::BinaryOp::LogicalAnd => classify_into(&b.right, out),
        Expr::Bin(b) if b.op.may_short_circuit() => {
            classify_into(&b.left, out);
            classify_into(&b.right, out);
        }
        Expr::Cond(c) => {
            classify_into(&c.cons, out);
            classify_into(&c.alt, out);
        }
        Expr::Assign(a) => classify_into(chain_value(a), out),
        _ => out.push(Origin::Other),
    }
}

/// `require('x')`: the module specifier.
pub fn required_module(c: &CallExpr) -> Option<String> {
    let swc_ecma_ast::Callee::Expr(callee) = &c.callee else {
        return None;
    };
    match (strip(callee), c.args.first().map(|a| strip(&a.expr))) {
        (Expr::Ident(i), Some(Expr::Lit(Lit::Str(s)))) if i.sym == *"require" => {
            s.value.as_str().map(str::to_string)
        }
        _ => None,
    }
}

fn by_constructor(name: Option<&str>, r: Range<usize>) -> Origin {
    match name {
        Some("DigitalRiver") => Origin::DigitalRiver(r),
        // `Stripe(pk)`, and `await loadStripe(pk)` of @stripe/stripe-js.
        Some("Stripe" | "loadStripe") => Origin::Stripe(r),
        _ => Origin::Other,
    }
}

/// The origins worth remembering for a property name: instances and aliases (not every property).
fn instance_origins(e: &Expr) -> impl Iterator<Item = Origin> {
    classify(e).into_iter().filter(|o| {
        matches!(
            o,
            Origin::DigitalRiver(_) | Origin::Stripe(_) | Origin::Alias(_)
        )
    })
}

/// The value a chain of assignments `a = b = ... = v` evaluates to: `v` (found in a loop, not by
/// recursion: such chains can be 100,000 long).
pub fn chain_value(a: &AssignExpr) -> &Expr {
    let mut value = &*a.right;
    while let Expr::Assign(next) = strip(value) {
        value = &next.right;
    }
    value
}

/// The bindings whose value an expression's value may be (or contain, as a property or spread).
pub fn value_idents(e: &Expr, out: &mut Vec<Id>) {
    match strip(e) {
        Expr::Ident(i) => out.push(i.to_id()),
        Expr::Object(o) => {
            for p in &o.props {
                match p {
                    PropOrSpread::Spread(s) => value_idents(&s.expr, out),
                    PropOrSpread::Prop(p) => match &**p {
                        Prop::Shorthand(i) => out.push(i.to_id()),
                        Prop::KeyValue(kv) => value_idents(&kv.value, out),
                        _ => {}
                    },
                }
            }
        }
        Expr::Cond(c) => {
            value_idents(&c.cons, out);
            value_idents(&c.alt, out);
        }
        Expr::Bin(b) if b.op.may_short_circuit() => {
            value_idents(&b.left, out);
            value_idents(&b.right, out);
        }
        Expr::Seq(s) => {
            if let Some(last) = s.exprs.last() {
                value_idents(last, out);
            }
        }
        Expr::Assign(a) => value_idents(chain_value(a), out),
        Expr::Await(a) => value_idents(&a.arg, out),
        Expr::Call(c) if is_assign_like(&c.callee) => {
            for a in &c.args {
                value_idents(&a.expr, out);
            }
        }
        _ => {}
    }
}

impl Visit for Facts {
    fn visit_import_decl(&mut self, d: &swc_ecma_ast::ImportDecl) {
        let Some(spec) = d.src.value.as_str() else {
            return;
        };
        if self.modules.is_server(spec) {
            self.server_file = true;
        }
        for s in &d.specifiers {
            let local = match s {
                swc_ecma_ast::ImportSpecifier::Named(n) => &n.local,
                swc_ecma_ast::ImportSpecifier::Default(n) => &n.local,
                swc_ecma_ast::ImportSpecifier::Namespace(n) => &n.local,
            };
            self.imports.insert(local.to_id(), spec.to_string());
        }
    }

    fn visit_ts_enum_decl(&mut self, e: &swc_ecma_ast::TsEnumDecl) {
        for m in &e.members {
            let name = match &m.id {
                swc_ecma_ast::TsEnumMemberId::Ident(i) => i.sym.to_string(),
                swc_ecma_ast::TsEnumMemberId::Str(s) => s.value.to_string_lossy().into_owned(),
            };
            if let Some(init) = &m.init
                && let Some(value) = const_string(init)
            {
                self.enum_strings.insert((e.id.to_id(), name), value);
            }
        }
        e.visit_children_with(self);
    }

    fn visit_with_stmt(&mut self, w: &swc_ecma_ast::WithStmt) {
        self.sharing.dynamic_code = true;
        w.visit_children_with(self);
    }

    fn visit_new_expr(&mut self, n: &swc_ecma_ast::NewExpr) {
        if matches!(strip(&n.callee), Expr::Ident(i) if i.sym == *"Function") {
            self.sharing.dynamic_code = true;
        }
        n.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, c: &CallExpr) {
        if let Some(spec) = required_module(c)
            && self.modules.is_server(&spec)
        {
            self.server_file = true;
        }
        if let swc_ecma_ast::Callee::Expr(callee) = &c.callee
            && let Expr::Ident(i) = strip(callee)
            && (i.sym == *"eval" || i.sym == *"Function")
        {
            self.sharing.dynamic_code = true;
        }
        // `Object.defineProperty(o, 'm', ...)`, `Reflect.set(o, 'm', v)`: a write no path says.
        if let swc_ecma_ast::Callee::Expr(callee) = &c.callee
            && let Expr::Member(m) = strip(callee)
            && let (Expr::Ident(o), Some(p)) = (strip(&m.obj), super::syntax::prop_name(&m.prop))
            && matches!(
                (&*o.sym, p),
                (
                    "Object",
                    "defineProperty" | "defineProperties" | "setPrototypeOf"
                ) | ("Reflect", "set" | "defineProperty" | "setPrototypeOf")
            )
        {
            self.untraced_writes = true;
        }
        self.found_call(
            c.span.lo.0,
            call_shape(&c.callee, &c.args, &self.call_names),
        );
        // `(function (dr, document) { ... })(new DigitalRiver(k), document)`: each parameter is
        // what the call passes.
        if let swc_ecma_ast::Callee::Expr(callee) = &c.callee {
            let params: Vec<Option<Id>> = match strip(callee) {
                Expr::Fn(f) => f.function.params.iter().map(|p| ident_of(&p.pat)).collect(),
                Expr::Arrow(a) => a.params.iter().map(ident_of).collect(),
                _ => Vec::new(),
            };
            for (param, arg) in params.into_iter().zip(&c.args) {
                if arg.spread.is_some() {
                    break;
                }
                if let Some(param) = param {
                    self.origins
                        .entry(param)
                        .or_default()
                        .extend(classify(&arg.expr));
                }
            }
        }
        // Object.assign(exports.p, src): a write into `exports.p`.
        if is_assign_like(&c.callee)
            && let Some(target) = assign_target(&c.args)
            && let Some(into) = object_path(target)
        {
            self.written_into.insert(into);
        }
        // Object.assign(p, src): what src holds may end up in p.
        if is_assign_like(&c.callee)
            && let Some(target) = assign_target(&c.args)
            && let Expr::Ident(t) = strip(target)
        {
            let mut deps = Vec::new();
            for a in &c.args {
                value_idents(&a.expr, &mut deps);
            }
            self.flows.entry(t.to_id()).or_default().extend(deps);
        }
        c.visit_children_with(self);
    }

    fn visit_opt_call(&mut self, c: &OptCall) {
        self.found_call(
            c.span.lo.0,
            call_shape_expr(&c.callee, &c.args, &self.call_names),
        );
        c.visit_children_with(self);
    }

    fn visit_var_decl(&mut self, d: &VarDecl) {
        for decl in &d.decls {
            self.var_declarator(d.kind, decl);
        }
        d.visit_children_with(self);
    }

    /// An assignment, and the whole chain `a = b = ... = v` at once: each target gets `v`, found
    /// once, so a chain of N assignments costs N steps, not N² / 2.
    fn visit_for_of_stmt(&mut self, f: &swc_ecma_ast::ForOfStmt) {
        // `for (api.backoffice of list)`, `for (c of list)`: writes no static path says.
        if let swc_ecma_ast::ForHead::Pat(_) = &f.left {
            self.untraced_writes = true;
        }
        f.visit_children_with(self);
    }

    fn visit_for_in_stmt(&mut self, f: &swc_ecma_ast::ForInStmt) {
        if let swc_ecma_ast::ForHead::Pat(_) = &f.left {
            self.untraced_writes = true;
        }
        f.visit_children_with(self);
    }

    fn visit_unary_expr(&mut self, u: &swc_ecma_ast::UnaryExpr) {
        // `delete p.x`: a write through `p`.
        if u.op == swc_ecma_ast::UnaryOp::Delete
            && let Expr::Member(m) = strip(&u.arg)
            && let Some(root) = member_root(m)
        {
            self.written.insert(root);
            if let Some(into) = object_path(&m.obj) {
                self.written_into.insert(into);
            }
        }
        u.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        let inner = chain_value(a);
        let mut level = a;
        loop {
            self.assign_target(level, inner);
            match strip(&level.right) {
                Expr::Assign(next) => level = next,
                _ => break,
            }
        }
        let exporting = matches!(
            &a.left,
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) if is_export_target(m)
        );
        let was = self.in_export;
        self.in_export |= exporting;
        inner.visit_with(self);
        self.in_export = was;
    }

    fn visit_expr(&mut self, e: &Expr) {
        match e {
            Expr::Ident(i) => *self.sharing.uses.entry(i.to_id()).or_default() += 1,
            Expr::Member(m) if matches!(strip(&m.obj), Expr::Ident(_)) => {
                if let Expr::Ident(root) = strip(&m.obj) {
                    match super::syntax::prop_name(&m.prop) {
                        Some(name) => {
                            self.sharing
                                .field_reads
                                .insert((root.to_id(), name.to_string()));
                        }
                        None => {
                            self.sharing.computed_reads.insert(root.to_id());
                        }
                    }
                }
                m.prop.visit_with(self);
            }
            _ => e.visit_children_with(self),
        }
    }

    fn visit_prop(&mut self, p: &Prop) {
        if let Prop::KeyValue(kv) = p
            && let Some(name) = prop_key(&kv.key)
        {
            let found: Vec<Origin> = instance_origins(&kv.value)
                .filter(|o| !matches!(o, Origin::Alias(_)))
                .collect();
            if !found.is_empty() {
                self.prop_origins
                    .entry(name.into())
                    .or_default()
                    .extend(found);
            }
        }
        // `{ p }` uses `p`'s value, as `{ p: p }` does (not in `module.exports = { p }`: an export).
        if let Prop::Shorthand(i) = p
            && !self.in_export
        {
            *self.sharing.uses.entry(i.to_id()).or_default() += 1;
        }
        p.visit_children_with(self);
    }

    fn visit_private_prop(&mut self, p: &swc_ecma_ast::PrivateProp) {
        if let Some(value) = &p.value {
            self.prop_origins
                .entry(format!("#{}", p.key.name).into())
                .or_default()
                .extend(instance_origins(value));
        }
        p.visit_children_with(self);
    }

    fn visit_class_prop(&mut self, p: &ClassProp) {
        if let (Some(name), Some(value)) = (prop_key(&p.key), &p.value) {
            let found = instance_origins(value);
            self.prop_origins
                .entry(name.into())
                .or_default()
                .extend(found);
        }
        p.visit_children_with(self);
    }
}

impl Facts {
    /// `p = q = v`: `p` and `q` name the same object, so each is followed wherever the other is
    /// (linked level by level, so a long chain costs one step per level).
    fn chained(&mut self, id: Id, value: &Expr) {
        if let Expr::Assign(next) = strip(value)
            && let AssignTarget::Simple(SimpleAssignTarget::Ident(j)) = &next.left
        {
            self.flows.entry(id.clone()).or_default().push(j.to_id());
            self.flows.entry(j.to_id()).or_default().push(id);
        }
    }

    /// One assignment's target (its value `inner`, the end of its chain, is visited by the caller).
    fn assign_target(&mut self, a: &AssignExpr, inner: &Expr) {
        // `[api.backoffice] = [dr]`, `({ c } = o)`: writes no static path says.
        if let AssignTarget::Pat(_) = &a.left {
            self.untraced_writes = true;
        }
        match &a.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(i))
                if (a.op == AssignOp::Assign || a.op.may_short_circuit()) =>
            {
                self.assigned(i.to_id(), &a.right, inner);
                self.chained(i.to_id(), &a.right);
                return;
            }
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                if let Some(p) = member_key(&m.prop) {
                    let found = instance_origins(inner);
                    self.prop_origins
                        .entry(p.as_str().into())
                        .or_default()
                        .extend(found);
                }
                match (member_key(&m.prop), object_path(&m.obj), this_path(&m.obj)) {
                    (Some(_), Some(_), _) => {}
                    // `this.createSource = f`, `this.api.refunds = x`: the names written.
                    (Some(key), None, Some(mut names)) => {
                        names.push(key.as_str().into());
                        self.written_names.extend(names);
                    }
                    _ => self.untraced_writes = true,
                }
                // A write through `p.x` is not a use of `p`'s fields.
                if let Some(root) = member_root(m) {
                    self.written.insert(root.clone());
                    if let Some(into) = object_path(&m.obj) {
                        if let Some(key) = member_key(&m.prop) {
                            let (root, mut names) = into.clone();
                            names.push(key.as_str().into());
                            self.written_paths.insert((root, names));
                        }
                        self.written_into.insert(into);
                    }
                    self.sharing.owners.push((range(a.span), root));
                    if let swc_ecma_ast::MemberProp::Computed(c) = &m.prop {
                        c.visit_with(self);
                    }
                    skip_root_member(&m.obj, self);
                    return;
                }
            }
            _ => {}
        }
        a.left.visit_with(self);
    }

    fn var_declarator(&mut self, kind: VarDeclKind, decl: &VarDeclarator) {
        if let (Pat::Object(pattern), Some(init)) = (&decl.name, &decl.init) {
            self.destructured(pattern, init);
            return;
        }
        let (Pat::Ident(name), Some(init)) = (&decl.name, &decl.init) else {
            return;
        };
        let id = name.id.to_id();
        if kind == VarDeclKind::Const
            && let Some(s) = const_string(init)
        {
            self.consts.insert(id.clone(), vec![s]);
        }
        let inner = match strip(init) {
            Expr::Assign(a) => chain_value(a),
            _ => init,
        };
        self.assigned(id.clone(), init, inner);
        self.chained(id, init);
    }
}

impl Facts {
    /// `const { dr, st: stripe = Stripe(k) } = client`: each binding is a property of `client` (of
    /// whatever `init` is, when it is not a name), or its default.
    fn destructured(&mut self, pattern: &swc_ecma_ast::ObjectPat, init: &Expr) {
        use swc_ecma_ast::ObjectPatProp;
        let object = match strip(init) {
            Expr::Ident(i) => Some(i.to_id()),
            _ => None,
        };
        for prop in &pattern.props {
            let (key, binding, default) = match prop {
                ObjectPatProp::KeyValue(kv) => match (prop_key(&kv.key), &*kv.value) {
                    (Some(key), Pat::Ident(b)) => (key, b.id.to_id(), None),
                    (Some(key), Pat::Assign(a)) => match &*a.left {
                        Pat::Ident(b) => (key, b.id.to_id(), Some(&*a.right)),
                        _ => continue,
                    },
                    _ => continue,
                },
                ObjectPatProp::Assign(a) => {
                    (a.key.sym.to_string(), a.key.to_id(), a.value.as_deref())
                }
                ObjectPatProp::Rest(_) => continue,
            };
            let origins = self.origins.entry(binding).or_default();
            origins.push(Origin::AliasProp(key.as_str().into(), object.clone()));
            if let Some(d) = default {
                origins.extend(classify(d));
            }
        }
    }
}

/// The binding a parameter pattern is, when it is a plain name.
fn ident_of(p: &Pat) -> Option<Id> {
    match p {
        Pat::Ident(b) => Some(b.id.to_id()),
        _ => None,
    }
}

/// Whether a member assigned to is a CommonJS export: `module.exports`, `module.exports.x`,
/// `exports.x`.
fn is_export_target(m: &swc_ecma_ast::MemberExpr) -> bool {
    let Some((root, names)) = object_path(&m.obj) else {
        return false;
    };
    let prop = member_key(&m.prop);
    match (&*root.0, names.as_slice()) {
        ("exports", []) => true,
        ("module", []) => prop.is_some_and(|p| p.as_str() == "exports"),
        ("module", [e]) => &**e == "exports",
        _ => false,
    }
}

/// `a.b.c` as its root binding and static names (`a`, `[b, c]`); `None` with a computed key.
/// The static names read from `this` (`this.api.refunds`: `[api, refunds]`; `this`: `[]`).
fn this_path(e: &Expr) -> Option<Vec<Atom>> {
    match strip(e) {
        Expr::This(_) => Some(Vec::new()),
        Expr::Member(m) => {
            let mut names = this_path(&m.obj)?;
            names.push(member_key(&m.prop)?.as_str().into());
            Some(names)
        }
        _ => None,
    }
}

fn object_path(e: &Expr) -> Option<(Id, Vec<Atom>)> {
    match strip(e) {
        Expr::Ident(i) => Some((i.to_id(), Vec::new())),
        Expr::Member(m) => {
            let (root, mut names) = object_path(&m.obj)?;
            names.push(member_key(&m.prop)?.as_str().into());
            Some((root, names))
        }
        _ => None,
    }
}

/// Visit the object part of a written member (`p.payPal.items = x`) without counting reads of its
/// root: only computed keys inside it are visited.
fn skip_root_member(obj: &Expr, facts: &mut Facts) {
    if let Expr::Member(inner) = strip(obj) {
        if let swc_ecma_ast::MemberProp::Computed(c) = &inner.prop {
            c.visit_with(facts);
        }
        skip_root_member(&inner.obj, facts);
    }
}

fn const_string(e: &Expr) -> Option<String> {
    match strip(e) {
        Expr::Lit(Lit::Str(s)) => Some(s.value.to_string_lossy().into_owned()),
        Expr::Tpl(t) if t.exprs.is_empty() && t.quasis.len() == 1 => t.quasis[0]
            .cooked
            .as_ref()
            .map(|c| c.to_string_lossy().into_owned()),
        _ => None,
    }
}
