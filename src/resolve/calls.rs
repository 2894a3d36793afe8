//! The shape of a `createSource` call: its receiver and the argument that carries the payload.

use std::ops::Range;

use swc_ecma_ast::{Callee, Expr, ExprOrSpread, Lit, MemberExpr, MemberProp};

use super::syntax::{range, strip};

/// Which argument of a `createSource` call is the payload.
pub enum PayloadArg<'a> {
    /// The last argument (the card form passes an element first), or the last element of the array
    /// passed to `.apply`.
    Expr(&'a Expr),
    /// No argument at all, or only a non-object one (a string, a number): not a DigitalRiver.js payload.
    NotAnObject,
    /// The payload is there but hidden: `.apply(dr, args)` with `args` not an array literal, `...args`.
    Hidden { range: Range<usize>, what: String },
}

pub struct CallShape<'a> {
    pub receiver: &'a Expr,
    /// The `createSource` name in the callee: where the call is reported.
    pub name_range: Range<usize>,
    pub payload: PayloadArg<'a>,
}

/// `<expr>.createSource(...)`, `<expr>["createSource"](...)`, `<expr>.createSource.call(recv, ..., p)`
/// and `<expr>.createSource.apply(recv, [..., p])`; `None` for anything else (a bare `createSource()`
/// is a local function).
pub fn call_shape<'a>(callee: &'a Callee, args: &'a [ExprOrSpread]) -> Option<CallShape<'a>> {
    match callee {
        Callee::Expr(callee) => call_shape_expr(callee, args),
        _ => None,
    }
}

/// [`call_shape`] for a callee that is an expression (optional calls: `dr.createSource?.(p)`).
pub fn call_shape_expr<'a>(callee: &'a Expr, args: &'a [ExprOrSpread]) -> Option<CallShape<'a>> {
    let member = member_of(callee)?;
    if let Some(name_range) = create_source_name(member) {
        return Some(CallShape {
            receiver: &member.obj,
            name_range,
            payload: last_arg(args),
        });
    }
    let via = prop_name(&member.prop)?;
    let inner = member_of(&member.obj)?;
    let name_range = create_source_name(inner)?;
    let payload = match via {
        "call" => last_arg(args.get(1..).unwrap_or_default()),
        "apply" => match args.get(1) {
            None => PayloadArg::NotAnObject,
            Some(a) if a.spread.is_some() => hidden(&a.expr, "a spread of arguments"),
            Some(a) => match strip(&a.expr) {
                Expr::Array(arr) => match arr.elems.last() {
                    None => PayloadArg::NotAnObject,
                    Some(None) => PayloadArg::NotAnObject,
                    Some(Some(el)) if el.spread.is_some() => {
                        hidden(&el.expr, "a spread of arguments")
                    }
                    Some(Some(el)) => object_capable(&el.expr),
                },
                other => hidden(other, "the arguments array passed to `.apply`"),
            },
        },
        _ => return None,
    };
    Some(CallShape {
        receiver: &inner.obj,
        name_range,
        payload,
    })
}

fn member_of(e: &Expr) -> Option<&MemberExpr> {
    match strip(e) {
        Expr::Member(m) => Some(m),
        Expr::OptChain(o) => match &*o.base {
            swc_ecma_ast::OptChainBase::Member(m) => Some(m),
            _ => None,
        },
        _ => None,
    }
}

fn create_source_name(m: &MemberExpr) -> Option<Range<usize>> {
    (prop_name(&m.prop)? == "createSource").then(|| match &m.prop {
        MemberProp::Ident(i) => range(i.span),
        MemberProp::Computed(c) => range(c.span),
        MemberProp::PrivateName(p) => range(p.span),
    })
}

/// The name of a member for matching receivers: `dr` for `this.dr`, `#dr` for `this.#dr`.
pub fn member_key(p: &MemberProp) -> Option<String> {
    match p {
        MemberProp::PrivateName(n) => Some(format!("#{}", n.name)),
        _ => prop_name(p).map(str::to_string),
    }
}

pub fn prop_name(p: &MemberProp) -> Option<&str> {
    match p {
        MemberProp::Ident(i) => Some(i.sym.as_str()),
        MemberProp::Computed(c) => match strip(&c.expr) {
            Expr::Lit(Lit::Str(s)) => s.value.as_str(),
            _ => None,
        },
        MemberProp::PrivateName(_) => None,
    }
}

fn last_arg(args: &[ExprOrSpread]) -> PayloadArg<'_> {
    match args.last() {
        None => PayloadArg::NotAnObject,
        Some(a) if a.spread.is_some() => hidden(&a.expr, "a spread of arguments"),
        Some(a) => object_capable(&a.expr),
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
