//! Small helpers over swc's AST shared by the resolver's passes.

use std::ops::Range;

use swc_common::Span;
use swc_ecma_ast::{Callee, Expr, ExprOrSpread, Id, Lit, MemberExpr, MemberProp, PropName};

/// A span as a byte range of the file (swc positions start at 1).
pub fn range(span: Span) -> Range<usize> {
    (span.lo.0.saturating_sub(1) as usize)..(span.hi.0.saturating_sub(1) as usize)
}

/// The binding at the root of `a.b.c` (through parentheses and TypeScript wrappers).
pub fn member_root(m: &MemberExpr) -> Option<Id> {
    match strip(&m.obj) {
        Expr::Ident(i) => Some(i.to_id()),
        Expr::Member(inner) => member_root(inner),
        _ => None,
    }
}

/// Look through parentheses and TypeScript-only wrappers: `(p)`, `p as T`, `p satisfies T`, `p!`, `<T>p`.
pub fn strip(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Paren(p) => &p.expr,
            Expr::TsAs(t) => &t.expr,
            Expr::TsSatisfies(t) => &t.expr,
            Expr::TsNonNull(t) => &t.expr,
            Expr::TsTypeAssertion(t) => &t.expr,
            Expr::TsConstAssertion(t) => &t.expr,
            Expr::TsInstantiation(t) => &t.expr,
            _ => return e,
        }
    }
}

/// The name of a property key when it is static: `amount`, `"amount"`, `['amount']`, `1`.
pub fn prop_key(key: &PropName) -> Option<String> {
    match key {
        PropName::Ident(i) => Some(i.sym.to_string()),
        PropName::Str(s) => Some(s.value.to_string_lossy().into_owned()),
        PropName::Num(n) => Some(n.value.to_string()),
        PropName::Computed(c) => match strip(&c.expr) {
            Expr::Lit(Lit::Str(s)) => Some(s.value.to_string_lossy().into_owned()),
            Expr::Tpl(t) if t.exprs.is_empty() && t.quasis.len() == 1 => t.quasis[0]
                .cooked
                .as_ref()
                .map(|c| c.to_string_lossy().into_owned()),
            _ => None,
        },
        PropName::BigInt(_) => None,
    }
}

/// The last name of a callee: `DigitalRiver` for `DigitalRiver(...)`, `new window.DigitalRiver(...)`.
pub fn callee_name(e: &Expr) -> Option<&str> {
    match strip(e) {
        Expr::Ident(i) => Some(i.sym.as_str()),
        Expr::Member(m) => prop_name(&m.prop),
        _ => None,
    }
}

/// A short excerpt of the source for messages: `buildPayload()`, `this.payload`. Runs of whitespace
/// become one space; past 48 characters it is cut to 45 and `...`. Only the start of the range is
/// read, so asking for an excerpt of every level of a deeply nested expression stays linear.
pub fn excerpt(text: &str, r: &Range<usize>) -> String {
    const MAX: usize = 48;
    const CUT: usize = 45;
    let s = text.get(r.clone()).unwrap_or("");
    let mut out = String::new();
    let mut count = 0;
    for word in s.split_whitespace() {
        if count > MAX {
            break;
        }
        if count > 0 {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count > MAX {
                break;
            }
            // Messages reach terminals: no control or bidirectional override characters.
            out.push(crate::source::shown_char(c));
            count += 1;
        }
    }
    if count > MAX {
        let cut: String = out.chars().take(CUT).collect();
        format!("{cut}...")
    } else {
        out
    }
}

/// The static name of a member: `x.amount`, `x["amount"]`; `None` for a computed or private one.
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

/// `Object.assign(target, ...sources)` and the library helpers that do the same.
pub fn is_assign_like(callee: &Callee) -> bool {
    merge_kind(callee, &[]).is_some()
}

/// How a merge helper copies its sources into its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MergeKind {
    /// `Object.assign`, `$.extend(t, s)`, `_.assign`: each source field replaces the target's.
    Shallow,
    /// `$.extend(true, t, s)`, `_.merge`, `angular.merge`: nested objects are merged field by field.
    Deep,
    /// `_.defaultsDeep`: only the fields the target lacks are added, nested objects merged.
    DefaultsDeep,
}

/// The merge a call makes: `Object.assign(target, ...sources)` and the library helpers that do the
/// same (`args` decide `$.extend(true, ...)`); `None` for any other call.
pub fn merge_kind(callee: &Callee, args: &[ExprOrSpread]) -> Option<MergeKind> {
    let Callee::Expr(e) = callee else {
        return None;
    };
    let Expr::Member(m) = strip(e) else {
        return None;
    };
    let (Expr::Ident(obj), Some(prop)) = (strip(&m.obj), prop_name(&m.prop)) else {
        return None;
    };
    let deep_flag = args
        .first()
        .is_some_and(|a| matches!(strip(&a.expr), Expr::Lit(Lit::Bool(b)) if b.value));
    Some(match (obj.sym.as_str(), prop) {
        ("Object", "assign") | ("angular", "extend") => MergeKind::Shallow,
        ("$" | "jQuery", "extend") if deep_flag => MergeKind::Deep,
        ("$" | "jQuery", "extend") => MergeKind::Shallow,
        ("_" | "lodash", "assign" | "extend") => MergeKind::Shallow,
        ("_" | "lodash", "merge") | ("angular", "merge") => MergeKind::Deep,
        ("_" | "lodash", "defaultsDeep") => MergeKind::DefaultsDeep,
        _ => return None,
    })
}

/// The target of an assign-like call (`$.extend(true, target, ...)` puts it second).
pub fn assign_target(args: &[ExprOrSpread]) -> Option<&Expr> {
    let first = args.first()?;
    match strip(&first.expr) {
        Expr::Lit(Lit::Bool(_)) => args.get(1).map(|a| &*a.expr),
        _ => Some(&first.expr),
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpt_collapses_whitespace_and_cuts_long_text() {
        let short = "buildPayload(\n    a,   b)";
        assert_eq!(excerpt(short, &(0..short.len())), "buildPayload( a, b)");
        let long = format!("f({})", "x, ".repeat(100));
        let e = excerpt(&long, &(0..long.len()));
        assert_eq!(e.chars().count(), 48);
        assert!(e.starts_with("f(x, x,") && e.ends_with("..."));
        // Exactly 48 characters is kept whole; 49 is cut.
        let exact = "a".repeat(48);
        assert_eq!(excerpt(&exact, &(0..48)), exact);
        let over = "a".repeat(49);
        assert_eq!(excerpt(&over, &(0..49)), format!("{}...", "a".repeat(45)));
        assert_eq!(excerpt("ab", &(5..9)), "");
    }
}
