//! Module specifier resolution: which file `import ... from './pay/client'` or `require('@pay/x')`
//! names, as Node, bundlers and TypeScript would find it, and whether that file is part of the linted
//! tree.
//!
//! A thin layer over `oxc_resolver` (the resolution algorithm of webpack's enhanced-resolve, with
//! TypeScript's `paths`): extensions as bundlers try them (`.js .mjs .cjs .jsx .ts .tsx .mts .cts`,
//! then `.json`), a `.js` specifier also naming a `.ts` / `.tsx` file (as TypeScript allows), `index`
//! files, package.json `exports` / `imports` / `module` / `main`, and the `tsconfig.json` or
//! `jsconfig.json` nearest above the importing file (its `extends`, `baseUrl`, `paths` and project
//! references). Packages of the linted tree's own workspaces (the root package.json `workspaces`)
//! resolve to their files even when `node_modules` holds no link to them.
//!
//! What is not part of the tree (a package, a file under `node_modules`, a file outside the root) is
//! not followed: [`Resolution`] says which. Every failure is a value; nothing here panics on input.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use oxc_resolver::{
    ResolveError, ResolveOptions, Resolver, TsconfigDiscovery, TsconfigOptions, TsconfigReferences,
};

/// Where a module specifier leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A file of the linted tree (canonical path, symbolic links resolved).
    File(PathBuf),
    /// A file that exists but is not part of the linted tree: outside the root, or under a
    /// `node_modules` folder. Not visible to the analysis.
    Outside {
        /// The file's canonical path.
        path: PathBuf,
    },
    /// A bare specifier that is neither a `paths` alias nor a workspace package of the tree: an
    /// installed or missing npm package, or a Node built-in (`fs`, `node:fs`). Not visible.
    Package {
        /// The package's name (`lodash`, `@stripe/stripe-js`, `node:fs`).
        name: String,
    },
    /// Nothing found, or the configuration that says where is broken.
    NotFound {
        /// Why, in a sentence (the resolver's message).
        reason: String,
    },
}

/// Resolves module specifiers for the files of one linted tree. `Send + Sync`: share one across
/// threads; file-system reads and configuration look-ups are cached inside.
pub struct ModuleResolver {
    /// The linted root (canonical when it exists).
    root: PathBuf,
    /// The resolver without a TypeScript configuration.
    base: Arc<Resolver>,
    /// The nearest `tsconfig.json` / `jsconfig.json` of each directory looked at (`None`: none).
    config_of_dir: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// A resolver per configuration file, each with its own cache (`oxc_resolver` keeps a manual
    /// configuration in its cache: a shared cache would give every resolver the first one loaded).
    by_config: Mutex<HashMap<PathBuf, Arc<Resolver>>>,
    /// The tree's workspace packages: name -> package directory.
    workspaces: HashMap<String, PathBuf>,
    /// The canonical path of each importing file's folder (`None`: it has none), as asked so far.
    canonical_dirs: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

/// The names a TypeScript-style configuration may have, in the order one folder is searched.
const CONFIG_FILES: [&str; 2] = ["tsconfig.json", "jsconfig.json"];

impl ModuleResolver {
    /// A resolver for the tree at `root` (a directory). Reads the root's `package.json` for
    /// workspaces; configuration files are found later, per importing file.
    pub fn new(root: &Path) -> ModuleResolver {
        let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let js_ext = |own: &str, ts: &[&str]| {
            let mut to = vec![own.to_string()];
            to.extend(ts.iter().map(|s| s.to_string()));
            (own.to_string(), to)
        };
        let options = ResolveOptions {
            extensions: [
                ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".json",
            ]
            .map(String::from)
            .to_vec(),
            extension_alias: vec![
                js_ext(".js", &[".ts", ".tsx"]),
                js_ext(".jsx", &[".tsx"]),
                js_ext(".mjs", &[".mts"]),
                js_ext(".cjs", &[".cts"]),
            ],
            // Browser code first (DigitalRiver.js runs in pages), then either module system.
            condition_names: ["browser", "import", "module", "require", "default"]
                .map(String::from)
                .to_vec(),
            main_fields: vec!["module".into(), "main".into()],
            builtin_modules: true,
            ..ResolveOptions::default()
        };
        ModuleResolver {
            workspaces: workspace_packages(&root),
            root,
            base: Arc::new(Resolver::new(options)),
            config_of_dir: Mutex::new(HashMap::new()),
            by_config: Mutex::new(HashMap::new()),
            canonical_dirs: Mutex::new(HashMap::new()),
        }
    }

    /// The linted root this resolver classifies against (canonical when it exists).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `specifier`, imported or required by `from_file`, leads. `from_file` is a path of the
    /// tree (relative paths are taken from the root); it need not exist.
    pub fn resolve(&self, from_file: &Path, specifier: &str) -> Resolution {
        let from_file = self.absolute(from_file);
        let from_file = match (
            from_file.parent().and_then(|d| self.canonical_dir(d)),
            from_file.file_name(),
        ) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => from_file,
        };
        let bare = package_name(specifier);
        let resolver = self.resolver_for(&from_file);
        let found = match resolver.resolve_file(&from_file, specifier) {
            // A broken configuration: resolve as if there were none, and say why when that fails.
            Err(e) if is_config_error(&e) => match self.base.resolve_file(&from_file, specifier) {
                Ok(r) => Ok(r),
                Err(_) => return not_found(&e),
            },
            other => other,
        };
        match found {
            Ok(r) => self.classify(r.into_path_buf(), bare),
            Err(ResolveError::Builtin { resolved, .. }) => Resolution::Package { name: resolved },
            Err(e @ ResolveError::NotFound(_)) if bare.is_some() => {
                let name = bare.unwrap_or_default();
                if let Some(dir) = self.workspaces.get(name) {
                    self.in_workspace(dir, name, specifier)
                } else if is_alias(&resolver, &from_file, specifier) {
                    // `@pay/missing` under `"@pay/*"`: an alias that names no file, not a package.
                    not_found(&e)
                } else {
                    Resolution::Package {
                        name: name.to_string(),
                    }
                }
            }
            Err(e) => not_found(&e),
        }
    }

    /// Where a relative specifier written with its file's name (`./pay/client.js`,
    /// `../lib/index.mjs`) leads, when `is_file` says that exact path is a file: the resolver would
    /// find the same (an exact path is tried before extensions, extension aliases and `index` files,
    /// and `tsconfig.json` `paths` apply to bare specifiers only), so the file system is not asked.
    /// `None` for other specifiers (then [`ModuleResolver::resolve`] decides), and for a `..` after a
    /// folder name (left to the resolver, which knows how it treats a folder that is a link).
    pub fn resolve_known(
        &self,
        from_file: &Path,
        specifier: &str,
        is_file: impl Fn(&Path) -> bool,
    ) -> Option<Resolution> {
        let relative = specifier.starts_with("./") || specifier.starts_with("../");
        if !relative || specifier.ends_with('/') || specifier.contains(['?', '#', '\\']) {
            return None;
        }
        let from_file = self.absolute(from_file);
        let mut path = from_file.parent().and_then(|d| self.canonical_dir(d))?;
        let mut named = false;
        for part in specifier.split('/') {
            match part {
                "" | "." => {}
                ".." if !named => {
                    if !path.pop() {
                        return None;
                    }
                }
                ".." => return None,
                name => {
                    path.push(name);
                    named = true;
                }
            }
        }
        is_file(&path).then(|| self.classify(path, None))
    }

    /// A path of the tree: relative paths are taken from the root.
    fn absolute(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        }
    }

    /// A workspace package with no `node_modules` link: resolve the specifier as the package would
    /// itself (its `exports`), else its path inside the package (`main`, `index`).
    fn in_workspace(&self, dir: &Path, name: &str, specifier: &str) -> Resolution {
        match self.base.resolve(dir, specifier) {
            Ok(r) => return self.classify(r.into_path_buf(), None),
            // The package has `exports`, and they do not give this path.
            Err(e) if !matches!(e, ResolveError::NotFound(_)) => return not_found(&e),
            Err(_) => {}
        }
        let sub = specifier.strip_prefix(name).unwrap_or_default();
        match self.base.resolve(dir, &format!(".{sub}")) {
            Ok(r) => self.classify(r.into_path_buf(), None),
            Err(e) => not_found(&e),
        }
    }

    /// A found file: in the tree, outside it, or a package's.
    fn classify(&self, path: PathBuf, bare: Option<&str>) -> Resolution {
        // The resolver follows symbolic links already; its folder made canonical (once per folder)
        // is for a path it gives as found.
        let path = match (
            path.parent().and_then(|d| self.canonical_dir(d)),
            path.file_name(),
        ) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => path,
        };
        let in_node_modules = |p: &Path| {
            p.components()
                .any(|c| c == Component::Normal("node_modules".as_ref()))
        };
        match path.strip_prefix(&self.root) {
            Ok(rel) if !in_node_modules(rel) => Resolution::File(path),
            Ok(_) => match bare {
                Some(name) => Resolution::Package {
                    name: name.to_string(),
                },
                None => Resolution::Outside { path },
            },
            Err(_) => match bare {
                Some(name) if in_node_modules(&path) => Resolution::Package {
                    name: name.to_string(),
                },
                _ => Resolution::Outside { path },
            },
        }
    }

    /// `fs::canonicalize(dir)`, once per folder.
    fn canonical_dir(&self, dir: &Path) -> Option<PathBuf> {
        let lock = || {
            self.canonical_dirs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(known) = lock().get(dir) {
            return known.clone();
        }
        let found = fs::canonicalize(dir).ok();
        lock().insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The resolver for files under the configuration nearest above `file`.
    fn resolver_for(&self, file: &Path) -> Arc<Resolver> {
        let Some(config) = file.parent().and_then(|dir| self.config_above(dir)) else {
            return Arc::clone(&self.base);
        };
        let mut by_config = self
            .by_config
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        by_config
            .entry(config.clone())
            .or_insert_with(|| {
                let options = ResolveOptions {
                    tsconfig: Some(TsconfigDiscovery::Manual(TsconfigOptions {
                        config_file: config,
                        references: TsconfigReferences::Auto,
                    })),
                    ..self.base.options().clone()
                };
                Arc::new(Resolver::new(options))
            })
            .clone()
    }

    /// The nearest `tsconfig.json` (else `jsconfig.json`) in `dir` or a folder above it, skipping
    /// folders under `node_modules`.
    fn config_above(&self, dir: &Path) -> Option<PathBuf> {
        let mut cache = self
            .config_of_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut walked = Vec::new();
        let mut found = None;
        let mut at = Some(dir);
        while let Some(d) = at {
            if let Some(known) = cache.get(d) {
                found = known.clone();
                break;
            }
            walked.push(d.to_path_buf());
            if d.file_name() != Some("node_modules".as_ref())
                && let Some(c) = CONFIG_FILES.iter().map(|n| d.join(n)).find(|p| p.is_file())
            {
                found = Some(c);
                break;
            }
            at = d.parent();
        }
        for d in walked {
            cache.insert(d, found.clone());
        }
        found
    }
}

/// Whether `specifier` matches a `paths` pattern of the configuration `resolver` applies to `file`
/// (`@pay/*`: a prefix and a suffix around one `*`; else the whole specifier).
fn is_alias(resolver: &Resolver, file: &Path, specifier: &str) -> bool {
    let Ok(Some(config)) = resolver.find_tsconfig(file) else {
        return false;
    };
    let Some(paths) = &config.compiler_options.paths else {
        return false;
    };
    paths.keys().any(|key| match key.split_once('*') {
        Some((prefix, suffix)) => {
            specifier.len() >= prefix.len() + suffix.len()
                && specifier.starts_with(prefix)
                && specifier.ends_with(suffix)
        }
        None => key == specifier,
    })
}

/// A configuration problem (the `tsconfig.json` is unreadable, extends itself...), as opposed to a
/// specifier that leads nowhere.
fn is_config_error(e: &ResolveError) -> bool {
    matches!(
        e,
        ResolveError::TsconfigNotFound(_)
            | ResolveError::TsconfigSelfReference(_)
            | ResolveError::TsconfigCircularExtend(_)
            | ResolveError::Json(_)
    )
}

fn not_found(e: &ResolveError) -> Resolution {
    Resolution::NotFound {
        reason: e.to_string(),
    }
}

/// The package a bare specifier names (`lodash` for `lodash/fp`, `@scope/pkg` for
/// `@scope/pkg/x`); `None` for a relative or absolute path, a URL or a package import (`#x`).
pub fn package_name(specifier: &str) -> Option<&str> {
    if specifier.is_empty()
        || specifier.starts_with(['.', '/', '#', '\\'])
        || specifier.contains(':')
        || Path::new(specifier).is_absolute()
    {
        return None;
    }
    let mut ends = specifier.match_indices('/').map(|(i, _)| i);
    let end = if specifier.starts_with('@') {
        ends.nth(1)
    } else {
        ends.next()
    };
    Some(&specifier[..end.unwrap_or(specifier.len())])
}

/// The root package.json's `workspaces` (`["packages/*"]`, or `{ "packages": [...] }`): each
/// package's name and folder. Patterns: a folder, `folder/*` (its sub-folders), `folder/**` (every
/// folder below, `node_modules` skipped). Anything unreadable gives no packages.
fn workspace_packages(root: &Path) -> HashMap<String, PathBuf> {
    let mut out = HashMap::new();
    let Some(manifest) = read_json(&root.join("package.json")) else {
        return out;
    };
    let patterns = match manifest.get("workspaces") {
        Some(serde_json::Value::Array(a)) => a.clone(),
        Some(serde_json::Value::Object(o)) => match o.get("packages") {
            Some(serde_json::Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let mut dirs = Vec::new();
    for p in patterns.iter().filter_map(|p| p.as_str()) {
        let p = p.trim_start_matches("./").trim_end_matches('/');
        if let Some(parent) = p.strip_suffix("/**") {
            sub_dirs(&root.join(parent), true, &mut dirs);
        } else if let Some(parent) = p.strip_suffix("/*") {
            sub_dirs(&root.join(parent), false, &mut dirs);
        } else if !p.contains('*') {
            dirs.push(root.join(p));
        }
    }
    for dir in dirs {
        let name = read_json(&dir.join("package.json"))
            .and_then(|m| m.get("name")?.as_str().map(str::to_string));
        if let Some(name) = name {
            out.entry(name).or_insert(dir);
        }
    }
    out
}

fn sub_dirs(dir: &Path, deep: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() || entry.file_name() == "node_modules" {
            continue;
        }
        if deep {
            sub_dirs(&path, true, out);
        }
        out.push(path);
    }
}

fn read_json(path: &Path) -> Option<serde_json::Value> {
    serde_json::from_slice(&fs::read(path).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        assert_eq!(package_name("lodash"), Some("lodash"));
        assert_eq!(package_name("lodash/fp/map"), Some("lodash"));
        assert_eq!(package_name("@stripe/stripe-js"), Some("@stripe/stripe-js"));
        assert_eq!(
            package_name("@stripe/stripe-js/pure"),
            Some("@stripe/stripe-js")
        );
        assert_eq!(package_name("./x"), None);
        assert_eq!(package_name("../x"), None);
        assert_eq!(package_name("/abs/x"), None);
        assert_eq!(package_name("#internal"), None);
        assert_eq!(package_name("node:fs"), None);
        assert_eq!(package_name(""), None);
    }

    /// The shortcut for relative specifiers gives what the resolver gives, or leaves it to it.
    #[cfg(unix)]
    #[test]
    fn relative_specifiers_known_without_the_file_system_resolve_as_the_resolver_does() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = fs::canonicalize(dir.path()).expect("canonical");
        for f in [
            "src/pay/client.js",
            "src/pay/client.ts",
            "src/checkout.mjs",
            "node_modules/lib/index.js",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            fs::write(&p, "export const x = 1;\n").expect("write");
        }
        // A folder link: `link/..` is `node_modules`, not `src`.
        std::os::unix::fs::symlink(root.join("node_modules/lib"), root.join("src/link"))
            .expect("symlink");
        let r = ModuleResolver::new(&root);
        let from = root.join("src/pay/client.js");
        let is_file = |p: &Path| p.is_file() && !p.is_symlink();
        let mut known = 0;
        for spec in [
            "./client.js",
            "./client",
            "../checkout.mjs",
            "../../node_modules/lib/index.js",
            "../link/index.js",
            "../link/../checkout.mjs",
            "./client.js?raw",
            "../pay/./client.js",
            "../../../outside.js",
        ] {
            if let Some(fast) = r.resolve_known(&from, spec, is_file) {
                known += 1;
                assert_eq!(fast, r.resolve(&from, spec), "{spec}");
            }
        }
        // `./client.js`, `../checkout.mjs`, the `node_modules` file (twice: through the link, made
        // canonical) and `../pay/./client.js`.
        assert_eq!(known, 5);
        assert_eq!(
            r.resolve_known(&from, "../link/../checkout.mjs", is_file),
            None
        );
    }

    #[test]
    fn the_resolver_is_shareable_across_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<ModuleResolver>();
    }
}
