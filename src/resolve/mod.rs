//! What reaches each session-aware call (`createSource` and the rule table's other `[[call]]`s): what
//! created its receiver (DigitalRiver.js, Stripe.js, or unknown), and the payload model (see `flow` for
//! how writes, branches and closures are followed).

mod calls;
mod facts;
mod flow;
mod functions;
pub mod interface;
pub mod link;
pub mod model;
mod receiver;
pub mod scope;
pub mod summary;
mod syntax;

use std::collections::HashSet;
use std::ops::Range;

use swc_common::{GLOBALS, Globals, Mark, SyntaxContext};
use swc_ecma_ast::{Id, Program};
use swc_ecma_transforms_base::resolver;
use swc_ecma_visit::VisitMutWith;

pub use calls::{CallNames, ModuleHints, Targets};
pub use syntax::MergeKind;

use crate::span::{FileId, Span};
pub use facts::Sharing;
use facts::{Facts, FoundPayload};
pub use link::Receiver;
use link::{Delegation, External, Linker, NoLinker};
use model::AbsValue;
use receiver::{Link, call_receiver, own_object_doubt};
pub use syntax::excerpt;

#[derive(Debug)]
pub enum Payload {
    /// The payload expression and the values it may have at the call.
    Value {
        range: Range<usize>,
        value: AbsValue,
    },
    /// No object-capable argument: not a DigitalRiver.js call.
    NotAnObject,
    /// The argument itself is out of sight (`.apply(dr, args)`).
    Hidden { range: Range<usize>, what: String },
}

#[derive(Debug)]
pub struct CallSite {
    /// Which call it is: an index into the rule table's calls (`RuleTable::calls`).
    pub call: usize,
    /// The call's name in the callee (`createSource`): where the call is reported.
    pub name_range: Range<usize>,
    pub receiver: Receiver,
    pub receiver_range: Range<usize>,
    pub payload: Payload,
    /// The payload was built at a call of the function this call is in (a wrapper): the called names
    /// that led here, outermost first (`makeSource` in `makeSource({...})`). Empty for the call as
    /// written.
    pub via: Vec<Range<usize>>,
    /// The call site as reported (and as suppressions and statuses know it): the call's name, or the
    /// outermost wrapper's name at the call that built the payload, or, for an external call site, the
    /// call in the other module.
    pub call_span: Span,
    /// Where the payload goes from the reported call site, when that is not the call itself: the
    /// inner call (maybe in another module) and how it is reached.
    pub path: Option<(Span, String)>,
    /// How messages name the call site when it is in another module (`checkout.js:12`).
    pub call_display: Option<String>,
    /// Why the receiver, not followed, may be this codebase's own object rather than
    /// DigitalRiver.js (see `receiver::own_object_doubt`): its fixes are then unsafe.
    pub receiver_doubt: Option<String>,
}

/// What the analysis of one file needs from the rest of the program.
pub struct ResolveInput<'a> {
    pub linker: &'a dyn Linker,
    /// Call sites of other modules whose payload this module's exported builders return.
    pub externals: &'a [External],
    /// Analyse the file even if it has no session-aware call of its own: it may call another
    /// module's wrapper.
    pub follow_wrappers: bool,
    /// Ask the linker, at every call of an imported function, whether it is another module's
    /// wrapper (`true`, the default). `false` asks only where the answer may matter before the run
    /// knows of any wrapper (see [`flow::FlowInput::imported_wrappers`]); the run then lints again
    /// the files with [`Resolved::skipped_imported_calls`] if some linted module
    /// [`Resolved::sends_parameter`]. Asking reads (parses) the imported modules: most calls of
    /// imported functions in a tree are not wrappers.
    pub imported_wrappers: bool,
}

impl Default for ResolveInput<'_> {
    fn default() -> Self {
        ResolveInput {
            linker: &NoLinker,
            externals: &[],
            follow_wrappers: false,
            imported_wrappers: true,
        }
    }
}

/// What the analysis of a file found: the calls, and who else uses the objects a fix would edit.
#[derive(Default)]
pub struct Resolved {
    pub sites: Vec<CallSite>,
    pub sharing: Sharing,
    /// Which names are bound where (for the session id the fixes insert): filled when [`resolve`] is
    /// asked to, empty otherwise.
    pub scopes: scope::Scopes,
    /// Calls of this file whose payload another module builds: checked there.
    pub delegations: Vec<Delegation>,
    /// The session-aware calls in this file's exported functions that send a parameter (wrappers):
    /// their names, for finding their callers in other files.
    pub exported_wrappers: Vec<String>,
    /// The calls inside other modules' wrappers that this file's payloads reach: checked here, at the
    /// wrapper's calls.
    pub reached_wrappers: Vec<Span>,
    /// A session-aware call of the file sends a function's parameter (as a summary's `forwards`
    /// counts them): the module may be a wrapper that other modules call.
    pub sends_parameter: bool,
    /// The analysis did not ask whether some called imported functions are wrappers
    /// ([`ResolveInput::imported_wrappers`] was `false`).
    pub skipped_imported_calls: bool,
}

impl Resolved {
    /// The payload objects (by the literal that creates them) that reach more than one call: a
    /// removal for one call's payment type would change what the others send.
    pub fn objects_reaching_several_calls(&self) -> HashSet<Range<usize>> {
        let mut seen: HashSet<Range<usize>> = HashSet::new();
        let mut several = HashSet::new();
        for site in &self.sites {
            if let Payload::Value { value, .. } = &site.payload {
                let origins: HashSet<Range<usize>> =
                    value.objects().map(|m| m.origin.clone()).collect();
                for o in origins {
                    if !seen.insert(o.clone()) {
                        several.insert(o);
                    }
                }
            }
        }
        several
    }
}

/// Text size (bytes) from which [`resolve`] runs its independent walks of the tree on two threads.
const PARALLEL_WALKS_FROM: usize = 256 * 1024;

/// Every member call of `program` named as one of `calls`, with its receiver and payload resolved, and
/// how the bindings holding payloads are used elsewhere.
///
/// `file` is the file `program` was parsed from: the payload models' ranges are stamped with it.
/// With `with_scopes`, [`Resolved::scopes`] is filled (a full walk of the syntax tree, needed only to
/// place a session id expression).
pub fn resolve(
    program: &mut Program,
    text: &str,
    targets: &Targets,
    file: FileId,
    with_scopes: bool,
    input: &ResolveInput,
) -> Resolved {
    GLOBALS.set(&Globals::new(), || {
        let unresolved_mark = Mark::new();
        let top_level_mark = Mark::new();
        program.visit_mut_with(&mut resolver(unresolved_mark, top_level_mark, true));
        let unresolved = SyntaxContext::empty().apply_mark(unresolved_mark);
        let program: &Program = program;
        // On a big file (a bundle) the walks that need no marks run on two threads: one file's
        // latency is what a user waits for. A small file's are not worth a task (and a file with
        // no call does not need the second pair at all).
        // Only on a worker of the run's pool, whose threads have the big stacks deep trees need
        // (called from elsewhere, `join` would use rayon's global pool).
        let parallel = text.len() >= PARALLEL_WALKS_FROM && rayon::current_thread_index().is_some();
        let (mut facts, early) = if parallel {
            let (facts, both) = rayon::join(
                || Facts::collect(program, targets),
                || {
                    (
                        interface::ModuleInterface::of(program, text, unresolved),
                        functions::Functions::collect(program),
                    )
                },
            );
            (facts, Some(both))
        } else {
            (Facts::collect(program, targets), None)
        };
        if facts.calls.is_empty() && input.externals.is_empty() && !input.follow_wrappers {
            return Resolved::default();
        }
        let (interface, functions) = early.unwrap_or_else(|| {
            (
                interface::ModuleInterface::of(program, text, unresolved),
                functions::Functions::collect(program),
            )
        });
        let imports = interface.bindings();
        let exports = exported_bindings(&interface);
        for e in &interface.exports {
            match &e.what {
                interface::Exported::Local(id) => facts.sharing.mark_exported(id),
                // `exports.p = {...}`: the importers may read the object.
                interface::Exported::Literal(r) => facts.sharing.mark_read_elsewhere(r.clone()),
                _ => {}
            }
        }
        let run_flow = |facts: &Facts| {
            flow::Flow::run(
                program,
                text,
                facts,
                flow::FlowInput {
                    functions: &functions,
                    imports: &imports,
                    linker: input.linker,
                    externals: input.externals,
                    exports: &exports,
                    imported_wrappers: input.imported_wrappers,
                },
                unresolved,
            )
        };
        let mut flow = run_flow(&facts);
        // `makeSource(p)` of a wrapper of this file with a binding the pass did not follow: follow
        // it (and what flows into it) in a second pass, once.
        if !flow.untracked_arguments.is_empty() {
            let more = facts.closure(std::mem::take(&mut flow.untracked_arguments));
            facts.tracked.extend(more);
            flow = run_flow(&facts);
        }
        let link = Link {
            imports: &imports,
            linker: input.linker,
        };
        // A builder's object held by its caller's binding, a payload held by a parameter: their
        // uses count for the object.
        for (r, id) in std::mem::take(&mut flow.holders) {
            facts.sharing.add_holder(r, id);
        }
        // Each call as written, then once per call of a function it is in that built its payload.
        let mut contexts: Vec<flow::SiteKey> = flow.values.keys().cloned().collect();
        contexts.sort_by(|a, b| (a.call, &a.via_starts()).cmp(&(b.call, &b.via_starts())));
        let mut sites = Vec::new();
        let mut delegations = Vec::new();
        for c in &facts.calls {
            let receiver = if facts.server_file {
                // DigitalRiver.js runs in browsers: nothing in a server script is.
                Receiver::OtherApi
            } else if let Some(method) = flow.own_methods.get(&c.key) {
                Receiver::OwnMethod(method.clone())
            } else {
                call_receiver(&facts, c, unresolved, &link)
            };
            let doubt = matches!(receiver, Receiver::Unknown)
                .then(|| {
                    let text = text.get(c.receiver_range.clone()).unwrap_or("the receiver");
                    own_object_doubt(c, text, &link, &functions)
                })
                .flatten()
                .or_else(|| flow.doubted_own.get(&c.key).cloned());
            // A payload that is (or holds) the enclosing function's parameter is checked at that
            // function's calls, when the file has any; otherwise where it is written.
            let mut vias: Vec<Vec<Range<usize>>> = contexts
                .iter()
                .filter(|k| k.call == c.key && !k.via.is_empty())
                .map(|k| k.via.clone())
                .collect();
            if vias.is_empty() || !flow.param_dependent.contains(&c.key) {
                vias = vec![Vec::new()];
            }
            for via in vias {
                let key = flow::SiteKey {
                    call: c.key,
                    via: via.clone(),
                };
                let payload = match &c.payload {
                    // `const kind = 'creditCard'; c.createSource(kind)`: a string is never a payload.
                    FoundPayload::Expr(_)
                        if c.payload_ident
                            .as_ref()
                            .is_some_and(|id| facts.consts.contains_key(id)) =>
                    {
                        Payload::NotAnObject
                    }
                    FoundPayload::Expr(r) => {
                        let mut value = flow.values.remove(&key).unwrap_or_default();
                        value.stamp_file(file);
                        Payload::Value {
                            range: r.clone(),
                            value,
                        }
                    }
                    FoundPayload::NotAnObject => Payload::NotAnObject,
                    FoundPayload::Hidden { range, what } => Payload::Hidden {
                        range: range.clone(),
                        what: what.clone(),
                    },
                };
                let (call_span, path) = match via.first() {
                    None => (Span::new(file, c.name_range.clone()), None),
                    Some(outer) => {
                        let names: Vec<&str> = via
                            .iter()
                            .map(|r| text.get(r.clone()).unwrap_or("?"))
                            .collect();
                        let name = targets.calls.name(c.call);
                        (
                            Span::new(file, outer.clone()),
                            Some((
                                Span::new(file, c.name_range.clone()),
                                format!(
                                    "reaches `{name}` here, through `{}`",
                                    names.join("` -> `")
                                ),
                            )),
                        )
                    }
                };
                // A payload another module's builder returns is checked there.
                if let Payload::Value { value, .. } = &payload
                    && let Some(mut d) = delegated(
                        value,
                        &flow.foreign_built,
                        c.call,
                        &receiver,
                        &call_span,
                        &doubt,
                    )
                {
                    // Whether the binding the call sends (`dr.createSource(p)`), or one holding the
                    // builder's result (`const p = build(cart)`), is such that ...
                    let caller_binding =
                        |sent: &dyn Fn(&Id) -> bool, holder: &dyn Fn(&Id) -> bool| {
                            c.payload_ident.as_ref().is_some_and(sent)
                                || value.0.iter().any(|cand| {
                                    matches!(cand, model::Candidate::Opaque(o)
                                    if flow.builder_refs.get(&o.range).is_some_and(holder))
                                })
                        };
                    // `const p = build(cart); track(p.amount); dr.createSource(p)`: the caller reads
                    // it; `build` called elsewhere too: its literal is sent (or logged) there.
                    let read = caller_binding(&|id| facts.sharing.is_read(id), &|id| {
                        facts.sharing.uses(id) > 1
                    });
                    // `p.sessionId = id` (or `ns.p.x = v`) before the call: what reaches it is not
                    // only what the other module builds.
                    let written =
                        caller_binding(&|id| facts.is_written(id), &|id| facts.is_written(id));
                    for x in &mut d {
                        x.read_by_caller = read;
                        x.written_by_caller = written;
                    }
                    delegations.extend(d);
                    continue;
                }
                sites.push(CallSite {
                    call: c.call,
                    name_range: c.name_range.clone(),
                    receiver: receiver.clone(),
                    receiver_range: c.receiver_range.clone(),
                    payload,
                    via,
                    call_span,
                    path,
                    call_display: None,
                    receiver_doubt: doubt.clone(),
                });
            }
        }
        // Payloads given to another module's wrapper.
        let mut reached_wrappers = Vec::new();
        for f in flow.foreign_sites.drain(..) {
            reached_wrappers.push(f.forward.at.clone());
            if let Some(mut d) = delegated(
                &f.value,
                &flow.foreign_built,
                f.forward.call,
                &f.forward.receiver,
                &Span::new(file, f.via.clone()),
                &None,
            ) {
                // `const p = build(cart); p.sessionId = id; submit(p)`: the binding holding the
                // builder's result is written (or used elsewhere) before the wrapper sends it.
                let caller_binding = |sent: &dyn Fn(&Id) -> bool, holder: &dyn Fn(&Id) -> bool| {
                    f.arg_ident.as_ref().is_some_and(sent)
                        || f.value.0.iter().any(|cand| {
                            matches!(cand, model::Candidate::Opaque(o)
                                    if flow.builder_refs.get(&o.range).is_some_and(holder))
                        })
                };
                let read = f.forward.reads_param
                    || caller_binding(&|id| facts.sharing.is_read(id), &|id| {
                        facts.sharing.uses(id) > 1
                    });
                let written =
                    caller_binding(&|id| facts.is_written(id), &|id| facts.is_written(id));
                for x in &mut d {
                    x.read_by_caller = read;
                    x.written_by_caller = written;
                }
                delegations.extend(d);
                continue;
            }
            // A wrapper that also reads what it is given (a log, a request body).
            if f.forward.reads_param {
                mark_value_read_elsewhere(&mut facts.sharing, &f.value);
            }
            let mut value = f.value;
            value.stamp_file(file);
            let name = targets.calls.name(f.forward.call);
            let wrapper = text.get(f.via.clone()).unwrap_or("?");
            sites.push(CallSite {
                call: f.forward.call,
                name_range: f.via.clone(),
                receiver: f.forward.receiver.clone(),
                receiver_range: f.via.clone(),
                payload: Payload::Value {
                    range: f.arg,
                    value,
                },
                via: vec![f.via.clone()],
                call_span: Span::new(file, f.via),
                call_display: None,
                path: Some((
                    f.forward.at.clone(),
                    format!("reaches `{name}` here, through `{wrapper}`"),
                )),
                receiver_doubt: None,
            });
        }
        // This module's builders, for the calls of other modules they reach.
        for (e, value) in input
            .externals
            .iter()
            .zip(std::mem::take(&mut flow.external_values))
        {
            let name = targets.calls.name(e.call);
            // The caller reads the object too; or this module calls the builder for something else.
            let builder_used_here = exports.get(&e.export).is_some_and(|b| match b {
                flow::ExportedBinding::Local(id) => facts.sharing.uses(id) > 0,
                flow::ExportedBinding::At(_) | flow::ExportedBinding::Literal(_) => false,
            });
            if (e.read_by_caller || builder_used_here)
                && let Some(v) = &value
            {
                mark_value_read_elsewhere(&mut facts.sharing, v);
            }
            let payload = match value {
                Some(mut v) => {
                    // The caller writes into the object (it may add `sessionId`, delete a field):
                    // what the analysis does not see here.
                    if e.written_by_caller {
                        for m in v.objects_mut() {
                            m.unknown.push(model::Unknown {
                                range: m.origin.start..m.origin.start + 1,
                                what: format!("what {} writes into it before the call", e.display),
                            });
                            m.all_fields_maybe();
                        }
                    }
                    v.stamp_file(file);
                    Payload::Value {
                        range: 0..0,
                        value: v,
                    }
                }
                None => Payload::Hidden {
                    range: 0..0,
                    what: "a builder this module does not define as expected".into(),
                },
            };
            sites.push(CallSite {
                call: e.call,
                name_range: 0..0,
                receiver: e.receiver.clone(),
                receiver_range: 0..0,
                payload,
                via: Vec::new(),
                call_span: e.at.clone(),
                call_display: Some(e.display.clone()),
                path: Some((
                    e.at.clone(),
                    format!("the payload is sent by `{name}` here"),
                )),
                receiver_doubt: e.receiver_doubt.clone(),
            });
        }
        // A builder of this file called from more than one place: its literal is also sent (or
        // logged) elsewhere, so a change to it changes more than this payload.
        for site in &sites {
            let Payload::Value { value, .. } = &site.payload else {
                continue;
            };
            for m in value.objects() {
                let builder = functions.by_binding.iter().find(|(_, def)| {
                    let r = def.range();
                    r.start <= m.origin.start
                        && m.origin.end <= r.end
                        && !(r.start <= site.name_range.start && site.name_range.start < r.end)
                });
                if let Some((id, _)) = builder
                    && facts.sharing.uses(id) > 1
                {
                    mark_read_elsewhere(&mut facts.sharing, m, 0);
                }
            }
        }
        let exported_wrappers = exported_wrappers(
            &interface,
            &functions,
            &facts,
            &flow.param_dependent,
            &|c| {
                !facts.server_file
                    && matches!(
                        call_receiver(&facts, c, unresolved, &link),
                        Receiver::DigitalRiver(_)
                    )
            },
        );
        Resolved {
            sites,
            sharing: std::mem::take(&mut facts.sharing),
            scopes: if with_scopes {
                scope::Scopes::collect(program)
            } else {
                scope::Scopes::default()
            },
            delegations,
            exported_wrappers,
            reached_wrappers,
            sends_parameter: summary::sends_parameter(program, &facts),
            skipped_imported_calls: flow.skipped_imported_calls,
        }
    })
}

/// What a module exports (for the modules that import it): `program` parsed from `file`'s `text`;
/// its own imports are asked of `linker`. `may_call`: the text may hold a session-aware call (the
/// run's prefilter says so); when it cannot, no function of it forwards a parameter, and the
/// module's facts are collected only if an exported object needs its receiver.
pub fn summarize(
    program: &mut Program,
    text: &str,
    targets: &Targets,
    file: FileId,
    linker: &dyn Linker,
    may_call: bool,
) -> summary::ModuleSummary {
    GLOBALS.set(&Globals::new(), || {
        let unresolved_mark = Mark::new();
        let top_level_mark = Mark::new();
        program.visit_mut_with(&mut resolver(unresolved_mark, top_level_mark, true));
        let program = &*program;
        let unresolved = SyntaxContext::empty().apply_mark(unresolved_mark);
        let interface = interface::ModuleInterface::of(program, text, unresolved);
        let imports = interface.bindings();
        let functions = functions::Functions::collect(program);
        let link = Link {
            imports: &imports,
            linker,
        };
        summary::Summarizer {
            facts: std::cell::LazyCell::new(&|| Facts::collect(program, targets)),
            may_call,
            functions: &functions,
            file,
            link: &link,
            unresolved,
        }
        .module(&interface)
    })
}

/// Other code may read every object of `value` (see [`mark_read_elsewhere`]).
fn mark_value_read_elsewhere(sharing: &mut Sharing, value: &model::AbsValue) {
    for m in value.objects() {
        mark_read_elsewhere(sharing, m, 0);
    }
}

/// Other code may read `m`: its literal, its fields' properties and writes, and its nested objects.
fn mark_read_elsewhere(sharing: &mut Sharing, m: &model::ObjectModel, depth: usize) {
    if depth > model::MAX_DEPTH {
        return;
    }
    sharing.mark_read_elsewhere(m.origin.clone());
    for f in m.fields.iter() {
        for o in f.origins.iter() {
            sharing.mark_read_elsewhere(o.range());
        }
        if let model::Value::Object(n) = &f.value {
            mark_read_elsewhere(sharing, n, depth + 1);
        }
    }
}

/// The delegations of a payload that is, on every path, an object another module's builder returns
/// (checked there, where the fix goes); `None` when any part of it is not.
fn delegated(
    value: &model::AbsValue,
    built: &rustc_hash::FxHashMap<Range<usize>, flow::Built>,
    call: usize,
    receiver: &Receiver,
    at: &Span,
    receiver_doubt: &Option<String>,
) -> Option<Vec<Delegation>> {
    let all_built = !value.0.is_empty()
        && value
            .0
            .iter()
            .all(|c| matches!(c, model::Candidate::Opaque(o) if built.contains_key(&o.range)));
    if !all_built {
        return None;
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for cand in &value.0 {
        if let model::Candidate::Opaque(o) = cand
            && let Some(b) = built.get(&o.range)
            && seen.insert(o.range.clone())
        {
            out.push(Delegation {
                path: b.path.clone(),
                file: b.file,
                export: b.export.clone(),
                method: b.method.clone(),
                call,
                receiver: receiver.clone(),
                at: at.clone(),
                read_by_caller: false,
                written_by_caller: false,
                receiver_doubt: receiver_doubt.clone(),
            });
        }
    }
    Some(out)
}

/// The bindings this module exports, by the name other modules import them as.
fn exported_bindings(
    interface: &interface::ModuleInterface,
) -> rustc_hash::FxHashMap<interface::Imported, flow::ExportedBinding> {
    use interface::{ExportName, Exported, Imported};
    let mut out = rustc_hash::FxHashMap::default();
    for e in &interface.exports {
        let key = match &e.name {
            ExportName::Name(n) if n == "default" => Imported::Default,
            ExportName::Name(n) => Imported::Named(n.clone()),
            ExportName::ModuleObject => Imported::ModuleObject,
        };
        let binding = match &e.what {
            Exported::Local(id) => flow::ExportedBinding::Local(id.clone()),
            Exported::Expr(r) => flow::ExportedBinding::At(r.start as u32 + 1),
            Exported::Literal(r) => flow::ExportedBinding::Literal(r.clone()),
            Exported::ReExport { .. } | Exported::Member { .. } | Exported::Instance { .. } => {
                continue;
            }
        };
        out.insert(key, binding);
    }
    out
}

/// The exported functions (and methods of exported classes) whose session-aware call sends one of
/// their parameters: the names their callers in other files use.
fn exported_wrappers(
    interface: &interface::ModuleInterface,
    functions: &functions::Functions,
    facts: &Facts,
    dependent: &rustc_hash::FxHashSet<u32>,
    is_digitalriver: &dyn Fn(&facts::FoundCall) -> bool,
) -> Vec<String> {
    use interface::{ExportName, Exported};
    // Only a wrapper of DigitalRiver.js sends its callers' payloads to it: its callers are worth
    // looking for in the files that name no call.
    let inside = |span: (u32, u32)| {
        facts.calls.iter().any(|c| {
            c.key >= span.0 && c.key < span.1 && dependent.contains(&c.key) && is_digitalriver(c)
        })
    };
    let mut names = Vec::new();
    for e in &interface.exports {
        let ExportName::Name(name) = &e.name else {
            continue;
        };
        match &e.what {
            Exported::Local(id) => {
                if let Some(def) = functions.by_binding.get(id)
                    && inside(def.span)
                {
                    names.push(name.to_string());
                }
                if let Some(class) = functions.classes.get(id) {
                    for (m, def) in &class.methods {
                        if inside(def.span) {
                            names.push(m.to_string());
                        }
                    }
                }
                let class = functions.constructed.get(id);
                if let Some(class) = class.and_then(|c| functions.classes.get(c)) {
                    for (m, def) in &class.methods {
                        if inside(def.span) {
                            names.push(m.to_string());
                        }
                    }
                }
            }
            Exported::Expr(r) => {
                if let Some(def) = functions.by_start.get(&(r.start as u32 + 1))
                    && inside(def.span)
                {
                    names.push(name.to_string());
                }
            }
            Exported::ReExport { .. }
            | Exported::Member { .. }
            | Exported::Instance { .. }
            | Exported::Literal(_) => {}
        }
    }
    names.sort();
    names.dedup();
    names
}
