//! The core's shape (DESIGN.md, "Layout"): no module imports another that imports it back,
//! neither path nor the grid names `Network`, and only `wasm.rs` knows wasm_bindgen.
//!
//! Reads every src/**/*.rs, collects the modules each one names through `crate::…` (and
//! `super::…`) paths, and looks for a cycle in that graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every source file as (module path, text): src/fast/exp.rs is "fast::exp", src/fast/mod.rs "fast".
fn sources() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                let mut inner = prefix.to_vec();
                inner.push(path.file_name().unwrap().to_string_lossy().to_string());
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut module = prefix.to_vec();
                if name != "mod" && name != "lib" {
                    module.push(name);
                }
                out.insert(module.join("::"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &[], &mut out);
    out
}

/// The code without comments (line comments and doc comments; the core has no block comments).
fn code(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The paths after `crate::` or `super::` in `text`, with `use` groups expanded:
/// `use crate::a::{b, c::d}` gives a::b and a::c::d.
fn paths(module: &str, text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    for root in ["crate::", "super::"] {
        let mut rest = text;
        while let Some(at) = rest.find(root) {
            let before = rest[..at].chars().last();
            rest = &rest[at + root.len()..];
            if before.is_some_and(ident) {
                continue;
            }
            let base: Vec<String> = if root == "super::" {
                let mut parts: Vec<String> = module.split("::").map(String::from).collect();
                parts.pop();
                parts
            } else {
                Vec::new()
            };
            expand(rest, base, &mut out);
        }
    }
    out
}

/// Reads one path (possibly a `{…}` group) at the start of `text`, appending each full path.
fn expand(text: &str, base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = base;
    let mut chars = text.char_indices().peekable();
    let mut word = String::new();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if c == ':' && chars.peek().is_some_and(|&(_, n)| n == ':') {
            chars.next();
            path.push(std::mem::take(&mut word));
        } else if c == '{' {
            // A group: split its top level at commas and expand each item.
            let body = &text[i + 1..];
            let (mut depth, mut item_start) = (0, 0);
            for (j, d) in body.char_indices() {
                match d {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        expand(body[item_start..j].trim(), path.clone(), out);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(body[item_start..j].trim(), path.clone(), out);
                        item_start = j + 1;
                    }
                    _ => {}
                }
            }
            return;
        } else {
            break;
        }
    }
    if !word.is_empty() {
        path.push(word);
    }
    out.push(path);
}

/// The module graph: module → the other modules it names (the longest known prefix of each path).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let sources = sources();
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    let mut edges = BTreeMap::new();
    for (module, text) in &sources {
        let mut names = BTreeSet::new();
        for path in paths(module, &code(text)) {
            let target = (1..=path.len()).rev().map(|k| path[..k].join("::")).find(|m| modules.contains(m));
            if let Some(target) = target {
                // The root (lib.rs) and a module's own children are not dependencies of interest.
                if !target.is_empty() && &target != module && !target.starts_with(&format!("{module}::")) {
                    names.insert(target);
                }
            }
        }
        edges.insert(module.clone(), names);
    }
    edges
}

/// A cycle in the graph, if there is one, as the modules along it.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(m.to_string(), 1);
        stack.push(m.to_string());
        for next in edges.get(m).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| s == next).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in edges.keys() {
        if state.get(m.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(m, edges, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_reader_sees_the_imports() {
    let found = paths("fast::training", "use crate::a::{b, c::{d, e}};\nuse super::blocks::X; let y = crate::f::g(1);");
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(found, ["a::b", "a::c::d", "a::c::e", "f::g", "fast::blocks::X"]);
    let mut cyclic = BTreeMap::new();
    cyclic.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    cyclic.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    cyclic.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(find_cycle(&cyclic), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
}

#[test]
fn no_module_imports_in_a_circle() {
    let edges = graph();
    assert!(edges.len() > 20, "found only {} modules", edges.len());
    assert!(edges["network"].contains("plain") && edges["fast::training"].contains("fast::blocks"), "{edges:#?}");
    if let Some(cycle) = find_cycle(&edges) {
        panic!("modules import each other in a circle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_paths_and_the_grid_never_name_network() {
    for (module, text) in sources() {
        let below_network = module == "plain" || module == "grid" || module == "surface" || module == "fast" || module.starts_with("fast::");
        if below_network {
            let code = code(&text);
            let named = code.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == "Network" || w == "network");
            assert!(!named, "{module} names Network: it must work on the spec and the layers");
        }
    }
}

#[test]
fn only_wasm_rs_knows_wasm_bindgen() {
    for (module, text) in sources() {
        if module != "wasm" {
            assert!(!code(&text).contains("wasm_bindgen"), "{module} uses wasm_bindgen: only wasm.rs may");
        }
    }
}
