//! Tidy checks: file walks that keep the seams honest (engineering.md §4). The four command lists agree,
//! only ui/api.js touches `window.__TAURI__`, no floats in money or rules, every Rust file says what it is
//! for, the core has no Tauri dependency, and ARCHITECTURE.md's code map names every folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | "node_modules" | "vendor" | "gen" | ".git") {
                files(&path, ext, out);
            }
        } else if name.ends_with(ext) {
            out.push(path);
        }
    }
}

/// Quoted words between `start` and the next `end`.
fn quoted_between(text: &str, start: &str, end: &str) -> BTreeSet<String> {
    let from = text.find(start).unwrap_or_else(|| panic!("{start} not found")) + start.len();
    let to = from + text[from..].find(end).unwrap();
    text[from..to].split('"').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn the_four_command_lists_agree() {
    let build = quoted_between(&read("src-tauri/build.rs"), "const COMMANDS", "];");
    let lib = read("src-tauri/src/lib.rs");
    let from = lib.find("generate_handler![").unwrap();
    let handler: BTreeSet<String> = lib[from..from + lib[from..].find(']').unwrap()]
        .split("commands::")
        .skip(1)
        .map(|s| s.split(|c: char| c == ',' || c.is_whitespace()).next().unwrap().to_string())
        .collect();
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let capability: BTreeSet<String> = conf["app"]["security"]["capabilities"][0]["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-").map(|s| s.replace('-', "_")))
        .collect();
    let api_js = read("ui/api.js");
    // api.js funnels every command through one `call('name', …)` (or `invoke('name', …)`).
    let ui: BTreeSet<String> = api_js
        .split("call(")
        .chain(api_js.split("invoke(").skip(1))
        .skip(1)
        .filter_map(|s| {
            let s = s.trim_start();
            let q = s.chars().next()?;
            if q != '\'' && q != '"' {
                return None;
            }
            Some(s[1..].split(q).next()?.to_string())
        })
        .collect();
    assert_eq!(handler, build, "generate_handler! and build.rs COMMANDS differ");
    assert_eq!(capability, build, "tauri.conf.json capability and build.rs COMMANDS differ");
    assert_eq!(ui, build, "ui/api.js and build.rs COMMANDS differ");
}

#[test]
fn only_api_js_touches_the_tauri_global() {
    let mut js = Vec::new();
    files(&root().join("ui"), ".js", &mut js);
    assert!(!js.is_empty());
    for f in js {
        let text = std::fs::read_to_string(&f).unwrap();
        if text.contains("__TAURI__") {
            assert!(f.ends_with("ui/api.js"), "{} touches window.__TAURI__", f.display());
        }
    }
}

#[test]
fn no_floating_point_in_money_or_rules() {
    let mut rs = vec![root().join("src-tauri/core/src/money.rs")];
    files(&root().join("src-tauri/core/src/rules"), ".rs", &mut rs);
    for f in rs {
        for (i, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
            let code = line.split("//").next().unwrap();
            for bad in ["f64", "f32", "as_f64", "from_f64"] {
                let hit = code.match_indices(bad).any(|(at, _)| {
                    let before = code[..at].chars().last().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                    let after = code[at + bad.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                    before && after
                });
                assert!(!hit, "{}:{}: floating point near money: {line}", f.display(), i + 1);
            }
        }
    }
}

#[test]
fn every_rust_file_says_what_it_is_for() {
    let mut rs = Vec::new();
    for dir in ["src-tauri", "tests"] {
        files(&root().join(dir), ".rs", &mut rs);
    }
    for f in rs {
        let text = std::fs::read_to_string(&f).unwrap();
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let ok = first.starts_with("//!") || (f.ends_with("main.rs") && text.lines().count() <= 3);
        assert!(ok, "{} does not open with a //! line", f.display());
    }
}

#[test]
fn the_core_knows_nothing_of_tauri() {
    let manifest = read("src-tauri/core/Cargo.toml");
    assert!(!manifest.lines().any(|l| l.trim_start().starts_with("tauri")), "recovery-core depends on tauri");
    let mut rs = Vec::new();
    files(&root().join("src-tauri/core/src"), ".rs", &mut rs);
    for f in rs {
        assert!(!std::fs::read_to_string(&f).unwrap().contains("tauri::"), "{} uses tauri", f.display());
    }
}

#[test]
fn no_sql_outside_the_db_module() {
    let mut rs = Vec::new();
    files(&root().join("src-tauri/core/src"), ".rs", &mut rs);
    files(&root().join("src-tauri/src"), ".rs", &mut rs);
    for f in rs {
        let p = f.to_string_lossy();
        if p.contains("/core/src/db/") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for kw in ["SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"] {
            let hit = text.lines().any(|l| l.contains(kw) && !l.trim_start().starts_with("//"));
            assert!(!hit, "{p} has SQL ({kw}); put it in core::db");
        }
    }
}

#[test]
fn architecture_code_map_names_every_folder() {
    let arch = read("ARCHITECTURE.md");
    let mut dirs = vec!["ui/".to_string(), "tests/it/".into(), "tests/ui/".into(), "tests/e2e/".into()];
    for base in ["src-tauri/core/src", "src-tauri/src"] {
        for entry in std::fs::read_dir(root().join(base)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(format!("{base}/{}/", path.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    for d in dirs {
        assert!(arch.contains(&d), "ARCHITECTURE.md's code map does not mention {d}");
    }
}

/// Every file beside `tests/it/main.rs` is one of its modules: a file left out is a test that never runs.
#[test]
fn every_integration_test_file_is_a_module() {
    let main = read("tests/it/main.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/it")).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        if path.extension().is_some_and(|e| e == "rs") && stem != "main" && !main.contains(&format!("mod {stem};")) {
            missing.push(stem.to_string());
        }
    }
    assert!(missing.is_empty(), "tests/it/main.rs does not name: {missing:?}");
}
