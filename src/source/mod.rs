//! Reading a file into text the parser can take, without moving a single byte offset, the byte
//! prefilter that lets most files skip parsing altogether, and (in `template`) the scripts of HTML
//! pages and server templates.

pub mod language;
pub mod template;

pub use language::{FILE_KINDS, FileKind, Language, TemplateKind};

/// The parts of a file that are JavaScript, each parsed on its own and analysed together.
pub struct Units<'a> {
    /// The text the parser reads: the file's text, with the server tags of a template masked (same
    /// length, same offsets).
    pub text: std::borrow::Cow<'a, str>,
    /// Byte ranges of `text` and how to parse each: the whole file, or each `<script>` of a page.
    pub parts: Vec<(std::ops::Range<usize>, Language)>,
    pub tags: Vec<template::TemplateTag>,
}

impl<'a> Units<'a> {
    pub fn of(text: &'a str, language: Language) -> Units<'a> {
        match language {
            Language::Template(kind) => {
                let e = template::extract(text, kind);
                Units {
                    text: std::borrow::Cow::Owned(e.masked),
                    parts: e
                        .scripts
                        .into_iter()
                        .map(|s| (s.range, s.language))
                        .collect(),
                    tags: e.tags,
                }
            }
            _ => Units {
                text: std::borrow::Cow::Borrowed(text),
                parts: vec![(0..text.len(), language)],
                tags: Vec::new(),
            },
        }
    }
}

/// A file's bytes as text. `text` has exactly the length of the original bytes: each byte that is not
/// valid UTF-8 is replaced by one `?`, so every offset in `text` is an offset in the file (a lossy
/// conversion would turn one bad byte into three). Fixes are applied to the original bytes.
pub struct SourceText {
    pub text: String,
    /// Offset of the first invalid UTF-8 byte, if any.
    pub first_invalid_byte: Option<usize>,
}

#[derive(Debug)]
pub enum Unreadable {
    Binary,
}

impl SourceText {
    pub fn decode(bytes: Vec<u8>) -> Result<SourceText, Unreadable> {
        // A NUL byte never appears in JavaScript source text; it marks a binary file, as in git and ripgrep.
        if memchr::memchr(0, &bytes).is_some() {
            return Err(Unreadable::Binary);
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceText {
                text,
                first_invalid_byte: None,
            }),
            Err(err) => {
                let first = err.utf8_error().valid_up_to();
                let mut bytes = err.into_bytes();
                let mut pos = first;
                while pos < bytes.len() {
                    match std::str::from_utf8(&bytes[pos..]) {
                        Ok(_) => break,
                        Err(e) => {
                            let bad_start = pos + e.valid_up_to();
                            let bad_len = e.error_len().unwrap_or(bytes.len() - bad_start);
                            for b in &mut bytes[bad_start..bad_start + bad_len] {
                                *b = b'?';
                            }
                            pos = bad_start + bad_len;
                        }
                    }
                }
                // Every invalid sequence was replaced by ASCII, so this cannot fail.
                let text = String::from_utf8(bytes).unwrap_or_default();
                Ok(SourceText {
                    text,
                    first_invalid_byte: Some(first),
                })
            }
        }
    }
}

/// What a terminal is shown for character `c` of source text: a control character (an escape
/// sequence in a string) is `?`, a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069:
/// the "Trojan Source" trick, which reorders what is shown) is `U+FFFD`; a tab and anything else is
/// itself. The replacement has as many UTF-8 bytes as `c` (1 and 3), so byte offsets stay right.
pub fn shown_char(c: char) -> char {
    match c {
        '\t' => c,
        c if c.is_ascii_control() => '?',
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '\u{FFFD}',
        c => c,
    }
}

/// The byte search that runs before any parsing: whether a file may hold one of the rule table's calls.
/// A call is the name as a member (`x.createSource`, `x?.createSource`, `x . createSource`) or a quoted
/// computed member (`x["createSource"]`). A function *named* like a call, a comment or a plain string
/// mentioning it does not pass: big bundles that merely contain the word would otherwise dominate the
/// run time.
pub struct Prefilter {
    searcher: Searcher,
    /// Per name (the searcher's first patterns, in order): whether a call of that name counts only
    /// with one of its kinds in the file (`createElement('paypal', ...)`).
    needs_kind: Vec<bool>,
    /// Per quoted kind (the searcher's patterns after the names: `'paypal'`, `"paypal"`, ...): the
    /// names it lets through.
    kind_of: Vec<Vec<usize>>,
}

enum Searcher {
    /// No call to look for: nothing passes.
    Nothing,
    /// The names could not be searched for: everything passes.
    Everything,
    /// One name and no kind (the built-in table without kinds): memchr's SIMD substring search.
    One(Box<memchr::memmem::Finder<'static>>, usize),
    /// Several names (and quoted kinds): one pass of the SIMD multi-substring search (Teddy), where
    /// the CPU has it.
    Packed(Box<aho_corasick::packed::Searcher>),
    /// The same on a CPU without it: one Aho-Corasick pass.
    Many(Box<aho_corasick::AhoCorasick>),
}

impl Prefilter {
    /// A prefilter for these call names.
    pub fn new<'a>(names: impl Iterator<Item = &'a str>) -> Prefilter {
        Prefilter::with_kinds(names.map(|n| (n, None)))
    }

    /// A prefilter for these calls: a name, and for a call that counts only with some kinds of its
    /// kind argument (`createElement('paypal', ...)` of DigitalRiver.js, not React's
    /// `createElement(Component)`), those kinds: a file passes only if it also holds one of them
    /// as a quoted string (`'paypal'` or `"paypal"`: the recognizer counts a kind only as a string
    /// literal). Names and quoted kinds are found in the same single pass.
    pub fn with_kinds<'a>(
        calls: impl Iterator<Item = (&'a str, Option<&'a [String]>)>,
    ) -> Prefilter {
        let mut needs_by_name: std::collections::BTreeMap<&str, Option<Vec<String>>> =
            std::collections::BTreeMap::new();
        for (name, kinds) in calls.filter(|(n, _)| !n.is_empty()) {
            let entry = needs_by_name
                .entry(name)
                .or_insert_with(|| Some(Vec::new()));
            match (entry.as_mut(), kinds) {
                (Some(all), Some(k)) => all.extend(k.iter().cloned()),
                // One call of that name needs no kind: the name alone lets a file through.
                _ => *entry = None,
            }
        }
        let names: Vec<&str> = needs_by_name.keys().copied().collect();
        let needs_kind: Vec<bool> = needs_by_name.values().map(Option::is_some).collect();
        // Each kind, quoted both ways, and the names it lets through.
        let mut kinds: std::collections::BTreeMap<String, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (i, needs) in needs_by_name.values().enumerate() {
            for k in needs.iter().flatten().filter(|k| !k.is_empty()) {
                kinds.entry(k.clone()).or_default().push(i);
            }
        }
        let mut patterns: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut kind_of = Vec::new();
        for (k, by) in kinds {
            for quote in ['\'', '"'] {
                patterns.push(format!("{quote}{k}{quote}"));
                kind_of.push(by.clone());
            }
        }
        let searcher = match (names.as_slice(), patterns.len()) {
            ([], _) => Searcher::Nothing,
            ([one], 1) => Searcher::One(
                Box::new(memchr::memmem::Finder::new(one.as_bytes()).into_owned()),
                one.len(),
            ),
            _ => match aho_corasick::packed::Searcher::new(patterns.iter()) {
                Some(packed) => Searcher::Packed(Box::new(packed)),
                None => match aho_corasick::AhoCorasick::new(&patterns) {
                    Ok(ac) => Searcher::Many(Box::new(ac)),
                    // Names are short identifiers, so building cannot fail; if it did, every file
                    // would go on to be parsed (slower, never wrong).
                    Err(_) => Searcher::Everything,
                },
            },
        };
        Prefilter {
            searcher,
            needs_kind,
            kind_of,
        }
    }

    /// Whether `bytes` (a whole text) may hold one of the calls.
    pub fn may_call(&self, bytes: &[u8]) -> bool {
        let mut seen = Seen::new(self.needs_kind.len());
        self.scan(
            bytes,
            Window {
                first: true,
                last: true,
            },
            &mut seen,
        )
    }

    /// Whether a file read from `r` may hold one of the calls, reading it [`STREAM_CHUNK`] bytes at a
    /// time into `window` (memory and cache use stay small however big the file). Conservative:
    /// `false` only when [`Prefilter::may_call`] on the whole file would be `false`; when what a
    /// window shows cannot decide (the `.` before a name lies before the window, or the byte that
    /// starts the window may close a comment), it says `true`, and the caller reads the file whole
    /// and asks [`Prefilter::may_call`]. A kind seen in one window counts for a call in a later one.
    ///
    /// # Errors
    /// A read error of `r` (an interrupted read is retried).
    pub fn may_call_stream(
        &self,
        r: &mut impl std::io::Read,
        window: &mut StreamWindow,
    ) -> std::io::Result<bool> {
        let buf = &mut window.0;
        let mut len = 0;
        let mut first = true;
        let mut seen = Seen::new(self.needs_kind.len());
        loop {
            // Keep the end of the previous window in front of this one.
            let keep = if first { 0 } else { len.min(STREAM_OVERLAP) };
            buf.copy_within(len - keep..len, 0);
            len = keep;
            let mut eof = false;
            while len < buf.len() {
                match r.read(&mut buf[len..]) {
                    Ok(0) => {
                        eof = true;
                        break;
                    }
                    Ok(n) => len += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            let at = Window { first, last: eof };
            if self.scan(&buf[..len], at, &mut seen) {
                return Ok(true);
            }
            if eof {
                return Ok(false);
            }
            first = false;
        }
    }

    /// One text or window: whether it may hold a call, given what earlier windows showed (`seen`).
    fn scan(&self, bytes: &[u8], at: Window, seen: &mut Seen) -> bool {
        let names = self.needs_kind.len();
        let mut check = |(p, start, end): (usize, usize, usize)| -> bool {
            // A match ending at the window's end is found again, whole, in the next window.
            if end == bytes.len() && !at.last {
                return false;
            }
            if p < names {
                if !member_name_in_window(bytes, start, end, at.first) {
                    return false;
                }
                if !self.needs_kind[p] {
                    return true;
                }
                seen.met[p] = true;
                seen.kind[p]
            } else {
                let mut any = false;
                for &n in self.kind_of.get(p - names).into_iter().flatten() {
                    seen.kind[n] = true;
                    any |= seen.met[n];
                }
                any
            }
        };
        match &self.searcher {
            Searcher::Nothing => false,
            Searcher::Everything => true,
            Searcher::One(finder, n) => finder.find_iter(bytes).any(|s| check((0, s, s + n))),
            Searcher::Packed(packed) => packed
                .find_iter(bytes)
                .any(|m| check((m.pattern().as_usize(), m.start(), m.end()))),
            Searcher::Many(ac) => ac
                .find_iter(bytes)
                .any(|m| check((m.pattern().as_usize(), m.start(), m.end()))),
        }
    }
}

/// What the windows of one file showed so far, per name: a call of it met, one of its kinds seen.
struct Seen {
    met: Vec<bool>,
    kind: Vec<bool>,
}

impl Seen {
    fn new(names: usize) -> Seen {
        Seen {
            met: vec![false; names],
            kind: vec![false; names],
        }
    }
}

/// Bytes [`Prefilter::may_call_stream`] reads at a time: few enough to stay in the CPU's cache (the
/// kernel copies into a cold multi-megabyte buffer at a fraction of the speed).
const STREAM_CHUNK: usize = 64 * 1024;
/// Bytes of one window seen again at the start of the next: a name or a quoted kind split between two
/// reads is found whole (names and kinds are far shorter).
const STREAM_OVERLAP: usize = 256;

/// The buffer [`Prefilter::may_call_stream`] reads into; one per thread is enough.
pub struct StreamWindow(Vec<u8>);

impl Default for StreamWindow {
    fn default() -> Self {
        StreamWindow(vec![0; STREAM_OVERLAP + STREAM_CHUNK])
    }
}

/// Where a window of [`Prefilter::may_call_stream`] lies in the file.
#[derive(Clone, Copy)]
struct Window {
    /// It starts at the file's first byte.
    first: bool,
    /// It ends at the file's last byte.
    last: bool,
}

/// Whether the name at `at..end` is a member name: `.name` or `["name"]`. In a window that is not the
/// file's first, also when the window cannot tell (what comes before the name is before the window,
/// or starts the window: the `/` there may close a `/* */` comment whose `*` is in the window
/// before).
fn member_name_in_window(bytes: &[u8], at: usize, end: usize, first: bool) -> bool {
    if bytes.get(end).is_some_and(|&b| is_ident_byte(b)) {
        return false;
    }
    match previous_non_space(bytes, at) {
        Some((0, _)) if !first => true,
        Some((_, b'.')) => true,
        Some((q, quote @ (b'\'' | b'"' | b'`'))) => {
            bytes.get(end) == Some(&quote)
                && match previous_non_space(bytes, q) {
                    Some((_, b)) => b == b'[',
                    None => !first,
                }
        }
        Some(_) => false,
        None => !first,
    }
}

/// The last byte before `before` that is not whitespace or inside a `/* */` comment.
fn previous_non_space(bytes: &[u8], before: usize) -> Option<(usize, u8)> {
    let mut at = before;
    loop {
        while at > 0 && bytes[at - 1].is_ascii_whitespace() {
            at -= 1;
        }
        if at >= 2 && &bytes[at - 2..at] == b"*/" {
            match memchr::memmem::rfind(&bytes[..at - 2], b"/*") {
                Some(open) => at = open,
                None => return None,
            }
        } else {
            return at.checked_sub(1).map(|i| (i, bytes[i]));
        }
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_accepts_member_calls_only() {
        let p = Prefilter::new(["createSource"].into_iter());
        let may_call_create_source = |b: &[u8]| p.may_call(b);
        assert!(may_call_create_source(b"dr.createSource(p)"));
        assert!(may_call_create_source(b"dr?.createSource(p)"));
        assert!(may_call_create_source(b"dr\n  .createSource(p)"));
        assert!(may_call_create_source(b"dr['createSource'](p)"));
        assert!(may_call_create_source(
            b"dr[ \"createSource\" ].apply(dr, [p])"
        ));
        assert!(!may_call_create_source(b"function createSource(p) {}"));
        assert!(!may_call_create_source(b"var s = 'createSource';"));
        assert!(!may_call_create_source(b"x.createSourceElement()"));
        assert!(!may_call_create_source(b""));
    }

    #[test]
    fn prefilter_with_several_names() {
        let p = Prefilter::new(["createSource", "createDropin", "createSource"].into_iter());
        assert!(p.may_call(b"dr.createDropin(c)"));
        assert!(p.may_call(b"x = 1; dr.createSource(c)"));
        assert!(!p.may_call(b"createDropin(c); 'createSource'"));
        assert!(!Prefilter::new(std::iter::empty()).may_call(b"dr.createSource(p)"));
    }

    /// The streaming scan never says no where the whole-text search says yes, whatever the window
    /// boundaries cut; on text with no call it says no.
    #[test]
    fn prefilter_stream_is_conservative() {
        let kinds = ["paypal".to_string()];
        let p = Prefilter::with_kinds(
            [("createElement", Some(&kinds[..])), ("createSource", None)].into_iter(),
        );
        let stream = |text: &[u8]| {
            p.may_call_stream(
                &mut std::io::Cursor::new(text),
                &mut StreamWindow::default(),
            )
            .expect("reading a slice cannot fail")
        };
        let filler = |n: usize| "x = 1;\n".repeat(n / 7 + 1).into_bytes();
        let calls: [&[u8]; 6] = [
            b"dr.createSource(p)",
            b"dr[\"createSource\"](p)",
            b"dr.createElement('paypal', o)",
            b"React.createElement(App)",
            b"var s = 'createSource';",
            b"function createSource() {}",
        ];
        for call in calls {
            for at in [
                0,
                100,
                STREAM_CHUNK - 40,
                STREAM_CHUNK - 5,
                STREAM_CHUNK + 3,
                3 * STREAM_CHUNK,
            ] {
                let mut text = filler(at);
                text.truncate(at);
                text.extend_from_slice(call);
                text.extend_from_slice(&filler(500));
                assert!(
                    !p.may_call(&text) || stream(&text),
                    "{} at {at}",
                    String::from_utf8_lossy(call)
                );
            }
        }
        // The `.` far before the name, and the kind in an earlier window than the name.
        let mut far = b"dr.".to_vec();
        far.extend(std::iter::repeat_n(b' ', STREAM_CHUNK + 10));
        far.extend_from_slice(b"createSource(p)");
        assert!(p.may_call(&far) && stream(&far));
        let mut kind_first = b"var k = 'paypal';\n".to_vec();
        kind_first.extend(filler(2 * STREAM_CHUNK));
        kind_first.extend_from_slice(b"dr.createElement(k, o)");
        assert!(p.may_call(&kind_first) && stream(&kind_first));
        // A `*/` cut between two windows (its `*` the last byte of one, its `/` the first of the
        // next), with the name further than the overlap after it.
        let mut split = b"const dr = new DigitalRiver('pk');\n//".to_vec();
        let call = b"dr./**/";
        let star = STREAM_CHUNK - 1; // the next window starts at STREAM_CHUNK
        split.extend(std::iter::repeat_n(b'x', star - 6 - split.len()));
        split.push(b'\n');
        split.extend_from_slice(call);
        assert_eq!(&split[star..star + 2], b"*/");
        split.extend(std::iter::repeat_n(b' ', 300));
        split.extend_from_slice(b"createSource({ type: 'payPal' });\n");
        assert!(p.may_call(&split) && stream(&split));
        // Nothing to find: no.
        let mut none = filler(3 * STREAM_CHUNK);
        none.extend_from_slice(b"React.createElement(App); var s = 'createSource';");
        assert!(!stream(&none));
        assert!(!stream(b""));
    }

    /// Every call form, after every kind of text that may begin before a window boundary (a string, a
    /// comment, the `.` and the spaces before the name, the kind of a `createElement`), at every
    /// offset around the boundary: the stream says "may" wherever the whole text does.
    #[test]
    fn prefilter_stream_is_conservative_around_boundaries() {
        let kinds = ["paypal".to_string()];
        let p = Prefilter::with_kinds(
            [("createElement", Some(&kinds[..])), ("createSource", None)].into_iter(),
        );
        let far = format!("dr./**/{}createSource(p);", " ".repeat(300));
        let forms: [&str; 7] = [
            &far,
            "dr.createSource(p);",
            "dr?.createSource(p);",
            "dr[ 'createSource' ](p);",
            "dr . /* c */ createSource(p);",
            "dr.createElement('paypal', o);",
            "dr.createElement(k, o);",
        ];
        let before: [&str; 6] = [
            "",
            "var s = 'a string ",
            "// a line comment ",
            "/* a block comment ",
            "var k = 'paypal'; x.",
            "dr.                                                  ",
        ];
        let mut checked = 0;
        for form in forms {
            for lead in before {
                for shift in 0..24 {
                    // `lead` starts `shift` bytes before the boundary (some cross it), the call
                    // follows it.
                    let start = STREAM_CHUNK - shift;
                    let mut text = vec![b' '; start.saturating_sub(2)];
                    text.extend_from_slice(b";\n");
                    text.extend_from_slice(lead.as_bytes());
                    text.extend_from_slice(b"\n");
                    text.extend_from_slice(form.as_bytes());
                    text.extend_from_slice(b"\n var end = 1;\n");
                    let whole = p.may_call(&text);
                    let stream = p
                        .may_call_stream(
                            &mut std::io::Cursor::new(&text),
                            &mut StreamWindow::default(),
                        )
                        .expect("reading a slice cannot fail");
                    assert!(
                        stream || !whole,
                        "{lead:?} then {form:?}, {shift} bytes before"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 7 * 6 * 24);
    }

    #[test]
    fn prefilter_needs_a_quoted_kind() {
        let kinds = ["paypal".to_string(), "ideal".to_string()];
        let p = Prefilter::with_kinds(
            [("createElement", Some(&kinds[..])), ("createSource", None)].into_iter(),
        );
        assert!(p.may_call(b"dr.createElement('paypal', o)"));
        assert!(p.may_call(b"const k = \"ideal\"; dr.createElement(k, o)"));
        // React's createElement in a file whose comments say "ideally": not a DigitalRiver element.
        assert!(!p.may_call(b"// ideally\nReact.createElement(App)"));
        assert!(!p.may_call(b"React.createElement('paypalButton')"));
        assert!(p.may_call(b"React.createElement(App); dr.createSource(p)"));
    }

    #[test]
    fn invalid_utf8_keeps_offsets() {
        let src = SourceText::decode(b"a\xff\xfeb.createSource".to_vec()).unwrap();
        assert_eq!(src.text, "a??b.createSource");
        assert_eq!(src.first_invalid_byte, Some(1));
        assert!(matches!(
            SourceText::decode(b"a\0b".to_vec()),
            Err(Unreadable::Binary)
        ));
    }
}
