//! The fix policy, over one payload's typed findings:
//! - the session id first: while a payload has no session id, its redundant fields are removed only in
//!   the fix that inserts it, all or nothing (a payload never loses `amount` without gaining
//!   `sessionId`);
//! - a removal is safe only when it has no side effect, the field is certain (not conditional) and no
//!   other code sees the object it edits; otherwise it is unsafe, or left out of the session id's fix;
//! - suppressed or turned-off findings are never fixed, and no fix edits a suppression comment or a
//!   server template tag;
//! - the insertion is display-only without a configured expression, unsafe on a TypeScript-typed
//!   payload.

use std::ops::Range;

use swc_common::Spanned;
use swc_ecma_ast::{
    AssignExpr, AssignTarget, CallExpr, Callee, ExportDecl, ExportNamedSpecifier, Expr, Id,
    MemberExpr, MemberProp, ModuleExportName, NewExpr, Pat, SimpleAssignTarget, VarDeclarator,
    WithStmt,
};
use swc_ecma_visit::{Visit, VisitWith};

use super::context::CheckContext;
use super::edits::{insert_session_id, removal_edits, removal_is_safe};
use super::finding::{Finding, Violation};
use super::payload::{PayloadCx, contains};
use crate::fix::{Applicability, Edit, Fix};
use crate::resolve::model::{FieldOrigin, Presence};
use crate::source::template::TagRole;

/// What stands in for the session id when none was configured.
pub const PLACEHOLDER: &str = "<the checkout's payment.session.id>";

/// A call recognised by its payload alone, on a receiver that may be the merchant's own client
/// (`why`: see `CallSite::receiver_doubt`): a fix may change a request to the merchant's server, so
/// no fix of its findings is safe.
pub fn doubted_receiver(findings: &mut [Finding], why: &str) {
    for fix in findings.iter_mut().filter_map(|f| f.fix.as_mut()) {
        if fix.applicability == Applicability::Safe {
            fix.applicability = Applicability::Unsafe;
            fix.note = Some(why.to_string());
        }
    }
}

/// Attach the fixes of one payload to its findings.
pub fn attach(p: &PayloadCx, cx: &CheckContext, findings: &mut [Finding]) {
    let spec = p.spec;
    let m = p.object;
    let suppressed: Vec<bool> = findings.iter().map(|f| (cx.suppressed)(f)).collect();
    // A removal is safe when it has no side effect, no other code sees the object it edits (through
    // any binding, a nested details object's own included), and no getter, setter or method of the
    // object runs or reads it.
    let accessors = m.layout.as_ref().is_some_and(|l| l.has_accessors);
    let safe_removal = |field: &str, origins: &[FieldOrigin]| {
        let segments: Vec<&str> = field.split('.').collect();
        !accessors
            && origins.iter().all(|o| {
                let in_accessor_literal =
                    matches!(o, FieldOrigin::Property { layout, .. } if layout.has_accessors);
                removal_is_safe(o)
                    && !in_accessor_literal
                    && !cx.sharing.is_shared_path(o.range().start, &segments)
            })
    };
    // No removal at all, not even an unsafe one, where it would change more than this call's payload:
    // an object whose getters, setters or methods may read the field (`this.amount`), or one that
    // reaches other session-aware calls too (sent as `payPal` here and as `creditCard` there).
    let no_removals = accessors || cx.multi_call_objects.contains(&m.origin);
    // The redundant fields the fixes may remove: (index, origins, conditional). A field written in
    // too many places (generated code) is reported, not fixed.
    let redundant: Vec<(usize, &[FieldOrigin], bool)> = findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match &f.violation {
            Violation::RedundantField(r) if r.origins_complete && !no_removals => {
                Some((i, r.origins.as_slice(), f.conditional))
            }
            _ => None,
        })
        .collect();
    let field_of = |i: usize| {
        findings[i]
            .violation
            .field()
            .unwrap_or_default()
            .to_string()
    };
    match m.field(&spec.session_key).map(|f| f.presence) {
        Some(Presence::Certain) => {
            let mut fixes = Vec::new();
            for &(i, origins, conditional) in &redundant {
                if suppressed[i] {
                    continue;
                }
                let refs: Vec<&FieldOrigin> = origins.iter().collect();
                let Some(edits) = removal_edits(cx.text, cx.comments, p.file, &refs) else {
                    continue;
                };
                if touches_protected(&edits, cx) {
                    continue;
                }
                let field = field_of(i);
                let safe = !conditional && safe_removal(&field, origins);
                let paths_or_types = conditional.then(|| conditional_reason(&findings[i]));
                let note =
                    (!safe).then(|| unsafe_removal_note(p, cx, &field, origins, paths_or_types));
                fixes.push((
                    i,
                    Fix {
                        applicability: if safe {
                            Applicability::Safe
                        } else {
                            Applicability::Unsafe
                        },
                        message: format!("Remove `{field}`"),
                        edits,
                        note,
                    },
                ));
            }
            for (i, fix) in fixes {
                findings[i].fix = Some(fix);
            }
        }
        Some(Presence::Maybe) => {}
        None => {
            let Some(layout) = &m.layout else {
                return;
            };
            // The literal has the key, but a `delete` (or something else) takes it away before the
            // call: adding it again would only duplicate the key; and a key a `delete` removes on
            // every path before the call would be removed again. (A `delete` on some paths only,
            // such as in a callback, leaves the insertion worth making.)
            if layout.prop_with_key(&spec.session_key).is_some()
                || m.deleted(&spec.session_key)
                    .is_some_and(|d| d.presence == Presence::Certain)
            {
                return;
            }
            let Some(missing) = findings.iter().position(|f| {
                matches!(
                    f.violation,
                    Violation::MissingSessionId(_) | Violation::SessionNotConfigured(_)
                )
            }) else {
                return;
            };
            // Configuring a call with the session changes what it returns (the session's payment
            // methods): worth doing, but reviewed, never applied by plain `--fix`.
            let configurable = matches!(
                findings[missing].violation,
                Violation::SessionNotConfigured(_)
            );
            let after = spec
                .type_key
                .as_deref()
                .and_then(|k| layout.prop_with_key(k));
            let insertion = insert_session_id(
                cx.text,
                p.file,
                layout,
                &spec.session_key,
                after,
                cx.session_id_expr.unwrap_or(PLACEHOLDER),
            );
            if touches_protected(&insertion, cx) {
                return;
            }
            let points: Vec<usize> = insertion.iter().map(|e| e.range.start).collect();
            // Suppressed or turned-off fields stay; so do those whose removal is not safe.
            let removable: Vec<&(usize, &[FieldOrigin], bool)> = redundant
                .iter()
                .filter(|(i, origins, conditional)| {
                    !conditional && !suppressed[*i] && safe_removal(&field_of(*i), origins)
                })
                .collect();
            let safe: Vec<&FieldOrigin> = removable
                .iter()
                .flat_map(|(_, origins, _)| origins.iter())
                .collect();
            let mut edits = insertion;
            let mut removed = 0;
            if let Some(removals) = removal_edits(cx.text, cx.comments, p.file, &safe)
                && removals.iter().all(|e| {
                    points
                        .iter()
                        .all(|&at| !(e.range.start < at && at < e.range.end))
                })
                && !touches_protected(&removals, cx)
            {
                removed = removable.len();
                edits.extend(removals);
            }
            let key = &spec.session_key;
            let message = match removed {
                0 => format!("Add `{key}`"),
                1 => format!("Add `{key}` and remove 1 redundant field"),
                n => format!("Add `{key}` and remove {n} redundant fields"),
            };
            edits.sort_by_key(|e| (e.file, e.range.start, e.range.end));
            let note = cx
                .session_id_expr
                .and_then(|_| unbound_note(cx, layout.range.start));
            let unbound = note.is_some();
            // Another reader of the object (a log, a Stripe.js call, a `fetch` body, an export) would
            // see the new key too.
            let shared = cx.sharing.is_shared_object(layout.range.start);
            // Why it is not safe, when it is not.
            let note = note.or_else(|| {
                if cx.session_id_expr.is_none() {
                    None
                } else if configurable {
                    Some("configuring the call changes what it returns: review it".to_string())
                } else if shared {
                    let who = if p.file == cx.file {
                        who_else_sees(p, cx, layout.range.start, &[])
                    } else {
                        Vec::new()
                    };
                    Some(if who.is_empty() {
                        "other code reads this object too (a log, a request body, Stripe.js, an export) and would see the new key".to_string()
                    } else {
                        format!("other code would see the new key: {}", who.join("; "))
                    })
                } else if m.typed {
                    Some("the payload's declared type may need the key too".to_string())
                } else {
                    None
                }
            });
            findings[missing].fix = Some(Fix {
                applicability: match (
                    cx.session_id_expr,
                    unbound,
                    m.typed || shared || configurable,
                ) {
                    (None, _, _) | (_, true, _) => Applicability::DisplayOnly,
                    (Some(_), false, true) => Applicability::Unsafe,
                    (Some(_), false, false) => Applicability::Safe,
                },
                message,
                edits,
                note,
            });
        }
    }
}

/// Why removing `field` (set at `origins`) is not safe, said exactly: the paths or types it is
/// redundant on, a value with side effects, an accessor of its object, and who else sees the object
/// (the binding that reads it and where, the other call it is passed to, its export, code the
/// analysis cannot read).
fn unsafe_removal_note(
    p: &PayloadCx,
    cx: &CheckContext,
    field: &str,
    origins: &[FieldOrigin],
    conditional: Option<String>,
) -> String {
    let mut why: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if !why.contains(&s) {
            why.push(s);
        }
    };
    if let Some(c) = conditional {
        add(c);
    }
    let here = p.file == cx.file;
    let segments: Vec<&str> = field.split('.').collect();
    for o in origins {
        let at = o.range();
        if !removal_is_safe(o) {
            let value = match o {
                FieldOrigin::Write { expr, .. } => expr.clone(),
                FieldOrigin::Property { prop, .. } => prop.clone(),
            };
            add(if here {
                format!(
                    "its value may have side effects (`{}`, line {})",
                    snippet(cx.original, &value),
                    line_of(cx.text, value.start)
                )
            } else {
                "its value may have side effects".into()
            });
        }
        if matches!(o, FieldOrigin::Property { layout, .. } if layout.has_accessors) {
            add("its object literal has a getter, setter or method, which may read it".into());
        }
        if cx.sharing.is_shared_path(at.start, &segments) {
            let found = if here {
                who_else_sees(p, cx, at.start, &segments)
            } else {
                Vec::new()
            };
            if found.is_empty() {
                add("other code may read the object it is in".into());
            }
            for s in found {
                add(s);
            }
        }
    }
    if why.is_empty() {
        why.push("other code may read the object it is in".into());
    }
    why.join("; ")
}

/// Why a redundant field is conditional: set on some paths only, or redundant for some of the
/// payload's possible types only (and which).
fn conditional_reason(f: &Finding) -> String {
    match &f.violation {
        Violation::RedundantField(r) => match (&r.when, r.maybe_present) {
            (Some((key, when)), false) => format!("it is redundant only when `{key}` is {when}"),
            (Some((key, when)), true) => {
                format!("it is set on some paths only, and redundant only when `{key}` is {when}")
            }
            (None, true) => "it is set on some paths only".into(),
            (None, false) => "the payload reaches the call on some paths only".into(),
        },
        _ => "it holds on some paths only".into(),
    }
}

/// Line number (1-based) of byte `pos`.
fn line_of(text: &str, pos: usize) -> usize {
    text.get(..pos).map_or(0, |t| t.matches('\n').count()) + 1
}

/// A short excerpt of `range` for a message: whitespace collapsed, at most 48 characters.
fn snippet(text: &str, range: &Range<usize>) -> String {
    let words: Vec<&str> = text
        .get(range.clone())
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let s = words.join(" ");
    match s.char_indices().nth(48) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s,
    }
}

/// Who besides the payload's own call sees the object that holds the field at `pos`: the binding
/// the object is assigned to (the innermost literal or write containing `pos`, as the sharing
/// analysis finds it), then each place that binding is read, passed on, exported, and code the
/// analysis cannot read. Empty when there is no such binding.
fn who_else_sees(p: &PayloadCx, cx: &CheckContext, pos: usize, segments: &[&str]) -> Vec<String> {
    let mut owners = Owners { pos, best: None };
    cx.program.visit_with(&mut owners);
    let Some((_, owner)) = owners.best else {
        return Vec::new();
    };
    let mut w = Readers {
        owner,
        segments,
        own_call: p.call.range.clone(),
        payload: p.object.origin.clone(),
        text: cx.text,
        original: cx.original,
        handled: Vec::new(),
        out: Vec::new(),
    };
    cx.program.visit_with(&mut w);
    w.out
}

/// The innermost literal bound to a name (`var p = {...}`, `p = {...}`) or write through a name
/// (`p.amount = x`) that contains `pos`, and that name.
struct Owners {
    pos: usize,
    best: Option<(Range<usize>, Id)>,
}

impl Owners {
    fn offer(&mut self, r: Range<usize>, id: Id) {
        let better = self
            .best
            .as_ref()
            .is_none_or(|(b, _)| r.end - r.start < b.end - b.start);
        if r.start <= self.pos && self.pos < r.end && better {
            self.best = Some((r, id));
        }
    }
}

/// A syntax node's byte range in the file (swc's positions start at 1).
fn span_range(s: swc_common::Span) -> Range<usize> {
    (s.lo.0.saturating_sub(1) as usize)..(s.hi.0.saturating_sub(1) as usize)
}

fn strip_parens(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_parens(&p.expr),
        Expr::TsAs(a) => strip_parens(&a.expr),
        Expr::TsSatisfies(a) => strip_parens(&a.expr),
        Expr::TsNonNull(a) => strip_parens(&a.expr),
        Expr::TsConstAssertion(a) => strip_parens(&a.expr),
        Expr::TsTypeAssertion(a) => strip_parens(&a.expr),
        _ => e,
    }
}

fn member_root_id(m: &MemberExpr) -> Option<Id> {
    match strip_parens(&m.obj) {
        Expr::Ident(i) => Some(i.to_id()),
        Expr::Member(inner) => member_root_id(inner),
        _ => None,
    }
}

impl Visit for Owners {
    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if let (Pat::Ident(name), Some(init)) = (&d.name, &d.init)
            && let Expr::Object(o) = strip_parens(init)
        {
            self.offer(span_range(o.span), name.id.to_id());
        }
        d.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        match &a.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(i)) => {
                if let Expr::Object(o) = strip_parens(&a.right) {
                    self.offer(span_range(o.span), i.id.to_id());
                }
            }
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                if let Some(root) = member_root_id(m) {
                    self.offer(span_range(a.span), root);
                }
            }
            _ => {}
        }
        a.visit_children_with(self);
    }
}

/// Every place the owner binding is seen besides the payload's own call, said for a note.
struct Readers<'a> {
    owner: Id,
    segments: &'a [&'a str],
    /// The payload call's name: a call whose callee holds it is the payload's own call.
    own_call: Range<usize>,
    /// The payload literal: a binding put into it (a details object) is the payload's own use.
    payload: Range<usize>,
    text: &'a str,
    original: &'a str,
    /// Uses already said (an argument named with its call).
    handled: Vec<Range<usize>>,
    out: Vec<String>,
}

impl Readers<'_> {
    fn say(&mut self, s: String) {
        if !self.out.contains(&s) {
            self.out.push(s);
        }
    }

    fn is_owner(&self, e: &Expr) -> Option<Range<usize>> {
        match strip_parens(e) {
            Expr::Ident(i) if i.to_id() == self.owner => Some(span_range(i.span)),
            _ => None,
        }
    }

    fn own(&self, r: &Range<usize>) -> bool {
        self.payload.start <= r.start && r.end <= self.payload.end
    }

    fn passed(
        &mut self,
        callee: &str,
        callee_range: Range<usize>,
        args: &[swc_ecma_ast::ExprOrSpread],
        new: bool,
    ) {
        let own_call =
            callee_range.start <= self.own_call.start && self.own_call.end <= callee_range.end;
        for a in args {
            if let Some(r) = self.is_owner(&a.expr) {
                self.handled.push(r.clone());
                if own_call || self.own(&r) {
                    continue;
                }
                let name = self.owner.0.to_string();
                let line = line_of(self.text, r.start);
                self.say(format!(
                    "`{name}` is also passed to `{}{callee}(...)` on line {line}, which may read it",
                    if new { "new " } else { "" }
                ));
            }
        }
    }
}

impl Visit for Readers<'_> {
    fn visit_call_expr(&mut self, c: &CallExpr) {
        if let Callee::Expr(callee) = &c.callee {
            let r = span_range(callee.span());
            let name = snippet(self.original, &r);
            self.passed(&name, r.clone(), &c.args, false);
            if let Expr::Ident(i) = strip_parens(callee)
                && (i.sym == *"eval" || i.sym == *"Function")
            {
                let line = line_of(self.text, r.start);
                self.say(format!(
                    "the file runs code the analysis cannot read (`{}` on line {line})",
                    i.sym
                ));
            }
        }
        c.visit_children_with(self);
    }

    fn visit_new_expr(&mut self, n: &NewExpr) {
        let r = span_range(n.callee.span());
        let name = snippet(self.original, &r);
        if let Some(args) = &n.args {
            self.passed(&name, r.clone(), args, true);
        }
        if matches!(strip_parens(&n.callee), Expr::Ident(i) if i.sym == *"Function") {
            let line = line_of(self.text, r.start);
            self.say(format!(
                "the file runs code the analysis cannot read (`new Function` on line {line})"
            ));
        }
        n.visit_children_with(self);
    }

    fn visit_with_stmt(&mut self, w: &WithStmt) {
        let line = line_of(self.text, span_range(w.span).start);
        self.say(format!(
            "the file runs code the analysis cannot read (`with` on line {line})"
        ));
        w.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        // A write through the binding (`p.amount = x`) is not a read of it.
        if let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &a.left
            && member_root_id(m).as_ref() == Some(&self.owner)
        {
            if let MemberProp::Computed(c) = &m.prop {
                c.visit_with(self);
            }
            a.right.visit_with(self);
            return;
        }
        a.visit_children_with(self);
    }

    fn visit_export_decl(&mut self, e: &ExportDecl) {
        if let swc_ecma_ast::Decl::Var(v) = &e.decl
            && v.decls
                .iter()
                .any(|d| matches!(&d.name, Pat::Ident(b) if b.id.to_id() == self.owner))
        {
            let line = line_of(self.text, span_range(e.span).start);
            let name = self.owner.0.to_string();
            self.say(format!(
                "`{name}` is exported (line {line}): other modules may read it"
            ));
        }
        e.visit_children_with(self);
    }

    fn visit_export_named_specifier(&mut self, s: &ExportNamedSpecifier) {
        if let ModuleExportName::Ident(i) = &s.orig
            && i.sym == self.owner.0
        {
            let line = line_of(self.text, span_range(i.span).start);
            let name = self.owner.0.to_string();
            self.say(format!(
                "`{name}` is exported (line {line}): other modules may read it"
            ));
        }
    }

    fn visit_expr(&mut self, e: &Expr) {
        match e {
            Expr::Ident(i) if i.to_id() == self.owner => {
                let r = span_range(i.span);
                if self.handled.contains(&r) || self.own(&r) {
                    return;
                }
                let line = line_of(self.text, r.start);
                let line_range = line_bounds(self.original, r.start);
                let name = self.owner.0.to_string();
                self.say(format!(
                    "`{name}` is also used on line {line} (`{}`)",
                    snippet(self.original, &line_range)
                ));
            }
            Expr::Member(m) if matches!(strip_parens(&m.obj), Expr::Ident(i) if i.to_id() == self.owner) =>
            {
                let r = span_range(m.span);
                let line = line_of(self.text, r.start);
                let read = match &m.prop {
                    MemberProp::Ident(p) => Some(p.sym.to_string()),
                    MemberProp::Computed(c) => match strip_parens(&c.expr) {
                        Expr::Lit(swc_ecma_ast::Lit::Str(s)) => {
                            Some(s.value.to_string_lossy().into_owned())
                        }
                        _ => None,
                    },
                    MemberProp::PrivateName(_) => None,
                };
                match read {
                    Some(f) if self.segments.contains(&f.as_str()) => self.say(format!(
                        "`{}` is read on line {line}",
                        snippet(self.original, &r)
                    )),
                    Some(_) => {}
                    None => self.say(format!(
                        "`{}` reads any field of it on line {line}",
                        snippet(self.original, &r)
                    )),
                }
                m.prop.visit_with(self);
            }
            _ => e.visit_children_with(self),
        }
    }
}

/// The range of the line that holds `pos`, without its line break.
fn line_bounds(text: &str, pos: usize) -> Range<usize> {
    let start = text
        .get(..pos)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(pos..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| pos + i);
    start..end
}

/// Names that exist in every browser page: the session id expression may start from them.
pub const BROWSER_GLOBALS: &[&str] = &[
    "window",
    "self",
    "globalThis",
    "document",
    "location",
    "navigator",
    "localStorage",
    "sessionStorage",
];

/// Why the session id expression cannot go at `pos`: the names it refers to that are not bound there,
/// and what is in scope that may hold a session id (a suggestion, never applied).
fn unbound_note(cx: &CheckContext, pos: usize) -> Option<String> {
    let global = |r: &str| BROWSER_GLOBALS.contains(&r) || cx.globals.iter().any(|g| g == r);
    // A global the pages define, shadowed where the fix goes by a binding of a function or block (a
    // parameter, a `let checkout` in the handler): the expression would read that local, a different
    // value, not the page's. (A declaration at the top level of a page's script is the global itself.)
    if let Some(note) = cx
        .session_id_roots
        .iter()
        .filter(|r| global(r))
        .find_map(|r| shadowing_local(cx, r, pos))
    {
        return Some(note);
    }
    let unbound: Vec<&str> = cx
        .session_id_roots
        .iter()
        .map(String::as_str)
        .filter(|r| {
            // A global counts unless a local binding of the same name shadows it there.
            let bound = if global(r) && !cx.scopes.shadows(r, pos) {
                true
            } else {
                cx.scopes.is_bound(r, pos)
            };
            !bound
        })
        .collect();
    if unbound.is_empty() {
        return None;
    }
    let mut note = format!(
        "`{}` {} not defined here",
        unbound.join("`, `"),
        if unbound.len() == 1 { "is" } else { "are" }
    );
    let mut seen = Vec::new();
    let candidates: Vec<String> = cx
        .scopes
        .visible_at(pos)
        .filter(|b| {
            let name = b.name.to_ascii_lowercase();
            let init = b.init.as_deref().unwrap_or("");
            name.contains("sessionid")
                || init.ends_with("payment.session.id")
                || init.ends_with(".sessionId")
                || init.ends_with(".paymentSessionId")
        })
        .filter(|b| {
            let new = !seen.contains(&b.name);
            seen.push(b.name.clone());
            new
        })
        .take(3)
        .map(|b| match (&b.init, b.is_param) {
            (Some(init), _) => format!("`{}` (= `{init}`)", b.name),
            (None, true) => format!("`{}` (a parameter)", b.name),
            (None, false) => format!("`{}`", b.name),
        })
        .collect();
    if candidates.is_empty() {
        note += &format!(
            " (give an expression that is, per path with `[[session-id]]`, or declare a page global \
             with `--global {}`)",
            unbound[0]
        );
    } else {
        note += &format!("; in scope here: {}", candidates.join(", "));
    }
    Some(note)
}

/// When the global `name` is shadowed at `pos` by a binding of an enclosing function or block that
/// has its value there, why the session id may not start from it: that binding and its line.
fn shadowing_local(cx: &CheckContext, name: &str, pos: usize) -> Option<String> {
    let program = 0..usize::MAX;
    let local = cx
        .scopes
        .visible_at(pos)
        .find(|b| b.name.as_str() == name && b.scope != program)?;
    let line = cx
        .text
        .get(..local.at.start)
        .map_or(0, |t| t.matches('\n').count())
        + 1;
    let what = if local.is_param {
        "a parameter"
    } else {
        "a local binding"
    };
    Some(format!(
        "`{name}` here is {what} declared on line {line}, not the page global `{name}`: the session \
         id would be read from that local value (rename the local, or give an expression for this \
         file with `[[session-id]]`)"
    ))
}

/// A fix never edits a server tag (except a printed value inside the code it removes) or a
/// suppression comment.
fn touches_protected(edits: &[Edit], cx: &CheckContext) -> bool {
    let overlaps = |e: &Edit, r: &Range<usize>| e.range.start < r.end && r.start < e.range.end;
    edits.iter().any(|e| {
        cx.protected.iter().any(|r| overlaps(e, r))
            || cx.template_tags.iter().any(|t| {
                let removed_value =
                    t.role == TagRole::Output && contains(&e.range, &t.range) && e.text.is_empty();
                overlaps(e, &t.range) && !removed_value
            })
    })
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::FileId;
    use crate::lint::lint_text;
    use crate::settings::Settings;
    use crate::source::Language;

    /// (line, field, note) of each unsafe fix of `text`.
    fn unsafe_notes(text: &str, session_id_expr: Option<&str>) -> Vec<(usize, String, String)> {
        let settings = Settings {
            session_id_expr: session_id_expr.map(str::to_string),
            globals: vec!["sid".into()],
            ..Settings::builtin()
        };
        let linted = lint_text(FileId(0), text, Language::JavaScript, &settings);
        linted
            .diagnostics
            .iter()
            .filter_map(|d| {
                let fix = d.fix.as_ref()?;
                let line = text[..d.span.range.start].matches('\n').count() + 1;
                (fix.applicability == crate::fix::Applicability::Unsafe).then(|| {
                    (
                        line,
                        d.field.clone().unwrap_or_default(),
                        fix.note.clone().unwrap_or_default(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn an_unsafe_removal_says_who_else_sees_the_object() {
        let text = "var dr = new DigitalRiver('pk');\n\
            function one() {\n\
              var p = { type: 'wireTransfer', sessionId: sid, amount: 10, currency: 'USD' };\n\
              dr.createSource(p);\n\
              show(p.amount);\n\
            }\n\
            function two() {\n\
              var q = { type: 'wireTransfer', sessionId: sid, amount: 10 };\n\
              dr.createSource(q);\n\
              track(q);\n\
            }\n\
            function three() {\n\
              var details = { returnUrl: 'x', items: [] };\n\
              var r = { type: 'payPal', sessionId: sid, payPal: details, amount: next() };\n\
              dr.createSource(r);\n\
              render(details.items);\n\
            }\n\
            export const e = { type: 'wireTransfer', sessionId: sid, amount: 10 };\n\
            dr.createSource(e);\n";
        let notes = unsafe_notes(text, None);
        let note = |line: usize, field: &str| {
            notes
                .iter()
                .find(|(l, f, _)| *l == line && f == field)
                .map(|(_, _, n)| n.as_str())
                .unwrap_or_else(|| panic!("no unsafe fix of {field} on line {line}: {notes:?}"))
        };
        assert_eq!(note(3, "amount"), "`p.amount` is read on line 5");
        assert_eq!(
            note(8, "amount"),
            "`q` is also passed to `track(...)` on line 10, which may read it"
        );
        assert_eq!(
            note(13, "payPal.items"),
            "`details.items` is read on line 16"
        );
        assert_eq!(
            note(14, "amount"),
            "its value may have side effects (`amount: next()`, line 14)"
        );
        assert_eq!(
            note(18, "amount"),
            "`e` is exported (line 18): other modules may read it"
        );
        // `currency` of `p` is read nowhere else: safe, no note.
        assert!(!notes.iter().any(|(l, f, _)| *l == 3 && f == "currency"));
    }

    #[test]
    fn a_conditional_removal_says_which_condition() {
        let text = "var dr = new DigitalRiver('pk');\n\
            function pay(eu) {\n\
              var p = { type: 'wireTransfer', sessionId: sid };\n\
              if (eu) { p.currency = 'EUR'; }\n\
              dr.createSource(p);\n\
            }\n";
        let notes = unsafe_notes(text, None);
        assert_eq!(
            notes,
            [(
                4,
                "currency".to_string(),
                "it is set on some paths only".to_string()
            )]
        );
    }

    #[test]
    fn an_unsafe_insertion_says_who_else_sees_the_object() {
        let text = "var dr = new DigitalRiver('pk');\n\
            function pay() {\n\
              var p = { type: 'wireTransfer' };\n\
              dr.createSource(p);\n\
              console.log('sent', p);\n\
            }\n";
        let notes = unsafe_notes(text, Some("sid"));
        assert_eq!(
            notes,
            [(
                3,
                String::new(),
                "other code would see the new key: `p` is also passed to `console.log(...)` on line 5, which may read it".to_string()
            )]
        );
    }
}
