//! Checking each resolved call against the rule table, in three steps:
//! 1. [`recognise`]: is the call DigitalRiver.js, Stripe.js, or can the file not tell?
//! 2. the rules, one file each, return typed [`Finding`]s for each candidate payload:
//!    [`missing_session_id`], [`redundant_field`], [`unresolved_payload`] (with the server-template
//!    policy of [`server_template`]);
//! 3. [`fix_policy`] attaches the fixes (built by [`edits`]) to the findings.
//!
//! The per-file linter turns the findings into diagnostics ([`Finding::into_diagnostic`]).

pub mod context;
pub mod edits;
pub mod finding;
pub mod fix_policy;
pub mod found;
pub mod missing_session_id;
pub mod payload;
pub mod recognise;
pub mod redundant_field;
pub mod server_template;
pub mod session_not_configured;
pub mod unresolved_payload;

#[cfg(test)]
pub mod tester;

use std::ops::Range;

use serde::Serialize;

pub use context::CheckContext;
pub use finding::{Finding, Violation};
use found::Found;
use payload::{PayloadCx, TypeInfo};
use recognise::{Evidence, ReceiverKind, Recognition};
use unresolved_payload::UnresolvedPayload;

use crate::diagnostic::{Diagnostic, Rule, Span};
use crate::resolve::model::{Candidate, Field, Lookup, Presence, Value};
use crate::resolve::{CallSite, Payload};
use crate::rules::{CallSpec, SessionNeed};

/// How a call was recognised (`kind` in the JSON report).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallKind {
    /// Recognized as DigitalRiver.js (by its receiver or its payload's type).
    Digitalriver,
    /// Could be DigitalRiver.js: reported as `unresolved-payload`.
    Possible,
}

/// Where a call stands in the migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallStatus {
    Migrated,
    NeedsChanges,
    NeedsReview,
}

/// A session-aware call site that was checked.
#[derive(Clone, Debug)]
pub struct CheckedCall {
    /// The call's name (`createSource`).
    pub call: String,
    /// The call's name in the callee.
    pub span: Span,
    pub kind: CallKind,
    pub payment_types: Vec<String>,
    pub status: CallStatus,
}

/// A call's status from the diagnostics left after suppressions and the configuration: anything to
/// review by hand (an unresolved payload, a finding true on some paths only) wins over changes the
/// tool knows. Certainty decides, never severity (a finding configured as a warning still needs a
/// change).
pub fn status_of<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>) -> CallStatus {
    let mut status = CallStatus::Migrated;
    for d in diagnostics {
        if d.conditional || d.rule == Rule::UnresolvedPayload {
            return CallStatus::NeedsReview;
        }
        status = CallStatus::NeedsChanges;
    }
    status
}

/// Check one call. `None` when it is not DigitalRiver.js (Stripe.js, another API, no payload).
pub fn check_call(site: &CallSite, cx: &CheckContext) -> Option<(CheckedCall, Vec<Finding>)> {
    let spec = cx.table.calls().get(site.call)?;
    let receiver_text = cx.original.get(site.receiver_range.clone()).unwrap_or("");
    let receiver = match recognise::configured(cx.receivers, receiver_text) {
        Some(ReceiverKind::Stripe) => return None,
        Some(kind) => kind,
        None => ReceiverKind::of(&site.receiver),
    };
    // A payload built at a call of a wrapper is reported at that call: each such call is a call site.
    let call = site.call_span.clone();
    let span = |r: &Range<usize>| Span::new(cx.file, r.clone());
    let (kind, mut findings, mut types) = match &site.payload {
        Payload::NotAnObject => return None,
        Payload::Hidden { range, what } => {
            let kind = match recognise::recognise(receiver, false, spec.distinctive, &[], cx.table)
            {
                Recognition::NotDigitalRiver => return None,
                Recognition::DigitalRiver => CallKind::Digitalriver,
                Recognition::Possible => CallKind::Possible,
            };
            let f = Finding::new(
                Violation::UnresolvedPayload(UnresolvedPayload::OutOfSight {
                    call: spec.name.clone(),
                    what: what.clone(),
                }),
                span(range),
                call.clone(),
                spec.docs_url.clone(),
            );
            (kind, vec![f], Vec::new())
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
                    Candidate::Object(m) => {
                        Some(TypeInfo::of(m, spec.type_key.as_deref(), cx.template_tags))
                    }
                    _ => None,
                })
                .collect();
            let mut evidence: Vec<Evidence> = candidates
                .iter()
                .zip(&infos)
                .map(|(c, info)| match (c, info) {
                    (_, Some(TypeInfo::Known(ts))) => Evidence::Typed(ts.clone()),
                    // A complete object with no type at all is some other API's payload.
                    (Candidate::Object(m), Some(TypeInfo::Missing)) if m.unknown.is_empty() => {
                        Evidence::UntypedComplete
                    }
                    _ => Evidence::Unknown,
                })
                .collect();
            // Keys only DigitalRiver.js payloads have.
            let dr_key = candidates.iter().any(|c| match c {
                Candidate::Object(m) => m.fields.iter().any(|f| {
                    *f.name == *spec.session_key
                        || (spec.type_key.is_some() && cx.table.is_dr_details_key(&f.name))
                }),
                _ => false,
            });
            if dr_key {
                evidence.push(Evidence::DigitalRiverKey);
            }
            let known_types: Vec<String> = evidence
                .iter()
                .flat_map(|e| match e {
                    Evidence::Typed(ts) => ts.clone(),
                    _ => Vec::new(),
                })
                .collect();
            let has_types = spec.type_key.is_some();
            let kind = match recognise::recognise(
                receiver,
                has_types,
                spec.distinctive,
                &evidence,
                cx.table,
            ) {
                Recognition::NotDigitalRiver => return None,
                Recognition::DigitalRiver => CallKind::Digitalriver,
                Recognition::Possible => CallKind::Possible,
            };
            let mut findings = Vec::new();
            if kind == CallKind::Possible {
                // Every candidate's type is seen: the receiver is what leaves the call open.
                let all_typed = !infos.is_empty()
                    && infos.iter().all(|i| matches!(i, Some(TypeInfo::Known(_))));
                let mut seen = if all_typed {
                    known_types.clone()
                } else {
                    Vec::new()
                };
                seen.sort();
                seen.dedup();
                let mut f = Finding::new(
                    Violation::UnresolvedPayload(UnresolvedPayload::NotRecognised {
                        call: spec.name.clone(),
                        type_key: spec.type_key.clone(),
                        types: seen,
                    }),
                    span(range),
                    call.clone(),
                    spec.docs_url.clone(),
                );
                // The call as written (not reached through a wrapper or from another module): point
                // at the receiver.
                if site.path.is_none() && site.via.is_empty() && !site.receiver_range.is_empty() {
                    f.push_related(
                        span(&site.receiver_range),
                        "not created in this file".into(),
                    );
                }
                for c in &candidates {
                    if let Candidate::Opaque(o) = c {
                        f.push_related(
                            Span::new(o.file, o.range.clone()),
                            format!("the payload is {}", o.what),
                        );
                    }
                }
                findings.push(f);
            } else {
                for (c, info) in candidates.iter().zip(infos) {
                    // Recognized by another candidate's type: a candidate of a known non-DR type
                    // (`card` in `ok ? {type: 'card'} : {type: 'payPal'}`) is another API's payload.
                    if receiver == ReceiverKind::Unknown
                        && let Some(TypeInfo::Known(ts)) = &info
                        && ts.iter().all(|t| cx.table.is_other_api_type(t))
                    {
                        continue;
                    }
                    match (c, info) {
                        (Candidate::Object(m), Some(info)) => {
                            let p = PayloadCx::new(spec, cx.table, m, info, call.clone());
                            findings.extend(check_object(&p, cx));
                        }
                        (Candidate::Opaque(o), _) => {
                            let mut f = Finding::new(
                                Violation::UnresolvedPayload(UnresolvedPayload::NotResolved {
                                    call: spec.name.clone(),
                                    what: o.what.to_string(),
                                }),
                                span(range),
                                call.clone(),
                                spec.docs_url.clone(),
                            );
                            f.push_related(
                                Span::new(o.file, o.range.clone()),
                                "the payload comes from here".into(),
                            );
                            findings.push(f);
                        }
                        _ => findings.push(Finding::new(
                            Violation::UnresolvedPayload(UnresolvedPayload::Undefined {
                                call: spec.name.clone(),
                            }),
                            span(range),
                            call.clone(),
                            spec.docs_url.clone(),
                        )),
                    }
                }
            }
            let mut types = known_types;
            types.dedup();
            (kind, findings, types)
        }
    };
    let several_calls = match &site.payload {
        Payload::Value { value, .. } => value
            .objects()
            .any(|m| cx.multi_call_objects.contains(&m.origin)),
        _ => false,
    };
    let call_at = several_calls.then(|| match &site.call_display {
        Some(at) => at.clone(),
        None => {
            let upto = cx.original.get(..call.range.start).unwrap_or("");
            format!("line {}", upto.matches('\n').count() + 1)
        }
    });
    let path = site.path.clone();
    if let Some(why) = &site.receiver_doubt
        && receiver == ReceiverKind::Unknown
    {
        fix_policy::doubted_receiver(&mut findings, why);
    }
    for f in &mut findings {
        f.call_at = call_at.clone();
        if let Some((at, message)) = &path {
            f.push_related(at.clone(), message.clone());
        }
        // The payload is often declared far from its call: show where it goes. (A field's finding
        // carries the call in `callSite`; a second frame for each field would drown the output,
        // unless the payload reaches several calls: then each finding shows its own.)
        let at_call =
            f.span.contains(call.file, call.range.start) || f.span.range.start == call.range.start;
        if (f.rule() != Rule::RedundantField || several_calls) && !at_call {
            f.push_related(call.clone(), format!("passed to `{}` here", spec.name));
        }
    }
    types.sort();
    types.dedup();
    Some((
        CheckedCall {
            call: spec.name.clone(),
            span: call,
            kind,
            payment_types: types,
            // Decided by the linter once suppressions and the configuration have been applied.
            status: CallStatus::Migrated,
        },
        findings,
    ))
}

/// Whether the options object holds a value that exempts the call from the session (`options.flow:
/// "managePaymentMethods"` for Drop-in), on every path.
fn exempt(p: &PayloadCx) -> bool {
    p.spec.exempt_when.iter().any(|(path, values)| {
        matches!(
            p.object.lookup(path),
            Lookup::Found(Field { value: Value::Strings(s), presence: Presence::Certain, .. })
                if !s.is_empty() && s.iter().all(|v| values.contains(v))
        )
    })
}

/// The findings of one candidate payload object.
fn check_object(p: &PayloadCx, cx: &CheckContext) -> Vec<Finding> {
    let m = p.object;
    let spec: &CallSpec = p.spec;
    if exempt(p) {
        return Vec::new();
    }
    let mut unknowns: Vec<(Range<usize>, String)> = m
        .unknown
        .iter()
        .map(|u| (u.range.clone(), u.what.clone()))
        .collect();
    // Where a template's server tags matter: the session id, the type and the redundant fields.
    let mut relevant: Vec<Vec<String>> = vec![vec![spec.session_key.clone()]];
    relevant.extend(spec.type_key.iter().map(|k| vec![k.clone()]));
    relevant.extend(p.methods.iter().flat_map(|m| m.redundant_paths()));
    unknowns.extend(server_template::unknowns(
        m,
        p.call.range.start,
        cx.original,
        cx.template_tags,
        &relevant,
    ));
    let incomplete = !unknowns.is_empty();

    let mut out = Vec::new();
    out.extend(unresolved_payload::type_finding(p, incomplete).map(Found::into_finding));
    out.extend(missing_session_id::check(p, incomplete).map(|f| {
        match spec.session {
            SessionNeed::Required => f.into_finding(),
            // The docs say the call "can be configured" with the session: a separate, milder rule.
            SessionNeed::Configurable => f
                .map(session_not_configured::SessionNotConfigured::from)
                .into_finding(),
        }
    }));
    out.extend(
        redundant_field::check(p, &mut unknowns)
            .into_iter()
            .map(Found::into_finding),
    );

    // A details object that is only partly visible (`payPal: { ...extra, items }`) may hold more.
    for method in &p.methods {
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
    out.extend(unresolved_payload::incomplete_finding(p, &unknowns).map(Found::into_finding));

    // Fixes, only for a payload the analysis sees whole (no spread, no unknown part, known type).
    if unknowns.is_empty() && p.info.is_decided() && m.reach == Presence::Certain {
        fix_policy::attach(p, cx, &mut out);
    }
    // A candidate that reaches the call on some paths only (a function that may have run reassigned
    // the binding): nothing about it is certain.
    if m.reach == Presence::Maybe {
        for f in &mut out {
            if f.rule() != Rule::UnresolvedPayload {
                f.conditional = true;
                f.reaches_on_some_paths = true;
            }
        }
    }
    out
}
