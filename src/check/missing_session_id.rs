//! `missing-session-id`: a session-aware call's options object has no session id (docs: "Migrating to
//! payment sessions": every payment method's `createSource` payload needs the checkout's
//! `payment.session.id` as `sessionId`). See docs/rules/missing-session-id.md.

use super::found::Found;
use super::payload::PayloadCx;
use crate::resolve::model::Presence;

/// The session id is missing from a payload, or set on some paths only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingSessionId {
    /// The call's name (`createSource`).
    pub call: String,
    /// The session key (`sessionId`).
    pub key: String,
    /// ` for PayPal (`payPal`)`, or nothing.
    pub type_label: String,
    /// Set on some paths only, rather than missing.
    pub some_paths: bool,
    /// The payload had it, but a `delete` removed it before the call (on some path).
    pub deleted: bool,
}

impl MissingSessionId {
    pub fn message(&self) -> String {
        let (key, call, types) = (&self.key, &self.call, &self.type_label);
        if self.some_paths {
            format!("`{key}` is set on some paths only before this `{call}` call{types}")
        } else {
            format!("`{call}` payload{types} has no `{key}`")
        }
    }

    pub fn label(&self) -> String {
        let key = &self.key;
        if self.deleted {
            format!("`{key}` is deleted before the call")
        } else if self.some_paths {
            format!("`{key}` may be missing here")
        } else {
            format!("no `{key}` in this payload")
        }
    }

    pub fn help(&self) -> String {
        let key = &self.key;
        if self.deleted {
            format!(
                "keep `{key}` up to the call (the checkout's `payment.session.id`): remove the `delete`, or set it again after it"
            )
        } else if self.some_paths {
            format!(
                "set `{key}` on every path that reaches the call (the checkout's `payment.session.id`)"
            )
        } else {
            format!("add `{key}` (the checkout's `payment.session.id`) to the payload")
        }
    }
}

/// The finding for one payload, if any. `incomplete`: parts of the payload are out of sight, so a
/// missing key may be there (the `unresolved-payload` finding says so instead).
pub fn check(p: &PayloadCx, incomplete: bool) -> Option<Found<MissingSessionId>> {
    let deleted = p.object.deleted(&p.spec.session_key);
    let field = p.object.field(&p.spec.session_key);
    // Removed by a `delete` on every path: the literal's key (if it has one) does not reach the call.
    let certainly_deleted =
        field.is_none() && deleted.is_some_and(|d| d.presence == Presence::Certain);
    let violation = |some_paths| MissingSessionId {
        call: p.spec.name.clone(),
        key: p.spec.session_key.clone(),
        type_label: p.type_label.clone(),
        some_paths,
        deleted: certainly_deleted,
    };
    match field {
        Some(f) if f.presence == Presence::Certain => None,
        Some(f) => {
            let mut finding = p.finding(violation(true), p.object.origin.clone());
            finding.conditional = true;
            for o in f.origins.iter() {
                finding.push_related(p.span(o.range()), "set here, on some paths only".into());
            }
            if let Some(d) = deleted {
                let key = &p.spec.session_key;
                finding.push_related(
                    p.span(d.at.clone()),
                    format!("`{key}` deleted here, on some paths"),
                );
            }
            Some(finding)
        }
        // Parts out of sight may set it again: `unresolved-payload` says so.
        None if incomplete => None,
        None => {
            let mut finding = p.finding(violation(false), p.object.origin.clone());
            if let Some(d) = deleted.filter(|_| certainly_deleted) {
                let key = &p.spec.session_key;
                finding.push_related(p.span(d.at.clone()), format!("`{key}` deleted here"));
            }
            Some(finding)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::tester::RuleTester;
    use crate::rule::Rule;

    #[test]
    fn missing_session_id() {
        RuleTester::new(Rule::MissingSessionId)
            .pass(&[
                "new DigitalRiver('k').createSource({ type: 'payPal', sessionId: s });",
                "var dr = new DigitalRiver('k'); var p = { type: 'wireTransfer' }; p.sessionId = s; dr.createSource(p);",
                // Stripe.js: not ours.
                "var st = Stripe('k'); st.createSource(el, { type: 'card' });",
                // A local function, not a member call.
                "createSource({ type: 'payPal' });",
                // Tested, then written when missing: set on every path after the `if`.
                "var dr = new DigitalRiver('k'); var p = { type: 'payPal' }; if (!p.sessionId) p.sessionId = s; dr.createSource(p);",
                "var dr = new DigitalRiver('k'); var p = { type: 'payPal' }; if (typeof p.sessionId === 'undefined') { p.sessionId = s; } dr.createSource(p);",
                "var dr = new DigitalRiver('k'); var p = { type: 'payPal' }; if (p.sessionId == null) p.sessionId = s; dr.createSource(p);",
                "var dr = new DigitalRiver('k'); var p = { type: 'payPal' }; if (p.sessionId) {} else { p.sessionId = s; } dr.createSource(p);",
                "var dr = new DigitalRiver('k'); var p = { type: 'payPal' }; p.sessionId ||= s; dr.createSource(p);",
                "var dr = new DigitalRiver('k'); var p = { type: 'payPal' }; p.sessionId ??= s; dr.createSource(p);",
                // Written by a setter of the payload itself.
                "var dr = new DigitalRiver('k'); var p = { type: 'payPal', set session(v) { this.sessionId = v; } }; p.session = s; dr.createSource(p);",
                // A hoisted function that writes the session id, called after the payload is made.
                "var dr = new DigitalRiver('k'); let p; function setSess() { p.sessionId = s; } p = { type: 'payPal' }; setSess(); dr.createSource(p);",
                // Passed to a function out of sight, which may set it: a `delete` in a function never
                // called here does not make it certainly missing (unresolved-payload says so).
                "var dr = new DigitalRiver('k'); var p = { type: 'creditCard' }; function onLogout() { delete p.sessionId; } loadSession(p); dr.createSource(p);",
                // An `async` helper given the payload, awaited: its writes are made before the call.
                "var dr = new DigitalRiver('k'); let p = { type: 'payPal' }; async function load(q) { const r = await fetch('/s'); q.sessionId = r.id; } async function pay() { await load(p); return dr.createSource(p); } pay();",
                // Out of sight: unresolved-payload says so, this rule does not guess.
                "var dr = new DigitalRiver('k'); dr.createSource({ type: 'payPal', ...extra });",
            ])
            .fail(&[
                (
                    "var dr = new DigitalRiver('k'); dr.createSource({ type: 'payPal', amount: 1 });",
                    "`createSource` payload for PayPal (`payPal`) has no `sessionId`",
                ),
                (
                    "var dr = new DigitalRiver('k'); var p = { type: 'konbini' }; if (a) p.sessionId = s; dr.createSource(p);",
                    "`sessionId` is set on some paths only before this `createSource` call for Konbini (`konbini`)",
                ),
                // The same function never called here: it may run first (an event handler), or not.
                (
                    "var dr = new DigitalRiver('k'); let p; function setSess() { p.sessionId = s; } p = { type: 'payPal' }; dr.createSource(p);",
                    "`sessionId` is set on some paths only",
                ),
                // An `async` function writes after its `await` later: a call not awaited leaves it
                // unset at the call on some paths. A generator's body does not run when it is called.
                (
                    "var dr = new DigitalRiver('k'); let p = { type: 'payPal' }; async function load() { const r = await fetch('/s'); p.sessionId = r.id; } load(); dr.createSource(p);",
                    "`sessionId` is set on some paths only",
                ),
                (
                    "var dr = new DigitalRiver('k'); let p = { type: 'payPal' }; async function load(q) { const r = await fetch('/s'); q.sessionId = r.id; } load(p); dr.createSource(p);",
                    "`sessionId` is set on some paths only",
                ),
                (
                    "var dr = new DigitalRiver('k'); let p = { type: 'payPal' }; function* steps() { p.sessionId = s; yield 1; } steps(); dr.createSource(p);",
                    "`sessionId` is set on some paths only",
                ),
                // A method written over before the call may not be the one defined.
                (
                    "var dr = new DigitalRiver('k'); let p = { type: 'payPal' }; const api = { setSess() { p.sessionId = s; } }; if (c) api.setSess = () => {}; api.setSess(); dr.createSource(p);",
                    "`sessionId` is set on some paths only",
                ),
                // A wrapper of the file given a binding (found by a new user: "not visible").
                (
                    "var dr = new DigitalRiver('k'); function makeSource(data) { return dr.createSource(data); } var p = { type: 'payPal', amount: 1 }; makeSource(p);",
                    "`createSource` payload for PayPal (`payPal`) has no `sessionId`",
                ),
                // Deleted before the call.
                (
                    "var dr = new DigitalRiver('k'); var p = { type: 'payPal', sessionId: s }; function clear() { delete p.sessionId; } clear(); dr.createSource(p);",
                    "`createSource` payload for PayPal (`payPal`) has no `sessionId`",
                ),
                // Unknown receiver, DigitalRiver-only type.
                (
                    "window.x.createSource(card, { type: 'creditCard' });",
                    "`createSource` payload for Credit Card (`creditCard`) has no `sessionId`",
                ),
            ])
            .fix(&[
                // Through a wrapper of the file: the literal the binding holds is fixed.
                (
                    "var dr = new DigitalRiver('k');\nfunction makeSource(data) { return dr.createSource(data); }\nvar p = { type: 'creditCard' };\nmakeSource(p);\n",
                    "var dr = new DigitalRiver('k');\nfunction makeSource(data) { return dr.createSource(data); }\nvar p = { type: 'creditCard', sessionId: s.id };\nmakeSource(p);\n",
                ),
                // Deleted on every path before the call: inserting the key would not reach it.
                (
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal' };\ndelete p.sessionId;\ndr.createSource(p);\n",
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal' };\ndelete p.sessionId;\ndr.createSource(p);\n",
                ),
                // Deleted in a callback that runs after the call: the insertion is still the fix.
                (
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal' };\ndr.createSource(p).then(function () { delete p.sessionId; });\n",
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal', sessionId: s.id };\ndr.createSource(p).then(function () { delete p.sessionId; });\n",
                ),
                // Deleted before the call: adding the key to the literal again would only duplicate
                // it (and the `delete` would still remove it), so there is no fix.
                (
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal', sessionId: s.id };\nfunction clear(v) { delete p.sessionId; }\nclear(s);\ndr.createSource(p);\n",
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal', sessionId: s.id };\nfunction clear(v) { delete p.sessionId; }\nclear(s);\ndr.createSource(p);\n",
                ),
                (
                    "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'wireTransfer', amount: 1, currency: 'EUR' });\n",
                    "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'wireTransfer', sessionId: s.id });\n",
                ),
                (
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'creditCard',\n  owner: o\n});\n",
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'creditCard',\n  sessionId: s.id,\n  owner: o\n});\n",
                ),
                // The comment after `type` stays on its line (an `eslint-disable-line` keeps its line).
                (
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'creditCard', // cards only\n  owner: o\n});\n",
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'creditCard', // cards only\n  sessionId: s.id,\n  owner: o\n});\n",
                ),
                (
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  owner: o,\n  type: 'creditCard' /* cards */\n});\n",
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  owner: o,\n  type: 'creditCard', /* cards */\n  sessionId: s.id\n});\n",
                ),
            ])
            .test();
    }
}
