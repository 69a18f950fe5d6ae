//! The UI tests' court fixtures (`tests/ui/fixtures/court_*.json`) have the shape the core answers with: this runs
//! `tests/ui/make-court-fixtures.mjs` (node) with the CLI on a fresh demo caseload into a temporary folder and
//! compares every fixture's fields, recursively, with the fresh answer's (ids and figures differ run to run: the
//! demo's ids are new each time). `UPDATE_UI_FIXTURES=1` copies the fresh files over the committed ones.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Every object key path in a JSON value ("lines[].defendants[].name"); arrays contribute their items' keys.
fn shape(v: &Value, at: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let p = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                out.insert(p.clone());
                shape(x, &p, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                shape(x, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

fn shape_of(path: &Path) -> BTreeSet<String> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = BTreeSet::new();
    shape(&v, "", &mut out);
    out
}

#[test]
fn the_court_ui_fixtures_have_the_cores_shape() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("node")
        .arg(root.join("tests/ui/make-court-fixtures.mjs"))
        .arg(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .arg(dir.path())
        .env_remove("RECOVERY_DESK_DB")
        .output()
        .expect("node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names.len(), 10, "{names:?}");
    for name in names {
        let fresh = dir.path().join(&name);
        let kept = root.join("tests/ui/fixtures").join(&name);
        if std::env::var_os("UPDATE_UI_FIXTURES").is_some() {
            std::fs::copy(&fresh, &kept).unwrap();
        }
        assert_eq!(shape_of(&kept), shape_of(&fresh), "{name:?} differs in shape from the core's answer");
    }
    // The T12 refusal and the charging order threshold are what the screens show.
    let too_soon = std::fs::read_to_string(dir.path().join("court_preview_too_soon.json")).unwrap();
    assert!(too_soon.contains("too_soon_for_hearing") && too_soon.contains("is too soon"), "{too_soon}");
    let refusals = std::fs::read_to_string(dir.path().join("court_refusals.json")).unwrap();
    assert!(refusals.contains("a charging order needs at least £1000.00"), "{refusals}");
}
