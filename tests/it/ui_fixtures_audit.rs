//! The UI tests' audit fixtures (`tests/ui/fixtures/audit_*.json`) are what Rust really answers: Mrs Jane Smith
//! (the hand-written fixtures' id) and her Council Tax account 50012345; Alex Officer (`a.officer`) opens her,
//! her timetable and her letters on 24 November 2026 and adds a note; Tess Leader (`t.leader`, team leader,
//! whose name holds a comma) opens her on the 25th. Written: the filters, the whole log, Alex's rows, the log in
//! pages of three, a date range the wrong way round and an officer's refusal, as the screen receives them
//! (`{code, message, field?}` for errors). Ids are replaced by fixed ones in order of first appearance; the
//! comparison ignores ids. `UPDATE_UI_FIXTURES=1` rewrites them.

use crate::ui_fixture_support::{ipc_error, write_or_compare, Ids};
use chrono::{TimeZone, Utc};
use recovery_core::access::UserRole;
use recovery_core::api::{self, AuditQuery};
use recovery_core::db::accounts::{self, NewAccount};
use recovery_core::db::parties::{self, Party};
use recovery_core::db::tasks::{self, UserRow};
use recovery_core::model::{DebtType, Jurisdiction, PartyKind, Role};
use recovery_core::Ctx;

/// The hand-written UI fixtures' ids (tests/ui/harness.mjs JANE, CT_ACCOUNT).
const JANE: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1001";
const CT_ACCOUNT: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a3001";

fn at(user: &str, role: UserRole, day: u32, h: u32, m: u32) -> Ctx {
    let now = Utc.with_ymd_and_hms(2026, 11, day, h, m, 0).unwrap();
    Ctx::signed_in(user, role, now, now.date_naive())
}

#[test]
fn the_ui_fixtures_for_the_audit_log_are_what_rust_answers() {
    let dir = tempfile::tempdir().unwrap();
    let setup = at("setup", UserRole::Admin, 1, 9, 0);
    let db = api::open(dir.path().join("audit.db"), &setup).unwrap();
    let account = db
        .write(|tx| {
            for (id, name, role) in
                [("a.officer", "Alex Officer", "officer"), ("t.leader", "Leader, Tess", "team_leader")]
            {
                let user = UserRow { id: id.into(), username: id.into(), display_name: name.into(), role: role.into() };
                tasks::add_user(tx, &setup, &user)?;
            }
            let home =
                parties::insert_address(tx, &setup, None, &["12 High Street".into(), "Ashdown".into()], "AD1 2BC")?;
            let jane = Party {
                kind: Some(PartyKind::Person),
                id: JANE.into(),
                title: "Mrs".into(),
                forenames: "Jane".into(),
                surname: "Smith".into(),
                address_id: Some(home.clone()),
                ..Party::default()
            };
            parties::insert_party(tx, &setup, &jane)?;
            let account = accounts::insert_account(
                tx,
                &setup,
                &NewAccount {
                    reference: "50012345",
                    debt_type: DebtType::CouncilTax,
                    jurisdiction: Jurisdiction::England,
                    property_address_id: Some(&home),
                    status: "open",
                    opened_on: "2019-04-01",
                    closed_on: None,
                },
            )?;
            accounts::insert_account_party(tx, &setup, &account, JANE, Role::Liable, None)?;
            Ok(account)
        })
        .unwrap();
    let alex = |m: u32| at("a.officer", UserRole::Officer, 24, 9, m);
    api::person(&db, &alex(15), JANE).unwrap();
    let timetable = api::AccountTimetableInput { account_id: account.clone(), on: None };
    api::account_timetable(&db, &alex(16), timetable).unwrap();
    api::person_letters(&db, &alex(17), JANE).unwrap();
    let note = api::AddNoteInput { party_id: JANE.into(), account_id: None, body: "Called: will pay Friday".into() };
    api::add_note(&db, &alex(20), note).unwrap();
    let tess = at("t.leader", UserRole::TeamLeader, 25, 8, 5);
    api::person(&db, &tess, JANE).unwrap();

    let filters = api::audit_filters(&db, &tess).unwrap();
    let all = api::audit_log(&db, &tess, AuditQuery::default()).unwrap();
    let alex_only =
        api::audit_log(&db, &tess, AuditQuery { user_id: Some("a.officer".into()), ..Default::default() }).unwrap();
    let paged = |page| AuditQuery { page: Some(page), limit: Some(3), ..Default::default() };
    let page1 = api::audit_log(&db, &tess, paged(1)).unwrap();
    let page2 = api::audit_log(&db, &tess, paged(2)).unwrap();
    let backwards = AuditQuery { from: Some("2026-11-25".into()), to: Some("2026-11-24".into()), ..Default::default() };
    let backwards = ipc_error(api::audit_log(&db, &tess, backwards).unwrap_err());
    let forbidden = ipc_error(api::audit_filters(&db, &alex(30)).unwrap_err());

    // What the screen shows, checked here once.
    let who: Vec<&str> = all.rows.iter().map(|r| r.user_name.as_deref().unwrap_or(&r.user_id)).collect();
    assert_eq!(who, ["Leader, Tess", "Alex Officer", "Alex Officer", "Alex Officer", "Alex Officer"]);
    assert_eq!(all.rows[0].party_name.as_deref(), Some("Mrs Jane Smith"));
    assert_eq!(all.rows[3].account_reference.as_deref(), Some("50012345"), "the timetable names the account");
    assert_eq!(alex_only.total, 4);
    assert_eq!((page1.pages, page2.first, page2.last), (2, 4, 5));
    assert_eq!(backwards["field"], "to");
    assert_eq!(forbidden["code"], "forbidden");

    let mut ids = Ids::new(
        "0193a7c2-5b1e-7c3a-9f10-2b8d4e6c",
        vec![(account, CT_ACCOUNT.to_string()), (JANE.to_string(), JANE.to_string())],
    );
    let outputs = [
        ("audit_filters", ids.normalise(&filters, &[])),
        ("audit_page", ids.normalise(&all, &[])),
        ("audit_page_officer", ids.normalise(&alex_only, &[])),
        ("audit_page_1_of_2", ids.normalise(&page1, &[])),
        ("audit_page_2_of_2", ids.normalise(&page2, &[])),
        ("audit_error_dates", backwards),
        ("audit_error_forbidden", forbidden),
    ];
    write_or_compare(outputs, |text| text);
}
