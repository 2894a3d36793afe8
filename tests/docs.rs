//! The docs show what the code defines, from the one place it is defined: the rule catalogue
//! (src/rule.rs) in docs/rules.md, the file kinds (src/source/language.rs) in the README.
//! `UPDATE_DOCS=1 cargo test --test docs` rewrites the generated parts.

use std::fs;
use std::path::Path;

use dr_session_lint::rule::markdown_table;
use dr_session_lint::source::FILE_KINDS;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Replace what sits between the `start` marker line and `end` in `path` by `generated`, or check it.
fn generated_section(path: &str, start: &str, end: &str, generated: &str) {
    let file = root().join(path);
    let text = fs::read_to_string(&file).unwrap();
    let a = text
        .find(start)
        .unwrap_or_else(|| panic!("{path}: no `{start}` marker"));
    let a = a + text[a..].find('\n').unwrap() + 1;
    let b = a + text[a..]
        .find(end)
        .unwrap_or_else(|| panic!("{path}: no `{end}` marker"));
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{generated}{}", &text[..a], &text[b..]);
        fs::write(&file, updated).unwrap();
        return;
    }
    assert_eq!(
        &text[a..b],
        generated,
        "{path} is out of date: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}

#[test]
fn docs_rules_md_shows_the_catalogue() {
    generated_section(
        "docs/rules.md",
        "<!-- rules:start",
        "<!-- rules:end -->",
        &markdown_table(),
    );
}

#[test]
fn readme_lists_the_file_kinds() {
    let mut rows = String::from("| kind | extensions |\n|---|---|\n");
    for k in FILE_KINDS {
        let names: Vec<String> = k.names.iter().map(|n| format!("`{n}`")).collect();
        let exts: Vec<String> = k.extensions.iter().map(|e| format!("`.{e}`")).collect();
        rows += &format!("| {} | {} |\n", names.join(", "), exts.join(" "));
    }
    generated_section("README.md", "<!-- kinds:start", "<!-- kinds:end -->", &rows);
}

#[test]
fn every_rule_has_its_docs_page_and_the_readme_links_the_catalogue() {
    for r in dr_session_lint::rule::CATALOGUE {
        assert!(
            root().join(format!("docs/rules/{}.md", r.id)).is_file(),
            "{}",
            r.id
        );
    }
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("[docs/rules.md](docs/rules.md)"));
}

#[test]
fn the_json_schema_lists_every_rule() {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("docs/json-output.schema.json")).unwrap(),
    )
    .unwrap();
    let listed: Vec<&str> = schema["$defs"]["rule"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let ids: Vec<&str> = dr_session_lint::rule::CATALOGUE
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(listed, ids, "docs/json-output.schema.json's rule enum");
}
