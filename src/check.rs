//! Checking each resolved `createSource` call against the rule table: is it DigitalRiver.js, does its
//! payload carry `sessionId`, which fields must go.

use std::ops::Range;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Label, Rule, Severity};
use crate::fix::{
    Applicability, Edit, Fix, PLACEHOLDER, insert_session_id, removal_edits, removal_is_safe,
};
use crate::lint::ReceiverNames;
use crate::resolve::excerpt;
use crate::resolve::model::{Candidate, Field, FieldOrigin, Lookup, ObjectModel, Presence, Value};
use crate::resolve::{CallSite, Payload, Receiver, Sharing};
use crate::rules::{Method, RuleTable};
use crate::source::template::{JsContext, TagRole, TemplateTag};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallKind {
    /// Recognized as DigitalRiver.js (by its receiver or its payload's type).
    Digitalriver,
    /// Could be DigitalRiver.js: reported as `unresolved-payload`.
    Possible,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallStatus {
    Migrated,
    NeedsChanges,
    NeedsReview,
}

#[derive(Clone, Debug)]
pub struct CheckedCall {
    pub name_range: Range<usize>,
    pub kind: CallKind,
    pub payment_types: Vec<String>,
    pub status: CallStatus,
}

/// What the configuration says of this call's receiver: `Some(Some(DR))` known DigitalRiver.js,
/// `None` known not to be (the call is skipped), `Some(None)` nothing said.
fn configured_receiver(site: &CallSite, cx: &CheckContext) -> Option<Option<Receiver>> {
    let names = cx.receivers;
    if names.digitalriver.is_empty() && names.not_digitalriver.is_empty() {
        return Some(None);
    }
    let text: String = cx
        .original
        .get(site.receiver_range.clone())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let last = text.rsplit(['.', '?']).next().unwrap_or(&text).to_string();
    let matches = |list: &[String]| list.iter().any(|n| *n == text || *n == last);
    if matches(&names.not_digitalriver) {
        return None;
    }
    if matches(&names.digitalriver) {
        return Some(Some(Receiver::DigitalRiver(site.receiver_range.clone())));
    }
    Some(None)
}

/// A call's status from its diagnostics: anything to review by hand wins over changes the tool knows.
pub fn status_of<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>) -> CallStatus {
    let mut status = CallStatus::Migrated;
    for d in diagnostics {
        if d.severity == Severity::Warning || d.rule == Rule::UnresolvedPayload {
            return CallStatus::NeedsReview;
        }
        status = CallStatus::NeedsChanges;
    }
    status
}

/// What a candidate payload's `type` is.
enum TypeInfo {
    Known(Vec<String>),
    Missing,
    Unknown(String),
}

fn type_info(m: &ObjectModel, tags: &[TemplateTag]) -> TypeInfo {
    match m.field("type") {
        None => TypeInfo::Missing,
        // `type: '<?= $method ?>'`: a string the server prints.
        Some(f)
            if f.origins
                .iter()
                .any(|o| tags.iter().any(|t| contains(&o.range(), &t.range))) =>
        {
            TypeInfo::Unknown("printed by the server template".into())
        }
        Some(f) => match &f.value {
            Value::Strings(s) if f.presence == Presence::Certain && !s.is_empty() => {
                TypeInfo::Known(s.clone())
            }
            Value::Strings(_) => TypeInfo::Unknown("set on some paths only".into()),
            Value::Opaque(o) => TypeInfo::Unknown(o.what.clone()),
            Value::Object(_) => TypeInfo::Unknown("an object".into()),
        },
    }
}

/// What a check needs besides the call: the table, the file's text (for fix edits) and the
/// `--session-id-expr` to insert.
pub struct CheckContext<'a> {
    pub table: &'a RuleTable,
    /// The text the parser read (a template's, with its server tags masked).
    pub text: &'a str,
    pub session_id_expr: Option<&'a str>,
    /// The file's own text (the tags as written), for messages.
    pub original: &'a str,
    /// A template's server tags inside scripts.
    pub template_tags: &'a [TemplateTag],
    /// Receivers the configuration names.
    pub receivers: &'a ReceiverNames,
    /// Whether a finding is suppressed (a comment) or turned off (the configuration): its field is
    /// then left alone by the fixes.
    pub suppressed: &'a dyn Fn(&Diagnostic) -> bool,
    /// Ranges no fix may touch (suppression comments).
    pub protected: &'a [Range<usize>],
    /// Who else uses the objects a fix would edit.
    pub sharing: &'a Sharing,
}

/// Check one call. `None` when it is not DigitalRiver.js (Stripe.js, a non-DR type, no payload).
pub fn check_call(site: &CallSite, cx: &CheckContext) -> Option<(CheckedCall, Vec<Diagnostic>)> {
    let table = cx.table;
    let configured = configured_receiver(site, cx)?;
    let receiver = configured.as_ref().unwrap_or(&site.receiver);
    let call = site.name_range.start;
    let (kind, diagnostics, types) = match &site.payload {
        Payload::NotAnObject => return None,
        Payload::Hidden { range, what } => {
            let kind = match receiver {
                Receiver::Stripe(_) => return None,
                Receiver::DigitalRiver(_) => CallKind::Digitalriver,
                Receiver::Unknown => CallKind::Possible,
            };
            let d = unresolved(
                range.clone(),
                call,
                format!("the payload of this `createSource` call is out of sight: it is {what}"),
            )
            .with_label("payload not visible");
            (kind, vec![d], Vec::new())
        }
        Payload::Value { range, value } => {
            let mut candidates: Vec<&Candidate> = value
                .0
                .iter()
                .filter(|c| !matches!(c, Candidate::Undefined))
                .collect();
            if candidates.is_empty() {
                candidates = value.0.iter().collect();
            }
            let infos: Vec<Option<TypeInfo>> = candidates
                .iter()
                .map(|c| match c {
                    Candidate::Object(m) => Some(type_info(m, cx.template_tags)),
                    _ => None,
                })
                .collect();
            let known_types: Vec<String> = infos
                .iter()
                .flatten()
                .filter_map(|t| match t {
                    TypeInfo::Known(ts) => Some(ts.clone()),
                    _ => None,
                })
                .flatten()
                .collect();
            let kind = match receiver {
                Receiver::Stripe(_) => return None,
                Receiver::DigitalRiver(_) => CallKind::Digitalriver,
                Receiver::Unknown => {
                    if known_types
                        .iter()
                        .any(|t| table.is_dr_type(t) && !table.is_ambiguous_type(t))
                    {
                        CallKind::Digitalriver
                    } else if known_types.iter().any(|t| table.is_ambiguous_type(t)) {
                        // `ideal`, `alipay`: Stripe.js has them too.
                        CallKind::Possible
                    } else if candidates
                        .iter()
                        .zip(&infos)
                        .all(|(c, info)| match (c, info) {
                            (_, Some(TypeInfo::Known(_))) => true,
                            // A complete object with no `type` at all is some other API's payload.
                            (Candidate::Object(m), Some(TypeInfo::Missing)) => m.unknown.is_empty(),
                            _ => false,
                        })
                    {
                        return None;
                    } else {
                        CallKind::Possible
                    }
                }
            };
            let mut diagnostics = Vec::new();
            if kind == CallKind::Possible {
                let mut d = unresolved(
                    range.clone(),
                    call,
                    "cannot tell whether this `createSource` call is DigitalRiver.js: its receiver is not \
                     created in this file and the payload's `type` is not known"
                        .to_string(),
                )
                .with_label("payment type not known");
                for c in &candidates {
                    if let Candidate::Opaque(o) = c {
                        push_related(
                            &mut d,
                            o.range.clone(),
                            format!("the payload is {}", o.what),
                        );
                    }
                }
                diagnostics.push(d);
            } else {
                for (c, info) in candidates.iter().zip(infos) {
                    // Recognized by another candidate's type: a candidate of a known non-DR type
                    // (`card` in `ok ? {type: 'card'} : {type: 'payPal'}`) is another API's payload.
                    if *receiver == Receiver::Unknown
                        && let Some(TypeInfo::Known(ts)) = &info
                        && !ts.iter().any(|t| table.is_dr_type(t))
                    {
                        continue;
                    }
                    match (c, info) {
                        (Candidate::Object(m), Some(info)) => {
                            check_object(m, info, call, cx, &mut diagnostics)
                        }
                        (Candidate::Opaque(o), _) => {
                            let mut d = unresolved(
                                range.clone(),
                                call,
                                format!("the payload of this `createSource` call cannot be resolved: it is {}", o.what),
                            )
                            .with_label("payload not resolved");
                            push_related(
                                &mut d,
                                o.range.clone(),
                                "the payload comes from here".into(),
                            );
                            diagnostics.push(d);
                        }
                        _ => {
                            diagnostics.push(
                                unresolved(
                                    range.clone(),
                                    call,
                                    "the payload of this `createSource` call is `undefined` here"
                                        .into(),
                                )
                                .with_label("payload not resolved"),
                            );
                        }
                    }
                }
            }
            let mut types = known_types;
            types.dedup();
            (kind, diagnostics, types)
        }
    };
    let mut diagnostics = diagnostics;
    for d in &mut diagnostics {
        if d.url.is_none() {
            d.url = Some(table.migration_url());
        }
        // The payload is often declared far from its call: show where it goes. (A field's diagnostic
        // carries the call in `callSite`; a second frame for each field would drown the output.)
        if d.rule != Rule::RedundantField && !d.range.contains(&call) && d.range.start != call {
            push_related(
                d,
                site.name_range.clone(),
                "passed to `createSource` here".into(),
            );
        }
    }
    let status = status_of(diagnostics.iter());
    let mut payment_types = types;
    payment_types.sort();
    payment_types.dedup();
    Some((
        CheckedCall {
            name_range: site.name_range.clone(),
            kind,
            payment_types,
            status,
        },
        diagnostics,
    ))
}

fn check_object(
    m: &ObjectModel,
    info: TypeInfo,
    call: usize,
    cx: &CheckContext,
    out: &mut Vec<Diagnostic>,
) {
    let table = cx.table;
    let first_diagnostic = out.len();
    // Redundant fields found: (index in `out`, where the field is set, conditional).
    let mut redundant: Vec<(usize, Vec<FieldOrigin>, bool)> = Vec::new();
    let types = match &info {
        TypeInfo::Known(ts) => ts.clone(),
        _ => Vec::new(),
    };
    let methods: Vec<_> = types.iter().filter_map(|t| table.method(t)).collect();
    let one_method = if methods.len() == 1 {
        methods.first().copied()
    } else {
        None
    };
    let url = one_method.map_or_else(|| table.migration_url(), |m| m.docs_url.clone());
    let type_label = match types.as_slice() {
        [t] => match one_method {
            Some(m) => format!(" for {} (`{t}`)", m.name),
            None => format!(" (`{t}`)"),
        },
        [] => String::new(),
        ts => format!(" (`{}`)", ts.join("` or `")),
    };
    let mut unknowns: Vec<(Range<usize>, String)> = m
        .unknown
        .iter()
        .map(|u| (u.range.clone(), u.what.clone()))
        .collect();
    let mut relevant: Vec<Vec<String>> = vec![vec!["sessionId".into()], vec!["type".into()]];
    relevant.extend(methods.iter().flat_map(|m| m.redundant_paths()));
    unknowns.extend(server_tag_unknowns(m, call, cx, &relevant));
    let incomplete = !unknowns.is_empty();

    match &info {
        TypeInfo::Known(_) => {}
        TypeInfo::Missing if incomplete => {}
        TypeInfo::Missing => out.push(
            unresolved(
                m.origin.clone(),
                call,
                "this payload has no `type`: cannot tell which payment method it is".into(),
            )
            .with_label("no `type` here"),
        ),
        // The payload's own "not fully resolved" diagnostic covers it.
        TypeInfo::Unknown(_) if incomplete => {}
        TypeInfo::Unknown(what) => {
            let f = m.field("type");
            let mut d = unresolved(
                f.and_then(|f| f.origins.first()).map_or(m.origin.clone(), |o| o.range()),
                call,
                format!("the payment type of this payload is not known here (`type` is {what}): cannot tell which fields to remove"),
            )
            .with_label("payment type not known");
            d.url = Some(table.migration_url());
            out.push(d);
        }
    }

    // sessionId
    match m.field("sessionId") {
        Some(f) if f.presence == Presence::Certain => {}
        Some(f) => {
            let mut d = Diagnostic::new(
                Rule::MissingSessionId,
                Severity::Warning,
                m.origin.clone(),
                format!("`sessionId` is set on some paths only before this `createSource` call{type_label}"),
            )
            .with_label("`sessionId` may be missing here")
            .with_help("set `sessionId` on every path that reaches the call (the checkout's `payment.session.id`)");
            d.conditional = true;
            for o in &f.origins {
                push_related(&mut d, o.range(), "set here, on some paths only".into());
            }
            out.push(finish(d, call, &types, &url));
        }
        None if incomplete => {}
        None => {
            let d = Diagnostic::new(
                Rule::MissingSessionId,
                Severity::Error,
                m.origin.clone(),
                format!("`createSource` payload{type_label} has no `sessionId`"),
            )
            .with_label("no `sessionId` in this payload")
            .with_help("add `sessionId` (the checkout's `payment.session.id`) to the payload");
            out.push(finish(d, call, &types, &url));
        }
    }

    // Fields the session now supplies.
    // Each path once, with the methods that list it. When `type` may be one of several values, a path
    // that not all of them list is redundant on some paths only.
    let mut paths: Vec<(Vec<String>, Vec<&Method>)> = Vec::new();
    for method in &methods {
        for path in method.redundant_paths() {
            match paths.iter_mut().find(|(p, _)| *p == path) {
                Some((_, listing)) => listing.push(method),
                None => paths.push((path, vec![method])),
            }
        }
    }
    for (path, listing) in paths {
        let dotted = path.join(".");
        let (field, maybe_present) = match m.lookup(&path) {
            Lookup::Found(f) => (f, f.presence == Presence::Maybe),
            Lookup::FoundMaybe(f) => (f, true),
            Lookup::Absent => continue,
            Lookup::Hidden(parent, o) => {
                let r = parent
                    .origins
                    .first()
                    .map_or(o.range.clone(), |x| x.range());
                let what = format!(
                    "`{}` is {}, which may hold fields to remove",
                    parent.name, o.what
                );
                if !unknowns.iter().any(|(_, w)| *w == what) {
                    unknowns.push((r, what));
                }
                continue;
            }
        };
        let Some(first) = field.origins.first() else {
            continue;
        };
        let names: Vec<&str> = listing.iter().map(|m| m.name.as_str()).collect();
        let names = names.join(", ");
        let by_type = listing.len() < types.len();
        let conditional = maybe_present || by_type;
        let message = if by_type {
            let when: Vec<String> = listing
                .iter()
                .map(|m| format!("`{}`", m.payment_type))
                .collect();
            format!(
                "`{dotted}` is redundant with payment sessions when `type` is {} ({names})",
                when.join(" or ")
            )
        } else if maybe_present {
            format!(
                "`{dotted}` is set on some paths and is redundant with payment sessions ({names})"
            )
        } else {
            format!("`{dotted}` is redundant with payment sessions ({names})")
        };
        let severity = if conditional {
            Severity::Warning
        } else {
            Severity::Error
        };
        let mut d = Diagnostic::new(Rule::RedundantField, severity, first.range(), message)
            .with_label(format!("`{dotted}` is supplied by the payment session"))
            .with_help(format!(
                "remove `{dotted}`: the payment session supplies it for {names}"
            ));
        d.field = Some(dotted);
        d.conditional = conditional;
        for o in field.origins.iter().skip(1) {
            push_related(&mut d, o.range(), "also set here".into());
        }
        d.url = Some(listing[0].docs_url.clone());
        if listing.len() == 1 {
            d.payment_type = Some(listing[0].payment_type.clone());
        }
        d.call_site = Some(call);
        // A field written in too many places (generated code) is reported, not fixed.
        if field.origins_complete {
            redundant.push((out.len(), field.origins.clone(), conditional));
        }
        out.push(d);
    }

    // A details object that is only partly visible (`payPal: { ...extra, items }`) may hold more.
    for method in &methods {
        for key in &method.details {
            if let Some(Field {
                value: Value::Object(inner),
                ..
            }) = m.field(key)
            {
                for u in &inner.unknown {
                    let what = format!("`{key}` holds {}", u.what);
                    if !unknowns.iter().any(|(_, w)| *w == what) {
                        unknowns.push((u.range.clone(), what));
                    }
                }
            }
        }
    }

    let matters = !matches!(m.field("sessionId"), Some(f) if f.presence == Presence::Certain)
        || !matches!(info, TypeInfo::Known(_))
        || methods.iter().any(|m| !m.remove.is_empty());
    if !unknowns.is_empty() && matters {
        let whats: Vec<&str> = unknowns.iter().map(|(_, w)| w.as_str()).collect();
        let mut d = unresolved(
            m.origin.clone(),
            call,
            format!(
                "this payload is not fully resolved ({}): `sessionId` and fields to remove may come from there",
                whats.join("; ")
            ),
        )
        .with_label("payload not fully resolved");
        for (r, what) in &unknowns {
            push_related(&mut d, r.clone(), format!("cannot see into this: {what}"));
        }
        out.push(finish(d, call, &types, &url));
    }

    // Fixes, only for a payload the analysis sees whole (no spread, no unknown part, known type).
    if unknowns.is_empty() && matches!(info, TypeInfo::Known(_)) && m.reach == Presence::Certain {
        attach_fixes(m, cx, &redundant, first_diagnostic, out);
    }
    // A candidate that reaches the call on some paths only (a function that may have run reassigned
    // the binding): nothing about it is certain.
    if m.reach == Presence::Maybe {
        for d in &mut out[first_diagnostic..] {
            if d.rule != Rule::UnresolvedPayload {
                d.severity = Severity::Warning;
                d.conditional = true;
                d.message += " (this payload reaches the call on some paths only)";
            }
        }
    }
}

/// Where server-template tags make a payload unknowable (`--` a page's scripts only):
/// - a key printed by the server (`'<?= $key ?>': x`);
/// - inside the literal, a tag that decides what is printed (`<?php if ($x): ?> shipping: {...},
///   <?php endif ?>`), or prints something other than a property's value (`<?= $moreProps ?>`);
/// - between where the payload is built and the call, a tag that decides which code runs
///   (`<?php if (...): ?> p.sessionId = ...; <?php endif ?>`), counted from where the payload or one of
///   its `relevant` fields is first written.
fn server_tag_unknowns(
    m: &ObjectModel,
    call: usize,
    cx: &CheckContext,
    relevant: &[Vec<String>],
) -> Vec<(Range<usize>, String)> {
    if cx.template_tags.is_empty() {
        return Vec::new();
    }
    let mut origins = Vec::new();
    all_origins(m, &mut origins);
    // Where the fields that matter (sessionId, type, the redundant ones) are first written.
    let first = relevant
        .iter()
        .filter_map(|path| match m.lookup(path) {
            Lookup::Found(f) | Lookup::FoundMaybe(f) => {
                f.origins.iter().map(|o| o.range().start).min()
            }
            _ => None,
        })
        .chain([m.origin.start])
        .min()
        .unwrap_or(m.origin.start);
    let mut out = Vec::new();
    for tag in cx.template_tags {
        let excerpt = excerpt(cx.original, &tag.range);
        let in_key = origins
            .iter()
            .any(|o| matches!(o, FieldOrigin::Property { key, .. } if contains(key, &tag.range)));
        let in_value = origins.iter().any(|o| match o {
            FieldOrigin::Property { key, prop, .. } => contains(&(key.end..prop.end), &tag.range),
            FieldOrigin::Write { .. } => false,
        });
        let what = if in_key {
            format!("a key printed by the server template (`{excerpt}`)")
        } else if contains(&m.origin, &tag.range) {
            let prints_a_value =
                tag.role == TagRole::Output && (tag.context != JsContext::Code || in_value);
            if prints_a_value || tag.role == TagRole::Comment || tag.context == JsContext::Comment {
                continue;
            }
            format!("the server template tag `{excerpt}`, which may change its fields")
        } else if tag.is_structural() && first <= tag.range.start && tag.range.start < call {
            format!(
                "the server template tag `{excerpt}`, which decides which code before the call runs"
            )
        } else {
            continue;
        };
        out.push((tag.range.clone(), what));
    }
    out
}

fn all_origins<'a>(m: &'a ObjectModel, out: &mut Vec<&'a FieldOrigin>) {
    for f in &m.fields {
        out.extend(&f.origins);
        if let Value::Object(inner) = &f.value {
            all_origins(inner, out);
        }
    }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
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

/// The fixes of one payload. A payload never loses a field the session replaces while it has no
/// `sessionId`: without one, the removals ride on the fix that inserts it, all or nothing.
fn attach_fixes(
    m: &ObjectModel,
    cx: &CheckContext,
    redundant: &[(usize, Vec<FieldOrigin>, bool)],
    first: usize,
    out: &mut [Diagnostic],
) {
    let session = m.field("sessionId").map(|f| f.presence);
    // A removal is safe when it has no side effect and no other code sees the object it edits.
    let fields: Vec<String> = out
        .iter()
        .map(|d| d.field.clone().unwrap_or_default())
        .collect();
    let suppressed: Vec<bool> = out.iter().map(|d| (cx.suppressed)(d)).collect();
    let safe_removal = |i: usize, origins: &[FieldOrigin]| {
        let field = fields[i].as_str();
        let first = field.split('.').next().unwrap_or(field);
        origins
            .iter()
            .all(|o| removal_is_safe(o) && !cx.sharing.is_shared(o.range().start, first))
    };
    match session {
        Some(Presence::Certain) => {
            for (i, origins, conditional) in redundant {
                if suppressed[*i] {
                    continue;
                }
                let refs: Vec<&FieldOrigin> = origins.iter().collect();
                let Some(edits) = removal_edits(cx.text, &refs) else {
                    continue;
                };
                if touches_protected(&edits, cx) {
                    continue;
                }
                let safe = !conditional && safe_removal(*i, origins);
                let field = out[*i].field.clone().unwrap_or_default();
                out[*i].fix = Some(Fix {
                    applicability: if safe {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    },
                    message: format!("Remove `{field}`"),
                    edits,
                });
            }
        }
        Some(Presence::Maybe) => {}
        None => {
            let Some(layout) = &m.layout else {
                return;
            };
            let Some(missing) = (first..out.len()).find(|&i| out[i].rule == Rule::MissingSessionId)
            else {
                return;
            };
            let insertion =
                insert_session_id(cx.text, layout, cx.session_id_expr.unwrap_or(PLACEHOLDER));
            if touches_protected(std::slice::from_ref(&insertion), cx) {
                return;
            }
            let at = insertion.range.start;
            // Suppressed or turned-off fields stay; so do those whose removal is not safe.
            let removable = |(i, origins, conditional): &&(usize, Vec<FieldOrigin>, bool)| {
                !conditional && safe_removal(*i, origins) && !suppressed[*i]
            };
            let safe: Vec<&FieldOrigin> = redundant
                .iter()
                .filter(removable)
                .flat_map(|(_, origins, _)| origins)
                .collect();
            let mut edits = vec![insertion];
            let mut removed = 0;
            if let Some(removals) = removal_edits(cx.text, &safe)
                && removals
                    .iter()
                    .all(|e| !(e.range.start < at && at < e.range.end))
                && !touches_protected(&removals, cx)
            {
                removed = redundant.iter().filter(removable).count();
                edits.extend(removals);
            }
            let mut message = match removed {
                0 => "Add `sessionId`".to_string(),
                1 => "Add `sessionId` and remove 1 redundant field".to_string(),
                n => format!("Add `sessionId` and remove {n} redundant fields"),
            };
            if m.typed {
                message += " (the payload's declared type may need a `sessionId` too)";
            }
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            out[missing].fix = Some(Fix {
                applicability: match (cx.session_id_expr, m.typed) {
                    (None, _) => Applicability::DisplayOnly,
                    (Some(_), true) => Applicability::Unsafe,
                    (Some(_), false) => Applicability::Safe,
                },
                message,
                edits,
            });
        }
    }
}

fn finish(mut d: Diagnostic, call: usize, types: &[String], url: &str) -> Diagnostic {
    d.call_site = Some(call);
    if types.len() == 1 {
        d.payment_type = types.first().cloned();
    }
    d.url = Some(url.to_string());
    d
}

fn unresolved(range: Range<usize>, call: usize, message: String) -> Diagnostic {
    let mut d = Diagnostic::new(Rule::UnresolvedPayload, Severity::Warning, range, message)
        .with_help("review this call by hand: the tool does not guess what it cannot see, and will not change it");
    d.call_site = Some(call);
    d
}

fn push_related(d: &mut Diagnostic, range: Range<usize>, message: String) {
    if range != d.range && !d.related.iter().any(|l| l.range == range) {
        d.related.push(Label { range, message });
    }
}
