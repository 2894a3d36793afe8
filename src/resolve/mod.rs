//! What reaches each session-aware call (`createSource` and the rule table's other `[[call]]`s): what
//! created its receiver (DigitalRiver.js, Stripe.js, or unknown), and the payload model (see `flow` for
//! how writes, branches and closures are followed).

mod calls;
mod facts;
mod flow;
pub mod interface;
pub mod model;
pub mod scope;
mod syntax;

use std::collections::HashSet;
use std::ops::Range;

use swc_common::{GLOBALS, Globals, Mark, SyntaxContext};
use swc_ecma_ast::Program;
use swc_ecma_transforms_base::resolver;
use swc_ecma_visit::VisitMutWith;

pub use calls::{CallNames, ModuleHints, Targets};
pub use syntax::MergeKind;

use crate::span::FileId;
pub use facts::Sharing;
use facts::{Facts, FoundPayload, Origin, ReceiverRef};
use model::AbsValue;
pub use syntax::excerpt;

/// What created the receiver of a `createSource` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// `new DigitalRiver(...)` / `DigitalRiver(...)`, at this range (following aliases).
    DigitalRiver(Range<usize>),
    /// `Stripe(...)`.
    Stripe(Range<usize>),
    /// Another API: a REST client required from a service module, or any receiver of a server script.
    OtherApi,
    /// A parameter, a global, a call result...: the payload's `type` decides.
    Unknown,
}

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
}

/// What the analysis of a file found: the calls, and who else uses the objects a fix would edit.
#[derive(Default)]
pub struct Resolved {
    pub sites: Vec<CallSite>,
    pub sharing: Sharing,
    /// Which names are bound where (for the session id the fixes insert): filled when [`resolve`] is
    /// asked to, empty otherwise.
    pub scopes: scope::Scopes,
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
) -> Resolved {
    GLOBALS.set(&Globals::new(), || {
        let unresolved_mark = Mark::new();
        let top_level_mark = Mark::new();
        program.visit_mut_with(&mut resolver(unresolved_mark, top_level_mark, true));
        let unresolved = SyntaxContext::empty().apply_mark(unresolved_mark);
        let mut facts = Facts::collect(program, targets);
        if facts.calls.is_empty() {
            return Resolved::default();
        }
        let mut values = flow::Flow::run(program, text, &facts, unresolved);
        let sites = facts
            .calls
            .iter()
            .map(|c| CallSite {
                call: c.call,
                name_range: c.name_range.clone(),
                // DigitalRiver.js runs in browsers: nothing in a server script is.
                receiver: if facts.server_file {
                    Receiver::OtherApi
                } else {
                    receiver(&facts, &c.receiver, unresolved)
                },
                receiver_range: c.receiver_range.clone(),
                payload: match &c.payload {
                    // `const kind = 'creditCard'; c.createSource(kind)`: a string is never a payload.
                    FoundPayload::Expr(_)
                        if c.payload_ident
                            .as_ref()
                            .is_some_and(|id| facts.consts.contains_key(id)) =>
                    {
                        Payload::NotAnObject
                    }
                    FoundPayload::Expr(r) => {
                        let mut value = values.remove(&c.key).unwrap_or_default();
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
                },
            })
            .collect();
        Resolved {
            sites,
            sharing: std::mem::take(&mut facts.sharing),
            scopes: if with_scopes {
                scope::Scopes::collect(program)
            } else {
                scope::Scopes::default()
            },
        }
    })
}

/// Follow the receiver's binding (through aliases such as `var b = a`, and properties assigned
/// `this.dr = new DigitalRiver(...)`) to what created it. Both constructors reachable: unknown.
fn receiver(facts: &Facts, r: &ReceiverRef, unresolved: SyntaxContext) -> Receiver {
    let mut todo: Vec<Origin> = match r {
        ReceiverRef::Binding(id) => vec![Origin::Alias(id.clone())],
        ReceiverRef::Prop(p) => vec![Origin::AliasProp(p.clone())],
        ReceiverRef::Other => return Receiver::Unknown,
    };
    let (mut seen_ids, mut seen_props) = (HashSet::new(), HashSet::new());
    let (mut dr, mut stripe) = (None, None);
    let mut other_api = false;
    while let Some(o) = todo.pop() {
        match o {
            Origin::DigitalRiver(r) => {
                dr.get_or_insert(r);
            }
            Origin::Stripe(r) => {
                stripe.get_or_insert(r);
            }
            Origin::Alias(id) => {
                // `import api from '.../cartridge/scripts/services/api'`: a REST client.
                if let Some(spec) = facts.imports.get(&id)
                    && facts.modules.is_service(spec)
                {
                    other_api = true;
                }
                if seen_ids.insert(id.clone()) {
                    todo.extend(facts.origins.get(&id).into_iter().flatten().cloned());
                    // A global (`dr` with no declaration in this file) may be set as `window.dr = ...`.
                    if id.1 == unresolved {
                        todo.push(Origin::AliasProp(id.0.clone()));
                    }
                }
            }
            Origin::AliasProp(p) => {
                if seen_props.insert(p.clone()) {
                    todo.extend(facts.prop_origins.get(&p).into_iter().flatten().cloned());
                }
            }
            Origin::Module(spec) => {
                if facts.modules.is_service(&spec) {
                    other_api = true;
                }
            }
            Origin::Other => {}
        }
    }
    match (dr, stripe) {
        // A REST client required or imported from a service module, and nothing else.
        (None, _) if other_api => Receiver::OtherApi,
        (Some(r), None) if !other_api => Receiver::DigitalRiver(r),
        (None, Some(r)) => Receiver::Stripe(r),
        _ => Receiver::Unknown,
    }
}
