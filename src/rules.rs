//! The rule table: the session-aware DigitalRiver.js calls (`[[call]]`: the method name, which argument
//! holds its options object, the key that picks the payment method, the key that carries the session
//! id) and, per payment type, the fields the payment session now supplies (`[[method]]`). It is data
//! (`rules/payment-sessions.toml`, embedded in the binary), extended or replaced by `--rules`; see
//! docs/rules.md for the format.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use miette::NamedSource;

use crate::toml_file::{ConfigError, read};
use serde::Deserialize;
use toml::Spanned;

pub const BUILTIN_NAME: &str = "rules/payment-sessions.toml";
pub const BUILTIN: &str = include_str!("../rules/payment-sessions.toml");

/// Which argument of a call holds its options object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgPosition {
    /// The first argument.
    First,
    /// The last argument: `createSource(payload)` and `createSource(element, payload)`.
    Last,
    /// The argument at this 0-based index.
    Index(usize),
}

/// What the docs say of a call and the payment session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionNeed {
    /// The session id is required (`createSource`, Drop-in in a checkout, authenticate/update source).
    Required,
    /// The call "can be configured" with it (available payment methods, some elements).
    Configurable,
}

/// A session-aware DigitalRiver.js call (`[[call]]` in the rule table).
#[derive(Debug, Clone)]
pub struct CallSpec {
    /// The method name: `createSource`. A call is `<receiver>.<name>(...)` (or `["<name>"]`, `.call`,
    /// `.apply`); a bare `<name>(...)` is a local function.
    pub name: String,
    /// Which argument is the options object (the payload).
    pub options: ArgPosition,
    /// The key whose string value picks the payment method (`type`), when the call has payment methods;
    /// with one, the `[[method]]` entries say which fields must go.
    pub type_key: Option<String>,
    /// The key the options object must carry the payment session id under (`sessionId`).
    pub session_key: String,
    /// Whether the docs require the session id (`missing-session-id`, an error) or say the call "can be
    /// configured" with it (`session-not-configured`, a warning).
    pub session: SessionNeed,
    /// For a call that is session-aware for some kinds only (`createElement('paypal', options)`): the
    /// argument that names the kind (a string) and the kinds that are.
    pub kind: Option<(usize, Vec<String>)>,
    /// When the options object holds one of these values at this path (`options.flow` =
    /// `managePaymentMethods`), the call needs no session (Drop-in outside a checkout).
    pub exempt_when: Vec<(Vec<String>, Vec<String>)>,
    /// The method name alone identifies DigitalRiver.js (`createDropin`): a receiver the file does not
    /// create is taken as DigitalRiver.js, unless it is known to be something else.
    pub distinctive: bool,
    /// Globals whose method of this name is another API's (the DOM's
    /// `document.createElement(tagName, options)`): a call on one of them that the file does not
    /// declare (`document.createElement`, `window.document.createElement`) is not DigitalRiver.js.
    pub other_receivers: Vec<String>,
    /// The docs section about this call (a URL).
    pub docs_url: String,
}

#[derive(Debug, Clone)]
pub struct Method {
    pub payment_type: String,
    /// Display name, as the docs title the method.
    pub name: String,
    /// Keys under which the method's details object is nested (`payPal`, `payPalCredit`, ...).
    pub details: Vec<String>,
    /// Fields to remove: `["amount"]` or `["payPal", "items"]`.
    pub remove: Vec<Vec<String>>,
    pub docs_url: String,
}

impl Method {
    /// Every concrete path to remove: a nested path is redundant under each of the method's details keys.
    pub fn redundant_paths(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for path in &self.remove {
            if path.len() > 1 && self.details.contains(&path[0]) {
                for key in &self.details {
                    let mut p = vec![key.clone()];
                    p.extend_from_slice(&path[1..]);
                    if !out.contains(&p) {
                        out.push(p);
                    }
                }
            } else if !out.contains(path) {
                out.push(path.clone());
            }
        }
        out
    }
}

#[derive(Debug, Clone, Default)]
pub struct RuleTable {
    calls: Vec<CallSpec>,
    methods: Vec<Method>,
    by_type: HashMap<String, usize>,
    other_types: HashSet<String>,
    ambiguous_types: HashSet<String>,
    stripe_types: HashSet<String>,
    rest_only_types: HashSet<String>,
    /// Module specifier prefixes that make a file a server script (`dw/`, `express`).
    pub server_modules: Vec<String>,
    /// Specifier parts of modules whose exports are REST clients (`/cartridge/scripts/services/`).
    pub service_modules: Vec<String>,
    pub docs_page: String,
}

impl RuleTable {
    pub fn builtin() -> Result<RuleTable, Box<ConfigError>> {
        let raw = RawTable::parse(BUILTIN_NAME, BUILTIN)?;
        let mut table = RuleTable::default();
        table.merge(raw, BUILTIN_NAME, BUILTIN)?;
        Ok(table)
    }

    /// The builtin table extended (or replaced, with `replace-builtin = true`) by the files at `paths`,
    /// in order.
    pub fn with_files(paths: &[std::path::PathBuf]) -> Result<RuleTable, Box<ConfigError>> {
        let mut table = RuleTable::builtin()?;
        for path in paths {
            let name = path.display().to_string();
            let text = read(path, "rule table")?;
            let raw = RawTable::parse(&name, &text)?;
            if raw.replace_builtin.unwrap_or(false) {
                table = RuleTable::default();
            }
            table.merge(raw, &name, &text)?;
            if table.calls.is_empty() {
                return Err(Box::new(ConfigError {
                    message: format!(
                        "the rule table {name} replaces the built-in one but has no [[call]]"
                    ),
                    src: NamedSource::new(name, text),
                    span: None,
                    help: Some("add at least one [[call]] entry (see docs/rules.md)".into()),
                }));
            }
        }
        Ok(table)
    }

    fn merge(&mut self, raw: RawTable, name: &str, text: &str) -> Result<(), Box<ConfigError>> {
        let err = |span: Range<usize>, message: String, help: Option<&str>| {
            Box::new(ConfigError {
                message,
                src: NamedSource::new(name, text.to_string()),
                span: Some(span.into()),
                help: help.map(str::to_string),
            })
        };
        if let Some(page) = raw.docs_page {
            self.docs_page = page;
        }
        for t in raw.ambiguous_types.unwrap_or_default() {
            check_type_name(t.get_ref()).map_err(|m| err(t.span(), m, None))?;
            self.ambiguous_types.insert(t.into_inner());
        }
        for t in raw.other_types.unwrap_or_default() {
            check_type_name(t.get_ref()).map_err(|m| err(t.span(), m, None))?;
            self.other_types.insert(t.into_inner());
        }
        self.server_modules
            .extend(raw.server_modules.unwrap_or_default());
        self.service_modules
            .extend(raw.service_modules.unwrap_or_default());
        for t in raw.stripe_types.unwrap_or_default() {
            check_type_name(t.get_ref()).map_err(|m| err(t.span(), m, None))?;
            self.stripe_types.insert(t.into_inner());
        }
        for t in raw.rest_only_types.unwrap_or_default() {
            check_type_name(t.get_ref()).map_err(|m| err(t.span(), m, None))?;
            self.rest_only_types.insert(t.into_inner());
        }
        let mut calls_here: HashMap<String, Range<usize>> = HashMap::new();
        for c in raw.call.unwrap_or_default() {
            let name = c.name.get_ref().clone();
            check_segment(&name)
                .map_err(|m| err(c.name.span(), format!("bad call name: {m}"), None))?;
            if let Some(first) = calls_here.insert(name.clone(), c.name.span()) {
                return Err(err(
                    c.name.span(),
                    format!(
                        "duplicate call `{name}` (first defined at byte {})",
                        first.start
                    ),
                    Some("each [[call]] must have its own `name`"),
                ));
            }
            let options = match c.options.get_ref() {
                RawPosition::Index(i) => ArgPosition::Index(*i),
                RawPosition::Name(n) if n == "first" => ArgPosition::First,
                RawPosition::Name(n) if n == "last" => ArgPosition::Last,
                RawPosition::Name(n) => {
                    return Err(err(
                        c.options.span(),
                        format!("bad `options` position `{n}`"),
                        Some("write \"first\", \"last\" or a 0-based argument index"),
                    ));
                }
            };
            for key in [Some(&c.session_key), c.type_key.as_ref()]
                .into_iter()
                .flatten()
            {
                check_segment(key.get_ref()).map_err(|m| err(key.span(), m, None))?;
            }
            let docs_url = if c.docs.starts_with('#') {
                format!("{}{}", self.docs_page, c.docs)
            } else {
                c.docs
            };
            let session = match c.session.as_ref().map(|s| s.get_ref().as_str()) {
                None | Some("required") => SessionNeed::Required,
                Some("configurable") => SessionNeed::Configurable,
                Some(other) => {
                    let span = c.session.as_ref().map(Spanned::span).unwrap_or_default();
                    return Err(err(
                        span,
                        format!("bad `session` value `{other}`"),
                        Some("write \"required\" or \"configurable\""),
                    ));
                }
            };
            if c.kind_arg.is_some() != c.kinds.is_some() {
                return Err(err(
                    c.name.span(),
                    format!("call `{name}`: `kind-arg` and `kinds` go together"),
                    Some(
                        "`kind-arg` is the argument that names the kind, `kinds` the kinds that are session-aware",
                    ),
                ));
            }
            let mut other_receivers: Vec<String> = Vec::new();
            for r in c.other_receivers.unwrap_or_default() {
                if !is_identifier(r.get_ref()) {
                    return Err(err(
                        r.span(),
                        format!(
                            "call `{name}`: `other-receivers` entry `{}` is not a global's name",
                            r.get_ref()
                        ),
                        Some(
                            "write the name of a global the page has (`document`), not a path or an expression",
                        ),
                    ));
                }
                if !other_receivers.contains(r.get_ref()) {
                    other_receivers.push(r.into_inner());
                }
            }
            let spec = CallSpec {
                name: name.clone(),
                options,
                type_key: c.type_key.map(Spanned::into_inner),
                session_key: c.session_key.into_inner(),
                session,
                kind: c.kind_arg.zip(c.kinds),
                exempt_when: c
                    .exempt_when
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(path, values)| (path.split('.').map(str::to_string).collect(), values))
                    .collect(),
                distinctive: c.distinctive.unwrap_or(false),
                other_receivers,
                docs_url,
            };
            match self.calls.iter_mut().find(|x| x.name == name) {
                Some(existing) => *existing = spec,
                None => self.calls.push(spec),
            }
        }
        let mut seen_here: HashMap<String, Range<usize>> = HashMap::new();
        for m in raw.method.unwrap_or_default() {
            let ty = m.r#type.get_ref().clone();
            check_type_name(&ty).map_err(|msg| err(m.r#type.span(), msg, None))?;
            if let Some(first) = seen_here.insert(ty.clone(), m.r#type.span()) {
                return Err(err(
                    m.r#type.span(),
                    format!(
                        "duplicate payment type `{ty}` (first defined at byte {})",
                        first.start
                    ),
                    Some("each [[method]] must have its own `type`"),
                ));
            }
            let details: Vec<String> = m.details.iter().map(|d| d.get_ref().clone()).collect();
            for d in &m.details {
                check_segment(d.get_ref()).map_err(|msg| err(d.span(), msg, None))?;
            }
            if details.is_empty() {
                return Err(err(
                    m.r#type.span(),
                    format!("method `{ty}` has an empty `details` list"),
                    Some(
                        "name the key the method's details object sits under, e.g. details = [\"payPal\"]",
                    ),
                ));
            }
            let mut remove = Vec::new();
            for p in &m.remove {
                let segments: Vec<String> = p.get_ref().split('.').map(str::to_string).collect();
                for s in &segments {
                    check_segment(s).map_err(|msg| {
                        err(
                            p.span(),
                            format!("bad field path `{}`: {msg}", p.get_ref()),
                            None,
                        )
                    })?;
                }
                if segments.len() > 1 && !details.contains(&segments[0]) {
                    return Err(err(
                        p.span(),
                        format!(
                            "bad field path `{}`: `{}` is not one of this method's details keys ({})",
                            p.get_ref(),
                            segments[0],
                            details.join(", ")
                        ),
                        Some("a dotted path starts with a details key; add it to `details`"),
                    ));
                }
                if remove.contains(&segments) {
                    return Err(err(
                        p.span(),
                        format!("`{}` is listed twice", p.get_ref()),
                        None,
                    ));
                }
                remove.push(segments);
            }
            let docs_url = if m.docs.starts_with('#') {
                format!("{}{}", self.docs_page, m.docs)
            } else {
                m.docs
            };
            let method = Method {
                payment_type: ty.clone(),
                name: m.name,
                details,
                remove,
                docs_url,
            };
            match self.by_type.get(&ty) {
                Some(&i) => self.methods[i] = method,
                None => {
                    self.by_type.insert(ty, self.methods.len());
                    self.methods.push(method);
                }
            }
        }
        Ok(())
    }

    /// The session-aware calls, in table order.
    pub fn calls(&self) -> &[CallSpec] {
        &self.calls
    }

    pub fn methods(&self) -> &[Method] {
        &self.methods
    }

    pub fn method(&self, payment_type: &str) -> Option<&Method> {
        self.by_type.get(payment_type).map(|&i| &self.methods[i])
    }

    /// A payment type of DigitalRiver.js: one of the table's methods or of its `other-types`.
    pub fn is_dr_type(&self, payment_type: &str) -> bool {
        self.by_type.contains_key(payment_type) || self.other_types.contains(payment_type)
    }

    /// A type of another API: Stripe.js's Sources API (`card`, `sepa_debit`), or a type created through
    /// Digital River's REST API only (`customerCredit`).
    pub fn is_other_api_type(&self, payment_type: &str) -> bool {
        self.stripe_types.contains(payment_type) || self.rest_only_types.contains(payment_type)
    }

    /// Whether a payload key names a DigitalRiver.js payment method's details object (`payPal`,
    /// `klarnaCredit`): DigitalRiver.js evidence, as Stripe.js nests no such key.
    pub fn is_dr_details_key(&self, key: &str) -> bool {
        !self.stripe_types.contains(key)
            && self
                .methods
                .iter()
                .any(|m| m.details.iter().any(|d| d == key))
    }

    /// A DigitalRiver.js type that Stripe.js has too (`ideal`): on its own it does not decide.
    pub fn is_ambiguous_type(&self, payment_type: &str) -> bool {
        self.ambiguous_types.contains(payment_type)
    }

    pub fn migration_url(&self) -> String {
        format!("{}#migrating-to-payment-sessions", self.docs_page)
    }
}

fn check_type_name(t: &str) -> Result<(), String> {
    check_segment(t).map_err(|m| format!("bad payment type `{t}`: {m}"))
}

/// Whether `s` is a JavaScript identifier (ASCII letters, digits, `_` and `$`, not starting with a
/// digit; other letters too).
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

fn check_segment(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("empty name".into());
    }
    if !s
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '-')
    {
        return Err(format!("`{s}` is not a field name"));
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTable {
    docs_page: Option<String>,
    other_types: Option<Vec<Spanned<String>>>,
    ambiguous_types: Option<Vec<Spanned<String>>>,
    stripe_types: Option<Vec<Spanned<String>>>,
    rest_only_types: Option<Vec<Spanned<String>>>,
    server_modules: Option<Vec<String>>,
    service_modules: Option<Vec<String>>,
    replace_builtin: Option<bool>,
    call: Option<Vec<RawCall>>,
    method: Option<Vec<RawMethod>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCall {
    name: Spanned<String>,
    options: Spanned<RawPosition>,
    type_key: Option<Spanned<String>>,
    session_key: Spanned<String>,
    session: Option<Spanned<String>>,
    kind_arg: Option<usize>,
    kinds: Option<Vec<String>>,
    exempt_when: Option<std::collections::BTreeMap<String, Vec<String>>>,
    distinctive: Option<bool>,
    other_receivers: Option<Vec<Spanned<String>>>,
    docs: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawPosition {
    Index(usize),
    Name(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMethod {
    r#type: Spanned<String>,
    name: String,
    details: Vec<Spanned<String>>,
    remove: Vec<Spanned<String>>,
    docs: String,
}

impl RawTable {
    fn parse(name: &str, text: &str) -> Result<RawTable, Box<ConfigError>> {
        toml::from_str(text).map_err(|e| {
            Box::new(ConfigError {
                message: format!("invalid rule table: {}", e.message().trim()),
                src: NamedSource::new(name, text.to_string()),
                span: e.span().map(Into::into),
                help: Some("see docs/rules.md for the format of a rule table".into()),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_has_the_fourteen_methods() {
        let t = RuleTable::builtin().unwrap();
        assert_eq!(t.methods().len(), 14);
        let credit = t.method("payPalCredit").unwrap();
        let paths = credit.redundant_paths();
        assert!(paths.contains(&vec!["payPalCredit".into(), "items".into()]));
        assert!(paths.contains(&vec!["payPal".into(), "items".into()]));
        assert!(t.method("creditCard").unwrap().remove.is_empty());
        assert!(t.is_dr_type("googlePay"));
        assert!(t.is_dr_type("trustly"));
        assert!(t.is_other_api_type("card") && t.is_other_api_type("customerCredit"));
        assert!(t.is_dr_details_key("payPal") && !t.is_dr_details_key("owner"));
        let create_source = &t.calls()[0];
        assert_eq!(create_source.name, "createSource");
        assert_eq!(create_source.options, ArgPosition::Last);
        assert_eq!(create_source.type_key.as_deref(), Some("type"));
        assert_eq!(create_source.session_key, "sessionId");
        assert!(!t.is_dr_type("card"));
    }
}
