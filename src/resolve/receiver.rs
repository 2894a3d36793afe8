//! What created a call's receiver: DigitalRiver.js, Stripe.js, another API, or unknown, following
//! aliases, properties (`this.dr = new DigitalRiver(...)`) and, through the linker, instances another
//! module creates and exports.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use swc_common::SyntaxContext;
use swc_ecma_ast::{Callee, Expr, Id};

use super::facts::{Facts, FoundCall, Origin, ReceiverRef};
use super::functions::Functions;
use super::interface;
use super::link::{self, Linked, Linker, Receiver};
use super::syntax::strip;

/// How a file's analysis asks about its imports.
pub(crate) struct Link<'a> {
    pub imports: &'a HashMap<Id, (String, interface::Imported)>,
    pub linker: &'a dyn Linker,
}

impl Link<'_> {
    /// What created `object.prop` when `object` is a module (`require('m')`, `import * as m`, or
    /// `import m from` of a CommonJS module, whose default is its `module.exports`).
    fn member_receiver(&self, object: &Id, prop: &swc_atoms::Atom) -> Option<Receiver> {
        let (specifier, imported) = self.imports.get(object)?;
        let module = match imported {
            interface::Imported::ModuleObject | interface::Imported::Namespace => true,
            interface::Imported::Default => !matches!(
                self.linker.export(specifier, imported),
                Linked::Found { .. }
            ),
            interface::Imported::Named(_) => false,
        };
        if !module {
            return None;
        }
        let named = interface::Imported::Named(prop.clone());
        match self.linker.export(specifier, &named) {
            Linked::Found { summary, .. } => match &*summary {
                link::ExportSummary::Object { receiver, .. }
                    if !matches!(receiver, Receiver::Unknown) =>
                {
                    Some(receiver.clone())
                }
                _ => None,
            },
            Linked::NotVisible(_) | Linked::NotExported(_) => None,
        }
    }

    /// What created an imported binding, when another module exports an instance.
    fn receiver(&self, id: &Id) -> Option<Receiver> {
        let (specifier, imported) = self.imports.get(id)?;
        match self.linker.export(specifier, imported) {
            Linked::Found { summary, .. } => match &*summary {
                link::ExportSummary::Object { receiver, .. } => Some(receiver.clone()),
                _ => None,
            },
            Linked::NotVisible(_) | Linked::NotExported(_) => None,
        }
    }
}

/// Why the receiver of the call `c`, which the analysis could not follow, may be this codebase's
/// own client rather than DigitalRiver.js: it is read from a name imported from a module this run
/// lints (`admin.backoffice` of `import admin from './client.js'`), which the analysis sees but does
/// not see create it with `new DigitalRiver(...)` (a member of an object literal, a factory's result, a
/// class's static method...). `text`: the receiver as written. `None` for any other receiver (a
/// parameter, a global, a package's export, another module's class instance: the payload decides, as
/// documented).
pub(crate) fn own_object_doubt(
    c: &FoundCall,
    text: &str,
    link: &Link,
    functions: &Functions,
) -> Option<String> {
    let mut root = c.receiver_root.clone()?;
    // `const api = createClient()` / `const bo = admin.backoffice` with `createClient` or `admin`
    // imported: what the import gives.
    for _ in 0..4 {
        if link.imports.contains_key(&root) {
            break;
        }
        root = init_root(functions.derived_inits.get(&root)?)?;
    }
    let (specifier, imported) = link.imports.get(&root)?;
    // `ns.api.backoffice` of `import * as ns` / `require(...)`: the export `api`.
    let imported = match (imported, c.receiver_path.first()) {
        (interface::Imported::Namespace | interface::Imported::ModuleObject, Some(first)) => {
            &interface::Imported::Named(first.clone())
        }
        _ => imported,
    };
    let Linked::Found {
        path,
        linted: true,
        summary,
        ..
    } = link.linker.export(specifier, imported)
    else {
        return None;
    };
    // An instance of a class of the tree (`new PaymentService(key)`, methods known) may hold one its
    // constructor creates (`this.dr = new DigitalRiver(key)`): the payload decides, as before.
    if let link::ExportSummary::Object {
        literal: false,
        methods,
        ..
    } = &*summary
        && !methods.is_empty()
    {
        return None;
    }
    Some(format!(
        "`{text}` comes from {}, which the analysis reads but does not see create it with `new DigitalRiver(...)`: it may be this codebase's own client rather than DigitalRiver.js",
        link::shown(&path)
    ))
}

/// The binding a binding's initializer reads or calls first (`admin` of `admin.backoffice`,
/// `createClient` of `createClient(key)`).
fn init_root(init: &Expr) -> Option<Id> {
    match strip(init) {
        Expr::Ident(i) => Some(i.to_id()),
        Expr::Member(m) => init_root(&m.obj),
        Expr::Call(c) => match &c.callee {
            Callee::Expr(callee) => init_root(callee),
            _ => None,
        },
        _ => None,
    }
}

/// The global objects a page's globals are properties of (`window.document` is `document`).
const GLOBAL_OBJECTS: [&str; 3] = ["window", "globalThis", "self"];

/// What created the receiver of the session-aware call `c`: a global its call's `other-receivers`
/// names (`document.createElement`, `window.document.createElement`, `document` not declared in the
/// file) is another API's; else see [`receiver`].
pub(crate) fn call_receiver(
    facts: &Facts,
    c: &FoundCall,
    unresolved: SyntaxContext,
    link: &Link,
) -> Receiver {
    let others = facts.call_names.other_receivers(c.call);
    let global = match &c.receiver {
        ReceiverRef::Binding(id) => (id.1 == unresolved).then_some(&id.0),
        ReceiverRef::Prop(p, Some(object))
            if object.1 == unresolved && GLOBAL_OBJECTS.contains(&&*object.0) =>
        {
            Some(p)
        }
        _ => None,
    };
    if global.is_some_and(|g| others.iter().any(|o| **o == **g)) {
        return Receiver::OtherApi;
    }
    follow(facts, &c.receiver, unresolved, link, others)
}

/// Follow the receiver's binding (through aliases such as `var b = a`, and properties assigned
/// `this.dr = new DigitalRiver(...)`) to what created it. Both constructors reachable: unknown.
pub(crate) fn receiver(
    facts: &Facts,
    r: &ReceiverRef,
    unresolved: SyntaxContext,
    link: &Link,
) -> Receiver {
    follow(facts, r, unresolved, link, &[])
}

/// [`receiver`], where an alias of one of the globals `others` (a parameter given `document`) is
/// another API.
fn follow(
    facts: &Facts,
    r: &ReceiverRef,
    unresolved: SyntaxContext,
    link: &Link,
    others: &[String],
) -> Receiver {
    let mut todo: Vec<Origin> = match r {
        ReceiverRef::Binding(id) => vec![Origin::Alias(id.clone())],
        ReceiverRef::Prop(p, object) => {
            // `client.dr` of `client = require('./pay/client')`: the module's export `dr`.
            if let Some(r) = object.as_ref().and_then(|o| link.member_receiver(o, p)) {
                return r;
            }
            vec![Origin::AliasProp(p.clone(), None)]
        }
        ReceiverRef::Other => return Receiver::Unknown,
    };
    let (mut seen_ids, mut seen_props) = (HashSet::default(), HashSet::default());
    let mut found = Found::default();
    while let Some(o) = todo.pop() {
        match o {
            Origin::DigitalRiver(r) => found.add(Receiver::DigitalRiver(r)),
            Origin::Stripe(r) => found.add(Receiver::Stripe(r)),
            Origin::Alias(id) => {
                // `import api from '.../cartridge/scripts/services/api'`: a REST client.
                if let Some(spec) = facts.imports.get(&id)
                    && facts.modules.is_service(spec)
                {
                    found.add(Receiver::OtherApi);
                }
                // An instance another module creates and exports.
                if let Some(r) = link.receiver(&id) {
                    found.add(r);
                }
                if id.1 == unresolved && others.iter().any(|o| **o == *id.0) {
                    found.add(Receiver::OtherApi);
                }
                if seen_ids.insert(id.clone()) {
                    todo.extend(facts.origins.get(&id).into_iter().flatten().cloned());
                    // A global (`dr` with no declaration in this file) may be set as `window.dr = ...`.
                    if id.1 == unresolved {
                        todo.push(Origin::AliasProp(id.0.clone(), None));
                    }
                }
            }
            Origin::AliasProp(p, object) => {
                // `const d = client.dr` of `client = require('./pay/client')`.
                if let Some(r) = object.as_ref().and_then(|o| link.member_receiver(o, &p)) {
                    found.add(r);
                }
                if seen_props.insert(p.clone()) {
                    todo.extend(facts.prop_origins.get(&p).into_iter().flatten().cloned());
                }
            }
            Origin::Module(spec) => {
                if facts.modules.is_service(&spec) {
                    found.add(Receiver::OtherApi);
                }
            }
            Origin::Other => {}
        }
    }
    let Found {
        dr,
        stripe,
        other_api,
    } = found;
    match (dr, stripe) {
        // A REST client required or imported from a service module, and nothing else.
        (None, _) if other_api => Receiver::OtherApi,
        (Some(r), None) if !other_api => Receiver::DigitalRiver(r),
        (None, Some(r)) => Receiver::Stripe(r),
        _ => Receiver::Unknown,
    }
}

/// What the origins of a receiver created, as far as they were followed.
#[derive(Default)]
struct Found {
    dr: Option<std::ops::Range<usize>>,
    stripe: Option<std::ops::Range<usize>>,
    other_api: bool,
}

impl Found {
    fn add(&mut self, r: Receiver) {
        match r {
            Receiver::DigitalRiver(r) => {
                self.dr.get_or_insert(r);
            }
            Receiver::Stripe(r) => {
                self.stripe.get_or_insert(r);
            }
            Receiver::OtherApi => self.other_api = true,
            Receiver::Unknown | Receiver::OwnMethod(_) => {}
        }
    }
}
