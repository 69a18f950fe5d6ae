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
    "list_letter_templates",
    "letter_template",
    "letter_template_versions",
    "validate_letter_template",
    "save_letter_template",
    "preview_letter_template",
    "letter_form",
    "preview_letter",
    "send_letter",
    "person_letters",
    "letter_pages",
    "reprint_letter",
    "letter_runs",
    "letter_run",
    "letters_waiting",
    "gather_letter_run",
    "cancel_letter_run",
    "record_letter_run_dispatch",
    "start_letter_run",
    "start_print_file",
    "letter_job",
    "stop_letter_job",
    "open_pdf",
    "print_pdf",
    "open_print_file",
    "print_print_file",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build");
}
