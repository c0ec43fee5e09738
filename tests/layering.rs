//! The top-level modules of `src/` import each other one way only.
//!
//! `src/lib.rs` documents the layers; this test keeps the code to it. It
//! reads every `.rs` file under `src/`, collects the `crate::…` paths each
//! top-level module names (in `use` lines, grouped `use crate::{…}` and
//! paths written inline), builds the graph of top-level modules and fails
//! on any cycle, naming the files that carry each edge of it. The module
//! list is read from the directory, so a new module is covered without
//! editing this file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Edges of a known cycle that another change of the same batch removes.
/// Each entry must still exist (the test fails when one is gone, so the
/// list cannot go stale), and only these exact edges are forgiven.
const PENDING: &[(&str, &str, &str)] = &[
    // `render` still takes `plural` from `report` until `plural` moves to
    // its one home in `text` (issue 20, item 4).
    ("render", "report", "plural moves to crate::text"),
];

/// Top-level module → imported top-level module → files that import it.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules: each `src/NAME.rs` and `src/NAME/` but the crate
/// roots.
fn modules(src: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in fs::read_dir(src).expect("read src/") {
        let path = entry.expect("read src/ entry").path();
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let is_module = path.is_dir() || path.extension().is_some_and(|e| e == "rs");
        if is_module && name != "lib" && name != "main" {
            out.insert(name.to_string());
        }
    }
    out
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read a source dir") {
            let path = entry.expect("read a source entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without its comments: a doc link to another module
/// (`[`crate::source::Sources`]`) is not an import. Line comments only;
/// the crate writes no block comments.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let code = match line.find("//") {
            // `"https://…"` inside a string is code, not a comment.
            Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The first segment of every `crate::` path in `code`, including each
/// path of a grouped `use crate::{a::b, c}`.
fn imported(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `foo_crate::x` or `$crate::x` are other crates' paths.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = closing_brace(group);
            out.extend(top_level_items(&group[..end]).filter_map(first_segment));
            rest = &group[end..];
        } else {
            out.extend(first_segment(rest));
        }
    }
    out
}

/// Where the brace group that `text` starts inside ends.
fn closing_brace(text: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

/// The comma-separated items of a `use` group, not splitting inside nested
/// groups (`engine::{self, Chronology}` is one item).
fn top_level_items(group: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0usize;
    let mut start = 0;
    let mut items = Vec::new();
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    items.into_iter()
}

fn first_segment(path: &str) -> Option<String> {
    let name: String = path
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The import graph of the crate's top-level modules.
fn graph(src: &Path) -> Graph {
    let modules = modules(src);
    let mut graph = Graph::new();
    for file in rust_files(src) {
        let relative = file.strip_prefix(src).expect("under src/");
        let first = relative.components().next().expect("a first component");
        let first = first.as_os_str().to_string_lossy();
        let from = first.strip_suffix(".rs").unwrap_or(&first).to_string();
        if !modules.contains(&from) {
            continue;
        }
        let text = fs::read_to_string(&file).expect("read a source file");
        for to in imported(&code_only(&text)) {
            if to != from && modules.contains(&to) {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .insert(relative.display().to_string());
            }
        }
    }
    graph
}

/// The strongly connected components with more than one module (Tarjan's
/// algorithm, iterative): each is a set of modules that import each other.
fn cycles(graph: &Graph, skip: &BTreeSet<(String, String)>) -> Vec<Vec<String>> {
    let nodes: Vec<&String> = graph.keys().collect();
    let index_of: BTreeMap<&String, usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|from| {
            graph[*from]
                .keys()
                .filter(|to| !skip.contains(&((*from).clone(), (*to).clone())))
                .filter_map(|to| index_of.get(to).copied())
                .collect()
        })
        .collect();
    let n = nodes.len();
    let (mut index, mut low) = (vec![usize::MAX; n], vec![0; n]);
    let (mut on_stack, mut stack, mut next, mut out) = (vec![false; n], Vec::new(), 0, Vec::new());
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(nodes[w].clone());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    out.push(component);
                }
            }
        }
    }
    out
}

#[test]
fn top_level_modules_import_each_other_one_way() {
    let graph = graph(&src_dir());
    let mut pending = BTreeSet::new();
    for &(from, to, why) in PENDING {
        assert!(
            graph.get(from).is_some_and(|e| e.contains_key(to)),
            "`{from}` no longer imports `{to}` ({why}): remove the entry from PENDING"
        );
        pending.insert((from.to_string(), to.to_string()));
    }
    let found = cycles(&graph, &pending);
    let mut report = String::new();
    for component in &found {
        report.push_str(&format!(
            "modules importing each other: {}\n",
            component.join(", ")
        ));
        for from in component {
            for (to, files) in &graph[from] {
                if component.contains(to) && !pending.contains(&(from.clone(), to.clone())) {
                    let files: Vec<&str> = files.iter().map(String::as_str).collect();
                    report.push_str(&format!("  {from} -> {to}: {}\n", files.join(", ")));
                }
            }
        }
    }
    assert!(found.is_empty(), "{report}");
}

#[test]
fn every_top_level_module_is_found() {
    let modules = modules(&src_dir());
    for m in [
        "cli", "engine", "model", "render", "report", "span", "syntax", "text", "time",
    ] {
        assert!(modules.contains(m), "{m} missing from {modules:?}");
    }
    assert!(!modules.contains("lib") && !modules.contains("main"));
}

#[test]
fn imports_are_read_from_paths_groups_and_inline_uses() {
    let code = code_only(
        "use crate::span::Span;\n\
         use crate::{model::Story, time, engine::{self, Chronology}};\n\
         let x = crate::render::tooltip(a);\n\
         /// See [`crate::source::Sources`].\n\
         let y = 1; // crate::lsp in a comment\n\
         let url = \"https://example.com\"; crate::export::json();\n\
         macro_rules! m { () => { $crate::atomic::x() } }\n",
    );
    let found: Vec<String> = imported(&code).into_iter().collect();
    assert_eq!(
        found,
        ["engine", "export", "model", "render", "span", "time"]
    );
}

#[test]
fn a_cycle_is_found_and_a_chain_is_not() {
    let edge = |pairs: &[(&str, &str)]| {
        let mut g = Graph::new();
        for &(a, b) in pairs {
            g.entry(a.into()).or_default().entry(b.into()).or_default();
            g.entry(b.into()).or_default();
        }
        g
    };
    let chain = edge(&[("cli", "render"), ("render", "model"), ("model", "syntax")]);
    assert!(cycles(&chain, &BTreeSet::new()).is_empty());
    let looped = edge(&[("cli", "render"), ("render", "model"), ("model", "render")]);
    assert_eq!(
        cycles(&looped, &BTreeSet::new()),
        vec![vec!["model".to_string(), "render".into()]]
    );
    let skip = BTreeSet::from([("model".to_string(), "render".to_string())]);
    assert!(cycles(&looped, &skip).is_empty());
}
