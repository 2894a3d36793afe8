//! The fixer: apply the fixes of one file's text in passes (sorted, non-overlapping, re-linted and
//! re-parsed after each pass), starting from the lint the caller already has. Reading and writing files
//! is the per-file driver's (`driver`).

use crate::diagnostic::FileId;
use crate::fix::{Applicability, Edit, Fix, apply_edits};
use std::path::Path;

use crate::lint::{Linted, lint_in_program, lint_text_at};
use crate::parse::parse_failures;
use crate::resolve::ResolveInput;
use crate::settings::Settings;
use crate::source::{Language, SourceText};

/// A fix that conflicts with one already taken waits for the next pass; a few passes reach a fixed
/// point (a removal that had to wait for an inserted `sessionId`, overlapping removals).
const MAX_PASSES: usize = 5;

/// What fixing a text gave.
#[derive(Debug)]
pub struct Fixed {
    pub bytes: Vec<u8>,
    /// `bytes` as text (see `SourceText`).
    pub text: String,
    /// The lint of the fixed text (of the original, when nothing was applied).
    pub linted: Linted,
    pub fixes_applied: usize,
    /// The call sites a fix changed, as indices into `linted.calls` (a fix moves no call, so the
    /// calls of the fixed text are those of the original, in the same order).
    pub calls_changed: std::collections::BTreeSet<usize>,
    /// Set when the fixes were not applied: the result would not parse.
    pub problem: Option<String>,
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.range.start < b.range.end && b.range.start < a.range.end)
        || (a.range.start == b.range.start && (a.range.is_empty() || b.range.is_empty()))
}

fn decode(bytes: &[u8]) -> String {
    SourceText::decode(bytes.to_vec())
        .map(|s| s.text)
        .unwrap_or_default()
}

/// Apply every fix of the allowed tiers to `bytes` (the text of `file`, whose lint is `first`), pass
/// after pass. Only edits in `file` are applied (a fix reaching into another file is the whole-program
/// driver's); a fix with an edit elsewhere is left out.
pub fn fix_bytes(
    file: FileId,
    path: Option<&Path>,
    bytes: &[u8],
    first: Linted,
    language: Language,
    settings: &Settings,
    unsafe_fixes: bool,
) -> Fixed {
    fix_bytes_in(
        file,
        path,
        bytes,
        first,
        language,
        settings,
        unsafe_fixes,
        &ResolveInput::default(),
    )
}

/// [`fix_bytes`] for a file of a program: each pass lints it again with the same `input`.
#[allow(clippy::too_many_arguments)]
pub fn fix_bytes_in(
    file: FileId,
    path: Option<&Path>,
    bytes: &[u8],
    first: Linted,
    language: Language,
    settings: &Settings,
    unsafe_fixes: bool,
    input: &ResolveInput,
) -> Fixed {
    let allowed = |f: &&Fix| {
        f.is_within(file)
            && match f.applicability {
                Applicability::Safe => true,
                Applicability::Unsafe => unsafe_fixes,
                Applicability::DisplayOnly => false,
            }
    };
    let mut current = bytes.to_vec();
    let mut text = decode(bytes);
    let mut linted = first;
    let mut original: Option<(String, Linted)> = None;
    let mut applied = 0;
    let mut calls_changed = std::collections::BTreeSet::new();
    let mut pass = 0;
    loop {
        let mut fixes: Vec<(Option<usize>, &Fix)> = linted
            .diagnostics
            .iter()
            .filter_map(|d| {
                let call = d
                    .call_site
                    .as_ref()
                    .and_then(|c| linted.calls.iter().position(|x| x.span == *c));
                Some((call, d.fix.as_ref()?))
            })
            .filter(|(_, f)| allowed(f))
            .collect();
        if fixes.is_empty() || pass == MAX_PASSES {
            return Fixed {
                bytes: current,
                text,
                linted,
                fixes_applied: applied,
                calls_changed,
                problem: None,
            };
        }
        fixes.sort_by_key(|(_, f)| f.edits.first().map(|e| (e.range.start, e.range.end)));
        let mut taken: Vec<&Edit> = Vec::new();
        for (call, f) in fixes {
            if f.edits
                .iter()
                .all(|e| taken.iter().all(|t| !overlaps(e, t)))
            {
                taken.extend(&f.edits);
                applied += 1;
                calls_changed.extend(call);
            }
        }
        let next = apply_edits(&current, &taken);
        let next_text = decode(&next);
        // Never keep a result that does not parse: report it and leave the text as it was. (A
        // template's script that did not parse before is not the fixes' doing.)
        let broken_before: Vec<usize> = parse_failures(&text, language)
            .iter()
            .map(|f| f.part)
            .collect();
        let new_failure = parse_failures(&next_text, language)
            .into_iter()
            .find(|f| !broken_before.contains(&f.part));
        if let Some(e) = new_failure {
            let (text, linted) = match original {
                Some(o) => o,
                None => (text, linted),
            };
            return Fixed {
                bytes: bytes.to_vec(),
                text,
                linted,
                fixes_applied: 0,
                calls_changed: Default::default(),
                problem: Some(format!(
                    "the fixes would produce code that does not parse ({}); the file was left as it was",
                    e.message
                )),
            };
        }
        let next_linted = lint_in_program(file, path, &next_text, language, settings, input);
        if original.is_none() {
            original = Some((
                std::mem::replace(&mut text, next_text),
                std::mem::replace(&mut linted, next_linted),
            ));
        } else {
            text = next_text;
            linted = next_linted;
        }
        current = next;
        pass += 1;
    }
}

/// [`fix_bytes`] for a caller with no lint of `bytes` at hand: lint them first.
pub fn lint_and_fix(
    file: FileId,
    path: Option<&Path>,
    bytes: &[u8],
    language: Language,
    settings: &Settings,
    unsafe_fixes: bool,
) -> Fixed {
    let first = lint_text_at(file, path, &decode(bytes), language, settings);
    fix_bytes(file, path, bytes, first, language, settings, unsafe_fixes)
}
