//! What the rules see of one candidate payload object: the call it reaches, its payment type(s) and the
//! rule table's methods for them.

use std::ops::Range;

use super::found::Found;
use crate::diagnostic::{FileId, Span};
use crate::resolve::model::{ObjectModel, Presence, Value};
use crate::rules::{CallSpec, Method, RuleTable};
use crate::source::template::TemplateTag;

/// What a candidate payload's payment type (its `type`, the call's `type-key`) is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeInfo {
    /// One or more strings, on every path.
    Known(Vec<String>),
    /// No such key.
    Missing,
    /// Set, to something not known here (what it is, said plainly).
    Unknown(String),
    /// The call has no payment types (no `type-key` in its table entry).
    NotApplicable,
}

impl TypeInfo {
    /// The payment type of `m` for a call whose payment type key is `type_key`.
    pub fn of(m: &ObjectModel, type_key: Option<&str>, tags: &[TemplateTag]) -> TypeInfo {
        let Some(type_key) = type_key else {
            return TypeInfo::NotApplicable;
        };
        match m.field(type_key) {
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
                Value::Opaque(o) => TypeInfo::Unknown(o.what.to_string()),
                Value::Object(_) => TypeInfo::Unknown("an object".into()),
            },
        }
    }

    /// Whether the rules know which fields apply: a known type, or a call without payment types.
    pub fn is_decided(&self) -> bool {
        matches!(self, TypeInfo::Known(_) | TypeInfo::NotApplicable)
    }
}

/// One candidate payload object of one call, with what the table says of it.
pub struct PayloadCx<'a> {
    pub spec: &'a CallSpec,
    pub object: &'a ObjectModel,
    pub info: TypeInfo,
    /// The known payment types (empty unless `info` is `Known`).
    pub types: Vec<String>,
    /// The table's methods for `types`.
    pub methods: Vec<&'a Method>,
    /// The docs to read: the method's section when there is one method, the call's otherwise.
    pub url: String,
    /// ` for PayPal (`payPal`)`, ` (`a` or `b`)`, or nothing: appended to messages.
    pub type_label: String,
    /// The call's name.
    pub call: Span,
    /// The payload object's file (its ranges are in it).
    pub file: FileId,
}

impl<'a> PayloadCx<'a> {
    pub fn new(
        spec: &'a CallSpec,
        table: &'a RuleTable,
        object: &'a ObjectModel,
        info: TypeInfo,
        call: Span,
    ) -> PayloadCx<'a> {
        let types = match &info {
            TypeInfo::Known(ts) => ts.clone(),
            _ => Vec::new(),
        };
        let methods: Vec<&Method> = types.iter().filter_map(|t| table.method(t)).collect();
        let one_method = if methods.len() == 1 {
            methods.first().copied()
        } else {
            None
        };
        let url = one_method.map_or_else(|| spec.docs_url.clone(), |m| m.docs_url.clone());
        let type_label = match types.as_slice() {
            [t] => match one_method {
                Some(m) => format!(" for {} (`{t}`)", m.name),
                None => format!(" (`{t}`)"),
            },
            [] => String::new(),
            ts => format!(" (`{}`)", ts.join("` or `")),
        };
        PayloadCx {
            spec,
            object,
            info,
            types,
            methods,
            url,
            type_label,
            file: object.file,
            call,
        }
    }

    /// A span of the payload's file.
    pub fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    /// A finding about this payload: its docs, and its payment type when there is exactly one.
    pub fn finding<V>(&self, violation: V, range: Range<usize>) -> Found<V> {
        let mut f = Found::new(
            violation,
            self.span(range),
            self.call.clone(),
            self.url.clone(),
        );
        if self.types.len() == 1 {
            f.payment_type = self.types.first().cloned();
        }
        f
    }

    /// Whether the session id is set on every path.
    pub fn has_session_id(&self) -> bool {
        matches!(self.object.field(&self.spec.session_key), Some(f) if f.presence == Presence::Certain)
    }
}

pub fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}
