//! Module specifier resolution over real trees written to a temporary folder: tsconfig `paths`,
//! `baseUrl` and `extends`, jsconfig, barrels, `.mjs` / `.cjs`, `.js` specifiers naming `.ts` files,
//! packages in `node_modules`, workspace packages, missing files.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod common;

use common::tree;
use dr_session_lint::modules::{ModuleResolver, Resolution};

/// The canonical path of `rel` under `root`.
fn file(root: &Path, rel: &str) -> Resolution {
    Resolution::File(fs::canonicalize(root.join(rel)).unwrap())
}

fn package(name: &str) -> Resolution {
    Resolution::Package { name: name.into() }
}

#[test]
fn tsconfig_paths_base_url_and_extends() {
    let dir = tree(&[
        (
            "configs/tsconfig.base.json",
            // Comments and trailing commas, as tsconfig allows; `baseUrl` is relative to this file.
            r#"{ // shared settings
                "compilerOptions": { "baseUrl": "..", "paths": { "@pay/*": ["src/pay/*"], "~config": ["src/config.ts"], }, },
            }"#,
        ),
        (
            "tsconfig.json",
            r#"{ "extends": "./configs/tsconfig.base.json", "include": ["src"] }"#,
        ),
        ("src/pay/client.ts", "export const dr = 1;"),
        ("src/pay/service/index.ts", "export class PaymentService {}"),
        ("src/config.ts", "export const key = 'pk';"),
        ("src/lib/util.ts", "export const u = 1;"),
        ("src/checkout/page.ts", "import { dr } from '@pay/client';"),
    ]);
    let root = dir.path();
    let r = ModuleResolver::new(root);
    let from = root.join("src/checkout/page.ts");
    assert_eq!(
        r.resolve(&from, "@pay/client"),
        file(root, "src/pay/client.ts")
    );
    assert_eq!(
        r.resolve(&from, "@pay/service"),
        file(root, "src/pay/service/index.ts")
    );
    assert_eq!(r.resolve(&from, "~config"), file(root, "src/config.ts"));
    // `baseUrl` alone: a path from the base folder.
    assert_eq!(
        r.resolve(&from, "src/lib/util"),
        file(root, "src/lib/util.ts")
    );
    // An alias that matches but names no file is not taken for a package.
    assert!(
        matches!(
            r.resolve(&from, "@pay/missing"),
            Resolution::NotFound { .. }
        ),
        "{:?}",
        r.resolve(&from, "@pay/missing")
    );
}

#[test]
fn the_nearest_config_applies_and_jsconfig_counts() {
    let dir = tree(&[
        (
            "tsconfig.json",
            r#"{ "compilerOptions": { "baseUrl": ".", "paths": { "@pay/*": ["root-pay/*"] } } }"#,
        ),
        ("root-pay/client.ts", ""),
        (
            "web/jsconfig.json",
            r#"{ "compilerOptions": { "baseUrl": ".", "paths": { "@pay/*": ["js/pay/*"] } } }"#,
        ),
        ("web/js/pay/client.js", ""),
        ("web/js/checkout.js", ""),
        ("api/handler.ts", ""),
    ]);
    let root = dir.path();
    let r = ModuleResolver::new(root);
    assert_eq!(
        r.resolve(&root.join("web/js/checkout.js"), "@pay/client"),
        file(root, "web/js/pay/client.js")
    );
    assert_eq!(
        r.resolve(&root.join("api/handler.ts"), "@pay/client"),
        file(root, "root-pay/client.ts")
    );
}

#[test]
fn barrels_index_files_and_extensions() {
    let dir = tree(&[
        (
            "pay/index.ts",
            "export * from './client.js';\nexport * from './sources';",
        ),
        ("pay/client.ts", "export const drjs = 1;"),
        ("pay/sources.tsx", "export function bankPayload() {}"),
        ("checkout.ts", "import { drjs } from './pay';"),
        ("esm/a.mjs", "export const a = 1;"),
        ("esm/b.cjs", "module.exports = require('./a.mjs');"),
        ("esm/c.cts", "export = 1;"),
        ("esm/d.mts", "export const d = 1;"),
        ("legacy/widget.jsx", ""),
    ]);
    let root = dir.path();
    let r = ModuleResolver::new(root);
    let checkout = root.join("checkout.ts");
    let index = root.join("pay/index.ts");
    // A folder: its `index` file.
    assert_eq!(r.resolve(&checkout, "./pay"), file(root, "pay/index.ts"));
    assert_eq!(r.resolve(&checkout, "./pay/"), file(root, "pay/index.ts"));
    // A `.js` specifier naming the `.ts` file TypeScript compiles it from, and a `.tsx` one.
    assert_eq!(
        r.resolve(&index, "./client.js"),
        file(root, "pay/client.ts")
    );
    assert_eq!(
        r.resolve(&index, "./sources.js"),
        file(root, "pay/sources.tsx")
    );
    // No extension: tried in the bundlers' order.
    assert_eq!(
        r.resolve(&index, "./sources"),
        file(root, "pay/sources.tsx")
    );
    // `.mjs` / `.cjs` and their TypeScript forms.
    let b = root.join("esm/b.cjs");
    assert_eq!(r.resolve(&b, "./a.mjs"), file(root, "esm/a.mjs"));
    assert_eq!(r.resolve(&b, "./a"), file(root, "esm/a.mjs"));
    assert_eq!(r.resolve(&b, "./c.cjs"), file(root, "esm/c.cts"));
    assert_eq!(r.resolve(&b, "./d.mjs"), file(root, "esm/d.mts"));
    assert_eq!(
        r.resolve(&b, "../legacy/widget"),
        file(root, "legacy/widget.jsx")
    );
    // The importing file need not exist; a relative path is taken from the root.
    assert_eq!(
        r.resolve(Path::new("pay/not-yet.ts"), "./client"),
        file(root, "pay/client.ts")
    );
}

#[test]
fn packages_and_node_modules_are_not_visible() {
    let dir = tree(&[
        (
            "node_modules/lodash/package.json",
            r#"{ "name": "lodash", "main": "lodash.js" }"#,
        ),
        ("node_modules/lodash/lodash.js", ""),
        ("node_modules/lodash/fp.js", ""),
        (
            "node_modules/@stripe/stripe-js/package.json",
            r#"{ "name": "@stripe/stripe-js", "exports": { ".": { "import": "./dist/index.mjs", "require": "./dist/index.js" } } }"#,
        ),
        ("node_modules/@stripe/stripe-js/dist/index.mjs", ""),
        ("node_modules/@stripe/stripe-js/dist/index.js", ""),
        ("src/app.js", ""),
    ]);
    let root = dir.path();
    let r = ModuleResolver::new(root);
    let app = root.join("src/app.js");
    assert_eq!(r.resolve(&app, "lodash"), package("lodash"));
    assert_eq!(r.resolve(&app, "lodash/fp"), package("lodash"));
    assert_eq!(
        r.resolve(&app, "@stripe/stripe-js"),
        package("@stripe/stripe-js")
    );
    // Not installed: still a package, never a file of the tree.
    assert_eq!(r.resolve(&app, "left-pad"), package("left-pad"));
    assert_eq!(
        r.resolve(&app, "@scope/absent/sub"),
        package("@scope/absent")
    );
    // Node's built-ins.
    assert!(matches!(r.resolve(&app, "fs"), Resolution::Package { name } if name.ends_with("fs")));
    assert!(
        matches!(r.resolve(&app, "node:path"), Resolution::Package { name } if name.ends_with("path"))
    );
    // A path into node_modules: the file exists but is not part of the linted code.
    assert_eq!(
        r.resolve(&app, "../node_modules/lodash/lodash.js"),
        Resolution::Outside {
            path: fs::canonicalize(root.join("node_modules/lodash/lodash.js")).unwrap()
        }
    );
}

#[test]
fn a_file_outside_the_root_is_outside() {
    let dir = tree(&[("shared/util.js", ""), ("app/src/main.js", "")]);
    let root = dir.path().join("app");
    let r = ModuleResolver::new(&root);
    assert_eq!(
        r.resolve(&root.join("src/main.js"), "../../shared/util"),
        Resolution::Outside {
            path: fs::canonicalize(dir.path().join("shared/util.js")).unwrap()
        }
    );
}

const WORKSPACE: &[(&str, &str)] = &[
    (
        "package.json",
        r#"{ "name": "shop", "private": true, "workspaces": ["packages/*", "apps/web"] }"#,
    ),
    (
        "packages/pay/package.json",
        r#"{ "name": "@shop/pay", "exports": { ".": "./src/index.js", "./client": { "import": "./src/client.mjs", "default": "./src/client.js" } } }"#,
    ),
    ("packages/pay/src/index.js", "export * from './client.mjs';"),
    ("packages/pay/src/client.mjs", ""),
    ("packages/pay/src/client.js", ""),
    (
        "packages/legacy/package.json",
        r#"{ "name": "legacy-pay", "main": "lib/main.js" }"#,
    ),
    ("packages/legacy/lib/main.js", ""),
    ("packages/legacy/lib/other.js", ""),
    ("apps/web/package.json", r#"{ "name": "web" }"#),
    ("apps/web/src/checkout.js", ""),
];

fn check_workspace(root: &Path) {
    let r = ModuleResolver::new(root);
    let from = root.join("apps/web/src/checkout.js");
    assert_eq!(
        r.resolve(&from, "@shop/pay"),
        file(root, "packages/pay/src/index.js")
    );
    // The package's `exports`, with the `import` condition first.
    assert_eq!(
        r.resolve(&from, "@shop/pay/client"),
        file(root, "packages/pay/src/client.mjs")
    );
    // `exports` does not list it: not exported.
    assert!(matches!(
        r.resolve(&from, "@shop/pay/src/client.js"),
        Resolution::NotFound { .. }
    ));
    // No `exports`: `main`, and paths inside the package.
    assert_eq!(
        r.resolve(&from, "legacy-pay"),
        file(root, "packages/legacy/lib/main.js")
    );
    assert_eq!(
        r.resolve(&from, "legacy-pay/lib/other"),
        file(root, "packages/legacy/lib/other.js")
    );
}

#[test]
fn workspace_packages_resolve_to_their_files_without_node_modules() {
    let dir = tree(WORKSPACE);
    check_workspace(dir.path());
}

#[cfg(unix)]
#[test]
fn workspace_packages_linked_in_node_modules_are_files_of_the_tree() {
    let dir = tree(WORKSPACE);
    let root = dir.path();
    fs::create_dir_all(root.join("node_modules/@shop")).unwrap();
    std::os::unix::fs::symlink("../../packages/pay", root.join("node_modules/@shop/pay")).unwrap();
    std::os::unix::fs::symlink("../packages/legacy", root.join("node_modules/legacy-pay")).unwrap();
    check_workspace(root);
}

#[test]
fn a_missing_file_is_not_found_with_a_reason() {
    let dir = tree(&[("src/app.js", "")]);
    let root = dir.path();
    let r = ModuleResolver::new(root);
    let app = root.join("src/app.js");
    match r.resolve(&app, "./pay/missing") {
        Resolution::NotFound { reason } => {
            assert!(reason.contains("./pay/missing"), "{reason}")
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert!(matches!(r.resolve(&app, "./"), Resolution::NotFound { .. }));
    assert!(matches!(r.resolve(&app, ""), Resolution::NotFound { .. }));
    assert!(matches!(
        r.resolve(&app, "#internal"),
        Resolution::NotFound { .. }
    ));
}

#[test]
fn a_broken_tsconfig_does_not_stop_relative_imports() {
    let dir = tree(&[
        ("tsconfig.json", "{ \"compilerOptions\": { \"paths\": "),
        ("src/a.ts", ""),
        ("src/b.ts", ""),
        ("cycle/tsconfig.json", r#"{ "extends": "./tsconfig.json" }"#),
        ("cycle/c.ts", ""),
        ("cycle/d.ts", ""),
    ]);
    let root = dir.path();
    let r = ModuleResolver::new(root);
    assert_eq!(
        r.resolve(&root.join("src/a.ts"), "./b"),
        file(root, "src/b.ts")
    );
    assert_eq!(
        r.resolve(&root.join("cycle/c.ts"), "./d"),
        file(root, "cycle/d.ts")
    );
    match r.resolve(&root.join("src/a.ts"), "./nope") {
        Resolution::NotFound { reason } => assert!(!reason.is_empty()),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[test]
fn one_resolver_serves_many_threads() {
    let files: Vec<(String, String)> = (0..40)
        .map(|i| (format!("m/mod{i}.ts"), format!("export const v{i} = {i};")))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = tree(&refs);
    let root: PathBuf = dir.path().to_path_buf();
    let r = Arc::new(ModuleResolver::new(&root));
    std::thread::scope(|s| {
        for t in 0..4 {
            let (r, root) = (Arc::clone(&r), &root);
            s.spawn(move || {
                for i in 0..40 {
                    let from = root.join(format!("m/mod{}.ts", (i + t) % 40));
                    assert_eq!(
                        r.resolve(&from, &format!("./mod{i}.js")),
                        file(root, &format!("m/mod{i}.ts"))
                    );
                }
            });
        }
    });
}

/// Every specifier of the multi-module fixtures (`fixtures/modules/<tree>/`) names a file of its
/// tree, and every name imported from one is exported by it (itself or through `export *`): the
/// fixtures are consistent, read through the library's interface and resolver as the analysis will.
#[test]
fn the_module_fixtures_link() {
    use dr_session_lint::parse::parse;
    use dr_session_lint::resolve::interface::{Imported, ModuleInterface};
    use dr_session_lint::source::Language;

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if Language::from_path(&path).is_some() {
                out.push(path);
            }
        }
    }
    fn interface(path: &Path) -> ModuleInterface {
        let text = fs::read_to_string(path).unwrap();
        let mut program = parse(&text, Language::from_path(path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message));
        ModuleInterface::of_unmarked(&mut program, &text)
    }

    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/modules");
    let trees = ["esm", "cjs", "ts-paths", "own-api", "stripe", "two-calls"];
    let mut links = 0;
    let mut computed = Vec::new();
    for tree in trees {
        let root = base.join(tree);
        let resolver = ModuleResolver::new(&root);
        let mut paths = Vec::new();
        files(&root, &mut paths);
        paths.sort();
        for path in &paths {
            let i = interface(path);
            let rel = path.strip_prefix(&base).unwrap().display().to_string();
            computed.extend(i.computed_requires.iter().map(|_| rel.clone()));
            let specifiers = i
                .imports
                .iter()
                .map(|im| (&im.specifier, Some(&im.imported)))
                .chain(i.uses.iter().map(|u| (&u.specifier, None)))
                .chain(i.star_exports.iter().map(|s| (&s.specifier, None)));
            for (specifier, imported) in specifiers {
                let Resolution::File(target) = resolver.resolve(path, specifier) else {
                    panic!(
                        "{rel}: `{specifier}` -> {:?}",
                        resolver.resolve(path, specifier)
                    );
                };
                assert!(target.starts_with(resolver.root()), "{rel}: {specifier}");
                links += 1;
                if let Some(Imported::Named(name)) = imported {
                    let t = interface(&target);
                    assert!(
                        t.exports_named(name).next().is_some() || !t.star_exports.is_empty(),
                        "{rel}: `{name}` is not exported by {}",
                        target.display()
                    );
                }
                if let Some(Imported::ModuleObject) = imported {
                    let t = interface(&target);
                    assert!(
                        !t.exports.is_empty(),
                        "{rel}: {} exports nothing",
                        target.display()
                    );
                }
            }
        }
    }
    // The barrels, aliases and folder imports of the fixtures, spelled out.
    let esm = ModuleResolver::new(&base.join("esm"));
    assert_eq!(
        esm.resolve(&base.join("esm/express.js"), "./pay"),
        file(&base, "esm/pay/index.js")
    );
    let ts = ModuleResolver::new(&base.join("ts-paths"));
    assert_eq!(
        ts.resolve(&base.join("ts-paths/src/checkout/wire.ts"), "@pay/service"),
        file(&base, "ts-paths/src/pay/service.ts")
    );
    // Type-only imports (`import type { Order }`) are not links.
    assert_eq!(links, 24);
    assert_eq!(computed, ["cjs/localized.js"]);
}
