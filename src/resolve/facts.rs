//! First pass over a file: every `createSource` call, where each binding and property gets its value
//! from (to recognize DigitalRiver.js and Stripe.js instances), which bindings flow into payloads, and
//! constant strings (`const TYPE = 'payPal'`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use swc_atoms::Atom;
use swc_ecma_ast::{
    AssignExpr, AssignOp, AssignTarget, CallExpr, ClassProp, Expr, Id, Lit, OptCall, Pat, Prop,
    PropOrSpread, SimpleAssignTarget, VarDecl, VarDeclKind, VarDeclarator,
};
use swc_ecma_visit::{Visit, VisitWith};

use super::calls::{PayloadArg, call_shape, call_shape_expr, prop_name};
use super::syntax::{callee_name, prop_key, range, strip};

/// Where a value comes from, as far as telling DigitalRiver.js from Stripe.js goes.
#[derive(Clone, Debug)]
pub enum Origin {
    DigitalRiver(Range<usize>),
    Stripe(Range<usize>),
    Alias(Id),
    AliasProp(Atom),
    Other,
}

/// The receiver of a `createSource` call, before resolution.
#[derive(Clone, Debug)]
pub enum ReceiverRef {
    Binding(Id),
    Prop(Atom),
    Other,
}

pub struct FoundCall {
    /// Start of the call expression: the key the flow pass snapshots the payload under.
    pub key: u32,
    pub name_range: Range<usize>,
    pub receiver: ReceiverRef,
    pub receiver_range: Range<usize>,
    pub payload: FoundPayload,
}

pub enum FoundPayload {
    Expr(Range<usize>),
    NotAnObject,
    Hidden { range: Range<usize>, what: String },
}

#[derive(Default)]
pub struct Facts {
    pub calls: Vec<FoundCall>,
    pub origins: HashMap<Id, Vec<Origin>>,
    pub prop_origins: HashMap<Atom, Vec<Origin>>,
    /// Bindings whose value may flow into a payload: the payload arguments and, transitively, what is
    /// assigned or merged into them.
    pub tracked: HashSet<Id>,
    pub consts: HashMap<Id, Vec<String>>,
    flows: HashMap<Id, Vec<Id>>,
    roots: Vec<Id>,
}

impl Facts {
    pub fn collect(program: &swc_ecma_ast::Program) -> Facts {
        let mut facts = Facts::default();
        program.visit_with(&mut facts);
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

    fn found_call(&mut self, key: u32, shape: Option<super::calls::CallShape<'_>>) {
        let Some(shape) = shape else {
            return;
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
            Expr::Member(m) => {
                prop_name(&m.prop).map_or(ReceiverRef::Other, |p| ReceiverRef::Prop(p.into()))
            }
            _ => ReceiverRef::Other,
        };
        self.calls.push(FoundCall {
            key,
            name_range: shape.name_range,
            receiver,
            receiver_range: range(swc_common::Spanned::span(shape.receiver)),
            payload,
        });
    }

    fn assigned(&mut self, id: Id, value: &Expr) {
        self.origins
            .entry(id.clone())
            .or_default()
            .push(classify(value));
        let mut deps = Vec::new();
        value_idents(value, &mut deps);
        if !deps.is_empty() {
            self.flows.entry(id).or_default().extend(deps);
        }
    }
}

/// What kind of instance an expression creates: `new DigitalRiver(key)`, `Stripe(key)`, an alias...
pub fn classify(e: &Expr) -> Origin {
    match strip(e) {
        Expr::New(n) => by_constructor(callee_name(&n.callee), range(n.span)),
        Expr::Call(c) => match &c.callee {
            swc_ecma_ast::Callee::Expr(callee) => {
                by_constructor(callee_name(callee), range(c.span))
            }
            _ => Origin::Other,
        },
        Expr::Await(a) => classify(&a.arg),
        Expr::Ident(i) => Origin::Alias(i.to_id()),
        Expr::Member(m) => {
            prop_name(&m.prop).map_or(Origin::Other, |p| Origin::AliasProp(p.into()))
        }
        Expr::Bin(b) if b.op.may_short_circuit() => pick(classify(&b.left), classify(&b.right)),
        Expr::Cond(c) => pick(classify(&c.cons), classify(&c.alt)),
        Expr::Assign(a) => classify(&a.right),
        _ => Origin::Other,
    }
}

fn by_constructor(name: Option<&str>, r: Range<usize>) -> Origin {
    match name {
        Some("DigitalRiver") => Origin::DigitalRiver(r),
        Some("Stripe") => Origin::Stripe(r),
        _ => Origin::Other,
    }
}

/// `window.dr || new DigitalRiver(key)`: the branch that says what the value is.
fn pick(a: Origin, b: Origin) -> Origin {
    match (&a, &b) {
        (Origin::DigitalRiver(_) | Origin::Stripe(_), _) => a,
        (_, Origin::DigitalRiver(_) | Origin::Stripe(_)) => b,
        (Origin::Alias(_) | Origin::AliasProp(_), _) => a,
        _ => b,
    }
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
        Expr::Assign(a) => value_idents(&a.right, out),
        Expr::Await(a) => value_idents(&a.arg, out),
        Expr::Call(c) if super::flow::is_assign_like(&c.callee) => {
            for a in &c.args {
                value_idents(&a.expr, out);
            }
        }
        _ => {}
    }
}

impl Visit for Facts {
    fn visit_call_expr(&mut self, c: &CallExpr) {
        self.found_call(c.span.lo.0, call_shape(&c.callee, &c.args));
        // Object.assign(p, src): what src holds may end up in p.
        if super::flow::is_assign_like(&c.callee)
            && let Some(target) = super::flow::assign_target(&c.args)
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
        self.found_call(c.span.lo.0, call_shape_expr(&c.callee, &c.args));
        c.visit_children_with(self);
    }

    fn visit_var_decl(&mut self, d: &VarDecl) {
        for decl in &d.decls {
            self.var_declarator(d.kind, decl);
        }
        d.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        match &a.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(i))
                if (a.op == AssignOp::Assign || a.op.may_short_circuit()) =>
            {
                self.assigned(i.to_id(), &a.right);
            }
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                if let Some(p) = prop_name(&m.prop) {
                    let o = classify(&a.right);
                    if matches!(
                        o,
                        Origin::DigitalRiver(_) | Origin::Stripe(_) | Origin::Alias(_)
                    ) {
                        self.prop_origins.entry(p.into()).or_default().push(o);
                    }
                }
            }
            _ => {}
        }
        a.visit_children_with(self);
    }

    fn visit_prop(&mut self, p: &Prop) {
        if let Prop::KeyValue(kv) = p
            && let Some(name) = prop_key(&kv.key)
        {
            let o = classify(&kv.value);
            if matches!(o, Origin::DigitalRiver(_) | Origin::Stripe(_)) {
                self.prop_origins.entry(name.into()).or_default().push(o);
            }
        }
        p.visit_children_with(self);
    }

    fn visit_class_prop(&mut self, p: &ClassProp) {
        if let (Some(name), Some(value)) = (prop_key(&p.key), &p.value) {
            let o = classify(value);
            if matches!(
                o,
                Origin::DigitalRiver(_) | Origin::Stripe(_) | Origin::Alias(_)
            ) {
                self.prop_origins.entry(name.into()).or_default().push(o);
            }
        }
        p.visit_children_with(self);
    }
}

impl Facts {
    fn var_declarator(&mut self, kind: VarDeclKind, decl: &VarDeclarator) {
        let (Pat::Ident(name), Some(init)) = (&decl.name, &decl.init) else {
            return;
        };
        let id = name.id.to_id();
        if kind == VarDeclKind::Const
            && let Some(s) = const_string(init)
        {
            self.consts.insert(id.clone(), vec![s]);
        }
        self.assigned(id, init);
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
