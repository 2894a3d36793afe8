//! What the analysis knows about the payload that reaches a `createSource` call: one or more candidate
//! objects (a binding reassigned per branch has several), each with its fields, where each field was
//! written, and whether it is present on every path or only on some.

use std::ops::Range;
use std::sync::Arc;

use crate::span::FileId;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// On every path that reaches the call.
    Certain,
    /// On some paths only (a write inside an `if`, a callback, another function).
    Maybe,
}

impl Presence {
    fn join(self, other: Presence) -> Presence {
        if self == Presence::Certain && other == Presence::Certain {
            Presence::Certain
        } else {
            Presence::Maybe
        }
    }
}

/// Where an object literal and its properties sit in the text: what a fix needs to edit it.
#[derive(Debug, PartialEq, Eq)]
pub struct ObjectLayout {
    /// From `{` to `}` inclusive.
    pub range: Range<usize>,
    /// Every property and spread, in order.
    pub props: Vec<Range<usize>>,
    /// The quote most keys are written with, if most are quoted.
    pub quote: Option<char>,
    /// The static key of each `key: value` property of `props` (`None` for spreads, methods,
    /// shorthands and computed keys).
    pub keys: Vec<Option<String>>,
    /// The literal has getters, setters or methods: code that runs when a field is read or written,
    /// and may read the others through `this`.
    pub has_accessors: bool,
}

impl ObjectLayout {
    /// The range of the `key: value` property named `key`, if the literal has one.
    pub fn prop_with_key(&self, key: &str) -> Option<&Range<usize>> {
        self.keys
            .iter()
            .position(|k| k.as_deref() == Some(key))
            .and_then(|i| self.props.get(i))
    }
}

/// Where a field got its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldOrigin {
    /// A property of an object literal: `amount: 100`, `"amount": 100`, `amount` (shorthand).
    Property {
        prop: Range<usize>,
        key: Range<usize>,
        layout: Arc<ObjectLayout>,
        /// The value has no side effects (a literal, an identifier, a member read...).
        pure_value: bool,
    },
    /// A write: `p.amount = 100`, `p['currency'] = c`, `p.payPal.items = items`.
    Write {
        /// The whole assignment expression.
        expr: Range<usize>,
        /// The expression statement, when the assignment is all of it and it sits in a statement
        /// list (a block, a function body, the file): only then can it be removed as a whole.
        stmt: Option<Range<usize>>,
        /// True when the assigned value has no side effects (literal, identifier, member read).
        pure_value: bool,
    },
}

impl FieldOrigin {
    pub fn range(&self) -> Range<usize> {
        match self {
            FieldOrigin::Property { prop, .. } => prop.clone(),
            FieldOrigin::Write { stmt, expr, .. } => stmt.clone().unwrap_or_else(|| expr.clone()),
        }
    }
}

/// What is known of a field's value.
#[derive(Clone, Debug)]
pub enum Value {
    /// An object literal (the details object of a method: `payPal: { ... }`).
    Object(ObjectModel),
    /// A string known at analysis time, or one of several (`cond ? 'payPal' : 'payPalCredit'`).
    Strings(Vec<String>),
    /// Anything else: a number, a call, a parameter...
    Opaque(Opaque),
}

/// Deepest nesting of objects the model keeps: deeper objects are opaque ("nested more than 32
/// levels deep"). No payload field the rules look at is nearly that deep, and every pass over a model
/// (copies, joins, writes through aliases, the checks) then stays bounded however deep the code nests.
pub const MAX_DEPTH: usize = 32;

/// Most objects one model keeps (a binding's value, or a field's): past it, the remaining nested
/// objects are opaque. Objects shared through several fields are copies in the model, so code that
/// puts one object into another twice, level after level, would otherwise double the model each time.
pub const MAX_OBJECTS: usize = 1000;

impl Value {
    /// A field's value with the objects created at `origins` (and the value itself, if it is one)
    /// replaced by an opaque reference back: see [`ObjectModel::cut_origins`].
    pub fn cut_origins(&mut self, origins: &[Range<usize>]) {
        let Value::Object(m) = self else {
            return;
        };
        if origins.contains(&m.origin) {
            *self = Value::Opaque(Opaque::cycle(m.origin.clone()));
        } else {
            m.cut_origins(origins);
        }
    }
}

/// Writes kept per field: a field written more often than this (generated code) is reported, but its
/// removal is not offered (`origins_complete` is false), and joins stay cheap.
pub const MAX_ORIGINS: usize = 32;

#[derive(Clone, Debug)]
pub struct Field {
    /// Shared: copying a field copies no text.
    pub name: Arc<str>,
    pub presence: Presence,
    /// Shared between the copies of a state (flow paths, loop iterations) until one of them writes
    /// the field: copying an object's model and joining two copies stay cheap on big objects.
    pub origins: Arc<Vec<FieldOrigin>>,
    /// False when more than `MAX_ORIGINS` places write the field: `origins` is not all of them.
    pub origins_complete: bool,
    pub value: Value,
}

impl Field {
    fn add_origin(&mut self, origin: FieldOrigin) {
        if self.origins.len() >= MAX_ORIGINS && !self.origins_complete {
            // Full and known to be incomplete: nothing another origin could change.
            return;
        }
        if self.origins.contains(&origin) {
            return;
        }
        if self.origins.len() < MAX_ORIGINS {
            Arc::make_mut(&mut self.origins).push(origin);
        } else {
            self.origins_complete = false;
        }
    }
}

/// A part of an object the analysis cannot see into; the object may hold any field because of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub range: Range<usize>,
    /// Says what it is: "a spread of `base`", "a computed key `[k]`", "passed to `prepare(...)`".
    pub what: String,
}

/// An object of the payload. Its ranges (`origin`, the layout, its fields' origins, its unknown parts)
/// are byte ranges of `file`.
#[derive(Clone, Debug)]
pub struct ObjectModel {
    /// The file the object literal is in.
    pub file: FileId,
    /// The object literal this object was created by; identifies the candidate.
    pub origin: Range<usize>,
    /// Its layout in the text (none for an object the analysis made up, such as an unknown one
    /// written into).
    pub layout: Option<Arc<ObjectLayout>>,
    /// Shared between copies of a state until one of them writes into the object, and each field
    /// until one of them writes that field: a copy of a big object costs a reference per field.
    pub fields: Arc<Vec<Arc<Field>>>,
    pub unknown: Vec<Unknown>,
    /// It has a declared TypeScript type (`: T`, `as T`, `satisfies T`) that may not allow `sessionId`.
    pub typed: bool,
    /// Whether this candidate reaches the call on every path that reaches it: `Maybe` when a function
    /// that may or may not have run reassigned the binding.
    pub reach: Presence,
    /// The literal's setters and the fields each writes through `this` (`set session(v) {
    /// this.sessionId = v; }`): a write to the setter writes those fields.
    pub setters: Vec<(String, Vec<String>)>,
    /// Fields a `delete` removed and nothing wrote since: a literal that has the field does not keep
    /// it up to the call.
    pub deleted: Vec<Deleted>,
}

/// A field a `delete` removed (`delete p.sessionId`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    pub name: Arc<str>,
    /// The `delete` expression.
    pub at: Range<usize>,
    /// Deleted on every path that reaches the call, or on some only (a branch, a function that may
    /// run first).
    pub presence: Presence,
}

/// A value that is not an object literal the analysis can see: where it came from (`range` of `file`),
/// said plainly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opaque {
    pub file: FileId,
    pub range: Range<usize>,
    /// Shared: copying a value copies no text.
    pub what: Arc<str>,
}

impl Opaque {
    /// An object written into itself, directly or through others, created by the literal at `origin`.
    pub fn cycle(origin: Range<usize>) -> Opaque {
        Opaque {
            file: FileId::default(),
            range: origin,
            what: "a reference back to an object that holds it (a cycle, which the analysis does not follow)".into(),
        }
    }
}

#[derive(Clone, Debug)]
pub enum Candidate {
    Object(ObjectModel),
    Opaque(Opaque),
    /// `undefined`: a `let p;` never assigned on some path, a `var` declared in a block not taken.
    Undefined,
}

/// The possible values of an expression or binding at one point of the program.
#[derive(Clone, Debug, Default)]
pub struct AbsValue(pub Vec<Candidate>);

impl AbsValue {
    pub fn object(m: ObjectModel) -> Self {
        AbsValue(vec![Candidate::Object(m)])
    }

    pub fn opaque(range: Range<usize>, what: impl Into<Arc<str>>) -> Self {
        AbsValue(vec![Candidate::Opaque(Opaque {
            file: FileId::default(),
            range,
            what: what.into(),
        })])
    }

    pub fn undefined() -> Self {
        AbsValue(vec![Candidate::Undefined])
    }

    /// Values on two paths that meet: candidates from the same literal merge field by field, a field
    /// present on one path only becomes `Maybe`.
    pub fn join(&mut self, other: AbsValue) {
        for c in other.0 {
            match c {
                Candidate::Object(o) => {
                    let same = self.0.iter_mut().find_map(|mine| match mine {
                        Candidate::Object(m) if m.origin == o.origin => Some(m),
                        _ => None,
                    });
                    match same {
                        Some(m) => m.join(o),
                        None => self.0.push(Candidate::Object(o)),
                    }
                }
                Candidate::Opaque(o) => {
                    if !self
                        .0
                        .iter()
                        .any(|m| matches!(m, Candidate::Opaque(x) if *x == o))
                    {
                        self.0.push(Candidate::Opaque(o));
                    }
                }
                Candidate::Undefined => {
                    if !self.0.iter().any(|m| matches!(m, Candidate::Undefined)) {
                        self.0.push(Candidate::Undefined);
                    }
                }
            }
        }
    }

    /// The literals the candidates come from (and whether there are other candidates).
    pub fn origins(&self) -> Vec<Option<Range<usize>>> {
        let mut o: Vec<Option<Range<usize>>> = self
            .0
            .iter()
            .map(|c| match c {
                Candidate::Object(m) => Some(m.origin.clone()),
                _ => None,
            })
            .collect();
        o.sort_by_key(|r| r.as_ref().map(|r| (r.start, r.end)));
        o.dedup();
        o
    }

    /// [`ObjectModel::bound`] on every candidate.
    pub fn bound(&mut self) {
        for m in self.objects_mut() {
            m.bound();
        }
    }

    /// Every candidate reaches the call on some paths only.
    pub fn mark_reach_maybe(&mut self) {
        for m in self.objects_mut() {
            m.reach = Presence::Maybe;
        }
    }

    pub fn single_object(&self) -> Option<&ObjectModel> {
        match self.0.as_slice() {
            [Candidate::Object(m)] => Some(m),
            _ => None,
        }
    }

    pub fn objects(&self) -> impl Iterator<Item = &ObjectModel> {
        self.0.iter().filter_map(|c| match c {
            Candidate::Object(m) => Some(m),
            _ => None,
        })
    }

    pub fn objects_mut(&mut self) -> impl Iterator<Item = &mut ObjectModel> {
        self.0.iter_mut().filter_map(|c| match c {
            Candidate::Object(m) => Some(m),
            _ => None,
        })
    }
}

impl ObjectModel {
    pub fn new(origin: Range<usize>) -> Self {
        ObjectModel {
            file: FileId::default(),
            origin,
            layout: None,
            typed: false,
            reach: Presence::Certain,
            fields: Arc::default(),
            unknown: Vec::new(),
            setters: Vec::new(),
            deleted: Vec::new(),
        }
    }

    /// The `delete` that removed the field `name` since it was last written, if one did.
    pub fn deleted(&self, name: &str) -> Option<&Deleted> {
        self.deleted.iter().find(|d| *d.name == *name)
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| *f.name == *name).map(|f| &**f)
    }

    /// The field `name`, to be written (a copy of its own if it was shared).
    fn field_mut(&mut self, name: &str) -> Option<&mut Field> {
        let i = self.fields.iter().position(|f| *f.name == *name)?;
        Arc::make_mut(&mut self.fields)
            .get_mut(i)
            .map(Arc::make_mut)
    }

    /// The field at a dotted path, looking into nested object literals.
    pub fn lookup(&self, path: &[String]) -> Lookup<'_> {
        let Some((first, rest)) = path.split_first() else {
            return Lookup::Absent;
        };
        match self.field(first) {
            None => Lookup::Absent,
            Some(f) if rest.is_empty() => Lookup::Found(f),
            Some(f) => match &f.value {
                Value::Object(inner) => match inner.lookup(rest) {
                    Lookup::Found(g) if f.presence == Presence::Maybe => Lookup::FoundMaybe(g),
                    other => other,
                },
                Value::Opaque(o) => Lookup::Hidden(f, o),
                Value::Strings(_) => Lookup::Absent,
            },
        }
    }

    /// Set the field at `path` (a write, or an `Object.assign` source's property).
    pub fn set(&mut self, path: &[String], origin: FieldOrigin, value: Value, presence: Presence) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        if rest.is_empty() {
            self.deleted.retain(|d| *d.name != **first);
            match self.field_mut(first) {
                Some(f) => {
                    f.add_origin(origin);
                    f.value = value;
                    f.presence = if presence == Presence::Certain {
                        Presence::Certain
                    } else {
                        f.presence
                    };
                }
                None => Arc::make_mut(&mut self.fields).push(Arc::new(Field {
                    name: Arc::from(first.as_str()),
                    presence,
                    origins: Arc::new(vec![origin]),
                    origins_complete: true,
                    value,
                })),
            }
            return;
        }
        let range = origin.range();
        let Some(parent) = self.field_mut(first) else {
            // `p.payPal.items = x` while `p.payPal` does not exist: it throws at run time; nothing to model.
            return;
        };
        if let Value::Opaque(o) = &parent.value {
            // Writing into an object the analysis cannot see: the field is there now, the rest is unknown.
            let mut inner = ObjectModel::new(range);
            inner.unknown.push(Unknown {
                range: o.range.clone(),
                what: o.what.to_string(),
            });
            parent.value = Value::Object(inner);
        }
        if let Value::Object(inner) = &mut parent.value {
            inner.set(rest, origin, value, presence);
        }
    }

    /// Keep the model within [`MAX_DEPTH`] and [`MAX_OBJECTS`]: nested objects past either bound
    /// become opaque parts that say why, so a check that needs them reports what it could not see.
    /// The shallowest objects are kept first (the fields the rules read are near the top).
    pub fn bound(&mut self) {
        // Counted down to one level past the bound, which says whether anything is that deep.
        let mut per_depth = [0usize; MAX_DEPTH + 2];
        self.count_by_depth(1, &mut per_depth);
        if per_depth[MAX_DEPTH + 1] == 0 && per_depth.iter().sum::<usize>() <= MAX_OBJECTS {
            return;
        }
        // The levels kept whole, then as many objects of the next level as the budget allows.
        let (mut kept, mut whole) = (0, 0);
        for (depth, n) in per_depth.iter().enumerate().take(MAX_DEPTH + 1).skip(1) {
            if kept + n > MAX_OBJECTS {
                break;
            }
            kept += n;
            whole = depth;
        }
        let mut partial = MAX_OBJECTS - kept;
        self.cut_below(1, whole, &mut partial);
    }

    /// How many objects are nested at each depth (1: the values of this object's fields), down to
    /// one level past [`MAX_DEPTH`].
    fn count_by_depth(&self, depth: usize, counts: &mut [usize; MAX_DEPTH + 2]) {
        for f in self.fields.iter() {
            if let Value::Object(inner) = &f.value {
                counts[depth] += 1;
                if depth <= MAX_DEPTH {
                    inner.count_by_depth(depth + 1, counts);
                }
            }
        }
    }

    fn cut_below(&mut self, depth: usize, whole: usize, partial: &mut usize) {
        if !self
            .fields
            .iter()
            .any(|f| matches!(f.value, Value::Object(_)))
        {
            return;
        }
        for f in Arc::make_mut(&mut self.fields).iter_mut() {
            if !matches!(f.value, Value::Object(_)) {
                continue;
            }
            let f = Arc::make_mut(f);
            let Value::Object(inner) = &mut f.value else {
                continue;
            };
            if depth <= whole {
                inner.cut_below(depth + 1, whole, partial);
                continue;
            }
            if depth == whole + 1 && depth <= MAX_DEPTH && *partial > 0 {
                *partial -= 1;
                inner.cut_below(depth + 1, whole, partial);
                continue;
            }
            let what = if depth > MAX_DEPTH {
                format!(
                    "an object nested more than {MAX_DEPTH} levels deep, which the analysis does not follow"
                )
            } else {
                format!(
                    "an object in a structure of more than {MAX_OBJECTS} objects, which the analysis does not follow"
                )
            };
            f.value = Value::Opaque(Opaque {
                file: FileId::default(),
                range: inner.origin.clone(),
                what: what.into(),
            });
        }
    }

    /// Replace every object nested in this one (not this one) that was created by one of the literals
    /// at `origins` with an opaque part: what an object is about to be written into must not be
    /// copied into itself (`p.a = p`, `Object.assign(p, { self: p })`). The model holds copies, so a
    /// cycle would be an endless object; the analysis says it does not follow it instead.
    pub fn cut_origins(&mut self, origins: &[Range<usize>]) {
        if !self
            .fields
            .iter()
            .any(|f| matches!(&f.value, Value::Object(inner) if inner.holds_origin(origins)))
        {
            return;
        }
        for f in Arc::make_mut(&mut self.fields).iter_mut() {
            if matches!(&f.value, Value::Object(inner) if inner.holds_origin(origins)) {
                Arc::make_mut(f).value.cut_origins(origins);
            }
        }
    }

    /// Every field may be gone (the object was passed to a function that may delete them).
    pub fn all_fields_maybe(&mut self) {
        if self.fields.iter().all(|f| f.presence == Presence::Maybe) {
            return;
        }
        for f in Arc::make_mut(&mut self.fields).iter_mut() {
            if f.presence != Presence::Maybe {
                Arc::make_mut(f).presence = Presence::Maybe;
            }
        }
    }

    /// `delete p.a.b` at `at` (the `delete` expression's range).
    pub fn delete(&mut self, path: &[String], at: Range<usize>) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        if rest.is_empty() {
            Arc::make_mut(&mut self.fields).retain(|f| *f.name != **first);
            self.deleted.retain(|d| *d.name != **first);
            self.deleted.push(Deleted {
                name: Arc::from(first.as_str()),
                at,
                presence: Presence::Certain,
            });
        } else if let Some(Field {
            value: Value::Object(inner),
            ..
        }) = self.field_mut(first)
        {
            inner.delete(rest, at);
        }
    }

    /// `Object.assign(this, source)`: the source's fields land here.
    /// Merge `source` in as `kind` says: shallow (each field replaced), deep (nested objects merged
    /// field by field), or as defaults (only what this object lacks).
    pub fn merge_with(&mut self, source: &ObjectModel, kind: super::syntax::MergeKind) {
        use super::syntax::MergeKind;
        for f in source.fields.iter() {
            let mine = self.field_mut(&f.name);
            match (mine, &f.value) {
                (
                    Some(Field {
                        value: Value::Object(inner),
                        ..
                    }),
                    Value::Object(theirs),
                ) if kind != MergeKind::Shallow => inner.merge_with(theirs, kind),
                (Some(_), _) if kind == MergeKind::DefaultsDeep => {}
                _ => {
                    let name = [f.name.to_string()];
                    for origin in f.origins.iter() {
                        self.set(&name, origin.clone(), f.value.clone(), f.presence);
                    }
                }
            }
        }
        for u in &source.unknown {
            if !self.unknown.contains(u) {
                self.unknown.push(u.clone());
            }
        }
    }

    /// Whether this object, or one nested in its fields, was created by one of the literals at `origins`.
    pub fn holds_origin(&self, origins: &[Range<usize>]) -> bool {
        origins.contains(&self.origin)
            || self
                .fields
                .iter()
                .any(|f| matches!(&f.value, Value::Object(inner) if inner.holds_origin(origins)))
    }

    /// Run `f` on this object and every object nested in its fields that was created by one of the
    /// literals at `origins`.
    pub fn for_each_with_origin(
        &mut self,
        origins: &[Range<usize>],
        f: &mut dyn FnMut(&mut ObjectModel),
    ) {
        if origins.contains(&self.origin) {
            f(self);
        }
        let nested = |field: &Arc<Field>| matches!(&field.value, Value::Object(inner) if inner.holds_origin(origins));
        if !self.fields.iter().any(nested) {
            return;
        }
        for field in Arc::make_mut(&mut self.fields).iter_mut() {
            if !nested(field) {
                continue;
            }
            if let Value::Object(inner) = &mut Arc::make_mut(field).value {
                inner.for_each_with_origin(origins, f);
            }
        }
    }

    /// The code tested that field `name` is set (the other branch of `if (!p.sessionId) ...`, or
    /// `if (p.sessionId) ...`): on this path it is present, whether the analysis saw it written or not
    /// (when it did not, the path is one the program never takes).
    pub fn assume_present(&mut self, name: &str) {
        match self.field_mut(name) {
            Some(f) => f.presence = Presence::Certain,
            None => Arc::make_mut(&mut self.fields).push(Arc::new(Field {
                name: Arc::from(name),
                presence: Presence::Certain,
                origins: Arc::default(),
                origins_complete: true,
                value: Value::Opaque(Opaque {
                    file: self.file,
                    range: self.origin.clone(),
                    what: format!("`{name}` as the code found it set").into(),
                }),
            })),
        }
    }

    pub fn join(&mut self, other: ObjectModel) {
        self.reach = self.reach.join(other.reach);
        self.typed |= other.typed;
        // The same fields (copies of one state, neither written since): nothing changes.
        if !Arc::ptr_eq(&self.fields, &other.fields) && !same_fields(&self.fields, &other.fields) {
            join_fields(Arc::make_mut(&mut self.fields), &other.fields);
        }
        for u in other.unknown {
            if !self.unknown.contains(&u) {
                self.unknown.push(u);
            }
        }
        // A field deleted on one path only is deleted on some paths.
        for mine in &mut self.deleted {
            mine.presence = match other.deleted.iter().find(|d| d.name == mine.name) {
                Some(theirs) => mine.presence.join(theirs.presence),
                None => Presence::Maybe,
            };
        }
        for d in other.deleted {
            if !self.deleted.iter().any(|m| m.name == d.name) {
                self.deleted.push(Deleted {
                    presence: Presence::Maybe,
                    ..d
                });
            }
        }
    }
}

/// Whether joining `theirs` into `mine` would change nothing: the same fields in the same order, each
/// with the same presence, the same (shared) origins and the same value. Cheap, and may say `false`
/// for fields that are equal.
fn same_fields(mine: &[Arc<Field>], theirs: &[Arc<Field>]) -> bool {
    mine.len() == theirs.len()
        && mine.iter().zip(theirs).all(|(a, b)| {
            Arc::ptr_eq(a, b)
                || a.name == b.name
                    && a.presence == b.presence
                    && a.origins_complete == b.origins_complete
                    && Arc::ptr_eq(&a.origins, &b.origins)
                    && same_value(&a.value, &b.value)
        })
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Strings(x), Value::Strings(y)) => x == y,
        (Value::Opaque(x), Value::Opaque(y)) => x == y,
        (Value::Object(x), Value::Object(y)) => {
            x.origin == y.origin
                && x.file == y.file
                && x.reach == y.reach
                && x.typed == y.typed
                && x.unknown == y.unknown
                && x.deleted == y.deleted
                && (Arc::ptr_eq(&x.fields, &y.fields) || same_fields(&x.fields, &y.fields))
        }
        _ => false,
    }
}

/// [`ObjectModel::join`] of the fields: a field on both paths joins, a field on one only is `Maybe`.
fn join_fields(mine: &mut Vec<Arc<Field>>, theirs: &[Arc<Field>]) {
    // Marked as they are matched. Both sides usually list the same fields in the same order: the
    // search starts where the last match was.
    let mut taken = vec![false; theirs.len()];
    let mut next = 0;
    let n = theirs.len();
    for shared in mine.iter_mut() {
        let found = (0..n)
            .map(|k| (next + k) % n)
            .find(|&i| !taken[i] && theirs[i].name == shared.name);
        let Some(i) = found else {
            if shared.presence != Presence::Maybe {
                Arc::make_mut(shared).presence = Presence::Maybe;
            }
            continue;
        };
        next = i + 1;
        taken[i] = true;
        let other = &theirs[i];
        if Arc::ptr_eq(shared, other)
            || (shared.presence == other.presence
                && shared.origins_complete == other.origins_complete
                && Arc::ptr_eq(&shared.origins, &other.origins)
                && same_value(&shared.value, &other.value))
        {
            continue;
        }
        let field = Arc::make_mut(shared);
        field.presence = field.presence.join(other.presence);
        field.origins_complete &= other.origins_complete;
        // The same list (a copy of one state, not written since): nothing to add.
        if !Arc::ptr_eq(&field.origins, &other.origins) {
            // The origins both list in the same places are already there.
            let common = field
                .origins
                .iter()
                .zip(other.origins.iter())
                .take_while(|(a, b)| a == b)
                .count();
            for o in other.origins.iter().skip(common) {
                field.add_origin(o.clone());
            }
        }
        field.value = join_values(
            std::mem::replace(&mut field.value, placeholder()),
            other.value.clone(),
        );
    }
    for (i, f) in theirs.iter().enumerate() {
        if !taken[i] {
            let mut f = f.clone();
            if f.presence != Presence::Maybe {
                Arc::make_mut(&mut f).presence = Presence::Maybe;
            }
            mine.push(f);
        }
    }
}

fn placeholder() -> Value {
    Value::Strings(Vec::new())
}

fn join_values(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Object(mut x), Value::Object(y)) if x.origin == y.origin => {
            x.join(y);
            Value::Object(x)
        }
        (Value::Strings(mut x), Value::Strings(y)) => {
            for s in y {
                if !x.contains(&s) {
                    x.push(s);
                }
            }
            Value::Strings(x)
        }
        (Value::Opaque(o), _) | (_, Value::Opaque(o)) => Value::Opaque(o),
        (Value::Object(x), _) | (_, Value::Object(x)) => Value::Opaque(Opaque {
            file: FileId::default(),
            range: x.origin.clone(),
            what: "a value that differs between paths".into(),
        }),
    }
}

/// The result of looking a dotted path up in a payload.
pub enum Lookup<'a> {
    Found(&'a Field),
    /// Found inside an object that is itself present on some paths only.
    FoundMaybe(&'a Field),
    Absent,
    /// Under a field whose value the analysis cannot see (`payPal: buildDetails()`).
    Hidden(&'a Field, &'a Opaque),
}

impl AbsValue {
    /// Say which file every object and opaque value of this value is in (the resolver builds them
    /// for one file, then stamps it).
    pub fn stamp_file(&mut self, file: FileId) {
        for c in &mut self.0 {
            match c {
                Candidate::Object(m) => m.stamp_file(file),
                Candidate::Opaque(o) => o.file = file,
                Candidate::Undefined => {}
            }
        }
    }
}

impl ObjectModel {
    fn stamp_file(&mut self, file: FileId) {
        self.file = file;
        for f in Arc::make_mut(&mut self.fields).iter_mut() {
            match &mut Arc::make_mut(f).value {
                Value::Object(m) => m.stamp_file(file),
                Value::Opaque(o) => o.file = file,
                Value::Strings(_) => {}
            }
        }
    }
}
