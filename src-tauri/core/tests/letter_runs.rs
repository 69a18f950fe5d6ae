//! Print runs and letters from a person's record through `recovery_core::api` on a temp-file database: a
//! template issued to every account owing (holds and other debts left out) with its progress, the print
//! file in postcode order behind its cover sheet (read back with `pdftotext`), dispatch that cannot be
//! reversed, a run stopped between chunks (its letters withdrawn), letters put aside for the post room and
//! gathered into a run, the facts form with the ledger's figures, and bad input refused by field and line.

use chrono::{NaiveDate, TimeZone, Utc};
use recovery_core::api::{
    self, GatherRunInput, IssueRunInput, LetterFormInput, RecordDispatchInput, RunInput, RunProgress, SendLetterInput,
    WaitingGroupInput,
};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::parties::{self, NewHold, Party, Stamp};
use recovery_core::model::{DebtType, HoldKind, Jurisdiction, LedgerKind, PartyKind, Role};
use recovery_core::{Ctx, Db, Error, Money};
use std::collections::BTreeMap;
use std::process::Command;
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 12).unwrap()
}

fn ctx() -> Ctx {
    Ctx::new("runs.officer", Utc.with_ymd_and_hms(2026, 5, 12, 9, 15, 0).unwrap(), today())
}

struct Case {
    dir: TempDir,
    db: Db,
    /// Party ids by surname.
    people: BTreeMap<String, String>,
    /// Account ids by reference.
    accounts: BTreeMap<String, String>,
}

/// Council Tax accounts in England: CT1 (Ashworth, AD3 9XY, owes £1,386.00 for 2026/27), CT2 (Brook, AD1 2BC,
/// owes £200.00 for 2025/26 and £912.50 for 2026/27), CT3 (Cole, AD2 4DE, owes £500.00 but is in Breathing
/// Space), CT4 (Dunn, AD1 1AA, owes £20.00); and HB1 (Ashworth, an HB overpayment of £640.00). `extra` more
/// Council Tax accounts (CTX0000, CTX0001, ...) each owe £100.00.
fn case(extra: usize) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx();
    let db = api::open(dir.path().join("runs.db"), &ctx).unwrap();
    let mut people = BTreeMap::new();
    let mut refs = BTreeMap::new();
    db.write(|tx| {
        let mut person = |surname: &str, lines: &[&str], postcode: &str| -> recovery_core::Result<String> {
            let address = parties::insert_address(
                tx,
                &ctx,
                None,
                &lines.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                postcode,
            )?;
            let id = parties::insert_party(
                tx,
                &ctx,
                &Party {
                    kind: Some(PartyKind::Person),
                    title: "Mx".into(),
                    forenames: "Sam".into(),
                    surname: surname.into(),
                    address_id: Some(address),
                    ..Party::default()
                },
            )?;
            people.insert(surname.to_string(), id.clone());
            Ok(id)
        };
        let mut account = |reference: &str,
                           debt: DebtType,
                           party: &str,
                           years: &[(i32, &str, &str)]|
         -> recovery_core::Result<String> {
            let id = accounts::insert_account(
                tx,
                &ctx,
                &NewAccount {
                    reference,
                    debt_type: debt,
                    jurisdiction: Jurisdiction::England,
                    property_address_id: None,
                    status: "open",
                    opened_on: "2019-06-01",
                    closed_on: None,
                },
            )?;
            accounts::insert_account_party(tx, &ctx, &id, party, Role::Liable, None)?;
            for (year, charge, paid) in years {
                let from = format!("{year}-04-01");
                let to = format!("{}-03-31", year + 1);
                let l = accounts::insert_liability(tx, &ctx, &id, *year, &from, &to, "")?;
                for (kind, amount) in [(LedgerKind::Charge, *charge), (LedgerKind::Payment, *paid)] {
                    accounts::insert_entry(
                        tx,
                        &ctx,
                        &NewEntry {
                            account_id: &id,
                            liability_id: Some(&l),
                            kind: Some(kind),
                            amount: Money::parse(amount).unwrap(),
                            posted_on: &from,
                            effective_on: &from,
                            ..NewEntry::default()
                        },
                    )?;
                }
            }
            refs.insert(reference.to_string(), id.clone());
            Ok(id)
        };
        let ashworth = person("Ashworth", &["14 Larch Close", "Ashdown"], "AD3 9XY")?;
        account("CT1", DebtType::CouncilTax, &ashworth, &[(2026, "1540.00", "-154.00")])?;
        account("HB1", DebtType::HbOverpayment, &ashworth, &[(2025, "640.00", "0.00")])?;
        let brook = person("Brook", &["2 Mill Lane", "Ashdown"], "AD1 2BC")?;
        account("CT2", DebtType::CouncilTax, &brook, &[(2025, "1700.00", "-1500.00"), (2026, "1012.50", "-100.00")])?;
        let cole = person("Cole", &["9 Quay Street", "Ashdown"], "AD2 4DE")?;
        let ct3 = account("CT3", DebtType::CouncilTax, &cole, &[(2026, "500.00", "0.00")])?;
        let dunn = person("Dunn", &["1 Abbey Road", "Ashdown"], "AD1 1AA")?;
        account("CT4", DebtType::CouncilTax, &dunn, &[(2026, "20.00", "0.00")])?;
        for i in 0..extra {
            let p = person(&format!("Extra{i:04}"), &[&format!("{i} Long Row"), "Ashdown"], "AD9 9ZZ")?;
            account(&format!("CTX{i:04}"), DebtType::CouncilTax, &p, &[(2026, "100.00", "0.00")])?;
        }
        let at = ctx.at();
        parties::insert_hold_with_id(
            tx,
            Stamp::new(tx, &at, &ctx),
            &NewHold {
                id: "hold-cole",
                party_id: Some(&cole),
                account_id: Some(&ct3),
                kind: HoldKind::BreathingSpace,
                starts_on: "2026-05-01",
                ends_on: Some("2026-06-30"),
                reason: "",
                evidence: "",
                released_on: None,
            },
        )?;
        Ok(())
    })
    .unwrap();
    Case { dir, db, people, accounts: refs }
}

fn final_notice_facts() -> BTreeMap<String, String> {
    [("pay_by", "19/5/2026"), ("court_action_from", "2026-05-20"), ("officer_name", "Priya Shah")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn pdftotext(case: &Case, name: &str, pdf: &[u8], page: Option<usize>) -> String {
    let path = case.dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd.arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn never_stop(_: &RunProgress) -> bool {
    true
}

#[test]
fn a_run_issues_a_template_to_every_account_owing_then_prints_in_postcode_order_and_is_dispatched() {
    let case = case(0);
    let mut seen = Vec::new();
    let outcome = api::issue_letter_run(
        &case.db,
        &ctx(),
        IssueRunInput {
            template_name: "ct_final_notice".into(),
            min_balance: Some("100.00".into()),
            facts: final_notice_facts(),
            ..IssueRunInput::default()
        },
        &mut |p| {
            seen.push((p.phase, p.done, p.total));
            true
        },
    )
    .unwrap();
    // CT3 is in Breathing Space, CT4 owes less than £100.00, HB1 is another debt.
    assert_eq!(outcome.issued, 2);
    assert!(!outcome.cancelled);
    assert_eq!(seen, [("issuing", 2, 2)]);
    let run = outcome.run;
    assert_eq!(
        (run.status.as_str(), run.letter_count, run.title.as_str()),
        ("ready", 2, "Council Tax final notice run")
    );
    assert!(run.reference.starts_with("LR-") && run.reference.len() == 11, "{}", run.reference);
    assert!(run.can_cancel && run.can_dispatch && run.can_print);

    let mut printing = Vec::new();
    let file = api::print_letter_run(&case.db, &ctx(), RunInput { run_id: run.reference.clone() }, &mut |p| {
        printing.push((p.phase, p.done, p.total));
        true
    })
    .unwrap();
    assert_eq!(printing, [("printing", 0, 2), ("printing", 2, 2)]);
    let cover = pdftotext(&case, "run", &file.pdf, Some(1));
    for w in ["Print run cover sheet", &run.reference, "Letters 2", "12 May 2026", "Print order postcode"] {
        assert!(cover.contains(w), "cover lacks '{w}': {cover}");
    }
    // Brook (AD1 2BC) before Ashworth (AD3 9XY); each letter states its own account's figures.
    let text = pdftotext(&case, "run", &file.pdf, None);
    let brook = text.find("Mx Sam Brook").expect("Brook's letter");
    let ashworth = text.find("Mx Sam Ashworth").expect("Ashworth's letter");
    assert!(brook < ashworth, "postcode order");
    assert!(text[brook..ashworth].contains("£1,112.50"), "Brook's total: {}", &text[brook..ashworth]);
    assert!(text[brook..ashworth].contains("£200.00") && text[brook..ashworth].contains("£912.50"));
    assert!(text[ashworth..].contains("£1,386.00"));
    assert!(text.contains("19 May 2026") && text.contains("20 May 2026") && text.contains("Priya Shah"));
    assert_eq!(file.page_count, text.matches("Page 1 of").count() + 1 + text.matches("Page 2 of").count());

    let letters = api::person_letters(&case.db, &ctx(), &case.people["Brook"]).unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!((letters[0].status, letters[0].run_reference.as_deref()), ("in_run", Some(run.reference.as_str())));
    assert_eq!(letters[0].template_name, "ct_final_notice");

    let future = RecordDispatchInput { run_id: run.id.clone(), dispatched_on: Some("13/5/2026".into()) };
    assert!(matches!(
        api::record_letter_run_dispatch(&case.db, &ctx(), future),
        Err(Error::Validation { field, .. }) if field == "dispatchedOn"
    ));
    let sent = api::record_letter_run_dispatch(
        &case.db,
        &ctx(),
        RecordDispatchInput { run_id: run.id.clone(), dispatched_on: None },
    )
    .unwrap();
    assert_eq!((sent.status.as_str(), sent.dispatched_on.as_deref()), ("dispatched", Some("2026-05-12")));
    assert!(!sent.can_cancel && !sent.can_dispatch && sent.can_print);
    let letters = api::person_letters(&case.db, &ctx(), &case.people["Brook"]).unwrap();
    assert_eq!((letters[0].status, letters[0].dispatched_on.as_deref()), ("dispatched", Some("2026-05-12")));
    match api::cancel_letter_run(&case.db, &ctx(), RunInput { run_id: run.id.clone() }) {
        Err(Error::Conflict(m)) => {
            assert_eq!(m, format!("print run {} was dispatched on 2026-05-12: it cannot be reversed", run.reference))
        }
        other => panic!("a dispatched run was cancelled: {other:?}"),
    }
    assert!(matches!(
        api::record_letter_run_dispatch(
            &case.db,
            &ctx(),
            RecordDispatchInput { run_id: run.id.clone(), dispatched_on: None }
        ),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn a_run_stopped_between_chunks_is_cancelled_and_its_letters_withdrawn() {
    let case = case(api::RUN_CHUNK + 20);
    let mut calls = 0;
    let outcome = api::issue_letter_run(
        &case.db,
        &ctx(),
        IssueRunInput {
            template_name: "ct_final_notice".into(),
            min_balance: Some("50".into()),
            facts: final_notice_facts(),
            order: Some("reference".into()),
            ..IssueRunInput::default()
        },
        &mut |p| {
            calls += 1;
            assert_eq!((p.done, p.total), (api::RUN_CHUNK, api::RUN_CHUNK + 22));
            false
        },
    )
    .unwrap();
    assert_eq!(calls, 1, "it stopped after the first chunk");
    assert!(outcome.cancelled);
    assert_eq!(outcome.issued, api::RUN_CHUNK);
    assert_eq!((outcome.run.status.as_str(), outcome.run.letter_count), ("cancelled", api::RUN_CHUNK as i64));
    assert!(!outcome.run.can_print && !outcome.run.can_dispatch && !outcome.run.can_cancel);
    // In reference order CT1 and CT2 come before the CTX accounts, so both were in the first chunk.
    let letters = api::person_letters(&case.db, &ctx(), &case.people["Ashworth"]).unwrap();
    assert_eq!((letters.len(), letters[0].status, letters[0].status_label), (1, "withdrawn", "Withdrawn"));
    assert!(api::person_letters(&case.db, &ctx(), &case.people["Extra0119"]).unwrap().is_empty(), "never reached");
    assert!(matches!(
        api::print_letter_run(&case.db, &ctx(), RunInput { run_id: outcome.run.id.clone() }, &mut never_stop),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn a_letter_sent_with_the_print_run_waits_is_gathered_and_goes_back_when_the_run_is_cancelled() {
    let case = case(0);
    let mut facts = final_notice_facts();
    facts.insert("financial_year".into(), "2026".into());
    facts.insert("amounts".into(), "Council Tax 2026/27 1386.00".into());
    facts.insert("total".into(), "1386.00".into());
    let input = SendLetterInput {
        template_name: "ct_final_notice".into(),
        account_id: case.accounts["CT1"].clone(),
        facts: facts.clone(),
        with_print_run: true,
        ..SendLetterInput::default()
    };
    let preview = api::preview_letter(&case.db, &ctx(), input.clone()).unwrap();
    assert!(!preview.pages.is_empty());
    assert!(preview.pages[0].contains("Mx Sam Ashworth") && preview.pages[0].contains("£1,386.00"), "page image");
    assert!(
        api::person_letters(&case.db, &ctx(), &case.people["Ashworth"]).unwrap().is_empty(),
        "a preview stores nothing"
    );

    let issued = api::send_letter(&case.db, &ctx(), input).unwrap();
    let printed_now = api::send_letter(
        &case.db,
        &ctx(),
        SendLetterInput {
            template_name: "ct_final_notice".into(),
            account_id: case.accounts["CT1"].clone(),
            facts,
            ..SendLetterInput::default()
        },
    )
    .unwrap();
    let letters = api::person_letters(&case.db, &ctx(), &case.people["Ashworth"]).unwrap();
    let status = |id: &str, list: &[api::PersonLetter]| list.iter().find(|l| l.id == id).unwrap().status;
    assert_eq!(status(&issued.document_id, &letters), "waiting");
    assert_eq!(status(&printed_now.document_id, &letters), "issued");
    let waiting = api::letters_waiting(&case.db).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].template_name.as_str(), waiting[0].issued_on.as_str(), waiting[0].count),
        ("ct_final_notice", "2026-05-12", 1)
    );

    let run = api::gather_letter_run(
        &case.db,
        &ctx(),
        GatherRunInput {
            groups: vec![WaitingGroupInput { template_name: "ct_final_notice".into(), issued_on: "2026-05-12".into() }],
            title: Some("Tuesday post".into()),
            order: None,
            duplex: true,
        },
    )
    .unwrap();
    assert_eq!(
        (run.status.as_str(), run.letter_count, run.title.as_str(), run.duplex),
        ("ready", 1, "Tuesday post", true)
    );
    assert!(api::letters_waiting(&case.db).unwrap().is_empty());
    let letters = api::person_letters(&case.db, &ctx(), &case.people["Ashworth"]).unwrap();
    assert_eq!(status(&issued.document_id, &letters), "in_run");

    let file = api::print_letter_run(&case.db, &ctx(), RunInput { run_id: run.id.clone() }, &mut never_stop).unwrap();
    // Double-sided: the cover sheet and its blank back, then the letter padded to whole sheets.
    assert_eq!(file.page_count % 2, 0);
    let cancelled = api::cancel_letter_run(&case.db, &ctx(), RunInput { run_id: run.id }).unwrap();
    assert_eq!(cancelled.status, "cancelled");
    let letters = api::person_letters(&case.db, &ctx(), &case.people["Ashworth"]).unwrap();
    assert_eq!(status(&issued.document_id, &letters), "waiting", "a gathered letter waits for another run");
    assert_eq!(api::letters_waiting(&case.db).unwrap()[0].count, 1);
}

#[test]
fn the_facts_form_asks_for_what_the_template_uses_with_the_ledgers_figures() {
    let case = case(0);
    let form = api::letter_form(
        &case.db,
        LetterFormInput { template_name: "ct_final_notice".into(), account_id: Some(case.accounts["CT2"].clone()) },
    )
    .unwrap();
    let fields: BTreeMap<&str, &str> = form.fields.iter().map(|f| (f.key.as_str(), f.value.as_str())).collect();
    assert_eq!(
        fields,
        BTreeMap::from([
            ("financial_year", "2026/27"),
            ("pay_by", ""),
            ("court_action_from", ""),
            ("amounts", "Council Tax 2025/26 200.00\nCouncil Tax 2026/27 912.50"),
            ("costs", ""),
            ("total", "1112.50"),
            ("officer_name", ""),
            ("officer_title", ""),
        ])
    );
}

#[test]
fn a_bad_selection_or_fact_is_refused_naming_the_field_and_line() {
    let case = case(0);
    let run = |input: IssueRunInput| api::issue_letter_run(&case.db, &ctx(), input, &mut never_stop);
    let base = IssueRunInput {
        template_name: "ct_final_notice".into(),
        facts: final_notice_facts(),
        ..IssueRunInput::default()
    };
    let field_of = |r: recovery_core::Result<api::RunOutcome>| match r {
        Err(Error::Validation { field, reason }) => format!("{field}: {reason}"),
        other => panic!("not refused: {:?}", other.map(|o| o.issued)),
    };
    assert_eq!(
        field_of(run(IssueRunInput { account_references: Some("CT1\n\nNOPE".into()), ..base.clone() })),
        "accountReferences: line 3: there is no account NOPE"
    );
    assert_eq!(
        field_of(run(IssueRunInput { min_balance: Some("ten".into()), ..base.clone() })).split(':').next(),
        Some("minBalance")
    );
    assert_eq!(field_of(run(base.clone())), "accountReferences: give the account references or a minimum balance");
    let mut bad = base.clone();
    bad.facts.insert("pay_by".into(), "31/2/2026".into());
    bad.min_balance = Some("1".into());
    assert_eq!(field_of(run(bad)), "facts.pay_by: '31/2/2026' is not a date: write it as 18/6/2026");
    // Listed by reference: the held account and the other debt are left out with their reasons.
    let outcome = run(IssueRunInput { account_references: Some("CT3\nHB1\nCT2".into()), ..base.clone() }).unwrap();
    assert_eq!(outcome.issued, 1);
    let reasons: Vec<(String, String)> =
        outcome.excluded.into_iter().map(|e| (e.account_reference, e.reason)).collect();
    assert_eq!(reasons[0], ("CT3".into(), "recovery is on hold (breathing space)".into()));
    assert_eq!(reasons[1].0, "HB1");
    assert!(reasons[1].1.contains("is for Council Tax, not Housing Benefit overpayment"), "{}", reasons[1].1);
    // Nothing could be written: refused, and the run is cancelled rather than left half-made.
    match run(IssueRunInput { account_references: Some("HB1".into()), ..base }) {
        Err(Error::RuleRefused(m)) => assert!(m.contains("no letter could be written") && m.contains("HB1"), "{m}"),
        other => panic!("{:?}", other.map(|o| o.issued)),
    }
    let runs = api::letter_runs(&case.db).unwrap();
    let mut statuses: Vec<&str> = runs.iter().map(|r| r.status.as_str()).collect();
    statuses.sort();
    assert_eq!(statuses, ["cancelled", "ready"], "one run made, one refused and cancelled");
}

#[test]
fn a_preview_has_a_page_image_of_each_page_the_pdf_has() {
    let case = case(0);
    let body = api::letter_template(&case.db, api::TemplateInput { name: "ct_final_notice".into(), version: None })
        .unwrap()
        .body;
    let preview =
        api::preview_letter_template(&case.db, &ctx(), api::PreviewTemplateInput { body, duplex: false }).unwrap();
    assert_eq!(preview.pages.len(), preview.page_count);
    let text = pdftotext(&case, "preview", &preview.pdf, Some(1));
    let svg = &preview.pages[0];
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 210 297\""), "{svg}");
    for w in ["Ms Sample Person", "DEMO0000001", "£1,403.00", "7 June 2026"] {
        assert!(text.contains(w), "the PDF lacks {w}");
        assert!(svg.contains(w), "the page image lacks {w}");
    }
    // The UI tests show a real page image: LETTERS_SVG_FIXTURE=<file> writes this one.
    if let Some(path) = std::env::var_os("LETTERS_SVG_FIXTURE") {
        std::fs::write(path, svg).unwrap();
    }
}

/// Figures for a run issued in chunks: letters a second, and the longest chunk (how long the screen's other
/// reads can wait for the database). Slow: `cargo test --release -p recovery-core --test letter_runs --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn throughput_of_a_run_issued_in_chunks() {
    let n = 2_000;
    let case = case(n);
    let started = std::time::Instant::now();
    let mut last = started;
    let mut longest = std::time::Duration::ZERO;
    let outcome = api::issue_letter_run(
        &case.db,
        &ctx(),
        IssueRunInput {
            template_name: "ct_final_notice".into(),
            min_balance: Some("50".into()),
            facts: final_notice_facts(),
            ..IssueRunInput::default()
        },
        &mut |_| {
            longest = longest.max(last.elapsed());
            last = std::time::Instant::now();
            true
        },
    )
    .unwrap();
    let issued = started.elapsed();
    let file = api::print_letter_run(&case.db, &ctx(), RunInput { run_id: outcome.run.id }, &mut never_stop).unwrap();
    let printed = started.elapsed() - issued;
    println!(
        "{} letters issued in {:.1} s ({:.0} letters/s, {} a chunk, longest chunk {} ms); print file {:.1} s, {} pages, {:.1} MB",
        outcome.issued,
        issued.as_secs_f64(),
        outcome.issued as f64 / issued.as_secs_f64(),
        api::RUN_CHUNK,
        longest.as_millis(),
        printed.as_secs_f64(),
        file.page_count,
        file.pdf.len() as f64 / 1e6
    );
    assert_eq!(outcome.issued, n + 2);
}
