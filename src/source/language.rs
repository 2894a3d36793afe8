//! The kinds of files the tool reads, in one table: each kind's language, the extensions that select it
//! and the names `--ext EXT=KIND` and the configuration's `[extensions]` accept.

use std::path::Path;

/// How a file's text is parsed (../shared/notes/swc-facts.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// `.js .mjs .cjs .jsx`: JSX and decorators allowed (Lightning Web Components); retried as TSX when
    /// it does not parse (Flow-typed files).
    JavaScript,
    /// `.ts .mts .cts`: no JSX, so `<T>x` casts parse.
    TypeScript,
    /// `.tsx`
    Tsx,
    /// An HTML page or server template: its `<script>` elements, in document order, as one program.
    Template(TemplateKind),
}

/// The kinds of template files, by the tag syntax their server side uses inside scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateKind {
    /// Plain HTML: no server tags.
    Html,
    /// PHP and Magento `.phtml`: `<?php ... ?>`, `<?= ... ?>`.
    Php,
    /// Salesforce Commerce Cloud: `${...}`, `<isif ...>`, `<isset .../>`...
    Isml,
    /// JSP: `<% %>`, `<%= %>`, `${...}`, `#{...}`, `<c:if ...>`.
    Jsp,
    /// ERB and EJS: `<% %>`, `<%= %>`, `<%- %>`.
    Erb,
    /// Handlebars and Mustache: `{{...}}`, `{{{...}}}`.
    Handlebars,
    /// ASP.NET Razor `.cshtml`: `@expr`, `@(...)`, `@{...}`, `@if (...)`.
    Razor,
    /// Salesforce Visualforce `.page`: `{!...}`, `<apex:... >`.
    Visualforce,
    /// Vue and Svelte components: `<script>` / `<script setup lang="ts">`, no server tags.
    Component,
}

/// One kind of file.
#[derive(Debug)]
pub struct FileKind {
    pub language: Language,
    /// The names `--ext EXT=KIND` accepts for it; the first is the one messages use.
    pub names: &'static [&'static str],
    /// The extensions (lower case, no dot) that select it.
    pub extensions: &'static [&'static str],
}

const fn kind(
    language: Language,
    names: &'static [&'static str],
    extensions: &'static [&'static str],
) -> FileKind {
    FileKind {
        language,
        names,
        extensions,
    }
}

/// Every kind of file, the one table the CLI, the configuration and the docs read.
pub const FILE_KINDS: &[FileKind] = &[
    kind(
        Language::JavaScript,
        &["js", "javascript"],
        &["js", "mjs", "cjs", "jsx"],
    ),
    kind(
        Language::TypeScript,
        &["ts", "typescript"],
        &["ts", "mts", "cts"],
    ),
    kind(Language::Tsx, &["tsx"], &["tsx"]),
    kind(
        Language::Template(TemplateKind::Html),
        &["html"],
        &["html", "htm", "xhtml"],
    ),
    kind(
        Language::Template(TemplateKind::Php),
        &["php"],
        &["php", "phtml"],
    ),
    kind(Language::Template(TemplateKind::Isml), &["isml"], &["isml"]),
    kind(
        Language::Template(TemplateKind::Jsp),
        &["jsp"],
        &["jsp", "jspf"],
    ),
    kind(
        Language::Template(TemplateKind::Erb),
        &["erb", "ejs"],
        &["erb", "ejs"],
    ),
    kind(
        Language::Template(TemplateKind::Handlebars),
        &["hbs", "handlebars", "mustache"],
        &["hbs", "handlebars", "mustache"],
    ),
    kind(
        Language::Template(TemplateKind::Razor),
        &["razor", "cshtml"],
        &["cshtml", "razor"],
    ),
    kind(
        Language::Template(TemplateKind::Visualforce),
        &["visualforce"],
        &["page", "component"],
    ),
    kind(
        Language::Template(TemplateKind::Component),
        &["vue", "svelte"],
        &["vue", "svelte"],
    ),
];

impl Language {
    pub fn from_path(path: &Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Language::from_extension(&ext)
    }

    /// The kind an extension (lower case, no dot) selects.
    pub fn from_extension(ext: &str) -> Option<Language> {
        FILE_KINDS
            .iter()
            .find(|k| k.extensions.contains(&ext))
            .map(|k| k.language)
    }

    /// The kind a name of `--ext EXT=KIND` stands for.
    pub fn from_name(name: &str) -> Option<Language> {
        FILE_KINDS
            .iter()
            .find(|k| k.names.contains(&name))
            .map(|k| k.language)
    }

    /// `--ext` values: `es6` (JavaScript), or `tpl=php` (an extension and the kind of file it is).
    pub fn from_ext_spec(spec: &str) -> Option<(String, Language)> {
        let (ext, kind) = spec.split_once('=').unwrap_or((spec, "js"));
        let ext = ext.trim_start_matches('.').to_ascii_lowercase();
        let language = Language::from_name(kind)?;
        (!ext.is_empty()).then_some((ext, language))
    }
}

/// The names `--ext EXT=KIND` accepts, for messages and help: `js, javascript, ts, ...`.
pub fn kind_names() -> String {
    FILE_KINDS
        .iter()
        .flat_map(|k| k.names.iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_and_name_is_listed_once() {
        let mut exts: Vec<&str> = FILE_KINDS
            .iter()
            .flat_map(|k| k.extensions.iter().copied())
            .collect();
        let n = exts.len();
        exts.sort_unstable();
        exts.dedup();
        assert_eq!(exts.len(), n, "an extension is listed twice");
        assert_eq!(
            Language::from_extension("phtml"),
            Some(Language::Template(TemplateKind::Php))
        );
        assert_eq!(
            Language::from_name("cshtml"),
            Some(Language::Template(TemplateKind::Razor))
        );
        assert_eq!(
            Language::from_ext_spec(".TPL=php"),
            Some(("tpl".to_string(), Language::Template(TemplateKind::Php)))
        );
        assert_eq!(
            Language::from_ext_spec("es6"),
            Some(("es6".to_string(), Language::JavaScript))
        );
        assert_eq!(Language::from_ext_spec("x=nope"), None);
    }
}
