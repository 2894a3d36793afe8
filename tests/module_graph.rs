//! The modules of `src/` import each other one way: no cycles, between the top-level modules nor among
//! the files of a folder module (`check/`, `resolve/`, `report/`, `source/`). Test code (after a
//! file's `#[cfg(test)]`) is left out: a rule's tests may run the whole linter.
//!
//! `cargo test --test module_graph -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// `check::finding` for `src/check/finding.rs`, `check` for `src/check/mod.rs`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file before its inline test module, without line comments, and the names of the
/// test-only child modules it declares (`#[cfg(test)] mod tester;`).
fn code_of(text: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut test_children = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            let next = lines.peek().map_or("", |l| l.trim());
            let decl = next.strip_prefix("pub ").unwrap_or(next);
            match decl.strip_prefix("mod ").and_then(|d| d.strip_suffix(';')) {
                Some(name) => {
                    test_children.push(name.trim().to_string());
                    lines.next();
                    continue;
                }
                None => break,
            }
        }
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    (out, test_children)
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path that follows `prefix` (`crate::`, `super::`) in `code`, as segments; a group
/// `prefix{a, b::c}` gives one path per member.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().last();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| is_ident(c) || c == ':') && prefix != "super::" {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for member in group[..end].split(',') {
                let segs = segments(member.trim());
                if !segs.is_empty() {
                    out.push(segs);
                }
            }
        } else {
            out.push(segments(rest));
        }
    }
    out
}

fn segments(s: &str) -> Vec<String> {
    let mut segs = Vec::new();
    let mut rest = s;
    loop {
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        segs.push(rest[..end].to_string());
        match rest[end..].strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    segs
}

fn graphs() -> (Graph, BTreeMap<String, Graph>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut todo = vec![src.clone()];
    while let Some(dir) = todo.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut top: Graph = BTreeMap::new();
    let mut folders: BTreeMap<String, Graph> = BTreeMap::new();
    let mut children: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut parsed = Vec::new();
    for f in &files {
        let module = module_path(f.strip_prefix(&src).unwrap());
        if module.len() == 1 && (module[0] == "lib" || module[0] == "main") {
            continue;
        }
        if module.len() == 2 {
            children
                .entry(module[0].clone())
                .or_default()
                .insert(module[1].clone());
        }
        parsed.push((module, code_of(&fs::read_to_string(f).unwrap())));
    }
    // Test-only modules are test code.
    let test_modules: BTreeSet<Vec<String>> = parsed
        .iter()
        .flat_map(|(module, (_, tests))| {
            tests.iter().map(move |t| {
                let mut m = module.clone();
                m.push(t.clone());
                m
            })
        })
        .collect();
    parsed.retain(|(module, _)| !test_modules.contains(module));
    for kids in children.values_mut() {
        kids.retain(|k| !test_modules.iter().any(|t| t.last() == Some(k)));
    }
    for (module, (code, _)) in &parsed {
        let me = module[0].clone();
        top.entry(me.clone()).or_default();
        for path in paths_after(code, "crate::") {
            if let Some(target) = path.first()
                && *target != me
            {
                top.get_mut(&me).unwrap().insert(target.clone());
            }
            // `crate::check::payload::...` from inside `check/`: a sibling edge (or one to the
            // folder's own mod.rs, for an item defined there).
            if module.len() == 2 && path.len() >= 2 && path[0] == me && path[1] != module[1] {
                let sibling = children.get(&me).is_some_and(|k| k.contains(&path[1]));
                let target = if sibling { path[1].clone() } else { me.clone() };
                let g = folders.entry(me.clone()).or_default();
                g.entry(module[1].clone()).or_default().insert(target);
            }
        }
        let Some(kids) = children.get(&me) else {
            continue;
        };
        let g = folders.entry(me.clone()).or_default();
        if module.len() == 1 {
            // The folder's mod.rs: it uses the children it names.
            for kid in kids {
                if code.contains(&format!("{kid}::")) {
                    g.entry(me.clone()).or_default().insert(kid.clone());
                }
            }
        } else {
            for path in paths_after(code, "super::") {
                let Some(first) = path.first() else { continue };
                let target = if kids.contains(first) { first } else { &me };
                if *target != module[1] {
                    g.entry(module[1].clone())
                        .or_default()
                        .insert(target.clone());
                }
            }
        }
    }
    (top, folders)
}

fn cycle(g: &Graph) -> Option<Vec<String>> {
    fn visit(
        g: &Graph,
        n: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut c = stack[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(g, m, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in g.keys() {
        if let Some(c) = visit(g, n, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

fn print(name: &str, g: &Graph) {
    println!("{name}:");
    for (from, to) in g {
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        println!("  {from} -> {}", to.join(", "));
    }
}

#[test]
fn modules_import_one_way() {
    let (top, folders) = graphs();
    print("src/", &top);
    assert!(top.len() > 15, "modules not found: {top:?}");
    assert!(top["cli"].contains("report"), "edges not found: {top:?}");
    if let Some(c) = cycle(&top) {
        panic!("import cycle among src/ modules: {}", c.join(" -> "));
    }
    for (folder, g) in &folders {
        print(&format!("src/{folder}/"), g);
        if let Some(c) = cycle(g) {
            panic!("import cycle in src/{folder}/: {}", c.join(" -> "));
        }
    }
    assert!(folders["check"]["fix_policy"].contains("finding"));
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g: Graph = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(cycle(&g).unwrap().len(), 4);
    assert_eq!(
        paths_after(
            "use super::{a, b::C};\nlet x = crate::lint::f();",
            "super::"
        ),
        [vec!["a".to_string()], vec!["b".into(), "C".into()]]
    );
}
