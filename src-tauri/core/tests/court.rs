//! The magistrates' court (issue 8) against recovery-rules.md's worked examples (T12–T14, T46–T49, each test
//! naming its rule) and through the database: a caseload taken from the summons run for a hearing to the
//! complaint list, the morning refresh (one pays in full, one pays the debt only, one enters Breathing Space,
//! one part-pays), the court list read back with `pdftotext` line by line and total by total, the bulk outcome
//! with one defendant heard on their own, the ledger and the endorsed list; and a court bundle with three
//! exhibits whose index page numbers and bookmarks are checked against the pages.

mod support;

use recovery_core::api::{
    self, AddExhibitInput, CommitRunInput, CostsMethodologyInput, CourtListInput, HearingIdInput, HearingInput,
    IndividualOutcomeInput, PrepareBundleInput, RecordHoldInput, RecordOutcomesInput, RecoveryRunInput,
    SummonsRunInput,
};
use recovery_core::db::accounts;
use recovery_core::db::instalments::summary_mismatches;
use recovery_core::model::{DebtType, Jurisdiction, Stage};
use recovery_core::money::Money;
use recovery_core::rules::calendar::Calendar;
use recovery_core::rules::court::{
    check_bankruptcy, check_charging_order, check_committal, check_complaint_in_time, check_fourteen_days,
    costs_in_force, deemed_service, line_status, order_amount, Component, LineFacts, ListStatus, ServiceByPost,
};
use recovery_core::rules::policy::RecoveryPolicy;
use recovery_core::rules::tables::RuleTables;
use std::path::Path;
use std::process::Command;
use support::{d, m, Acct, World};

const CT: DebtType = DebtType::CouncilTax;
const ENG: Jurisdiction = Jurisdiction::England;

// ------------------------------------------------------------------------------------------------ rules

/// T12. SI 1992/613 reg 35(2A) with the calendar: a summons posted Thu 28 May 2026 is deemed served on the second
/// working day, Mon 1 June; the earliest hearing is Tue 16 June (14 whole days, 2–15 June) and a hearing listed
/// for 12 June is refused for that defendant. Posted Thu 21 May, the bank holiday of 25 May moves service to
/// Tue 26 May.
#[test]
fn t12_a_hearing_needs_14_days_after_deemed_service() {
    let cal = Calendar::shipped();
    let p = RecoveryPolicy::default();
    let post = ServiceByPost::default();
    assert_eq!(deemed_service(d("2026-05-28"), post, &cal), d("2026-06-01"));
    assert_eq!(deemed_service(d("2026-05-21"), post, &cal), d("2026-05-26"));
    let ok = check_fourteen_days(d("2026-05-28"), d("2026-06-16"), post, &cal, &p).unwrap();
    assert_eq!((ok.deemed_served_on, ok.earliest_hearing), (d("2026-06-01"), d("2026-06-16")));
    let e = check_fourteen_days(d("2026-05-28"), d("2026-06-12"), post, &cal, &p).unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    let text = e.to_string();
    assert!(text.contains("deemed served 2026-06-01") && text.contains("2026-06-16"), "{text}");
    assert!(text.contains("SI 1992/613 reg 35(2A)"), "{text}");
    assert!(check_fourteen_days(d("2026-05-28"), d("2026-06-15"), post, &cal, &p).is_err());
}

/// T13. SI 1992/613 reg 34(5) and (8): a summons for £820.00 with £70.00 costs. £890.00 paid before the hearing:
/// "paid – application not to proceed"; £820.00 paid: a costs-only order for £70.00, with no liability order
/// costs added; nothing paid: proceeds for £820.00 + £70.00 + the liability order costs.
#[test]
fn t13_payment_before_the_hearing_is_marked_on_the_list() {
    let facts = |credited: &str| LineFacts {
        debt_at_summons: m("820.00"),
        summons_costs: m("70.00"),
        charged_now: m("820.00"),
        costs_now: m("70.00"),
        credited_now: m(credited),
        hold: None,
        arrangement_since: None,
        mark: None,
    };
    let paid = line_status(&facts("-890.00"));
    assert_eq!((paid.status, paid.regulation), (ListStatus::Paid, "SI 1992/613 reg 34(5)"));
    assert!(!paid.status.proceeds());
    let costs_only = line_status(&facts("-820.00"));
    assert_eq!((costs_only.status, costs_only.costs_now), (ListStatus::CostsOnly, m("70.00")));
    assert_eq!(costs_only.regulation, "SI 1992/613 reg 34(8)");
    assert_eq!(order_amount(&costs_only, m("50.00")), (m("70.00"), Money::ZERO));
    let unpaid = line_status(&facts("0.00"));
    assert_eq!(unpaid.status, ListStatus::Proceeding);
    assert_eq!(order_amount(&unpaid, m("50.00")), (m("940.00"), m("50.00")));
    let part = line_status(&facts("-500.00"));
    assert_eq!((part.status, part.debt_now), (ListStatus::PartPaid, m("320.00")));
    // Paid in full wins over a hold.
    let held = LineFacts { hold: Some(("Breathing Space", false)), ..facts("-890.00") };
    assert_eq!(line_status(&held).status, ListStatus::Paid);
    let held = LineFacts { hold: Some(("Breathing Space", false)), ..facts("0.00") };
    assert_eq!(line_status(&held).status, ListStatus::Held);
}

/// T14. SI 1992/613 reg 34(3): a sum that fell due 1 April 2020 may be the subject of a complaint until 31 March
/// 2026; a complaint on 1 April 2026 is refused.
#[test]
fn t14_a_complaint_is_refused_after_six_years() {
    let t = RuleTables::shipped();
    assert_eq!(check_complaint_in_time(CT, ENG, d("2020-04-01"), d("2026-03-31"), &t).unwrap(), d("2026-03-31"));
    let e = check_complaint_in_time(CT, ENG, d("2020-04-01"), d("2026-04-01"), &t).unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    assert!(e.to_string().contains("until 2026-03-31") && e.to_string().contains("reg 34(3)"), "{e}");
}

fn component(amount: &str, due: &str) -> Component {
    Component { label: format!("LO due {due}"), due_on: d(due), outstanding: m(amount) }
}

/// T46. SI 1992/613 reg 50(1)(c): a charging order needs at least £1,000 outstanding: £999.99 refused, £1,000.00
/// allowed; a sum more than 6 years old is not counted.
#[test]
fn t46_charging_order_needs_1000_pounds_within_six_years() {
    let t = RuleTables::shipped();
    let on = d("2026-06-01");
    let e = check_charging_order(&[component("999.99", "2024-04-01")], CT, ENG, on, &t).unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    assert!(e.to_string().contains("£1000.00") && e.to_string().contains("£999.99"), "{e}");
    let ok = check_charging_order(&[component("1000.00", "2024-04-01")], CT, ENG, on, &t).unwrap();
    assert_eq!((ok.counted, ok.threshold), (m("1000.00"), m("1000.00")));
    // £600 due 1 April 2019 is out of time (last day 31 March 2025): £500 left is not enough.
    let e =
        check_charging_order(&[component("600.00", "2019-04-01"), component("500.00", "2025-04-01")], CT, ENG, on, &t)
            .unwrap_err();
    assert!(e.to_string().contains("come to £500.00") && e.to_string().contains("out of time after 2025-03-31"), "{e}");
}

/// T47. Insolvency Act 1986 s267(4) (SI 2015/922) and Bolsover [2010] EWCA Civ 1129: combined liability order
/// debts of £4,999.99 are refused, £5,000.00 allowed, and each component sum must have fallen due within 6 years.
#[test]
fn t47_bankruptcy_needs_5000_pounds_each_sum_within_six_years() {
    let t = RuleTables::shipped();
    let on = d("2026-06-01");
    let e =
        check_bankruptcy(&[component("2499.99", "2023-04-01"), component("2500.00", "2024-04-01")], CT, ENG, on, &t)
            .unwrap_err();
    assert!(e.to_string().contains("£4999.99"), "{e}");
    let ok =
        check_bankruptcy(&[component("2500.00", "2023-04-01"), component("2500.00", "2024-04-01")], CT, ENG, on, &t)
            .unwrap();
    assert_eq!(ok.counted, m("5000.00"));
    assert!(ok.components.iter().all(|c| c.in_time));
    // £5,000 in all, but £1,000 of it fell due 1 April 2020: from 1 April 2026 it no longer counts.
    let parts = [component("1000.00", "2020-04-01"), component("4000.00", "2024-04-01")];
    assert!(check_bankruptcy(&parts, CT, ENG, d("2026-03-31"), &t).is_ok());
    let e = check_bankruptcy(&parts, CT, ENG, d("2026-04-01"), &t).unwrap_err();
    assert!(e.to_string().contains("come to £4000.00"), "{e}");
}

/// T48. SI 1992/613 reg 34(7) and its Welsh proviso: summons costs £45 + liability order costs £40 = £85 are
/// capped at £70 in Wales (the order's costs take the cut); in England they stay £85, with a warning when there is
/// no costs methodology record (Nicolson).
#[test]
fn t48_welsh_costs_are_capped_at_70_pounds() {
    let wales = costs_in_force(m("45.00"), m("40.00"), Some(m("70.00")), true);
    assert_eq!((wales.summons, wales.liability_order, wales.total()), (m("45.00"), m("25.00"), m("70.00")));
    assert_eq!(wales.capped_from, Some((m("45.00"), m("40.00"))));
    let england = costs_in_force(m("45.00"), m("40.00"), None, false);
    assert_eq!(england.total(), m("85.00"));
    assert!(england.warnings.iter().any(|w| w.contains("no costs methodology record")), "{:?}", england.warnings);
    assert!(costs_in_force(m("45.00"), m("40.00"), None, true).warnings.is_empty());

    // Through a hearing: the same figures set by hand.
    let w = World::new();
    let hearing = |j: &str| {
        api::create_hearing(
            &w.db,
            &w.ctx("officer.one", "2026-05-01"),
            HearingInput {
                court_name: "Cardiff Magistrates' Court".into(),
                court_address: "Fitzalan Place, Cardiff CF24 0RZ".into(),
                jurisdiction: Some(j.into()),
                debt_type: None,
                hearing_on: "2026-06-16".into(),
                hearing_time: "10:00".into(),
                authorised_officer: "Alex Officer".into(),
                methodology_id: None,
                summons_costs: Some("45.00".into()),
                liability_order_costs: Some("40.00".into()),
            },
        )
        .unwrap()
    };
    let cy = hearing("wales");
    assert_eq!((cy.hearing.summons_costs, cy.hearing.liability_order_costs), (m("45.00"), m("25.00")));
    assert!(cy.warnings[0].contains("Welsh cap of £70.00"), "{:?}", cy.warnings);
    let en = hearing("england");
    assert_eq!((en.hearing.summons_costs, en.hearing.liability_order_costs), (m("45.00"), m("40.00")));
    assert!(en.warnings[0].contains("no costs methodology record"), "{:?}", en.warnings);
}

/// T49. SI 1992/613 reg 47 as limited by WSI 2019/220: committal is refused on a Welsh council tax account, and
/// against an organisation anywhere.
#[test]
fn t49_committal_is_refused_in_wales() {
    let e = check_committal(Jurisdiction::Wales, CT, false).unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    assert!(e.to_string().contains("not available in Wales") && e.to_string().contains("WSI 2019/220"), "{e}");
    assert!(check_committal(ENG, CT, false).is_ok());
    assert!(check_committal(ENG, CT, true).is_err());
    // Through a bundle: refused before anything is stored.
    let w = World::new();
    let a = w.account("CT90000001", "Jones", CT, Jurisdiction::Wales);
    let e = api::prepare_court_bundle(&w.db, &w.ctx("officer.one", "2026-06-20"), bundle_input(&a, "committal"))
        .unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    assert_eq!(w.count("SELECT count(*) FROM court_bundles"), 0);
}

// ------------------------------------------------------------------------------------------------ helpers

fn bundle_input(a: &Acct, kind: &str) -> PrepareBundleInput {
    PrepareBundleInput {
        account_reference: a.reference.clone(),
        kind: kind.into(),
        hearing_id: None,
        court: None,
        officer_name: "Alex Officer".into(),
        officer_title: Some("Senior Recovery Officer".into()),
        sections: None,
    }
}

/// A council tax account billed £1,500.00 for 2026/27 (10 × £150.00 from 1 April), the April instalment paid.
fn billed(w: &World, reference: &str, surname: &str) -> Acct {
    let a = w.account(reference, surname, CT, ENG);
    let l = w.liability(&a, 2026, None, "Band B");
    w.bill(&l, "1500.00", "2026-03-10", None);
    w.pay(&a, 2026, "150.00", "2026-04-01");
    a
}

fn hearing(w: &World, on: &str, today: &str) -> String {
    api::create_hearing(
        &w.db,
        &w.ctx("officer.one", today),
        HearingInput {
            court_name: "Ashdown Magistrates' Court".into(),
            court_address: "Court House, Castle Street, Ashdown AD1 3CC".into(),
            jurisdiction: None,
            debt_type: None,
            hearing_on: on.into(),
            hearing_time: "10:00".into(),
            authorised_officer: "Alex Officer".into(),
            methodology_id: None,
            summons_costs: None,
            liability_order_costs: None,
        },
    )
    .unwrap()
    .hearing
    .id
}

/// Preview, authorise and commit a summons run for the hearing on `on`; returns the run's id.
fn summons_run(w: &World, hearing_id: &str, on: &str) -> String {
    let preview = api::preview_summons_run(
        &w.db,
        &w.ctx("officer.one", on),
        SummonsRunInput { hearing_id: hearing_id.into(), account_references: None, limit: None, minimum_amount: None },
    )
    .unwrap();
    api::authorise_run(&w.db, &w.ctx("team.leader", on), RecoveryRunInput { run_id: preview.run.id.clone() }).unwrap();
    api::commit_run(
        &w.db,
        &w.ctx("team.leader", on),
        CommitRunInput { run_id: preview.run.id.clone(), issue_letters: true },
    )
    .unwrap();
    preview.run.id
}

/// Writes a PDF into the test's folder (and into `COURT_PDF_DIR` too when it is set, to look at).
fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    if let Some(keep) = std::env::var_os("COURT_PDF_DIR") {
        std::fs::write(Path::new(&keep).join(name), bytes).unwrap();
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `pdftotext -layout` of the whole file, or of one page.
fn pdftotext(path: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout").arg("-enc").arg("UTF-8");
    if let Some(p) = page {
        cmd.arg("-f").arg(p.to_string()).arg("-l").arg(p.to_string());
    }
    let out = cmd.arg(path).arg("-").output().expect("poppler-utils");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `pdfinfo`'s page count; poppler must not complain about the file.
fn pdf_pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    let complaints = String::from_utf8_lossy(&out.stderr);
    assert!(complaints.trim().is_empty(), "{}: {complaints}", path.display());
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text line of list line `n` (it starts with the number and holds the reference).
fn list_line<'a>(text: &'a str, n: usize, reference: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(&format!("{n} ")) && l.contains(reference))
        .unwrap_or_else(|| panic!("no line {n} for {reference} in:\n{text}"))
}

/// The words of a line, for comparing columns without caring about their spacing.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// One line of the court list as it must read.
struct Line {
    reference: &'static str,
    name: &'static str,
    summons: &'static str,
    lo: &'static str,
    at_hearing: &'static str,
    sought: &'static str,
    status: &'static [&'static str],
}

impl Line {
    fn new(
        reference: &'static str,
        name: &'static str,
        summons: &'static str,
        lo: &'static str,
        at_hearing: &'static str,
        sought: &'static str,
        status: &'static [&'static str],
    ) -> Line {
        Line { reference, name, summons, lo, at_hearing, sought, status }
    }
}

fn no_summary_drift(w: &World) {
    let bad = w.db.read(|tx| summary_mismatches(tx)).unwrap();
    assert!(bad.is_empty(), "local summary differs from the ledger: {bad:?}");
}

// ------------------------------------------------------------------------------------------------ runs

/// T12 through a summons run: a hearing on Fri 12 June 2026 is too soon for summonses posted on Wed 27 May
/// (deemed served Fri 29 May, no order before Sat 13 June): every case is left out with the reason, none
/// committed; for the hearing on Tue 16 June they are selected.
#[test]
fn t12_a_summons_run_leaves_out_cases_a_hearing_is_too_soon_for() {
    let w = World::new();
    let a = billed(&w, "CT00000001", "Adams");
    w.run("reminder", "council_tax", "2026-05-12");
    let soon = hearing(&w, "2026-06-12", "2026-05-20");
    let preview = api::preview_summons_run(
        &w.db,
        &w.ctx("officer.one", "2026-05-27"),
        SummonsRunInput { hearing_id: soon.clone(), account_references: None, limit: None, minimum_amount: None },
    )
    .unwrap();
    assert_eq!(w.excluded(&preview.run.id), vec![(a.reference.clone(), "too_soon_for_hearing".to_string())]);
    let item = &w.items(&preview.run.id)[0];
    assert_eq!(item.regulation, "SI 1992/613 reg 35(2A)");
    // The Court screen's preview (a background job) reports its progress and decides the same.
    let mut reported = Vec::new();
    let again = api::preview_summons_run_with_progress(
        &w.db,
        &w.ctx("officer.one", "2026-05-27"),
        SummonsRunInput { hearing_id: soon.clone(), account_references: None, limit: None, minimum_amount: None },
        &mut |p| reported.push((p.done, p.total)),
    )
    .unwrap();
    assert_eq!(w.excluded(&again.run.id), vec![(a.reference.clone(), "too_soon_for_hearing".to_string())]);
    assert!(reported.last().is_some_and(|&(done, total)| done == total && total >= 1), "{reported:?}");
    assert!(item.reason.contains("deemed served 2026-05-29") && item.reason.contains("2026-06-13"), "{}", item.reason);
    let later = hearing(&w, "2026-06-16", "2026-05-20");
    summons_run(&w, &later, "2026-05-27");
    assert_eq!(w.count("SELECT count(*) FROM court_complaints"), 1);
    let c: (String, String) =
        w.db.read(|tx| {
            Ok(tx.query_row("SELECT posted_on, deemed_served_on FROM court_complaints", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .unwrap();
    assert_eq!(c, ("2026-05-27".to_string(), "2026-05-29".to_string()));
    // Once the summons names it, the hearing cannot move to a day too soon for the defendant, nor change its costs.
    let edit = |on: &str, costs: Option<(&str, &str)>| {
        api::edit_hearing(
            &w.db,
            &w.ctx("officer.one", "2026-05-28"),
            api::EditHearingInput {
                hearing_id: later.clone(),
                hearing: HearingInput {
                    court_name: "Ashdown Magistrates' Court".into(),
                    court_address: "Court House, Castle Street, Ashdown AD1 3CC".into(),
                    jurisdiction: None,
                    debt_type: None,
                    hearing_on: on.into(),
                    hearing_time: "10:00".into(),
                    authorised_officer: "Alex Officer".into(),
                    methodology_id: None,
                    summons_costs: costs.map(|c| c.0.to_string()),
                    liability_order_costs: costs.map(|c| c.1.to_string()),
                },
            },
        )
    };
    let e = edit("2026-06-12", None).unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    assert!(e.to_string().contains(&a.reference), "{e}");
    assert_eq!(edit("2026-06-17", Some(("70.00", "50.00"))).unwrap_err().code(), "conflict");
    let moved = edit("2026-06-17", None).unwrap();
    assert_eq!(moved.hearing.hearing_on, d("2026-06-17"));
}

/// T14 through a summons run: 2020/21 council tax due from 1 April 2020, reminded and final-noticed in 2020, is
/// selected on 31 March 2026 and left out as out of time on 1 April 2026.
#[test]
fn t14_a_summons_run_leaves_out_a_sum_more_than_six_years_old() {
    let w = World::new();
    let a = w.account("CT00000020", "Old", CT, ENG);
    let l = w.liability(&a, 2020, None, "Band C");
    w.bill(&l, "1000.00", "2020-03-10", None);
    let ctx = w.ctx("setup", "2020-10-05");
    w.db.write(|tx| {
        accounts::insert_stage(tx, &ctx, &a.account, Some(&l), Stage::Reminder, "2020-05-12", "reminder")?;
        accounts::insert_stage(tx, &ctx, &a.account, Some(&l), Stage::FinalNotice, "2020-10-05", "final notice")
    })
    .unwrap();
    let h = hearing(&w, "2026-04-28", "2026-03-01");
    let preview = |on: &str| {
        api::preview_summons_run(
            &w.db,
            &w.ctx("officer.one", on),
            SummonsRunInput { hearing_id: h.clone(), account_references: None, limit: None, minimum_amount: None },
        )
        .unwrap()
    };
    let in_time = preview("2026-03-31");
    assert_eq!(w.selected(&in_time.run.id), vec!["CT00000020".to_string()]);
    let late = preview("2026-04-01");
    assert_eq!(w.excluded(&late.run.id), vec![("CT00000020".to_string(), "limitation".to_string())]);
    let item = &w.items(&late.run.id)[0];
    assert!(item.reason.contains("2026-03-31") && item.needs_decision, "{}", item.reason);
}

// ------------------------------------------------------------------------------------------------ the day

/// The whole court day on seven accounts: a costs methodology, a hearing, the summons run (costs, letters,
/// complaints), the complaint list; before the hearing Clark pays in full, Davis pays the debt only, Green pays
/// £100 and Evans enters Breathing Space; the morning refresh; the court list read back line by line and total
/// by total; the bulk outcome with Fox heard on his own and adjourned; the ledger; the endorsed list.
#[test]
fn a_court_day_from_summons_run_to_endorsed_list() {
    let w = World::new();
    let names = ["Adams", "Brown", "Clark", "Davis", "Evans", "Fox", "Green"];
    let acc: Vec<Acct> = names.iter().enumerate().map(|(i, n)| billed(&w, &format!("CT0000010{}", i + 1), n)).collect();
    let (adams, brown, clark, davis, evans, fox, green) = (0, 1, 2, 3, 4, 5, 6);
    w.joint(&acc[brown], "Brown-Hill");
    w.run("reminder", "council_tax", "2026-05-12");

    // The costs: £110,000 over 1,000 summonses, 60% to the summons: £66.00 and £44.00.
    let methodology = api::record_costs_methodology(
        &w.db,
        &w.ctx("admin", "2026-04-01"),
        CostsMethodologyInput {
            debt_type: None,
            jurisdiction: "england".into(),
            financial_year: 2026,
            adopted_on: "2026-04-01".into(),
            pool_items: vec![
                api::PoolItemInput { label: "Recovery staff time".into(), amount: "80000.00".into() },
                api::PoolItemInput { label: "Court fees, printing and postage".into(), amount: "30000.00".into() },
            ],
            cost_pool: Some("110000.00".into()),
            summonses: 1000,
            summons_percent: 60,
            notes: "2026/27 budget".into(),
        },
    )
    .unwrap();
    assert_eq!((methodology.summons_costs, methodology.liability_order_costs), (m("66.00"), m("44.00")));
    let evidence = api::costs_methodology_pdf(&w.db, &w.ctx("admin", "2026-04-01"), &methodology.id).unwrap();
    let evidence = flat(&pdftotext(&write(w.dir.path(), "methodology.pdf", &evidence), None));
    for want in
        ["Recovery staff time £80,000.00", "Cost pool £110,000.00", "1000", "£110.00", "60%", "£66.00", "£44.00"]
    {
        assert!(evidence.contains(want), "{want} in {evidence}");
    }
    let h = hearing(&w, "2026-06-16", "2026-05-20");
    let later = hearing(&w, "2026-07-14", "2026-05-20");
    let view = api::court_hearing(&w.db, &h).unwrap();
    assert_eq!(view.methodology.as_ref().map(|m| m.id.as_str()), Some(methodology.id.as_str()));
    assert!(view.warnings.is_empty(), "{:?}", view.warnings);

    // The summons run: every case selected, £66.00 costs each, a summons letter to each liable party.
    let run = summons_run(&w, &h, "2026-05-27");
    assert_eq!(w.selected(&run).len(), 7);
    assert_eq!(w.count("SELECT count(*) FROM court_complaints"), 7);
    assert_eq!(w.count("SELECT sum(amount_pence) FROM ledger_entries WHERE kind = 'cost'"), 7 * 6_600);
    assert_eq!(w.count("SELECT count(*) FROM documents WHERE kind = 'summons_cover'"), 8, "two for the Browns");
    assert_eq!(w.count("SELECT count(*) FROM recovery_stages WHERE stage = 'summons'"), 7);

    // The complaint list sent to the court.
    let complaints = CourtListInput { hearing_id: h.clone(), order: None, kind: Some("complaints".into()) };
    let list = api::court_list(&w.db, &w.ctx("officer.one", "2026-05-27"), complaints.clone()).unwrap();
    assert_eq!(list.totals.cases, 7);
    assert_eq!((list.totals.sum, list.totals.costs), (m("9450.00"), m("770.00")));
    let pdf = api::court_list_pdf(&w.db, &w.ctx("officer.one", "2026-05-27"), complaints.clone()).unwrap();
    let path = write(w.dir.path(), "complaints.pdf", &pdf);
    let text = pdftotext(&path, None);
    for (i, a) in acc.iter().enumerate() {
        let line = words(list_line(&text, i + 1, &a.reference));
        for want in ["£1,350.00", "S", "£66.00", "£1,460.00"] {
            assert!(line.contains(&want), "{want} missing from line {}: {line:?}", i + 1);
        }
    }
    assert!(flat(&text).contains("Total sum £9,450.00"), "{text}");
    let csv = api::court_list_csv(&w.db, &w.ctx("officer.one", "2026-05-27"), complaints).unwrap();
    assert_eq!(csv.lines().count(), 8);
    assert!(csv.lines().nth(2).unwrap().contains("CT00000102,Ms Sam Brown; Alex Brown-Hill,yes"), "{csv}");
    api::issue_complaint_list(
        &w.db,
        &w.ctx("officer.one", "2026-05-27"),
        CourtListInput { hearing_id: h.clone(), order: None, kind: None },
    )
    .unwrap();

    // Before the hearing.
    w.pay(&acc[clark], 2026, "1416.00", "2026-06-05");
    w.pay(&acc[davis], 2026, "1350.00", "2026-06-05");
    w.pay(&acc[green], 2026, "100.00", "2026-06-08");
    api::record_hold(
        &w.db,
        &w.ctx("officer.one", "2026-06-08"),
        RecordHoldInput {
            party_id: Some(acc[evans].party.clone()),
            account_id: None,
            kind: "breathing_space".into(),
            registered_on: Some("2026-06-08".into()),
            starts_on: None,
            ends_on: None,
            review_on: None,
            notice_received_on: Some("2026-06-08".into()),
            reason: "Insolvency Service notification".into(),
            evidence: "BS ref 77".into(),
            adviser: "StepChange".into(),
        },
    )
    .unwrap();

    // The morning refresh.
    let on_the_day =
        api::refresh_court_list(&w.db, &w.ctx("officer.one", "2026-06-16"), HearingIdInput { hearing_id: h.clone() })
            .unwrap();
    let status = |i: usize| on_the_day.lines.iter().find(|l| l.account_reference == acc[i].reference).unwrap().status;
    assert_eq!(
        [adams, brown, clark, davis, evans, fox, green].map(status),
        [
            ListStatus::Proceeding,
            ListStatus::Proceeding,
            ListStatus::Paid,
            ListStatus::CostsOnly,
            ListStatus::Held,
            ListStatus::Proceeding,
            ListStatus::PartPaid
        ]
    );

    // The court list as the legal adviser reads it: alphabetical (Adams … Green), every line and every total.
    let input = CourtListInput { hearing_id: h.clone(), order: Some("alphabetical".into()), kind: None };
    let pdf = api::court_list_pdf(&w.db, &w.ctx("officer.one", "2026-06-16"), input.clone()).unwrap();
    let path = write(w.dir.path(), "court-list.pdf", &pdf);
    assert_eq!(pdf_pages(&path), 1);
    let text = pdftotext(&path, None);
    let want = [
        Line::new("CT00000101", "Adams", "£1,350.00", "£44.00", "£1,416.00", "£1,460.00", &["Proceed"]),
        Line::new("CT00000102", "Brown", "£1,350.00", "£44.00", "£1,416.00", "£1,460.00", &["Proceed"]),
        Line::new("CT00000103", "Clark", "£1,350.00", "£0.00", "£0.00", "–", &["Paid:", "not", "to", "proceed"]),
        Line::new("CT00000104", "Davis", "£1,350.00", "£0.00", "£66.00", "£66.00", &["Costs", "only"]),
        Line::new("CT00000105", "Evans", "£1,350.00", "£0.00", "£1,416.00", "–", &["Held:", "removed"]),
        Line::new("CT00000106", "Fox", "£1,350.00", "£44.00", "£1,416.00", "£1,460.00", &["Proceed"]),
        Line::new("CT00000107", "Green", "£1,350.00", "£44.00", "£1,316.00", "£1,360.00", &["Part-paid:", "proceed"]),
    ];
    for (n, w) in want.iter().enumerate() {
        let line = words(list_line(&text, n + 1, w.reference));
        let head: Vec<String> = line.iter().take(5).map(|s| s.to_string()).collect();
        let want_head: Vec<String> =
            vec![(n + 1).to_string(), w.reference.to_string(), "Ms".into(), "Sam".into(), w.name.to_string()];
        assert_eq!(head, want_head, "line {}: {line:?}", n + 1);
        // Tax and period, the deemed service, the money columns in order, then the status.
        let tail: Vec<&str> = line.iter().skip_while(|x| **x != "CT").copied().collect();
        let want_tail: Vec<&str> = ["CT", "2026/27", "29/05/2026", w.summons, "S", "£66.00", w.at_hearing, w.sought]
            .into_iter()
            .chain(w.status.iter().copied())
            .collect();
        assert_eq!(tail, want_tail, "line {}: {line:?}", n + 1);
        // The liability order costs sit on the row's second line, in the costs column.
        let second = text.lines().skip_while(|l| !l.contains(w.reference)).nth(1).unwrap();
        assert!(words(second).contains(&"LO") && words(second).contains(&w.lo), "line {}: {second}", n + 1);
    }
    let all = flat(&text);
    assert!(all.contains("Cases 7 listed, 5 proceeding"), "{all}");
    assert!(all.contains("Total sum £5,300.00") && all.contains("Total costs £506.00"), "{all}");
    assert!(all.contains("Totals: 7 cases listed, 5 proceeding £9,450.00 S £462.00 £7,046.00 £5,806.00"), "{all}");
    assert!(all.contains("LO £176.00"), "{all}");
    assert!(all.contains("Page 1 of 1"), "{all}");
    assert!(all.contains("Authorised officer Alex Officer"), "{all}");
    assert!(all.contains("Brown (J&S)") && all.contains("Alex Brown-Hill"), "{all}");
    for (label, count) in [("Proceed", "3"), ("Costs only", "1"), ("Paid: not to proceed", "1"), ("Held: removed", "1")]
    {
        assert!(all.contains(&format!("{label} {count} (")), "{label} {count} in {all}");
    }
    // Every LO costs figure is on the line under its case: four of £44.00, three of £0.00 (plus the total).
    assert_eq!(text.matches("LO £44.00").count(), 4, "{text}");
    assert_eq!(text.matches("LO £0.00").count(), 3, "{text}");

    // The outcomes: bulk granted, Fox heard on his own and adjourned to 14 July.
    let out = api::record_court_outcomes(
        &w.db,
        &w.ctx("team.leader", "2026-06-16"),
        RecordOutcomesInput {
            hearing_id: h.clone(),
            bulk: "granted".into(),
            adjourned_to_hearing_id: None,
            individual: vec![IndividualOutcomeInput {
                account_reference: acc[fox].reference.clone(),
                outcome: "adjourned".into(),
                attended: true,
                notes: "Says he was not living at the property; adjourned for evidence".into(),
                adjourned_to_hearing_id: Some(later.clone()),
            }],
        },
    )
    .unwrap();
    assert_eq!((out.granted, out.withdrawn, out.adjourned, out.refused), (4, 1, 2, 0));
    assert_eq!((out.orders_total, out.liability_order_costs), (m("4346.00"), m("132.00")));
    let result = |i: usize| {
        let l = out.list.lines.iter().find(|l| l.account_reference == acc[i].reference).unwrap();
        (l.result.clone().unwrap(), l.order_granted)
    };
    assert_eq!(result(adams), ("granted".into(), Some(m("1460.00"))));
    assert_eq!(result(davis), ("granted".into(), Some(m("66.00"))), "a costs-only order");
    assert_eq!(result(green), ("granted".into(), Some(m("1360.00"))));
    assert_eq!(result(clark), ("withdrawn".into(), None));
    assert_eq!(result(evans), ("adjourned".into(), None));
    assert_eq!(result(fox), ("adjourned".into(), None));

    // The ledger: summons costs £462.00, liability order costs £132.00 (none for the costs-only order).
    assert_eq!(w.count("SELECT sum(amount_pence) FROM ledger_entries WHERE kind = 'cost'"), 46_200 + 13_200);
    let balance = |i: usize| w.db.read(|tx| accounts::balance(tx, &acc[i].account)).unwrap();
    assert_eq!(
        [adams, brown, clark, davis, evans, fox, green].map(balance),
        [m("1460.00"), m("1460.00"), m("0.00"), m("66.00"), m("1416.00"), m("1416.00"), m("1360.00")]
    );
    assert_eq!(w.count("SELECT count(*) FROM recovery_stages WHERE stage = 'liability_order'"), 4);
    no_summary_drift(&w);
    // Fox is listed at the later hearing; the endorsed list is kept against this one.
    assert_eq!(w.count(&format!("SELECT count(*) FROM court_listings WHERE hearing_id = '{later}'")), 1);
    let documents = api::court_hearing(&w.db, &h).unwrap().documents;
    let kinds: Vec<&str> = documents.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds, ["complaint_list", "endorsed_list"]);
    let endorsed =
        w.db.read(|tx| recovery_core::db::letters::document_pdf(tx, &documents[1].document_id)).unwrap().unwrap();
    let path = write(w.dir.path(), "endorsed.pdf", &endorsed.0);
    let text = pdftotext(&path, None);
    // Each result is in the last column: its first words on the case's line, the amount or date on the next.
    let results: [(&str, &str, &str); 7] = [
        ("CT00000101", "Granted", "£1,460.00"),
        ("CT00000102", "Granted", "£1,460.00"),
        ("CT00000103", "Withdrawn", ""),
        ("CT00000104", "Granted", "£66.00"),
        ("CT00000105", "Adjourned", "generally"),
        ("CT00000106", "Adjourned to", "14/07/2026"),
        ("CT00000107", "Granted", "£1,360.00"),
    ];
    for (n, (reference, first, second)) in results.iter().enumerate() {
        let line = list_line(&text, n + 1, reference);
        assert!(line.trim_end().ends_with(first), "line {}: {line}", n + 1);
        let next = text.lines().skip_while(|l| !l.contains(reference)).nth(1).unwrap();
        assert!(next.trim_end().ends_with(second), "line {}: {next}", n + 1);
    }
    let fox = text.lines().skip_while(|l| !l.contains("CT00000106")).nth(2).unwrap();
    assert!(fox.trim_end().ends_with("Attended"), "{fox}");
    let totals = text.lines().find(|l| l.trim_start().starts_with("Totals:")).unwrap();
    assert!(totals.trim_end().ends_with("4 granted"), "{totals}");
    let next = text.lines().skip_while(|l| !l.trim_start().starts_with("Totals:")).nth(1).unwrap();
    assert!(next.trim_end().ends_with("£4,346.00"), "{next}");
    // The hearing is heard: no second set of outcomes.
    let again = api::record_court_outcomes(
        &w.db,
        &w.ctx("team.leader", "2026-06-16"),
        RecordOutcomesInput {
            hearing_id: h,
            bulk: "granted".into(),
            adjourned_to_hearing_id: None,
            individual: vec![],
        },
    )
    .unwrap_err();
    assert_eq!(again.code(), "conflict");
}

// ------------------------------------------------------------------------------------------------ bundles

/// A one-page-per-line PDF made with the letters engine, for an exhibit.
fn exhibit_pdf(title: &str, pages: usize) -> Vec<u8> {
    use recovery_core::letters::layout::{layout_document, Document};
    use recovery_core::letters::markup::parse;
    let body =
        (1..=pages).map(|p| format!("# {title} page {p}\n\nExhibit text.\n")).collect::<Vec<_>>().join("@pagebreak\n");
    let pages = layout_document(&Document {
        header: "Exhibit".into(),
        reference: "X".into(),
        footer: title.into(),
        body: parse(&body).unwrap(),
    });
    recovery_core::letters::pdf::write(
        &pages,
        &recovery_core::letters::pdf::PdfMeta { title, author: "", subject: "", date: d("2026-06-20") },
        None,
    )
    .unwrap()
}

/// A committal bundle for an account with a liability order, its letters and three exhibits (one of them the
/// landscape endorsed list): the index's page numbers are the pages where each section and document starts (read
/// back with `pdftotext`, page by page), every page is stamped with its number, and the bookmarks open the same
/// pages.
#[test]
fn a_bundle_with_three_exhibits_has_an_index_and_bookmarks_that_match_its_pages() {
    let w = World::new();
    let a = billed(&w, "CT00000201", "Adams");
    w.run("reminder", "council_tax", "2026-05-12");
    let h = hearing(&w, "2026-06-16", "2026-05-20");
    summons_run(&w, &h, "2026-05-27");
    api::record_court_outcomes(
        &w.db,
        &w.ctx("team.leader", "2026-06-16"),
        RecordOutcomesInput {
            hearing_id: h.clone(),
            bulk: "granted".into(),
            adjourned_to_hearing_id: None,
            individual: vec![],
        },
    )
    .unwrap();
    let ctx = w.ctx("officer.one", "2026-06-20");
    let draft = api::prepare_court_bundle(
        &w.db,
        &ctx,
        PrepareBundleInput {
            hearing_id: None,
            court: Some("Ashdown Magistrates' Court".into()),
            ..bundle_input(&a, "committal")
        },
    )
    .unwrap();
    assert!(draft.bundle.statement.contains("Statement of truth"), "{}", draft.bundle.statement);
    assert!(draft.bundle.statement.contains("£1,460.00"), "the order in the statement: {}", draft.bundle.statement);
    let endorsed_id = api::court_hearing(&w.db, &h).unwrap().documents[0].document_id.clone();
    let endorsed = w.db.read(|tx| recovery_core::db::letters::document_pdf(tx, &endorsed_id)).unwrap().unwrap().0;
    let exhibits = [
        ("Enforcement agent's report: insufficient goods", exhibit_pdf("ALPHA", 2)),
        ("Endorsed court list of 16 June 2026", endorsed),
        ("Employer's reply to an attachment of earnings enquiry", exhibit_pdf("GAMMA", 3)),
    ];
    for (title, pdf) in &exhibits {
        api::add_bundle_exhibit(
            &w.db,
            &ctx,
            AddExhibitInput {
                bundle_id: draft.bundle.id.clone(),
                title: title.to_string(),
                file_name: "exhibit.pdf".into(),
                content_base64: base64_of(pdf),
            },
        )
        .unwrap();
    }
    let bad = api::add_bundle_exhibit_file(&w.db, &ctx, &draft.bundle.id, "Not a PDF", "x.pdf", b"hello").unwrap_err();
    assert_eq!(bad.code(), "validation");

    let built = api::issue_court_bundle(&w.db, &ctx, &draft.bundle.id).unwrap();
    let path = write(w.dir.path(), "bundle.pdf", &built.pdf);
    assert_eq!(pdf_pages(&path), built.page_count);
    let titles: Vec<&str> = built.index.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Case summary",
            "Witness statement",
            "Liability orders",
            "Statement of account",
            "Copies of notices issued",
            "Payment and contact history",
            "Income and expenditure",
            "Holds and vulnerability checks",
            "Exhibits"
        ]
    );
    // Every page is stamped with its own number.
    for p in 1..=built.page_count {
        let t = pdftotext(&path, Some(p));
        assert!(t.contains(&format!("Bundle page {p} of {}", built.page_count)), "page {p}:\n{t}");
    }
    // The index (page 1) lists every entry with its pages, and each entry starts where the index says.
    let index = flat(&pdftotext(&path, Some(1)));
    let range = |a: usize, b: usize| if a == b { a.to_string() } else { format!("{a}–{b}") };
    let mut previous_last = 1;
    for e in &built.index {
        assert!(
            index.contains(&format!("{}. {} {}", e.number, e.title, range(e.first_page, e.last_page))),
            "{e:?} in {index}"
        );
        assert_eq!(e.first_page, previous_last + 1, "sections follow each other: {e:?}");
        previous_last = e.last_page;
        let first = flat(&pdftotext(&path, Some(e.first_page)));
        assert!(
            first.contains(e.title.as_str()) || e.title == "Income and expenditure",
            "{} not on page {}: {first}",
            e.title,
            e.first_page
        );
        for c in &e.children {
            assert!(
                index.contains(&format!("{} {} {}", c.number, c.title, range(c.first_page, c.last_page))),
                "{c:?} in {index}"
            );
        }
    }
    assert_eq!(previous_last, built.page_count);
    let exhibits_entry = built.index.iter().find(|e| e.title == "Exhibits").unwrap();
    let page_of = |i: usize| exhibits_entry.children[i].first_page;
    assert_eq!(exhibits_entry.children.len(), 3);
    assert!(flat(&pdftotext(&path, Some(page_of(0)))).contains("ALPHA page 1"));
    assert!(flat(&pdftotext(&path, Some(page_of(0) + 1))).contains("ALPHA page 2"));
    assert!(flat(&pdftotext(&path, Some(page_of(1)))).contains("Endorsed court list"));
    assert!(flat(&pdftotext(&path, Some(page_of(2)))).contains("GAMMA page 1"));
    assert_eq!(exhibits_entry.children[2].last_page - exhibits_entry.children[2].first_page, 2);
    assert!(exhibits_entry.children[0].title.starts_with("Exhibit AO/1: Enforcement agent's report"));
    let notices = built.index.iter().find(|e| e.title == "Copies of notices issued").unwrap();
    let notice_titles: Vec<&str> = notices.children.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        notice_titles,
        ["Council Tax reminder notice, 12 May 2026", "Council Tax summons: covering letter, 27 May 2026"]
    );
    let statement = built.index.iter().find(|e| e.title == "Witness statement").unwrap();
    let statement_text =
        flat(&(statement.first_page..=statement.last_page).map(|p| pdftotext(&path, Some(p))).collect::<String>());
    assert!(
        statement_text.contains("I believe that the facts stated in this witness statement are true"),
        "{statement_text}"
    );

    // The bookmarks open the same pages.
    let doc = lopdf::Document::load(&path).unwrap();
    let toc = doc.get_toc().unwrap();
    assert!(toc.errors.is_empty(), "{:?}", toc.errors);
    let mut want = vec![(1usize, "Index".to_string(), 1usize)];
    for e in &built.index {
        want.push((1, format!("{}. {}", e.number, e.title), e.first_page));
        for c in &e.children {
            want.push((2, format!("{} {}", c.number, c.title), c.first_page));
        }
    }
    let got: Vec<(usize, String, usize)> = toc.toc.iter().map(|t| (t.level, t.title.clone(), t.page)).collect();
    assert_eq!(got, want);
    // Issued: stored on the account, and no longer a draft.
    assert_eq!(w.count("SELECT count(*) FROM documents WHERE kind = 'court_bundle'"), 1);
    let again = api::issue_court_bundle(&w.db, &ctx, &draft.bundle.id).unwrap_err();
    assert_eq!(again.code(), "conflict");
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// T46 and T47 through bundles: an account whose one liability order leaves £1,460.00 outstanding may have a
/// charging order bundle but not a bankruptcy one.
#[test]
fn remedy_bundles_check_their_thresholds_on_the_liability_orders() {
    let w = World::new();
    let a = billed(&w, "CT00000301", "Adams");
    let ctx = w.ctx("officer.one", "2026-06-20");
    let e = api::prepare_court_bundle(&w.db, &ctx, bundle_input(&a, "charging-order")).unwrap_err();
    assert!(e.to_string().contains("has no liability order"), "{e}");
    w.run("reminder", "council_tax", "2026-05-12");
    let h = hearing(&w, "2026-06-16", "2026-05-20");
    summons_run(&w, &h, "2026-05-27");
    api::record_court_outcomes(
        &w.db,
        &w.ctx("team.leader", "2026-06-16"),
        RecordOutcomesInput {
            hearing_id: h,
            bulk: "granted".into(),
            adjourned_to_hearing_id: None,
            individual: vec![],
        },
    )
    .unwrap();
    let ctx = w.ctx("officer.one", "2026-06-20");
    let ok = api::prepare_court_bundle(&w.db, &ctx, bundle_input(&a, "charging-order")).unwrap();
    let checks: serde_json::Value = serde_json::from_str(&ok.bundle.checks).unwrap();
    assert_eq!(checks["counted"], "1460.00");
    let e = api::prepare_court_bundle(&w.db, &ctx, bundle_input(&a, "insolvency")).unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    assert!(e.to_string().contains("at least £5000.00") && e.to_string().contains("£1460.00"), "{e}");
}

/// The morning's other statuses: a complaint the council withdraws, one disputed by the officer's mark, an
/// account that entered an arrangement and one under a dispute hold are marked with the reason, not put to the
/// bench, and withdrawn or adjourned generally when the outcomes are recorded; a mark can be cleared.
#[test]
fn withdrawn_disputed_and_arranged_cases_are_marked_and_left_out_of_the_application() {
    let w = World::new();
    let acc: Vec<Acct> = ["Irwin", "Jones", "Khan", "Lewis", "Moss"]
        .iter()
        .enumerate()
        .map(|(i, n)| billed(&w, &format!("CT0000040{}", i + 1), n))
        .collect();
    w.run("reminder", "council_tax", "2026-05-12");
    let h = hearing(&w, "2026-06-16", "2026-05-20");
    summons_run(&w, &h, "2026-05-27");
    let mark = |reference: &str, mark: &str, reason: &str| {
        api::mark_listing(
            &w.db,
            &w.ctx("officer.one", "2026-06-10"),
            api::MarkListingInput {
                hearing_id: h.clone(),
                account_reference: reference.into(),
                mark: mark.into(),
                reason: reason.into(),
            },
        )
    };
    mark("CT00000401", "withdrawn", "summons served at the wrong address").unwrap();
    mark("CT00000402", "disputed", "appeal lodged with the Valuation Tribunal").unwrap();
    mark("CT00000405", "disputed", "a mistake").unwrap();
    let cleared = mark("CT00000405", "none", "").unwrap();
    assert_eq!(
        cleared.lines.iter().find(|l| l.account_reference == "CT00000405").unwrap().status,
        ListStatus::Proceeding
    );
    let e = mark("CT00000999", "withdrawn", "x").unwrap_err();
    assert!(e.to_string().contains("not on the list"), "{e}");
    assert_eq!(mark("CT00000401", "withdrawn", " ").unwrap_err().code(), "validation");
    let ctx = w.ctx("officer.one", "2026-06-11");
    w.db.write(|tx| {
        accounts::insert_stage(tx, &ctx, &acc[2].account, None, Stage::Arrangement, "2026-06-11", "£100 a month")
    })
    .unwrap();
    api::record_hold(
        &w.db,
        &w.ctx("officer.one", "2026-06-12"),
        RecordHoldInput {
            party_id: None,
            account_id: Some(acc[3].account.clone()),
            kind: "dispute".into(),
            registered_on: None,
            starts_on: Some("2026-06-12".into()),
            ends_on: None,
            review_on: None,
            notice_received_on: None,
            reason: "Says the property was empty".into(),
            evidence: "Letter of 11 June".into(),
            adviser: String::new(),
        },
    )
    .unwrap();
    let list =
        api::refresh_court_list(&w.db, &w.ctx("officer.one", "2026-06-16"), HearingIdInput { hearing_id: h.clone() })
            .unwrap();
    let line = |r: &str| list.lines.iter().find(|l| l.account_reference == r).unwrap().clone();
    assert_eq!(line("CT00000401").status, ListStatus::Withdrawn);
    assert!(line("CT00000401").status_reason.contains("wrong address"));
    assert_eq!(line("CT00000402").status, ListStatus::Disputed);
    assert_eq!(line("CT00000403").status, ListStatus::Arrangement);
    assert!(line("CT00000403").status_reason.contains("arrangement since 2026-06-11"));
    assert_eq!(line("CT00000404").status, ListStatus::Disputed);
    assert_eq!(line("CT00000405").status, ListStatus::Proceeding);
    assert_eq!((list.totals.proceeding, list.totals.order_sought), (1, m("1460.00")));
    let out = api::record_court_outcomes(
        &w.db,
        &w.ctx("team.leader", "2026-06-16"),
        RecordOutcomesInput {
            hearing_id: h,
            bulk: "granted".into(),
            adjourned_to_hearing_id: None,
            individual: vec![],
        },
    )
    .unwrap();
    assert_eq!((out.granted, out.withdrawn, out.adjourned), (1, 2, 2));
    let result = |r: &str| out.list.lines.iter().find(|l| l.account_reference == r).unwrap().result.clone().unwrap();
    assert_eq!(
        ["CT00000401", "CT00000402", "CT00000403", "CT00000404", "CT00000405"].map(result),
        ["withdrawn", "adjourned", "withdrawn", "adjourned", "granted"].map(String::from)
    );
    assert_eq!(w.count("SELECT count(*) FROM ledger_entries WHERE kind = 'cost' AND amount_pence = 5000"), 1);
}
