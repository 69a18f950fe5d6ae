//! Build script: generates the Tauri context and one `allow-<command>` permission per app command. The
//! list must match `generate_handler!` in src/lib.rs, the capability in tauri.conf.json and ui/api.js
//! (tests/it/tidy.rs checks the four agree).

const COMMANDS: &[&str] = &[
    "app_info",
    "council_profile",
    "search",
    "person",
    "add_note",
    "record_payment",
    "reverse_ledger_entry",
    "person_audit",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build");
}
