//! The shape of a session-aware call (`createSource` and the rule table's other `[[call]]`s): which call
//! it is, its receiver and the argument that carries the payload.

use std::ops::Range;

use swc_ecma_ast::{Callee, Expr, ExprOrSpread, Lit, MemberExpr, MemberProp};

use super::syntax::{prop_name, range, strip};
use crate::rules::{ArgPosition, CallSpec};

/// The calls to look for: each name and which argument holds its options object.
#[derive(Clone, Debug, Default)]
pub struct CallNames(Vec<CallName>);

/// Modules that say a file is not browser code, or a receiver is a REST client (the rule table's
/// `server-modules` and `service-modules`).
///
/// With [`CallNames`], what the resolver looks for: see [`Targets`].
#[derive(Clone, Debug, Default)]
pub struct ModuleHints {
    pub server: Vec<String>,
    pub services: Vec<String>,
}

impl ModuleHints {
    /// Whether requiring `specifier` makes the file a server script (`dw/order/BasketMgr`, `express`).
    pub fn is_server(&self, specifier: &str) -> bool {
        self.server.iter().any(|p| {
            specifier == p.trim_end_matches('/')
                || (p.ends_with('/') && specifier.starts_with(p.as_str()))
        })
    }

    /// Whether `specifier` is a service module (its exports are REST clients).
    pub fn is_service(&self, specifier: &str) -> bool {
        self.services.iter().any(|p| specifier.contains(p.as_str()))
    }
}

#[derive(Clone, Debug)]
struct CallName {
    name: String,
    options: ArgPosition,
    /// The argument naming the kind and the kinds that count (`createElement('paypal', ...)`).
    kind: Option<(usize, Vec<String>)>,
    /// Globals whose method of this name is another API's (`document`).
    other_receivers: Vec<String>,
}

impl CallNames {
    /// The calls of `specs` (the rule table's).
    pub fn new(specs: &[CallSpec]) -> CallNames {
        CallNames(
            specs
                .iter()
                .map(|c| CallName {
                    name: c.name.clone(),
                    options: c.options,
                    kind: c.kind.clone(),
                    other_receivers: c.other_receivers.clone(),
                })
                .collect(),
        )
    }

    /// The name of the call at `index` (into the rule table's calls); empty when there is none.
    pub fn name(&self, index: usize) -> &str {
        self.0.get(index).map_or("", |c| c.name.as_str())
    }

    /// The globals whose method named as call `index` is another API's (the rule table's
    /// `other-receivers`: `document` for `createElement`).
    pub fn other_receivers(&self, index: usize) -> &[String] {
        self.0
            .get(index)
            .map_or(&[], |c| c.other_receivers.as_slice())
    }

    /// The index (into the rule table's calls) and options position of the call named `name`.
    fn find(&self, name: &str) -> Option<(usize, ArgPosition)> {
        self.0
            .iter()
            .position(|c| c.name == name)
            .map(|i| (i, self.0[i].options))
    }

    /// Whether the arguments name one of the call's kinds (always, for a call without kinds).
    fn kind_matches(&self, call: usize, args: &[Option<&ExprOrSpread>]) -> bool {
        let Some((at, kinds)) = self.0.get(call).and_then(|c| c.kind.as_ref()) else {
            return true;
        };
        match args.get(*at) {
            Some(Some(a)) if a.spread.is_none() => match strip(&a.expr) {
                Expr::Lit(Lit::Str(s)) => s
                    .value
                    .as_str()
                    .is_some_and(|v| kinds.iter().any(|k| k == v)),
                _ => false,
            },
            _ => false,
        }
    }
}

/// Which argument of a call is the payload.
pub enum PayloadArg<'a> {
    /// The argument at the call's options position (the last one for `createSource`: the card form
    /// passes an element first), or that element of the array passed to `.apply`.
    Expr(&'a Expr),
    /// No argument at all, or only a non-object one (a string, a number): not a DigitalRiver.js payload.
    NotAnObject,
    /// The payload is there but hidden: `.apply(dr, args)` with `args` not an array literal, `...args`.
    Hidden { range: Range<usize>, what: String },
}

pub struct CallShape<'a> {
    /// Which call it is: an index into the rule table's calls.
    pub call: usize,
    pub receiver: &'a Expr,
    /// The call's name in the callee: where the call is reported.
    pub name_range: Range<usize>,
    pub payload: PayloadArg<'a>,
}

/// `<expr>.<name>(...)`, `<expr>["<name>"](...)`, `<expr>.<name>.call(recv, ...)` and
/// `<expr>.<name>.apply(recv, [...])` for a call `name` of `calls`; `None` for anything else (a bare
/// `<name>()` is a local function).
pub fn call_shape<'a>(
    callee: &'a Callee,
    args: &'a [ExprOrSpread],
    calls: &CallNames,
) -> Option<CallShape<'a>> {
    match callee {
        Callee::Expr(callee) => call_shape_expr(callee, args, calls),
        _ => None,
    }
}

/// [`call_shape`] for a callee that is an expression (optional calls: `dr.createSource?.(p)`).
pub fn call_shape_expr<'a>(
    callee: &'a Expr,
    args: &'a [ExprOrSpread],
    calls: &CallNames,
) -> Option<CallShape<'a>> {
    let member = member_of(callee)?;
    if let Some((call, options, name_range)) = call_name(member, calls) {
        let all: Vec<Option<&ExprOrSpread>> = args.iter().map(Some).collect();
        if !calls.kind_matches(call, &all) {
            return None;
        }
        return Some(CallShape {
            call,
            receiver: &member.obj,
            name_range,
            payload: pick(args, options),
        });
    }
    let via = prop_name(&member.prop)?;
    let inner = member_of(&member.obj)?;
    let (call, options, name_range) = call_name(inner, calls)?;
    let real_args: Vec<Option<&ExprOrSpread>> = match via {
        "call" => args.get(1..).unwrap_or_default().iter().map(Some).collect(),
        "apply" => match args.get(1).map(|a| strip(&a.expr)) {
            Some(Expr::Array(arr)) => arr.elems.iter().map(Option::as_ref).collect(),
            _ => Vec::new(),
        },
        _ => return None,
    };
    if !calls.kind_matches(call, &real_args) {
        return None;
    }
    let payload = match via {
        "call" => pick(args.get(1..).unwrap_or_default(), options),
        "apply" => match args.get(1) {
            None => PayloadArg::NotAnObject,
            Some(a) if a.spread.is_some() => hidden(&a.expr, "a spread of arguments"),
            Some(a) => match strip(&a.expr) {
                Expr::Array(arr) => {
                    let elems: Vec<Option<&ExprOrSpread>> =
                        arr.elems.iter().map(Option::as_ref).collect();
                    pick_elem(&elems, options)
                }
                other => hidden(other, "the arguments array passed to `.apply`"),
            },
        },
        _ => return None,
    };
    Some(CallShape {
        call,
        receiver: &inner.obj,
        name_range,
        payload,
    })
}

fn member_of(e: &Expr) -> Option<&MemberExpr> {
    match strip(e) {
        // `(0, dr.createSource)(p)`, as bundlers write a call without its `this`.
        Expr::Seq(s) => s.exprs.last().and_then(|last| member_of(last)),
        Expr::Member(m) => Some(m),
        Expr::OptChain(o) => match &*o.base {
            swc_ecma_ast::OptChainBase::Member(m) => Some(m),
            _ => None,
        },
        _ => None,
    }
}

/// The call `m` names, its options position and the range of its name.
fn call_name(m: &MemberExpr, calls: &CallNames) -> Option<(usize, ArgPosition, Range<usize>)> {
    let (call, options) = calls.find(prop_name(&m.prop)?)?;
    let name_range = match &m.prop {
        MemberProp::Ident(i) => range(i.span),
        MemberProp::Computed(c) => range(c.span),
        MemberProp::PrivateName(p) => range(p.span),
    };
    Some((call, options, name_range))
}

/// The name of a member for matching receivers: `dr` for `this.dr`, `#dr` for `this.#dr`.
pub fn member_key(p: &MemberProp) -> Option<String> {
    match p {
        MemberProp::PrivateName(n) => Some(format!("#{}", n.name)),
        _ => prop_name(p).map(str::to_string),
    }
}

/// The argument at `options`. A spread at or before it hides it.
fn pick(args: &[ExprOrSpread], options: ArgPosition) -> PayloadArg<'_> {
    let elems: Vec<Option<&ExprOrSpread>> = args.iter().map(Some).collect();
    pick_elem(&elems, options)
}

/// [`pick`] over arguments or the elements of an array literal (`None`: a hole).
fn pick_elem<'a>(elems: &[Option<&'a ExprOrSpread>], options: ArgPosition) -> PayloadArg<'a> {
    let index = match options {
        ArgPosition::Last => elems.len().checked_sub(1),
        ArgPosition::First => Some(0),
        ArgPosition::Index(i) => Some(i),
    };
    let Some(index) = index else {
        return PayloadArg::NotAnObject;
    };
    // `f(...args)` or `f(a, ...rest, b)`: which argument lands at `index` is not known.
    let spread_before = match options {
        ArgPosition::Last => None,
        _ => elems
            .iter()
            .take(index)
            .flatten()
            .find(|a| a.spread.is_some()),
    };
    if let Some(a) = spread_before {
        return hidden(&a.expr, "a spread of arguments");
    }
    match elems.get(index) {
        None | Some(None) => PayloadArg::NotAnObject,
        Some(Some(a)) if a.spread.is_some() => hidden(&a.expr, "a spread of arguments"),
        Some(Some(a)) => object_capable(&a.expr),
    }
}

fn hidden<'a>(e: &Expr, what: &str) -> PayloadArg<'a> {
    PayloadArg::Hidden {
        range: range(swc_common::Spanned::span(e)),
        what: what.to_string(),
    }
}

/// A literal, template or function can never be a payload object.
fn object_capable(e: &Expr) -> PayloadArg<'_> {
    match strip(e) {
        Expr::Lit(_)
        | Expr::Tpl(_)
        | Expr::Fn(_)
        | Expr::Arrow(_)
        | Expr::Array(_)
        | Expr::Unary(_) => PayloadArg::NotAnObject,
        _ => PayloadArg::Expr(e),
    }
}

/// What the resolver looks for in a file: the calls, and the modules that tell server code and REST
/// clients from DigitalRiver.js.
#[derive(Clone, Debug, Default)]
pub struct Targets {
    pub calls: CallNames,
    pub modules: ModuleHints,
}

impl Targets {
    /// The targets of a rule table.
    pub fn of(table: &crate::rules::RuleTable) -> Targets {
        Targets {
            calls: CallNames::new(table.calls()),
            modules: ModuleHints {
                server: table.server_modules.clone(),
                services: table.service_modules.clone(),
            },
        }
    }
}
