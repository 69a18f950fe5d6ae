//! The UI tests' data protection fixtures (`tests/ui/fixtures/dp_*.json`) are what Rust really answers, on 25
//! November 2026: the administrator saves the backup settings (and a keep of 0, refused on `keep`), backs up
//! now and restores that backup; the retention schedule (the POLICY defaults); the preview with Gwendolyn
//! Oakhurst due (council tax paid off 1 May 2016) and Desmond Ettrick held back by a complaint (a legal hold)
//! and Barnaby Quillfeather within his period; the run that anonymises Mrs Oakhurst; the holds in force; Tess
//! Leader's subject access export of Mrs Jane Smith (the hand-written fixtures' id); an officer refused the
//! backups. The temporary folder is replaced by a fixed one; the comparison ignores ids and byte counts.
//! `UPDATE_UI_FIXTURES=1` rewrites them.

use crate::ui_fixture_support::{ipc_error, write_or_compare, Ids};
use chrono::{TimeZone, Utc};
use recovery_core::access::UserRole;
use recovery_core::api::{self, BackupSettingsInput, RunRetentionInput};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::parties::{self, Party};
use recovery_core::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role};
use recovery_core::{Ctx, Money};
use std::path::Path;

/// The hand-written UI fixtures' id of Mrs Jane Smith (tests/ui/harness.mjs JANE).
const JANE: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1001";
/// Where the fixtures say the app's data folder is.
const DATA: &str = "/home/admin/.local/share/uk.recoverydesk.app";

fn at(user: &str, role: UserRole, h: u32, m: u32) -> Ctx {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, h, m, 0).unwrap();
    Ctx::signed_in(user, role, now, now.date_naive())
}

/// One person on one council tax account with its charge and payments, as (amount, date).
fn person(
    db: &recovery_core::Db,
    ctx: &Ctx,
    id: Option<&str>,
    name: (&str, &str, &str),
    year: i32,
    entries: &[(&str, &str)],
) -> String {
    let (title, forenames, surname) = name;
    db.write(|tx| {
        let home = parties::insert_address(tx, ctx, None, &[format!("{surname} House"), "Ashdown".into()], "AD1 2BC")?;
        let party = Party {
            kind: Some(PartyKind::Person),
            id: id.unwrap_or_default().into(),
            title: title.into(),
            forenames: forenames.into(),
            surname: surname.into(),
            address_id: Some(home.clone()),
            ..Party::default()
        };
        let party = parties::insert_party(tx, ctx, &party)?;
        let reference = format!("CT{}", 10_000_000 + surname.len() * 1000 + forenames.len());
        let account = accounts::insert_account(
            tx,
            ctx,
            &NewAccount {
                reference: &reference,
                debt_type: DebtType::CouncilTax,
                jurisdiction: Jurisdiction::England,
                property_address_id: Some(&home),
                status: "open",
                opened_on: &format!("{year}-03-01"),
                closed_on: None,
            },
        )?;
        accounts::insert_account_party(tx, ctx, &account, &party, Role::Liable, None)?;
        let liability = accounts::insert_liability(
            tx,
            ctx,
            &account,
            year,
            &format!("{year}-04-01"),
            &format!("{}-03-31", year + 1),
            "Band B",
        )?;
        for (amount, on) in entries {
            let kind = if amount.starts_with('-') { LedgerKind::Payment } else { LedgerKind::Charge };
            accounts::insert_entry(
                tx,
                ctx,
                &NewEntry {
                    account_id: &account,
                    liability_id: Some(&liability),
                    kind: Some(kind),
                    amount: Money::parse(amount).unwrap(),
                    posted_on: on,
                    effective_on: on,
                    ..NewEntry::default()
                },
            )?;
        }
        Ok(party)
    })
    .unwrap()
}

#[test]
fn the_ui_fixtures_for_data_protection_are_what_rust_answers() {
    let dir = tempfile::tempdir().unwrap();
    let temp = dir.path().display().to_string();
    let admin = at("admin", UserRole::Admin, 9, 0);
    let db = api::open(dir.path().join("recovery-desk.db"), &admin).unwrap();
    let jane = person(
        &db,
        &admin,
        Some(JANE),
        ("Mrs", "Jane", "Smith"),
        2025,
        &[("1500.00", "2025-03-10"), ("-250.00", "2025-06-01")],
    );
    let oakhurst = person(
        &db,
        &admin,
        None,
        ("", "Gwendolyn", "Oakhurst"),
        2015,
        &[("1200.00", "2015-03-10"), ("-1200.00", "2016-05-01")],
    );
    let ettrick = person(
        &db,
        &admin,
        None,
        ("", "Desmond", "Ettrick"),
        2015,
        &[("700.00", "2015-03-10"), ("-700.00", "2016-05-01")],
    );
    person(
        &db,
        &admin,
        None,
        ("", "Barnaby", "Quillfeather"),
        2015,
        &[("900.00", "2015-03-10"), ("-900.00", "2023-01-10")],
    );
    let officer = at("a.officer", UserRole::Officer, 9, 5);
    let hold = serde_json::json!({"partyId": ettrick, "kind": "complaint", "reason": "Stage 2 complaint about the 2015/16 bill"});
    api::place_legal_hold(&db, &officer, serde_json::from_value(hold).unwrap()).unwrap();

    let folder = dir.path().join("backups").display().to_string();
    let settings_in = |keep| BackupSettingsInput { folder: Some(folder.clone()), every_hours: 24, keep };
    let saved = api::save_backup_settings(&db, &admin, settings_in(14)).unwrap();
    let bad_keep = ipc_error(api::save_backup_settings(&db, &admin, settings_in(0)).unwrap_err());
    let backup = api::backup_now(&db, &at("admin", UserRole::Admin, 9, 10), Path::new(&folder), None).unwrap();
    let settings = api::backup_settings(&db, &admin).unwrap();
    let restored =
        api::restore_backup(&at("admin", UserRole::Admin, 9, 12), &backup.path, &dir.path().join("restored.db"), None)
            .unwrap();
    let forbidden = ipc_error(api::backup_settings(&db, &officer).unwrap_err());

    let leader = at("t.leader", UserRole::TeamLeader, 10, 0);
    let schedule = api::retention_schedule(&db, &admin).unwrap();
    let preview = api::preview_retention(&db, &leader).unwrap();
    let holds = api::legal_holds(&db, &admin, None).unwrap();
    let sar =
        api::subject_access_export(&db, &leader, &jane, &dir.path().join("signed-in-files/subject-access")).unwrap();
    let run = api::run_retention(
        &db,
        &at("admin", UserRole::Admin, 10, 30),
        RunRetentionInput { party_ids: preview.party_ids.clone() },
    )
    .unwrap();

    // What the screens show, checked here once.
    assert_eq!(bad_keep["field"], "keep");
    assert_eq!(forbidden["code"], "forbidden");
    assert!(backup.path.starts_with(&folder) && backup.bytes > 0);
    assert_eq!(settings.last_backup_path.as_deref(), Some(backup.path.display().to_string().as_str()));
    assert_eq!(preview.party_ids, vec![oakhurst.clone()]);
    assert_eq!(preview.due[0].due_on.to_string(), "2022-05-01");
    let held: Vec<(&str, &str)> = preview.held_back.iter().map(|h| (h.name.as_str(), h.reasons[0].code)).collect();
    assert_eq!(held.len(), 2);
    assert!(
        held.contains(&("Desmond Ettrick", "legal_hold")) && held.contains(&("Barnaby Quillfeather", "within_period")),
        "{held:?}"
    );
    assert_eq!(run.anonymised.len(), 1);
    assert_eq!(run.anonymised[0].party_id, oakhurst);
    assert_eq!((sar.accounts, sar.ledger_entries), (1, 2));
    assert!(sar.pdf_path.is_file() && sar.json_path.is_file());

    let mut ids = Ids::new("0193a7c2-5b1e-7c3a-9f10-2b8d4e6d", vec![(JANE.to_string(), JANE.to_string())]);
    let mut n = |v: serde_json::Value| ids.normalise(&v, &[(temp.as_str(), DATA)]);
    let outputs = [
        ("dp_backup_settings_saved", n(serde_json::to_value(&saved).unwrap())),
        ("dp_backup_error_keep", bad_keep),
        ("dp_backup_now", n(serde_json::to_value(&backup).unwrap())),
        ("dp_backup_settings", n(serde_json::to_value(&settings).unwrap())),
        ("dp_restore", n(serde_json::to_value(&restored).unwrap())),
        ("dp_error_forbidden", forbidden),
        ("dp_retention_schedule", n(serde_json::to_value(&schedule).unwrap())),
        ("dp_retention_preview", n(serde_json::to_value(&preview).unwrap())),
        ("dp_legal_holds", n(serde_json::to_value(&holds).unwrap())),
        ("dp_sar_jane", n(serde_json::to_value(&sar).unwrap())),
        ("dp_retention_run", n(serde_json::to_value(&run).unwrap())),
    ];
    let bytes = regex::Regex::new(r#""bytes":\d+"#).unwrap();
    write_or_compare(outputs, |text| bytes.replace_all(&text, r#""bytes":0"#).into_owned());
}
