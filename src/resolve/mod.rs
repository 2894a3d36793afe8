//! What reaches each session-aware call (`createSource` and the rule table's other `[[call]]`s): what
//! created its receiver (DigitalRiver.js, Stripe.js, or unknown), and the payload model (see `flow` for
//! how writes, branches and closures are followed).

mod calls;
mod facts;
mod flow;
pub mod model;
pub mod scope;
mod syntax;

use std::collections::HashSet;
use std::ops::Range;

use swc_common::{GLOBALS, Globals, Mark, SyntaxContext};
use swc_ecma_ast::Program;
use swc_ecma_transforms_base::resolver;
use swc_ecma_visit::VisitMutWith;

pub use calls::{CallNames, ModuleHints};
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
    /// Which names are bound where (for the session id the fixes insert): filled by [`scopes`] when a
    /// session id expression is configured, empty otherwise.
    pub scopes: scope::Scopes,
}

/// Every member call of `program` named as one of `calls`, with its receiver and payload resolved, and
/// how the bindings holding payloads are used elsewhere.
///
/// `file` is the file `program` was parsed from: the payload models' ranges are stamped with it.
pub fn resolve(program: &mut Program, text: &str, calls: &CallNames, file: FileId) -> Resolved {
    GLOBALS.set(&Globals::new(), || {
        let unresolved_mark = Mark::new();
        let top_level_mark = Mark::new();
        program.visit_mut_with(&mut resolver(unresolved_mark, top_level_mark, true));
        let unresolved = SyntaxContext::empty().apply_mark(unresolved_mark);
        let mut facts = Facts::collect(program, calls.clone());
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
            scopes: scope::Scopes::default(),
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
                    && facts.call_names.modules().is_service(spec)
                {
                    stripe.get_or_insert(0..0);
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
            Origin::Module(spec, r) => {
                if facts.call_names.modules().is_service(&spec) {
                    stripe.get_or_insert(r);
                    other_api = true;
                }
            }
            Origin::Other => {}
        }
    }
    match (dr, stripe) {
        (None, Some(_)) if other_api => Receiver::OtherApi,
        (Some(r), None) => Receiver::DigitalRiver(r),
        (None, Some(r)) => Receiver::Stripe(r),
        _ => Receiver::Unknown,
    }
}

/// The declarations of `program` and where each is visible: what the session id fix needs, computed
/// only when a session id expression is configured (a full walk of the syntax tree).
pub fn scopes(program: &Program) -> scope::Scopes {
    scope::Scopes::collect(program)
}
