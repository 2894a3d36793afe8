//! `session-not-configured`: a call the docs say "can be configured" with the payment session (retrieving
//! the available payment methods; the iDEAL, tax identifier, invoice attribute and PayPal elements:
//! "Configure elements", "Retrieve available payment methods") is not. A warning: the call works
//! without it, but does not use what the session knows. See docs/rules/session-not-configured.md.

use super::missing_session_id::MissingSessionId;

/// A configurable call without the session id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionNotConfigured {
    /// The call's name (`retrieveAvailablePaymentMethods`).
    pub call: String,
    /// The session key (`sessionId`).
    pub key: String,
    /// Set on some paths only, rather than missing.
    pub some_paths: bool,
}

impl From<MissingSessionId> for SessionNotConfigured {
    fn from(m: MissingSessionId) -> SessionNotConfigured {
        SessionNotConfigured {
            call: m.call,
            key: m.key,
            some_paths: m.some_paths,
        }
    }
}

impl SessionNotConfigured {
    pub fn message(&self) -> String {
        let (key, call) = (&self.key, &self.call);
        if self.some_paths {
            format!("`{key}` is set on some paths only before this `{call}` call")
        } else {
            format!(
                "`{call}` is not configured with the payment session: the session's `{key}` would give it \
                 the checkout's data (its amount, currency, country and applicable payment methods)"
            )
        }
    }

    pub fn label(&self) -> String {
        format!("no `{}` here", self.key)
    }

    pub fn help(&self) -> String {
        format!(
            "pass the checkout's `payment.session.id` as `{}` (Digital River recommends it)",
            self.key
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::check::tester::RuleTester;
    use crate::rule::Rule;

    #[test]
    fn session_not_configured() {
        RuleTester::new(Rule::SessionNotConfigured)
            .pass(&[
                "var dr = new DigitalRiver('k'); dr.retrieveAvailablePaymentMethods({ sessionId: s });",
                "var dr = new DigitalRiver('k'); dr.createElement('paypal', { sessionId: s, style: {} });",
                // Elements the session does not configure, and the DOM's own createElement.
                "var dr = new DigitalRiver('k'); dr.createElement('cardnumber', { style: {} });",
                "document.createElement('div', { is: 'x' });",
                // Required calls are the other rule's.
                "var dr = new DigitalRiver('k'); dr.createDropin({ onSuccess: f });",
            ])
            .fail(&[
                (
                    "var dr = new DigitalRiver('k'); dr.retrieveAvailablePaymentMethods({ currency: 'USD', country: 'US' });",
                    "`retrieveAvailablePaymentMethods` is not configured with the payment session",
                ),
                // The name alone is DigitalRiver.js's: a receiver the file does not create still counts.
                (
                    "window.drjs.retrieveAvailablePaymentMethods({ currency: 'USD' });",
                    "`retrieveAvailablePaymentMethods` is not configured",
                ),
                (
                    "var dr = new DigitalRiver('k'); dr.createElement('ideal', { classes: {} });",
                    "`createElement` is not configured with the payment session",
                ),
            ])
            .test();
    }
}
