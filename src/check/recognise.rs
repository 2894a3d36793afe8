//! Recognising a call: is it DigitalRiver.js, Stripe.js (which has the same `createSource(element,
//! data)` shape), or can the file not tell? The README's "How a call is recognized" section describes
//! this decision; the tests below are its table.

use crate::resolve::Receiver;
use crate::rules::RuleTable;
use crate::settings::ReceiverNames;

/// What created a call's receiver, as far as the decision goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiverKind {
    /// `new DigitalRiver(...)`, or named in the configuration's `receivers.digitalriver`.
    DigitalRiver,
    /// `Stripe(...)`, `await loadStripe(...)`.
    Stripe,
    /// A parameter, a global, an import...: the payload decides.
    Unknown,
}

impl ReceiverKind {
    pub fn of(receiver: &Receiver) -> ReceiverKind {
        match receiver {
            Receiver::DigitalRiver(_) => ReceiverKind::DigitalRiver,
            Receiver::Stripe(_) | Receiver::OtherApi | Receiver::OwnMethod(_) => {
                ReceiverKind::Stripe
            }
            Receiver::Unknown => ReceiverKind::Unknown,
        }
    }
}

/// What the configuration says of a receiver whose source text is `text` (`this.payments.dr`): a
/// name matches the whole text or its last part. `Some(Stripe)` stands for "known not to be".
pub fn configured(names: &ReceiverNames, text: &str) -> Option<ReceiverKind> {
    if names.digitalriver.is_empty() && names.not_digitalriver.is_empty() {
        return None;
    }
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let last = text.rsplit(['.', '?']).next().unwrap_or(&text).to_string();
    let matches = |list: &[String]| list.iter().any(|n| *n == text || *n == last);
    if matches(&names.not_digitalriver) {
        Some(ReceiverKind::Stripe)
    } else if matches(&names.digitalriver) {
        Some(ReceiverKind::DigitalRiver)
    } else {
        None
    }
}

/// What one candidate payload says about the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// Its payment type is known: one or more strings.
    Typed(Vec<String>),
    /// An object literal seen whole, with no payment type key: some other API's payload.
    UntypedComplete,
    /// Anything else: a parameter, a call result, a type computed at run time, part of the object out
    /// of sight.
    Unknown,
    /// A key only DigitalRiver.js payloads have: the session key (`sessionId`: Stripe.js source
    /// requests have none), or a details object named after a DigitalRiver.js payment method
    /// (`payPal: {...}`).
    DigitalRiverKey,
}

/// The verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recognition {
    DigitalRiver,
    /// May be DigitalRiver.js: reported as `unresolved-payload`, never fixed.
    Possible,
    /// Stripe.js or another API: left alone.
    NotDigitalRiver,
}

/// Decide a call from its receiver and its candidate payloads. `has_types`: the call's payloads carry a
/// payment type (its table entry has a `type-key`). `distinctive`: the method name alone identifies
/// DigitalRiver.js (`createDropin`).
pub fn recognise(
    receiver: ReceiverKind,
    has_types: bool,
    distinctive: bool,
    evidence: &[Evidence],
    table: &RuleTable,
) -> Recognition {
    match receiver {
        ReceiverKind::Stripe => return Recognition::NotDigitalRiver,
        ReceiverKind::DigitalRiver => return Recognition::DigitalRiver,
        ReceiverKind::Unknown => {}
    }
    if distinctive || evidence.contains(&Evidence::DigitalRiverKey) {
        return Recognition::DigitalRiver;
    }
    if !has_types {
        return Recognition::Possible;
    }
    let types = evidence.iter().flat_map(|e| match e {
        Evidence::Typed(ts) => ts.as_slice(),
        _ => &[],
    });
    let mut ambiguous = false;
    let mut unknown = false;
    for t in types {
        if table.is_dr_type(t) && !table.is_ambiguous_type(t) {
            return Recognition::DigitalRiver;
        }
        ambiguous |= table.is_ambiguous_type(t);
        // A type neither API is known to have, spelled the way DigitalRiver.js spells its types
        // (`trustly`, `newMethod`): it may be one the table does not list yet.
        unknown |= !table.is_dr_type(t) && !table.is_other_api_type(t) && is_camel_case(t);
    }
    if ambiguous || unknown {
        // `ideal`, `alipay`: Stripe.js has them too; an unknown type may be DigitalRiver.js's.
        Recognition::Possible
    } else if evidence
        .iter()
        .all(|e| matches!(e, Evidence::Typed(_) | Evidence::UntypedComplete))
    {
        // (No candidate at all: the call is in code the analysis never reaches.)
        Recognition::NotDigitalRiver
    } else {
        Recognition::Possible
    }
}

/// `payPal`, `trustly`: a lower-case first letter, letters and digits only (Stripe.js spells its
/// types `sepa_debit`).
fn is_camel_case(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && t.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Evidence as E;
    use ReceiverKind as R;
    use Recognition as V;

    fn typed(ts: &[&str]) -> Evidence {
        E::Typed(ts.iter().map(|t| t.to_string()).collect())
    }

    #[test]
    fn decision_table() {
        let table = RuleTable::builtin().unwrap();
        let cases: &[(ReceiverKind, bool, Vec<Evidence>, Recognition)] = &[
            // The receiver decides when it is known.
            (R::DigitalRiver, true, vec![E::Unknown], V::DigitalRiver),
            (
                R::Stripe,
                true,
                vec![typed(&["payPal"])],
                V::NotDigitalRiver,
            ),
            // Unknown receiver: the payload's type decides.
            (R::Unknown, true, vec![typed(&["payPal"])], V::DigitalRiver),
            (
                R::Unknown,
                true,
                vec![typed(&["googlePay"])],
                V::DigitalRiver,
            ),
            (R::Unknown, true, vec![typed(&["trustly"])], V::DigitalRiver),
            (
                R::Unknown,
                true,
                vec![typed(&["card"]), typed(&["payPal"])],
                V::DigitalRiver,
            ),
            (R::Unknown, true, vec![typed(&["card"])], V::NotDigitalRiver),
            (
                R::Unknown,
                true,
                vec![typed(&["customerCredit"])],
                V::NotDigitalRiver,
            ),
            (
                R::Unknown,
                true,
                vec![typed(&["card"]), E::UntypedComplete],
                V::NotDigitalRiver,
            ),
            (
                R::Unknown,
                true,
                vec![E::UntypedComplete],
                V::NotDigitalRiver,
            ),
            // An unknown camelCase type may be DigitalRiver.js's; snake_case is another API's.
            (R::Unknown, true, vec![typed(&["newMethod"])], V::Possible),
            (
                R::Unknown,
                true,
                vec![typed(&["some_thing"])],
                V::NotDigitalRiver,
            ),
            // Types Stripe.js has too do not decide...
            (R::Unknown, true, vec![typed(&["ideal"])], V::Possible),
            (
                R::Unknown,
                true,
                vec![typed(&["alipay", "card"])],
                V::Possible,
            ),
            // ...unless the payload carries a key only DigitalRiver.js payloads have.
            (
                R::Unknown,
                true,
                vec![typed(&["ideal"]), E::DigitalRiverKey],
                V::DigitalRiver,
            ),
            // Nothing known: may be.
            (R::Unknown, true, vec![E::Unknown], V::Possible),
            (
                R::Unknown,
                true,
                vec![typed(&["card"]), E::Unknown],
                V::Possible,
            ),
            // No candidate at all: code the analysis never reaches.
            (R::Unknown, true, vec![], V::NotDigitalRiver),
            // A call without payment types: the receiver, a distinctive name or a DR key decides.
            (R::Unknown, false, vec![E::UntypedComplete], V::Possible),
            (
                R::DigitalRiver,
                false,
                vec![E::UntypedComplete],
                V::DigitalRiver,
            ),
            (R::Unknown, false, vec![E::DigitalRiverKey], V::DigitalRiver),
        ];
        for (receiver, has_types, evidence, expected) in cases {
            assert_eq!(
                recognise(*receiver, *has_types, false, evidence, &table),
                *expected,
                "{receiver:?} {evidence:?}"
            );
        }
        assert_eq!(
            recognise(R::Unknown, false, true, &[E::Unknown], &table),
            V::DigitalRiver
        );
        assert_eq!(
            recognise(R::Stripe, false, true, &[E::Unknown], &table),
            V::NotDigitalRiver
        );
    }

    #[test]
    fn configured_receivers() {
        let names = ReceiverNames {
            digitalriver: vec!["drClient".into(), "this.payments.dr".into()],
            not_digitalriver: vec!["stripeClient".into()],
        };
        assert_eq!(configured(&names, "drClient"), Some(R::DigitalRiver));
        assert_eq!(configured(&names, "app . drClient"), Some(R::DigitalRiver));
        assert_eq!(
            configured(&names, "this.payments.dr"),
            Some(R::DigitalRiver)
        );
        assert_eq!(configured(&names, "this.stripeClient"), Some(R::Stripe));
        assert_eq!(configured(&names, "other"), None);
        assert_eq!(configured(&ReceiverNames::default(), "drClient"), None);
    }
}
