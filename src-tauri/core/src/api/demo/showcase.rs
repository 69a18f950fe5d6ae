//! The hand-written showcase cases: the first accounts of every demo caseload, the same whatever the seed
//! (their dates move with `today`), for the README, the tests and the end-to-end tests to rely on. The table
//! of what each shows is at the top of `api/demo.rs`.

use super::plan::{AccountPlan, AddrRef, AddressPlan, CasePlan, NotePlan, PartyPlan, PartyRef};
use super::rng::Rng;
use super::story::{
    add_days, add_months, bill_year, fy_start, instalments, long_date, pay_instalments, pounds, year_charge, Book,
    Charging, Env, Rated,
};
use crate::model::{financial_year, DebtType, HoldKind, Jurisdiction, PartyKind, Role, Stage};
use chrono::NaiveDate;

/// The references of the showcase accounts, in the order they are written.
pub const REFERENCES: [&str; 7] =
    ["CT00000001", "CT00000002", "CT00000003", "NNDR0000001", "HBOP000001", "SUN0000001", "ASC000001"];

/// Postcodes the generator never gives anyone else, so a search for one finds its showcase case.
pub const POSTCODES: [&str; 8] =
    ["AD1 4QT", "AD4 7HX", "CY1 3NW", "AD5 2QA", "AD6 1LP", "CY4 2DJ", "AD7 3RS", "AD8 5TU"];

/// The seed of the few incidental choices in the showcase cases (posting delays, receipt numbers).
const SHOWCASE_SEED: u64 = 0x5EED_CA5E;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn address(uprn: &str, lines: &[&str], postcode: &str) -> AddressPlan {
    AddressPlan {
        uprn: Some(uprn.to_string()),
        lines: lines.iter().map(|l| l.to_string()).collect(),
        postcode: postcode.into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn person(
    title: &str,
    forenames: &str,
    surname: &str,
    born: NaiveDate,
    ni: Option<&str>,
    address: usize,
    phones: &[&str],
    emails: &[&str],
) -> PartyPlan {
    PartyPlan {
        kind: Some(PartyKind::Person),
        title: title.into(),
        forenames: forenames.into(),
        surname: surname.into(),
        date_of_birth: Some(born),
        ni_number: ni.map(str::to_string),
        address: Some(address),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        emails: emails.iter().map(|e| e.to_string()).collect(),
        ..PartyPlan::default()
    }
}

fn account(
    reference: &str,
    debt_type: DebtType,
    j: Jurisdiction,
    property: Option<AddrRef>,
    book: Book,
    opened_on: NaiveDate,
) -> AccountPlan {
    let mut book = book;
    book.finish();
    AccountPlan {
        reference: reference.into(),
        debt_type,
        jurisdiction: j,
        property,
        opened_on,
        closed_on: None,
        parties: Vec::new(),
        liabilities: book.liabilities,
        entries: book.entries,
        stages: book.stages,
        holds: book.holds,
        notes: book
            .notes
            .into_iter()
            .map(|(at, body)| NotePlan { party: PartyRef::Liable, about_account: true, at, body })
            .collect(),
    }
}

fn rated(j: Jurisdiction, band: usize, single: bool) -> Rated {
    Rated {
        debt: DebtType::CouncilTax,
        j,
        charging: Charging::Band { band, single },
        target: Stage::Billed,
        hold: None,
        owner: true,
        person: true,
        agent: "Marlbury Enforcement Ltd",
    }
}

/// The latest instalment date in `years`' 12-instalment schedules (bills on 5 March) on or before `by`.
fn latest_due(env: &Env, spec: &Rated, years: &[i32], by: NaiveDate) -> NaiveDate {
    years
        .iter()
        .flat_map(|&y| {
            let (gross, discount, _) = year_charge(spec, y, fy_start(y));
            instalments(env, spec.debt, gross - discount, env.wd(ymd(y, 3, 5)), y, 1, true).0
        })
        .filter(|d| *d <= by)
        .max()
        .expect("an instalment before `by`")
}

/// Mrs Margaret Thornton: two years of council tax by Direct Debit, every instalment paid but the latest
/// one that has been due ten days, so a reminder has just gone out.
fn thornton(env: &Env, rng: &mut Rng) -> CasePlan {
    let mut case = CasePlan::default();
    let home = case.add_address(address("990000000001", &["14 Church Lane", "Ashdown", "Ashdownshire"], "AD1 4QT"));
    let me = case.add_party(person(
        "Mrs",
        "Margaret Ann",
        "Thornton",
        ymd(1948, 7, 19),
        Some("JT482913C"),
        home,
        &["07700 900001"],
        &["margaret.thornton@example.com"],
    ));
    let y = env.current_year;
    let spec = rated(Jurisdiction::England, 2, true);
    let mut book = Book::new(env.today);
    // The latest instalment due at least 14 days ago was missed; the reminder went 10 days after it (on a
    // working day, so at most 14).
    let missed = latest_due(env, &spec, &[y - 1, y], add_days(env.today, -14));
    let reminder_on = env.wd(add_days(missed, 10)).min(env.today);
    for year in [y - 1, y] {
        let bill =
            bill_year(&mut book, env, &spec, year, env.wd(ymd(year, 3, 5)), fy_start(year), 1, true, "CT00000001");
        book.stage(
            Some(bill.l),
            Stage::Billed,
            bill.bill_on,
            format!("Annual bill {}", crate::model::financial_year_label(year)),
        );
        for k in 0..bill.due.len() {
            if bill.due[k] > env.today {
                break;
            }
            if bill.due[k] == missed {
                book.stage(
                    Some(bill.l),
                    Stage::Reminder,
                    reminder_on,
                    "Reminder notice (reg 23): missed instalment; 7 days to pay".into(),
                );
                continue;
            }
            book.pay(rng, bill.l, bill.amounts[k], env.wd(bill.due[k]), "direct_debit");
        }
    }
    book.note(
        rng,
        add_days(missed, 6).min(env.today),
        "Bank returned the Direct Debit unpaid (ARUDD: refer to payer). Customer's card was replaced; Direct Debit left in place.".into(),
    );
    let mut acc = account(
        "CT00000001",
        DebtType::CouncilTax,
        Jurisdiction::England,
        Some(AddrRef::New(home)),
        book,
        ymd(2009, 6, 12),
    );
    acc.parties.push((me, Role::Liable, None));
    case.accounts.push(acc);
    case
}

/// David and Priya Okafor: jointly and severally liable; last year's instalments stopped in June, a
/// reminder, a summons and a liability order with £110 costs followed, then an attachment of earnings order
/// on David's employer that has been paying £85 a month since. This year is paid by Direct Debit.
fn okafor(env: &Env, rng: &mut Rng) -> CasePlan {
    let mut case = CasePlan::default();
    let home = case.add_address(address(
        "990000000002",
        &["7 Kingfisher Way", "Harbourside", "Kingsmere", "Ashdownshire"],
        "AD4 7HX",
    ));
    let david = case.add_party(person(
        "Mr",
        "David",
        "Okafor",
        ymd(1979, 3, 2),
        Some("PC731046A"),
        home,
        &["07700 900002"],
        &[],
    ));
    let priya = case.add_party(person(
        "Mrs",
        "Priya",
        "Okafor",
        ymd(1982, 11, 23),
        Some("SK590218D"),
        home,
        &["07700 900003"],
        &["priya.okafor@example.org"],
    ));
    let y = env.current_year;
    let t = y - 1;
    let spec = rated(Jurisdiction::England, 3, false);
    let mut book = Book::new(env.today);
    let bill = bill_year(&mut book, env, &spec, t, env.wd(ymd(t, 3, 5)), fy_start(t), 1, false, "CT00000002");
    book.stage(
        Some(bill.l),
        Stage::Billed,
        bill.bill_on,
        format!("Annual bill {}", crate::model::financial_year_label(t)),
    );
    pay_instalments(&mut book, env, rng, &bill, 0..2, "direct_debit");
    let l = bill.l;
    let reminder = env.wd(ymd(t, 6, 11));
    let summons = env.wd(ymd(t, 7, 14));
    let order = env.wd(ymd(t, 8, 12));
    let aeo = env.wd(ymd(t, 9, 15));
    book.stage(Some(l), Stage::Reminder, reminder, "Reminder notice (reg 23): missed instalment; 7 days to pay".into());
    book.stage(Some(l), Stage::Summons, summons, "Summons issued for the year's balance and costs".into());
    book.cost(l, 6_000, summons, "Summons costs");
    book.stage(
        Some(l),
        Stage::LiabilityOrder,
        order,
        "Liability order granted at Ashdown Magistrates' Court against both liable parties".into(),
    );
    book.cost(l, 5_000, order, "Liability order costs");
    book.note(
        rng,
        add_days(order, 9),
        "Mrs Okafor returned the information form (reg 36): Mr Okafor works full time at Kingsmere Foods Ltd.".into(),
    );
    book.stage(
        Some(l),
        Stage::AttachmentOfEarnings,
        aeo,
        "Attachment of earnings order served on Kingsmere Foods Ltd (Mr D Okafor)".into(),
    );
    let mut d = ymd(t, 10, 28);
    while d <= env.today {
        book.pay(rng, l, 8_500, d, "aeo");
        d = add_months(d, 1);
    }
    let now = bill_year(&mut book, env, &spec, y, env.wd(ymd(y, 3, 5)), fy_start(y), 1, false, "CT00000002");
    let n = now.due.len();
    pay_instalments(&mut book, env, rng, &now, 0..n, "direct_debit");
    let mut acc = account(
        "CT00000002",
        DebtType::CouncilTax,
        Jurisdiction::England,
        Some(AddrRef::New(home)),
        book,
        ymd(2016, 8, 1),
    );
    acc.parties.push((david, Role::Liable, None));
    acc.parties.push((priya, Role::JointAndSeveral, None));
    case.accounts.push(acc);
    case
}

/// Ms Siân Pritchard (Wales): missed an instalment, had a reminder and a final notice, then went to a money
/// adviser; a standard Breathing Space started about three weeks after the final notice and is in force today.
fn pritchard(env: &Env, rng: &mut Rng, adviser: &PartyRef) -> CasePlan {
    let mut case = CasePlan::default();
    let home = case.add_address(address(
        "990000000003",
        &["Flat 2, Tŷ Afon", "Heol y Bont", "Aberhenfor", "Bro Henfor"],
        "CY1 3NW",
    ));
    let me = case.add_party(person(
        "Ms",
        "Siân",
        "Pritchard",
        ymd(1990, 5, 14),
        Some("WM118274B"),
        home,
        &["029 2018 0001"],
        &["sian.pritchard@example.org"],
    ));
    let y = env.current_year;
    let spec = rated(Jurisdiction::Wales, 1, true);
    let missed = latest_due(env, &spec, &[y - 1, y], add_days(env.today, -75));
    let t = financial_year(missed);
    let mut book = Book::new(env.today);
    let reminder = env.wd(add_days(missed, 10));
    let final_notice = env.wd(add_days(missed, 42).max(add_days(reminder, 28)));
    let starts = add_days(final_notice, 12).min(env.today);
    for year in t..=y {
        let bill =
            bill_year(&mut book, env, &spec, year, env.wd(ymd(year, 3, 5)), fy_start(year), 1, true, "CT00000003");
        if year == t {
            book.stage(
                Some(bill.l),
                Stage::Billed,
                bill.bill_on,
                format!("Annual bill {}", crate::model::financial_year_label(year)),
            );
            let k = bill.due.iter().position(|d| *d == missed).expect("the missed instalment");
            pay_instalments(&mut book, env, rng, &bill, 0..k, "standing_order");
            book.stage(Some(bill.l), Stage::Reminder, reminder, "Reminder notice: missed instalment".into());
            book.stage(
                Some(bill.l),
                Stage::FinalNotice,
                final_notice,
                "Final notice: the year's balance is now due".into(),
            );
        } else {
            let n = bill.due.len();
            pay_instalments(&mut book, env, rng, &bill, 0..n, "standing_order");
        }
    }
    book.holds.push(super::plan::HoldPlan {
        party: Some(PartyRef::Liable),
        kind: HoldKind::BreathingSpace,
        starts_on: starts,
        ends_on: Some(add_days(starts, 59)),
        reason: "Standard Breathing Space: 60 days, no enforcement or contact asking for payment".into(),
        evidence: "Insolvency Service notice, reference BS00000001; adviser Cyngor Arian Henfor".into(),
        released_on: None,
    });
    book.note(rng, starts, format!(
        "Breathing Space notice received from the Insolvency Service: {} to {}. All recovery stopped; search made for other debts owed to the council (none).",
        long_date(starts),
        long_date(add_days(starts, 59))
    ));
    let mut acc = account(
        "CT00000003",
        DebtType::CouncilTax,
        Jurisdiction::Wales,
        Some(AddrRef::New(home)),
        book,
        ymd(2019, 9, 2),
    );
    acc.parties.push((me, Role::Liable, None));
    acc.parties.push((adviser.clone(), Role::DebtAdviser, None));
    case.accounts.push(acc);
    case
}

/// Harbour Lights Café Ltd: business rates; last year went from a further notice to a liability order and
/// the enforcement agents, who have sent two part payments. This year is paid by Direct Debit.
fn harbour_lights(env: &Env, rng: &mut Rng) -> CasePlan {
    let mut case = CasePlan::default();
    let premises = case.add_address(address(
        "990000000004",
        &["Harbour Lights Café", "3 Harbour Street", "Kingsmere", "Ashdownshire"],
        "AD5 2QA",
    ));
    let cafe = case.add_party(PartyPlan {
        kind: Some(PartyKind::Organisation),
        organisation_name: "Harbour Lights Café Ltd".into(),
        company_number: Some("98000417".into()),
        address: Some(premises),
        phones: vec!["01632 960001".into()],
        emails: vec!["harbourlights@example.com".into()],
        ..PartyPlan::default()
    });
    let y = env.current_year;
    let t = y - 1;
    let spec = Rated {
        debt: DebtType::BusinessRates,
        j: Jurisdiction::England,
        charging: Charging::Rates { rv: 18_250, property: "Café and premises" },
        target: Stage::EnforcementAgent,
        hold: None,
        owner: false,
        person: false,
        agent: "Marlbury Enforcement Ltd",
    };
    let mut book = Book::new(env.today);
    let bill = bill_year(&mut book, env, &spec, t, env.wd(ymd(t, 3, 5)), fy_start(t), 1, false, "NNDR0000001");
    let l = bill.l;
    book.stage(Some(l), Stage::Billed, bill.bill_on, format!("Annual bill {}", crate::model::financial_year_label(t)));
    pay_instalments(&mut book, env, rng, &bill, 0..2, "bank_transfer");
    book.stage(
        Some(l),
        Stage::Reminder,
        env.wd(ymd(t, 6, 12)),
        "Further notice (reg 8): missed instalment; 7 days to pay".into(),
    );
    book.stage(
        Some(l),
        Stage::FinalNotice,
        env.wd(ymd(t, 7, 3)),
        "Reminder notice before a liability order application (reg 11)".into(),
    );
    let summons = env.wd(ymd(t, 7, 24));
    let order = env.wd(ymd(t, 8, 20));
    let agent = env.wd(ymd(t, 9, 24));
    book.stage(Some(l), Stage::Summons, summons, "Summons issued for the year's balance and costs".into());
    book.cost(l, 6_000, summons, "Summons costs");
    book.stage(Some(l), Stage::LiabilityOrder, order, "Liability order granted at Ashdown Magistrates' Court".into());
    book.cost(l, 5_000, order, "Liability order costs");
    book.stage(
        Some(l),
        Stage::EnforcementAgent,
        agent,
        "Liability order passed to Marlbury Enforcement Ltd (TCoG)".into(),
    );
    book.note(rng, add_days(agent, 21), "Marlbury Enforcement: director agreed to pay in two sums; controlled goods agreement signed for the coffee machine and fittings.".into());
    book.pay(rng, l, 150_000, add_days(agent, 35), "bank_transfer");
    book.pay(rng, l, 120_000, add_days(agent, 70), "bank_transfer");
    let now = bill_year(&mut book, env, &spec, y, env.wd(ymd(y, 3, 5)), fy_start(y), 1, false, "NNDR0000001");
    let n = now.due.len();
    pay_instalments(&mut book, env, rng, &now, 0..n, "direct_debit");
    let mut acc = account(
        "NNDR0000001",
        DebtType::BusinessRates,
        Jurisdiction::England,
        Some(AddrRef::New(premises)),
        book,
        ymd(2017, 5, 1),
    );
    acc.parties.push((cafe, Role::Liable, None));
    case.accounts.push(acc);
    case
}

/// Mr Daniel Whitfield: a Housing Benefit overpayment of £1,284.60 (a rise in earnings not reported),
/// invoiced about seven months ago; reminder and final notice; now recovered by deductions from Universal
/// Credit at £25.20 a month.
fn whitfield(env: &Env, rng: &mut Rng) -> CasePlan {
    let mut case = CasePlan::default();
    let home = case.add_address(address("990000000005", &["22 Mill Lane", "Hollowbridge", "Ashdownshire"], "AD6 1LP"));
    let me = case.add_party(person(
        "Mr",
        "Daniel",
        "Whitfield",
        ymd(1986, 9, 30),
        Some("NH204861A"),
        home,
        &["07700 900004"],
        &[],
    ));
    let issued = env.wd(add_days(env.today, -210));
    let to = add_days(issued, -24);
    let from = add_days(to, -(17 * 7 - 1));
    let mut book = Book::new(env.today);
    let l = book.add_liability(
        financial_year(from),
        from,
        to,
        format!(
            "Overpayment {} to {}: change in earnings not reported (HB0000001)",
            from.format("%d/%m/%Y"),
            to.format("%d/%m/%Y")
        ),
    );
    book.charge(l, 128_460, issued, "HB0000001".into());
    book.stage(Some(l), Stage::Billed, issued, "Invoice issued".into());
    let reminder = env.wd(add_days(issued, 35));
    let final_notice = env.wd(add_days(reminder, 21));
    let dwp = env.wd(add_days(final_notice, 30));
    book.stage(Some(l), Stage::Reminder, reminder, "Reminder: invoice overdue".into());
    book.stage(Some(l), Stage::FinalNotice, final_notice, "Final notice before further action".into());
    book.stage(
        Some(l),
        Stage::DeductionFromBenefit,
        dwp,
        "Deductions from Universal Credit requested from DWP (HB Regs 2006 reg 105)".into(),
    );
    let mut d = add_days(dwp, 35);
    while d <= env.today {
        book.pay(rng, l, 2_520, d, "dwp");
        d = add_months(d, 1);
    }
    let mut acc = account("HBOP000001", DebtType::HbOverpayment, Jurisdiction::England, None, book, issued);
    acc.parties.push((me, Role::Liable, None));
    case.accounts.push(acc);
    case
}

/// Mr Rhys Llewellyn (Wales): a sundry invoice of £1,742.50 for works in default, unpaid through a reminder
/// and a final notice; letter of claim under the Pre-Action Protocol, then a county court money claim (fee
/// £115.00).
fn llewellyn(env: &Env, rng: &mut Rng) -> CasePlan {
    let mut case = CasePlan::default();
    let home = case.add_address(address(
        "990000000006",
        &["Bryn Awel", "Heol y Felin", "Llanwydion", "Bro Henfor"],
        "CY4 2DJ",
    ));
    let me = case.add_party(person(
        "Mr",
        "Rhys",
        "Llewellyn",
        ymd(1971, 1, 8),
        None,
        home,
        &["07700 900005"],
        &["rhys.llewellyn@example.com"],
    ));
    let issued = env.wd(add_days(env.today, -150));
    let mut book = Book::new(env.today);
    let l = book.add_liability(
        financial_year(add_days(issued, -30)),
        add_days(issued, -30),
        issued,
        "Works in default: making safe a dangerous boundary wall (invoice INV0000001)".into(),
    );
    book.charge(l, 174_250, issued, "INV0000001".into());
    book.stage(Some(l), Stage::Billed, issued, "Invoice issued".into());
    let reminder = env.wd(add_days(issued, 24));
    let final_notice = env.wd(add_days(reminder, 21));
    let claim = env.wd(add_days(final_notice, 45));
    book.stage(Some(l), Stage::Reminder, reminder, "Reminder: invoice overdue".into());
    book.stage(Some(l), Stage::FinalNotice, final_notice, "Final notice before further action".into());
    book.note(rng, add_days(final_notice, 7), "Letter of claim sent under the Pre-Action Protocol for Debt Claims, with the information sheet, reply form and financial statement. 30 days to reply.".into());
    book.stage(Some(l), Stage::CountyCourt, claim, "Money claim issued in the county court".into());
    book.cost(l, 11_500, claim, "County court claim fee");
    let mut acc = account("SUN0000001", DebtType::Sundry, Jurisdiction::Wales, None, book, issued);
    acc.parties.push((me, Role::Liable, None));
    case.accounts.push(acc);
    case
}

/// Mrs Dorothy Pembridge, in residential care, and her son Simon, her attorney (lasting power of attorney
/// for property and financial affairs), to whom letters go. Two four-weekly invoices went unpaid; after a
/// reminder and a final notice (with a deferred payment agreement offered) Simon agreed £300 a month.
fn pembridge(env: &Env, rng: &mut Rng) -> CasePlan {
    let mut case = CasePlan::default();
    let home = case.add_address(address(
        "990000000007",
        &["Room 14, The Beeches Care Home", "40 Elm Grove", "Marlbury", "Ashdownshire"],
        "AD7 3RS",
    ));
    let son_home =
        case.add_address(address("990000000008", &["9 Orchard Close", "Fenwick Cross", "Ashdownshire"], "AD8 5TU"));
    let dorothy =
        case.add_party(person("Mrs", "Dorothy May", "Pembridge", ymd(1936, 2, 11), Some("AB367201C"), home, &[], &[]));
    let simon = case.add_party(person(
        "Mr",
        "Simon",
        "Pembridge",
        ymd(1964, 10, 3),
        None,
        son_home,
        &["07700 900006"],
        &["simon.pembridge@example.com"],
    ));
    let mut book = Book::new(env.today);
    let first = add_days(env.today, -28 * 8 - 6);
    let mut unpaid = Vec::new();
    let mut d = first;
    let mut n = 0;
    while d <= env.today {
        let to = add_days(d, -3);
        let from = add_days(to, -27);
        let number = format!("ASC{:07}", 1 + n);
        let l = book.add_liability(
            financial_year(from),
            from,
            to,
            format!(
                "Residential care contribution, The Beeches Care Home: 4 weeks to {} (invoice {number})",
                to.format("%d/%m/%Y")
            ),
        );
        book.charge(l, 112_640, d, number);
        if n == 0 {
            book.stage(Some(l), Stage::Billed, d, "Invoice issued".into());
        }
        if n == 4 || n == 5 {
            unpaid.push(l);
        } else {
            book.pay(rng, l, 112_640, env.wd(add_days(d, 21)).min(env.today), "standing_order");
        }
        d = add_days(d, 28);
        n += 1;
    }
    let fifth = add_days(first, 4 * 28);
    let reminder = env.wd(add_days(fifth, 40));
    let final_notice = env.wd(add_days(reminder, 21));
    let agreed = env.wd(add_days(final_notice, 14));
    book.stage(Some(unpaid[0]), Stage::Reminder, reminder, "Reminder: invoices overdue".into());
    book.stage(
        Some(unpaid[0]),
        Stage::FinalNotice,
        final_notice,
        "Final notice; deferred payment agreement offered where it applies (Care Act 2014 s69(2))".into(),
    );
    book.stage(
        Some(unpaid[0]),
        Stage::Arrangement,
        agreed,
        format!("Arrangement agreed with the attorney: {} a month by standing order", pounds(30_000)),
    );
    book.note(rng, agreed, "Mr Simon Pembridge (attorney, LPA registered with the OPG) phoned: the house sale is delayed; agreed £300.00 a month towards the two unpaid invoices while the current ones are paid as they fall due.".into());
    let mut p = add_days(agreed, 7);
    while p <= env.today {
        book.pay_arrears(rng, 30_000, p, "standing_order", &unpaid);
        p = add_months(p, 1);
    }
    let mut acc = account("ASC000001", DebtType::AdultSocialCare, Jurisdiction::England, None, book, first);
    acc.parties.push((dorothy, Role::Liable, Some(AddrRef::New(son_home))));
    acc.parties.push((simon, Role::Attorney, None));
    case.accounts.push(acc);
    case
}

/// The showcase cases in reference order. `advisers[0]` is the Welsh money advice agency's party (Siân
/// Pritchard's adviser).
pub fn cases(env: &Env, welsh_adviser: &PartyRef) -> Vec<CasePlan> {
    let mut rng = Rng::new(SHOWCASE_SEED);
    vec![
        thornton(env, &mut rng),
        okafor(env, &mut rng),
        pritchard(env, &mut rng, welsh_adviser),
        harbour_lights(env, &mut rng),
        whitfield(env, &mut rng),
        llewellyn(env, &mut rng),
        pembridge(env, &mut rng),
    ]
}
