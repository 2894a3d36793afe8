//! Server-template policy: where the tags of a page or template (`<?php ... ?>`, `<isif>`, `{{#if}}`)
//! inside or around a payload make it unknowable, so that the payload is reported, never fixed.

use std::ops::Range;

use super::payload::contains;
use crate::resolve::excerpt;
use crate::resolve::model::{FieldOrigin, Lookup, ObjectModel, Value};
use crate::source::template::{JsContext, TagRole, TemplateTag};

/// Where server-template tags make a payload unknowable (a page's scripts only):
/// - a key printed by the server (`'<?= $key ?>': x`);
/// - inside the literal, a tag that decides what is printed (`<?php if ($x): ?> shipping: {...},
///   <?php endif ?>`), or prints something other than a property's value (`<?= $moreProps ?>`);
/// - between where the payload is built and the call, a tag that decides which code runs
///   (`<?php if (...): ?> p.sessionId = ...; <?php endif ?>`), counted from where the payload or one of
///   its `relevant` fields is first written.
pub fn unknowns(
    m: &ObjectModel,
    call: usize,
    original: &str,
    tags: &[TemplateTag],
    relevant: &[Vec<String>],
) -> Vec<(Range<usize>, String)> {
    if tags.is_empty() {
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
    for tag in tags {
        let excerpt = excerpt(original, &tag.range);
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
    for f in m.fields.iter() {
        out.extend(f.origins.iter());
        if let Value::Object(inner) = &f.value {
            all_origins(inner, out);
        }
    }
}
