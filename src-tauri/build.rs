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
    "income_expenditure_catalogue",
    "compute_income_expenditure",
    "new_income_expenditure",
    "save_income_expenditure",
    "income_expenditure",
    "income_expenditure_history",
    "latest_income_expenditure",
    "income_expenditure_settings",
    "save_income_expenditure_settings",
    "load_spending_guidelines",
    "spending_guidelines",
    "read_sfs",
    "import_sfs_statement",
    "export_sfs_statement",
    "income_expenditure_summary_pdf",
    "calculate_pro_rata",
    "check_monthly_offer",
    "council_affordable_offer",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build");
}
