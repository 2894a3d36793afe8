//! What the fuzz targets check, shared by the targets (`fuzz/fuzz_targets/`) and the regression test
//! that replays their crash inputs on stable (`tests/fuzz_regressions.rs` includes this file).
//! Only the library's public entry points; every broken property is a panic with a message that says
//! which one.
//!
//! An input is the fuzzer's bytes: the first picks the kind of file ([`pick`]), the rest is the file.

use std::ops::Range;
use std::sync::OnceLock;

use dr_session_lint::apply::lint_and_fix;
use dr_session_lint::diagnostic::{FileId, Rule};
use dr_session_lint::fix::{Applicability, Edit, Fix, apply_edits};
use dr_session_lint::lint::{Linted, lint_text};
use dr_session_lint::parse::{parse_failures, parse_units};
use dr_session_lint::settings::Settings;
use dr_session_lint::source::{Language, SourceText, TemplateKind, Units};

/// A fuzz target's checks: they panic on the first property broken.
pub type Check = fn(&[u8]);

/// The fuzz targets, by the name of their directory in `tests/fuzz-regressions/`.
pub const TARGETS: &[(&str, Check)] = &[
    ("lint_bytes", lint_bytes),
    ("templates", templates),
    ("fix_roundtrip", fix_roundtrip),
];

/// The kinds `lint_bytes` and `fix_roundtrip` pick from.
pub const SCRIPT_KINDS: &[Language] = &[
    Language::JavaScript,
    Language::TypeScript,
    Language::Tsx,
    Language::Template(TemplateKind::Html),
    Language::Template(TemplateKind::Php),
];

/// The kinds `templates` picks from.
pub const TEMPLATE_KINDS: &[TemplateKind] = &[
    TemplateKind::Html,
    TemplateKind::Php,
    TemplateKind::Isml,
    TemplateKind::Jsp,
    TemplateKind::Erb,
    TemplateKind::Handlebars,
    TemplateKind::Razor,
    TemplateKind::Visualforce,
    TemplateKind::Component,
];

/// The stack the tool's worker threads have (`driver::WORKER_STACK`): the checks run on a thread with
/// it, so a deep input overflows here only where it would in the tool.
pub use dr_session_lint::driver::WORKER_STACK;

/// `kinds[first byte % len]` and the rest of the input; `None` for an empty input.
pub fn pick<'a, T: Copy>(data: &'a [u8], kinds: &[T]) -> Option<(T, &'a [u8])> {
    let (&first, rest) = data.split_first()?;
    Some((kinds[first as usize % kinds.len()], rest))
}

/// The file's text as the tool reads it (`SourceText::decode`: same length, a `?` per invalid byte).
/// A file with a NUL byte, which the tool skips as binary, is linted anyway with its NULs kept, so
/// the parser sees them too.
pub fn text_of(bytes: &[u8]) -> String {
    match SourceText::decode(bytes.to_vec()) {
        Ok(s) => s.text,
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn builtin() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(Settings::builtin)
}

/// The settings of `fix_roundtrip`: a session id expression from a global, so the `sessionId` fix is
/// applied wherever a call is.
pub fn fixing() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(|| Settings {
        session_id_expr: Some("s.id".into()),
        globals: vec!["s".into()],
        ..Settings::builtin()
    })
}

/// (a) Lint JavaScript, TypeScript, TSX, an HTML page or a PHP page: no panic escapes `lint_text`,
/// and every position it reports is in the text.
pub fn lint_bytes(data: &[u8]) {
    let Some((language, bytes)) = pick(data, SCRIPT_KINDS) else {
        return;
    };
    let text = text_of(bytes);
    let linted = lint_text(FileId(0), &text, language, builtin());
    check_positions(&text, &linted);
}

/// (b) Pages and server templates of every kind: the extracted scripts are inside the page and its
/// masked text keeps every offset; no panic; every position is in the text.
pub fn templates(data: &[u8]) {
    let Some((kind, bytes)) = pick(data, TEMPLATE_KINDS) else {
        return;
    };
    let text = text_of(bytes);
    let language = Language::Template(kind);
    let units = Units::of(&text, language);
    assert_eq!(
        units.text.len(),
        text.len(),
        "{kind:?}: the masked text is not as long as the page"
    );
    for (range, _) in &units.parts {
        assert!(
            in_text(&text, range) && units.text.is_char_boundary(range.start),
            "{kind:?}: script part {range:?} is not a range of the page ({} bytes)",
            text.len()
        );
    }
    let linted = lint_text(FileId(0), &text, language, builtin());
    check_positions(&text, &linted);
}

/// (c) Lint, fix (safe and unsafe tiers) and re-parse, with a session id expression:
/// - every position is in the text (first lint);
/// - a fix the fixer refuses leaves the bytes as they were;
/// - when the input parsed, the output parses;
/// - a second `lint_and_fix` of the output changes nothing (the fixer reached its fixed point);
/// - every byte of the input that no applied edit covers is in the output, in order (the passes are
///   replayed, each byte traced back to the input: a later pass's edits, such as the removals that
///   wait for the `sessionId` insertion, count too);
/// - each pass's edits (replayed with the fixer's rule: by position, the first that does not overlap
///   wins) remove only what the lint names (the primary spans and labels of its `redundant-field` findings: the property, the writes),
///   whitespace, `,`, `;` and whole comments; any other byte of an edited range is kept, in order, in
///   the edit's replacement text (an insertion rewrites `{}` as `{ sessionId: s.id }`), and no edit
///   cuts a comment; the replayed passes give the fixer's output.
pub fn fix_roundtrip(data: &[u8]) {
    let Some((language, bytes)) = pick(data, SCRIPT_KINDS) else {
        return;
    };
    let settings = fixing();
    // A file with a NUL byte is binary: the tool neither lints nor fixes it (`lint_and_fix` sees no
    // text), and `lint_bytes` feeds such bytes to the parser.
    let Ok(text) = SourceText::decode(bytes.to_vec()).map(|s| s.text) else {
        return;
    };
    let first = lint_text(FileId(0), &text, language, settings);
    check_positions(&text, &first);
    let parsed = !first.diagnostics.iter().any(|d| d.rule == Rule::ParseError);

    let fixed = lint_and_fix(FileId(0), None, bytes, language, settings, true);
    if let Some(problem) = &fixed.problem {
        assert_eq!(
            fixed.bytes, bytes,
            "the fixes were refused ({problem}) but the bytes changed"
        );
        return;
    }
    if parsed {
        let broken = parse_failures(&fixed.text, language);
        assert!(
            broken.is_empty(),
            "the input parses, the fixed text does not: {:?}\n--- fixed ---\n{}",
            broken.first(),
            fixed.text
        );
    }
    let again = lint_and_fix(FileId(0), None, &fixed.bytes, language, settings, true);
    assert!(
        again.bytes == fixed.bytes,
        "a second fix pass changed the fixed text ({} fixes left after the first)\n--- first ---\n{}\n--- second ---\n{}",
        applicable(&fixed.linted).count(),
        fixed.text,
        again.text
    );

    // Replay the passes, check each edit, and trace each byte back to the input.
    let mut current = bytes.to_vec();
    let mut current_text = text.clone();
    let mut origin: Vec<Option<usize>> = (0..bytes.len()).map(Some).collect();
    let mut edited = vec![false; bytes.len()];
    let mut linted = first;
    for _ in 0..MAX_PASSES {
        let taken = take(&linted);
        if taken.is_empty() {
            break;
        }
        let comments: Vec<Range<usize>> = parse_units(&Units::of(&current_text, language))
            .comments
            .into_iter()
            .map(|c| c.range)
            .collect();
        // What the findings name: a redundant field's property or write, and its other writes.
        let named: Vec<Range<usize>> = linted
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::RedundantField)
            .flat_map(|d| {
                std::iter::once(d.span.range.clone())
                    .chain(d.related.iter().map(|l| l.span.range.clone()))
            })
            .collect();
        for e in &taken {
            check_edit(&current_text, e, &named, &comments);
            for o in origin[e.range.clone()].iter().flatten() {
                edited[*o] = true;
            }
        }
        origin = apply_to_origins(&origin, &taken);
        current = apply_edits(&current, &taken);
        current_text = text_of(&current);
        linted = lint_text(FileId(0), &current_text, language, settings);
    }
    // The fixer's output keeps every input byte no edit covered, in order.
    let kept: Vec<u8> = (0..bytes.len())
        .filter(|i| !edited[*i])
        .map(|i| bytes[i])
        .collect();
    assert!(
        is_subsequence(&kept, &fixed.bytes),
        "a byte outside the edits is gone\n--- input ---\n{text}\n--- fixed ---\n{}",
        fixed.text
    );
    assert!(
        current == fixed.bytes,
        "replaying the fixer's passes gives another text\n--- replayed ---\n{current_text}\n--- fixer ---\n{}",
        fixed.text
    );
}

/// `apply_edits` on the input offsets of the bytes (`None`: inserted by a fix).
fn apply_to_origins(origin: &[Option<usize>], edits: &[&Edit]) -> Vec<Option<usize>> {
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = Vec::with_capacity(origin.len());
    let mut at = 0;
    for e in sorted {
        let start = e.range.start.clamp(at, origin.len());
        out.extend_from_slice(&origin[at..start]);
        out.extend(std::iter::repeat_n(None, e.text.len()));
        at = e.range.end.clamp(start, origin.len());
    }
    out.extend_from_slice(&origin[at..]);
    out
}

/// `apply::MAX_PASSES`.
const MAX_PASSES: usize = 5;

/// The fixes `lint_and_fix(.., unsafe_fixes: true)` applies: safe and unsafe, within the file.
fn applicable(linted: &Linted) -> impl Iterator<Item = &Fix> {
    linted
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.is_within(FileId(0)) && f.applicability != Applicability::DisplayOnly)
}

/// One pass of the fixer: the applicable fixes by their first edit, each taken when none of its edits
/// overlaps one already taken.
fn take(linted: &Linted) -> Vec<&Edit> {
    let mut fixes: Vec<&Fix> = applicable(linted).collect();
    fixes.sort_by_key(|f| f.edits.first().map(|e| (e.range.start, e.range.end)));
    let mut taken: Vec<&Edit> = Vec::new();
    for f in fixes {
        if f.edits
            .iter()
            .all(|e| taken.iter().all(|t| !overlaps(e, t)))
        {
            taken.extend(&f.edits);
        }
    }
    taken
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.range.start < b.range.end && b.range.start < a.range.end)
        || (a.range.start == b.range.start && (a.range.is_empty() || b.range.is_empty()))
}

fn in_text(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

/// Every span, label, call and edit is in file 0, inside the text, on character boundaries; a fix's
/// edits are sorted and do not overlap.
pub fn check_positions(text: &str, linted: &Linted) {
    let ok = |what: &str, file: FileId, r: &Range<usize>| {
        assert!(
            file == FileId(0) && in_text(text, r),
            "{what} at {file:?} {r:?} is not a range of the text ({} bytes)",
            text.len()
        );
    };
    for d in &linted.diagnostics {
        ok("diagnostic", d.span.file, &d.span.range);
        for l in &d.related {
            ok("label", l.span.file, &l.span.range);
        }
        if let Some(c) = &d.call_site {
            ok("call site", c.file, &c.range);
        }
        if let Some(f) = &d.fix {
            for e in &f.edits {
                ok("edit", e.file, &e.range);
            }
            for w in f.edits.windows(2) {
                assert!(
                    w[0].range.end <= w[1].range.start,
                    "a fix's edits overlap or are out of order: {:?}",
                    f.edits
                );
            }
        }
    }
    for c in &linted.calls {
        ok("call", c.span.file, &c.span.range);
    }
}

/// An edit removes only the named spans (a redundant field's property or writes), whitespace, `,`, `;` and whole comments; what else its range
/// holds is in its replacement, in order.
pub fn check_edit(text: &str, e: &Edit, named: &[Range<usize>], comments: &[Range<usize>]) {
    for c in comments {
        let cut = c.start < e.range.end && e.range.start < c.end && !e.range.is_empty();
        let whole = e.range.start <= c.start && c.end <= e.range.end;
        let in_named = |i: usize| named.iter().any(|n| n.contains(&i));
        // A comment inside a named span (a property with a comment in it) goes with it.
        let cut_outside_named =
            (c.start.max(e.range.start)..c.end.min(e.range.end)).any(|i| !in_named(i));
        assert!(
            !cut || whole || !cut_outside_named,
            "edit {:?} -> {:?} cuts the comment {:?} ({:?})",
            e.range,
            e.text,
            c,
            &text[c.clone()]
        );
    }
    let bytes = text.as_bytes();
    let kept: Vec<u8> = e
        .range
        .clone()
        .filter(|i| !named.iter().any(|n| n.contains(i)))
        .filter(|i| !comments.iter().any(|c| c.contains(i)))
        .map(|i| bytes[i])
        .filter(|b| !b.is_ascii_whitespace() && *b != b',' && *b != b';')
        .collect();
    assert!(
        is_subsequence(&kept, e.text.as_bytes()),
        "edit {:?} removes more than the findings name: {:?} -> {:?} (removed and not named: {:?})",
        e.range,
        &text[e.range.clone()],
        e.text,
        String::from_utf8_lossy(&kept)
    );
}

/// Whether `small` is `big` with some bytes left out.
fn is_subsequence(small: &[u8], big: &[u8]) -> bool {
    let mut it = big.iter();
    small.iter().all(|b| it.any(|x| x == b))
}

/// Run `check` on `input` on a thread with the tool's worker stack, containing its panic
/// (`catch_unwind`): `Err(the panic's message)`.
pub fn run_contained(check: Check, input: Vec<u8>) -> Result<(), String> {
    let worker = std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input))).map_err(
                |panic| {
                    panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a panic without a message".into())
                },
            )
        })
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    worker
        .join()
        .unwrap_or_else(|_| Err("the checking thread failed".into()))
}

/// Run `check` on `input` on a thread with the tool's worker stack, letting a panic through (the fuzz
/// targets: libFuzzer's panic hook turns it into a crash).
pub fn run_on_worker_stack(check: Check, input: &[u8]) {
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn_scoped(s, || check(input))
            .unwrap_or_else(|e| panic!("cannot start a thread: {e}"));
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
    });
}
