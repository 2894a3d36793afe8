//! Parsing one file's text with swc, by language, with positions that are plain file offsets.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use swc_common::comments::SingleThreadedComments;
use swc_common::{BytePos, Spanned, input::StringInput};
use swc_ecma_ast::{EsVersion, Module, ModuleItem, Program};
use swc_ecma_parser::{EsSyntax, Parser, Syntax, TsSyntax, lexer::Lexer};

use crate::source::{Language, Units};

/// Deepest bracket nesting the analysis accepts. The parser, swc's resolver and the AST's drop recurse
/// once per level or more; the worker threads' stacks (see `lint::WORKER_STACK`) hold this many with a
/// wide margin. Deeper files get a clear message instead of a crashed run.
pub const MAX_NESTING: usize = 20_000;

#[derive(Debug)]
pub struct ParseFailure {
    pub offset: usize,
    pub message: String,
    /// Which part of the file (a template's script) it is in.
    pub part: usize,
}

/// Parse a whole file. For a template, every script must parse.
pub fn parse(text: &str, language: Language) -> Result<Program, ParseFailure> {
    let units = Units::of(text, language);
    let mut parsed = parse_units(&units);
    match parsed.failures.is_empty() {
        true => Ok(parsed.program),
        false => Err(parsed.failures.remove(0)),
    }
}

/// The syntax errors of a file (a template: of each of its scripts).
pub fn parse_failures(text: &str, language: Language) -> Vec<ParseFailure> {
    parse_units(&Units::of(text, language)).failures
}

/// Parse each part of a file on its own (a syntax error in one script does not stop the others, as in
/// a browser) and put the statements of those that parse into one program, in document order.
/// Positions in the AST are file offset + 1 (swc reserves 0 for "no position").
pub fn parse_units(units: &Units) -> Parsed {
    let mut body = Vec::new();
    let mut failures = Vec::new();
    let mut comments = Vec::new();
    for (part, (range, language)) in units.parts.iter().enumerate() {
        let Some(slice) = units.text.get(range.clone()) else {
            continue;
        };
        match parse_part(slice, range.start, *language, &mut comments) {
            Ok(Program::Module(m)) => body.extend(m.body),
            Ok(Program::Script(s)) => body.extend(s.body.into_iter().map(ModuleItem::Stmt)),
            Err(e) => failures.push(ParseFailure { part, ..e }),
        }
    }
    let program = Program::Module(Module {
        span: swc_common::DUMMY_SP,
        body,
        shebang: None,
    });
    comments.sort_by_key(|c| c.range.start);
    Parsed {
        program,
        failures,
        comments,
    }
}

/// The program of a file's parts that parse, the syntax errors of the others, and the comments.
pub struct Parsed {
    pub program: Program,
    pub failures: Vec<ParseFailure>,
    pub comments: Vec<SourceComment>,
}

fn parse_part(
    text: &str,
    start: usize,
    language: Language,
    comments: &mut Vec<SourceComment>,
) -> Result<Program, ParseFailure> {
    match language {
        Language::TypeScript => parse_collecting(text, start, ts_syntax(false), comments),
        Language::Tsx => parse_collecting(text, start, ts_syntax(true), comments),
        Language::JavaScript | Language::Template(_) => {
            parse_collecting(text, start, es_syntax(), comments).or_else(|first| {
                // Flow-typed or TypeScript-flavoured `.js` files parse as TSX; report the first error
                // if not.
                parse_collecting(text, start, ts_syntax(true), comments).map_err(|_| first)
            })
        }
    }
}

fn es_syntax() -> Syntax {
    Syntax::Es(EsSyntax {
        jsx: true,
        decorators: true,
        allow_return_outside_function: true,
        ..Default::default()
    })
}

fn ts_syntax(tsx: bool) -> Syntax {
    Syntax::Typescript(TsSyntax {
        tsx,
        decorators: true,
        ..Default::default()
    })
}

fn parse_with(text: &str, start: usize, syntax: Syntax) -> Result<Program, ParseFailure> {
    parse_collecting(text, start, syntax, &mut Vec::new())
}

/// Parse, and push the comments of the text onto `comments` (for suppression directives).
fn parse_collecting(
    text: &str,
    start: usize,
    syntax: Syntax,
    comments: &mut Vec<SourceComment>,
) -> Result<Program, ParseFailure> {
    let base = start as u32 + 1;
    let input = StringInput::new(text, BytePos(base), BytePos(base + text.len() as u32));
    let collected = SingleThreadedComments::default();
    let lexer = Lexer::new(syntax, EsVersion::latest(), input, Some(&collected));
    let failure = |err: swc_ecma_parser::error::Error| ParseFailure {
        offset: (err.span().lo.0 as usize)
            .saturating_sub(1)
            .min(start + text.len()),
        message: err.kind().msg().into_owned(),
        part: 0,
    };
    // swc's parser has internal assertions that some inputs reach (`<b:r.x` in JSX); one file's
    // panic must not end the run: it becomes this file's parse error.
    let parsed = contain_panic(|| {
        let mut parser = Parser::new_from(lexer);
        let program = parser.parse_program();
        (program, parser.take_errors())
    });
    let (program, errors) = parsed.map_err(|panic| ParseFailure {
        offset: start,
        message: format!("the JavaScript parser failed on this file (internal error: {panic})"),
        part: 0,
    })?;
    let program = program.map_err(failure)?;
    // swc recovers from some errors (an unterminated string, a missing brace at the end) and still
    // returns a tree; a browser rejects such a script, so they count as syntax errors too.
    if let Some(err) = errors.into_iter().next() {
        return Err(failure(err));
    }
    let (leading, trailing) = collected.take_all();
    // A comment can be both one node's trailing and the next one's leading comment: kept once.
    let mut seen: std::collections::HashSet<std::ops::Range<usize>> =
        comments.iter().map(|c| c.range.clone()).collect();
    for list in leading.borrow().values().chain(trailing.borrow().values()) {
        for c in list {
            let range = (c.span.lo.0 as usize - 1)..(c.span.hi.0 as usize - 1);
            if seen.insert(range.clone()) {
                comments.push(SourceComment {
                    range,
                    text: c.text.to_string(),
                });
            }
        }
    }
    Ok(program)
}

thread_local! {
    /// Set while this thread runs code whose panics are contained and reported as a parse error.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`, turning a panic into `Err(its message)`. While `f` runs the panic hook (installed once,
/// in front of the one there was) stays quiet on this thread, so a contained panic prints no raw
/// Rust message; any other panic is printed as before.
pub fn contain_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CONTAINING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = CONTAINING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(was));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        // swc's `unreachable!()` says "internal error: entered unreachable code: ...".
        message
            .strip_prefix("internal error: ")
            .map(str::to_string)
            .unwrap_or(message)
    })
}

/// A comment of the source: where it is and its text without the `//` or `/* */`.
#[derive(Clone, Debug)]
pub struct SourceComment {
    pub range: std::ops::Range<usize>,
    pub text: String,
}

/// Check that `text` is exactly one JavaScript expression (what `--session-id-expr` inserts): it must
/// parse, and nothing may trail it (a comment would swallow the rest of the line it is inserted on).
pub fn check_expression(text: &str) -> Result<(), String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("it is empty".into());
    }
    let wrapped = format!("({trimmed}\n);");
    let program = parse_with(&wrapped, 0, ts_syntax(false)).map_err(|e| e.message)?;
    let body: Vec<&swc_ecma_ast::Stmt> = match &program {
        Program::Script(s) => s.body.iter().collect(),
        Program::Module(m) => m.body.iter().filter_map(|i| i.as_stmt()).collect(),
    };
    let inner = match body.as_slice() {
        [swc_ecma_ast::Stmt::Expr(e)] => match &*e.expr {
            // `a, b` would become two properties once inserted.
            swc_ecma_ast::Expr::Paren(p) if !matches!(&*p.expr, swc_ecma_ast::Expr::Seq(_)) => {
                Some(p.expr.span())
            }
            _ => None,
        },
        _ => None,
    };
    match inner {
        Some(span) if span.lo.0 == 2 && span.hi.0 as usize == 2 + trimmed.len() => {}
        _ => return Err("it is not a single expression".into()),
    }
    // A value to read, not code that writes or only parses in some places.
    use swc_ecma_visit::{Visit, VisitWith};
    struct Writes(Option<&'static str>);
    impl Visit for Writes {
        fn visit_expr(&mut self, e: &swc_ecma_ast::Expr) {
            use swc_ecma_ast::{Expr, UnaryOp};
            let what = match e {
                Expr::Assign(_) => Some("an assignment"),
                Expr::Update(_) => Some("an increment or decrement"),
                Expr::Unary(u) if u.op == UnaryOp::Delete => Some("a `delete`"),
                Expr::SuperProp(_) => Some("`super`, which only parses inside a method"),
                Expr::MetaProp(_) => {
                    Some("`import.meta` or `new.target`, which parse only in some places")
                }
                Expr::Yield(_) | Expr::Await(_) => {
                    Some("`yield` or `await`, which parse only in some functions")
                }
                _ => None,
            };
            match what {
                Some(w) => self.0 = self.0.or(Some(w)),
                None => e.visit_children_with(self),
            }
        }
    }
    let mut writes = Writes(None);
    program.visit_with(&mut writes);
    match writes.0 {
        Some(what) => Err(format!(
            "it holds {what}: give an expression that only reads the session id"
        )),
        None => Ok(()),
    }
}

/// The free names an expression (one that passed [`check_expression`]) refers to: `checkout` for
/// `checkout.payment.session.id`, `getSession` for `getSession().id`, `this` for `this.sessionId`.
/// Each must be bound where the expression is inserted.
pub fn expression_roots(text: &str) -> Vec<String> {
    use swc_ecma_visit::{Visit, VisitWith};
    struct Roots(Vec<String>);
    impl Visit for Roots {
        fn visit_expr(&mut self, e: &swc_ecma_ast::Expr) {
            match e {
                swc_ecma_ast::Expr::Ident(i) => self.0.push(i.sym.to_string()),
                swc_ecma_ast::Expr::This(_) => self.0.push("this".into()),
                _ => e.visit_children_with(self),
            }
        }
    }
    let wrapped = format!("({}\n);", text.trim());
    let Ok(program) = parse_with(&wrapped, 0, ts_syntax(false)) else {
        return Vec::new();
    };
    let mut roots = Roots(Vec::new());
    program.visit_with(&mut roots);
    let mut names = roots.0;
    names.sort();
    names.dedup();
    names
}

/// Deepest nesting of `(`, `[` and `{` outside strings and comments: a cheap scan that runs before the
/// parser so a pathological file cannot overflow a stack.
pub fn nesting_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    if bytes[i] == b'\\' {
                        i += 1;
                    } else if q != b'`' && bytes[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&bytes[i + 2..], b"*/").map_or(bytes.len(), |e| i + e + 3);
            }
            _ => {}
        }
        i += 1;
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_reports_its_offset() {
        let err = parse("var a = {;", Language::JavaScript).unwrap_err();
        assert_eq!(err.offset, 9);
        assert!(parse("let x = <T>y;", Language::TypeScript).is_ok());
        assert!(parse("const a = <div/>;", Language::JavaScript).is_ok());
    }

    #[test]
    fn expression_roots_are_its_free_names() {
        assert_eq!(
            expression_roots("checkout.payment.session.id"),
            ["checkout"]
        );
        assert_eq!(
            expression_roots("getSession(cart).id"),
            ["cart", "getSession"]
        );
        assert_eq!(expression_roots("this.sessionId"), ["this"]);
        assert_eq!(expression_roots("window['drSession'].id"), ["window"]);
    }

    #[test]
    fn session_id_expr_must_only_read() {
        for bad in [
            "x = 1",
            "window.sid++",
            "delete window.sid",
            "super.x",
            "import.meta.env.SID",
        ] {
            assert!(check_expression(bad).is_err(), "{bad}");
        }
        assert!(check_expression("getSession(cart).id || window.sid").is_ok());
    }

    #[test]
    fn session_id_expr_must_be_one_expression() {
        assert!(check_expression("checkout.payment.session.id").is_ok());
        assert!(check_expression("window['drSession'].id").is_ok());
        assert!(check_expression("a); alert(1); (b").is_err());
        assert!(check_expression("x // comment").is_err());
        assert!(check_expression("x /* c */").is_err());
        assert!(check_expression("x,").is_err());
        assert!(check_expression("a, b").is_err());
        assert!(check_expression("").is_err());
    }

    #[test]
    fn a_parser_panic_is_a_parse_failure() {
        let err = parse("const x = <b:r.createSource />;\n", Language::Tsx)
            .expect_err("swc's parser panics on this input");
        assert!(
            err.message
                .starts_with("the JavaScript parser failed on this file (internal error: "),
            "{}",
            err.message
        );
        // The thread goes on, and so do the panics that are not contained.
        assert!(!CONTAINING.with(Cell::get));
        assert!(parse("var a = 1;", Language::JavaScript).is_ok());
    }

    #[test]
    fn nesting_ignores_strings_and_comments() {
        assert_eq!(nesting_depth("f((a), '((((', /* [[[ */ [1])"), 2);
        assert_eq!(nesting_depth(&"(".repeat(50)), 50);
    }
}
