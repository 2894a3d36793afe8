//! `redundant-field`: a payload carries a field the payment session now supplies for its payment method
//! (docs: "Migrating to payment sessions", the method's section: PayPal drops `amount`, `currency`,
//! `payPal.items`, ...). One finding per field. See docs/rules/redundant-field.md.

use std::ops::Range;

use super::found::Found;
use super::payload::PayloadCx;
use crate::resolve::model::{FieldOrigin, Lookup, Presence};
use crate::rules::Method;

/// A redundant field of a payload.
#[derive(Clone, Debug)]
pub struct RedundantField {
    /// The dotted path (`payPal.items`).
    pub path: String,
    /// The display names of the methods that list it, comma-separated.
    pub methods: String,
    /// When the payload's type may be one of several and not all list the field: those that do
    /// (`` `payPal` or `payPalCredit` ``), and the key that holds the type.
    pub when: Option<(String, String)>,
    /// Set on some paths only.
    pub maybe_present: bool,
    /// Every place that sets the field (a property, a write).
    pub origins: Vec<FieldOrigin>,
    /// False when the field is written in more places than the analysis keeps: reported, not fixed.
    pub origins_complete: bool,
}

impl RedundantField {
    pub fn message(&self) -> String {
        let (path, names) = (&self.path, &self.methods);
        match (&self.when, self.maybe_present) {
            (Some((key, when)), _) => format!(
                "`{path}` is redundant with payment sessions when `{key}` is {when} ({names})"
            ),
            (None, true) => {
                format!(
                    "`{path}` is set on some paths and is redundant with payment sessions ({names})"
                )
            }
            (None, false) => format!("`{path}` is redundant with payment sessions ({names})"),
        }
    }

    pub fn label(&self) -> String {
        format!("`{}` is supplied by the payment session", self.path)
    }

    pub fn help(&self) -> String {
        format!(
            "remove `{}`: the payment session supplies it for {}",
            self.path, self.methods
        )
    }

    /// True on some paths only (set on some paths, or redundant for some of the possible types).
    pub fn is_conditional(&self) -> bool {
        self.maybe_present || self.when.is_some()
    }
}

/// The findings for one payload. A field whose parent cannot be seen into adds to `unknowns` (what the
/// `unresolved-payload` finding lists) instead.
pub fn check(
    p: &PayloadCx,
    unknowns: &mut Vec<(Range<usize>, String)>,
) -> Vec<Found<RedundantField>> {
    // Each path once, with the methods that list it. When the type may be one of several values, a
    // path that not all of them list is redundant on some paths only.
    let mut paths: Vec<(Vec<String>, Vec<&Method>)> = Vec::new();
    for method in &p.methods {
        for path in method.redundant_paths() {
            match paths.iter_mut().find(|(x, _)| *x == path) {
                Some((_, listing)) => listing.push(method),
                None => paths.push((path, vec![method])),
            }
        }
    }
    let mut out = Vec::new();
    for (path, listing) in paths {
        let dotted = path.join(".");
        let (field, maybe_present) = match p.object.lookup(&path) {
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
        let when = (listing.len() < p.types.len()).then(|| {
            let types: Vec<String> = listing
                .iter()
                .map(|m| format!("`{}`", m.payment_type))
                .collect();
            (
                p.spec.type_key.clone().unwrap_or_default(),
                types.join(" or "),
            )
        });
        let violation = RedundantField {
            path: dotted,
            methods: names.join(", "),
            when,
            maybe_present,
            origins: field.origins.to_vec(),
            origins_complete: field.origins_complete,
        };
        let conditional = violation.is_conditional();
        let mut finding = p.finding(violation, first.range());
        finding.conditional = conditional;
        for o in field.origins.iter().skip(1) {
            finding.push_related(p.span(o.range()), "also set here".into());
        }
        finding.url = listing[0].docs_url.clone();
        finding.payment_type = (listing.len() == 1).then(|| listing[0].payment_type.clone());
        out.push(finding);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::check::tester::RuleTester;
    use crate::rule::Rule;

    #[test]
    fn redundant_field() {
        RuleTester::new(Rule::RedundantField)
            .pass(&[
                // creditCard: nothing to remove.
                "var dr = new DigitalRiver('k'); dr.createSource(el, { type: 'creditCard', sessionId: s, amount: 1 });",
                "var dr = new DigitalRiver('k'); dr.createSource({ type: 'payPal', sessionId: s, payPal: { returnUrl: u } });",
                // Stripe.js keeps its fields.
                "var st = Stripe('k'); st.createSource({ type: 'ideal', amount: 1, currency: 'eur' });",
            ])
            .fail(&[
                (
                    "var dr = new DigitalRiver('k'); dr.createSource({ type: 'payPal', sessionId: s, amount: 1 });",
                    "`amount` is redundant with payment sessions (PayPal)",
                ),
                (
                    "var dr = new DigitalRiver('k'); var p = { type: 'payPal', sessionId: s, payPal: {} }; p.payPal.items = [];\ndr.createSource(p);",
                    "`payPal.items` is redundant with payment sessions (PayPal)",
                ),
                (
                    "var dr = new DigitalRiver('k'); var p = { type: 'konbini', sessionId: s }; if (a) p.currency = 'JPY'; dr.createSource(p);",
                    "`currency` is set on some paths and is redundant with payment sessions (Konbini)",
                ),
                (
                    "var dr = new DigitalRiver('k'); dr.createSource({ type: a ? 'creditCard' : 'konbini', sessionId: s, amount: 1 });",
                    "`amount` is redundant with payment sessions when `type` is `konbini` (Konbini)",
                ),
            ])
            .fail(&[
                // Deep merges keep the defaults' nested fields; a shallow one would replace `payPal`.
                (
                    "var dr = new DigitalRiver('k'); var d = { payPal: { items: [] } }; var p = { type: 'payPal', sessionId: s, payPal: { returnUrl: u } }; $.extend(true, d, p); dr.createSource(d);",
                    "`payPal.items` is redundant with payment sessions (PayPal)",
                ),
                (
                    "var dr = new DigitalRiver('k'); var p = _.merge({ payPal: { items: [] } }, { type: 'payPal', sessionId: s, payPal: { returnUrl: u } }); dr.createSource(p);",
                    "`payPal.items` is redundant with payment sessions (PayPal)",
                ),
                (
                    "var dr = new DigitalRiver('k'); var p = { type: 'payPal', sessionId: s, payPal: {} }; _.defaultsDeep(p, { payPal: { items: [] } }); dr.createSource(p);",
                    "`payPal.items` is redundant with payment sessions (PayPal)",
                ),
            ])
            .pass(&[
                // A shallow merge replaces the details object whole.
                "var dr = new DigitalRiver('k'); var d = { payPal: { items: [] } }; var p = { type: 'payPal', sessionId: s, payPal: { returnUrl: u } }; Object.assign(d, p); dr.createSource(d);",
            ])
            .fix(&[
                // A fix never deletes a suppression comment, even one without a reason (an
                // `invalid-suppression` to fix by hand): the field under it stays, the others go.
                (
                    "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'payPal', sessionId: s, payPal: {\n  // dr-session-lint-ignore-next-line missing-session-id\n  items: [],\n  shipping: x\n}});\n",
                    "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'payPal', sessionId: s, payPal: {\n  // dr-session-lint-ignore-next-line missing-session-id\n  items: []\n}});\n",
                ),
                (
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'bPay',\n  sessionId: s,\n  // the total\n  amount: 10,\n  currency: 'AUD'\n});\n",
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'bPay',\n  sessionId: s\n});\n",
                ),
                (
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal', sessionId: s };\np.amount = 5;\ndr.createSource(p);\n",
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal', sessionId: s };\ndr.createSource(p);\n",
                ),
                // A line that looks like a comment line but is code stays: comments are the parser's.
                (
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal', sessionId: s };\nvar total = price\n  * quantity;\np.amount = total;\ndr.createSource(p);\n",
                    "var dr = new DigitalRiver('k');\nvar p = { type: 'payPal', sessionId: s };\nvar total = price\n  * quantity;\ndr.createSource(p);\n",
                ),
                (
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'payPal',\n  sessionId: s,\n  note: a\n    * b,\n  amount: 1,\n  /* the\n   * currency */\n  currency: 'USD'\n});\n",
                    "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'payPal',\n  sessionId: s,\n  note: a\n    * b\n});\n",
                ),
            ])
            .test();
    }
}
