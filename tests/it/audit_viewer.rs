//! The audit of views and the audit viewer (issue 9 item 4): viewing a person writes one `viewed` row naming
//! the user and the person (once a minute per user, person and view); the viewer filters by user, by person
//! (their own rows and their accounts'), by account reference and by date, newest first, a page at a time;
//! the CSV has a header and quotes a field with a comma; an officer may not read the log, a team leader may.

use crate::fixtures::{self, Case};
use chrono::{TimeZone, Utc};
use recovery_core::access::UserRole;
use recovery_core::api::{self, AuditQuery};
use recovery_core::db::tasks::{self, UserRow};
use recovery_core::Ctx;

fn as_user(user: &str, role: UserRole, at: (u32, u32, u32, u32)) -> Ctx {
    let (d, h, m, s) = at;
    let now = Utc.with_ymd_and_hms(2026, 11, d, h, m, s).unwrap();
    Ctx::signed_in(user, role, now, now.date_naive())
}

fn ben(at: (u32, u32, u32, u32)) -> Ctx {
    as_user("u-ben", UserRole::Officer, at)
}

fn anna(at: (u32, u32, u32, u32)) -> Ctx {
    as_user("u-anna", UserRole::TeamLeader, at)
}

/// The team leader reading the log on the 25th.
fn reader() -> Ctx {
    anna((25, 16, 0, 0))
}

/// The fixture's people, two users (Anna Lee, team leader, whose display name holds a comma; Ben Ng, officer),
/// a note on Jane by the test officer on the 25th, and these views:
/// - Ben opens Jane on the 20th at 09:00:00, again at 09:00:40 (the same minute: no second row) and at 09:01:30;
/// - Ben opens the timetable of CT10000001 (Jane and Tom's joint account) on the 21st;
/// - Anna opens Tom on the 22nd at 14:00 and the business on the 23rd.
fn case() -> Case {
    let c = fixtures::case();
    c.db.write(|tx| {
        let add = |id: &str, username: &str, name: &str, role: &str| {
            let user =
                UserRow { id: id.into(), username: username.into(), display_name: name.into(), role: role.into() };
            tasks::add_user(tx, &fixtures::ctx(), &user)
        };
        add("u-anna", "anna.lee", "Lee, Anna", "team_leader")?;
        add("u-ben", "ben.ng", "Ben Ng", "officer")
    })
    .unwrap();
    let note = api::AddNoteInput { party_id: c.jane.clone(), account_id: None, body: "Called, no answer".into() };
    api::add_note(&c.db, &fixtures::ctx(), note).unwrap();
    api::person(&c.db, &ben((20, 9, 0, 0)), &c.jane).unwrap();
    api::person(&c.db, &ben((20, 9, 0, 40)), &c.jane).unwrap();
    api::person(&c.db, &ben((20, 9, 1, 30)), &c.jane).unwrap();
    let timetable = api::AccountTimetableInput { account_id: c.ct_account.clone(), on: None };
    api::account_timetable(&c.db, &ben((21, 11, 15, 0)), timetable).unwrap();
    api::person(&c.db, &anna((22, 14, 0, 0)), &c.tom).unwrap();
    api::person(&c.db, &anna((23, 8, 30, 0)), &c.business).unwrap();
    c
}

/// `(at, user_id, action, entity, entity_id)` of each row of a page, in the page's order.
fn summary(page: &api::AuditPage) -> Vec<(String, String, String, String, String)> {
    page.rows
        .iter()
        .map(|r| (r.at.clone(), r.user_id.clone(), r.action.clone(), r.entity.clone(), r.entity_id.clone()))
        .collect()
}

fn row(at: &str, user: &str, action: &str, entity: &str, id: &str) -> (String, String, String, String, String) {
    (at.into(), user.into(), action.into(), entity.into(), id.into())
}

#[test]
fn viewing_a_person_writes_one_row_naming_the_user_and_the_person_and_the_chain_still_verifies() {
    let c = fixtures::case();
    let before = api::verify_audit_chain(&c.db).unwrap().rows;
    api::person(&c.db, &ben((20, 9, 0, 0)), &c.jane).unwrap();
    api::person(&c.db, &ben((20, 9, 0, 59)), &c.jane).unwrap();
    let rows: Vec<(String, String, String, String, Option<String>, String)> =
        c.db.read(|tx| {
            let mut stmt = tx.prepare(
                "SELECT user_id, action, entity, entity_id, party_id, detail FROM audit_log WHERE action = 'viewed'",
            )?;
            let rows =
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert_eq!(
        rows,
        vec![(
            "u-ben".to_string(),
            "viewed".to_string(),
            "parties".to_string(),
            c.jane.clone(),
            Some(c.jane.clone()),
            r#"{"view":"person"}"#.to_string()
        )],
        "one row for two views within the minute, with no personal data in it"
    );
    assert_eq!(api::VIEW_ROW_WINDOW_SECONDS, 60);
    // A minute on, and another user at the same moment, each write a row.
    api::person(&c.db, &ben((20, 9, 1, 0)), &c.jane).unwrap();
    api::person(&c.db, &anna((20, 9, 1, 0)), &c.jane).unwrap();
    // A different view of the same person is its own row.
    api::person_letters(&c.db, &ben((20, 9, 1, 5)), &c.jane).unwrap();
    let check = api::verify_audit_chain(&c.db).unwrap();
    assert_eq!((check.rows, check.broken), (before + 4, None));
    // The person screen's own history lists changes, not views.
    assert!(api::person_audit(&c.db, &c.jane).unwrap().iter().all(|e| e.action != "viewed"));
}

#[test]
fn the_viewer_filters_by_user_by_person_by_account_and_by_date_newest_first() {
    let c = case();
    let jane_view = |at: &str| row(at, "u-ben", "viewed", "parties", &c.jane);
    let timetable = row("2026-11-21T11:15:00.000Z", "u-ben", "viewed", "accounts", &c.ct_account);

    let by_ben =
        api::audit_log(&c.db, &reader(), AuditQuery { user_id: Some("u-ben".into()), ..Default::default() }).unwrap();
    assert_eq!(
        summary(&by_ben),
        vec![timetable.clone(), jane_view("2026-11-20T09:01:30.000Z"), jane_view("2026-11-20T09:00:00.000Z")]
    );
    assert_eq!(by_ben.rows[0].user_name.as_deref(), Some("Ben Ng"));
    assert_eq!(by_ben.rows[2].party_name.as_deref(), Some("Jane Elizabeth Ashworth"));
    assert_eq!(by_ben.rows[0].account_reference.as_deref(), Some("CT10000001"));
    // By username too (the CLI's --by).
    let by_name =
        api::audit_log(&c.db, &reader(), AuditQuery { user_id: Some("ben.ng".into()), ..Default::default() }).unwrap();
    assert_eq!(summary(&by_name), summary(&by_ben));

    // Tom: the view of him and the timetable of the account he shares with Jane, not the views of Jane.
    let tom_in_week = AuditQuery {
        party_id: Some(c.tom.clone()),
        from: Some("2026-11-20".into()),
        to: Some("2026-11-24".into()),
        ..Default::default()
    };
    let tom = api::audit_log(&c.db, &reader(), tom_in_week).unwrap();
    assert_eq!(
        summary(&tom),
        vec![row("2026-11-22T14:00:00.000Z", "u-anna", "viewed", "parties", &c.tom), timetable.clone()]
    );
    assert_eq!(tom.rows[0].user_name.as_deref(), Some("Lee, Anna"));
    assert_eq!(tom.rows[0].party_name.as_deref(), Some("Thomas Ashworth"));

    // The screen's one box takes an account reference (any case) or a person's id.
    let account = api::audit_log(
        &c.db,
        &reader(),
        AuditQuery { person: Some("ct10000001".into()), to: Some("2026-11-24".into()), ..Default::default() },
    )
    .unwrap();
    assert_eq!(summary(&account), vec![timetable.clone()]);
    let business =
        api::audit_log(&c.db, &reader(), AuditQuery { person: Some(c.business.clone()), ..Default::default() })
            .unwrap();
    assert_eq!(summary(&business), vec![row("2026-11-23T08:30:00.000Z", "u-anna", "viewed", "parties", &c.business)]);
    let nobody = api::audit_log(&c.db, &reader(), AuditQuery { person: Some("XX999".into()), ..Default::default() })
        .unwrap_err();
    assert_eq!(
        (nobody.code(), nobody.to_string()),
        ("validation", "person: no account reference or person's id is XX999".into())
    );

    // A date range: the 21st to the 22nd, both whole days.
    let days = AuditQuery { from: Some("2026-11-21".into()), to: Some("2026-11-22".into()), ..Default::default() };
    let days = api::audit_log(&c.db, &reader(), days).unwrap();
    assert_eq!(summary(&days), vec![row("2026-11-22T14:00:00.000Z", "u-anna", "viewed", "parties", &c.tom), timetable]);

    // The 25th holds the note (by the test officer); action and entity narrow too.
    let notes = AuditQuery { action: Some("add_note".into()), entity: Some("notes".into()), ..Default::default() };
    let notes = api::audit_log(&c.db, &reader(), notes).unwrap();
    assert_eq!(notes.total, 1);
    assert_eq!((notes.rows[0].user_id.as_str(), notes.rows[0].user_name.as_deref()), ("test.officer", None));

    let backwards = AuditQuery { from: Some("2026-11-22".into()), to: Some("2026-11-21".into()), ..Default::default() };
    let e = api::audit_log(&c.db, &reader(), backwards).unwrap_err();
    assert_eq!(e.to_string(), "to: must not be before the first day, 2026-11-22");
    let bad = AuditQuery { from: Some("21/11/2026".into()), ..Default::default() };
    assert_eq!(
        api::audit_log(&c.db, &reader(), bad).unwrap_err().to_string(),
        "from: '21/11/2026' is not a date (YYYY-MM-DD)"
    );
}

#[test]
fn the_viewer_pages_newest_first() {
    let c = case();
    let all = api::audit_log(&c.db, &reader(), AuditQuery::default()).unwrap();
    let n = all.total;
    assert_eq!(all.rows.len() as i64, n, "one page holds them all");
    assert!(all.rows.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
    let second =
        api::audit_log(&c.db, &reader(), AuditQuery { page: Some(2), limit: Some(2), ..Default::default() }).unwrap();
    assert_eq!((second.total, second.page, second.limit, second.first, second.last), (n, 2, 2, 3, 4));
    assert_eq!(second.pages as i64, (n + 1) / 2);
    assert_eq!(summary(&second), summary(&all)[2..4].to_vec());
    let zero = api::audit_log(&c.db, &reader(), AuditQuery { limit: Some(0), ..Default::default() }).unwrap_err();
    assert_eq!(zero.to_string(), "limit: must be from 1 to 500");
}

#[test]
fn the_csv_has_a_header_every_matching_row_and_quotes_a_field_with_a_comma() {
    let c = case();
    let anna_only = AuditQuery { user_id: Some("u-anna".into()), ..Default::default() };
    let csv = api::audit_log_csv(&c.db, &reader(), anna_only.clone()).unwrap();
    let seq_of = |party: &str| -> i64 {
        c.db.read(|tx| {
            Ok(tx.query_row("SELECT seq FROM audit_log WHERE user_id = 'u-anna' AND party_id = ?1", [party], |r| {
                r.get(0)
            })?)
        })
        .unwrap()
    };
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines,
        vec![
            "seq,at,user_id,user_name,action,entity,entity_id,party_id,person,account_id,account_reference,detail",
            &format!(
                r#"{},2026-11-23T08:30:00.000Z,u-anna,"Lee, Anna",viewed,parties,{b},{b},Kestrel Motors Ltd,,,"{{""view"":""person""}}""#,
                seq_of(&c.business),
                b = c.business
            ),
            &format!(
                r#"{},2026-11-22T14:00:00.000Z,u-anna,"Lee, Anna",viewed,parties,{t},{t},Thomas Ashworth,,,"{{""view"":""person""}}""#,
                seq_of(&c.tom),
                t = c.tom
            ),
            "",
        ]
    );
    // The export is itself in the log, after the rows it exported, with the filter and no personal data.
    let exports =
        api::audit_log(&c.db, &reader(), AuditQuery { action: Some("export_audit_log".into()), ..Default::default() })
            .unwrap();
    assert_eq!(exports.total, 1);
    assert_eq!(exports.rows[0].user_id, "u-anna");
    let detail: serde_json::Value = serde_json::from_str(&exports.rows[0].detail).unwrap();
    assert_eq!((detail["rows"].as_i64(), detail["user"].as_str()), (Some(2), Some("u-anna")));
    assert_eq!(api::verify_audit_chain(&c.db).unwrap().broken, None);
}

#[test]
fn an_officer_may_not_read_the_log_and_a_team_leader_may() {
    let c = case();
    let officer = ben((25, 16, 0, 0));
    for e in [
        api::audit_log(&c.db, &officer, AuditQuery::default()).map(|_| ()).unwrap_err(),
        api::audit_log_csv(&c.db, &officer, AuditQuery::default()).map(|_| ()).unwrap_err(),
        api::audit_filters(&c.db, &officer).map(|_| ()).unwrap_err(),
    ] {
        assert_eq!((e.code(), e.to_string()), ("forbidden", "a recovery officer may not read the audit log".into()));
    }
    let filters = api::audit_filters(&c.db, &reader()).unwrap();
    let users: Vec<(&str, Option<&str>)> =
        filters.users.iter().map(|u| (u.user_id.as_str(), u.user_name.as_deref())).collect();
    assert_eq!(users, vec![("u-ben", Some("Ben Ng")), ("u-anna", Some("Lee, Anna")), ("test.officer", None)]);
    assert_eq!(filters.actions, vec!["add_note".to_string(), "viewed".to_string()]);
    assert!(api::audit_log(&c.db, &reader(), AuditQuery::default()).unwrap().total >= 6);
}

#[test]
fn the_cli_lists_the_log_with_filters_and_exports_it_as_csv() {
    let c = case();
    let path = c.db.path().to_path_buf();
    let (jane, ct) = (c.jane.clone(), c.ct_account.clone());
    drop(c.db);
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
            .arg("--db")
            .arg(&path)
            .args(["--today", "2026-11-25"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let page: serde_json::Value =
        serde_json::from_str(&cli(&["audit", "list", "--by", "ben.ng", "--to", "2026-11-20", "--json"])).unwrap();
    let ats: Vec<&str> = page["rows"].as_array().unwrap().iter().map(|r| r["at"].as_str().unwrap()).collect();
    assert_eq!(ats, ["2026-11-20T09:01:30.000Z", "2026-11-20T09:00:00.000Z"]);
    assert_eq!(page["rows"][0]["entity_id"], jane.as_str());
    let text = cli(&["audit", "list", "--person", "CT10000001", "--from", "2026-11-21", "--to", "2026-11-21"]);
    assert!(text.contains("Ben Ng") && text.contains(&ct), "{text}");
    assert!(text.ends_with("rows 1 to 1 of 1 (page 1 of 1)\n"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.csv");
    let said = cli(&["audit", "export", "--csv", file.to_str().unwrap(), "--action", "viewed"]);
    assert_eq!(said.trim(), format!("{}: 5 rows of the audit log", file.display()));
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with(
        "seq,at,user_id,user_name,action,entity,entity_id,party_id,person,account_id,account_reference,detail\r\n"
    ));
    assert_eq!(csv.matches("\r\n").count(), 6, "the header and five views");
}
