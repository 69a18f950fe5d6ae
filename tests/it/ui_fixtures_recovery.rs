//! The UI tests' recovery fixtures (`tests/ui/fixtures/recovery_*.json`) are what Rust really answers: a small
//! Council Tax caseload on Wednesday 25 November 2026 (the UI fixtures' today) with Jane Smith (held by a
//! Breathing Space), holds of each shape, a reminder run previewed by `a.officer`, refused to her (segregation
//! of duties), authorised and committed by `t.leader`, the worklist, and the person screen's timetables. Every
//! answer the Runs, Holds and Worklist screens read is serialised and compared with the fixture files (ids
//! replaced by fixed ones in order of first appearance; the comparison ignores ids). `UPDATE_UI_FIXTURES=1`
//! rewrites them.

#[path = "../../src-tauri/core/tests/support/mod.rs"]
mod support;

use recovery_core::api::{
    self, AccountTimetableInput, AllocateTasksInput, CommitRunInput, HoldsInput, PreviewRunInput, RecordHoldInput,
    RecoveryRunInput, RunItemsInput, RunsInput, WorklistInput,
};
use recovery_core::db::accounts::{self, NewAccount};
use recovery_core::db::parties::{self, Party};
use recovery_core::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use serde::Serialize;
use std::path::{Path, PathBuf};
use support::{Acct, World};

/// The ids the hand-written UI fixtures use (tests/ui/harness.mjs: JANE, CT_ACCOUNT, HB_ACCOUNT).
const JANE: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1001";
const CT_ACCOUNT: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a3001";
const HB_ACCOUNT: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a3002";
const TODAY: &str = "2026-11-25";

fn hold(kind: &str, party: Option<&str>, account: Option<&str>) -> RecordHoldInput {
    RecordHoldInput {
        party_id: party.map(str::to_string),
        account_id: account.map(str::to_string),
        kind: kind.into(),
        registered_on: None,
        starts_on: None,
        ends_on: None,
        review_on: None,
        notice_received_on: None,
        reason: String::new(),
        evidence: String::new(),
        adviser: String::new(),
    }
}

/// Jane Smith with her Council Tax account 50012345 (2025/26 and 2026/27) and her HB overpayment HB-700123.
fn jane(w: &World) -> (Acct, Acct) {
    let ctx = w.ctx("setup", "2025-01-01");
    let (ct, hb) =
        w.db.write(|tx| {
            let home =
                parties::insert_address(tx, &ctx, None, &["12 High Street".into(), "Ashdown".into()], "AD1 2BC")?;
            parties::insert_party(
                tx,
                &ctx,
                &Party {
                    kind: Some(PartyKind::Person),
                    id: JANE.into(),
                    title: "Mrs".into(),
                    forenames: "Jane".into(),
                    surname: "Smith".into(),
                    date_of_birth: Some("1971-03-14".into()),
                    address_id: Some(home.clone()),
                    ..Party::default()
                },
            )?;
            let mut ids = Vec::new();
            for (reference, debt) in [("50012345", DebtType::CouncilTax), ("HB-700123", DebtType::HbOverpayment)] {
                let a = accounts::insert_account(
                    tx,
                    &ctx,
                    &NewAccount {
                        reference,
                        debt_type: debt,
                        jurisdiction: Jurisdiction::England,
                        property_address_id: Some(&home),
                        status: "open",
                        opened_on: "2019-04-01",
                        closed_on: None,
                    },
                )?;
                accounts::insert_account_party(tx, &ctx, &a, JANE, Role::Liable, None)?;
                ids.push(Acct { party: JANE.into(), account: a, reference: reference.into() });
            }
            Ok((ids[0].clone(), ids[1].clone()))
        })
        .unwrap();
    // 2025/26: billed, unpaid from the autumn, a summons with its costs.
    let y25 = w.liability(&ct, 2025, None, "Band D, 12 High Street");
    w.bill(&y25, "1790.00", "2025-03-10", None);
    for m in ["04", "05", "06", "07", "08", "09", "10"] {
        w.pay(&ct, 2025, "179.00", &format!("2025-{m}-01"));
    }
    for (stage, on) in
        [(Stage::Reminder, "2025-11-12"), (Stage::FinalNotice, "2026-01-14"), (Stage::Summons, "2026-02-11")]
    {
        let c = w.ctx("setup", on);
        w.db.write(|tx| accounts::insert_stage(tx, &c, &ct.account, Some(&y25), stage, on, "recovery 2025/26"))
            .unwrap();
    }
    w.post(&ct, Some(&y25), LedgerKind::Cost, "83.50", "2026-02-11");
    // 2026/27: billed in March, paid to September and part of October.
    let y26 = w.liability(&ct, 2026, None, "Band D, 12 High Street");
    w.bill(&y26, "1862.40", "2026-03-10", None);
    w.pay(&ct, 2026, "1241.60", "2026-10-01");
    w.pay(&ct, 2026, "25.00", "2026-11-20");
    // The HB overpayment invoice of November 2024, part paid.
    let hb24 = w.liability(&hb, 2024, Some(("2024-11-05", "2025-03-31")), "Housing Benefit overpayment (HB700123)");
    w.bill(&hb24, "800.00", "2024-11-05", None);
    w.pay(&hb, 2024, "300.00", "2026-08-01");
    (ct, hb)
}

/// A Council Tax account billed £1,500.00 for 2026/27 (ten instalments of £150.00 from 1 April) with `paid`
/// instalments paid on their days, and `extra` more on 1 November.
fn ct_account(w: &World, reference: &str, surname: &str, paid: usize, extra: Option<&str>) -> Acct {
    let a = w.account(reference, surname, DebtType::CouncilTax, Jurisdiction::England);
    let l = w.liability(&a, 2026, None, "Band B");
    w.bill(&l, "1500.00", "2026-03-10", None);
    for m in 0..paid {
        w.pay(&a, 2026, "150.00", &format!("2026-{:02}-01", 4 + m));
    }
    if let Some(x) = extra {
        w.pay(&a, 2026, x, "2026-11-01");
    }
    a
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ui/fixtures")
}

/// Gives every id a fixed one: the hand-written fixtures' where there is one, else in order of first appearance.
struct Ids {
    known: Vec<(String, String)>,
    next: usize,
    uuid: regex::Regex,
}

impl Ids {
    fn normalise<T: Serialize>(&mut self, value: &T) -> serde_json::Value {
        let mut text = serde_json::to_string(value).unwrap();
        for (from, to) in &self.known {
            text = text.replace(from.as_str(), to);
        }
        let found: Vec<String> = self.uuid.find_iter(&text).map(|m| m.as_str().to_string()).collect();
        for id in found {
            if self.known.iter().any(|(_, to)| *to == id) {
                continue;
            }
            self.next += 1;
            let fixed = format!("0193a7c2-5b1e-7c3a-9f10-2b8d4e6b{:04}", self.next);
            text = text.replace(&id, &fixed);
            self.known.push((id, fixed));
        }
        serde_json::from_str(&text).unwrap()
    }
}

/// The value with every id blanked: what the comparison with the checked-in fixture looks at.
fn without_ids(v: &serde_json::Value, uuid: &regex::Regex) -> serde_json::Value {
    serde_json::from_str(&uuid.replace_all(&v.to_string(), "<id>")).unwrap()
}

#[test]
fn the_ui_fixtures_for_runs_holds_and_the_worklist_are_what_rust_answers() {
    let w = World::new();
    let (ct, hb) = jane(&w);
    let adams = ct_account(&w, "CT00000101", "Adams", 7, None);
    let brown = ct_account(&w, "CT00000102", "Brown", 8, None);
    let _clark = ct_account(&w, "CT00000103", "Clark", 6, None);
    let davis = ct_account(&w, "CT00000104", "Davis", 6, None);
    let _evans = ct_account(&w, "CT00000105", "Evans", 7, Some("149.00"));
    let fox = ct_account(&w, "CT00000106", "Fox", 6, None);
    // Grey: 2025/26 unpaid and with the enforcement agent.
    let grey = w.account("CT00000107", "Grey", DebtType::CouncilTax, Jurisdiction::England);
    let g25 = w.liability(&grey, 2025, None, "Band A");
    w.bill(&g25, "1200.00", "2025-03-10", None);
    let c = w.ctx("setup", "2026-06-01");
    w.db.write(|tx| {
        accounts::insert_stage(
            tx,
            &c,
            &grey.account,
            Some(&g25),
            Stage::EnforcementAgent,
            "2026-06-01",
            "liability order 2026-03-20",
        )
    })
    .unwrap();
    w.user("a.officer", "officer");
    w.user("t.leader", "team_leader");
    // Davis agreed to pay by arrangement in October.
    let c = w.ctx("a.officer", "2026-10-20");
    w.db.write(|tx| {
        accounts::insert_stage(tx, &c, &davis.account, None, Stage::Arrangement, "2026-10-20", "£100 a month")
    })
    .unwrap();

    // Holds: Jane's Breathing Space, a dispute to come on her Council Tax, Fox's mental health crisis
    // moratorium, a dispute on Brown's account with its review overdue, and Grey's death.
    let rec = |on: &str, input: RecordHoldInput| api::record_hold(&w.db, &w.ctx("a.officer", on), input).unwrap();
    rec(
        "2026-11-10",
        RecordHoldInput {
            registered_on: Some("2026-11-09".into()),
            notice_received_on: Some("2026-11-10".into()),
            reason: "Standard moratorium via Citizens Advice Ashdown".into(),
            evidence: "Insolvency Service notification BS-2026-11402".into(),
            adviser: "Citizens Advice Ashdown, 01632 960555".into(),
            ..hold("breathing_space", Some(JANE), None)
        },
    );
    rec(
        "2026-11-24",
        RecordHoldInput {
            starts_on: Some("2026-12-01".into()),
            reason: "Disputes liability for 2025/26: says she moved out on 1 Feb 2026".into(),
            evidence: "Letter of 20 November 2026".into(),
            ..hold("dispute", None, Some(&ct.account))
        },
    );
    rec(
        "2026-11-03",
        RecordHoldInput {
            registered_on: Some("2026-11-02".into()),
            notice_received_on: Some("2026-11-03".into()),
            reason: "Mental health crisis moratorium: approved mental health professional's evidence".into(),
            evidence: "Insolvency Service notification MHC-2026-0311".into(),
            adviser: "StepChange, 0800 138 1111".into(),
            ..hold("mental_health_crisis", Some(&fox.party), None)
        },
    );
    rec(
        "2026-11-06",
        RecordHoldInput {
            starts_on: Some("2026-11-02".into()),
            review_on: Some("2026-11-20".into()),
            reason: "Says the October instalment was paid at the Post Office".into(),
            evidence: "PayPoint receipt (copy) sent by email".into(),
            ..hold("dispute", None, Some(&brown.account))
        },
    );
    rec(
        TODAY,
        RecordHoldInput {
            starts_on: Some("2026-11-15".into()),
            notice_received_on: Some(TODAY.into()),
            reason: "Died 15 November 2026; told by the daughter".into(),
            evidence: "Tell Us Once notification".into(),
            ..hold("deceased", Some(&grey.party), None)
        },
    );
    let holds = api::holds(&w.db, &w.ctx("a.officer", TODAY), HoldsInput { party_id: None }).unwrap();

    // The worklist: the unallocated queue, then the overdue dispute review given to a.officer.
    let wl = |user: &str, input: WorklistInput| api::worklist(&w.db, &w.ctx(user, TODAY), input).unwrap();
    let unallocated = wl("t.leader", WorklistInput { unallocated: true, ..Default::default() });
    let review = unallocated.tasks.iter().find(|t| t.account_reference.as_deref() == Some("CT00000102")).unwrap();
    api::allocate_tasks(
        &w.db,
        &w.ctx("t.leader", TODAY),
        AllocateTasksInput { task_ids: vec![review.id.clone()], officer: Some("a.officer".into()) },
    )
    .unwrap();
    let mine = wl("a.officer", WorklistInput::default());
    let everyone = wl("t.leader", WorklistInput { everyone: true, ..Default::default() });

    // A reminder run: a first preview (limited, replaced), the full preview, refused to its preparer,
    // authorised and committed by the team leader.
    let preview = |limit: Option<u32>| {
        api::preview_run(
            &w.db,
            &w.ctx("a.officer", TODAY),
            PreviewRunInput {
                run_type: "reminder".into(),
                debt_type: "council_tax".into(),
                account_references: None,
                limit,
                minimum_amount: None,
            },
        )
        .unwrap()
    };
    preview(Some(1));
    let prepared = preview(None);
    let run_id = prepared.run.id.clone();
    let items = |w: &World| {
        api::run_items(
            &w.db,
            RunItemsInput {
                run_id: run_id.clone(),
                selected: None,
                exclusion: None,
                status: None,
                needs_decision: None,
                offset: 0,
                limit: None,
            },
        )
        .unwrap()
    };
    let items_prepared = items(&w);
    let timetable = api::run_timetable(&w.db, &w.ctx("a.officer", TODAY)).unwrap();
    let refused =
        api::authorise_run(&w.db, &w.ctx("a.officer", TODAY), RecoveryRunInput { run_id: run_id.clone() }).unwrap_err();
    let refused = serde_json::json!({"code": refused.code(), "message": refused.to_string()});
    let authorised =
        api::authorise_run(&w.db, &w.ctx("t.leader", TODAY), RecoveryRunInput { run_id: run_id.clone() }).unwrap();
    let committed = api::commit_run(
        &w.db,
        &w.ctx("t.leader", TODAY),
        CommitRunInput { run_id: run_id.clone(), issue_letters: true },
    )
    .unwrap();
    let items_committed = items(&w);
    let runs = api::runs(&w.db, &w.ctx("a.officer", TODAY), RunsInput::default()).unwrap();

    // The person screen: Jane's two accounts.
    let tt = |a: &Acct| {
        api::account_timetable(
            &w.db,
            &w.ctx("a.officer", TODAY),
            AccountTimetableInput { account_id: a.account.clone(), on: None },
        )
        .unwrap()
    };
    let (tt_ct, tt_hb) = (tt(&ct), tt(&hb));
    let settings = api::recovery_settings(&w.db).unwrap();
    let officers = api::officers(&w.db).unwrap();
    // What the Holds screen gets back for a new hold: a complaint on Adams's account.
    let recorded = rec(
        TODAY,
        RecordHoldInput {
            starts_on: Some(TODAY.into()),
            reason: "Complaint about the reminder's tone".into(),
            evidence: "Email of 25 November 2026".into(),
            ..hold("complaint", None, Some(&adams.account))
        },
    );

    // The figures the UI tests rely on.
    let sel: Vec<&str> = items_prepared.iter().filter(|i| i.selected).map(|i| i.account_reference.as_str()).collect();
    assert_eq!(sel, ["CT00000101", "CT00000103"]);
    let out: Vec<(&str, &str)> = items_prepared
        .iter()
        .filter(|i| !i.selected)
        .map(|i| (i.account_reference.as_str(), i.exclusion.as_str()))
        .collect();
    assert_eq!(
        out,
        [("50012345", "hold"), ("CT00000104", "arrangement"), ("CT00000105", "minimum_amount"), ("CT00000106", "hold")]
    );
    assert_eq!(prepared.run.selected_amount.to_string(), "450.00", "£150.00 + £300.00 of arrears");
    assert_eq!(refused["code"], "rule_refused");
    assert!(refused["message"].as_str().unwrap().contains("segregation of duties"), "{refused}");
    assert_eq!((committed.committed, committed.dropped, committed.letters), (2, 0, 2));
    assert_eq!(runs.iter().map(|r| r.status.as_str()).collect::<Vec<_>>(), ["committed", "cancelled"]);
    assert_eq!(holds.len(), 5, "in force today, and Jane's dispute to come");
    let to_come: Vec<String> = holds
        .iter()
        .filter(|h| !h.in_force)
        .map(|h| format!("{} {}", h.hold.kind.as_str(), h.hold.starts_on))
        .collect();
    assert_eq!(to_come, ["dispute 2026-12-01"]);
    assert_eq!(mine.tasks.len(), 1);
    assert_eq!(mine.overdue, 1, "the dispute review was due on 20 November");
    assert!(tt_ct.liabilities.iter().any(|l| l.held_by.is_some()), "Jane's Breathing Space holds her Council Tax");
    // The timetable: 13 runs; on a Wednesday the final notices (Wednesdays) are due today, the reminders
    // (Tuesdays) next on 1 December, with today's prepared run as the last one made.
    let slot = |debt: DebtType, run: &str| {
        timetable.slots.iter().find(|s| s.debt_type == debt && s.run_type.as_str() == run).unwrap()
    };
    assert_eq!(timetable.slots.len(), 13);
    assert_eq!(slot(DebtType::CouncilTax, "final_notice").status, "due_today");
    let reminder = slot(DebtType::CouncilTax, "reminder");
    assert_eq!((reminder.next_on.unwrap().to_string(), reminder.status), ("2026-12-01".into(), "scheduled"));
    assert_eq!(reminder.last_run.as_ref().map(|r| r.id.as_str()), Some(run_id.as_str()));
    assert_eq!(reminder.letter, Some("ct_reminder"));
    assert_eq!(slot(DebtType::BusinessRates, "reminder").letter, None, "no business rates template yet");
    assert_eq!(
        officers.iter().map(|o| (o.username.as_str(), o.role.as_str())).collect::<Vec<_>>(),
        [("a.officer", "officer"), ("t.leader", "team_leader")]
    );

    let uuid = regex::Regex::new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let mut ids = Ids {
        known: vec![
            (ct.account.clone(), CT_ACCOUNT.into()),
            (hb.account.clone(), HB_ACCOUNT.into()),
            (JANE.into(), JANE.into()),
        ],
        next: 0,
        uuid: uuid.clone(),
    };
    let outputs: Vec<(&str, serde_json::Value)> = vec![
        ("recovery_settings", ids.normalise(&settings)),
        ("recovery_timetable", ids.normalise(&timetable)),
        ("recovery_run_prepared", ids.normalise(&prepared)),
        ("recovery_items_prepared", ids.normalise(&items_prepared)),
        ("recovery_authorise_refused", refused),
        ("recovery_run_authorised", ids.normalise(&authorised)),
        ("recovery_commit_outcome", ids.normalise(&committed)),
        ("recovery_items_committed", ids.normalise(&items_committed)),
        ("recovery_runs", ids.normalise(&runs)),
        ("recovery_holds", ids.normalise(&holds)),
        ("recovery_hold_recorded", ids.normalise(&recorded)),
        ("recovery_worklist_mine", ids.normalise(&mine)),
        ("recovery_worklist_unallocated", ids.normalise(&unallocated)),
        ("recovery_worklist_everyone", ids.normalise(&everyone)),
        ("recovery_officers", ids.normalise(&officers)),
        ("recovery_timetable_jane_ct", ids.normalise(&tt_ct)),
        ("recovery_timetable_jane_hb", ids.normalise(&tt_hb)),
    ];
    let update = std::env::var_os("UPDATE_UI_FIXTURES").is_some();
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
            without_ids(&fixture, &uuid),
            without_ids(&value, &uuid),
            "{name}.json differs from what Rust answers (UPDATE_UI_FIXTURES=1 rewrites it)"
        );
    }
}
