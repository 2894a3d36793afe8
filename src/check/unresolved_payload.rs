//! `unresolved-payload`: a call that is, or may be, a session-aware DigitalRiver.js call whose payload or
//! payment type the analysis cannot see whole. It says what it could not see, and is never fixed. See
//! docs/rules/unresolved-payload.md.

use std::ops::Range;

use super::found::Found;
use super::payload::{PayloadCx, TypeInfo};

/// Why a payload could not be checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnresolvedPayload {
    /// The argument itself is out of sight (`.apply(dr, args)`, a spread of arguments).
    OutOfSight { call: String, what: String },
    /// The receiver is not created in the file (not known to be DigitalRiver.js) and nothing else
    /// decides: the payload's type is not known, or it is known but other APIs have it too
    /// (`types`: the types seen, when every candidate payload has one), or the call has no payment
    /// type (`type_key` is `None`: `createElement` of a kind the table lists, where only the
    /// receiver could tell).
    NotRecognised {
        call: String,
        type_key: Option<String>,
        types: Vec<String>,
    },
    /// A candidate payload is a value the analysis cannot see into (a parameter, a call result...).
    NotResolved { call: String, what: String },
    /// A candidate payload is `undefined`.
    Undefined { call: String },
    /// The payload has no payment type key.
    NoType { type_key: String },
    /// The payment type is set to something not known here.
    UnknownType { type_key: String, what: String },
    /// Parts of the payload are out of sight (spreads, computed keys, server template tags...).
    Incomplete {
        session_key: String,
        whats: Vec<String>,
    },
}

impl UnresolvedPayload {
    pub fn message(&self) -> String {
        match self {
            UnresolvedPayload::OutOfSight { call, what } => {
                format!("the payload of this `{call}` call is out of sight: it is {what}")
            }
            UnresolvedPayload::NotRecognised {
                call,
                type_key,
                types,
            } => {
                let mut s = format!(
                    "cannot tell whether this `{call}` call is DigitalRiver.js: its receiver is not created in this file"
                );
                match type_key {
                    Some(key) if !types.is_empty() => {
                        let types: Vec<String> = types.iter().map(|t| format!("`{t}`")).collect();
                        s += &format!(
                            ", and the payload's `{key}` ({}) is not one only DigitalRiver.js has",
                            types.join(" or ")
                        );
                    }
                    Some(key) => s += &format!(" and the payload's `{key}` is not known"),
                    None => {}
                }
                s
            }
            UnresolvedPayload::NotResolved { call, what } => {
                format!("the payload of this `{call}` call cannot be resolved: it is {what}")
            }
            UnresolvedPayload::Undefined { call } => {
                format!("the payload of this `{call}` call is `undefined` here")
            }
            UnresolvedPayload::NoType { type_key } => {
                format!("this payload has no `{type_key}`: cannot tell which payment method it is")
            }
            UnresolvedPayload::UnknownType { type_key, what } => format!(
                "the payment type of this payload is not known here (`{type_key}` is {what}): cannot tell which fields to remove"
            ),
            UnresolvedPayload::Incomplete { session_key, whats } => format!(
                "this payload is not fully resolved ({}): `{session_key}` and fields to remove may come from there",
                whats.join("; ")
            ),
        }
    }

    pub fn label(&self) -> String {
        match self {
            UnresolvedPayload::OutOfSight { .. } => "payload not visible".into(),
            // The type (or the call's kind) is known: the receiver is what is not.
            UnresolvedPayload::NotRecognised {
                type_key, types, ..
            } if type_key.is_none() || !types.is_empty() => {
                "receiver not known to be DigitalRiver.js".into()
            }
            UnresolvedPayload::NotRecognised { .. } | UnresolvedPayload::UnknownType { .. } => {
                "payment type not known".into()
            }
            UnresolvedPayload::NotResolved { .. } | UnresolvedPayload::Undefined { .. } => {
                "payload not resolved".into()
            }
            UnresolvedPayload::NoType { type_key } => format!("no `{type_key}` here"),
            UnresolvedPayload::Incomplete { .. } => "payload not fully resolved".into(),
        }
    }

    pub fn help(&self) -> String {
        let mut help = "review this call by hand: the tool does not guess what it cannot see, and will not change it".to_string();
        if let UnresolvedPayload::NotRecognised { .. } = self {
            help += "; if its receiver is DigitalRiver.js, name it under `digitalriver` in the \
                     configuration's `[receivers]` table, and the call is checked";
        }
        help
    }
}

/// The finding about a payload's payment type, if it is not known. `incomplete`: the payload's own
/// "not fully resolved" finding covers it.
pub fn type_finding(p: &PayloadCx, incomplete: bool) -> Option<Found<UnresolvedPayload>> {
    let type_key = p.spec.type_key.clone()?;
    match &p.info {
        TypeInfo::Known(_) | TypeInfo::NotApplicable => None,
        TypeInfo::Missing | TypeInfo::Unknown(_) if incomplete => None,
        TypeInfo::Missing => {
            let mut f = p.finding(
                UnresolvedPayload::NoType { type_key },
                p.object.origin.clone(),
            );
            f.url = p.spec.docs_url.clone();
            f.payment_type = None;
            Some(f)
        }
        TypeInfo::Unknown(what) => {
            let at = p
                .object
                .field(&type_key)
                .and_then(|f| f.origins.first())
                .map_or(p.object.origin.clone(), |o| o.range());
            let mut f = p.finding(
                UnresolvedPayload::UnknownType {
                    type_key,
                    what: what.clone(),
                },
                at,
            );
            f.url = p.spec.docs_url.clone();
            f.payment_type = None;
            Some(f)
        }
    }
}

/// The finding about the parts of a payload out of sight, when they matter: the session id may be
/// there, the type is not known, or the payment method has fields to remove.
pub fn incomplete_finding(
    p: &PayloadCx,
    unknowns: &[(Range<usize>, String)],
) -> Option<Found<UnresolvedPayload>> {
    let matters = !p.has_session_id()
        || !p.info.is_decided()
        || p.methods.iter().any(|m| !m.remove.is_empty());
    if unknowns.is_empty() || !matters {
        return None;
    }
    let mut f = p.finding(
        UnresolvedPayload::Incomplete {
            session_key: p.spec.session_key.clone(),
            whats: unknowns.iter().map(|(_, w)| w.clone()).collect(),
        },
        p.object.origin.clone(),
    );
    for (r, what) in unknowns {
        f.push_related(p.span(r.clone()), format!("cannot see into this: {what}"));
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use crate::check::tester::RuleTester;
    use crate::rule::Rule;

    #[test]
    fn unresolved_payload() {
        RuleTester::new(Rule::UnresolvedPayload)
            .pass(&[
                "var dr = new DigitalRiver('k'); dr.createSource({ type: 'payPal', sessionId: s });",
                // Known not to be DigitalRiver.js: a Stripe type, an object without a type.
                "x.createSource(el, { type: 'card' });",
                "x.createSource({ name: 'n' });",
                // Not an object: never a payload.
                "x.createSource('creditCard');",
            ])
            .fail(&[
                (
                    "function go(p) { x.createSource(p); }",
                    "cannot tell whether this `createSource` call is DigitalRiver.js: its receiver is not created in this file and the payload's `type` is not known",
                ),
                (
                    "function pay(client) { client.createSource({ type: 'ideal', ideal: {} }); }",
                    "cannot tell whether this `createSource` call is DigitalRiver.js: its receiver is not created in this file, and the payload's `type` (`ideal`) is not one only DigitalRiver.js has",
                ),
                (
                    "function mount(dr) { dr.createElement('paypal', { style: {} }); }",
                    "cannot tell whether this `createElement` call is DigitalRiver.js: its receiver is not created in this file",
                ),
                (
                    "var dr = new DigitalRiver('k'); dr.createSource({ type: 'payPal', ...extra });",
                    "this payload is not fully resolved (a spread of `extra`): `sessionId` and fields to remove may come from there",
                ),
                (
                    "var dr = new DigitalRiver('k'); dr.createSource({ sessionId: s });",
                    "this payload has no `type`: cannot tell which payment method it is",
                ),
                (
                    "var dr = new DigitalRiver('k'); dr.createSource(dr, args);",
                    "the payload of this `createSource` call cannot be resolved: it is",
                ),
                (
                    "var dr = new DigitalRiver('k'); dr.createSource.apply(dr, args);",
                    "the payload of this `createSource` call is out of sight: it is the arguments array passed to `.apply`",
                ),
            ])
            .test();
    }

    /// The label names what is not known: the receiver when the call's kind or the payload's type
    /// is known, the payment type when it is not.
    #[test]
    fn labels_name_the_cause() {
        use super::UnresolvedPayload::NotRecognised;
        let label = |type_key: Option<&str>, types: &[&str]| {
            NotRecognised {
                call: "c".into(),
                type_key: type_key.map(str::to_string),
                types: types.iter().map(|t| t.to_string()).collect(),
            }
            .label()
        };
        assert_eq!(label(None, &[]), "receiver not known to be DigitalRiver.js");
        assert_eq!(
            label(Some("type"), &["ideal"]),
            "receiver not known to be DigitalRiver.js"
        );
        assert_eq!(label(Some("type"), &[]), "payment type not known");
    }
}
