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

use super::context::CheckContext;
use super::edits::{insert_session_id, removal_edits, removal_is_safe};
use super::finding::{Finding, Violation};
use super::payload::{PayloadCx, contains};
use crate::fix::{Applicability, Edit, Fix};
use crate::resolve::model::{FieldOrigin, Presence};
use crate::source::template::TagRole;

/// What stands in for the session id when none was configured.
pub const PLACEHOLDER: &str = "<the checkout's payment.session.id>";

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
                let note = (!safe).then(|| {
                    if conditional {
                        "the field is set on some paths only, or redundant for some types only"
                            .to_string()
                    } else {
                        "its value may have side effects, or other code may read the object"
                            .to_string()
                    }
                });
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
                    Some("other code reads this object too (a log, a request body, Stripe.js, an export) and would see the new key".to_string())
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
