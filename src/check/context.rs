//! What checking a call needs besides the call: the table, the file, the settings that matter, and what
//! the fixes must respect.

use std::ops::Range;

use super::finding::Finding;
use crate::diagnostic::FileId;
use crate::resolve::Sharing;
use crate::resolve::scope::Scopes;
use crate::rules::RuleTable;
use crate::settings::ReceiverNames;
use crate::source::template::TemplateTag;

/// What a check needs besides the call.
pub struct CheckContext<'a> {
    pub table: &'a RuleTable,
    /// The file being checked.
    pub file: FileId,
    /// The text the parser read (a template's, with its server tags masked).
    pub text: &'a str,
    pub session_id_expr: Option<&'a str>,
    /// The free names of `session_id_expr` (`checkout`), each of which must be bound where it goes.
    pub session_id_roots: &'a [String],
    /// Names that exist everywhere: the browser's globals and the configuration's `globals`.
    pub globals: &'a [String],
    /// Which names are bound where.
    pub scopes: &'a Scopes,
    /// The file's own text (the tags as written), for messages.
    pub original: &'a str,
    /// A template's server tags inside scripts.
    pub template_tags: &'a [TemplateTag],
    /// Receivers the configuration names.
    pub receivers: &'a ReceiverNames,
    /// Whether a finding is suppressed (a comment) or turned off (the configuration): its field is
    /// then left alone by the fixes.
    pub suppressed: &'a dyn Fn(&Finding) -> bool,
    /// The comments of the file, sorted: a removal takes the comment lines just above what it removes.
    pub comments: &'a [Range<usize>],
    /// Ranges no fix may touch (suppression comments).
    pub protected: &'a [Range<usize>],
    /// The payload objects (by the literal that creates them) that reach more than one call.
    pub multi_call_objects: &'a std::collections::HashSet<Range<usize>>,
    /// Who else uses the objects a fix would edit.
    pub sharing: &'a Sharing,
    /// The file's syntax tree (names resolved): an unsafe fix's note says who else sees the object.
    pub program: &'a swc_ecma_ast::Program,
}
