//! Letters end to end through `recovery_core::api` on a temp-file database: every shipped template renders
//! for a realistic account and its PDF, read back with poppler's `pdftotext`, says the name, every address
//! line, the reference, the £ amounts and the dates exactly; the address lies inside the envelope window
//! (`pdftotext -bbox`); bad templates and missing merge values are refused; long letters are numbered
//! "Page n of N"; a reprint is the letter that was issued, byte for byte.
//!
//! Set `LETTERS_PNG_DIR=<dir>` to also write the first page of every shipped template as a PNG
//! (`pdftoppm -r 80`) for a person to look at.

use chrono::{NaiveDate, TimeZone, Utc};
use recovery_core::api::{
    self, LetterInput, PreviewTemplateInput, PrintLettersInput, TemplateInput, TemplateSourceInput,
};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::parties::{self, Party};
use recovery_core::letters::merge::{
    CourtFacts, DatedAmount, DatedEvent, Hearing, IncomeExpenditure, Invoice, LabelledAmount, LetterFacts, OrderFacts,
};
use recovery_core::letters::{shipped, WINDOW};
use recovery_core::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role};
use recovery_core::{Ctx, Db, Error, Money};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 12).unwrap()
}

fn ctx() -> Ctx {
    Ctx::new("letters.officer", Utc.with_ymd_and_hms(2026, 5, 12, 9, 15, 0).unwrap(), today())
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

struct Case {
    dir: TempDir,
    db: Db,
    /// Account ids by reference.
    accounts: BTreeMap<&'static str, String>,
    jane: String,
    appointee: String,
}

/// A person on council tax in England (Jane Ashworth, CT10000001: 2026/27 £1,540.00 in ten instalments of
/// £154.00, April paid, May missed), a Welsh council tax payer (Dafydd ap Hughes, CTW2000001, £1,890.00, £189
/// paid), an HB overpayment (HB30000001), a business on sundry debt (Kestrel Motors Ltd, SD40000001) and
/// an adult social care charge (ASC5000001). Jane's appointee, Ruth Ingram, has her own address.
fn case() -> Case {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx();
    let db = api::open(dir.path().join("letters.db"), &ctx).unwrap();
    let (accounts, jane, appointee) = db
        .write(|tx| {
            let mut refs = BTreeMap::new();
            let addr = |lines: &[&str], pc: &str| {
                parties::insert_address(tx, &ctx, None, &lines.iter().map(|s| s.to_string()).collect::<Vec<_>>(), pc)
            };
            let person = |title: &str, forenames: &str, surname: &str, address: &str| Party {
                kind: Some(PartyKind::Person),
                title: title.into(),
                forenames: forenames.into(),
                surname: surname.into(),
                address_id: Some(address.to_string()),
                ..Party::default()
            };
            let account = |reference: &'static str, debt: DebtType, j: Jurisdiction, property: Option<&str>| {
                accounts::insert_account(
                    tx,
                    &ctx,
                    &NewAccount {
                        reference,
                        debt_type: debt,
                        jurisdiction: j,
                        property_address_id: property,
                        status: "open",
                        opened_on: "2019-06-01",
                        closed_on: None,
                    },
                )
            };
            let post = |account: &str, liability: &str, kind: LedgerKind, amount: &str, on: &str| {
                accounts::insert_entry(
                    tx,
                    &ctx,
                    &NewEntry {
                        account_id: account,
                        liability_id: Some(liability),
                        kind: Some(kind),
                        amount: m(amount),
                        posted_on: on,
                        effective_on: on,
                        ..NewEntry::default()
                    },
                )
            };

            let home = addr(&["Flat 2, Larch Court", "14 Larch Close", "Ashdown", "Westshire"], "AD1 2BC")?;
            let jane = parties::insert_party(tx, &ctx, &person("Mrs", "Jane Elizabeth", "Ashworth", &home))?;
            let ruth_home = addr(&["7 Mill Lane", "Oakbridge"], "AD4 7RT")?;
            let ruth = parties::insert_party(tx, &ctx, &person("Ms", "Ruth", "Ingram", &ruth_home))?;
            let ct = account("CT10000001", DebtType::CouncilTax, Jurisdiction::England, Some(&home))?;
            accounts::insert_account_party(tx, &ctx, &ct, &jane, Role::Liable, None)?;
            accounts::insert_account_party(tx, &ctx, &ct, &ruth, Role::Appointee, None)?;
            let y = accounts::insert_liability(tx, &ctx, &ct, 2026, "2026-04-01", "2027-03-31", "Band C")?;
            post(&ct, &y, LedgerKind::Charge, "1540.00", "2026-03-10")?;
            post(&ct, &y, LedgerKind::Payment, "-154.00", "2026-04-01")?;
            refs.insert("CT10000001", ct.clone());

            let cymru = addr(&["Tŷ Gwyn", "12 Heol y Bont", "Llanfair"], "LL55 4AB")?;
            let dafydd = parties::insert_party(tx, &ctx, &person("Mr", "Dafydd", "ap Hughes", &cymru))?;
            let ctw = account("CTW2000001", DebtType::CouncilTax, Jurisdiction::Wales, Some(&cymru))?;
            accounts::insert_account_party(tx, &ctx, &ctw, &dafydd, Role::Liable, None)?;
            let y = accounts::insert_liability(tx, &ctx, &ctw, 2026, "2026-04-01", "2027-03-31", "Band D")?;
            post(&ctw, &y, LedgerKind::Charge, "1890.00", "2026-03-10")?;
            post(&ctw, &y, LedgerKind::Payment, "-189.00", "2026-04-01")?;
            refs.insert("CTW2000001", ctw);

            let hb = account("HB30000001", DebtType::HbOverpayment, Jurisdiction::England, None)?;
            accounts::insert_account_party(tx, &ctx, &hb, &jane, Role::Liable, None)?;
            let y = accounts::insert_liability(tx, &ctx, &hb, 2025, "2025-10-06", "2026-02-22", "HB-OP-20931")?;
            post(&hb, &y, LedgerKind::Charge, "1248.60", "2026-03-02")?;
            refs.insert("HB30000001", hb);

            let works = addr(&["Unit 4 Riverside Works", "Mill Road", "Ashdown"], "AD3 9XY")?;
            let kestrel = parties::insert_party(
                tx,
                &ctx,
                &Party {
                    kind: Some(PartyKind::Organisation),
                    organisation_name: "Kestrel Motors Ltd".into(),
                    address_id: Some(works.clone()),
                    ..Party::default()
                },
            )?;
            let sd = account("SD40000001", DebtType::Sundry, Jurisdiction::England, None)?;
            accounts::insert_account_party(tx, &ctx, &sd, &kestrel, Role::Liable, None)?;
            let y = accounts::insert_liability(tx, &ctx, &sd, 2026, "2026-04-01", "2026-06-30", "INV-000123")?;
            post(&sd, &y, LedgerKind::Charge, "482.50", "2026-03-02")?;
            refs.insert("SD40000001", sd);

            let care = addr(&["Room 6, Elm House Care Home", "Station Road", "Ashdown"], "AD2 6EH")?;
            let arthur = parties::insert_party(tx, &ctx, &person("Mr", "Arthur", "Penhaligon", &care))?;
            let asc = account("ASC5000001", DebtType::AdultSocialCare, Jurisdiction::England, None)?;
            accounts::insert_account_party(tx, &ctx, &asc, &arthur, Role::Liable, None)?;
            let y = accounts::insert_liability(tx, &ctx, &asc, 2025, "2026-01-01", "2026-03-31", "ASC-77812")?;
            post(&asc, &y, LedgerKind::Charge, "3912.40", "2026-04-02")?;
            refs.insert("ASC5000001", asc);
            Ok((refs, jane, ruth))
        })
        .unwrap();
    Case { dir, db, accounts, jane, appointee }
}

fn instalment(on: &str, amount: &str) -> DatedAmount {
    DatedAmount { due_on: d(on), amount: m(amount) }
}

fn officer(f: LetterFacts) -> LetterFacts {
    LetterFacts { officer_name: Some("Priya Shah".into()), officer_title: Some("Recovery Officer".into()), ..f }
}

/// The facts each shipped template is rendered with, its account, and what its PDF must say besides the
/// name, address, reference and date (recovery-rules.md worked example T09 for the reminder dates).
fn scenario(template: &str) -> (&'static str, LetterFacts, Vec<&'static str>) {
    let reminder = LetterFacts {
        financial_year: Some(2026),
        unpaid_instalments: Some(vec![instalment("2026-05-01", "154.00")]),
        instalments_due_soon: Some(vec![]),
        amount_due: Some(m("154.00")),
        pay_by: Some(d("2026-05-18")),
        balance_payable: Some(m("1386.00")),
        balance_payable_on: Some(d("2026-05-26")),
        ..LetterFacts::default()
    };
    let final_notice = LetterFacts {
        financial_year: Some(2026),
        amounts: Some(vec![LabelledAmount { label: "Council Tax 2026/27".into(), amount: m("1386.00") }]),
        total: Some(m("1386.00")),
        pay_by: Some(d("2026-05-18")),
        court_action_from: Some(d("2026-05-19")),
        ..LetterFacts::default()
    };
    let invoice = |number: &str, description: &str, amount: &str, issued: &str| Invoice {
        number: number.into(),
        issued_on: d(issued),
        description: description.into(),
        amount: m(amount),
        due_on: d("2026-04-01"),
    };
    let schedule: Vec<DatedAmount> = (6..12).map(|mo| instalment(&format!("2026-{mo:02}-01"), "231.00")).collect();
    match template {
        "ct_reminder" => (
            "CT10000001",
            reminder,
            vec!["£154.00", "18 May 2026", "£1,386.00", "26 May 2026", "1 May 2026", "regulation 23(3)"],
        ),
        "ct_second_reminder" => {
            ("CT10000001", reminder, vec!["£154.00", "18 May 2026", "£1,386.00", "26 May 2026", "regulation 23(4)"])
        }
        "ct_final_notice" => {
            ("CT10000001", final_notice, vec!["£1,386.00", "18 May 2026", "19 May 2026", "regulation 33"])
        }
        "ct_summons_cover" => (
            "CT10000001",
            LetterFacts {
                amount_due: Some(m("1386.00")),
                costs: Some(m("70.00")),
                total: Some(m("1456.00")),
                hearing: Some(Hearing {
                    court: "Ashdown Magistrates' Court".into(),
                    address: "Court House, Castle Street, Ashdown AD1 3CC".into(),
                    date: d("2026-06-16"),
                    time: "10:00".into(),
                }),
                ..LetterFacts::default()
            },
            vec!["£1,386.00", "£70.00", "£1,456.00", "16 June 2026", "10:00", "Ashdown Magistrates' Court"],
        ),
        "arrangement_confirmation" => (
            "CT10000001",
            LetterFacts {
                schedule: Some(schedule),
                total: Some(m("1386.00")),
                frequency: Some("monthly".into()),
                ..LetterFacts::default()
            },
            vec!["£231.00", "1 June 2026", "1 November 2026", "£1,386.00"],
        ),
        "arrangement_default" => (
            "CT10000001",
            LetterFacts {
                missed: Some(instalment("2026-05-01", "231.00")),
                pay_by: Some(d("2026-05-19")),
                balance_payable: Some(m("1386.00")),
                ..LetterFacts::default()
            },
            vec!["£231.00", "1 May 2026", "19 May 2026", "£1,386.00"],
        ),
        "ie_summary_cover" => (
            "CT10000001",
            LetterFacts {
                income_expenditure: Some(IncomeExpenditure {
                    taken_on: d("2026-05-06"),
                    income: m("1640.00"),
                    expenditure: m("1515.00"),
                    surplus: m("125.00"),
                    offer: m("50.00"),
                    frequency: "monthly".into(),
                }),
                ..LetterFacts::default()
            },
            vec!["6 May 2026", "£1,640.00", "£1,515.00", "£125.00", "£50.00"],
        ),
        "hbop_invoice_reminder" | "hbop_invoice_final" => (
            "HB30000001",
            LetterFacts {
                invoice: Some(invoice("HB-OP-20931", "Housing Benefit overpaid", "1248.60", "2026-03-02")),
                period_from: Some(d("2025-10-06")),
                period_to: Some(d("2026-02-22")),
                amount_due: Some(m("1248.60")),
                pay_by: Some(d("2026-05-26")),
                ..LetterFacts::default()
            },
            vec!["HB-OP-20931", "£1,248.60", "6 October 2025", "22 February 2026", "26 May 2026", "2 March 2026"],
        ),
        "sundry_invoice_reminder" | "sundry_invoice_final" => (
            "SD40000001",
            LetterFacts {
                invoice: Some(invoice(
                    "INV-000123",
                    "Trade waste collection, April to June 2026",
                    "482.50",
                    "2026-03-02",
                )),
                amount_due: Some(m("482.50")),
                pay_by: Some(d(if template.ends_with("final") { "2026-06-11" } else { "2026-05-26" })),
                ..LetterFacts::default()
            },
            vec!["INV-000123", "£482.50", "2 March 2026", "Trade waste collection, April to June 2026"],
        ),
        "asc_invoice_reminder" | "asc_invoice_final" => (
            "ASC5000001",
            LetterFacts {
                invoice: Some(invoice(
                    "ASC-77812",
                    "Residential care charges, January to March 2026",
                    "3912.40",
                    "2026-04-02",
                )),
                amount_due: Some(m("3912.40")),
                pay_by: Some(d("2026-05-26")),
                ..LetterFacts::default()
            },
            vec!["ASC-77812", "£3,912.40", "2 April 2026", "26 May 2026"],
        ),
        "ct_reminder_cy" => (
            "CTW2000001",
            LetterFacts {
                financial_year: Some(2026),
                unpaid_instalments: Some(vec![instalment("2026-05-01", "189.00")]),
                instalments_due_soon: Some(vec![]),
                amount_due: Some(m("189.00")),
                pay_by: Some(d("2026-05-18")),
                ..LetterFacts::default()
            },
            vec!["£189.00", "18 May 2026", "18 Mai 2026", "1 May 2026", "Tudalen 1 o"],
        ),
        "ct_final_notice_cy" => (
            "CTW2000001",
            LetterFacts {
                financial_year: Some(2026),
                amounts: Some(vec![LabelledAmount { label: "Council Tax 2026/27".into(), amount: m("1701.00") }]),
                total: Some(m("1701.00")),
                pay_by: Some(d("2026-06-01")),
                balance_payable_on: Some(d("2026-06-02")),
                court_action_from: Some(d("2026-06-03")),
                ..LetterFacts::default()
            },
            vec!["£1,701.00", "1 June 2026", "1 Mehefin 2026", "3 June 2026", "Tudalen 1 o"],
        ),
        "court_witness_statement" => (
            "CT10000001",
            LetterFacts {
                court: Some(CourtFacts {
                    kind: "committal".into(),
                    proceedings: "Committal: means inquiry".into(),
                    court: "Ashdown Magistrates' Court".into(),
                    liability_orders: vec![OrderFacts {
                        year: "2026/27".into(),
                        court: "Ashdown Magistrates' Court".into(),
                        made_on: d("2026-06-16"),
                        amount: m("1496.00"),
                    }],
                    chronology: vec![DatedEvent { on: d("2026-05-12"), event: "Reminder notice issued".into() }],
                    outstanding: m("1496.00"),
                    remedies: vec![],
                }),
                ..LetterFacts::default()
            },
            vec![
                "£1,496.00",
                "16 June 2026",
                "12 May 2026",
                "wilful refusal or culpable neglect",
                "Statement of truth",
            ],
        ),
        other => panic!("no scenario for the shipped template {other}: add one"),
    }
}

fn input(case: &Case, template: &str) -> LetterInput {
    let (reference, facts, _) = scenario(template);
    LetterInput {
        template_name: template.into(),
        account_id: case.accounts[reference].clone(),
        party_id: None,
        facts: officer(facts),
        duplex: false,
    }
}

fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(path).arg("-").output().expect("poppler-utils");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Whitespace collapsed to single spaces, so a date wrapped over two lines is still found.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `pdfinfo`'s report; poppler must not complain about the file's structure.
fn pdfinfo(path: &Path) -> String {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    let complaints = String::from_utf8_lossy(&out.stderr);
    assert!(complaints.trim().is_empty(), "{}: {complaints}", path.display());
    String::from_utf8(out.stdout).unwrap()
}

fn page_count(path: &Path) -> usize {
    let info = pdfinfo(path);
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

/// Words on page 1 with their boxes in millimetres: (xMin, yMin, xMax, yMax, word), y from the top.
fn words_page_one(path: &Path) -> Vec<(f32, f32, f32, f32, String)> {
    let out = Command::new("pdftotext").args(["-bbox", "-f", "1", "-l", "1"]).arg(path).arg("-").output().unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let mm = |pt: &str| pt.parse::<f32>().unwrap() * 25.4 / 72.0;
    html.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("<word ")?;
            let attr = |name: &str| {
                let at = rest.find(&format!("{name}=\""))? + name.len() + 2;
                Some(rest[at..at + rest[at..].find('"')?].to_string())
            };
            let word = &rest[rest.find('>')? + 1..rest.rfind("</word>")?];
            let word = word.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
            Some((mm(&attr("xMin")?), mm(&attr("yMin")?), mm(&attr("xMax")?), mm(&attr("yMax")?), word))
        })
        .collect()
}

/// The boxes of the recipient's lines on page 1: the first run of words spelling the name, then each
/// following line at the first run after the previous one. `None` for a line not found.
fn address_boxes(words: &[(f32, f32, f32, f32, String)], lines: &[&str]) -> Vec<Option<(f32, f32, f32, f32)>> {
    let mut from = 0;
    lines
        .iter()
        .map(|line| {
            let want: Vec<&str> = line.split_whitespace().collect();
            let found = (from..words.len()).find(|&i| {
                words.get(i..i + want.len()).is_some_and(|run| run.iter().zip(&want).all(|(w, t)| w.4 == *t))
            })?;
            from = found + want.len();
            Some(words[found..from].iter().fold((f32::MAX, f32::MAX, 0.0f32, 0.0f32), |b, w| {
                (b.0.min(w.0), b.1.min(w.1), b.2.max(w.2), b.3.max(w.3))
            }))
        })
        .collect()
}

/// The recipient as the envelope shows it, per account reference.
fn recipient(reference: &str) -> Vec<&'static str> {
    match reference {
        "CT10000001" | "HB30000001" => {
            vec![
                "Mrs Jane Elizabeth Ashworth",
                "Flat 2, Larch Court",
                "14 Larch Close",
                "Ashdown",
                "Westshire",
                "AD1 2BC",
            ]
        }
        "CTW2000001" => vec!["Mr Dafydd ap Hughes", "Tŷ Gwyn", "12 Heol y Bont", "Llanfair", "LL55 4AB"],
        "SD40000001" => vec!["Kestrel Motors Ltd", "Unit 4 Riverside Works", "Mill Road", "Ashdown", "AD3 9XY"],
        "ASC5000001" => {
            vec!["Mr Arthur Penhaligon", "Room 6, Elm House Care Home", "Station Road", "Ashdown", "AD2 6EH"]
        }
        other => panic!("{other}"),
    }
}

#[test]
fn every_shipped_template_renders_and_reads_back_exactly() {
    let case = case();
    let png_dir = std::env::var_os("LETTERS_PNG_DIR").map(std::path::PathBuf::from);
    for (name, _) in shipped::SHIPPED {
        let (reference, _, expected) = scenario(name);
        let letter = api::render_letter(&case.db, &ctx(), input(&case, name))
            .unwrap_or_else(|e| panic!("{name} did not render: {e}"));
        assert_eq!(letter.template_name, *name);
        let path = write_pdf(case.dir.path(), name, &letter.pdf);
        assert_eq!(page_count(&path), letter.page_count, "{name}");
        let text = flat(&pdftotext(&path));
        let mut want: Vec<&str> = recipient(reference);
        want.push(reference);
        want.push("12 May 2026");
        want.push("Page 1 of");
        want.push("Ashdown District Council");
        want.extend(expected);
        for w in want {
            assert!(text.contains(w), "{name}: '{w}' is not in the PDF text:\n{text}");
        }
        assert!(!text.contains('\u{FFFD}') && !text.contains("{{") && !text.contains("**"), "{name}:\n{text}");

        let words = words_page_one(&path);
        let lines = recipient(reference);
        for (line, found) in lines.iter().zip(address_boxes(&words, &lines)) {
            let (x0, y0, x1, y1) = found.unwrap_or_else(|| panic!("{name}: '{line}' not found on page 1"));
            assert!(
                x0 >= WINDOW.left && x1 <= WINDOW.right && y0 >= WINDOW.top && y1 <= WINDOW.bottom,
                "{name}: '{line}' at {x0:.1}-{x1:.1} × {y0:.1}-{y1:.1} mm is outside the window {WINDOW:?}"
            );
        }
        if let Some(dir) = &png_dir {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::copy(&path, dir.join(format!("{name}.pdf"))).unwrap();
            let status = Command::new("pdftoppm")
                .args(["-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile"])
                .arg(&path)
                .arg(dir.join(name))
                .status()
                .unwrap();
            assert!(status.success());
        }
    }
}

#[test]
fn the_pdf_is_dated_from_the_letter_and_embeds_subset_fonts() {
    let case = case();
    let letter = api::render_letter(&case.db, &ctx(), input(&case, "ct_reminder")).unwrap();
    let path = write_pdf(case.dir.path(), "dated", &letter.pdf);
    let info = pdfinfo(&path);
    assert!(
        info.lines().any(|l| l.starts_with("CreationDate:") && l.contains("May 12") && l.contains("2026")),
        "{info}"
    );
    let fonts = String::from_utf8(Command::new("pdffonts").arg(&path).output().unwrap().stdout).unwrap();
    assert_eq!(fonts.lines().filter(|l| l.contains("CID TrueType") && l.contains(" yes ")).count(), 2, "{fonts}");
    assert!(letter.pdf.len() < 60_000, "a letter with subset fonts is {} bytes", letter.pdf.len());
}

#[test]
fn a_letter_to_an_appointee_goes_to_their_address_and_names_whose_debt_it_is() {
    let case = case();
    let mut i = input(&case, "ct_reminder");
    i.party_id = Some(case.appointee.clone());
    let letter = api::render_letter(&case.db, &ctx(), i).unwrap();
    let text = flat(&pdftotext(&write_pdf(case.dir.path(), "appointee", &letter.pdf)));
    for w in ["Ms Ruth Ingram", "7 Mill Lane", "Oakbridge", "AD4 7RT", "Dear Ms Ingram", "Mrs Jane Elizabeth Ashworth"]
    {
        assert!(text.contains(w), "'{w}' missing:\n{text}");
    }
    assert!(!text.contains("14 Larch Close Ashdown"), "the appointee's letter went to Jane's address");
}

#[test]
fn a_missing_merge_value_is_refused_not_printed_blank() {
    let case = case();
    let mut i = input(&case, "ct_reminder");
    i.facts.pay_by = None;
    match api::render_letter(&case.db, &ctx(), i) {
        Err(Error::Validation { field, reason }) => {
            assert_eq!(field, "body");
            assert!(reason.contains("notice.pay_by") && reason.contains("line "), "{reason}");
        }
        other => panic!("expected a refusal, got {:?}", other.map(|l| l.page_count)),
    }
    // Nor can it be issued.
    let mut i = input(&case, "ct_reminder");
    i.facts = LetterFacts::default();
    assert!(matches!(api::issue_letter(&case.db, &ctx(), i), Err(Error::Validation { .. })));
    let docs: i64 = case.db.read(|tx| Ok(tx.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?)).unwrap();
    assert_eq!(docs, 0);
}

#[test]
fn a_template_for_another_debt_type_is_refused() {
    let case = case();
    let mut i = input(&case, "ct_reminder");
    i.account_id = case.accounts["SD40000001"].clone();
    assert!(matches!(api::render_letter(&case.db, &ctx(), i), Err(Error::RuleRefused(_))));
}

const BAD: &str = "name: ct_reminder\ntitle: Reminder\nkind: reminder\ndebt_types: council_tax\n---\n# Reminder\n\n\
                   {{ recipient.salutation }}\n\nYou owe {{ account.balanse | money }}.\n";

#[test]
fn a_bad_template_is_refused_naming_the_field_and_the_line() {
    let case = case();
    let problems = api::validate_letter_template(&case.db, &ctx(), TemplateSourceInput { body: BAD.into() }).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 10);
    assert_eq!(problems[0].field.as_deref(), Some("account.balanse"));
    match api::save_letter_template(&case.db, &ctx(), TemplateSourceInput { body: BAD.into() }) {
        Err(Error::Validation { field, reason }) => {
            assert_eq!(field, "body");
            assert!(reason.contains("line 10") && reason.contains("account.balanse"), "{reason}");
            assert!(reason.contains("did you mean 'account.balance'"), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let syntax = BAD.replace("{{ recipient.salutation }}", "{% if recipient.salutation %}");
    let problems = api::validate_letter_template(&case.db, &ctx(), TemplateSourceInput { body: syntax }).unwrap();
    assert!(problems[0].message.starts_with("syntax error"), "{problems:?}");
    assert!(problems[0].line >= 8, "{problems:?}");
    // Nothing was stored.
    let view = api::letter_template(&case.db, TemplateInput { name: "ct_reminder".into(), version: None }).unwrap();
    assert!(!view.stored);
}

#[test]
fn saving_a_template_makes_a_new_version_and_keeps_the_old_one() {
    let case = case();
    let shipped = api::letter_template(&case.db, TemplateInput { name: "ct_reminder".into(), version: None }).unwrap();
    assert_eq!((shipped.version, shipped.stored), (1, false));
    let edited = shipped.body.replace("Yours sincerely", "Yours faithfully");
    let saved = api::save_letter_template(&case.db, &ctx(), TemplateSourceInput { body: edited.clone() }).unwrap();
    assert_eq!(saved.version, 2);
    assert!(saved.body.contains("version: 2\n"));
    let versions = api::letter_template_versions(&case.db, "ct_reminder").unwrap();
    assert_eq!(
        versions.iter().map(|v| (v.version, v.source.as_str())).collect::<Vec<_>>(),
        [(2, "edited"), (1, "shipped")]
    );
    assert!(versions[1].body.contains("Yours sincerely"));

    // Letters now use version 2; an issued letter records it.
    let issued = api::issue_letter(&case.db, &ctx(), input(&case, "ct_reminder")).unwrap();
    assert_eq!(issued.letter.template_version, 2);
    let text = flat(&pdftotext(&write_pdf(case.dir.path(), "v2", &issued.letter.pdf)));
    assert!(text.contains("Yours faithfully"), "{text}");
    let detail = api::issued_letter(&case.db, &issued.document_id).unwrap();
    assert_eq!((detail.template_name.as_str(), detail.template_version), ("ct_reminder", 2));
    let listed = api::list_letter_templates(&case.db).unwrap();
    assert_eq!(listed.iter().find(|t| t.name == "ct_reminder").unwrap().version, 2);
    assert_eq!(listed.len(), shipped::SHIPPED.len());
}

#[test]
fn a_long_letter_breaks_onto_numbered_pages() {
    let case = case();
    let body = "name: long_schedule\ntitle: Payment schedule\nkind: arrangement_confirmation\n---\n\
                # Payment schedule\n\n{{ recipient.salutation }}\n\nYour payments:\n\n|# Date | Amount |\n\
                {% for p in notice.schedule %}\n| {{ p.due_on | date }} | {{ p.amount | money }} |\n{% endfor %}\n\
                |= Total | {{ notice.total | money }} |\n\nYours sincerely\n";
    api::save_letter_template(&case.db, &ctx(), TemplateSourceInput { body: body.into() }).unwrap();
    let weeks: Vec<DatedAmount> = (0..90)
        .map(|w| DatedAmount { due_on: d("2026-05-18") + chrono::Duration::weeks(w), amount: m("15.40") })
        .collect();
    let mut facts = LetterFacts { schedule: Some(weeks), total: Some(m("1386.00")), ..LetterFacts::default() };
    facts.frequency = Some("weekly".into());
    let i = LetterInput {
        template_name: "long_schedule".into(),
        account_id: case.accounts["CT10000001"].clone(),
        facts,
        ..LetterInput::default()
    };
    let letter = api::render_letter(&case.db, &ctx(), i.clone()).unwrap();
    let path = write_pdf(case.dir.path(), "long", &letter.pdf);
    let n = page_count(&path);
    assert!(n >= 3, "{n} pages");
    assert_eq!(letter.page_count, n);
    let text = flat(&pdftotext(&path));
    for p in 1..=n {
        assert!(text.contains(&format!("Page {p} of {n}")), "no 'Page {p} of {n}':\n{text}");
    }
    // The last instalment (18 May 2026 + 89 weeks) and the total are there, after a page break.
    assert!(text.contains("31 January 2028") && text.contains("£1,386.00"), "{text}");

    // Double-sided: an odd count gets a blank page so the next letter starts on a new sheet.
    let duplex = api::render_letter(&case.db, &ctx(), LetterInput { duplex: true, ..i }).unwrap();
    let dpath = write_pdf(case.dir.path(), "long-duplex", &duplex.pdf);
    assert_eq!(page_count(&dpath), n + n % 2);
    assert!(!flat(&pdftotext(&dpath)).contains(&format!("Page {} of", n + 1)));
}

#[test]
fn an_issued_letter_reprints_byte_for_byte_and_is_audited() {
    let case = case();
    let issued = api::issue_letter(&case.db, &ctx(), input(&case, "ct_final_notice")).unwrap();
    // Change everything the letter was made from: the template, the council, the person.
    let shipped =
        api::letter_template(&case.db, TemplateInput { name: "ct_final_notice".into(), version: None }).unwrap();
    api::save_letter_template(
        &case.db,
        &ctx(),
        TemplateSourceInput { body: shipped.body.replace("Yours sincerely", "Regards") },
    )
    .unwrap();
    case.db
        .write(|tx| {
            tx.execute("UPDATE parties SET surname = 'Changed' WHERE id = ?1", [&case.jane])?;
            Ok(())
        })
        .unwrap();
    let later = Ctx::new("another.officer", Utc.with_ymd_and_hms(2031, 2, 3, 11, 0, 0).unwrap(), d("2031-02-03"));
    let reprint = api::reprint_letter(&case.db, &later, &issued.document_id).unwrap();
    assert_eq!(reprint.letter.pdf, issued.letter.pdf, "a reprint is the letter that was sent");
    assert_eq!(reprint.issued_on, "2026-05-12");
    assert_eq!(reprint.letter.template_version, 1);

    let detail = api::issued_letter(&case.db, &issued.document_id).unwrap();
    assert_eq!(detail.composed.merge["recipient"]["name"], "Mrs Jane Elizabeth Ashworth");
    assert!(detail.composed.markup.contains("£1,386.00"));
    let person = api::person(&case.db, &ctx(), &case.jane).unwrap();
    assert_eq!(person.letters.len(), 1);
    assert_eq!(person.letters[0].id, issued.document_id);
    let actions: Vec<String> = case
        .db
        .read(|tx| {
            let mut stmt = tx.prepare("SELECT action FROM audit_log WHERE entity_id = ?1 ORDER BY at")?;
            let rows = stmt.query_map([&issued.document_id], |r| r.get(0))?;
            Ok(rows.collect::<Result<Vec<String>, _>>()?)
        })
        .unwrap();
    assert_eq!(actions, ["issue_letter", "reprint_letter"]);
}

#[test]
fn merged_values_cannot_change_the_layout() {
    let case = case();
    case.db
        .write(|tx| {
            tx.execute("UPDATE parties SET surname = '**Bold** | £0.00' WHERE id = ?1", [&case.jane])?;
            Ok(())
        })
        .unwrap();
    let letter = api::render_letter(&case.db, &ctx(), input(&case, "ct_reminder")).unwrap();
    let text = flat(&pdftotext(&write_pdf(case.dir.path(), "inject", &letter.pdf)));
    assert!(text.contains("Mrs Jane Elizabeth **Bold** | £0.00"), "{text}");
}

#[test]
fn a_template_preview_uses_the_demo_case() {
    let case = case();
    let body =
        api::letter_template(&case.db, TemplateInput { name: "ct_reminder".into(), version: None }).unwrap().body;
    let preview = api::preview_letter_template(&case.db, &ctx(), PreviewTemplateInput { body, duplex: false }).unwrap();
    let text = flat(&pdftotext(&write_pdf(case.dir.path(), "preview", &preview.pdf)));
    assert!(text.contains("Ms Sample Person") && text.contains("DEMO0000001"), "{text}");
    assert!(matches!(
        api::preview_letter_template(&case.db, &ctx(), PreviewTemplateInput { body: BAD.into(), duplex: false }),
        Err(Error::Validation { .. })
    ));
}

#[test]
fn a_print_file_has_a_cover_sheet_and_the_letters_in_postcode_order() {
    let case = case();
    let mut ids = Vec::new();
    let mut pages = 0;
    for template in ["sundry_invoice_reminder", "ct_reminder", "asc_invoice_reminder", "hbop_invoice_reminder"] {
        let issued = api::issue_letter(&case.db, &ctx(), input(&case, template)).unwrap();
        pages += issued.letter.page_count;
        ids.push(issued.document_id);
    }
    let printed = api::print_letters(
        &case.db,
        &ctx(),
        PrintLettersInput {
            document_ids: ids,
            title: "Invoice and reminder run".into(),
            run: "RUN-2026-05-12-01".into(),
            order: None,
            duplex: false,
        },
    )
    .unwrap();
    let path = write_pdf(case.dir.path(), "run", &printed.pdf);
    if let Some(dir) = std::env::var_os("LETTERS_PNG_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&path, Path::new(&dir).join("print_run.pdf")).unwrap();
    }
    assert_eq!(page_count(&path), pages + 1);
    assert_eq!(printed.page_count, pages + 1);
    let page = |n: usize| {
        let out =
            Command::new("pdftotext").args(["-f", &n.to_string(), "-l", &n.to_string()]).arg(&path).arg("-").output();
        flat(&String::from_utf8(out.unwrap().stdout).unwrap())
    };
    let cover = page(1);
    for w in [
        "Print run cover sheet",
        "RUN-2026-05-12-01",
        "Letters 4",
        &format!("Letter pages {pages}"),
        "12 May 2026",
        "postcode",
    ] {
        assert!(cover.contains(w), "cover lacks '{w}': {cover}");
    }
    // AD1 2BC (CT10000001 then HB30000001), AD2 6EH (ASC5000001), AD3 9XY (SD40000001).
    let firsts: Vec<String> = (2..=pages + 1)
        .map(page)
        .filter(|t| t.contains("Page 1 of"))
        .map(|t| {
            ["CT10000001", "HB30000001", "ASC5000001", "SD40000001"]
                .iter()
                .find(|r| t.contains(*r))
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(firsts, ["CT10000001", "HB30000001", "ASC5000001", "SD40000001"]);
    let info = pdfinfo(&path);
    assert!(info.contains("CreationDate:") && info.contains("2026"), "{info}");
}

#[test]
fn chunks_join_into_one_file_in_order() {
    use recovery_core::letters::batch::{print_run_in_chunks, CoverSheet};
    let case = case();
    let letters: Vec<recovery_core::letters::Composed> = (0..5)
        .map(|_| {
            let issued = api::issue_letter(&case.db, &ctx(), input(&case, "ie_summary_cover")).unwrap();
            api::issued_letter(&case.db, &issued.document_id).unwrap().composed
        })
        .collect();
    let cover = CoverSheet { title: "Test".into(), run: "R1".into(), date: today(), order: "as given".into() };
    let opts = recovery_core::letters::PrintOptions { duplex: true, logo: None };
    let (pdf, pages) = print_run_in_chunks(&letters, &cover, &opts, 2).unwrap();
    let path = write_pdf(case.dir.path(), "chunks", &pdf);
    // Each one-page letter gets a blank back; the cover sheet too.
    assert_eq!(pages, 10);
    assert_eq!(page_count(&path), 12);
    let text = pdftotext(&path);
    assert_eq!(text.matches("Page 1 of 1").count(), 5);
}

/// Chunks are laid out on several threads; the print file keeps the order the letters came in, and a letter
/// that cannot be composed fails the run (no thread is left waiting).
#[test]
fn a_run_laid_out_on_several_threads_keeps_the_order_and_stops_on_an_error() {
    use recovery_core::letters::batch::{print_run_from, CoverSheet};
    use recovery_core::letters::{compose, merge, template, PrintOptions};
    let case = case();
    let source = shipped::source("ct_reminder").unwrap();
    let t = template::parse(source).unwrap();
    let env = template::environment();
    let profile = recovery_core::db::settings::CouncilProfile::default();
    let (_, facts, _) = scenario("ct_reminder");
    let letter = |i: usize| {
        let mut data = merge::demo(&profile, "ct_reminder", 1, &t.header.title, today());
        data.notice = officer(facts.clone());
        data.account.reference = format!("CT{:08}", 30_000_000 + i);
        compose(&env, &t, data)
    };
    let cover = CoverSheet { title: "Order".into(), run: "R2".into(), date: today(), order: "as made".into() };
    let (pdf, pages) = print_run_from((0..23).map(letter), &cover, &PrintOptions::default(), 2).unwrap();
    let text = pdftotext(&write_pdf(case.dir.path(), "order", &pdf));
    let seen: Vec<usize> = (0..23).map(|i| text.find(&format!("CT{:08}", 30_000_000 + i)).unwrap()).collect();
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "letters out of order: {seen:?}");
    assert_eq!(page_count(&write_pdf(case.dir.path(), "order", &pdf)), pages + 1);

    let failing =
        (0..400).map(|i| if i == 250 { Err(Error::validation("letter 250", "no address")) } else { letter(i) });
    let err = print_run_from(failing, &cover, &PrintOptions::default(), 7).unwrap_err();
    assert!(err.to_string().contains("letter 250"), "{err}");
}

/// Throughput and size of a 20,000-letter run (two pages each) and of per-account copies. Slow: run it in a
/// release build, `cargo test --release -p recovery-core --test letters -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput_of_a_20000_letter_run() {
    use recovery_core::letters::batch::{print_run_from, CoverSheet, CHUNK};
    use recovery_core::letters::{compose, merge, template, PrintOptions};
    let case = case();
    let source = shipped::source("ct_reminder").unwrap();
    let t = template::parse(source).unwrap();
    let env = template::environment();
    let profile = recovery_core::db::settings::CouncilProfile::default();
    let (_, facts, _) = scenario("ct_reminder");
    let letter = |i: usize| {
        let mut data = merge::demo(&profile, "ct_reminder", 1, &t.header.title, today());
        data.notice = officer(facts.clone());
        data.account.reference = format!("CT{:08}", 20_000_000 + i);
        data.recipient.name = format!("Mrs Test Person {i}");
        data.recipient.postcode = format!("AD{} {}XY", i % 9 + 1, i % 10);
        compose(&env, &t, data)
    };
    let n: usize = std::env::var("LETTERS_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let started = std::time::Instant::now();
    let cover =
        CoverSheet { title: "Reminder run".into(), run: "BENCH".into(), date: today(), order: "as made".into() };
    let chunk: usize = std::env::var("LETTERS_BENCH_CHUNK").ok().and_then(|v| v.parse().ok()).unwrap_or(CHUNK);
    let (pdf, pages) = print_run_from((0..n).map(letter), &cover, &PrintOptions::default(), chunk).unwrap();
    let run_secs = started.elapsed().as_secs_f64();
    let path = write_pdf(case.dir.path(), "bench", &pdf);
    assert_eq!(page_count(&path), pages + 1);
    let hwm = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:").map(|v| v.trim().to_string()))
        .unwrap_or_default();
    println!(
        "run: {n} letters, {pages} pages in {run_secs:.1} s = {:.0} letters/s; file {:.1} MB ({:.2} MB per 1,000 letters); peak RSS {hwm}",
        n as f64 / run_secs,
        pdf.len() as f64 / 1e6,
        pdf.len() as f64 / 1e6 / n as f64 * 1000.0
    );
    libreoffice_comparison(case.dir.path(), n as f64 / run_secs, &letter);
    let copies = 500;
    let started = std::time::Instant::now();
    let mut bytes = 0;
    for i in 0..copies {
        let c = letter(i).unwrap();
        let (pdf, _) = recovery_core::letters::print(&[&c], &PrintOptions::default()).unwrap();
        bytes += pdf.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "per-account copies: {copies} in {secs:.1} s = {:.0} letters/s, {:.1} KB each",
        copies as f64 / secs,
        bytes as f64 / copies as f64 / 1024.0
    );
}

/// The mail-merge route councils use today: the same letters as one flat ODT document (each letter's text as
/// we print it, a page break before each), converted to PDF by LibreOffice headless. Times the conversion
/// (with LibreOffice's start, as a mail merge pays it) after a warm-up that creates its profile, and prints
/// the ratio of letters per second. Skipped when `soffice` is not installed (`apt install
/// libreoffice-writer-nogui`); `LETTERS_BENCH_LO_N` letters (default 1,000).
fn libreoffice_comparison(
    dir: &Path,
    ours_per_s: f64,
    letter: &dyn Fn(usize) -> recovery_core::Result<recovery_core::letters::Composed>,
) {
    if Command::new("soffice").arg("--version").output().is_err() {
        println!("libreoffice: soffice not installed, comparison skipped");
        return;
    }
    let n: usize = std::env::var("LETTERS_BENCH_LO_N").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000);
    // Each letter's text as our PDF prints it (pdftotext keeps the layout's lines and page breaks).
    let texts: Vec<String> = (0..n)
        .map(|i| {
            let (pdf, _) = recovery_core::letters::print(&[&letter(i).unwrap()], &Default::default()).unwrap();
            pdftotext(&write_pdf(dir, "lo-source", &pdf))
        })
        .collect();
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let fodt = |texts: &[String]| {
        let mut body = String::new();
        for text in texts {
            let mut new_page = true;
            for line in text.trim_end_matches('\u{c}').split('\n') {
                for (k, part) in line.split('\u{c}').enumerate() {
                    new_page |= k > 0;
                    let style = if new_page { "Break" } else { "Body" };
                    body += &format!("<text:p text:style-name=\"{style}\">{}</text:p>\n", escape(part));
                    new_page = false;
                }
            }
        }
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'"/></office:font-face-decls>
<office:automatic-styles>
<style:style style:name="Body" style:family="paragraph"><style:text-properties style:font-name="Liberation Sans" fo:font-size="10.5pt"/></style:style>
<style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/><style:text-properties style:font-name="Liberation Sans" fo:font-size="10.5pt"/></style:style>
</office:automatic-styles>
<office:body><office:text>
{body}</office:text></office:body></office:document>
"#
        )
    };
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    let convert = |name: &str, content: String| {
        let path = dir.join(format!("{name}.fodt"));
        std::fs::write(&path, content).unwrap();
        let started = std::time::Instant::now();
        let out = Command::new("soffice")
            .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir)
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "soffice: {}", String::from_utf8_lossy(&out.stderr));
        (started.elapsed().as_secs_f64(), dir.join(format!("{name}.pdf")))
    };
    convert("lo-warm-up", fodt(&texts[..1]));
    let (secs, pdf) = convert("lo-merge", fodt(&texts));
    let pages = page_count(&pdf);
    assert!(pages >= n, "LibreOffice printed {pages} pages for {n} letters");
    let theirs = n as f64 / secs;
    println!(
        "libreoffice: {n} letters ({pages} pages) from flat ODT in {secs:.1} s = {theirs:.0} letters/s; ours {ours_per_s:.0} letters/s = {:.0}x",
        ours_per_s / theirs
    );
}

#[test]
fn the_council_logo_is_printed_at_the_top_right() {
    let case = case();
    let logo = case.dir.path().join("logo.png");
    {
        let file = std::fs::File::create(&logo).unwrap();
        let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), 60, 20);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..60 * 20).flat_map(|i| [0u8, 80, (i % 255) as u8, 255]).collect();
        writer.write_image_data(&pixels).unwrap();
    }
    let profile = recovery_core::db::settings::CouncilProfile {
        logo_path: logo.to_string_lossy().to_string(),
        ..Default::default()
    };
    case.db
        .write(|tx| {
            recovery_core::db::settings::put(tx, &ctx(), recovery_core::db::settings::COUNCIL_PROFILE, &profile)
        })
        .unwrap();
    let letter = api::render_letter(&case.db, &ctx(), input(&case, "ct_reminder")).unwrap();
    let path = write_pdf(case.dir.path(), "logo", &letter.pdf);
    if let Some(dir) = std::env::var_os("LETTERS_PNG_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&path, Path::new(&dir).join("logo.pdf")).unwrap();
    }
    let list = String::from_utf8(Command::new("pdfimages").arg("-list").arg(&path).output().unwrap().stdout).unwrap();
    let images: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(images.len(), 1, "{list}");
    assert!(images[0].contains(" 60 ") && images[0].contains(" 20 "), "{list}");
    // A logo that cannot be read is refused, not silently left out.
    let broken = recovery_core::db::settings::CouncilProfile { logo_path: "/nonexistent/logo.png".into(), ..profile };
    case.db
        .write(|tx| recovery_core::db::settings::put(tx, &ctx(), recovery_core::db::settings::COUNCIL_PROFILE, &broken))
        .unwrap();
    assert!(matches!(
        api::render_letter(&case.db, &ctx(), input(&case, "ct_reminder")),
        Err(Error::Validation { field, .. }) if field == "logoPath"
    ));
}

/// Where a print run's time goes: compose, lay out, write a chunk, join. Release build, ignored.
#[test]
#[ignore]
fn throughput_phases() {
    use recovery_core::letters::{batch, compose, layout, merge, template, PrintOptions};
    let source = shipped::source("ct_reminder").unwrap();
    let t = template::parse(source).unwrap();
    let env = template::environment();
    let profile = recovery_core::db::settings::CouncilProfile::default();
    let (_, facts, _) = scenario("ct_reminder");
    let n = 1000;
    let clock = std::time::Instant::now();
    let letters: Vec<_> = (0..n)
        .map(|i| {
            let mut data = merge::demo(&profile, "ct_reminder", 1, &t.header.title, today());
            data.notice = officer(facts.clone());
            data.account.reference = format!("CT{:08}", 20_000_000 + i);
            compose(&env, &t, data).unwrap()
        })
        .collect();
    let compose_s = clock.elapsed().as_secs_f64();
    let clock = std::time::Instant::now();
    for c in &letters {
        layout::layout(&c.letter, layout::LayoutOptions::default()).unwrap();
    }
    let layout_s = clock.elapsed().as_secs_f64();
    let clock = std::time::Instant::now();
    let refs: Vec<_> = letters.iter().collect();
    let (chunk, _) = recovery_core::letters::print(&refs, &PrintOptions::default()).unwrap();
    let print_s = clock.elapsed().as_secs_f64() - layout_s;
    let clock = std::time::Instant::now();
    let chunks = vec![chunk; 20];
    let joined = batch::join(&chunks, "t", today()).unwrap();
    let join_s = clock.elapsed().as_secs_f64();
    println!(
        "per 1,000 letters: compose {compose_s:.2} s, layout {layout_s:.2} s, pdf {print_s:.2} s; join 20 chunks {join_s:.2} s ({:.0} MB)",
        joined.len() as f64 / 1e6
    );
}

/// A letter that came back undelivered: recorded once against the letter, with a worklist task due the day it
/// came back; a day before the letter or after today, an unknown reason, and a second record are refused.
#[test]
fn a_returned_letter_raises_a_worklist_task_once() {
    let case = case();
    let issued = api::issue_letter(&case.db, &ctx(), input(&case, "ct_reminder")).unwrap();
    let returned = |reason: &str, on: Option<&str>| {
        api::record_returned_mail(
            &case.db,
            &ctx(),
            api::ReturnedMailInput {
                document_id: issued.document_id.clone(),
                returned_on: on.map(str::to_string),
                reason: reason.into(),
            },
        )
    };
    match returned("lost", None).unwrap_err() {
        Error::Validation { field, reason } => {
            assert_eq!(field, "reason");
            assert!(reason.starts_with("'lost' is not one of: gone_away, not_known_at_address"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(returned("gone_away", Some("2026-05-13")).unwrap_err(), Error::Validation { field, .. } if field == "returnedOn")
    );
    assert!(
        matches!(returned("gone_away", Some("2026-05-11")).unwrap_err(), Error::Validation { field, .. } if field == "returnedOn")
    );

    let task = returned("gone_away", None).unwrap();
    assert_eq!(task.kind, "returned_mail");
    assert_eq!(task.due_on, today());
    assert_eq!(task.account_id.as_deref(), Some(case.accounts["CT10000001"].as_str()));
    assert!(task.title.starts_with("Returned mail: ") && task.title.ends_with("(gone away)"), "{}", task.title);
    let worklist =
        api::worklist(&case.db, &ctx(), api::WorklistInput { everyone: true, ..Default::default() }).unwrap();
    assert_eq!(worklist.tasks.iter().filter(|t| t.kind == "returned_mail").count(), 1);

    let letters = api::person_letters(&case.db, &ctx(), &case.jane).unwrap();
    let letter = letters.iter().find(|l| l.id == issued.document_id).unwrap();
    assert_eq!(letter.returned_on.as_deref(), Some("2026-05-12"));
    assert_eq!(letter.returned_label, Some("Gone away"));
    assert!(
        matches!(returned("refused", None).unwrap_err(), Error::Conflict(m) if m.contains("already recorded as returned on 2026-05-12"))
    );
    let audited: i64 = case
        .db
        .read(|tx| {
            Ok(tx.query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'record_returned_mail' AND entity_id = ?1",
                [&issued.document_id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(audited, 1);
}
