//! The payload at each `createSource` call: an abstract interpretation of the file, in program order,
//! of the bindings that flow into payloads (`Facts::tracked`).
//!
//! - Statements run in order; at a branch (`if`, `?:`, `&&`, `switch`, `try`) both sides run from the
//!   same state and their ends are joined, so a field written on one side only is `Maybe`.
//! - Loops run their body once, joined with not running it at all.
//! - A function body runs where the function is defined, from the state there, with its parameters
//!   unknown. What it writes to outer bindings may happen at any later time: it is joined into the outer
//!   state as `Maybe`. Writes that the enclosing code makes after a callback is defined are applied to
//!   the callback's calls as `Maybe` too (`late writes`), since the callback may run after them.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::Arc;

use swc_atoms::Atom;
use swc_common::{Spanned, SyntaxContext};
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::calls::{PayloadArg, call_shape};
use super::facts::{Facts, value_idents};
use super::functions::{FnBody, FnDef, Functions};
use super::interface::Imported;
use super::link::{ExportSummary, External, FnSummary, Forward, Linked, Linker, shown};
use super::model::MAX_DEPTH;
use super::model::{
    AbsValue, Candidate, Field, FieldOrigin, ObjectLayout, ObjectModel, Opaque, Presence, Unknown,
    Value,
};
use super::syntax::{
    MergeKind, assign_target, excerpt, is_assign_like, member_root, merge_kind, prop_key,
    prop_name, range, strip,
};

use crate::span::FileId;

const RED_ZONE: usize = 256 * 1024;
const NEW_STACK: usize = 8 * 1024 * 1024;
/// Loops nested deeper than this run their body once (each level doubles the work).
const MAX_LOOP_REPEAT_DEPTH: usize = 3;
/// Calls followed into the function they run, one inside another, at most this deep.
const MAX_INLINE_DEPTH: usize = 6;
/// The bytes of function bodies the pass may run at calls, per byte of the file (plus a floor):
/// past it, a call's result is unknown and says why.
const INLINE_FUEL_PER_BYTE: usize = 4;
const INLINE_FUEL_FLOOR: usize = 1 << 20;

/// The binding `this` stands for in the state (no identifier can be spelt `this`).
pub fn this_id() -> Id {
    (Atom::from("this"), SyntaxContext::empty())
}

/// Calls that read an object without changing it: passing a payload to them is not an escape.
fn reads_only(callee: &Callee) -> bool {
    let Callee::Expr(e) = callee else {
        return false;
    };
    match strip(e) {
        Expr::Member(m) => match (strip(&m.obj), prop_name(&m.prop)) {
            (Expr::Ident(o), Some(p)) => match o.sym.as_str() {
                "console" | "JSON" => true,
                "Object" => matches!(p, "keys" | "values" | "entries" | "freeze" | "isFrozen"),
                "Array" => p == "isArray",
                _ => false,
            },
            _ => false,
        },
        Expr::Ident(i) => matches!(i.sym.as_str(), "String" | "Boolean" | "isNaN"),
        _ => false,
    }
}

#[derive(Clone)]
enum Effect {
    Set {
        path: Vec<String>,
        origin: FieldOrigin,
        value: Value,
    },
    /// `delete` of the path, by the expression at the range.
    Delete(Vec<String>, Range<usize>),
    Merge(AbsValue, MergeKind),
    Replace(AbsValue),
    /// Something the analysis cannot see may have changed the object; with `true` it may also have
    /// deleted fields (a function it was passed to).
    Escape(Unknown, bool),
}

impl Effect {
    /// The effect on one object (a field write, a delete, a merge, an escape).
    fn apply_to_object(&self, m: &mut ObjectModel) {
        match self {
            Effect::Set {
                path,
                origin,
                value,
            } => {
                m.set(path, origin.clone(), value.clone(), Presence::Certain);
                // `p.session = s` through `set session(v) { this.sessionId = v; }`.
                if let [name] = path.as_slice()
                    && let Some((_, fields)) = m.setters.iter().find(|(s, _)| s == name).cloned()
                {
                    for field in fields {
                        let value = Value::Opaque(Opaque {
                            file: m.file,
                            range: origin.range(),
                            what: format!("`{field}` as the setter `{name}` writes it").into(),
                        });
                        m.set(&[field], origin.clone(), value, Presence::Certain);
                    }
                }
            }
            Effect::Delete(path, at) => m.delete(path, at.clone()),
            Effect::Merge(src, kind) => {
                let mut v = AbsValue::object(m.clone());
                merge_into(&mut v, src, *kind);
                if let Some(merged) = v.single_object() {
                    *m = merged.clone();
                } else {
                    // Sources that differ per path: what the merge adds is known on some paths only.
                    let mut joined = m.clone();
                    for c in v.0 {
                        if let Candidate::Object(o) = c {
                            joined.join(o);
                        }
                    }
                    *m = joined;
                }
            }
            Effect::Replace(_) => {}
            Effect::Escape(u, may_delete) => {
                if !m.unknown.contains(u) {
                    m.unknown.push(u.clone());
                }
                if *may_delete {
                    m.all_fields_maybe();
                }
            }
        }
    }

    /// Cut what the effect writes off the objects at `origins` (see [`Value::cut_origins`]).
    fn cut_origins(&mut self, origins: &[Range<usize>]) {
        match self {
            Effect::Set { value, .. } => value.cut_origins(origins),
            Effect::Merge(src, _) => {
                for m in src.objects_mut() {
                    m.cut_origins(origins);
                }
            }
            Effect::Delete(..) | Effect::Replace(_) | Effect::Escape(..) => {}
        }
    }

    /// The effect on a binding's value: a merge or a reassignment works on the value as a whole
    /// (several candidates), the rest on each object.
    fn apply(&self, v: &mut AbsValue) {
        match self {
            Effect::Merge(src, kind) => merge_into(v, src, *kind),
            Effect::Replace(new) => *v = new.clone(),
            _ => {
                for m in v.objects_mut() {
                    self.apply_to_object(m);
                }
            }
        }
    }
}

/// The objects along `path` but its last name, in `m` (the objects a write at `path` writes into).
fn path_origins(m: &ObjectModel, path: &[String], out: &mut Vec<Range<usize>>) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        return;
    }
    if let Some(Field {
        value: Value::Object(inner),
        ..
    }) = m.field(first)
    {
        if !out.contains(&inner.origin) {
            out.push(inner.origin.clone());
        }
        path_origins(inner, rest, out);
    }
}

/// `Object.assign(target, src)` on abstract values.
fn merge_into(target: &mut AbsValue, src: &AbsValue, kind: MergeKind) {
    // `Object.assign(p, ok && {...})`: an `undefined` source leaves `p` as it is on that path.
    let sources: Vec<&Candidate> = if src.0.iter().all(|c| matches!(c, Candidate::Undefined)) {
        Vec::new()
    } else {
        src.0.iter().collect()
    };
    let mut result = AbsValue::default();
    for s in &sources {
        let mut t = target.clone();
        for m in t.objects_mut() {
            match s {
                Candidate::Object(so) => m.merge_with(so, kind),
                Candidate::Opaque(o) => {
                    let u = Unknown {
                        range: o.range.clone(),
                        what: format!("fields merged from {}", o.what),
                    };
                    if !m.unknown.contains(&u) {
                        m.unknown.push(u);
                    }
                }
                Candidate::Undefined => {}
            }
        }
        result.join(t);
    }
    if !sources.is_empty() {
        *target = result;
    }
}

/// The bindings' values on one path: a persistent map, so a copy for a branch, a loop or a function
/// body costs nothing until one of them writes, and two paths that changed nothing are seen equal at
/// once (a file with thousands of bindings in scope and branches would otherwise copy and compare them
/// all at every branch).
type Vars = imbl::GenericHashMap<
    Id,
    Arc<AbsValue>,
    rustc_hash::FxBuildHasher,
    imbl::shared_ptr::DefaultSharedPtr,
>;

#[derive(Clone, Default)]
struct State {
    /// Values are shared between the states of the branches until one of them writes (copy on
    /// write), so joining two paths skips every binding neither changed.
    vars: Vars,
    reachable: bool,
}

impl State {
    fn unreachable() -> Self {
        State::default()
    }

    /// Two paths meet. A binding known on one path only is `undefined` on the other (a `var` declared
    /// in a branch).
    fn join(&mut self, other: State) {
        if !other.reachable {
            return;
        }
        if !self.reachable {
            *self = other;
            return;
        }
        if self.vars.ptr_eq(&other.vars) {
            // The same bindings with the same values: neither path changed anything.
            return;
        }
        let mut changed: Vec<(Id, Option<Arc<AbsValue>>)> = Vec::new();
        for (id, mine) in self.vars.iter() {
            match other.vars.get(id) {
                Some(theirs) if Arc::ptr_eq(mine, theirs) => {}
                Some(theirs) => changed.push((id.clone(), Some(theirs.clone()))),
                None => changed.push((id.clone(), None)),
            }
        }
        let only_theirs: Vec<(Id, Arc<AbsValue>)> = other
            .vars
            .iter()
            .filter(|(id, _)| !self.vars.contains_key(*id))
            .map(|(id, v)| (id.clone(), v.clone()))
            .collect();
        drop(other);
        for (id, theirs) in changed {
            if let Some(mine) = self.vars.get_mut(&id) {
                match theirs {
                    Some(theirs) => Arc::make_mut(mine).join(unshare(theirs)),
                    None => Arc::make_mut(mine).join(AbsValue::undefined()),
                }
            }
        }
        for (id, theirs) in only_theirs {
            let mut v = AbsValue::undefined();
            v.join(unshare(theirs));
            self.vars.insert(id, Arc::new(v));
        }
    }
}

fn unshare(v: Arc<AbsValue>) -> AbsValue {
    Arc::try_unwrap(v).unwrap_or_else(|shared| (*shared).clone())
}

#[derive(PartialEq)]
enum FrameKind {
    Loop,
    Switch,
    Block,
    Function,
}

struct Frame {
    kind: FrameKind,
    label: Option<Atom>,
    breaks: Vec<State>,
    continues: Vec<State>,
    /// A function run at a call (inlined): the values its `return`s give.
    returns: Option<Vec<AbsValue>>,
}

/// A call the pass followed into the function it runs.
struct Inlined {
    /// The function's span.
    func: FnSpan,
    /// The called name at the call (`makeSource` in `makeSource({...})`): where a payload built at
    /// this call is reported when it reaches a session-aware call inside.
    call: Range<usize>,
    /// The function's parameters (and `this`): what a payload inside depends on at this call.
    params: Vec<Id>,
}

/// Which pass saw a call: where it is defined (`via` empty), or inside functions run at calls
/// (`via`: the called names, outermost first).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SiteKey {
    pub call: u32,
    pub via: Vec<Range<usize>>,
}

impl SiteKey {
    /// Where the calls that led here start, for a stable order.
    pub fn via_starts(&self) -> Vec<usize> {
        self.via.iter().map(|r| r.start).collect()
    }
}

/// What the flow pass found.
#[derive(Default)]
pub struct FlowResult {
    /// The payload at each call, where it is defined and in each context it was run at.
    pub values: HashMap<SiteKey, AbsValue>,
    /// Calls whose payload is a parameter (or `this`) of the function they are in: checked at the
    /// function's calls when there are any.
    pub param_dependent: HashSet<u32>,
    /// Calls whose receiver has its own method of that name (an object literal's, a class's): the
    /// method's byte range.
    pub own_methods: HashMap<u32, Range<usize>>,
    /// Session-aware calls whose receiver has a method of the call's name of its own (here or in
    /// the module it comes from) that the file may write over: the method run is not known, and the
    /// call is taken by its payload with unsafe fixes (it may be the merchant's own client).
    pub doubted_own: HashMap<u32, String>,
    /// Payloads sent through a wrapper another module exports.
    pub foreign_sites: Vec<ForeignSite>,
    /// Calls of imported functions that the pass did not ask about (see
    /// [`FlowInput::imported_wrappers`]).
    pub skipped_imported_calls: bool,
    /// Objects another module's builder returns, by the range of the call that returns them.
    pub foreign_built: HashMap<Range<usize>, Built>,
    /// The payload each external call site reaches this module's builder with (in `externals` order;
    /// `None`: the builder was not found).
    pub external_values: Vec<Option<AbsValue>>,
    /// Which bindings hold which objects (by their literal's range): their uses count for the object.
    pub holders: Vec<(Range<usize>, Id)>,
    /// The imported builder binding each of `foreign_built`'s calls names.
    pub builder_refs: HashMap<Range<usize>, Id>,
    /// Bindings the pass did not follow that were given to a function of the file that reaches a
    /// session-aware call (`makeSource(p)`): a pass that follows them sees the payload.
    pub untracked_arguments: Vec<Id>,
}

/// A payload given to a wrapper another module exports.
#[derive(Debug)]
pub struct ForeignSite {
    pub forward: Forward,
    /// The argument and its value.
    pub arg: Range<usize>,
    /// The argument when it is a plain name (`submit(p)`).
    pub arg_ident: Option<Id>,
    pub value: AbsValue,
    /// The wrapper's name at the call.
    pub via: Range<usize>,
}

/// An object built by another module's exported builder.
#[derive(Clone, Debug)]
pub struct Built {
    pub path: std::path::PathBuf,
    pub file: FileId,
    pub export: Imported,
    pub method: Option<String>,
}

/// The method `method` of the object literal held by the property `member` of what another module
/// exports (`admin.backoffice.createSource` of `export default { backoffice: {...} }`). What it
/// returns is not followed into that module (a builder there is found by its export's name).
fn member_method(linked: Linked, member: &str, method: &str) -> Option<ForeignFn> {
    found_fn(linked, Some(format!("{member}.{method}")), |s| {
        let ExportSummary::Object { member_methods, .. } = s else {
            return None;
        };
        let mut summary = member_methods.get(member)?.get(method)?.clone();
        summary.builds = false;
        Some(summary)
    })
}

/// The function `pick` finds in what another module exports (`linked`, when found), named `method`
/// in the export (`None`: the export itself).
fn found_fn(
    linked: Linked,
    method: Option<String>,
    pick: impl FnOnce(&ExportSummary) -> Option<FnSummary>,
) -> Option<ForeignFn> {
    let Linked::Found {
        summary,
        path,
        file,
        name: export,
        linted,
    } = linked
    else {
        return None;
    };
    Some(ForeignFn::Found {
        summary: pick(&summary)?,
        built: Built {
            path,
            file,
            export,
            method,
        },
        linted,
    })
}

/// The method an indirect call runs: `c.m` of `(0, c.m)(...)`, `c.m.call(...)` and
/// `c.m.apply(...)`.
fn indirect_method(callee: &Expr) -> Option<&Expr> {
    match strip(callee) {
        Expr::Seq(s) => s
            .exprs
            .last()
            .map(|e| &**e)
            .filter(|e| matches!(strip(e), Expr::Member(_))),
        Expr::Member(m) if matches!(prop_name(&m.prop), Some("call" | "apply")) => {
            Some(&*m.obj).filter(|e| matches!(strip(e), Expr::Member(_)))
        }
        _ => None,
    }
}

/// `e` with its optional links made plain (`a?.b.c` as `a.b.c`, `f?.()` as `f()`), spans kept.
fn without_optional(e: &Expr) -> Expr {
    match e {
        Expr::OptChain(o) => match &*o.base {
            OptChainBase::Member(m) => Expr::Member(MemberExpr {
                obj: Box::new(without_optional(&m.obj)),
                ..m.clone()
            }),
            OptChainBase::Call(c) => Expr::Call(CallExpr {
                span: c.span,
                ctxt: c.ctxt,
                callee: Callee::Expr(Box::new(without_optional(&c.callee))),
                args: c.args.clone(),
                type_args: c.type_args.clone(),
            }),
        },
        Expr::Member(m) => Expr::Member(MemberExpr {
            obj: Box::new(without_optional(&m.obj)),
            ..m.clone()
        }),
        Expr::Call(c) => match &c.callee {
            Callee::Expr(callee) => Expr::Call(CallExpr {
                callee: Callee::Expr(Box::new(without_optional(callee))),
                ..c.clone()
            }),
            _ => e.clone(),
        },
        Expr::Paren(p) => without_optional(&p.expr),
        _ => e.clone(),
    }
}

/// Where a chain of property reads starts (see [`Flow::chain_of`]).
enum ChainRoot {
    Binding(Id),
    /// `require('m')` (its module object) or `await import('m')` (its namespace) written in place.
    Module(String, Imported),
}

/// A function of another module a callee names.
enum ForeignFn {
    Found {
        summary: FnSummary,
        built: Built,
        /// The module is linted in this run (it checks the payloads its builders return).
        linted: bool,
    },
    NotVisible {
        specifier: String,
        reason: String,
    },
}

type FnSpan = (u32, u32);

pub struct Snapshot {
    pub value: AbsValue,
    bindings: Vec<Id>,
    fn_stack: Vec<FnSpan>,
}

struct LoggedWrite {
    id: Id,
    pos: u32,
    /// The function the write is in.
    func: FnSpan,
    /// The objects it changed (by the literal that created them).
    origins: Vec<Range<usize>>,
    effect: Effect,
    /// Made inside a function run at a call: it happened there, at that point, and is in the state.
    inlined: bool,
}

pub struct Flow<'a> {
    program: &'a Program,
    text: &'a str,
    facts: &'a Facts,
    /// The session-aware calls, by where they start (swc's positions): where their name is (bytes).
    /// A call in the callee's chain starts at the same place (`getDr()` of `getDr().createSource(p)`):
    /// see [`Flow::is_call`].
    calls: HashMap<u32, Range<usize>>,
    unresolved: SyntaxContext,
    state: State,
    frames: Vec<Frame>,
    fn_stack: Vec<FnSpan>,
    decl_fn: HashMap<Id, FnSpan>,
    log: Vec<LoggedWrite>,
    pending_label: Option<Atom>,
    /// Start of the statement being visited as a member of a statement list.
    list_stmt: Option<u32>,
    /// How many loops the current position is in (bodies are repeated only a few levels deep).
    loop_depth: usize,
    snapshots: HashMap<SiteKey, Snapshot>,
    functions: &'a Functions<'a>,
    /// Bindings tracked because a function that uses them is run at a call.
    extra_tracked: HashSet<Id>,
    /// Per function: the bindings its run at a call tracks (memo).
    fn_tracked: HashMap<FnSpan, Vec<Id>>,
    inline_stack: Vec<Inlined>,
    /// Bytes of function bodies the pass may still run at calls.
    fuel: usize,
    /// The class `this` is an instance of, per function being visited (`None` outside methods).
    this_class: Vec<Option<Id>>,
    /// The parameters (and `this`) of each function being visited where it is defined: the ranges
    /// their unknown values carry.
    params: Vec<Vec<Range<usize>>>,
    /// Per function: whether it contains a session-aware call, or calls one that does (memo).
    reaches_calls: HashMap<FnSpan, bool>,
    /// Per function: whether it writes into, deletes from or reassigns a tracked binding (memo).
    writes_tracked: HashMap<FnSpan, bool>,
    /// The call being awaited (`await f(p)`), by its key, while it is visited.
    awaited: Option<u32>,
    /// Evaluating the arguments of a function that reaches a session-aware call.
    wrapper_arguments: bool,
    untracked_arguments: Vec<Id>,
    param_dependent: HashSet<u32>,
    own_methods: HashMap<u32, Range<usize>>,
    doubted_own: HashMap<u32, String>,
    /// The bindings imports create: the module specifier and what is imported.
    imports: &'a HashMap<Id, (String, Imported)>,
    linker: &'a dyn Linker,
    /// What each imported binding (and member) is, and the method a member names.
    links: HashMap<(Id, Option<Atom>), (Linked, Option<String>)>,
    foreign_sites: Vec<ForeignSite>,
    foreign_built: HashMap<Range<usize>, Built>,
    imported_wrappers: bool,
    skipped_imported_calls: bool,
    /// Whether a module specifier names a module the run does not lint, as asked so far.
    unlinted: HashMap<String, bool>,
    /// Parameters of a function run for an external call site are unknown (not missing).
    unknown_params: bool,
    /// Why the last call was not followed into its function (a bound), for the message.
    refused: Option<String>,
    /// Where the session-aware calls are (`FoundCall::key`), sorted.
    call_keys: Vec<u32>,
    /// Which bindings hold which objects (by their literal's range), in order: a builder's object held
    /// by its caller's binding, a payload held by a function's parameter.
    holders: HashSet<(Range<usize>, Id)>,
    holder_list: Vec<(Range<usize>, Id)>,
    builder_refs: HashMap<Range<usize>, Id>,
}

/// What the flow pass is given besides the file.
pub struct FlowInput<'a> {
    pub functions: &'a Functions<'a>,
    pub imports: &'a HashMap<Id, (String, Imported)>,
    pub linker: &'a dyn Linker,
    pub externals: &'a [External],
    /// The bindings of `export`s, by name (for external call sites).
    pub exports: &'a HashMap<Imported, ExportedBinding>,
    /// Ask whether each called imported function is another module's wrapper (`true`), or only at
    /// session-aware calls, calls given a tracked binding and calls of modules the run does not lint
    /// (`false`: see [`crate::resolve::ResolveInput::imported_wrappers`]).
    pub imported_wrappers: bool,
}

/// What an exported name is bound to in this file.
#[derive(Clone, Debug)]
pub enum ExportedBinding {
    Local(Id),
    /// A function expression, arrow or method starting here.
    At(u32),
    /// An object literal at this range of the text.
    Literal(Range<usize>),
}

impl<'a> Flow<'a> {
    /// The payload value at each call of `facts.calls` (keyed by `FoundCall::key` and the calls that
    /// led there), and what the pass learnt about the calls.
    pub fn run(
        program: &'a Program,
        text: &'a str,
        facts: &'a Facts,
        input: FlowInput<'a>,
        unresolved: SyntaxContext,
    ) -> FlowResult {
        let functions = input.functions;
        let mut flow = Flow {
            program,
            text,
            facts,
            calls: facts
                .calls
                .iter()
                .map(|c| (c.key, c.name_range.clone()))
                .collect(),
            unresolved,
            state: State {
                vars: Vars::default(),
                reachable: true,
            },
            frames: Vec::new(),
            fn_stack: Vec::new(),
            decl_fn: HashMap::default(),
            log: Vec::new(),
            pending_label: None,
            list_stmt: None,
            loop_depth: 0,
            snapshots: HashMap::default(),
            functions,
            extra_tracked: HashSet::default(),
            fn_tracked: HashMap::default(),
            inline_stack: Vec::new(),
            fuel: INLINE_FUEL_FLOOR.max(text.len().saturating_mul(INLINE_FUEL_PER_BYTE)),
            this_class: Vec::new(),
            params: Vec::new(),
            reaches_calls: HashMap::default(),
            writes_tracked: HashMap::default(),
            awaited: None,
            wrapper_arguments: false,
            untracked_arguments: Vec::new(),
            param_dependent: HashSet::default(),
            own_methods: HashMap::default(),
            doubted_own: HashMap::default(),
            imports: input.imports,
            linker: input.linker,
            links: HashMap::default(),
            foreign_sites: Vec::new(),
            foreign_built: HashMap::default(),
            imported_wrappers: input.imported_wrappers,
            skipped_imported_calls: false,
            unlinted: HashMap::default(),
            unknown_params: false,
            refused: None,
            call_keys: {
                let mut keys: Vec<u32> = facts.calls.iter().map(|c| c.key).collect();
                keys.sort_unstable();
                keys
            },
            holders: HashSet::default(),
            holder_list: Vec::new(),
            builder_refs: HashMap::default(),
        };
        // Exported objects that other modules' calls send: follow them through the module.
        for e in input.externals {
            if e.method.is_none()
                && let Some(ExportedBinding::Local(id)) = input.exports.get(&e.export)
                && !functions.by_binding.contains_key(id)
            {
                let ids = facts.closure(vec![id.clone()]);
                flow.extra_tracked.extend(ids);
            }
        }
        program.visit_with(&mut flow);
        flow.apply_late_writes();
        let external_values = input
            .externals
            .iter()
            .map(|e| flow.run_external(e, input.exports))
            .collect();
        FlowResult {
            values: flow
                .snapshots
                .into_iter()
                .map(|(k, s)| (k, s.value))
                .collect(),
            param_dependent: flow.param_dependent,
            own_methods: flow.own_methods,
            doubted_own: flow.doubted_own,
            foreign_sites: flow.foreign_sites,
            foreign_built: flow.foreign_built,
            skipped_imported_calls: flow.skipped_imported_calls,
            external_values,
            holders: flow.holder_list,
            builder_refs: flow.builder_refs,
            untracked_arguments: flow.untracked_arguments,
        }
    }

    fn tracked(&self, id: &Id) -> bool {
        if id.0 == *"this" {
            // `this` is followed in a method run at a call, where it is a known object; elsewhere
            // it is whatever the function is called on, followed only where the file's facts say
            // (a function run earlier that returned `this.x` does not make every `this` followed).
            return !self.inline_stack.is_empty() || self.facts.tracked.contains(id);
        }
        self.facts.tracked.contains(id) || self.extra_tracked.contains(id)
    }

    /// Whether the call starting at `key` with callee `callee` is a session-aware call: one starts
    /// there, and its name is in the callee (not a call inside the callee that starts at the same
    /// place, `getDr()` of `getDr().createSource(p)`).
    fn is_call(&self, key: u32, callee: &Expr) -> bool {
        self.calls.get(&key).is_some_and(|name| {
            let at = range(callee.span());
            at.start <= name.start && name.end <= at.end
        })
    }

    /// Whether a session-aware call is inside `span` (a function's).
    fn has_call_in(&self, span: swc_common::Span) -> bool {
        let at = self.call_keys.partition_point(|k| *k < span.lo.0);
        self.call_keys.get(at).is_some_and(|k| *k < span.hi.0)
    }

    fn current_fn(&self) -> FnSpan {
        self.fn_stack.last().copied().unwrap_or((0, u32::MAX))
    }

    fn declare(&mut self, id: Id, mut v: AbsValue) {
        v.bound();
        self.hold(&id, &v);
        let f = self.current_fn();
        self.decl_fn.entry(id.clone()).or_insert(f);
        self.state.vars.insert(id, Arc::new(v));
    }

    /// `id` now holds `v`'s objects.
    fn hold(&mut self, id: &Id, v: &AbsValue) {
        for m in v.objects() {
            if self.holders.insert((m.origin.clone(), id.clone())) {
                self.holder_list.push((m.origin.clone(), id.clone()));
            }
        }
    }

    /// On this path the code found field `name` of `id`'s objects set (a test, not a write: nothing is
    /// logged, no origin added).
    fn assume_present(&mut self, id: &Id, name: &str) {
        let Some(v) = self.state.vars.get(id) else {
            return;
        };
        let origins: Vec<Range<usize>> = v.objects().map(|m| m.origin.clone()).collect();
        for id in self.holders(&origins) {
            let Some(value) = self.state.vars.get_mut(&id) else {
                continue;
            };
            let value = Arc::make_mut(value);
            for m in value.objects_mut() {
                m.for_each_with_origin(&origins, &mut |o| o.assume_present(name));
            }
        }
    }

    /// The bindings whose value holds one of the objects created at `origins` (read only: the map
    /// is copied only where a binding changes).
    fn holders(&self, origins: &[Range<usize>]) -> Vec<Id> {
        self.state
            .vars
            .iter()
            .filter(|(_, v)| v.objects().any(|m| m.holds_origin(origins)))
            .map(|(id, _)| id.clone())
            .collect()
    }

    fn effect(&mut self, id: &Id, pos: u32, mut effect: Effect) {
        let mut origins = Vec::new();
        match (&effect, self.state.vars.get(id)) {
            (Effect::Replace(new), _) => {
                let mut new = new.clone();
                new.bound();
                self.hold(id, &new);
                self.state.vars.insert(id.clone(), Arc::new(new));
            }
            (_, Some(v)) => {
                // Objects are shared, not copied: a write through `q` after `var q = p` (or into a
                // details object held by a payload) changes every value holding that object, which
                // is identified by the literal that created it.
                origins = v.objects().map(|m| m.origin.clone()).collect();
                // What is written must not hold the objects it is written into (`p.a = p`, also
                // `p.x.y = q` when `p.x` is `q`): the model copies objects, so a cycle would never end.
                let mut targets = origins.clone();
                if let Effect::Set { path, .. } = &effect {
                    for m in v.objects() {
                        path_origins(m, path, &mut targets);
                    }
                }
                effect.cut_origins(&targets);
                for id in self.holders(&origins) {
                    let Some(value) = self.state.vars.get_mut(&id) else {
                        continue;
                    };
                    let value = Arc::make_mut(value);
                    for m in value.objects_mut() {
                        m.for_each_with_origin(&origins, &mut |o| effect.apply_to_object(o));
                    }
                    value.bound();
                }
            }
            (_, None) => {}
        }
        self.log.push(LoggedWrite {
            id: id.clone(),
            pos,
            func: self.current_fn(),
            origins,
            effect,
            inlined: !self.inline_stack.is_empty(),
        });
    }

    /// What a call may also see, as `Maybe`: what the code around a callback writes after defining it,
    /// and what any other function writes (it may run before the call: a hoisted function called
    /// first, an event handler). A reassignment seen that way leaves each candidate reaching the call
    /// on some paths only.
    fn apply_late_writes(&mut self) {
        let program = (0, u32::MAX);
        let inside = |f: &FnSpan, outer: &FnSpan| f.0 >= outer.0 && f.1 <= outer.1 && f != outer;
        for snap in self.snapshots.values_mut() {
            let call_fns: Vec<FnSpan> = std::iter::once(program)
                .chain(snap.fn_stack.iter().copied())
                .collect();
            let seen: Vec<Range<usize>> =
                snap.value.objects_mut().map(|m| m.origin.clone()).collect();
            let Some(decl) = snap
                .bindings
                .iter()
                .find_map(|id| self.decl_fn.get(id).copied())
            else {
                continue;
            };
            let callback = snap.fn_stack.iter().find(|f| inside(f, &decl)).copied();
            // All such writes together, joined with none of them: one clone and one join, however
            // many there are.
            let mut after = snap.value.clone();
            let (mut any, mut reassigned) = (false, false);
            for w in self.log.iter().filter(|w| !w.inlined) {
                // Writes to the payload's binding, or through an alias to one of its objects.
                let relevant =
                    snap.bindings.contains(&w.id) || w.origins.iter().any(|o| seen.contains(o));
                if !relevant {
                    continue;
                }
                let after_callback =
                    callback.is_some_and(|cb| w.pos > cb.1 && w.pos >= decl.0 && w.pos <= decl.1);
                let other_function = !call_fns.contains(&w.func);
                if !(after_callback || other_function) {
                    continue;
                }
                match &w.effect {
                    Effect::Replace(_) if snap.bindings.contains(&w.id) => {
                        w.effect.apply(&mut after);
                        reassigned = true;
                    }
                    Effect::Replace(_) => continue,
                    effect => {
                        // A write through the binding itself when it held no object yet (a hoisted
                        // function's body, seen before `p = {...}`): it writes whatever the binding
                        // holds when the function runs, so the objects that reach the call.
                        let origins = if w.origins.is_empty() && snap.bindings.contains(&w.id) {
                            &seen
                        } else {
                            &w.origins
                        };
                        for m in after.objects_mut() {
                            m.for_each_with_origin(origins, &mut |o| effect.apply_to_object(o));
                        }
                        after.bound();
                    }
                }
                any = true;
            }
            if any {
                snap.value.join(after);
            }
            if reassigned {
                snap.value.mark_reach_maybe();
            }
        }
    }

    fn opaque_value(&self, e: &Expr) -> AbsValue {
        AbsValue::opaque(range(e.span()), self.describe(e))
    }

    /// Says what an expression the analysis cannot see into is, for messages.
    fn describe(&self, e: &Expr) -> String {
        let text = |e: &Expr| excerpt(self.text, &range(e.span()));
        match strip(e) {
            Expr::Call(c) => match &c.callee {
                Callee::Expr(callee) => {
                    let name = text(callee);
                    let root = match strip(callee) {
                        Expr::Member(m) => match strip(&m.obj) {
                            Expr::Ident(i) => Some(i),
                            _ => None,
                        },
                        _ => None,
                    };
                    if name == "JSON.parse" {
                        "JSON data parsed at run time (`JSON.parse(...)`)".into()
                    } else if let Some(r) = root
                        && self.functions.computed_requires.contains(&r.to_id())
                    {
                        format!(
                            "the result of a call to `{name}(...)`, where `{}` is a module loaded by a computed `require(...)`, which the analysis cannot follow",
                            r.sym
                        )
                    } else {
                        format!("the result of a call to `{name}(...)`")
                    }
                }
                _ => format!("`{}`", text(e)),
            },
            Expr::Member(_) => format!("`{}`, a property the analysis does not follow", text(e)),
            Expr::Ident(i) => format!("`{}`", i.sym),
            Expr::New(n) => format!("a `new {}(...)` object", text(&n.callee)),
            Expr::Await(a) => format!("the awaited value of `{}`", text(&a.arg)),
            _ => format!("`{}`", text(e)),
        }
    }

    fn value_of(&self, i: &Ident) -> AbsValue {
        if let Some(v) = self.state.vars.get(&i.to_id()) {
            return (**v).clone();
        }
        let r = range(i.span);
        if self.text.get(r.clone()).is_some_and(|t| t != &*i.sym) {
            // A server tag masked as an identifier: `amount: <?= $total ?>`.
            return AbsValue::opaque(
                r.clone(),
                format!(
                    "a value printed by the server template (`{}`)",
                    excerpt(self.text, &r)
                ),
            );
        }
        let what = if i.ctxt == self.unresolved {
            format!("the global `{}`, which this file does not define", i.sym)
        } else {
            format!("`{}`, whose value is not visible here", i.sym)
        };
        AbsValue::opaque(range(i.span), what)
    }

    /// Evaluate an expression (running its effects) to the objects it may be.
    fn eval(&mut self, e: &Expr) -> AbsValue {
        stacker::maybe_grow(RED_ZONE, NEW_STACK, || self.eval_inner(e))
    }

    fn eval_inner(&mut self, e: &Expr) -> AbsValue {
        match e {
            // `{...} as T`, `{...} satisfies T`, `<T>{...}`: a declared type may not allow `sessionId`.
            Expr::TsAs(_) | Expr::TsSatisfies(_) | Expr::TsTypeAssertion(_) => {
                let mut v = self.eval(strip(e));
                for m in v.objects_mut() {
                    m.typed = true;
                }
                v
            }
            Expr::Paren(_)
            | Expr::TsNonNull(_)
            | Expr::TsConstAssertion(_)
            | Expr::TsInstantiation(_) => self.eval(strip(e)),
            Expr::Object(o) => AbsValue::object(self.eval_object(o)),
            Expr::Ident(i) => {
                if self.wrapper_arguments {
                    let id = i.to_id();
                    if i.ctxt != self.unresolved
                        && !self.tracked(&id)
                        && !self.state.vars.contains_key(&id)
                    {
                        self.untracked_arguments.push(id);
                    }
                }
                self.value_of(i)
            }
            Expr::Cond(c) => {
                c.test.visit_with(self);
                let pre = self.state.clone();
                let mut a = self.eval(&c.cons);
                let after_cons = std::mem::replace(&mut self.state, pre);
                let b = self.eval(&c.alt);
                self.state.join(after_cons);
                a.join(b);
                a
            }
            Expr::Bin(b) if b.op.may_short_circuit() => {
                let mut left = self.eval(&b.left);
                let pre = self.state.clone();
                let right = self.eval(&b.right);
                self.state.join(pre);
                match b.op {
                    // `ok && {...}` is `{...}`, or something falsy.
                    BinaryOp::LogicalAnd => {
                        let mut v = right;
                        v.join(AbsValue::undefined());
                        v
                    }
                    // An object literal on the left is always truthy: the right side never runs.
                    _ if left.0.iter().all(|c| matches!(c, Candidate::Object(_))) => left,
                    _ => {
                        left.0.retain(|c| !matches!(c, Candidate::Undefined));
                        left.join(right);
                        left
                    }
                }
            }
            Expr::Seq(s) => {
                let Some((last, rest)) = s.exprs.split_last() else {
                    return AbsValue::default();
                };
                for e in rest {
                    e.visit_with(self);
                }
                self.eval(last)
            }
            Expr::Assign(a) => self.assign(a, None),
            Expr::Await(a) => match strip(&a.arg) {
                Expr::Ident(_) | Expr::Object(_) => self.eval(&a.arg),
                Expr::Call(c) if !is_assign_like(&c.callee) => match self.eval_call(c, true) {
                    Some(v) => v,
                    None => {
                        a.arg.visit_with(self);
                        self.opaque_value(e)
                    }
                },
                _ => {
                    a.arg.visit_with(self);
                    self.opaque_value(e)
                }
            },
            Expr::Call(c) if is_assign_like(&c.callee) => self.eval_assign_like(c),
            Expr::Call(c) => match self.eval_call(c, false) {
                Some(v) => v,
                None => {
                    self.walk_expr(e);
                    self.opaque_value(e)
                }
            },
            Expr::New(n) => match self.construct(n) {
                Some(v) => v,
                None => {
                    self.walk_expr(e);
                    self.opaque_value(e)
                }
            },
            Expr::This(t) => match self.state.vars.get(&this_id()) {
                Some(v) => (**v).clone(),
                None => AbsValue::opaque(range(t.span), "`this`, whose value is not visible here"),
            },
            // `ns.payload` of `import * as ns` / `require('m')` / `import m from` a CommonJS module:
            // the module's export.
            Expr::Member(m) => {
                self.walk_expr(e);
                match (strip(&m.obj), prop_name(&m.prop)) {
                    (Expr::Ident(ns), Some(name))
                        if self.imports.get(&ns.to_id()).is_some_and(|(_, i)| {
                            matches!(
                                i,
                                Imported::Namespace | Imported::ModuleObject | Imported::Default
                            )
                        }) =>
                    {
                        let what = format!("`{}`", excerpt(self.text, &range(m.span)));
                        self.imported_value(&ns.to_id(), Some(name), range(m.span), &what)
                            .unwrap_or_else(|| self.opaque_value(e))
                    }
                    _ => self.opaque_value(e),
                }
            }
            _ => {
                self.walk_expr(e);
                self.opaque_value(e)
            }
        }
    }

    fn eval_object(&mut self, o: &ObjectLit) -> ObjectModel {
        let mut m = ObjectModel::new(range(o.span));
        let layout = Arc::new(layout_of(o));
        m.layout = Some(layout.clone());
        for p in &o.props {
            match p {
                PropOrSpread::Spread(s) => {
                    s.expr.visit_with(self);
                    m.unknown.push(Unknown {
                        range: range(s.span()),
                        what: format!(
                            "a spread of `{}`",
                            excerpt(self.text, &range(s.expr.span()))
                        ),
                    });
                }
                PropOrSpread::Prop(p) => match &**p {
                    Prop::Shorthand(i) => {
                        let v = self.field_value(&Expr::Ident(i.clone()));
                        let r = range(i.span);
                        let origin = FieldOrigin::Property {
                            prop: r.clone(),
                            key: r,
                            layout: layout.clone(),
                            pure_value: true,
                        };
                        m.set(&[i.sym.to_string()], origin, v, Presence::Certain);
                    }
                    Prop::KeyValue(kv) => {
                        if let PropName::Computed(c) = &kv.key {
                            c.expr.visit_with(self);
                        }
                        // `[FIELD]: x` with `const FIELD = 'amount'` is the key `amount`.
                        let key = prop_key(&kv.key).or_else(|| match &kv.key {
                            PropName::Computed(c) => self.const_key(&c.expr),
                            _ => None,
                        });
                        match key {
                            Some(name) => {
                                let v = self.field_value(&kv.value);
                                let origin = FieldOrigin::Property {
                                    prop: range(kv.span()),
                                    key: range(kv.key.span()),
                                    layout: layout.clone(),
                                    pure_value: is_pure(&kv.value),
                                };
                                m.set(&[name], origin, v, Presence::Certain);
                            }
                            None => {
                                kv.value.visit_with(self);
                                m.unknown.push(Unknown {
                                    range: range(kv.key.span()),
                                    what: format!(
                                        "a computed key `{}`",
                                        excerpt(self.text, &range(kv.key.span()))
                                    ),
                                });
                            }
                        }
                    }
                    Prop::Method(mp) => {
                        self.object_method(&mut m, &layout, &mp.key, &mp.function, mp.span())
                    }
                    Prop::Getter(g) => {
                        self.object_method(&mut m, &layout, &g.key, &g.function, g.span)
                    }
                    Prop::Setter(s) => {
                        if let Some(name) = prop_key(&s.key) {
                            let writes = this_writes(&s.function);
                            if !writes.is_empty() {
                                m.setters.push((name, writes));
                            }
                        }
                        self.object_method(&mut m, &layout, &s.key, &s.function, s.span)
                    }
                    Prop::Assign(_) => p.visit_with(self),
                },
            }
        }
        m
    }

    fn object_method(
        &mut self,
        m: &mut ObjectModel,
        layout: &Arc<ObjectLayout>,
        key: &PropName,
        f: &Function,
        span: swc_common::Span,
    ) {
        f.visit_with(self);
        match prop_key(key) {
            Some(name) => {
                let r = range(span);
                let origin = FieldOrigin::Property {
                    prop: r.clone(),
                    key: range(key.span()),
                    layout: layout.clone(),
                    pure_value: true,
                };
                let value = Value::Opaque(Opaque {
                    file: FileId::default(),
                    range: r,
                    what: "a method".into(),
                });
                m.set(&[name], origin, value, Presence::Certain);
            }
            None => m.unknown.push(Unknown {
                range: range(key.span()),
                what: "a computed method name".into(),
            }),
        }
    }

    /// What is known of a property's value: a string, a nested object, or something opaque.
    fn field_value(&mut self, e: &Expr) -> Value {
        if let Some(strings) = self.const_strings(e) {
            return Value::Strings(strings);
        }
        let mut v = self.eval(e);
        // Taken, not copied: a literal nested N levels deep is built in N steps, not N² / 2.
        if let [Candidate::Object(_)] = v.0.as_slice()
            && let Some(Candidate::Object(mut m)) = v.0.pop()
        {
            m.bound();
            return Value::Object(m);
        }
        match v.0.into_iter().find_map(|c| match c {
            Candidate::Opaque(o) => Some(o),
            _ => None,
        }) {
            Some(o) => Value::Opaque(o),
            None => Value::Opaque(Opaque {
                file: FileId::default(),
                range: range(e.span()),
                what: format!("`{}`", excerpt(self.text, &range(e.span()))).into(),
            }),
        }
    }

    /// `p.a = q` where `q` is the object `p` holds: the opaque reference back that writing it would
    /// leave (see [`Value::cut_origins`]), found without copying `q` (`p.f1 = p; ... p.fN = p`
    /// would copy a growing object N times).
    fn self_reference(&self, root: &Id, e: &Expr) -> Option<Value> {
        let Expr::Ident(i) = strip(e) else {
            return None;
        };
        let m = self.state.vars.get(&i.to_id())?.single_object()?;
        let target = self.state.vars.get(root)?;
        target
            .objects()
            .any(|t| t.origin == m.origin)
            .then(|| Value::Opaque(Opaque::cycle(m.origin.clone())))
    }

    /// The one string an expression used as a key is, when it is known: a `const` string, an enum
    /// member.
    fn const_key(&self, e: &Expr) -> Option<String> {
        match strip(e) {
            Expr::Ident(i) => match self.facts.consts.get(&i.to_id())?.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            },
            Expr::Member(m) => match (strip(&m.obj), prop_name(&m.prop)) {
                (Expr::Ident(e), Some(member)) => self
                    .facts
                    .enum_strings
                    .get(&(e.to_id(), member.to_string()))
                    .cloned(),
                _ => None,
            },
            _ => None,
        }
    }

    /// The binding and the field path a member expression names (`p.payPal.items`), also through `const`
    /// keys: `p[FIELD]` with `const FIELD = 'amount'`.
    fn member_path_with_consts(&self, m: &MemberExpr) -> Option<(Id, Vec<String>)> {
        let name = match &m.prop {
            MemberProp::Computed(c) => match prop_name(&m.prop) {
                Some(n) => n.to_string(),
                None => self.const_key(&c.expr)?,
            },
            other => prop_name(other)?.to_string(),
        };
        match strip(&m.obj) {
            Expr::Ident(i) => Some((i.to_id(), vec![name])),
            Expr::Member(inner) => {
                let (root, mut path) = self.member_path_with_consts(inner)?;
                path.push(name);
                Some((root, path))
            }
            _ => None,
        }
    }

    /// The strings an expression may be, when they are known without running anything.
    fn const_strings(&mut self, e: &Expr) -> Option<Vec<String>> {
        match strip(e) {
            Expr::Lit(Lit::Str(s)) => Some(vec![s.value.to_string_lossy().into_owned()]),
            Expr::Tpl(t) if t.exprs.is_empty() && t.quasis.len() == 1 => t.quasis[0]
                .cooked
                .as_ref()
                .map(|c| vec![c.to_string_lossy().into_owned()]),
            Expr::Ident(i) => self.facts.consts.get(&i.to_id()).cloned(),
            // `PaymentKind.Wire` of a TypeScript string enum.
            Expr::Member(m) => match (strip(&m.obj), prop_name(&m.prop)) {
                (Expr::Ident(e), Some(member)) => self
                    .facts
                    .enum_strings
                    .get(&(e.to_id(), member.to_string()))
                    .map(|v| vec![v.clone()]),
                _ => None,
            },
            Expr::Cond(c) => {
                let mut a = self.const_strings(&c.cons)?;
                let b = self.const_strings(&c.alt)?;
                c.test.visit_with(self);
                for s in b {
                    if !a.contains(&s) {
                        a.push(s);
                    }
                }
                Some(a)
            }
            _ => None,
        }
    }

    fn eval_assign_like(&mut self, c: &CallExpr) -> AbsValue {
        c.callee.visit_with(self);
        let kind = merge_kind(&c.callee, &c.args).unwrap_or(MergeKind::Shallow);
        let skip = usize::from(matches!(
            c.args.first().map(|a| strip(&a.expr)),
            Some(Expr::Lit(Lit::Bool(_)))
        ));
        let Some((target, sources)) = c.args.get(skip..).and_then(|a| a.split_first()) else {
            return AbsValue::default();
        };
        let mut values = Vec::new();
        let target_id = match strip(&target.expr) {
            Expr::Ident(i) if self.tracked(&i.to_id()) => Some(i),
            _ => None,
        };
        let mut target_value = match target_id {
            Some(_) => AbsValue::default(),
            None => self.eval(&target.expr),
        };
        for s in sources {
            values.push(if s.spread.is_some() {
                s.expr.visit_with(self);
                AbsValue::opaque(range(s.expr.span()), "a spread of arguments")
            } else {
                self.eval(&s.expr)
            });
        }
        match target_id {
            Some(i) => {
                for v in values {
                    self.effect(&i.to_id(), c.span.lo.0, Effect::Merge(v, kind));
                }
                self.value_of(i)
            }
            None => {
                for v in values {
                    merge_into(&mut target_value, &v, kind);
                }
                target_value
            }
        }
    }

    /// `p = v`, `p.a.b = v`, `p['a'] = v`, `p[k] = v`; returns the assigned value.
    fn assign(&mut self, a: &AssignExpr, stmt: Option<Range<usize>>) -> AbsValue {
        match &a.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(i)) if self.tracked(&i.to_id()) => {
                let id = i.to_id();
                let v = match a.op {
                    AssignOp::Assign => self.eval(&a.right),
                    AssignOp::OrAssign | AssignOp::NullishAssign => {
                        let mut old = self.value_of(&i.id);
                        // An object is truthy and not nullish: `p ??= {...}` keeps it.
                        if old.0.iter().all(|c| matches!(c, Candidate::Object(_))) {
                            a.right.visit_with(self);
                            return old;
                        }
                        let pre = self.state.clone();
                        let new = self.eval(&a.right);
                        self.state.join(pre);
                        old.0.retain(|c| !matches!(c, Candidate::Undefined));
                        old.join(new);
                        old
                    }
                    _ => {
                        a.right.visit_with(self);
                        AbsValue::opaque(range(a.span), "a value computed by a compound assignment")
                    }
                };
                self.effect(&id, a.span.lo.0, Effect::Replace(v.clone()));
                v
            }
            // `p.x &&= v` writes only a field that is already there (and truthy).
            AssignTarget::Simple(SimpleAssignTarget::Member(_)) if a.op == AssignOp::AndAssign => {
                a.visit_children_with(self);
                self.opaque_value(&a.right)
            }
            // `[p] = [...]`, `({ p } = o)`: the bindings get values the analysis does not follow.
            AssignTarget::Pat(pat) => {
                a.right.visit_with(self);
                let mut ids = Vec::new();
                let pat: Pat = pat.clone().into();
                pat_idents(&pat, &mut ids);
                for (id, span) in ids {
                    if self.tracked(&id) {
                        let v = AbsValue::opaque(
                            range(span),
                            format!("a value destructured into `{}`", id.0),
                        );
                        self.effect(&id, a.span.lo.0, Effect::Replace(v));
                    }
                }
                self.opaque_value(&a.right)
            }
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                match self.member_path_with_consts(m) {
                    Some((root, path)) if self.tracked(&root) => {
                        let value = match self.self_reference(&root, &a.right) {
                            Some(cycle) => cycle,
                            None => self.field_value(&a.right),
                        };
                        let origin = FieldOrigin::Write {
                            expr: range(a.span),
                            stmt,
                            pure_value: is_pure(&a.right),
                        };
                        self.effect(
                            &root,
                            a.span.lo.0,
                            Effect::Set {
                                path,
                                origin,
                                value,
                            },
                        );
                    }
                    _ => match member_root(m) {
                        Some(root) if self.tracked(&root) => {
                            a.visit_children_with(self);
                            let u = Unknown {
                                range: range(a.span),
                                what: format!(
                                    "a write to a computed key (`{}`)",
                                    excerpt(self.text, &range(a.left.span()))
                                ),
                            };
                            self.effect(&root, a.span.lo.0, Effect::Escape(u, false));
                        }
                        _ => a.visit_children_with(self),
                    },
                }
                self.opaque_value(&a.right)
            }
            _ => {
                a.visit_children_with(self);
                self.opaque_value(&a.right)
            }
        }
    }

    /// Visit an expression for its effects only.
    fn walk_expr(&mut self, e: &Expr) {
        match e {
            Expr::Assign(a) => {
                self.assign(a, None);
            }
            Expr::Cond(c) => {
                c.test.visit_with(self);
                let pre = self.state.clone();
                c.cons.visit_with(self);
                let after_cons = std::mem::replace(&mut self.state, pre);
                c.alt.visit_with(self);
                self.state.join(after_cons);
            }
            Expr::Bin(b) if b.op.may_short_circuit() => {
                b.left.visit_with(self);
                let pre = self.state.clone();
                b.right.visit_with(self);
                self.state.join(pre);
            }
            Expr::Unary(u) if u.op == UnaryOp::Delete => match strip(&u.arg) {
                Expr::Member(m) => match self.member_path_with_consts(m) {
                    Some((root, path)) if self.tracked(&root) => {
                        let at = range(u.span);
                        self.effect(&root, u.span.lo.0, Effect::Delete(path, at));
                    }
                    _ => u.visit_children_with(self),
                },
                _ => u.visit_children_with(self),
            },
            _ => e.visit_children_with(self),
        }
    }

    fn create_source_call(
        &mut self,
        key: u32,
        shape_payload: Option<&Expr>,
        receiver: &Expr,
        args: &[ExprOrSpread],
    ) {
        receiver.visit_with(self);
        let mut value = None;
        for a in args {
            match (shape_payload, strip(&a.expr)) {
                (Some(p), _) if std::ptr::eq(&*a.expr, p) => value = Some(self.eval(p)),
                (Some(p), Expr::Array(arr)) => {
                    for el in arr.elems.iter().flatten() {
                        if std::ptr::eq(&*el.expr, p) {
                            value = Some(self.eval(p));
                        } else {
                            el.visit_with(self);
                        }
                    }
                }
                _ => a.visit_with(self),
            }
        }
        if let (Some(p), Some(value)) = (shape_payload, value) {
            let mut ids = Vec::new();
            value_idents(p, &mut ids);
            ids.retain(|id| self.tracked(id));
            let site = match self.context_of(p) {
                Context::Definition => {
                    // What the function's parameters (or `this`) hold decides what reaches the call:
                    // its calls tell, when the file has any.
                    if let Some(params) = self.params.last()
                        && mentions_any(&value, params)
                    {
                        self.param_dependent.insert(key);
                    }
                    SiteKey {
                        call: key,
                        via: Vec::new(),
                    }
                }
                // Seen again inside a function run at a call, but the payload does not depend on
                // that call: the definition's pass has it.
                Context::Independent => return,
                Context::Call(via) => SiteKey { call: key, via },
            };
            // A call in a loop body is seen once per pass: what reaches it is the join of both.
            match self.snapshots.get_mut(&site) {
                Some(snapshot) => snapshot.value.join(value),
                None => {
                    let snapshot = Snapshot {
                        value,
                        bindings: ids,
                        fn_stack: self.fn_stack.clone(),
                    };
                    self.snapshots.insert(site, snapshot);
                }
            }
        }
    }

    /// Whether the member read `m` (`p.payPal`, `p.amount`) may be an object of the payload, which a
    /// function it is passed to could change: a field whose value is an object literal on some
    /// candidate, or a read the analysis cannot follow to a field (a computed key, a root with no
    /// value here), or a reference back to one (`p.self = p`). A field that holds a string, a number
    /// or an opaque value (`order.total`), or no field at all, passes only a value.
    fn may_hold_payload_object(&self, m: &MemberExpr) -> bool {
        use super::model::Lookup;
        let Some((root, path)) = self.member_path_with_consts(m) else {
            return true;
        };
        let Some(value) = self.state.vars.get(&root) else {
            return true;
        };
        // `p.self = p`: a reference back to an object of the payload (a cycle) is one too.
        let cycle = |o: &Opaque| o.what == Opaque::cycle(o.range.clone()).what;
        value.objects().any(|o| match o.lookup(&path) {
            Lookup::Found(f) | Lookup::FoundMaybe(f) => match &f.value {
                Value::Object(_) => true,
                Value::Opaque(o) => cycle(o),
                Value::Strings(_) => false,
            },
            Lookup::Hidden(_, o) => cycle(o),
            Lookup::Absent => false,
        })
    }

    fn call(&mut self, key: u32, callee: &Callee, args: &[ExprOrSpread]) {
        let session = matches!(callee, Callee::Expr(e) if self.is_call(key, e));
        if session && let Callee::Expr(e) = callee {
            self.doubt_own_written(key, e);
            // `(0, c.createSource)(p)`, `c.createSource.call(c, p)` / `.apply(c, [p])` where `c`
            // has its own `createSource`: the merchant's method (not run here: its arguments are
            // shifted).
            if let Some(method) = indirect_method(e) {
                let own = match self.callee_fn(method) {
                    Some(def) => Some(def.range()),
                    None => matches!(self.foreign_fn(method), Some(ForeignFn::Found { .. }))
                        .then_some(0..0),
                };
                if let Some(at) = own {
                    self.own_methods.insert(key, at);
                    callee.visit_with(self);
                    for a in args {
                        a.visit_with(self);
                    }
                    return;
                }
            }
        }
        if let Callee::Expr(e) = callee
            && let Some(def) = self.callee_fn(e)
        {
            let own = session;
            if own {
                // `gateway.createSource(x)` where `gateway` defines its own `createSource`.
                self.own_methods.insert(key, def.range());
            }
            // A generator's body does not run when it is called.
            if own || (!def.is_generator() && self.worth_running(&def, args)) {
                let this = self.receiver_value(e);
                let awaited = self.awaited == Some(key);
                if self
                    .run_not_awaited(def, this, args, callee_name_range(e), awaited)
                    .is_some()
                {
                    return;
                }
            }
            if own {
                callee.visit_with(self);
                for a in args {
                    a.visit_with(self);
                }
                return;
            }
        }
        if let Callee::Expr(e) = callee
            && self.asks_imported(key, e, args)
            && let Some(ForeignFn::Found { summary, .. }) = self.foreign_fn(e)
        {
            let own = session && matches!(strip(e), Expr::Member(_));
            if own {
                self.own_methods.insert(key, 0..0);
            }
            if own || !summary.forwards.is_empty() {
                callee.visit_with(self);
                if !self.foreign_forwards(&summary, args, callee_name_range(e)) {
                    for a in args {
                        a.visit_with(self);
                    }
                }
                return;
            }
        }
        if session && let Some(shape) = call_shape(callee, args, &self.facts.call_names) {
            let payload = match shape.payload {
                PayloadArg::Expr(e) => Some(e),
                _ => None,
            };
            return self.create_source_call(key, payload, shape.receiver, args);
        }
        callee.visit_with(self);
        let escapes = !reads_only(callee);
        for a in args {
            a.visit_with(self);
            // `mutate(p.payPal)`: the object inside the payload may change. `format(p.amount)`
            // passes a field's value, not the payload: no escape, unless that value may be an object
            // of the payload.
            if escapes
                && let Expr::Member(m) = strip(&a.expr)
                && let Some(root) = member_root(m)
                && self.tracked(&root)
                && self.may_hold_payload_object(m)
            {
                let u = Unknown {
                    range: range(a.expr.span()),
                    what: format!(
                        "`{}` passed to `{}(...)`, which may change it",
                        excerpt(self.text, &range(a.expr.span())),
                        excerpt(self.text, &range(callee.span()))
                    ),
                };
                self.effect(&root, a.expr.span().lo.0, Effect::Escape(u, true));
            }
            if let Expr::Ident(i) = strip(&a.expr) {
                let id = i.to_id();
                if escapes && self.tracked(&id) {
                    let u = Unknown {
                        range: range(a.expr.span()),
                        what: format!(
                            "passed to `{}(...)`, which may change it",
                            excerpt(self.text, &range(callee.span()))
                        ),
                    };
                    self.effect(&id, a.expr.span().lo.0, Effect::Escape(u, true));
                }
            }
        }
    }

    /// A function body: runs later (or never), from the state where it is defined.
    fn nested(&mut self, span: swc_common::Span, body: impl FnOnce(&mut Self)) {
        self.nested_fn(span, false, body);
    }

    /// A function body where it is defined; `rebinds_this` for a `function` or constructor, whose
    /// `this` is its own (an arrow's is the enclosing one).
    fn nested_fn(
        &mut self,
        span: swc_common::Span,
        rebinds_this: bool,
        body: impl FnOnce(&mut Self),
    ) {
        let outer = self.state.clone();
        let label = self.pending_label.take();
        self.state.reachable = true;
        self.fn_stack.push((span.lo.0, span.hi.0));
        self.frames.push(Frame {
            kind: FrameKind::Function,
            label: None,
            breaks: Vec::new(),
            continues: Vec::new(),
            returns: None,
        });
        let log_len = self.log.len();
        body(self);
        let exits = self.frames.pop().map(|f| f.breaks).unwrap_or_default();
        self.fn_stack.pop();
        self.pending_label = label;
        let mut inner = std::mem::replace(&mut self.state, outer);
        // Only what the function wrote (to a binding, or to an object) can differ from outside.
        let written = &self.log[log_len..];
        if written.is_empty() {
            return;
        }
        inner.reachable = true;
        for mut e in exits {
            e.reachable = true;
            inner.join(e);
        }
        let written_ids: HashSet<&Id> = written.iter().map(|w| &w.id).collect();
        let written_origins: Vec<Range<usize>> = written
            .iter()
            .flat_map(|w| w.origins.iter().cloned())
            .collect();
        for (id, v) in inner.vars.iter() {
            if rebinds_this && id.0 == *"this" {
                continue;
            }
            let Some(mine) = self.state.vars.get(id) else {
                continue;
            };
            if Arc::ptr_eq(mine, v) {
                continue;
            }
            let touched = written_ids.contains(id)
                || (!written_origins.is_empty()
                    && v.objects().any(|m| m.holds_origin(&written_origins)));
            if !touched {
                continue;
            }
            if let Some(mine) = self.state.vars.get_mut(id) {
                let reassigned = mine.origins() != v.origins();
                let mine = Arc::make_mut(mine);
                mine.join((**v).clone());
                if reassigned {
                    mine.mark_reach_maybe();
                }
            }
        }
    }

    fn bind_unknown(&mut self, pat: &Pat, what: &str) {
        let mut ids = Vec::new();
        pat_idents(pat, &mut ids);
        for (id, span) in ids {
            if self.tracked(&id) {
                let v = AbsValue::opaque(range(span), format!("{what} `{}`", id.0));
                self.declare(id, v);
            }
        }
        // Default values and computed keys inside the pattern.
        pat.visit_children_with(self);
    }

    /// A loop body runs once from the entry state; when it writes to tracked bindings it runs a second
    /// time from the state after one iteration, so a call sees what the iteration before wrote.
    fn loop_body(&mut self, at_least_once: bool, body: impl Fn(&mut Self)) {
        let label = self.pending_label.take();
        let pre = self.state.clone();
        let log_len = self.log.len();
        self.loop_depth += 1;
        let (mut end, mut breaks) = self.iteration(&body, &label);
        if self.log.len() > log_len && self.loop_depth <= MAX_LOOP_REPEAT_DEPTH {
            let mut entry = pre.clone();
            entry.join(end.clone());
            self.state = entry;
            let second = self.log.len();
            let (end2, breaks2) = self.iteration(&body, &label);
            end.join(end2);
            breaks.extend(breaks2);
            self.drop_repeated_writes(log_len, second);
        }
        self.loop_depth -= 1;
        if !at_least_once {
            end.join(pre);
        }
        for b in breaks {
            end.join(b);
        }
        self.state = end;
    }

    /// After a loop body's second run: the writes its first run logged (from `first` to `second`)
    /// that the second run made again at the same place are dropped, their objects added to the
    /// second run's. The log keeps one entry per write of a loop (nested loops would multiply
    /// them), in the order of the last run.
    fn drop_repeated_writes(&mut self, first: usize, second: usize) {
        if self.log.len() == second {
            return;
        }
        let key = |w: &LoggedWrite| (w.pos, w.id.clone(), w.inlined, w.func);
        let repeated: HashMap<_, usize> = self.log[second..]
            .iter()
            .enumerate()
            .map(|(i, w)| (key(w), second + i))
            .collect();
        let mut keep = vec![true; self.log.len() - first];
        for i in first..second {
            if let Some(&j) = repeated.get(&key(&self.log[i])) {
                keep[i - first] = false;
                let origins = std::mem::take(&mut self.log[i].origins);
                let later = &mut self.log[j].origins;
                for o in origins {
                    if !later.contains(&o) {
                        later.push(o);
                    }
                }
            }
        }
        let tail = self.log.split_off(first);
        self.log.extend(
            tail.into_iter()
                .zip(keep)
                .filter_map(|(w, keep)| keep.then_some(w)),
        );
    }

    /// One run of a loop body: the state at its end (and at each `continue`), and at each `break`.
    fn iteration(
        &mut self,
        body: &impl Fn(&mut Self),
        label: &Option<Atom>,
    ) -> (State, Vec<State>) {
        self.frames.push(Frame {
            kind: FrameKind::Loop,
            label: label.clone(),
            breaks: Vec::new(),
            continues: Vec::new(),
            returns: None,
        });
        body(self);
        let frame = self.frames.pop();
        let mut end = std::mem::replace(&mut self.state, State::unreachable());
        let mut breaks = Vec::new();
        if let Some(frame) = frame {
            for c in frame.continues {
                end.join(c);
            }
            breaks = frame.breaks;
        }
        (end, breaks)
    }

    fn jump(&mut self, label: Option<&Ident>, is_continue: bool) {
        let state = std::mem::replace(&mut self.state, State::unreachable());
        let mut keep = state.clone();
        keep.reachable = false;
        for f in self.frames.iter_mut().rev() {
            if f.kind == FrameKind::Function {
                break;
            }
            let hit = match label {
                Some(l) => f.label.as_ref() == Some(&l.sym),
                None if is_continue => f.kind == FrameKind::Loop,
                None => matches!(f.kind, FrameKind::Loop | FrameKind::Switch),
            };
            if hit {
                if is_continue {
                    f.continues.push(state);
                } else {
                    f.breaks.push(state);
                }
                break;
            }
        }
        // Keep the bindings for code after the jump (dead code is still analysed), but unreachable.
        self.state = keep;
    }
}

/// Whether evaluating `e` can have no side effect: literals, identifiers, member reads, and
/// operators over them. Removing a write of such a value changes nothing else.
pub fn is_pure(e: &Expr) -> bool {
    is_pure_within(e, MAX_DEPTH)
}

/// [`is_pure`], looking at most `depth` levels down: a deeper value counts as impure (its removal is
/// then offered as unsafe only), so that asking at each level of a deeply nested literal stays cheap.
fn is_pure_within(e: &Expr, depth: usize) -> bool {
    let Some(depth) = depth.checked_sub(1) else {
        return false;
    };
    let is_pure = |e: &Expr| is_pure_within(e, depth);
    match strip(e) {
        Expr::Lit(_) | Expr::Ident(_) | Expr::This(_) | Expr::Fn(_) | Expr::Arrow(_) => true,
        Expr::Member(m) => {
            is_pure(&m.obj)
                && match &m.prop {
                    MemberProp::Computed(c) => is_pure(&c.expr),
                    _ => true,
                }
        }
        Expr::Tpl(t) => t.exprs.iter().all(|e| is_pure(e)),
        Expr::Array(a) => a
            .elems
            .iter()
            .flatten()
            .all(|e| e.spread.is_none() && is_pure(&e.expr)),
        Expr::Object(o) => o.props.iter().all(|p| match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::Shorthand(_) => true,
                Prop::KeyValue(kv) => {
                    !matches!(kv.key, PropName::Computed(_)) && is_pure(&kv.value)
                }
                _ => false,
            },
            PropOrSpread::Spread(_) => false,
        }),
        Expr::Unary(u) => u.op != UnaryOp::Delete && is_pure(&u.arg),
        Expr::Bin(b) => is_pure(&b.left) && is_pure(&b.right),
        Expr::Cond(c) => is_pure(&c.test) && is_pure(&c.cons) && is_pure(&c.alt),
        _ => false,
    }
}

/// The fields a function writes through `this` in its top-level statements (`this.sessionId = v;`).
fn this_writes(f: &Function) -> Vec<String> {
    let mut out = Vec::new();
    for stmt in f.body.iter().flat_map(|b| &b.stmts) {
        if let Stmt::Expr(e) = stmt
            && let Expr::Assign(a) = strip(&e.expr)
            && a.op == AssignOp::Assign
            && let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &a.left
            && matches!(strip(&m.obj), Expr::This(_))
            && let Some(name) = prop_name(&m.prop)
            && !out.iter().any(|x: &String| x == name)
        {
            out.push(name.to_string());
        }
    }
    out
}

/// A binding and the name of one of its fields.
type TestedField = (Id, String);

/// The field a test finds set when it is true, and when it is false: `p.f`, `p.f != null`,
/// `p.f !== undefined`, `'f' in p` (set when true); `!p.f`, `p.f == null`, `p.f === undefined`,
/// `typeof p.f === 'undefined'` (set when false).
fn tested_fields(test: &Expr) -> (Option<TestedField>, Option<TestedField>) {
    fn field(e: &Expr) -> Option<(Id, String)> {
        match strip(e) {
            Expr::Member(m) => match (strip(&m.obj), prop_name(&m.prop)) {
                (Expr::Ident(root), Some(name)) => Some((root.to_id(), name.to_string())),
                _ => None,
            },
            _ => None,
        }
    }
    fn is_nullish(e: &Expr) -> bool {
        match strip(e) {
            Expr::Lit(Lit::Null(_)) => true,
            Expr::Ident(i) => i.sym == *"undefined",
            Expr::Unary(u) => u.op == UnaryOp::Void,
            _ => false,
        }
    }
    fn is_undefined_string(e: &Expr) -> bool {
        matches!(strip(e), Expr::Lit(Lit::Str(s)) if s.value.as_str() == Some("undefined"))
    }
    /// The field compared with "no value" by `a op b`, and whether equality means "not set".
    fn compared(b: &BinExpr) -> Option<(Id, String)> {
        let (l, r) = (strip(&b.left), strip(&b.right));
        let loose = matches!(b.op, BinaryOp::EqEq | BinaryOp::NotEq);
        let strict = matches!(b.op, BinaryOp::EqEqEq | BinaryOp::NotEqEq);
        let typeof_of = |e: &Expr| match strip(e) {
            Expr::Unary(u) if u.op == UnaryOp::TypeOf => field(&u.arg),
            _ => None,
        };
        if loose || strict {
            let undefined_only = |e: &Expr| {
                matches!(strip(e), Expr::Ident(i) if i.sym == *"undefined")
                    || matches!(strip(e), Expr::Unary(u) if u.op == UnaryOp::Void)
            };
            if (loose && is_nullish(r)) || (strict && undefined_only(r)) {
                return field(l);
            }
            if (loose && is_nullish(l)) || (strict && undefined_only(l)) {
                return field(r);
            }
            if is_undefined_string(r) {
                return typeof_of(l);
            }
            if is_undefined_string(l) {
                return typeof_of(r);
            }
        }
        None
    }
    match strip(test) {
        Expr::Unary(u) if u.op == UnaryOp::Bang => {
            let (t, f) = tested_fields(&u.arg);
            (f, t)
        }
        Expr::Member(_) => (field(test), None),
        Expr::Bin(b) if matches!(b.op, BinaryOp::In) => match (strip(&b.left), strip(&b.right)) {
            (Expr::Lit(Lit::Str(s)), Expr::Ident(root)) => (
                s.value
                    .as_str()
                    .map(|name| (root.to_id(), name.to_string())),
                None,
            ),
            _ => (None, None),
        },
        Expr::Bin(b) => match compared(b) {
            Some(f) if matches!(b.op, BinaryOp::EqEq | BinaryOp::EqEqEq) => (None, Some(f)),
            Some(f) => (Some(f), None),
            None => (None, None),
        },
        _ => (None, None),
    }
}

/// Where an object literal's properties sit, for the fixes.
fn layout_of(o: &ObjectLit) -> ObjectLayout {
    let (mut double, mut single, mut bare) = (0, 0, 0);
    let mut keys = Vec::with_capacity(o.props.len());
    let mut has_accessors = false;
    let props = o
        .props
        .iter()
        .map(|p| {
            let mut static_key = None;
            if let PropOrSpread::Prop(p) = p {
                let key = match &**p {
                    Prop::KeyValue(kv) => Some(&kv.key),
                    Prop::Method(m) => Some(&m.key),
                    _ => None,
                };
                match key {
                    Some(PropName::Str(s)) => match s.raw.as_deref().and_then(|r| r.chars().next())
                    {
                        Some('\'') => single += 1,
                        _ => double += 1,
                    },
                    _ => bare += 1,
                }
                match &**p {
                    Prop::KeyValue(kv) => static_key = prop_key(&kv.key),
                    Prop::Getter(_) | Prop::Setter(_) | Prop::Method(_) => has_accessors = true,
                    _ => {}
                }
            }
            keys.push(static_key);
            range(p.span())
        })
        .collect();
    let quote = if double + single > bare {
        Some(if single > double { '\'' } else { '"' })
    } else {
        None
    };
    ObjectLayout {
        range: range(o.span),
        props,
        quote,
        keys,
        has_accessors,
    }
}

fn pat_idents(pat: &Pat, out: &mut Vec<(Id, swc_common::Span)>) {
    match pat {
        Pat::Ident(b) => out.push((b.id.to_id(), b.id.span)),
        Pat::Array(a) => a.elems.iter().flatten().for_each(|p| pat_idents(p, out)),
        Pat::Rest(r) => pat_idents(&r.arg, out),
        Pat::Object(o) => {
            for p in &o.props {
                match p {
                    ObjectPatProp::KeyValue(kv) => pat_idents(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push((a.key.id.to_id(), a.key.id.span)),
                    ObjectPatProp::Rest(r) => pat_idents(&r.arg, out),
                }
            }
        }
        Pat::Assign(a) => pat_idents(&a.left, out),
        Pat::Expr(_) | Pat::Invalid(_) => {}
    }
}

impl Visit for Flow<'_> {
    fn visit_stmt(&mut self, s: &Stmt) {
        stacker::maybe_grow(RED_ZONE, NEW_STACK, || s.visit_children_with(self));
    }

    fn visit_expr(&mut self, e: &Expr) {
        stacker::maybe_grow(RED_ZONE, NEW_STACK, || self.walk_expr(e));
    }

    fn visit_stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.list_stmt = Some(s.span().lo.0);
            s.visit_with(self);
        }
    }

    fn visit_module_items(&mut self, items: &[ModuleItem]) {
        for item in items {
            self.list_stmt = Some(item.span().lo.0);
            item.visit_with(self);
        }
    }

    fn visit_expr_stmt(&mut self, s: &ExprStmt) {
        let in_list = self.list_stmt == Some(s.span.lo.0);
        match &*s.expr {
            Expr::Assign(a) => {
                self.assign(a, in_list.then(|| range(s.span)));
            }
            e => e.visit_with(self),
        }
    }

    fn visit_call_expr(&mut self, c: &CallExpr) {
        if is_assign_like(&c.callee) {
            self.eval_assign_like(c);
        } else {
            self.call(c.span.lo.0, &c.callee, &c.args);
        }
    }

    fn visit_opt_call(&mut self, c: &OptCall) {
        let key = c.span.lo.0;
        // `c?.createSource(p)`, `api?.backoffice.createSource(p)`, `c.createSource?.(p)`: as the call
        // without `?.`, so that a method of the receiver's own is found as for `c.createSource(p)`.
        if self.is_call(key, &c.callee) {
            let callee = Callee::Expr(Box::new(without_optional(&c.callee)));
            return self.call(key, &callee, &c.args);
        }
        c.visit_children_with(self);
    }

    fn visit_await_expr(&mut self, a: &AwaitExpr) {
        let awaited = match strip(&a.arg) {
            Expr::Call(c) => Some(c.span.lo.0),
            _ => None,
        };
        let outer = std::mem::replace(&mut self.awaited, awaited);
        a.visit_children_with(self);
        self.awaited = outer;
    }

    fn visit_var_decl(&mut self, d: &VarDecl) {
        for decl in &d.decls {
            match (&decl.name, &decl.init) {
                (Pat::Ident(b), Some(init)) if self.tracked(&b.id.to_id()) => {
                    let mut v = self.eval(init);
                    if b.type_ann.is_some() {
                        for m in v.objects_mut() {
                            m.typed = true;
                        }
                    }
                    self.declare(b.id.to_id(), v);
                }
                (Pat::Ident(b), None) if self.tracked(&b.id.to_id()) => {
                    let id = b.id.to_id();
                    if d.kind != VarDeclKind::Var || !self.state.vars.contains_key(&id) {
                        self.declare(id, AbsValue::undefined());
                    }
                }
                (Pat::Ident(_), init) => init.visit_with(self),
                (pat, init) => {
                    init.visit_with(self);
                    let what = match init {
                        Some(i) => format!(
                            "a value destructured from `{}`:",
                            excerpt(self.text, &range(i.span()))
                        ),
                        None => "a destructured binding".into(),
                    };
                    self.bind_unknown(pat, &what);
                }
            }
        }
    }

    fn visit_function(&mut self, f: &Function) {
        let class = self
            .functions
            .method_class
            .get(&(f.span.lo.0, f.span.hi.0))
            .cloned();
        self.this_class.push(class);
        let mut params = param_ranges(f.params.iter().map(|p| &p.pat));
        params.push(this_range(f.span));
        self.params.push(params);
        self.nested_fn(f.span, true, |this| {
            this.bind_this_unknown(f.span);
            for p in &f.params {
                this.bind_unknown(&p.pat, "the parameter");
            }
            f.body.visit_with(this);
        });
        self.params.pop();
        self.this_class.pop();
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        // An arrow's `this` is the enclosing function's.
        let mut params = param_ranges(a.params.iter());
        params.extend(self.params.last().cloned().unwrap_or_default());
        self.params.push(params);
        self.nested(a.span, |this| {
            for p in &a.params {
                this.bind_unknown(p, "the parameter");
            }
            a.body.visit_with(this);
        });
        self.params.pop();
    }

    fn visit_constructor(&mut self, c: &Constructor) {
        let class = self
            .functions
            .method_class
            .get(&(c.span.lo.0, c.span.hi.0))
            .cloned();
        self.this_class.push(class);
        let mut params = param_ranges(c.params.iter().filter_map(|p| match p {
            ParamOrTsParamProp::Param(p) => Some(&p.pat),
            ParamOrTsParamProp::TsParamProp(_) => None,
        }));
        params.push(this_range(c.span));
        self.params.push(params);
        self.nested_fn(c.span, true, |this| {
            this.bind_this_unknown(c.span);
            for p in &c.params {
                match p {
                    ParamOrTsParamProp::Param(p) => this.bind_unknown(&p.pat, "the parameter"),
                    ParamOrTsParamProp::TsParamProp(p) => p.visit_with(this),
                }
            }
            c.body.visit_with(this);
        });
        self.params.pop();
        self.this_class.pop();
    }

    fn visit_class_prop(&mut self, p: &ClassProp) {
        p.key.visit_with(self);
        self.nested(p.span, |this| p.value.visit_with(this));
    }

    fn visit_import_decl(&mut self, d: &ImportDecl) {
        let from = d.src.value.to_string_lossy().into_owned();
        for s in &d.specifiers {
            let local = match s {
                ImportSpecifier::Named(n) => &n.local,
                ImportSpecifier::Default(n) => &n.local,
                ImportSpecifier::Namespace(n) => &n.local,
            };
            if self.tracked(&local.to_id()) {
                let what = format!("imported from '{from}'");
                let at = range(local.span);
                let v = self
                    .imported_value(&local.to_id(), None, at.clone(), &what)
                    .unwrap_or_else(|| AbsValue::opaque(at, what));
                self.declare(local.to_id(), v);
            }
        }
    }

    fn visit_if_stmt(&mut self, i: &IfStmt) {
        i.test.visit_with(self);
        let pre = self.state.clone();
        // `if (p.sessionId)`: set on this branch; `if (!p.sessionId)`: set on the other one.
        let (set_if_true, set_if_false) = tested_fields(&i.test);
        if let Some((id, name)) = &set_if_true {
            self.assume_present(id, name);
        }
        i.cons.visit_with(self);
        let after_cons = std::mem::replace(&mut self.state, pre);
        if let Some((id, name)) = &set_if_false {
            self.assume_present(id, name);
        }
        i.alt.visit_with(self);
        self.state.join(after_cons);
    }

    fn visit_while_stmt(&mut self, w: &WhileStmt) {
        w.test.visit_with(self);
        self.loop_body(false, |this| w.body.visit_with(this));
    }

    fn visit_do_while_stmt(&mut self, w: &DoWhileStmt) {
        self.loop_body(true, |this| {
            w.body.visit_with(this);
            w.test.visit_with(this);
        });
    }

    fn visit_for_stmt(&mut self, f: &ForStmt) {
        f.init.visit_with(self);
        f.test.visit_with(self);
        self.loop_body(false, |this| {
            f.body.visit_with(this);
            f.update.visit_with(this);
        });
    }

    fn visit_for_in_stmt(&mut self, f: &ForInStmt) {
        f.right.visit_with(self);
        self.loop_body(false, |this| {
            this.loop_head(&f.left);
            f.body.visit_with(this);
        });
    }

    fn visit_for_of_stmt(&mut self, f: &ForOfStmt) {
        f.right.visit_with(self);
        self.loop_body(false, |this| {
            this.loop_head(&f.left);
            f.body.visit_with(this);
        });
    }

    fn visit_labeled_stmt(&mut self, l: &LabeledStmt) {
        match &*l.body {
            Stmt::While(_)
            | Stmt::DoWhile(_)
            | Stmt::For(_)
            | Stmt::ForIn(_)
            | Stmt::ForOf(_)
            | Stmt::Switch(_) => {
                self.pending_label = Some(l.label.sym.clone());
                l.body.visit_with(self);
                self.pending_label = None;
            }
            body => {
                self.frames.push(Frame {
                    kind: FrameKind::Block,
                    label: Some(l.label.sym.clone()),
                    breaks: Vec::new(),
                    continues: Vec::new(),
                    returns: None,
                });
                body.visit_with(self);
                if let Some(f) = self.frames.pop() {
                    for b in f.breaks {
                        self.state.join(b);
                    }
                }
            }
        }
    }

    fn visit_switch_stmt(&mut self, s: &SwitchStmt) {
        s.discriminant.visit_with(self);
        let pre = self.state.clone();
        self.frames.push(Frame {
            kind: FrameKind::Switch,
            label: self.pending_label.take(),
            breaks: Vec::new(),
            continues: Vec::new(),
            returns: None,
        });
        let mut fall = State::unreachable();
        for case in &s.cases {
            let mut entry = pre.clone();
            entry.join(fall);
            self.state = entry;
            case.test.visit_with(self);
            self.visit_stmts(&case.cons);
            fall = std::mem::replace(&mut self.state, State::unreachable());
        }
        let frame = self.frames.pop();
        let mut end = fall;
        if let Some(frame) = frame {
            for b in frame.breaks {
                end.join(b);
            }
        }
        if !s.cases.iter().any(|c| c.test.is_none()) {
            end.join(pre);
        }
        self.state = end;
    }

    fn visit_try_stmt(&mut self, t: &TryStmt) {
        let pre = self.state.clone();
        t.block.visit_with(self);
        if let Some(handler) = &t.handler {
            let after_try = self.state.clone();
            // The exception may come from anywhere in the block.
            let mut entry = pre;
            entry.join(after_try.clone());
            entry.reachable = true;
            self.state = entry;
            if let Some(param) = &handler.param {
                self.bind_unknown(param, "the caught exception");
            }
            handler.body.visit_with(self);
            self.state.join(after_try);
        }
        t.finalizer.visit_with(self);
    }

    fn visit_return_stmt(&mut self, r: &ReturnStmt) {
        let inlined = self
            .frames
            .iter()
            .rev()
            .find(|f| f.kind == FrameKind::Function)
            .is_some_and(|f| f.returns.is_some());
        if inlined {
            let v = match &r.arg {
                Some(a) => self.eval(a),
                None => AbsValue::undefined(),
            };
            if let Some(returns) = self
                .frames
                .iter_mut()
                .rev()
                .find(|f| f.kind == FrameKind::Function)
                .and_then(|f| f.returns.as_mut())
            {
                returns.push(v);
            }
        } else {
            r.arg.visit_with(self);
        }
        let state = std::mem::replace(&mut self.state, State::unreachable());
        let mut keep = state.clone();
        keep.reachable = false;
        if let Some(f) = self
            .frames
            .iter_mut()
            .rev()
            .find(|f| f.kind == FrameKind::Function)
        {
            f.breaks.push(state);
        }
        self.state = keep;
    }

    fn visit_throw_stmt(&mut self, t: &ThrowStmt) {
        t.arg.visit_with(self);
        self.state.reachable = false;
    }

    fn visit_break_stmt(&mut self, b: &BreakStmt) {
        self.jump(b.label.as_ref(), false);
    }

    fn visit_continue_stmt(&mut self, c: &ContinueStmt) {
        self.jump(c.label.as_ref(), true);
    }
}

impl Flow<'_> {
    fn loop_head(&mut self, left: &ForHead) {
        match left {
            ForHead::VarDecl(d) => {
                for decl in &d.decls {
                    self.bind_unknown(&decl.name, "the loop variable");
                }
            }
            ForHead::Pat(p) => self.bind_unknown(p, "the loop variable"),
            ForHead::UsingDecl(u) => u.visit_with(self),
        }
    }
}

/// The object literal at byte range `r` of the text (a copy).
fn literal_at(program: &Program, r: &Range<usize>) -> Option<ObjectLit> {
    struct Find<'r> {
        at: &'r Range<usize>,
        found: Option<ObjectLit>,
    }
    impl Visit for Find<'_> {
        fn visit_object_lit(&mut self, o: &ObjectLit) {
            if self.found.is_some() {
                return;
            }
            if range(o.span) == *self.at {
                self.found = Some(o.clone());
            } else if range(o.span).contains(&self.at.start) {
                o.visit_children_with(self);
            }
        }
    }
    let mut find = Find { at: r, found: None };
    program.visit_with(&mut find);
    find.found
}

/// Where a session-aware call is being seen from.
enum Context {
    /// Where it is defined.
    Definition,
    /// Inside functions run at calls, and the payload depends on one of them: those calls' names.
    Call(Vec<Range<usize>>),
    /// Inside functions run at calls, but nothing of those calls reaches the payload.
    Independent,
}

/// The parameters a function binds (names inside patterns included).
fn param_ids<'p>(pats: impl Iterator<Item = &'p Pat>) -> Vec<Id> {
    let mut out = Vec::new();
    for p in pats {
        let mut ids = Vec::new();
        pat_idents(p, &mut ids);
        out.extend(ids.into_iter().map(|(id, _)| id));
    }
    out
}

/// The ranges of the parameters a function binds: the unknown values bound to them carry these.
fn param_ranges<'p>(pats: impl Iterator<Item = &'p Pat>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for p in pats {
        let mut ids = Vec::new();
        pat_idents(p, &mut ids);
        out.extend(ids.into_iter().map(|(_, span)| range(span)));
    }
    out
}

/// The (empty) range the unknown `this` of a function defined at `span` carries.
fn this_range(span: swc_common::Span) -> Range<usize> {
    let at = span.lo.0 as usize;
    at..at
}

/// Whether a value holds, as a candidate or a field's value, something unknown that came from one of
/// `ranges` (a parameter's unknown value carries the parameter's range).
fn mentions_any(v: &AbsValue, ranges: &[Range<usize>]) -> bool {
    fn object(m: &ObjectModel, ranges: &[Range<usize>], depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        m.fields.iter().any(|f| match &f.value {
            Value::Opaque(o) => ranges.contains(&o.range),
            Value::Object(n) => object(n, ranges, depth + 1),
            Value::Strings(_) => false,
        })
    }
    v.0.iter().any(|c| match c {
        Candidate::Object(m) => object(m, ranges, 0),
        Candidate::Opaque(o) => ranges.contains(&o.range),
        Candidate::Undefined => false,
    })
}

/// The name a call is reported by: `makeSource` in `makeSource(x)`, `build` in `a.b.build(x)`.
fn callee_name_range(callee: &Expr) -> Range<usize> {
    match strip(callee) {
        Expr::Member(m) => range(m.prop.span()),
        e => range(e.span()),
    }
}

/// The bindings and `this` an expression's value is read from (`p`, `this.payload`, `{...data}`).
fn read_roots(e: &Expr, out: &mut Vec<Id>) {
    value_idents(e, out);
    let mut r = RootReads { out };
    e.visit_with(&mut r);
}

struct RootReads<'o> {
    out: &'o mut Vec<Id>,
}

impl Visit for RootReads<'_> {
    fn visit_ident(&mut self, i: &Ident) {
        self.out.push(i.to_id());
    }
    fn visit_this_expr(&mut self, _: &ThisExpr) {
        self.out.push(this_id());
    }
    fn visit_member_prop(&mut self, p: &MemberProp) {
        if let MemberProp::Computed(c) = p {
            c.visit_with(self);
        }
    }
    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
}

/// What a function's `return`s read (not those of functions nested in it).
struct ReturnReads<'o> {
    out: &'o mut Vec<Id>,
}

impl Visit for ReturnReads<'_> {
    fn visit_return_stmt(&mut self, r: &ReturnStmt) {
        if let Some(a) = &r.arg {
            read_roots(a, self.out);
        }
    }
    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    fn visit_class(&mut self, _: &Class) {}
}

/// The bindings a function body writes through (`p.x = v`, `delete p.x`, `Object.assign(p, ...)`)
/// or reassigns (`p = v`), by their root.
struct WriteRoots<'o> {
    out: &'o mut Vec<Id>,
}

impl Visit for WriteRoots<'_> {
    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        match &a.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(i)) => self.out.push(i.to_id()),
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                self.out.extend(member_root(m));
            }
            _ => {}
        }
        a.visit_children_with(self);
    }

    fn visit_unary_expr(&mut self, u: &UnaryExpr) {
        if u.op == UnaryOp::Delete
            && let Expr::Member(m) = strip(&u.arg)
        {
            self.out.extend(member_root(m));
        }
        u.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, c: &CallExpr) {
        if is_assign_like(&c.callee)
            && let Some(target) = assign_target(&c.args)
        {
            match strip(target) {
                Expr::Ident(i) => self.out.push(i.to_id()),
                Expr::Member(m) => self.out.extend(member_root(m)),
                _ => {}
            }
        }
        c.visit_children_with(self);
    }
}

/// Whether a function body calls, by name, something in `names` (`f(...)`, `this.m(...)`,
/// `o.m(...)`): the functions it may run.
struct Callees<'o> {
    out: &'o mut Vec<(Option<Id>, Atom, bool)>,
}

impl Visit for Callees<'_> {
    fn visit_callee(&mut self, c: &Callee) {
        if let Callee::Expr(e) = c {
            match strip(e) {
                Expr::Ident(i) => self.out.push((Some(i.to_id()), i.sym.clone(), false)),
                Expr::Member(m) => {
                    if let Some(name) = prop_name(&m.prop) {
                        let recv = match strip(&m.obj) {
                            Expr::Ident(i) => Some(i.to_id()),
                            _ => None,
                        };
                        let this = matches!(strip(&m.obj), Expr::This(_));
                        self.out.push((recv, Atom::from(name), this));
                    }
                }
                _ => {}
            }
        }
        c.visit_children_with(self);
    }
}

impl<'a> Flow<'a> {
    /// The function a callee runs, when this file defines it: `f`, `o.m`, `x.m` (`x = new C()`),
    /// `this.m` in a class, `new C().m`.
    fn callee_fn(&self, callee: &Expr) -> Option<FnDef<'a>> {
        match strip(callee) {
            Expr::Ident(i) => self.functions.by_binding.get(&i.to_id()).copied(),
            Expr::Member(m) => {
                let name = prop_name(&m.prop)?;
                // `api.setSess = () => {}` somewhere: the method called may not be the one defined.
                if let Expr::Ident(o) = strip(&m.obj)
                    && self
                        .facts
                        .written_paths
                        .contains(&(o.to_id(), vec![Atom::from(name)]))
                {
                    return None;
                }
                let this_class = self.this_class.last().and_then(|c| c.as_ref());
                let def = self
                    .functions
                    .method_of(&m.obj, name, this_class)
                    .or_else(|| {
                        // `const _this = this`, `var self = this`: an alias of `this`.
                        let Expr::Ident(i) = strip(&m.obj) else {
                            return None;
                        };
                        let v = self.state.vars.get(&i.to_id())?;
                        let this = self.state.vars.get(&this_id())?;
                        let same = !v.0.is_empty()
                            && v.objects().count() == v.0.len()
                            && v.objects()
                                .map(|m| &m.origin)
                                .eq(this.objects().map(|m| &m.origin));
                        if same {
                            self.functions.method(this_class?, name)
                        } else {
                            None
                        }
                    })?;
                // Followed through a member, a call or a binding of one (`api.backoffice.m`,
                // `makeClient().m`, `const bo = api.backoffice`): any write into the chain's root,
                // or of a method of that name anywhere (through an alias), and it may not be the one
                // defined.
                let through = match strip(&m.obj) {
                    Expr::Ident(o) => self.functions.is_derived(&o.to_id()),
                    Expr::Member(_) | Expr::Call(_) => true,
                    _ => false,
                };
                if through && self.chain_written(&m.obj, name) {
                    return None;
                }
                Some(def)
            }
            _ => None,
        }
    }

    /// At the session-aware call `key`: a receiver whose own method of the call's name (here or in
    /// the module it comes from) this file may write over (see [`Flow::chain_written`]) is said in
    /// `doubted_own`.
    fn doubt_own_written(&mut self, key: u32, callee: &Expr) {
        let Expr::Member(m) = strip(callee) else {
            return;
        };
        let Some(name) = prop_name(&m.prop) else {
            return;
        };
        if !self.chain_written(&m.obj, name) {
            return;
        }
        let this_class = self.this_class.last().and_then(|c| c.as_ref());
        let own = self.functions.method_of(&m.obj, name, this_class).is_some()
            || matches!(
                self.foreign_fn_as_defined(callee),
                Some(ForeignFn::Found { .. })
            );
        if own {
            let receiver = excerpt(self.text, &range(m.obj.span()));
            self.doubted_own.insert(
                key,
                format!(
                    "`{receiver}` has a `{name}` of its own, which this file may write over: it may be this codebase's own client rather than DigitalRiver.js"
                ),
            );
        }
    }

    /// Whether the object a chain names (`api.backoffice`, `bo` of `const bo = api.backoffice`,
    /// `c` of `const c = makeClient()`) or its method `name` may be written over in this file: a
    /// write through any binding of the chain, of a property of any of its names (through an alias,
    /// a helper or a method: `o.backoffice = x`, `this.createSource = f`), or one no static path
    /// says (`o[k] = x`, `Object.defineProperty`).
    fn chain_written(&self, obj: &Expr, name: &str) -> bool {
        let written_name = |n: &str| self.facts.written_names.contains(&Atom::from(n));
        if self.facts.untraced_writes || written_name(name) {
            return true;
        }
        let mut at = obj;
        for _ in 0..16 {
            match strip(at) {
                Expr::Ident(i) => {
                    let id = i.to_id();
                    if self.facts.is_written(&id) {
                        return true;
                    }
                    match self.functions.derived_inits.get(&id) {
                        Some(init) => at = init,
                        None => return false,
                    }
                }
                Expr::Member(m) => {
                    if prop_name(&m.prop).is_some_and(written_name) {
                        return true;
                    }
                    at = &m.obj;
                }
                Expr::Call(c) => match &c.callee {
                    Callee::Expr(callee) => at = callee,
                    _ => return false,
                },
                _ => return false,
            }
        }
        true
    }

    /// What `this` is in a method run at `callee`: the receiver's value.
    fn receiver_value(&mut self, callee: &Expr) -> Option<AbsValue> {
        match strip(callee) {
            Expr::Member(m) => Some(match strip(&m.obj) {
                Expr::New(n) => self
                    .construct(n)
                    .unwrap_or_else(|| self.opaque_value(&m.obj)),
                Expr::Ident(i) if !self.tracked(&i.to_id()) => {
                    AbsValue::opaque(range(i.span), format!("`{}`", i.sym))
                }
                obj => self.eval(obj),
            }),
            _ => None,
        }
    }

    /// Whether a call whose result is not needed is worth running: the function reaches a
    /// session-aware call, it is given a tracked binding (even one holding a string: the function
    /// may write into a payload it closes over, `setSession(type)`, and running it makes that write
    /// certain), or it writes into a tracked binding itself (`function setSession() { p.sessionId =
    /// s; }`, called with no arguments).
    fn worth_running(&mut self, def: &FnDef<'a>, args: &[ExprOrSpread]) -> bool {
        self.reaches_calls(def, 0)
            || args.iter().any(|a| {
                let mut ids = Vec::new();
                read_roots(&a.expr, &mut ids);
                ids.iter().any(|id| self.tracked(id))
            })
            || self.writes_tracked(def)
    }

    /// Whether the function's body (functions nested in it included) writes through, deletes from
    /// or reassigns a binding the flow follows, when called: not a generator (a call runs nothing of
    /// it). An `async` one runs, its writes on some paths only unless the call is awaited
    /// ([`Flow::run_not_awaited`]).
    fn writes_tracked(&mut self, def: &FnDef<'a>) -> bool {
        if let Some(known) = self.writes_tracked.get(&def.span) {
            return *known;
        }
        if def.is_generator() {
            self.writes_tracked.insert(def.span, false);
            return false;
        }
        let mut roots = Vec::new();
        def.visit_body(&mut WriteRoots { out: &mut roots });
        let writes = roots.iter().any(|id| self.tracked(id));
        self.writes_tracked.insert(def.span, writes);
        writes
    }

    /// Whether a function contains a session-aware call, or calls a function of the file that does.
    fn reaches_calls(&mut self, def: &FnDef<'a>, depth: usize) -> bool {
        if let Some(known) = self.reaches_calls.get(&def.span) {
            return *known;
        }
        if depth > MAX_INLINE_DEPTH {
            return false;
        }
        // Assume not while looking (recursion ends there).
        self.reaches_calls.insert(def.span, false);
        let inside = self
            .facts
            .calls
            .iter()
            .any(|c| c.key >= def.span.0 && c.key < def.span.1);
        let reaches = inside || {
            let mut callees = Vec::new();
            def.visit_body(&mut Callees { out: &mut callees });
            let class = self.functions.method_class.get(&def.span).cloned();
            callees.into_iter().any(|(recv, name, this)| {
                let target = match (recv, this) {
                    (_, true) => class.as_ref().and_then(|c| self.functions.method(c, &name)),
                    (Some(id), false) if id.0 == name => {
                        self.functions.by_binding.get(&id).copied()
                    }
                    (Some(id), false) => self
                        .functions
                        .object_methods
                        .get(&id)
                        .and_then(|m| m.get(&name))
                        .copied()
                        .or_else(|| {
                            let c = self.functions.instances.get(&id)?;
                            self.functions.method(c, &name)
                        }),
                    (None, false) => None,
                };
                target.is_some_and(|t| t.span != def.span && self.reaches_calls(&t, depth + 1))
            })
        };
        self.reaches_calls.insert(def.span, reaches);
        reaches
    }

    /// `f(...)` / `o.m(...)` / `await f(...)` where this file defines the function: run it with the
    /// arguments' values and give what it returns. `None` when the callee is not such a function.
    fn eval_call(&mut self, c: &CallExpr, awaited: bool) -> Option<AbsValue> {
        let Callee::Expr(callee) = &c.callee else {
            return None;
        };
        if self.is_call(c.span.lo.0, callee) && !self.own_method_call(callee) {
            // A session-aware call itself: its result is not a payload.
            return None;
        }
        let Some(def) = self.callee_fn(callee) else {
            return self.eval_foreign_call(c, callee, awaited);
        };
        if self.is_call(c.span.lo.0, callee) {
            self.own_methods.insert(c.span.lo.0, def.range());
        }
        if def.is_generator() {
            // Its body does not run when it is called: the call is visited as an unknown one.
            return None;
        }
        let this = self.receiver_value(callee);
        self.refused = None;
        let Some(v) = self.run_not_awaited(def, this, &c.args, callee_name_range(callee), awaited)
        else {
            let why = self.refused.take()?;
            for a in &c.args {
                a.visit_with(self);
            }
            return Some(AbsValue::opaque(
                range(c.span),
                format!(
                    "the result of `{}(...)`: {why}",
                    excerpt(self.text, &range(callee.span()))
                ),
            ));
        };
        if def.is_async() && !awaited {
            return Some(AbsValue::opaque(
                range(c.span),
                format!(
                    "a promise (`{}` is async: the payload is what it resolves to)",
                    excerpt(self.text, &range(callee.span()))
                ),
            ));
        }
        Some(v)
    }

    fn own_method_call(&mut self, callee: &Expr) -> bool {
        matches!(strip(callee), Expr::Member(_))
            && (self.callee_fn(callee).is_some()
                || matches!(self.foreign_fn(callee), Some(ForeignFn::Found { .. })))
    }

    /// Whether to ask the linker about the imported function `callee` names, at a call whose result
    /// is not needed (only a wrapper of another module, or its own method of a session-aware call's
    /// name, makes it matter). Not asked when the run said so (no linted module sends a parameter
    /// to a session-aware call, as far as it knows yet) unless the call is session-aware, is given
    /// a tracked binding, or names a module the run does not lint: said in
    /// `skipped_imported_calls`, so that the run asks again if it finds a wrapper.
    fn asks_imported(&mut self, key: u32, callee: &Expr, args: &[ExprOrSpread]) -> bool {
        if self.imported_wrappers || self.is_call(key, callee) {
            return true;
        }
        let Some(specifier) = self.imported_specifier(callee) else {
            // Not an import: nothing to ask.
            return true;
        };
        let given_tracked = args.iter().any(|a| {
            let mut ids = Vec::new();
            read_roots(&a.expr, &mut ids);
            ids.iter().any(|id| self.tracked(id))
        });
        if given_tracked || self.is_unlinted_module(specifier) {
            return true;
        }
        self.skipped_imported_calls = true;
        false
    }

    /// [`Linker::is_unlinted_module`], asked once per specifier.
    fn is_unlinted_module(&mut self, specifier: String) -> bool {
        if let Some(known) = self.unlinted.get(&specifier) {
            return *known;
        }
        let answer = self.linker.is_unlinted_module(&specifier);
        self.unlinted.insert(specifier, answer);
        answer
    }

    /// The module specifier of the import a callee's function comes from (as [`Self::foreign_fn`]
    /// finds it): `f`, `ns.f`, `x.m` of an instance of an imported class, `new C().m`.
    fn imported_specifier(&self, callee: &Expr) -> Option<String> {
        let id = match strip(callee) {
            Expr::Ident(i) => i.to_id(),
            Expr::Member(m) => match strip(&m.obj) {
                Expr::Ident(i) => {
                    let id = i.to_id();
                    self.functions.constructed.get(&id).cloned().unwrap_or(id)
                }
                Expr::New(n) => match strip(&n.callee) {
                    Expr::Ident(c) => c.to_id(),
                    _ => return None,
                },
                _ => return None,
            },
            _ => return None,
        };
        self.imports.get(&id).map(|(s, _)| s.clone())
    }

    /// What an imported name is, and the method of it a member names (asked once per binding and
    /// member).
    fn link(&mut self, id: &Id, member: Option<&str>) -> Option<(Linked, Option<String>)> {
        let (specifier, imported) = self.imports.get(id)?.clone();
        let key = (id.clone(), member.map(Atom::from));
        if let Some(known) = self.links.get(&key) {
            return Some(known.clone());
        }
        let answer = self.link_specifier(&specifier, &imported, member);
        self.links.insert(key, answer.clone());
        Some(answer)
    }

    /// [`Flow::link`] for the module `specifier` imported as `imported`.
    fn link_specifier(
        &mut self,
        specifier: &str,
        imported: &Imported,
        member: Option<&str>,
    ) -> (Linked, Option<String>) {
        // `ns.f` of `import * as ns` / `require('m')`: the export `f`; else the member is a method
        // of what the import is.
        let (ask, method) = match (imported, member) {
            (Imported::Namespace, Some("default")) => (Imported::Default, None),
            (Imported::Namespace | Imported::ModuleObject, Some(m)) => {
                (Imported::Named(Atom::from(m)), None)
            }
            (imp, m) => (imp.clone(), m.map(str::to_string)),
        };
        let mut answer = (self.linker.export(specifier, &ask), method);
        // `m.f` of `import m from` a CommonJS module with no default: its `module.exports`, whose
        // export `f` it is.
        if let (Linked::NotVisible(_) | Linked::NotExported(_), Imported::Default, Some(m)) =
            (&answer.0, imported, member)
        {
            let named = self
                .linker
                .export(specifier, &Imported::Named(Atom::from(m)));
            if let Linked::Found { .. } = named {
                answer = (named, None);
            }
        }
        // `require('m').f` where the module's value is an object with a method `f`.
        if let (Linked::NotVisible(_) | Linked::NotExported(_), Imported::ModuleObject, Some(_)) =
            (&answer.0, imported, member)
        {
            let whole = self.linker.export(specifier, &Imported::ModuleObject);
            if let Linked::Found { .. } = whole {
                answer = (whole, member.map(str::to_string));
            }
        }
        answer
    }

    /// A receiver as a binding (or an inline `require('m')`) and the static property names read from it (`admin.backoffice`:
    /// `admin`, `[backoffice]`), through bindings never reassigned of such a chain (`const bo =
    /// admin.backoffice`; `depth`: bindings followed so far).
    fn chain_of(&self, e: &Expr, depth: usize) -> Option<(ChainRoot, Vec<String>)> {
        match strip(e) {
            Expr::Ident(i) => {
                let id = i.to_id();
                if depth < 4
                    && let Some(init) = self.functions.derived_inits.get(&id)
                    && matches!(strip(init), Expr::Member(_) | Expr::Ident(_))
                {
                    return self.chain_of(init, depth + 1);
                }
                Some((ChainRoot::Binding(id), Vec::new()))
            }
            Expr::Call(c) if c.args.len() == 1 => {
                let specifier = super::facts::required_module(c)?;
                Some((
                    ChainRoot::Module(specifier, Imported::ModuleObject),
                    Vec::new(),
                ))
            }
            // `(await import('m')).f`: the module's namespace.
            Expr::Await(a) => match strip(&a.arg) {
                Expr::Call(c) if matches!(c.callee, Callee::Import(_)) && c.args.len() == 1 => {
                    let Expr::Lit(Lit::Str(s)) = strip(&c.args[0].expr) else {
                        return None;
                    };
                    let specifier = s.value.as_str()?.to_string();
                    Some((
                        ChainRoot::Module(specifier, Imported::Namespace),
                        Vec::new(),
                    ))
                }
                _ => None,
            },
            Expr::Member(m) => {
                let (root, mut names) = self.chain_of(&m.obj, depth)?;
                names.push(prop_name(&m.prop)?.to_string());
                Some((root, names))
            }
            _ => None,
        }
    }

    /// [`Flow::link`] for the root of a chain.
    fn link_root(
        &mut self,
        root: &ChainRoot,
        member: Option<&str>,
    ) -> Option<(Linked, Option<String>)> {
        match root {
            ChainRoot::Binding(id) => self.link(id, member),
            ChainRoot::Module(specifier, imported) => {
                Some(self.link_specifier(specifier, imported, member))
            }
        }
    }

    /// The function of another module a callee names: `f` / `ns.f` / `x.m` (an imported object, or
    /// an instance of an imported class) / `new C().m`.
    fn foreign_fn(&mut self, callee: &Expr) -> Option<ForeignFn> {
        // Written over in this file (`c.createSource = f` after the import,
        // `C.prototype.createSource = f`): not the function the other module defines.
        if let Expr::Member(m) = strip(callee)
            && let Some(name) = prop_name(&m.prop)
            && self.chain_written(&m.obj, name)
        {
            return None;
        }
        self.foreign_fn_as_defined(callee)
    }

    /// [`Flow::foreign_fn`], whatever this file writes.
    fn foreign_fn_as_defined(&mut self, callee: &Expr) -> Option<ForeignFn> {
        let (linked, method) = match strip(callee) {
            Expr::Ident(i) => self.link(&i.to_id(), None)?,
            Expr::Member(m) => {
                let name = prop_name(&m.prop)?.to_string();
                match strip(&m.obj) {
                    Expr::Ident(i)
                        if let Some(class) =
                            self.functions.constructed.get(&i.to_id()).cloned() =>
                    {
                        self.link(&class, None).map(|(l, _)| (l, Some(name)))?
                    }
                    Expr::New(n) => match strip(&n.callee) {
                        Expr::Ident(c) => {
                            self.link(&c.to_id(), None).map(|(l, _)| (l, Some(name)))?
                        }
                        _ => return None,
                    },
                    // `api.m(...)`, `ns.f(...)`, and `admin.backoffice.m(...)` / `ns.api.backoffice.m(...)`:
                    // the method of the object another module exports as `backoffice`, or that a
                    // property of its export holds (`export default { backoffice: {...} }`), also
                    // through a binding of the chain (`const bo = admin.backoffice`).
                    obj => {
                        let (root, names) = self.chain_of(obj, 0)?;
                        match names.split_first() {
                            None => self.link_root(&root, Some(&name))?,
                            Some((first, rest)) => {
                                match (self.link_root(&root, Some(first))?, rest) {
                                    ((linked, None), []) => (linked, Some(name)),
                                    ((linked, None), [member]) => {
                                        return member_method(linked, member, &name);
                                    }
                                    ((linked, Some(member)), []) => {
                                        return member_method(linked, &member, &name);
                                    }
                                    _ => return None,
                                }
                            }
                        }
                    }
                }
            }
            _ => return None,
        };
        let specifier = match strip(callee) {
            Expr::Ident(i) => self.imports.get(&i.to_id()).map(|(s, _)| s.clone()),
            _ => None,
        }
        .unwrap_or_default();
        match linked {
            Linked::NotVisible(reason) | Linked::NotExported(reason) => {
                Some(ForeignFn::NotVisible { specifier, reason })
            }
            found @ Linked::Found { .. } => {
                let name = method.clone();
                found_fn(found, method, |s| match (s, name.as_deref()) {
                    (ExportSummary::Function(f), None) => Some(f.clone()),
                    (
                        ExportSummary::Object { methods, .. } | ExportSummary::Class { methods },
                        Some(m),
                    ) => methods.get(m).cloned(),
                    _ => None,
                })
            }
        }
    }

    /// What an imported binding `id` (or its `member`, of a namespace or module object) is, when the
    /// analysis knows: an object literal another module exports (see [`Flow::imported_object`]), or
    /// `what` the module does not export (said so). `None`: a value it does not see.
    fn imported_value(
        &mut self,
        id: &Id,
        member: Option<&str>,
        at: Range<usize>,
        what: &str,
    ) -> Option<AbsValue> {
        if let Some(v) = self.imported_object(id, member, at.clone()) {
            return Some(v);
        }
        match self.link(id, member)? {
            (Linked::NotExported(reason), ..) => {
                Some(AbsValue::opaque(at, format!("{what}, but {reason}")))
            }
            _ => None,
        }
    }

    /// An imported object literal (`export const p = {...}` in another module), as the binding `id`
    /// (`member`: `None`) or as a member of a namespace or module object (`ns.p`): checked there,
    /// where the fix goes. `None` when it is not one (a function, a value, a member of an object).
    fn imported_object(
        &mut self,
        id: &Id,
        member: Option<&str>,
        at: Range<usize>,
    ) -> Option<AbsValue> {
        let (linked, None) = self.link(id, member)? else {
            return None;
        };
        let Linked::Found {
            summary,
            path,
            file,
            name: export,
            linted,
        } = linked
        else {
            return None;
        };
        let ExportSummary::Object { literal: true, .. } = &*summary else {
            return None;
        };
        if !linted {
            return Some(AbsValue::opaque(
                at,
                format!(
                    "an object exported by {}, which this run does not lint (lint it too)",
                    shown(&path)
                ),
            ));
        }
        let what = format!("the object {} exports", shown(&path));
        self.builder_refs.insert(at.clone(), id.clone());
        self.foreign_built.insert(
            at.clone(),
            Built {
                path,
                file,
                export,
                method: None,
            },
        );
        Some(AbsValue::opaque(at, what))
    }

    /// Payloads given to another module's wrapper: each a call site of this file.
    fn foreign_forwards(
        &mut self,
        summary: &FnSummary,
        args: &[ExprOrSpread],
        via: Range<usize>,
    ) -> bool {
        let mut any = false;
        for f in &summary.forwards {
            let Some(arg) = args.get(f.param) else {
                continue;
            };
            if arg.spread.is_some() || args[..f.param].iter().any(|a| a.spread.is_some()) {
                continue;
            }
            // A binding the pass did not follow (`const p = build(cart); submit(p)`): followed in
            // a second pass, as for a wrapper of this file.
            let outer = std::mem::replace(&mut self.wrapper_arguments, true);
            let value = self.eval(&arg.expr);
            self.wrapper_arguments = outer;
            self.foreign_sites.push(ForeignSite {
                forward: f.clone(),
                arg: range(arg.expr.span()),
                arg_ident: match strip(&arg.expr) {
                    Expr::Ident(i) => Some(i.to_id()),
                    _ => None,
                },
                value,
                via: via.clone(),
            });
            any = true;
        }
        any
    }

    /// A call of another module's function: its payloads, and what it returns (an object it builds
    /// is checked there, where the fix goes).
    fn eval_foreign_call(
        &mut self,
        c: &CallExpr,
        callee: &Expr,
        awaited: bool,
    ) -> Option<AbsValue> {
        let foreign = self.foreign_fn(callee)?;
        let name = excerpt(self.text, &range(callee.span()));
        match foreign {
            ForeignFn::NotVisible { specifier, reason } => {
                for a in &c.args {
                    a.visit_with(self);
                }
                let from = if specifier.is_empty() {
                    String::new()
                } else {
                    format!(" (imported from '{specifier}')")
                };
                Some(AbsValue::opaque(
                    range(c.span),
                    format!(
                        "the result of `{name}(...)`{from}, which the analysis cannot see: {reason}"
                    ),
                ))
            }
            ForeignFn::Found {
                summary,
                built,
                linted,
            } => {
                let forwarded = self.foreign_forwards(&summary, &c.args, callee_name_range(callee));
                if !forwarded {
                    for a in &c.args {
                        a.visit_with(self);
                    }
                }
                if summary.is_async && !awaited {
                    return Some(AbsValue::opaque(
                        range(c.span),
                        format!(
                            "a promise (`{name}` is async: the payload is what it resolves to)"
                        ),
                    ));
                }
                if !summary.builds {
                    return None;
                }
                if !linted {
                    return Some(AbsValue::opaque(
                        range(c.span),
                        format!(
                            "the object `{name}(...)` returns, built in {}, which this run does not lint (lint it too)",
                            shown(&built.path)
                        ),
                    ));
                }
                let what = format!(
                    "the object `{name}(...)` returns, built in {}",
                    shown(&built.path)
                );
                if let Expr::Ident(i) = strip(callee) {
                    self.builder_refs.insert(range(c.span), i.to_id());
                }
                self.foreign_built.insert(range(c.span), built);
                Some(AbsValue::opaque(range(c.span), what))
            }
        }
    }

    /// An external call site: the payload this module's exported builder returns, run with unknown
    /// arguments from the module's final state.
    fn run_external(
        &mut self,
        e: &External,
        exports: &HashMap<Imported, ExportedBinding>,
    ) -> Option<AbsValue> {
        let binding = exports.get(&e.export)?;
        self.unknown_params = true;
        self.state.reachable = true;
        let out = match (binding.clone(), &e.method) {
            (ExportedBinding::Local(id), None) => match self.functions.by_binding.get(&id).copied()
            {
                Some(def) => self.run_at_call(def, None, &[], 0..0),
                // An exported object: its value at the end of the module.
                None => self.state.vars.get(&id).map(|v| (**v).clone()),
            },
            (ExportedBinding::At(start), None) => {
                let def = self.functions.by_start.get(&start).copied()?;
                self.run_at_call(def, None, &[], 0..0)
            }
            (ExportedBinding::Local(class), Some(method)) => {
                let def = self.functions.method(&class, method)?;
                let this = self.instance_of(&class);
                self.run_at_call(def, Some(this), &[], 0..0)
            }
            (ExportedBinding::At(_), Some(_)) => None,
            // `exports.p = {...}`: the literal, its values as at the end of the module.
            (ExportedBinding::Literal(r), None) => {
                let literal = literal_at(self.program, &r)?;
                let mut object = self.eval_object(&literal);
                // `exports.p.sessionId = v`: the module writes into it through its export.
                if self.written_through_export(&e.export) {
                    object.unknown.push(Unknown {
                        range: r.start..r.start + 1,
                        what: "what this module writes into it through its export".into(),
                    });
                    object.all_fields_maybe();
                }
                Some(AbsValue::object(object))
            }
            (ExportedBinding::Literal(_), Some(_)) => None,
        };
        self.unknown_params = false;
        out
    }

    /// Whether the module writes into its export `name` through `exports.name` or
    /// `module.exports.name` (CommonJS: the globals `exports` and `module`).
    fn written_through_export(&self, name: &Imported) -> bool {
        let Imported::Named(name) = name else {
            return false;
        };
        let global = |n: &str| (Atom::from(n), self.unresolved);
        self.facts
            .written_into
            .contains(&(global("exports"), vec![name.clone()]))
            || self
                .facts
                .written_into
                .contains(&(global("module"), vec![Atom::from("exports"), name.clone()]))
    }

    /// An instance of a class of this file built with unknown arguments.
    fn instance_of(&mut self, class: &Id) -> AbsValue {
        let Some(def) = self.functions.classes.get(class) else {
            return AbsValue::default();
        };
        let at = def.constructor.map_or(0, |c| c.span.0 as usize);
        let mut object = ObjectModel::new(at..at);
        object.reach = Presence::Certain;
        let this = AbsValue::object(object);
        match def.constructor {
            Some(ctor) => {
                let this_id = this_id();
                let saved = self.state.vars.remove(&this_id);
                self.state.vars.insert(this_id.clone(), Arc::new(this));
                let ran = self.run_body(ctor, &[], 0..0);
                let after = self.state.vars.remove(&this_id);
                if let Some(v) = saved {
                    self.state.vars.insert(this_id, v);
                }
                match (ran, after) {
                    (Some(_), Some(v)) => unshare(v),
                    _ => AbsValue::opaque(at..at, "an instance of the class"),
                }
            }
            None => this,
        }
    }

    /// `new C(...)` of a class of this file: an object the constructor fills through `this`.
    fn construct(&mut self, n: &NewExpr) -> Option<AbsValue> {
        let Expr::Ident(c) = strip(&n.callee) else {
            return None;
        };
        let class = c.to_id();
        let def = self.functions.classes.get(&class)?;
        let mut object = ObjectModel::new(range(n.span));
        object.reach = Presence::Certain;
        let mut this = AbsValue::object(object);
        for p in def.fields.clone() {
            let Some(name) = prop_key(&p.key) else {
                continue;
            };
            let value = match &p.value {
                Some(v) => self.field_value(v),
                None => Value::Opaque(Opaque {
                    file: FileId::default(),
                    range: range(p.span),
                    what: format!("the field `{name}`, not set").into(),
                }),
            };
            let origin = FieldOrigin::Write {
                expr: range(p.span),
                stmt: None,
                pure_value: p.value.as_deref().is_none_or(is_pure),
            };
            for m in this.objects_mut() {
                m.set(
                    std::slice::from_ref(&name),
                    origin.clone(),
                    value.clone(),
                    Presence::Certain,
                );
            }
        }
        let no_args = Vec::new();
        let args = n.args.as_ref().unwrap_or(&no_args);
        match def.constructor {
            Some(ctor) => {
                let name = range(n.callee.span());
                let this_id = this_id();
                let saved = self.state.vars.remove(&this_id);
                self.state.vars.insert(this_id.clone(), Arc::new(this));
                let ran = self.run_body(ctor, args, name);
                let after = self.state.vars.remove(&this_id);
                if let Some(v) = saved {
                    self.state.vars.insert(this_id, v);
                }
                ran?;
                Some(after.map(unshare).unwrap_or_default())
            }
            None => {
                for a in args {
                    a.visit_with(self);
                }
                Some(this)
            }
        }
    }

    /// [`Flow::run_at_call`], for a call that may not be awaited: an `async` function's body runs
    /// on to its end only when the call is awaited (what follows an `await` in it runs later), so
    /// a call not awaited leaves what it writes on some paths only.
    fn run_not_awaited(
        &mut self,
        def: FnDef<'a>,
        this: Option<AbsValue>,
        args: &[ExprOrSpread],
        call: Range<usize>,
        awaited: bool,
    ) -> Option<AbsValue> {
        let before = (def.is_async() && !awaited).then(|| self.state.clone());
        let out = self.run_at_call(def, this, args, call);
        if let Some(before) = before
            && out.is_some()
        {
            self.state.join(before);
        }
        out
    }

    /// Run `def` at a call: `this` bound to `this` (a method's receiver), parameters to the
    /// arguments. What its `return`s give, joined; `None` past the depth, the fuel, or for a
    /// recursive call (the caller then treats the call as unknown).
    fn run_at_call(
        &mut self,
        def: FnDef<'a>,
        this: Option<AbsValue>,
        args: &[ExprOrSpread],
        call: Range<usize>,
    ) -> Option<AbsValue> {
        let this_id = this_id();
        let saved = match &this {
            Some(_) => self.state.vars.remove(&this_id),
            None => None,
        };
        if let Some(v) = this {
            self.state.vars.insert(this_id.clone(), Arc::new(v));
        }
        let out = self.run_body(def, args, call);
        if saved.is_some() {
            self.state.vars.remove(&this_id);
        }
        if let Some(v) = saved {
            self.state.vars.insert(this_id, v);
        }
        out
    }

    fn run_body(
        &mut self,
        def: FnDef<'a>,
        args: &[ExprOrSpread],
        call: Range<usize>,
    ) -> Option<AbsValue> {
        let size = (def.span.1 - def.span.0) as usize;
        let refused = if self.inline_stack.iter().any(|f| f.func == def.span) {
            Some("a recursive call, which the analysis does not unroll".to_string())
        } else if self.inline_stack.len() >= MAX_INLINE_DEPTH {
            Some(format!(
                "calls nested more than {MAX_INLINE_DEPTH} deep, which the analysis does not follow"
            ))
        } else if self.fuel < size {
            Some(
                "the analysis stopped following calls in this file (too much code run at calls)"
                    .to_string(),
            )
        } else {
            None
        };
        if let Some(why) = refused {
            self.refused = Some(why);
            return None;
        }
        self.fuel -= size;
        // The bindings this run must follow: what its `return`s read, and what flows into them.
        let extra = match self.fn_tracked.get(&def.span) {
            Some(ids) => ids.clone(),
            None => {
                let mut roots = Vec::new();
                let mut v = ReturnReads { out: &mut roots };
                match def.body {
                    FnBody::Function(f) => f.body.visit_with(&mut v),
                    FnBody::Arrow(a) => match &*a.body {
                        ArrowFunctionBody::FunctionBody(b) => b.visit_with(&mut v),
                        ArrowFunctionBody::Expr(e) => read_roots(e, &mut roots),
                    },
                    FnBody::Constructor(_) => {}
                }
                let ids = self.facts.closure(roots);
                self.fn_tracked.insert(def.span, ids.clone());
                ids
            }
        };
        self.extra_tracked.extend(extra);
        // The arguments, in order, before the body runs.
        let wrapper = self.reaches_calls(&def, 0);
        let outer = std::mem::replace(&mut self.wrapper_arguments, wrapper);
        let mut values: Vec<Option<AbsValue>> = Vec::new();
        for a in args {
            if a.spread.is_some() {
                a.visit_with(self);
                values.push(None);
            } else {
                values.push(Some(self.eval(&a.expr)));
            }
        }
        self.wrapper_arguments = outer;
        let (pats, body_stmts, body_expr, is_ctor): (
            Vec<&Pat>,
            Option<&FunctionBody>,
            Option<&Expr>,
            bool,
        ) = match def.body {
            FnBody::Function(f) => (
                f.params.iter().map(|p| &p.pat).collect(),
                f.body.as_ref(),
                None,
                false,
            ),
            FnBody::Arrow(a) => match &*a.body {
                ArrowFunctionBody::FunctionBody(b) => {
                    (a.params.iter().collect(), Some(b), None, false)
                }
                ArrowFunctionBody::Expr(e) => (a.params.iter().collect(), None, Some(&**e), false),
            },
            FnBody::Constructor(c) => (
                c.params
                    .iter()
                    .filter_map(|p| match p {
                        ParamOrTsParamProp::Param(p) => Some(&p.pat),
                        ParamOrTsParamProp::TsParamProp(_) => None,
                    })
                    .collect(),
                c.body.as_ref(),
                None,
                true,
            ),
        };
        let mut params = param_ids(pats.iter().copied());
        params.push(this_id());
        self.inline_stack.push(Inlined {
            func: def.span,
            call,
            params,
        });
        self.fn_stack.push(def.span);
        let class = self.functions.method_class.get(&def.span).cloned();
        if !matches!(def.body, FnBody::Arrow(_)) {
            self.this_class.push(class);
        }
        // Parameters: the argument's value; a default when the argument is missing.
        let mut spread_seen = false;
        for (i, pat) in pats.iter().enumerate() {
            spread_seen |= values.get(i).is_some_and(|v| v.is_none());
            let value = if spread_seen {
                None
            } else {
                values.get(i).cloned().flatten()
            };
            self.bind_param(pat, value);
        }
        let label = self.pending_label.take();
        let outer_frames = std::mem::take(&mut self.frames);
        self.frames.push(Frame {
            kind: FrameKind::Function,
            label: None,
            breaks: Vec::new(),
            continues: Vec::new(),
            returns: Some(Vec::new()),
        });
        let mut result = AbsValue::default();
        if let Some(e) = body_expr {
            result = self.eval(e);
        } else if let Some(b) = body_stmts {
            self.visit_stmts(&b.stmts);
        }
        let frame = self.frames.pop();
        self.frames = outer_frames;
        self.pending_label = label;
        let falls_off = self.state.reachable;
        if let Some(frame) = frame {
            for mut e in frame.breaks {
                e.reachable = true;
                self.state.join(e);
            }
            for v in frame.returns.into_iter().flatten() {
                result.join(v);
            }
        }
        if body_expr.is_none() && falls_off && !is_ctor {
            result.join(AbsValue::undefined());
        }
        self.state.reachable = true;
        if !matches!(def.body, FnBody::Arrow(_)) {
            self.this_class.pop();
        }
        self.fn_stack.pop();
        self.inline_stack.pop();
        Some(result)
    }

    /// A parameter of a function run at a call: the argument's value (`None`: not known), or its
    /// default when the argument is missing or `undefined`.
    fn bind_param(&mut self, pat: &Pat, value: Option<AbsValue>) {
        match (pat, value) {
            (Pat::Ident(b), Some(v)) => {
                let id = b.id.to_id();
                self.extra_tracked.insert(id.clone());
                self.declare(id, v);
            }
            (Pat::Assign(a), v) => {
                let missing = !self.unknown_params
                    && v.as_ref()
                        .is_none_or(|v| v.0.iter().all(|c| matches!(c, Candidate::Undefined)));
                if let Pat::Ident(b) = &*a.left {
                    let id = b.id.to_id();
                    self.extra_tracked.insert(id.clone());
                    let v = if missing {
                        self.eval(&a.right)
                    } else {
                        v.unwrap_or_default()
                    };
                    if !v.0.is_empty() {
                        self.declare(id, v);
                        return;
                    }
                }
                self.bind_unknown(pat, "the parameter");
            }
            (Pat::Ident(b), None) => {
                let id = b.id.to_id();
                self.extra_tracked.insert(id.clone());
                let v = if self.unknown_params {
                    AbsValue::opaque(range(b.id.span), format!("the parameter `{}`", b.id.sym))
                } else {
                    AbsValue::undefined()
                };
                self.declare(id, v);
            }
            (pat, _) => {
                let mut ids = Vec::new();
                pat_idents(pat, &mut ids);
                for (id, _) in &ids {
                    self.extra_tracked.insert(id.clone());
                }
                self.bind_unknown(pat, "a value destructured from an argument:");
            }
        }
    }

    /// At a method or function's definition, `this` is whatever it is called on: unknown.
    fn bind_this_unknown(&mut self, span: swc_common::Span) {
        // Only a call inside needs it (what `this.payload` depends on); elsewhere it is untracked.
        if !self.has_call_in(span) {
            return;
        }
        let v = AbsValue::opaque(
            this_range(span),
            "`this`, the object the function is called on",
        );
        self.declare(this_id(), v);
    }

    /// Where a session-aware call with payload `p` is being seen from.
    fn context_of(&self, p: &Expr) -> Context {
        let mut reads = Vec::new();
        read_roots(p, &mut reads);
        let reads = self.facts.closure(reads);
        let depends = |params: &[Id]| reads.iter().any(|r| params.contains(r));
        if self.inline_stack.is_empty() {
            return Context::Definition;
        }
        // The innermost function run at a call whose parameters the payload reads, and every call
        // outside it: the path from the outermost call to here.
        match self.inline_stack.iter().rposition(|f| depends(&f.params)) {
            Some(i) => Context::Call(
                self.inline_stack[..=i]
                    .iter()
                    .map(|f| f.call.clone())
                    .collect(),
            ),
            None => Context::Independent,
        }
    }
}
