//! What the UI fixture tests of the audit log and data protection share: where the fixtures live, an error as
//! the shell sends it, ids made fixed in order of first appearance, and the write-or-compare of every fixture
//! (`UPDATE_UI_FIXTURES=1` rewrites them; the comparison ignores ids and whatever `blank` says).

use recovery_core::Error;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ui/fixtures")
}

/// An error as the shell sends it across IPC (`commands::IpcError`: a validation error's message is its reason).
pub fn ipc_error(e: Error) -> serde_json::Value {
    match e {
        Error::Validation { field, reason } => {
            serde_json::json!({"code": "validation", "field": field, "message": reason})
        }
        other => serde_json::json!({"code": other.code(), "message": other.to_string()}),
    }
}

pub fn uuid_pattern() -> regex::Regex {
    regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap()
}

/// Gives every id a fixed one: `known` first (the hand-written fixtures' ids), else `<prefix>NNNN` in order of
/// first appearance.
pub struct Ids {
    pub known: Vec<(String, String)>,
    prefix: &'static str,
    uuid: regex::Regex,
}

impl Ids {
    pub fn new(prefix: &'static str, known: Vec<(String, String)>) -> Ids {
        Ids { known, prefix, uuid: uuid_pattern() }
    }

    /// The value as JSON with `replace` pairs applied (a temp folder, say) and every id made fixed.
    pub fn normalise(&mut self, value: &impl Serialize, replace: &[(&str, &str)]) -> serde_json::Value {
        let mut text = serde_json::to_string(value).unwrap();
        for (from, to) in replace {
            text = text.replace(from, to);
        }
        for (from, to) in self.known.iter() {
            text = text.replace(from.as_str(), to);
        }
        let found: Vec<String> = self.uuid.find_iter(&text).map(|m| m.as_str().to_string()).collect();
        for id in found {
            if self.known.iter().any(|(_, to)| *to == id) {
                continue;
            }
            let fixed = format!("{}{:04}", self.prefix, self.known.len() + 1);
            text = text.replace(&id, &fixed);
            self.known.push((id, fixed));
        }
        serde_json::from_str(&text).unwrap()
    }
}

/// Writes every fixture (`UPDATE_UI_FIXTURES=1`) or checks it against what Rust answered, ids blanked and `blank`
/// applied to both sides.
pub fn write_or_compare<const N: usize>(outputs: [(&str, serde_json::Value); N], blank: impl Fn(String) -> String) {
    let uuid = uuid_pattern();
    let update = std::env::var_os("UPDATE_UI_FIXTURES").is_some();
    let without = |v: &serde_json::Value| -> serde_json::Value {
        serde_json::from_str(&blank(uuid.replace_all(&v.to_string(), "<id>").into_owned())).unwrap()
    };
    for (name, value) in outputs {
        let path = fixtures_dir().join(format!("{name}.json"));
        if update {
            std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap() + "\n").unwrap();
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_UI_FIXTURES=1)", path.display()));
        let fixture: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            without(&fixture),
            without(&value),
            "{name}.json differs from what Rust answers (UPDATE_UI_FIXTURES=1 rewrites it)"
        );
    }
}
