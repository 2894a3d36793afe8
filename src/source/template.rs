//! The JavaScript inside HTML pages and server templates: which `<script>` elements a browser would
//! run (found with html5gum, which follows the HTML spec: `</script` ends a script whatever precedes
//! it, comments and `<textarea>`/`<style>` contents are not tags), and the server-template tags inside
//! them (`<?php ?>`, `<%= %>`, `${}`, `{{ }}`, `<isif>`...), masked so the script parses while every byte
//! keeps its offset.

use std::convert::Infallible;
use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use super::language::{Language, TemplateKind};

/// The content of one `<script>` element the browser runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptBlock {
    pub range: Range<usize>,
    pub language: Language,
}

/// Where in the JavaScript a server tag sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsContext {
    Code,
    String,
    Comment,
}

/// What a server tag does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagRole {
    /// Prints a value: `<?= $x ?>`, `<?php echo $x ?>`, `${x}`, `{{x}}`, `@Model.X`.
    Output,
    /// Decides what is printed: `<?php if (...): ?>`, `<% } %>`, `<isif ...>`, `{{#if}}`.
    Control,
    /// A server-side comment: `<%-- --%>`, `<%# %>`, `{{!-- --}}`, `@* *@`, `<iscomment>`.
    Comment,
    /// Razor `@if (...)` / `@foreach (...)`: masked as a JavaScript `if (...)`, so the braces that
    /// follow (and an `else`) stay a conditional block. The number is the offset of its `(`.
    Conditional(usize),
}

/// A server-template tag inside a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateTag {
    pub range: Range<usize>,
    pub role: TagRole,
    pub context: JsContext,
}

impl TemplateTag {
    /// Whether the tag may change which JavaScript runs or which fields an object has (as opposed to
    /// printing a value, or a comment).
    pub fn is_structural(&self) -> bool {
        self.context == JsContext::Code
            && matches!(self.role, TagRole::Control | TagRole::Conditional(_))
    }
}

pub struct Extracted {
    /// The file's text with every server tag inside a script replaced by ASCII of the same length
    /// (an identifier for a printed value, a comment for control flow, filler inside strings).
    pub masked: String,
    pub scripts: Vec<ScriptBlock>,
    pub tags: Vec<TemplateTag>,
}

impl Extracted {
    /// Each script as the linter parses it: its block and its text with the server tags masked (the
    /// neutral JavaScript of [`extract`]: an identifier for a printed value, a comment for control
    /// flow, filler inside strings), in document order. This is what runs when the page's scripts
    /// are executed without the server (the differential test).
    pub fn masked_scripts(&self) -> impl Iterator<Item = (&ScriptBlock, &str)> {
        self.scripts
            .iter()
            .map(|s| (s, self.masked.get(s.range.clone()).unwrap_or("")))
    }
}

pub fn extract(text: &str, kind: TemplateKind) -> Extracted {
    let has_tags = kind != TemplateKind::Html && kind != TemplateKind::Component;
    // The HTML tokenizer reads the page with its server tags blanked out, so `<script<?php echo
    // $attr ?>>` is a script and a `<script>` inside a server comment is not. Offsets do not move.
    let scripts = if has_tags {
        script_blocks(&blank_server_tags(text, kind))
    } else {
        script_blocks(text)
    };
    let mut masked = text.as_bytes().to_vec();
    let mut tags = Vec::new();
    if has_tags {
        for s in &scripts {
            mask_block(text, s.range.clone(), kind, &mut masked, &mut tags);
        }
    }
    // Only whole tags (ASCII at both ends) were replaced by ASCII: still UTF-8.
    let masked = String::from_utf8(masked).unwrap_or_else(|_| text.to_string());
    Extracted {
        masked,
        scripts,
        tags,
    }
}

/// Where a PHP tag that is never closed (`<?php` with no `?>` after it) starts. PHP runs such a tag
/// to the end of the file, and so does the masking: the scripts after it are not seen, which the
/// caller must report rather than pass over.
pub fn unclosed_server_tag(text: &str, kind: TemplateKind) -> Option<usize> {
    if kind != TemplateKind::Php {
        return None;
    }
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match server_tag(b, i, b.len(), kind, i.checked_sub(1).map(|p| b[p])) {
            Some((len, _)) => {
                if i + len == b.len() && !b[i + 2..].ends_with(b"?>") {
                    return Some(i);
                }
                i += len.max(1);
            }
            None => i += 1,
        }
    }
    None
}

/// Every server tag of the page replaced by spaces (for the HTML tokenizer).
fn blank_server_tags(text: &str, kind: TemplateKind) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        match server_tag(b, i, b.len(), kind, i.checked_sub(1).map(|p| b[p])) {
            Some((len, _)) => {
                for c in &mut out[i..i + len] {
                    *c = b' ';
                }
                i += len.max(1);
            }
            None => i += 1,
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The scripts a browser would run, in document order.
fn script_blocks(text: &str) -> Vec<ScriptBlock> {
    #[derive(Default)]
    struct Open {
        is_script: bool,
        attr: Vec<u8>,
        src: bool,
        type_: Option<String>,
        lang: Option<String>,
        content_start: Option<usize>,
    }
    let mut open = Open::default();
    let mut iscomment = 0usize;
    let mut blocks = Vec::new();
    let emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, span: Span<usize>| -> Option<Infallible> {
            match event {
                CallbackEvent::OpenStartTag { name } => {
                    open = Open {
                        is_script: name.eq_ignore_ascii_case(b"script"),
                        ..Open::default()
                    };
                    if name.eq_ignore_ascii_case(b"iscomment") {
                        iscomment += 1;
                    }
                }
                CallbackEvent::AttributeName { name } => {
                    open.attr = name.to_ascii_lowercase();
                    if open.attr == b"src" {
                        open.src = true;
                    }
                }
                CallbackEvent::AttributeValue { value } => {
                    let v = String::from_utf8_lossy(value).trim().to_ascii_lowercase();
                    match open.attr.as_slice() {
                        b"type" => open.type_ = Some(v),
                        b"lang" => open.lang = Some(v),
                        _ => {}
                    }
                }
                CallbackEvent::CloseStartTag { .. } if open.is_script => {
                    open.content_start = Some(span.end);
                }
                CallbackEvent::EndTag { name } => {
                    if name.eq_ignore_ascii_case(b"iscomment") {
                        iscomment = iscomment.saturating_sub(1);
                    }
                    if name.eq_ignore_ascii_case(b"script")
                        && let Some(start) = open.content_start.take()
                    {
                        let language = script_language(open.type_.as_deref(), open.lang.as_deref());
                        if let (Some(language), false, 0) = (language, open.src, iscomment) {
                            blocks.push(ScriptBlock {
                                range: start..span.start.max(start),
                                language,
                            });
                        }
                    }
                }
                _ => {}
            }
            None
        },
    );
    let mut emitter = emitter;
    emitter.naively_switch_states(true);
    let _ = Tokenizer::new_with_emitter(text, emitter).finish();
    // A script left open at the end of the file runs to the end of the file.
    if let Some(start) = open.content_start
        && let (Some(language), false, 0) = (
            script_language(open.type_.as_deref(), open.lang.as_deref()),
            open.src,
            iscomment,
        )
    {
        blocks.push(ScriptBlock {
            range: start..text.len(),
            language,
        });
    }
    blocks
}

/// Which scripts hold JavaScript: no `type`, a JavaScript MIME type or `module`; `lang` picks
/// TypeScript (Vue, Svelte). JSON, templates (`text/template`, `text/x-template`...) are not code.
fn script_language(type_: Option<&str>, lang: Option<&str>) -> Option<Language> {
    let js = match type_ {
        None | Some("") => true,
        // The JavaScript MIME types of the HTML standard, `module`, and in-browser JSX.
        Some(t) => matches!(
            t,
            "module"
                | "text/javascript"
                | "application/javascript"
                | "application/x-javascript"
                | "text/x-javascript"
                | "text/ecmascript"
                | "application/ecmascript"
                | "application/x-ecmascript"
                | "text/x-ecmascript"
                | "text/jscript"
                | "text/livescript"
                | "text/javascript1.0"
                | "text/javascript1.1"
                | "text/javascript1.2"
                | "text/javascript1.3"
                | "text/javascript1.4"
                | "text/javascript1.5"
                | "text/jsx"
                | "text/babel"
        ),
    };
    if !js {
        return None;
    }
    Some(match lang {
        Some("ts" | "typescript") => Language::TypeScript,
        Some("tsx") => Language::Tsx,
        _ => Language::JavaScript,
    })
}

/// Find the server tags of `kind` in one script and mask them.
fn mask_block(
    text: &str,
    block: Range<usize>,
    kind: TemplateKind,
    masked: &mut [u8],
    tags: &mut Vec<TemplateTag>,
) {
    let b = text.as_bytes();
    let end = block.end;
    let mut scan = JsScanner::default();
    let mut i = block.start;
    while i < end {
        let Some((len, role)) = server_tag(b, i, end, kind, i.checked_sub(1).map(|p| b[p])) else {
            scan.step(b, i);
            i += 1;
            continue;
        };
        let range = i..i + len;
        let context = scan.context();
        let comment_mask = |len: usize| {
            let mut m = vec![b' '; len];
            if len >= 4 {
                m[..2].copy_from_slice(b"/*");
                m[len - 2..].copy_from_slice(b"*/");
            }
            m
        };
        let mask: Vec<u8> = match (context, role) {
            (JsContext::String, _) => vec![b'x'; len],
            (JsContext::Comment, _) => vec![b' '; len],
            (JsContext::Code, TagRole::Output) => vec![b'_'; len],
            (JsContext::Code, TagRole::Conditional(paren)) => {
                let mut m = vec![b' '; len];
                m[..2].copy_from_slice(b"if");
                m[paren] = b'(';
                for c in &mut m[paren + 1..len - 1] {
                    *c = b'_';
                }
                m[len - 1] = b')';
                m
            }
            (JsContext::Code, TagRole::Control | TagRole::Comment) => comment_mask(len),
        };
        masked[range.clone()].copy_from_slice(&mask);
        tags.push(TemplateTag {
            range,
            role,
            context,
        });
        if context == JsContext::Code && role == TagRole::Output {
            scan.prev_significant = Some(b'_');
        }
        i += len;
    }
}

/// The length and role of the server tag at `i` (`prev`: the byte before it).
fn server_tag(
    b: &[u8],
    i: usize,
    end: usize,
    kind: TemplateKind,
    prev: Option<u8>,
) -> Option<(usize, TagRole)> {
    let rest = &b[i..end];
    let until = |close: &[u8], from: usize| -> usize {
        memchr::memmem::find(&rest[from..], close).map_or(rest.len(), |p| from + p + close.len())
    };
    let escaped = prev == Some(b'\\');
    let role = |output: bool| {
        if output {
            TagRole::Output
        } else {
            TagRole::Control
        }
    };
    match kind {
        TemplateKind::Php if rest.starts_with(b"<?") => {
            // `<?= $x ?>`, and `<?php echo $x; ?>` / `<?php print($x) ?>` print a value.
            let body = rest[2..].strip_prefix(b"php").unwrap_or(&rest[2..]);
            let word: Vec<u8> = body
                .iter()
                .skip_while(|c| c.is_ascii_whitespace())
                .take_while(|c| c.is_ascii_alphabetic())
                .map(u8::to_ascii_lowercase)
                .collect();
            let output = rest.starts_with(b"<?=") || word == b"echo" || word == b"print";
            Some((until(b"?>", 2), role(output)))
        }
        TemplateKind::Jsp if rest.starts_with(b"<%--") => {
            Some((until(b"--%>", 4), TagRole::Comment))
        }
        TemplateKind::Erb if rest.starts_with(b"<%#") => Some((until(b"%>", 3), TagRole::Comment)),
        TemplateKind::Erb | TemplateKind::Jsp
            if rest.starts_with(b"<%") && !rest.starts_with(b"<%%") =>
        {
            let output = rest.starts_with(b"<%=") || rest.starts_with(b"<%-");
            Some((until(b"%>", 2), role(output)))
        }
        TemplateKind::Isml | TemplateKind::Jsp
            if !escaped && (rest.starts_with(b"${") || rest.starts_with(b"#{")) =>
        {
            Some((balanced(rest, 1, b'{', b'}'), TagRole::Output))
        }
        TemplateKind::Isml if starts_tag(rest, |name| name.eq_ignore_ascii_case(b"iscomment")) => {
            let close = memchr::memmem::find(&rest.to_ascii_lowercase(), b"</iscomment>")
                .map_or(rest.len(), |p| p + 12);
            Some((close, TagRole::Comment))
        }
        TemplateKind::Isml if starts_tag(rest, |name| name.eq_ignore_ascii_case(b"isprint")) => {
            Some((tag_end(rest), TagRole::Output))
        }
        TemplateKind::Isml
            if starts_tag(rest, |name| {
                name.len() > 2 && name[..2].eq_ignore_ascii_case(b"is")
            }) =>
        {
            Some((tag_end(rest), TagRole::Control))
        }
        TemplateKind::Jsp | TemplateKind::Visualforce
            if starts_tag(rest, |name| name.contains(&b':')) =>
        {
            let output = starts_tag(rest, |name| {
                name.eq_ignore_ascii_case(b"c:out") || name.eq_ignore_ascii_case(b"apex:outputText")
            });
            Some((tag_end(rest), role(output)))
        }
        TemplateKind::Handlebars if rest.starts_with(b"{{!--") => {
            Some((until(b"--}}", 5), TagRole::Comment))
        }
        TemplateKind::Handlebars if rest.starts_with(b"{{!") => {
            Some((until(b"}}", 3), TagRole::Comment))
        }
        TemplateKind::Handlebars if rest.starts_with(b"{{") => {
            let close: &[u8] = if rest.starts_with(b"{{{") {
                b"}}}"
            } else {
                b"}}"
            };
            // `{{~#if}}`: `~` only trims whitespace.
            let inner = rest[2..].strip_prefix(b"~").unwrap_or(&rest[2..]);
            let control = matches!(inner.first(), Some(b'#' | b'/' | b'>' | b'^'))
                || inner.starts_with(b"else");
            Some((until(close, 2), role(!control)))
        }
        TemplateKind::Visualforce if rest.starts_with(b"{!") => {
            Some((balanced(rest, 1, b'{', b'}'), TagRole::Output))
        }
        TemplateKind::Razor
            if rest.starts_with(b"@") && !prev.is_some_and(|p| p.is_ascii_alphanumeric()) =>
        {
            razor(rest)
        }
        _ => None,
    }
}

/// `<name` or `</name` where `name` satisfies `ok`.
fn starts_tag(rest: &[u8], ok: impl Fn(&[u8]) -> bool) -> bool {
    let name_start = if rest.starts_with(b"</") {
        2
    } else if rest.starts_with(b"<") {
        1
    } else {
        return false;
    };
    let name: Vec<u8> = rest[name_start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b':' || **c == b'-')
        .copied()
        .collect();
    !name.is_empty() && ok(&name)
}

/// The end of a markup tag: its `>` outside quotes.
fn tag_end(rest: &[u8]) -> usize {
    let mut quote = None;
    for (i, &c) in rest.iter().enumerate().skip(1) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

/// The end of a bracketed expression opening at `open_at` (`${ {a: 1} }`).
fn balanced(rest: &[u8], open_at: usize, open: u8, close: u8) -> usize {
    let mut depth = 0usize;
    for (i, &c) in rest.iter().enumerate().skip(open_at) {
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return i + 1;
            }
        }
    }
    rest.len()
}

/// Razor: `@@` (an escaped `@`), `@* comment *@`, `@:text` (a line of output: only the marker is
/// masked), `@(expr)`, `@{ code }`, `@if (...)`/`@foreach (...)` (a JavaScript `if`, so the braces and an
/// `else` that follow stay a conditional block), `@Model.Items[0].Name`, `@await Html.Partial(x)`.
fn razor(rest: &[u8]) -> Option<(usize, TagRole)> {
    match rest.get(1)? {
        b'@' => None,
        b'*' => Some((
            memchr::memmem::find(&rest[2..], b"*@").map_or(rest.len(), |p| p + 4),
            TagRole::Comment,
        )),
        b':' => Some((2, TagRole::Comment)),
        b'(' => Some((balanced(rest, 1, b'(', b')'), TagRole::Output)),
        b'{' => Some((balanced(rest, 1, b'{', b'}'), TagRole::Control)),
        c if c.is_ascii_alphabetic() || *c == b'_' => {
            let word_len = rest[1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count();
            let word = &rest[1..1 + word_len];
            if matches!(
                word,
                b"if" | b"foreach" | b"for" | b"while" | b"switch" | b"using" | b"lock"
            ) {
                let paren = rest[1 + word_len..].iter().position(|c| *c == b'(')? + 1 + word_len;
                let len = balanced(rest, paren, b'(', b')');
                return (len > paren + 1 && rest[len - 1] == b')')
                    .then_some((len, TagRole::Conditional(paren)));
            }
            let mut i = 1 + word_len;
            if word == b"await" {
                i += rest[i..].iter().take_while(|c| **c == b' ').count();
                i += rest[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count();
            }
            loop {
                match rest.get(i) {
                    Some(b'.')
                        if rest
                            .get(i + 1)
                            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') =>
                    {
                        i += 1;
                        i += rest[i..]
                            .iter()
                            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                            .count();
                    }
                    Some(b'(') => i = balanced(rest, i, b'(', b')'),
                    Some(b'[') => i = balanced(rest, i, b'[', b']'),
                    _ => break,
                }
            }
            Some((i, TagRole::Output))
        }
        _ => None,
    }
}

/// Just enough of a JavaScript lexer to know whether a position is in code, a string or a comment.
#[derive(Default)]
struct JsScanner {
    state: ScanState,
    /// Brace depth of each `${` of the template literals we are in.
    template_stack: Vec<usize>,
    brace_depth: usize,
    prev_significant: Option<u8>,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum ScanState {
    #[default]
    Code,
    Single,
    Double,
    Template,
    LineComment,
    BlockComment,
    Regex,
    RegexClass,
}

impl JsScanner {
    fn context(&self) -> JsContext {
        match self.state {
            ScanState::Code => JsContext::Code,
            ScanState::LineComment | ScanState::BlockComment => JsContext::Comment,
            _ => JsContext::String,
        }
    }

    fn step(&mut self, b: &[u8], i: usize) {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let escaped = || {
            let mut n = 0;
            while i > n && b[i - n - 1] == b'\\' {
                n += 1;
            }
            n % 2 == 1
        };
        match self.state {
            ScanState::Code => match c {
                b'\'' => self.state = ScanState::Single,
                b'"' => self.state = ScanState::Double,
                b'`' => self.state = ScanState::Template,
                b'/' if next == Some(b'/') => self.state = ScanState::LineComment,
                b'/' if next == Some(b'*') => self.state = ScanState::BlockComment,
                b'/' if self
                    .prev_significant
                    .is_none_or(|p| b"(,=:[!&|?{};+-*%<>~^".contains(&p)) =>
                {
                    self.state = ScanState::Regex
                }
                b'{' => self.brace_depth += 1,
                b'}' => {
                    if self.template_stack.last() == Some(&self.brace_depth) {
                        self.template_stack.pop();
                        self.state = ScanState::Template;
                    } else {
                        self.brace_depth = self.brace_depth.saturating_sub(1);
                    }
                }
                _ => {}
            },
            ScanState::Single if c == b'\'' && !escaped() => self.state = ScanState::Code,
            ScanState::Double if c == b'"' && !escaped() => self.state = ScanState::Code,
            ScanState::Single | ScanState::Double if c == b'\n' => self.state = ScanState::Code,
            ScanState::Template if c == b'`' && !escaped() => self.state = ScanState::Code,
            ScanState::Template
                if c == b'{' && i > 0 && b[i - 1] == b'$' && !escaped_at(b, i - 1) =>
            {
                self.template_stack.push(self.brace_depth);
                self.state = ScanState::Code;
            }
            ScanState::LineComment if c == b'\n' => self.state = ScanState::Code,
            ScanState::BlockComment if c == b'/' && i > 0 && b[i - 1] == b'*' => {
                self.state = ScanState::Code
            }
            ScanState::Regex if c == b'[' && !escaped() => self.state = ScanState::RegexClass,
            ScanState::Regex if (c == b'/' && !escaped()) || c == b'\n' => {
                self.state = ScanState::Code
            }
            ScanState::RegexClass if c == b']' && !escaped() => self.state = ScanState::Regex,
            _ => {}
        }
        if self.state == ScanState::Code && !c.is_ascii_whitespace() {
            self.prev_significant = Some(c);
        }
    }
}

fn escaped_at(b: &[u8], i: usize) -> bool {
    let mut n = 0;
    while i > n && b[i - n - 1] == b'\\' {
        n += 1;
    }
    n % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scripts(html: &str) -> Vec<&str> {
        extract(html, TemplateKind::Html)
            .scripts
            .iter()
            .map(|s| &html[s.range.clone()])
            .collect()
    }

    #[test]
    fn finds_the_scripts_a_browser_runs() {
        let html = "<!-- <script>commented()</script> --><script>a()</script>\
            <script src=x.js>ignored()</script><script type=\"application/json\">{}</script>\
            <textarea><script>text()</script></textarea><pre>&lt;script&gt;shown()&lt;/script&gt;</pre>\
            <SCRIPT type=module>b('</scr' + 'ipt>')</SCRIPT><script type=text/x-template><div/></script>";
        assert_eq!(scripts(html), ["a()", "b('</scr' + 'ipt>')"]);
        let html = "<script>var s = '</script>'; c()</script>";
        assert_eq!(scripts(html), ["var s = '"]);
    }

    #[test]
    fn masked_scripts_are_the_parsed_text() {
        let page =
            "<p><?= $x ?></p><script>var t = <?= $t ?>;</script><script>go('<?= $u ?>')</script>";
        let e = extract(page, TemplateKind::Php);
        let texts: Vec<&str> = e.masked_scripts().map(|(_, t)| t).collect();
        assert_eq!(texts, ["var t = _________;", "go('xxxxxxxxx')"]);
    }

    #[test]
    fn vue_lang_picks_typescript() {
        let sfc =
            "<template><div/></template>\n<script setup lang=\"ts\">const a: number = 1</script>";
        let e = extract(sfc, TemplateKind::Component);
        assert_eq!(e.scripts[0].language, Language::TypeScript);
    }

    #[test]
    fn masks_server_tags_by_context() {
        let page = "<script>var a = { amount: <?= $t ?>, k: '<?php echo $k ?>' };\n<?php if ($x) { ?>go();<?php } ?></script>";
        let e = extract(page, TemplateKind::Php);
        let s = &e.masked[e.scripts[0].range.clone()];
        assert_eq!(
            s,
            "var a = { amount: _________, k: 'xxxxxxxxxxxxxxxx' };\n/*              */go();/*      */"
        );
        assert_eq!(e.masked.len(), page.len());
        assert_eq!(e.tags[0].role, TagRole::Output);
        assert_eq!(e.tags[1].context, JsContext::String);
        assert_eq!(e.tags[2].role, TagRole::Control);
        assert!(e.tags[2].is_structural());
    }

    #[test]
    fn server_tags_around_script_tags_and_comments() {
        let php = "<script<?php echo $attr; ?>>var a = <?php echo $t; ?>;</script><?php /* <script>no()</script> */ ?>";
        let e = extract(php, TemplateKind::Php);
        assert_eq!(e.scripts.len(), 1);
        assert_eq!(
            &e.masked[e.scripts[0].range.clone()],
            "var a = _________________;"
        );
        let jsp = "<%-- <script>old()</script> --%><script>var u = `\\${location.origin}`; var t = ${cart.total};</script>";
        let e = extract(jsp, TemplateKind::Jsp);
        assert_eq!(e.scripts.len(), 1);
        assert_eq!(
            &e.masked[e.scripts[0].range.clone()],
            "var u = `\\${location.origin}`; var t = _____________;"
        );
        let unclosed = "<script>dr.createSource({})";
        assert_eq!(
            extract(unclosed, TemplateKind::Html).scripts[0].range,
            8..unclosed.len()
        );
    }

    #[test]
    fn finds_an_unclosed_php_tag() {
        let page = "<?php echo 1 ?><p>x</p>\n<?php if ($a) {\n<script>dr.createSource({})</script>";
        assert_eq!(
            unclosed_server_tag(page, TemplateKind::Php),
            page.find("<?php if")
        );
        assert!(extract(page, TemplateKind::Php).scripts.is_empty());
        assert_eq!(
            unclosed_server_tag("<?php echo 1 ?>", TemplateKind::Php),
            None
        );
        assert_eq!(unclosed_server_tag("<?", TemplateKind::Php), Some(0));
        assert_eq!(unclosed_server_tag("<?php x", TemplateKind::Html), None);
    }

    #[test]
    fn isml_razor_handlebars() {
        let isml =
            "<script>var k = '${pdict.key}'; <isif condition=\"${a > b}\">x();</isif></script>";
        let e = extract(isml, TemplateKind::Isml);
        assert_eq!(
            &e.masked[e.scripts[0].range.clone()],
            "var k = 'xxxxxxxxxxxx'; /*                       */x();/*   */"
        );
        let razor = "<script>var t = @Model.Total; var m = 'a@b.c'; @if (x) { go(); }</script>";
        let e = extract(razor, TemplateKind::Razor);
        assert_eq!(
            &e.masked[e.scripts[0].range.clone()],
            "var t = ____________; var m = 'a@b.c'; if  (_) { go(); }"
        );
        let razor = "<script>@* note *@\n@if (Model.Guest) { a(); } else { b(); }</script>";
        let e = extract(razor, TemplateKind::Razor);
        assert_eq!(
            &e.masked[e.scripts[0].range.clone()],
            "/*      */\nif  (___________) { a(); } else { b(); }"
        );
        let hbs = "<script>{{~#if a}}x();{{~/if}}</script>";
        let e = extract(hbs, TemplateKind::Handlebars);
        assert_eq!(
            &e.masked[e.scripts[0].range.clone()],
            "/*      */x();/*    */"
        );
        let hbs = "<script>var n = {{count}}; {{#if a}}x();{{/if}}</script>";
        let e = extract(hbs, TemplateKind::Handlebars);
        assert_eq!(
            &e.masked[e.scripts[0].range.clone()],
            "var n = _________; /*     */x();/*   */"
        );
    }
}
