//! The floors of the house, enforced: every module of `src/` may import only
//! from the floors below its own. A new upward or sideways import fails
//! here, naming the file and line, instead of waiting for a reviewer.
//!
//! The declared order (README, Architecture): `domain` → `ingest` → `store`
//! → `search` | `engines` → `app` → `cli` | `tui`. Modules on one floor
//! (`search` and `engines`; `cli` and `tui`) are neighbours and may not
//! import each other either. Every `crate::` path counts — in `use` lines
//! and inline, in test modules too — and so does a `super::` chain that
//! climbs out of its top-level module. Comments and string literals do not.

use std::path::{Path, PathBuf};

/// Floor of each top-level module of the library. `string_enum` is the
/// macro `domain::string_enum` exports at the crate root.
const FLOORS: &[(&str, u8)] = &[
    ("domain", 0),
    ("string_enum", 0),
    ("ingest", 1),
    ("store", 2),
    ("search", 3),
    ("engines", 3),
    ("app", 4),
    ("cli", 5),
    ("tui", 5),
];

/// The module a crate-root name belongs to (macros are exported at the root).
fn home(name: &str) -> &str {
    match name {
        "string_enum" => "domain",
        other => other,
    }
}

fn floor_of(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|(_, f)| *f)
}

#[derive(Debug, PartialEq)]
struct Violation {
    file: String,
    line: usize,
    from: String,
    to: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: `{}` (floor {}) imports `{}` (floor {})",
            self.file,
            self.line,
            self.from,
            floor_of(&self.from).map_or("?".into(), |n| n.to_string()),
            self.to,
            floor_of(&self.to).map_or("?".into(), |n| n.to_string()),
        )
    }
}

/// The module path of a source file: `src/store/queue.rs` → `[store, queue]`,
/// `src/store/mod.rs` → `[store]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// The code of one line without its comment and string literals, so a doc
/// comment that mentions `crate::tui` is not an import. Tracks block
/// comments and raw/plain strings across lines in `state`.
#[derive(Default)]
struct Scanner {
    in_block_comment: usize,
    in_string: bool,
    raw_hashes: Option<usize>,
}

impl Scanner {
    fn code(&mut self, line: &str) -> String {
        let chars: Vec<char> = line.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if self.in_block_comment > 0 {
                if c == '*' && next == Some('/') {
                    self.in_block_comment -= 1;
                    i += 2;
                } else if c == '/' && next == Some('*') {
                    self.in_block_comment += 1;
                    i += 2;
                } else {
                    i += 1;
                }
                continue;
            }
            if self.in_string {
                match self.raw_hashes {
                    Some(n) => {
                        if c == '"'
                            && chars[i + 1..].iter().take(n).filter(|&&h| h == '#').count() == n
                        {
                            self.in_string = false;
                            i += 1 + n;
                            continue;
                        }
                    }
                    None => {
                        if c == '\\' {
                            i += 2;
                            continue;
                        }
                        if c == '"' {
                            self.in_string = false;
                        }
                    }
                }
                i += 1;
                continue;
            }
            if c == '/' && next == Some('/') {
                break;
            }
            if c == '/' && next == Some('*') {
                self.in_block_comment += 1;
                i += 2;
                continue;
            }
            if c == '\'' {
                // A char literal ('"', '\'') — skip it; a lifetime has no
                // closing quote within three characters.
                if next == Some('\\') {
                    if let Some(end) = chars[i + 2..].iter().position(|&q| q == '\'') {
                        i += end + 3;
                        continue;
                    }
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                    continue;
                }
            }
            if c == 'r' && (next == Some('#') || next == Some('"')) {
                let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
                if chars.get(i + 1 + hashes) == Some(&'"')
                    && (i == 0 || !chars[i - 1].is_alphanumeric() && chars[i - 1] != '_')
                {
                    self.in_string = true;
                    self.raw_hashes = Some(hashes);
                    i += 2 + hashes;
                    continue;
                }
            }
            if c == '"' {
                self.in_string = true;
                self.raw_hashes = None;
                i += 1;
                continue;
            }
            out.push(c);
            i += 1;
        }
        out
    }
}

/// The top-level modules a line of code names: `crate::x`, `crate::{x, y}`,
/// and `super::` chains resolved against `module`.
fn targets(code: &str, module: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let word_start = |at: usize| {
        at == 0
            || !(bytes[at - 1].is_ascii_alphanumeric()
                || bytes[at - 1] == b'_'
                || bytes[at - 1] == b':')
    };
    let mut at = 0;
    while let Some(pos) = code[at..].find("crate::") {
        let start = at + pos;
        at = start + "crate::".len();
        if !word_start(start) {
            continue;
        }
        let rest = &code[at..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            // Top-level names of the group: the first segment of each item.
            let mut depth = 0;
            let mut item = String::new();
            for ch in inner.chars().chain(std::iter::once(',')) {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let name: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !name.is_empty() {
                            found.push(name);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(ch);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    let mut at = 0;
    while let Some(pos) = code[at..].find("super::") {
        let start = at + pos;
        if !word_start(start) {
            at = start + 1;
            continue;
        }
        let mut depth = 0;
        let mut cursor = start;
        while code[cursor..].starts_with("super::") {
            depth += 1;
            cursor += "super::".len();
        }
        at = cursor;
        // `super` from a file's module goes to its parent: a chain of
        // `depth` supers from module path m lands in m[..len - depth].
        if depth >= module.len() {
            let name: String = code[cursor..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every floor violation in the source tree under `src`.
fn violations(src: &Path) -> Vec<Violation> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for path in files {
        let relative = path.strip_prefix(src).unwrap();
        let module = module_path(relative);
        let Some(top) = module.first() else { continue }; // lib.rs
        if top == "main" {
            continue; // the binary sits on top of everything
        }
        let text = std::fs::read_to_string(&path).unwrap();
        check_file(&relative.display().to_string(), &module, &text, &mut found);
    }
    found
}

fn check_file(file: &str, module: &[String], text: &str, found: &mut Vec<Violation>) {
    let top = &module[0];
    let own = floor_of(top);
    let mut scanner = Scanner::default();
    for (n, line) in text.lines().enumerate() {
        let code = scanner.code(line);
        for target in targets(&code, module) {
            if home(&target) == top {
                continue;
            }
            let allowed = match (own, floor_of(&target)) {
                (Some(a), Some(b)) => b < a,
                // An unknown module on either side: declare its floor.
                _ => false,
            };
            if !allowed {
                found.push(Violation {
                    file: format!("src/{file}"),
                    line: n + 1,
                    from: top.clone(),
                    to: target,
                });
            }
        }
    }
}

#[test]
fn every_module_imports_only_from_the_floors_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    let report: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        found.is_empty(),
        "{} import(s) against the floors (domain → ingest → store → search | engines → app → cli | tui):\n{}",
        found.len(),
        report.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_floor() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line.trim().strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(
                floor_of(name).is_some(),
                "src/lib.rs: module `{name}` has no floor in tests/architecture.rs"
            );
        }
    }
}

/// The checker itself: it must catch what it is for, and not what it is not.
#[test]
fn the_checker_catches_upward_sideways_and_climbing_imports() {
    let check = |file: &str, text: &str| {
        let module = module_path(Path::new(file));
        let mut found = Vec::new();
        check_file(file, &module, text, &mut found);
        found
            .into_iter()
            .map(|v| (v.line, v.to))
            .collect::<Vec<_>>()
    };
    // Upward, inline and in a use group.
    assert_eq!(
        check(
            "store/queue.rs",
            "use crate::app::Context;\nlet x = crate::tui::run();\nuse crate::{domain, cli::Outcome};"
        ),
        vec![(1, "app".into()), (2, "tui".into()), (3, "cli".into())]
    );
    // Sideways: the two faces, the two engines floors.
    assert_eq!(
        check("cli/mod.rs", "crate::tui::run(&ctx)"),
        vec![(1, "tui".into())]
    );
    assert_eq!(
        check("search/x.rs", "use crate::engines::mce;"),
        vec![(1, "engines".into())]
    );
    // A super chain that climbs out of its module.
    assert_eq!(
        check("store/queue.rs", "use super::super::app::Context;"),
        vec![(1, "app".into())]
    );
    // Allowed: downward, within the module, comments and strings.
    assert!(
        check(
            "store/queue.rs",
            "use super::charts;\nuse chartq::domain::chart::Status;\nuse crate::store::people;"
        )
        .is_empty()
    );
    assert!(
        check(
            "domain/x.rs",
            "/// see crate::store::queue\nlet s = \"crate::tui\"; // crate::app\n/* crate::cli */"
        )
        .is_empty()
    );
    assert!(check("domain/x.rs", "let r = r#\"crate::tui \"#;").is_empty());
    // A nested module's own super is not a climb.
    assert!(check("tui/app/mod.rs", "use super::model;").is_empty());
}

/// Files that are data tables, not code: exempt from the size limit.
const DATA_TABLES: &[(&str, &str)] = &[(
    "src/app/demo/scenarios.rs",
    "the demo's scenario library: one entry per synthetic case, with its answer key",
)];

/// The non-test part of a source file: everything before a trailing
/// `#[cfg(test)] mod ...`.
fn non_test_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| w[0].starts_with("#[cfg(test)]") && w[1].starts_with("mod "))
        .unwrap_or(lines.len());
    lines[..end].to_vec()
}

/// Functions of `lines` longer than `max` lines: (first line, length, name),
/// a function being its `fn` line to the closing brace at its indentation.
fn long_functions(lines: &[&str], max: usize) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let starts_fn = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "const fn ",
            "pub const fn ",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p));
        if !starts_fn {
            continue;
        }
        // A declaration without a body (a trait's) ends its signature with
        // `;`, possibly lines later; a definition with `{`.
        let signature_end = lines[i..]
            .iter()
            .map(|l| l.trim_end())
            .find(|l| l.ends_with(';') || l.ends_with('{'));
        if signature_end.is_none_or(|l| l.ends_with(';')) {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = lines[i + 1..].iter().position(|l| *l == close) {
            let length = end + 2;
            if length > max {
                let name = trimmed.split('(').next().unwrap_or(trimmed).to_string();
                found.push((i + 1, length, name));
            }
        }
    }
    found
}

/// "No file in `src/` over 600 lines of non-test code except data tables;
/// no function over 100 lines": small modules with one job.
#[test]
fn files_and_functions_stay_small() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut problems = Vec::new();
    for path in files {
        let rel = path.strip_prefix(root).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = non_test_lines(&text);
        if lines.len() > 600 && !DATA_TABLES.iter().any(|(f, _)| *f == rel) {
            problems.push(format!(
                "{rel}: {} lines of non-test code (at most 600)",
                lines.len()
            ));
        }
        for (line, length, name) in long_functions(&lines, 100) {
            problems.push(format!(
                "{rel}:{line}: `{name}` is {length} lines (at most 100)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_size_checker_measures_functions_and_test_modules() {
    let mut text = String::from("fn short() {\n    1;\n}\n\npub fn long() {\n");
    text.push_str(&"    x();\n".repeat(120));
    text.push_str("}\n#[cfg(test)]\nmod tests {\n");
    text.push_str(&"    fn t() {}\n".repeat(700));
    text.push_str("}\n");
    let lines = non_test_lines(&text);
    assert_eq!(lines.len(), 126);
    // A trait method declared over several lines has no body to measure.
    let mut declared = String::from("pub trait T {\n    fn f(\n        &self,\n    ) -> u8;\n");
    declared.push_str(&"    fn g(&self) {}\n".repeat(150));
    declared.push_str("}\n");
    assert!(long_functions(&non_test_lines(&declared), 100).is_empty());
    assert_eq!(
        long_functions(&lines, 100),
        [(5, 122, "pub fn long".to_string())]
    );
}

// ---------------------------------------------------------------------------
// Circles between siblings. The floors say which top-level modules may
// import which; inside one of them (`store`'s table modules, `app`'s use
// cases, ...) two siblings that import each other are one module in two
// files: neither can be read, tested or replaced alone. Every non-test path
// (`crate::`, `super::`, `self::`, in `use` lines and inline, groups across
// lines) is resolved to the module it names; two siblings under one parent
// that name each other fail here, naming both files and lines.

/// Every module path named by `code` (a file's code, comments and strings
/// removed, lines joined with '\n'), resolved against the file's `module`,
/// with the byte offset where it starts: `super::{a, b::c}` from
/// `store/people.rs` gives `[store, a]` and `[store, b, c]`.
fn resolved_paths(code: &str, module: &[String]) -> Vec<(usize, Vec<String>)> {
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let word_start = start == 0 || !(is_ident(bytes[start - 1]) || bytes[start - 1] == b':');
        let rest = &code[start..];
        let base: Option<(Vec<String>, usize)> = if !word_start {
            None
        } else if rest.starts_with("crate::") {
            Some((Vec::new(), "crate::".len()))
        } else if rest.starts_with("self::") {
            Some((module.to_vec(), "self::".len()))
        } else if rest.starts_with("super::") {
            let mut base = module.to_vec();
            let mut len = 0;
            while code[start + len..].starts_with("super::") {
                base.pop();
                len += "super::".len();
            }
            Some((base, len))
        } else {
            None
        };
        match base {
            Some((base, len)) => {
                let mut cursor = start + len;
                let mut out = Vec::new();
                parse_tree(code, &mut cursor, base, &mut out);
                found.extend(out.into_iter().map(|p| (start, p)));
                at = cursor.max(start + 1);
            }
            None => at += 1,
        }
    }
    found
}

/// One use tree at `cursor`: `a::b`, `a::{b, c::d}`, `a::*`; each leaf
/// path is pushed onto `out` with `prefix` before it.
fn parse_tree(code: &str, cursor: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let bytes = code.as_bytes();
    let skip_ws = |c: &mut usize| {
        while *c < bytes.len() && bytes[*c].is_ascii_whitespace() {
            *c += 1;
        }
    };
    let mut path = prefix;
    loop {
        skip_ws(cursor);
        if *cursor < bytes.len() && bytes[*cursor] == b'{' {
            *cursor += 1;
            loop {
                skip_ws(cursor);
                if *cursor >= bytes.len() {
                    return;
                }
                if bytes[*cursor] == b'}' {
                    *cursor += 1;
                    return;
                }
                if bytes[*cursor] == b',' {
                    *cursor += 1;
                    continue;
                }
                let before = *cursor;
                parse_tree(code, cursor, path.clone(), out);
                if *cursor == before {
                    *cursor += 1; // not a path: step over it
                }
            }
        }
        let name: String = code[*cursor..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            out.push(path);
            return;
        }
        *cursor += name.len();
        if name != "self" {
            path.push(name);
        }
        skip_ws(cursor);
        if code[*cursor..].starts_with("::") {
            *cursor += 2;
        } else {
            out.push(path);
            return;
        }
    }
}

/// An import of one sibling module by another: `from` and `to` are module
/// paths with the same parent.
#[derive(Debug, Clone, PartialEq)]
struct SiblingImport {
    from: Vec<String>,
    to: Vec<String>,
    file: String,
    line: usize,
}

/// Every import between sibling modules in the non-test code under `src`.
fn sibling_imports(src: &Path) -> Vec<SiblingImport> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: Vec<(PathBuf, Vec<String>)> = files
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(src).unwrap().to_path_buf();
            let module = module_path(&rel);
            (rel, module)
        })
        .filter(|(_, m)| m.first().is_some_and(|t| t != "main"))
        .collect();
    let known: Vec<&Vec<String>> = modules.iter().map(|(_, m)| m).collect();
    let mut found = Vec::new();
    for (rel, module) in &modules {
        let text = std::fs::read_to_string(src.join(rel)).unwrap();
        let file = format!("src/{}", rel.display());
        found.extend(sibling_imports_of(&file, module, &text, &known));
    }
    found
}

fn sibling_imports_of(
    file: &str,
    module: &[String],
    text: &str,
    known: &[&Vec<String>],
) -> Vec<SiblingImport> {
    let mut scanner = Scanner::default();
    let mut code = String::new();
    let mut line_starts = Vec::new();
    for line in non_test_lines(text) {
        line_starts.push(code.len());
        code.push_str(&scanner.code(line));
        code.push('\n');
    }
    let mut found = Vec::new();
    for (offset, path) in resolved_paths(&code, module) {
        let common = path.iter().zip(module).take_while(|(a, b)| a == b).count();
        if common >= module.len() || common >= path.len() {
            continue; // the module itself, a child of it, or an ancestor
        }
        let from = module[..=common].to_vec();
        let to = path[..=common].to_vec();
        if !known.iter().any(|k| k.starts_with(&to)) {
            continue; // an item of the parent (`super::Store`), not a module
        }
        if found.iter().any(|i: &SiblingImport| i.to == to) {
            continue; // one line per sibling named: the first
        }
        let line = line_starts.partition_point(|&s| s <= offset);
        found.push(SiblingImport {
            from,
            to,
            file: file.to_string(),
            line,
        });
    }
    found
}

/// Pairs of siblings that import each other, one line each way.
fn circles(imports: &[SiblingImport]) -> Vec<String> {
    let mut seen: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut report = Vec::new();
    for there in imports {
        if seen.iter().any(|(a, b)| *a == there.to && *b == there.from) {
            continue;
        }
        if let Some(back) = imports
            .iter()
            .find(|i| i.from == there.to && i.to == there.from)
        {
            seen.push((there.from.clone(), there.to.clone()));
            report.push(format!(
                "`{}` ↔ `{}`: {}:{} imports `{}` and {}:{} imports `{}`",
                there.from.join("::"),
                there.to.join("::"),
                there.file,
                there.line,
                there.to.join("::"),
                back.file,
                back.line,
                back.to.join("::"),
            ));
        }
    }
    report
}

/// Floors inside which no two sibling modules may import each other.
const NO_CIRCLES_IN: &[&str] = &["store"];

/// Circles known and being untied (each names its pair); none may be added.
const KNOWN_CIRCLES: &[&str] = &[];

#[test]
fn no_two_sibling_modules_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let imports: Vec<SiblingImport> = sibling_imports(&src)
        .into_iter()
        .filter(|i| NO_CIRCLES_IN.contains(&i.from[0].as_str()))
        .collect();
    let report: Vec<String> = circles(&imports)
        .into_iter()
        .filter(|c| !KNOWN_CIRCLES.iter().any(|k| c.starts_with(k)))
        .collect();
    assert!(
        report.is_empty(),
        "{} circle(s) between sibling modules:\n{}",
        report.len(),
        report.join("\n")
    );
}

/// The circle checker itself: groups over lines, `super` chains, items of
/// the parent are not modules, test modules do not count.
#[test]
fn the_circle_checker_resolves_paths_and_finds_both_ends() {
    let known_paths: Vec<Vec<String>> = [
        "store",
        "store::people",
        "store::audit",
        "store::queue::lease",
    ]
    .iter()
    .map(|m| m.split("::").map(String::from).collect())
    .collect();
    let known: Vec<&Vec<String>> = known_paths.iter().collect();
    let people = vec!["store".to_string(), "people".to_string()];
    let audit = vec!["store".to_string(), "audit".to_string()];
    let lease: Vec<String> = ["store", "queue", "lease"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut imports = sibling_imports_of(
        "src/store/people.rs",
        &people,
        "//! people\nuse super::{\n    Store,\n    audit::{self, record},\n};\n",
        &known,
    );
    assert_eq!(
        imports
            .iter()
            .map(|i| (i.line, i.to.join("::")))
            .collect::<Vec<_>>(),
        vec![(2, "store::audit".to_string())]
    );
    imports.extend(sibling_imports_of(
        "src/store/audit.rs",
        &audit,
        "let a = crate::store::people::Actor::new();\n#[cfg(test)]\nmod tests {\n    use super::super::people;\n}\n",
        &known,
    ));
    let report = circles(&imports);
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(
        report[0].contains("src/store/people.rs:2") && report[0].contains("src/store/audit.rs:1")
    );
    // From a nested module, super::super reaches the floor's siblings.
    let from_lease = sibling_imports_of(
        "src/store/queue/lease.rs",
        &lease,
        "use super::super::people::Actor;",
        &known,
    );
    assert_eq!(from_lease[0].from.join("::"), "store::queue");
    assert_eq!(from_lease[0].to.join("::"), "store::people");
}
