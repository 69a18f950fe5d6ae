//! The life of one demo account, told as ledger entries and a stage history that agree with each other:
//! bills and statutory instalments, payments (mostly on time, some missed), reminders, final notices,
//! summonses and liability orders with their costs, the remedy that followed, arrangements, holds, write-offs,
//! closures and the notes an officer would have written along the way.
//!
//! Every amount is integer pence and every multiplication or division of money is one of the named helpers
//! below with its rounding stated. Every date is on or before `today`; a story that cannot fit before `today`
//! is moved to an earlier year or, failing that, told as a simpler one.

use super::plan::{EntryPlan, HoldPlan, LiabilityPlan, PartyRef, StagePlan};
use super::rng::Rng;
use crate::model::{
    financial_year, financial_year_label, DebtType, HoldKind, Jurisdiction, LedgerKind, PaymentMethod, Stage,
};
use crate::money::Money;
use crate::rules::calendar::Calendar;
use crate::rules::instalments::{statutory_instalments, Scheme};
use crate::rules::policy::RecoveryPolicy;
use chrono::{Days, Months, NaiveDate, NaiveDateTime, NaiveTime};

/// Where the demo stands in time.
pub struct Env<'a> {
    pub today: NaiveDate,
    pub cal: &'a Calendar,
    /// The recovery policy the rules apply (the lawful defaults): instalments, invoice payment terms.
    pub policy: RecoveryPolicy,
    /// The oldest financial year the demo bills (five years before the current one).
    pub first_year: i32,
    pub current_year: i32,
}

impl Env<'_> {
    pub fn new(today: NaiveDate, cal: &Calendar) -> Env<'_> {
        let current_year = financial_year(today);
        Env { today, cal, policy: RecoveryPolicy::default(), first_year: current_year - 5, current_year }
    }

    /// The working day on or after `d` (councils issue notices and courts sit on working days).
    pub fn wd(&self, d: NaiveDate) -> NaiveDate {
        self.cal.next_working_day_from(d)
    }
}

pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d + Days::new(n as u64)
    } else {
        d - Days::new((-n) as u64)
    }
}

pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).expect("date in range")
}

pub fn fy_start(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 4, 1).expect("1 April")
}

pub fn fy_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 3, 31).expect("31 March")
}

fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// `d` as officers write it in notes: "4 March 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Pence as "£1,234.50".
pub fn pounds(pence: i64) -> String {
    let neg = pence < 0;
    let p = pence.abs();
    let whole = (p / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}£{grouped}.{:02}", if neg { "-" } else { "" }, p % 100)
}

// ---------------------------------------------------------------------------------------------------------
// Money rules used by the demo. Integer pence throughout; each says how it rounds.

/// `pence × num ÷ den`, rounded half up to the penny (for positive amounts).
pub fn ratio_half_up(pence: i64, num: i64, den: i64) -> i64 {
    (pence * num * 2 + den) / (den * 2)
}

/// A bill's statutory instalments, as (due date, pence): [`statutory_instalments`] with the council's policy,
/// so the demo's ledgers follow the same schedule the recovery rules compute.
#[allow(clippy::too_many_arguments)]
pub fn instalments(
    env: &Env,
    debt: DebtType,
    net: i64,
    bill_on: NaiveDate,
    year: i32,
    day: u32,
    twelve: bool,
) -> (Vec<NaiveDate>, Vec<i64>) {
    let scheme = if twelve { Scheme::Twelve } else { Scheme::Ten };
    match statutory_instalments(Money::from_pence(net), scheme, bill_on, year, day, debt, &env.policy) {
        Ok(s) if !s.instalments.is_empty() => s.instalments.iter().map(|i| (i.due_on, i.amount.pence())).unzip(),
        // A charge the rules refuse (none in the demo) is due in one sum.
        _ => (vec![add_days(bill_on, 14)], vec![net]),
    }
}

/// Band D in `year` for the demo councils: an English and a Welsh figure for 2021/22 raised by a typical
/// percentage each year (basis points, rounded half up to the penny). Illustrative, not any council's.
pub fn band_d(year: i32, j: Jurisdiction) -> i64 {
    let (base, rises): (i64, &[i64]) = match j {
        Jurisdiction::England => (191_247, &[299, 499, 499, 499, 499, 499]),
        Jurisdiction::Wales => (180_630, &[390, 520, 780, 620, 550, 500]),
    };
    let mut d = base;
    if year >= 2021 {
        for y in 2021..year {
            let bp = rises[((y - 2021) as usize).min(rises.len() - 1)];
            d = ratio_half_up(d, 10_000 + bp, 10_000);
        }
    } else {
        for _ in year..2021 {
            d = ratio_half_up(d, 10_000, 10_000 + rises[0]);
        }
    }
    d
}

pub const BANDS: [(char, i64); 8] =
    [('A', 6), ('B', 7), ('C', 8), ('D', 9), ('E', 11), ('F', 13), ('G', 15), ('H', 18)];

/// A band's annual charge: band D × the band's ninths (LGFA 1992 s5), rounded half up to the penny.
pub fn band_charge(year: i32, j: Jurisdiction, band: usize) -> i64 {
    ratio_half_up(band_d(year, j), BANDS[band].1, 9)
}

/// Single person discount: 25% of the charge (LGFA 1992 s11), rounded half up to the penny.
pub fn single_person_discount(charge: i64) -> i64 {
    ratio_half_up(charge, 25, 100)
}

/// The demo's rates multipliers in thousandths of a pound per pound of rateable value: (England small
/// business, England standard, Wales). Illustrative figures of the right size, not the statutory ones.
fn multipliers(year: i32) -> (i64, i64, i64) {
    match year {
        ..=2023 => (499, 512, 535),
        2024 => (499, 546, 562),
        _ => (499, 555, 568),
    }
}

/// Business rates for a year: rateable value (whole pounds) × multiplier, rounded half up to the penny.
/// England uses the small business multiplier below £51,000 of rateable value. No reliefs in the demo.
pub fn rates_charge(year: i32, j: Jurisdiction, rv: i64) -> (i64, i64) {
    let (small, standard, wales) = multipliers(year);
    let m = match j {
        Jurisdiction::Wales => wales,
        Jurisdiction::England if rv < 51_000 => small,
        Jurisdiction::England => standard,
    };
    // rv pounds × m/1000 = rv·m/10 pence
    ((rv * m + 5) / 10, m)
}

/// Court costs the demo posts on a summons and on a liability order: England £60 + £50 (the illustrative
/// policy default in data/rule_values.csv), Wales £45 + £25 (within the £70 cap, SI 1992/613 reg 34(7)).
pub fn court_costs(j: Jurisdiction) -> (i64, i64) {
    match j {
        Jurisdiction::England => (6_000, 5_000),
        Jurisdiction::Wales => (4_500, 2_500),
    }
}

/// A county court claim fee by the size of the claim (the online money claim bands; illustrative figures).
pub fn claim_fee(claim: i64) -> i64 {
    const BANDS: [(i64, i64); 7] = [
        (30_000, 3_500),
        (50_000, 5_000),
        (100_000, 7_000),
        (150_000, 8_000),
        (300_000, 11_500),
        (500_000, 20_500),
        (1_000_000, 45_500),
    ];
    BANDS.iter().find(|(upto, _)| claim <= *upto).map(|(_, fee)| *fee).unwrap_or_else(|| ratio_half_up(claim, 5, 100))
}

/// A month's deduction from Universal Credit for council tax arrears: about 5% of the single standard
/// allowance for 25s and over in that year (illustrative figures).
fn benefit_deduction(year: i32) -> i64 {
    match year {
        ..=2021 => 1_624,
        2022 => 1_675,
        2023 => 1_844,
        2024 => 1_967,
        2025 => 2_001,
        _ => 2_066,
    }
}

// ---------------------------------------------------------------------------------------------------------
// The book: one account's liabilities, ledger, stages, holds and notes as they are planned.

pub struct Book {
    pub today: NaiveDate,
    pub liabilities: Vec<LiabilityPlan>,
    owed: Vec<i64>,
    pub entries: Vec<EntryPlan>,
    pub stages: Vec<StagePlan>,
    pub holds: Vec<HoldPlan>,
    pub notes: Vec<(NaiveDateTime, String)>,
}

fn receipt(rng: &mut Rng, method: &str) -> String {
    match method {
        "card" => format!("CARD{:08}", rng.below(100_000_000)),
        "paypoint" => format!("PP{:09}", rng.below(1_000_000_000)),
        "cash" => format!("RCPT{:06}", rng.below(1_000_000)),
        "cheque" => format!("CHQ{:06}", rng.below(1_000_000)),
        "bank_transfer" => "BACS".into(),
        "direct_debit" => "DD".into(),
        "standing_order" => "SO".into(),
        "dwp" => "DWP".into(),
        "aeo" => "AEO".into(),
        _ => String::new(),
    }
}

/// Days between a payment being made and reaching the ledger.
fn posting_delay(rng: &mut Rng, method: &str) -> i64 {
    match method {
        "card" | "cash" | "direct_debit" => 0,
        "standing_order" | "bank_transfer" => rng.range(0, 1),
        "paypoint" => rng.range(1, 2),
        "cheque" => rng.range(2, 4),
        _ => rng.range(2, 5),
    }
}

impl Book {
    pub fn new(today: NaiveDate) -> Book {
        Book {
            today,
            liabilities: Vec::new(),
            owed: Vec::new(),
            entries: Vec::new(),
            stages: Vec::new(),
            holds: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn add_liability(&mut self, year: i32, from: NaiveDate, to: NaiveDate, description: String) -> usize {
        self.liabilities.push(LiabilityPlan { financial_year: year, period_from: from, period_to: to, description });
        self.owed.push(0);
        self.liabilities.len() - 1
    }

    /// Posts an entry unless it would fall after today. Returns whether it was posted.
    #[allow(clippy::too_many_arguments)]
    fn post(
        &mut self,
        liability: Option<usize>,
        kind: LedgerKind,
        pence: i64,
        effective_on: NaiveDate,
        delay: i64,
        method: &'static str,
        reference: String,
        reason: String,
    ) -> bool {
        if effective_on > self.today || pence == 0 {
            return false;
        }
        let posted_on = add_days(effective_on, delay).min(self.today);
        if let Some(l) = liability {
            self.owed[l] += pence;
        }
        self.entries.push(EntryPlan { liability, kind, pence, posted_on, effective_on, method, reference, reason });
        true
    }

    pub fn charge(&mut self, l: usize, pence: i64, on: NaiveDate, reference: String) -> bool {
        self.post(Some(l), LedgerKind::Charge, pence, on, 0, "", reference, String::new())
    }

    pub fn adjust(&mut self, l: usize, pence: i64, on: NaiveDate, reason: String) -> bool {
        self.post(Some(l), LedgerKind::Adjustment, pence, on, 0, "", String::new(), reason)
    }

    pub fn cost(&mut self, l: usize, pence: i64, on: NaiveDate, reason: &str) -> bool {
        self.post(Some(l), LedgerKind::Cost, pence, on, 0, "", String::new(), reason.to_string())
    }

    /// A payment of `pence` (positive) into liability `l`.
    pub fn pay(&mut self, rng: &mut Rng, l: usize, pence: i64, on: NaiveDate, method: &'static str) -> bool {
        if pence <= 0 {
            return false;
        }
        let delay = posting_delay(rng, method);
        let reference = receipt(rng, method);
        self.post(Some(l), LedgerKind::Payment, -pence, on, delay, method, reference, String::new())
    }

    /// A payment of up to `pence` shared oldest first over the liabilities in `among` that are owed.
    /// Returns what was applied.
    pub fn pay_arrears(
        &mut self,
        rng: &mut Rng,
        pence: i64,
        on: NaiveDate,
        method: &'static str,
        among: &[usize],
    ) -> i64 {
        if on > self.today {
            return 0;
        }
        let mut left = pence;
        for &l in among {
            if left <= 0 {
                break;
            }
            let take = left.min(self.owed[l]);
            if take > 0 && self.pay(rng, l, take, on, method) {
                left -= take;
            }
        }
        pence - left
    }

    pub fn refund(&mut self, l: usize, pence: i64, on: NaiveDate) -> bool {
        self.post(
            Some(l),
            LedgerKind::Refund,
            pence,
            on,
            1,
            "bank_transfer",
            String::new(),
            "Refund of credit after final bill".into(),
        )
    }

    /// Writes off what is owed on every liability.
    pub fn write_off_all(&mut self, on: NaiveDate, reason: &str) -> i64 {
        let mut total = 0;
        for l in 0..self.owed.len() {
            let owed = self.owed[l];
            if owed > 0 && self.post(Some(l), LedgerKind::WriteOff, -owed, on, 0, "", String::new(), reason.to_string())
            {
                total += owed;
            }
        }
        total
    }

    pub fn stage(&mut self, l: Option<usize>, stage: Stage, on: NaiveDate, reason: String) {
        if on <= self.today {
            self.stages.push(StagePlan { liability: l, stage, entered_on: on, reason });
        }
    }

    /// A note written on `on` during office hours.
    pub fn note(&mut self, rng: &mut Rng, on: NaiveDate, body: String) {
        if on <= self.today {
            let t = NaiveTime::from_hms_opt(rng.range(9, 16) as u32, rng.range(0, 59) as u32, rng.range(0, 59) as u32)
                .expect("office hours");
            self.notes.push((on.and_time(t), body));
        }
    }

    /// A note written between `lo` and `hi` days after `base`.
    pub fn note_after(&mut self, rng: &mut Rng, base: NaiveDate, lo: i64, hi: i64, body: String) {
        let on = add_days(base, rng.range(lo, hi));
        self.note(rng, on, body);
    }

    pub fn owed(&self, l: usize) -> i64 {
        self.owed[l]
    }

    pub fn owed_among(&self, ls: &[usize]) -> i64 {
        ls.iter().map(|&l| self.owed[l]).sum()
    }

    pub fn total(&self) -> i64 {
        self.owed.iter().sum()
    }

    /// The latest date of anything in the stage history.
    pub fn last_stage_on(&self) -> Option<NaiveDate> {
        self.stages.iter().map(|s| s.entered_on).max()
    }

    /// Sorts the ledger by effective date (stable), as the writer inserts it.
    pub fn finish(&mut self) {
        self.entries.sort_by_key(|e| e.effective_on);
        self.stages.sort_by_key(|s| s.entered_on);
        self.notes.sort_by_key(|n| n.0);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Recovery chains: from the first missed instalment to a summons and a liability order.

/// How far recovery went on the year it started in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    Reminder,
    SecondReminder,
    FinalNotice,
    Summons,
    LiabilityOrder,
}

/// The dates of one year's recovery, from the missed instalment.
#[derive(Clone, Debug, Default)]
pub struct Chain {
    pub miss: usize,
    pub reminder: Option<NaiveDate>,
    pub reminder_paid: Option<NaiveDate>,
    pub miss2: Option<usize>,
    pub second_reminder: Option<NaiveDate>,
    pub second_paid: Option<NaiveDate>,
    pub miss3: Option<usize>,
    pub final_notice: Option<NaiveDate>,
    pub summons: Option<NaiveDate>,
    pub liability_order: Option<NaiveDate>,
}

impl Chain {
    pub fn last(&self) -> NaiveDate {
        [self.liability_order, self.summons, self.final_notice, self.second_reminder, self.reminder]
            .into_iter()
            .flatten()
            .next()
            .expect("a chain has at least a reminder or a final notice")
    }
}

/// Council tax and business rates: simulates recovery from instalment `miss` of `due` to `depth`. Welsh
/// council tax from 1 April 2026 follows the new timetable (a final notice at least 41 days after the
/// missed instalment and 21 days to pay it; recovery-rules.md §1.14). `None` if the schedule runs out.
#[allow(clippy::too_many_arguments)]
pub fn rated_chain(
    env: &Env,
    rng: &mut Rng,
    debt: DebtType,
    j: Jurisdiction,
    due: &[NaiveDate],
    miss: usize,
    depth: Depth,
    via_final_notice: bool,
) -> Option<Chain> {
    let m = due[miss];
    let mut c = Chain { miss, ..Chain::default() };
    let wales_new =
        j == Jurisdiction::Wales && debt == DebtType::CouncilTax && m >= NaiveDate::from_ymd_opt(2026, 4, 1)?;
    let r1 = env.wd(add_days(m, rng.range(8, 14)));
    c.reminder = Some(r1);
    if depth == Depth::Reminder {
        return Some(c);
    }
    let two_reminders = debt == DebtType::CouncilTax
        && (depth == Depth::SecondReminder || depth == Depth::FinalNotice || via_final_notice);
    if two_reminders && !(wales_new && depth > Depth::SecondReminder) {
        let paid = add_days(r1, rng.range(2, 6));
        c.reminder_paid = Some(paid);
        let m2 = (miss + 1..due.len()).find(|&k| due[k] > paid)?;
        c.miss2 = Some(m2);
        let r2 = env.wd(add_days(due[m2], rng.range(8, 14)));
        c.second_reminder = Some(r2);
        if depth == Depth::SecondReminder {
            return Some(c);
        }
        let paid2 = add_days(r2, rng.range(2, 6));
        c.second_paid = Some(paid2);
        let m3 = (m2 + 1..due.len()).find(|&k| due[k] > paid2)?;
        c.miss3 = Some(m3);
        let f = env.wd(add_days(due[m3], rng.range(8, 14)));
        c.final_notice = Some(f);
        if depth == Depth::FinalNotice {
            return Some(c);
        }
        c.summons = Some(env.wd(add_days(f, rng.range(14, 35))));
    } else if wales_new {
        let f = env.wd(add_days(m, 41 + rng.range(0, 7)).max(add_days(r1, 14)));
        c.final_notice = Some(f);
        if depth == Depth::FinalNotice {
            return Some(c);
        }
        c.summons = Some(env.wd(add_days(f, rng.range(22, 35))));
    } else if debt == DebtType::BusinessRates && (via_final_notice || depth == Depth::FinalNotice) {
        let f = env.wd(add_days(r1, rng.range(14, 28)));
        c.final_notice = Some(f);
        if depth == Depth::FinalNotice {
            return Some(c);
        }
        c.summons = Some(env.wd(add_days(f, rng.range(10, 21))));
    } else {
        if depth == Depth::FinalNotice || depth == Depth::SecondReminder {
            return None;
        }
        c.summons = Some(env.wd(add_days(r1, rng.range(21, 45))));
    }
    if depth == Depth::Summons {
        return Some(c);
    }
    let s = c.summons?;
    c.liability_order = Some(env.wd(add_days(s, rng.range(21, 35))));
    Some(c)
}

// ---------------------------------------------------------------------------------------------------------
// Council tax and business rates.

/// How a rated account is charged.
#[derive(Clone, Debug)]
pub enum Charging {
    /// Council tax: the band (index into [`BANDS`]) and whether one adult lives there (25% discount).
    Band { band: usize, single: bool },
    /// Business rates: the rateable value in whole pounds and what the property is.
    Rates { rv: i64, property: &'static str },
}

/// What the demo wants an account to show, and the facts around it.
pub struct Rated {
    pub debt: DebtType,
    pub j: Jurisdiction,
    pub charging: Charging,
    pub target: Stage,
    pub hold: Option<HoldKind>,
    /// Owner-occupied (a charging order needs a property to charge).
    pub owner: bool,
    /// A person (not a company): committal and attachment of earnings are possible.
    pub person: bool,
    /// The enforcement agents the council uses, for the notes.
    pub agent: &'static str,
}

/// The told story: the book and the account's dates.
pub struct Told {
    pub book: Book,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// A party-level hold was placed (so the caller can add the debt adviser who asked for it).
    pub adviser_needed: bool,
}

/// How long (days) an account has sat at its current stage, drawn per stage.
fn slack_for(rng: &mut Rng, target: Stage) -> i64 {
    match target {
        Stage::Reminder | Stage::SecondReminder | Stage::FinalNotice => rng.range(0, 20),
        Stage::Summons => rng.range(0, 25),
        Stage::LiabilityOrder => rng.range(3, 75),
        Stage::Insolvency => 0,
        Stage::Committal => rng.range(10, 240),
        Stage::ChargingOrder => rng.range(30, 500),
        Stage::CountyCourt => rng.range(10, 200),
        Stage::Arrangement => rng.range(20, 240),
        _ => rng.range(20, 330),
    }
}

fn fy_days(year: i32) -> i64 {
    days_between(fy_start(year), fy_end(year)) + 1
}

fn pick_method(rng: &mut Rng, debt: DebtType) -> &'static str {
    let table: &[(PaymentMethod, u32)] = match debt {
        DebtType::BusinessRates => &[
            (PaymentMethod::DirectDebit, 45),
            (PaymentMethod::BankTransfer, 35),
            (PaymentMethod::Card, 10),
            (PaymentMethod::Cheque, 10),
        ],
        _ => &[
            (PaymentMethod::DirectDebit, 55),
            (PaymentMethod::StandingOrder, 8),
            (PaymentMethod::Card, 12),
            (PaymentMethod::PayPoint, 10),
            (PaymentMethod::BankTransfer, 10),
            (PaymentMethod::Cash, 2),
            (PaymentMethod::Cheque, 3),
        ],
    };
    rng.weighted(table).as_str()
}

/// A payment made "around" a due date: Direct Debits on the day (or the next working day), others a few days
/// either side.
fn paid_on(env: &Env, rng: &mut Rng, due: NaiveDate, method: &str) -> NaiveDate {
    match method {
        "direct_debit" | "standing_order" => env.wd(due),
        _ => add_days(due, rng.range(-4, 3)),
    }
}

pub struct YearBill {
    pub l: usize,
    pub bill_on: NaiveDate,
    pub due: Vec<NaiveDate>,
    pub amounts: Vec<i64>,
    pub net: i64,
}

fn annual_bill_on(env: &Env, rng: &mut Rng, year: i32) -> NaiveDate {
    env.wd(NaiveDate::from_ymd_opt(year, 3, rng.range(1, 10) as u32).unwrap())
}

/// What a year's bill charges from `from`: (gross, single person discount, description). Part of a year is
/// charged pro rata by days, rounded half up to the penny.
pub fn year_charge(spec: &Rated, year: i32, from: NaiveDate) -> (i64, i64, String) {
    let to = fy_end(year);
    let (annual, discount_annual, description) = match &spec.charging {
        Charging::Band { band, single } => {
            let c = band_charge(year, spec.j, *band);
            let d = if *single { single_person_discount(c) } else { 0 };
            let text = if *single {
                format!("Band {}; single person discount 25%", BANDS[*band].0)
            } else {
                format!("Band {}", BANDS[*band].0)
            };
            (c, d, text)
        }
        Charging::Rates { rv, property } => {
            let (c, m) = rates_charge(year, spec.j, *rv);
            (
                c,
                0,
                format!("{property}; rateable value {}; multiplier 0.{m:03}", pounds(rv * 100).trim_end_matches(".00")),
            )
        }
    };
    let days = days_between(from, to) + 1;
    if from > fy_start(year) {
        (ratio_half_up(annual, days, fy_days(year)), ratio_half_up(discount_annual, days, fy_days(year)), description)
    } else {
        (annual, discount_annual, description)
    }
}

/// Bills one year: the charge, a single person discount as an adjustment, and the statutory instalments.
#[allow(clippy::too_many_arguments)]
pub fn bill_year(
    book: &mut Book,
    env: &Env,
    spec: &Rated,
    year: i32,
    bill_on: NaiveDate,
    from: NaiveDate,
    day: u32,
    twelve: bool,
    reference: &str,
) -> YearBill {
    let (gross, discount, description) = year_charge(spec, year, from);
    let l = book.add_liability(year, from, fy_end(year), description);
    book.charge(l, gross, bill_on, format!("{reference}/{}", year % 100));
    if discount > 0 {
        book.adjust(l, -discount, bill_on, "Single person discount (25%)".into());
    }
    let net = gross - discount;
    let (due, amounts) = instalments(env, spec.debt, net, bill_on, year, day, twelve);
    YearBill { l, bill_on, due, amounts, net }
}

/// Pays instalments `range` of a year on (or around) their due dates, up to today.
pub fn pay_instalments(
    book: &mut Book,
    env: &Env,
    rng: &mut Rng,
    y: &YearBill,
    range: std::ops::Range<usize>,
    method: &'static str,
) {
    for k in range {
        if y.due[k] > env.today {
            break;
        }
        let on = paid_on(env, rng, y.due[k], method);
        let on = on.min(env.today);
        book.pay(rng, y.l, y.amounts[k], on, method);
    }
}

/// Tells a council tax or business rates account so that it ends at `spec.target`.
pub fn rated(env: &Env, rng: &mut Rng, spec: &Rated, reference: &str) -> Told {
    let method = pick_method(rng, spec.debt);
    let day = if method == "direct_debit" { rng.pick(&[1u32, 1, 8, 15, 22]) } else { 1 };
    let twelve = spec.debt == DebtType::CouncilTax && rng.chance(180);
    let years = (env.current_year - env.first_year + 1) as usize;
    let bills: Vec<NaiveDate> = (env.first_year..=env.current_year).map(|y| annual_bill_on(env, rng, y)).collect();
    let mut target = spec.target;
    if target == Stage::Committal && (spec.j == Jurisdiction::Wales || !spec.person) {
        target = Stage::EnforcementAgent;
    }
    if !spec.person && matches!(target, Stage::AttachmentOfEarnings | Stage::DeductionFromBenefit) {
        target = Stage::EnforcementAgent;
    }
    match target {
        Stage::Billed => paying(env, rng, spec, reference, &bills, method, day, twelve),
        Stage::Cleared => {
            let r = rng.below(100);
            if r < 20 {
                if let Some(t) = escalated(env, rng, spec, reference, &bills, method, day, twelve, Stage::Cleared) {
                    return t;
                }
            }
            if r < 32 {
                upfront(env, rng, spec, reference, &bills, method, day, twelve)
            } else {
                final_bill(env, rng, spec, reference, &bills, method, day, twelve, years)
            }
        }
        t => escalated(env, rng, spec, reference, &bills, method, day, twelve, t)
            .unwrap_or_else(|| paying(env, rng, spec, reference, &bills, method, day, twelve)),
    }
}

/// How many years of history an account has: mostly one or two.
fn history_years(rng: &mut Rng) -> i32 {
    rng.weighted(&[(1, 80), (2, 14), (3, 3), (4, 1), (5, 1), (6, 1)])
}

/// Everyone pays: every instalment due so far is paid.
#[allow(clippy::too_many_arguments)]
fn paying(
    env: &Env,
    rng: &mut Rng,
    spec: &Rated,
    reference: &str,
    bills: &[NaiveDate],
    method: &'static str,
    day: u32,
    twelve: bool,
) -> Told {
    let mut book = Book::new(env.today);
    let k = history_years(rng).min(env.current_year - env.first_year + 1);
    let start = env.current_year - k + 1;
    let since_start = days_between(fy_start(start), env.today);
    let mover = rng.chance(350) && since_start > 45;
    let move_in =
        if mover { add_days(fy_start(start), rng.range(10, since_start.min(300) - 25)) } else { fy_start(start) };
    let opened_on = if mover { move_in } else { opened_before(rng, start) };
    for y in start..=env.current_year {
        let (bill_on, from, why) = if y == start && mover {
            (env.wd(add_days(move_in, rng.range(5, 20))), move_in, format!("New liability from {}", long_date(move_in)))
        } else {
            (bills[(y - env.first_year) as usize], fy_start(y), format!("Annual bill {}", financial_year_label(y)))
        };
        let bill = bill_year(&mut book, env, spec, y, bill_on, from, day, twelve, reference);
        book.stage(Some(bill.l), Stage::Billed, bill.bill_on, why);
        pay_instalments(&mut book, env, rng, &bill, 0..bill.due.len(), method);
    }
    if rng.chance(60) {
        let on = add_days(env.today, -rng.range(3, 200));
        book.note(rng, on, "Customer phoned to update their contact details. No other action.".into());
    }
    Told { book, opened_on, closed_on: None, adviser_needed: false }
}

/// When an account with history from `start` was opened: on 1 April that year, or years before (the older
/// years are paid and archived).
fn opened_before(rng: &mut Rng, start: i32) -> NaiveDate {
    if rng.chance(400) {
        fy_start(start)
    } else {
        add_days(fy_start(start), -rng.range(200, 4_500))
    }
}

/// Paid the current year in full soon after the bill.
#[allow(clippy::too_many_arguments)]
fn upfront(
    env: &Env,
    rng: &mut Rng,
    spec: &Rated,
    reference: &str,
    bills: &[NaiveDate],
    method: &'static str,
    day: u32,
    twelve: bool,
) -> Told {
    let mut book = Book::new(env.today);
    let k = history_years(rng).min(env.current_year - env.first_year + 1);
    let start = env.current_year - k + 1;
    for y in start..=env.current_year {
        let bill_on = bills[(y - env.first_year) as usize];
        let bill = bill_year(&mut book, env, spec, y, bill_on, fy_start(y), day, twelve, reference);
        book.stage(Some(bill.l), Stage::Billed, bill.bill_on, format!("Annual bill {}", financial_year_label(y)));
        if y < env.current_year {
            pay_instalments(&mut book, env, rng, &bill, 0..bill.due.len(), method);
        } else {
            let on = add_days(bill.bill_on, rng.range(3, 20)).min(env.today);
            book.pay(rng, bill.l, bill.net, on, "card");
            book.stage(Some(bill.l), Stage::Cleared, on, format!("Paid {} in full", financial_year_label(y)));
        }
    }
    Told { book, opened_on: opened_before(rng, start), closed_on: None, adviser_needed: false }
}

/// Moved out (or stopped trading): every year paid, a final bill, the last sum paid or the credit refunded.
#[allow(clippy::too_many_arguments)]
fn final_bill(
    env: &Env,
    rng: &mut Rng,
    spec: &Rated,
    reference: &str,
    bills: &[NaiveDate],
    method: &'static str,
    day: u32,
    twelve: bool,
    years: usize,
) -> Told {
    let mut book = Book::new(env.today);
    // The last year: one whose part before the move ends at least 45 days before today.
    let latest_move = add_days(env.today, -45);
    let mut end = env.first_year + rng.below(years as u64) as i32;
    while end > env.first_year && add_days(fy_start(end), 30) > latest_move {
        end -= 1;
    }
    let k = history_years(rng).min(end - env.first_year + 1);
    let start = end - k + 1;
    let move_out_max = fy_end(end).min(latest_move);
    let move_out = add_days(fy_start(end), rng.range(30, days_between(fy_start(end), move_out_max).max(31)));
    let move_out = move_out.min(move_out_max);
    let mut last = None;
    for y in start..=end {
        let bill_on = bills[(y - env.first_year) as usize];
        let bill = bill_year(&mut book, env, spec, y, bill_on, fy_start(y), day, twelve, reference);
        book.stage(Some(bill.l), Stage::Billed, bill.bill_on, format!("Annual bill {}", financial_year_label(y)));
        if y < end {
            pay_instalments(&mut book, env, rng, &bill, 0..bill.due.len(), method);
        } else {
            let before = bill.due.iter().take_while(|d| **d <= move_out).count();
            pay_instalments(&mut book, env, rng, &bill, 0..before, method);
            last = Some(bill);
        }
    }
    let bill = last.expect("the last year");
    let final_on = env.wd(add_days(move_out, rng.range(5, 20))).min(env.today);
    let days = days_between(bill.bill_on.max(fy_start(end)), move_out) + 1;
    let kept = ratio_half_up(bill.net, days, fy_days(end));
    let why = match spec.debt {
        DebtType::BusinessRates => format!("Liability ended {}: ceased to occupy", long_date(move_out)),
        _ => format!("Liability ended {}: moved out", long_date(move_out)),
    };
    book.adjust(bill.l, kept - bill.net, final_on, why);
    let left = book.owed(bill.l);
    let done_on = add_days(final_on, rng.range(5, 25)).min(env.today);
    if left > 0 {
        book.pay(rng, bill.l, left, done_on, if method == "direct_debit" { "card" } else { method });
        book.stage(Some(bill.l), Stage::Cleared, done_on, "Final bill paid; account closed".into());
    } else {
        if left < 0 {
            book.refund(bill.l, -left, done_on);
        }
        book.stage(Some(bill.l), Stage::Cleared, done_on, "Final bill settled; account closed".into());
    }
    Told { book, opened_on: opened_before(rng, start), closed_on: Some(move_out), adviser_needed: false }
}

/// Which recovery depth a target stage needs on its year, and whether it goes through a final notice.
fn depth_for(rng: &mut Rng, target: Stage, debt: DebtType) -> (Depth, bool) {
    let via_fn = match debt {
        DebtType::CouncilTax => rng.chance(250),
        _ => rng.chance(500),
    };
    let d = match target {
        Stage::Reminder => Depth::Reminder,
        Stage::SecondReminder => Depth::SecondReminder,
        Stage::FinalNotice => Depth::FinalNotice,
        Stage::Summons => Depth::Summons,
        Stage::Arrangement => {
            if rng.chance(400) {
                Depth::Reminder
            } else {
                Depth::LiabilityOrder
            }
        }
        Stage::Cleared => rng.pick(&[Depth::Reminder, Depth::Summons, Depth::LiabilityOrder]),
        Stage::CountyCourt => {
            if rng.chance(500) {
                Depth::FinalNotice
            } else {
                Depth::Reminder
            }
        }
        _ => Depth::LiabilityOrder,
    };
    let d = if debt == DebtType::BusinessRates && d == Depth::SecondReminder { Depth::Reminder } else { d };
    (d, via_fn || (debt == DebtType::BusinessRates && d == Depth::FinalNotice))
}

/// What came after the chain, with its dates worked out before anything is posted so that the candidate
/// year can be tested against `today`.
#[derive(Clone, Debug)]
struct After {
    agent: Option<NaiveDate>,
    remedy: Option<NaiveDate>,
    end: NaiveDate,
}

fn plan_after(env: &Env, rng: &mut Rng, target: Stage, chain: &Chain, slack: i64) -> After {
    let last = chain.last();
    let lo = chain.liability_order.unwrap_or(last);
    let mut a = After { agent: None, remedy: None, end: last };
    match target {
        Stage::AttachmentOfEarnings => a.remedy = Some(env.wd(add_days(lo, rng.range(21, 75)))),
        Stage::DeductionFromBenefit => a.remedy = Some(env.wd(add_days(lo, rng.range(30, 100)))),
        Stage::EnforcementAgent => a.agent = Some(env.wd(add_days(lo, rng.range(21, 90)))),
        Stage::ChargingOrder => {
            let e = env.wd(add_days(lo, rng.range(21, 60)));
            a.agent = Some(e);
            a.remedy = Some(env.wd(add_days(e, rng.range(90, 240))));
        }
        Stage::Committal => {
            let e = env.wd(add_days(lo, rng.range(21, 60)));
            a.agent = Some(e);
            a.remedy = Some(env.wd(add_days(e, rng.range(120, 300))));
        }
        Stage::Insolvency => {
            if rng.chance(400) {
                a.agent = Some(env.wd(add_days(lo, rng.range(21, 60))));
            }
            let earliest = add_days(a.agent.unwrap_or(lo), rng.range(30, 120));
            a.remedy = Some(earliest.max(add_days(env.today, -slack)));
        }
        Stage::CountyCourt => a.remedy = Some(env.wd(add_days(last, rng.range(21, 60)))),
        Stage::Arrangement => a.remedy = Some(env.wd(add_days(last, rng.range(3, 30)))),
        Stage::WrittenOff => {
            if rng.chance(600) {
                a.agent = Some(env.wd(add_days(lo, rng.range(21, 90))));
            }
            a.remedy = Some(env.wd(add_days(a.agent.unwrap_or(lo), rng.range(90, 500))));
        }
        Stage::Cleared => a.remedy = Some(add_days(last, rng.range(5, 40))),
        _ => {}
    }
    a.end = a.remedy.or(a.agent).unwrap_or(last);
    a
}

/// Recovery started on one year and reached `target`. `None` if no year fits before today.
#[allow(clippy::too_many_arguments)]
fn escalated(
    env: &Env,
    rng: &mut Rng,
    spec: &Rated,
    reference: &str,
    bills: &[NaiveDate],
    method: &'static str,
    day: u32,
    twelve: bool,
    target: Stage,
) -> Option<Told> {
    let (depth, via_fn) = depth_for(rng, target, spec.debt);
    let slack = if target == Stage::Insolvency { rng.range(10, 300) } else { slack_for(rng, target) };
    let latest_start = if target == Stage::Cleared { env.current_year } else { env.first_year };
    // Find the latest missed instalment whose recovery fits before today.
    let mut found = None;
    'years: for y in (latest_start.max(env.first_year)..=env.current_year).rev() {
        let (gross, discount, _) = year_charge(spec, y, fy_start(y));
        let (due, _) =
            instalments(env, spec.debt, gross - discount, bills[(y - env.first_year) as usize], y, day, twelve);
        for miss in (0..due.len()).rev() {
            if add_days(due[miss], 8) > env.today {
                continue;
            }
            if target == Stage::ChargingOrder && miss > 1 {
                continue;
            }
            let Some(chain) = rated_chain(env, rng, spec.debt, spec.j, &due, miss, depth, via_fn) else { continue };
            let after = plan_after(env, rng, target, &chain, slack);
            if after.end <= add_days(env.today, -slack) || (target == Stage::Insolvency && after.end <= env.today) {
                found = Some((y, due, chain, after));
                break 'years;
            }
        }
    }
    let (t, _, chain, after) = found?;
    let mut book = Book::new(env.today);
    let k = rng.weighted(&[(0, 80), (1, 16), (2, 3), (3, 1)]).min(t - env.first_year);
    let start = t - k;
    let since = days_between(fy_start(start), fy_end(start));
    let mover = start < t && rng.chance(350);
    let move_in = add_days(fy_start(start), rng.range(20, since - 60));
    let opened_on = if mover { move_in } else { opened_before(rng, start) };

    let mut arrears = Vec::new();
    let mut trouble = None;
    let bill_for = |book: &mut Book, rng: &mut Rng, y: i32| {
        let (bill_on, from, why) = if y == start && mover {
            (env.wd(add_days(move_in, rng.range(5, 20))), move_in, format!("New liability from {}", long_date(move_in)))
        } else {
            (bills[(y - env.first_year) as usize], fy_start(y), format!("Annual bill {}", financial_year_label(y)))
        };
        (bill_year(book, env, spec, y, bill_on, from, day, twelve, reference), why)
    };
    for y in start..=t {
        let (bill, why) = bill_for(&mut book, rng, y);
        book.stage(Some(bill.l), Stage::Billed, bill.bill_on, why);
        if y < t {
            pay_instalments(&mut book, env, rng, &bill, 0..bill.due.len(), method);
        } else {
            pay_instalments(&mut book, env, rng, &bill, 0..chain.miss, method);
            arrears.push(bill.l);
            trouble = Some(bill);
        }
    }
    let bill = trouble.expect("the trouble year");
    let l = bill.l;
    let (summons_costs, lo_costs) = court_costs(spec.j);
    let is_ct = spec.debt == DebtType::CouncilTax;

    // The chain, with the catch-up payments that kept the instalments going.
    if let Some(r1) = chain.reminder {
        let text = if is_ct {
            "Reminder notice (reg 23): missed instalment; 7 days to pay"
        } else {
            "Further notice (reg 8): missed instalment; 7 days to pay"
        };
        book.stage(Some(l), Stage::Reminder, r1, text.into());
    }
    if let (Some(paid), Some(m2)) = (chain.reminder_paid, chain.miss2) {
        let sum: i64 = bill.amounts[chain.miss..m2].iter().sum();
        book.pay(rng, l, sum, paid, method_for_catch_up(method));
    }
    if let Some(r2) = chain.second_reminder {
        book.stage(
            Some(l),
            Stage::SecondReminder,
            r2,
            "Second reminder notice of the year (reg 23(4) explained)".into(),
        );
    }
    if let (Some(paid), Some(m2), Some(m3)) = (chain.second_paid, chain.miss2, chain.miss3) {
        let sum: i64 = bill.amounts[m2..m3].iter().sum();
        book.pay(rng, l, sum, paid, method_for_catch_up(method));
    }
    if let Some(f) = chain.final_notice {
        let text = match (is_ct, spec.j, f >= NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()) {
            (true, Jurisdiction::Wales, true) => {
                "Final notice (Wales, from April 2026): 21 days to pay the year's balance"
            }
            (true, _, _) => "Final notice (reg 33): the whole of the year's balance is now due",
            _ => "Reminder notice before a liability order application (reg 11)",
        };
        book.stage(Some(l), Stage::FinalNotice, f, text.into());
    }
    // A typical part payment after a notice, short of what was due.
    if depth >= Depth::Summons && rng.chance(200) {
        let part = (book.owed(l) / 5 / 100).max(5) * 100;
        let on = add_days(chain.summons.unwrap_or(chain.last()), -rng.range(1, 10));
        book.pay(rng, l, part, on, "card");
    }
    if let Some(s) = chain.summons {
        book.stage(Some(l), Stage::Summons, s, "Summons issued for the year's balance and costs".into());
        book.cost(l, summons_costs, s, "Summons costs");
    }
    if let Some(lo) = chain.liability_order {
        book.stage(
            Some(l),
            Stage::LiabilityOrder,
            lo,
            format!("Liability order granted at {} Magistrates' Court", court_name(spec.j)),
        );
        book.cost(l, lo_costs, lo, "Liability order costs");
    }
    // Moving out (or dying): after the summons, within the year, well before today, and late enough that
    // what was paid does not exceed what the shorter liability comes to.
    let wants_close = match target {
        Stage::WrittenOff => true,
        Stage::EnforcementAgent => rng.chance(350),
        Stage::Committal => rng.chance(100),
        Stage::LiabilityOrder | Stage::Insolvency | Stage::AttachmentOfEarnings | Stage::DeductionFromBenefit => {
            rng.chance(200)
        }
        Stage::Arrangement => rng.chance(250),
        _ => false,
    };
    let deceased = target == Stage::WrittenOff && spec.hold == Some(HoldKind::Deceased);
    let close_after = add_days(chain.summons.unwrap_or(chain.last()), 10);
    let close_by = fy_end(t).min(add_days(after.end, -45)).min(add_days(env.today, -30));
    let from = book.liabilities[l].period_from;
    let period = days_between(from, fy_end(t)) + 1;
    let must_keep = bill.net - book.owed(l) + 15_000;
    let min_days = if bill.net > 0 { (must_keep * period + bill.net - 1) / bill.net } else { period };
    let earliest = close_after.max(add_days(from, min_days));
    let closed_on = (wants_close && earliest < close_by)
        .then(|| add_days(earliest, rng.range(0, days_between(earliest, close_by))));
    if target == Stage::WrittenOff && closed_on.is_none() {
        return None;
    }
    if let Some(on) = closed_on {
        close_year(&mut book, rng, &bill, on, spec.debt, deceased);
    } else {
        for y in t + 1..=env.current_year {
            let (bill, _) = bill_for(&mut book, rng, y);
            pay_instalments(&mut book, env, rng, &bill, 0..bill.due.len(), method);
        }
    }

    // What came after.
    let mut adviser_needed = false;
    if let Some(e) = after.agent {
        book.stage(Some(l), Stage::EnforcementAgent, e, format!("Liability order passed to {} (TCoG)", spec.agent));
        if rng.chance(500) {
            book.note_after(
                rng,
                e,
                15,
                40,
                format!("{} report: compliance letter sent; no response. Enforcement visit booked.", spec.agent),
            );
        }
    }
    match target {
        Stage::Reminder | Stage::SecondReminder | Stage::FinalNotice if rng.chance(250) => {
            let because = rng.pick(super::names::MISSED_BECAUSE);
            book.note_after(
                rng,
                chain.last(),
                1,
                6,
                format!(
                "Customer phoned about the notice: missed the payment because {because}. Explained what is now due."
            ),
            );
        }
        Stage::Summons if rng.chance(300) => {
            book.note_after(rng, chain.last(), 1, 6, "Customer phoned after receiving the summons. Explained that paying the balance and costs before the hearing stops the application.".into());
        }
        Stage::LiabilityOrder => {
            book.note_after(
                rng,
                chain.last(),
                1,
                10,
                "Post-order letter sent asking for employment and income details (reg 36).".into(),
            );
        }
        Stage::AttachmentOfEarnings => {
            let a = after.remedy.expect("AEO date");
            let employer = rng.pick(&[
                "Kingsmere Foods Ltd",
                "Ashdownshire NHS Trust",
                "Marlbury Logistics",
                "Hollowbridge Academy Trust",
                "Cwmderwen Engineering Cyf",
                "Aberhenfor Retail Park",
            ]);
            book.stage(
                Some(l),
                Stage::AttachmentOfEarnings,
                a,
                format!("Attachment of earnings order served on {employer}"),
            );
            let mut d = add_days(a, rng.range(25, 40));
            let months = (days_between(d, env.today) / 30).max(0);
            let want = rng.range(40, 240) * 100;
            let cap = book.owed(l) / (months + 2);
            let each = (want.min(cap) / 100).max(10) * 100;
            while d <= env.today && book.owed(l) > each {
                book.pay_arrears(rng, each, d, "aeo", &arrears);
                d = add_months(d, 1);
            }
        }
        Stage::DeductionFromBenefit => {
            let dd = after.remedy.expect("DWP date");
            book.stage(
                Some(l),
                Stage::DeductionFromBenefit,
                dd,
                "Application to DWP for deductions from Universal Credit".into(),
            );
            let mut d = add_days(dd, rng.range(30, 60));
            while d <= env.today {
                let each = benefit_deduction(financial_year(d));
                if book.owed(l) <= each {
                    break;
                }
                book.pay_arrears(rng, each, d, "dwp", &arrears);
                d = add_months(d, 1);
            }
        }
        Stage::EnforcementAgent => {
            let e = after.agent.expect("agent date");
            let mut d = e;
            for _ in 0..rng.below(4) {
                d = add_days(d, rng.range(20, 70));
                let part = (book.owed(l) * rng.range(10, 35) / 100 / 100) * 100;
                if d > env.today || part <= 0 || part >= book.owed(l) {
                    break;
                }
                book.pay_arrears(rng, part, d, "bank_transfer", &arrears);
            }
        }
        Stage::ChargingOrder => {
            let co = after.remedy.expect("charging order date");
            if book.owed(l) >= 100_000 && spec.owner {
                book.stage(
                    Some(l),
                    Stage::ChargingOrder,
                    co,
                    format!("Charging order made on the property (reg 50): {} secured", pounds(book.owed(l))),
                );
            }
        }
        Stage::Committal => {
            let c = after.remedy.expect("committal date");
            book.note_after(
                rng,
                after.agent.expect("agent"),
                60,
                110,
                format!("{} returned the case: no goods of sufficient value (nulla bona).", spec.agent),
            );
            book.stage(
                Some(l),
                Stage::Committal,
                c,
                "Application for a warrant of commitment; means inquiry listed".into(),
            );
            if rng.chance(500) {
                let part = (book.owed(l) / 4 / 100) * 100;
                let on = add_days(c, rng.range(7, 30));
                book.pay_arrears(rng, part, on, "card", &arrears);
            }
        }
        Stage::Insolvency if !spec.person => {
            let i = after.remedy.expect("insolvency date").min(env.today);
            book.stage(
                Some(l),
                Stage::Insolvency,
                i,
                "Company in creditors' voluntary liquidation; claim lodged with the liquidator".into(),
            );
        }
        Stage::Insolvency => {
            let i = after.remedy.expect("insolvency date").min(env.today);
            let kind = match spec.hold {
                Some(h @ (HoldKind::Bankruptcy | HoldKind::Dro | HoldKind::Iva)) => h,
                _ => rng.weighted(&[(HoldKind::Dro, 50), (HoldKind::Bankruptcy, 30), (HoldKind::Iva, 20)]),
            };
            let (text, ends) = match kind {
                HoldKind::Bankruptcy => {
                    ("Bankruptcy order made; proof of debt lodged with the Official Receiver", Some(add_days(i, 365)))
                }
                HoldKind::Iva => (
                    "Individual voluntary arrangement approved; the council is bound as a creditor",
                    Some(add_days(i, 5 * 365)),
                ),
                _ => ("Debt relief order made; arrears included; no recovery for 12 months", Some(add_days(i, 364))),
            };
            book.stage(Some(l), Stage::Insolvency, i, text.into());
            book.holds.push(HoldPlan {
                party: Some(PartyRef::Liable),
                kind,
                starts_on: i,
                ends_on: ends,
                reason: text.into(),
                evidence: format!(
                    "Insolvency Service notice ref {}{:08}",
                    if kind == HoldKind::Dro { "DRO" } else { "INS" },
                    rng.below(100_000_000)
                ),
                released_on: None,
            });
            if kind == HoldKind::Iva {
                let mut d = add_days(i, 180);
                while d <= env.today {
                    let part = (book.owed(l) / 12 / 100) * 100;
                    book.pay_arrears(rng, part, d, "bank_transfer", &arrears);
                    d = add_days(d, 180);
                }
            }
        }
        Stage::CountyCourt => {
            let cc = after.remedy.expect("claim date");
            book.stage(
                Some(l),
                Stage::CountyCourt,
                cc,
                "Claim issued in the county court instead of a liability order (reg 20)".into(),
            );
            book.cost(l, claim_fee(book.owed(l)), cc, "County court claim fee");
        }
        Stage::Arrangement => arrangement(env, rng, &mut book, &arrears, after.remedy.expect("arrangement date")),
        Stage::WrittenOff => {
            let w = after.remedy.expect("write-off date");
            let reason = if deceased {
                let died = closed_on.expect("a death closes the account");
                book.holds.push(HoldPlan {
                    party: Some(PartyRef::Liable),
                    kind: HoldKind::Deceased,
                    starts_on: died,
                    ends_on: None,
                    reason: "Deceased; liability ended on the date of death".into(),
                    evidence: "Death notified by a relative; Tell Us Once report".into(),
                    released_on: None,
                });
                book.note_after(
                    rng,
                    died,
                    5,
                    30,
                    "Notified of the death by a relative. Condolence letter sent; estate enquiries started.".into(),
                );
                "Deceased: no estate (probate search and enquiries of the family)"
            } else if book.owed(l) < 20_000 {
                "Uneconomical to pursue: small balance after enforcement"
            } else {
                "Gone away: no trace after enforcement agent and tracing searches"
            };
            book.write_off_all(w, reason);
            book.stage(Some(l), Stage::WrittenOff, w, format!("{reason}; approved by team leader"));
        }
        Stage::Cleared => {
            let c = after.remedy.expect("cleared date").min(env.today);
            let all: Vec<usize> = (0..book.liabilities.len()).collect();
            let owed = book.total();
            book.pay_arrears(rng, owed, c, "card", &all);
            book.stage(Some(l), Stage::Cleared, c, "Paid in full, with costs".into());
        }
        _ => {}
    }
    if let Some(kind) = spec.hold {
        if !matches!(kind, HoldKind::Bankruptcy | HoldKind::Dro | HoldKind::Iva | HoldKind::Deceased) {
            adviser_needed = place_hold(env, rng, &mut book, kind);
        }
    }
    Some(Told { book, opened_on, closed_on, adviser_needed })
}

fn method_for_catch_up(method: &'static str) -> &'static str {
    match method {
        "direct_debit" | "standing_order" => "card",
        m => m,
    }
}

fn court_name(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::England => "Ashdown",
        Jurisdiction::Wales => "Aberhenfor",
    }
}

/// The liability ends on `on`: credits the part of the year after it (pro rata by days, rounded half up).
fn close_year(book: &mut Book, rng: &mut Rng, bill: &YearBill, on: NaiveDate, debt: DebtType, died: bool) {
    let year = book.liabilities[bill.l].financial_year;
    let from = book.liabilities[bill.l].period_from;
    let days = days_between(from, on) + 1;
    let kept = ratio_half_up(bill.net, days, days_between(from, fy_end(year)) + 1);
    let when = add_days(on, rng.range(3, 15)).min(book.today).max(on);
    book.liabilities[bill.l].period_to = on;
    let why = match debt {
        _ if died => format!("Liability ended {}: date of death", long_date(on)),
        DebtType::BusinessRates => format!("Liability ended {}: ceased to occupy", long_date(on)),
        _ => format!("Liability ended {}: moved out", long_date(on)),
    };
    book.adjust(bill.l, kept - bill.net, when, why);
}

/// An arrangement from `from`: weekly, fortnightly or monthly, sized to run on past today, a few missed.
pub fn arrangement(env: &Env, rng: &mut Rng, book: &mut Book, arrears: &[usize], from: NaiveDate) {
    let (every, label): (i64, &str) =
        rng.weighted(&[((30, "a month"), 75), ((14, "a fortnight"), 17), ((7, "a week"), 8)]);
    let method = rng.weighted(&[("standing_order", 40), ("card", 25), ("direct_debit", 25), ("paypoint", 10)]);
    let periods = (days_between(from, env.today) / every).max(0) + rng.range(3, 18);
    let owed = book.owed_among(arrears);
    let each = ((owed / periods + 99) / 100).max(if every == 7 { 5 } else { 10 }) * 100;
    let l = arrears[0];
    book.stage(
        Some(l),
        Stage::Arrangement,
        from,
        format!(
            "Arrangement agreed: {} {label} by {} from {} (I&E taken)",
            pounds(each),
            method.replace('_', " "),
            long_date(add_days(from, 7))
        ),
    );
    book.note(
        rng,
        from,
        format!(
            "Customer phoned. Took income and expenditure; agreed {} {label}. Confirmation letter to follow.",
            pounds(each)
        ),
    );
    let mut d = add_days(from, 7);
    let mut missed = 0;
    while d <= env.today && book.owed_among(arrears) > each {
        if rng.chance(70) {
            missed += 1;
            if missed == 1 {
                book.note_after(
                    rng,
                    d,
                    3,
                    10,
                    "Arrangement payment missed. Default letter sent; customer to call.".into(),
                );
            }
        } else {
            book.pay_arrears(rng, each, d, method, arrears);
        }
        d = if every == 30 { add_months(d, 1) } else { add_days(d, every) };
    }
}

/// Places a hold after the account's last stage, so nothing was done while it was in force.
/// Returns whether a debt adviser should be named on the account (Breathing Space comes through one).
pub fn place_hold(env: &Env, rng: &mut Rng, book: &mut Book, kind: HoldKind) -> bool {
    let after = book.last_stage_on().map(|d| add_days(d, 1)).unwrap_or(env.today);
    let start = |rng: &mut Rng, back: i64| add_days(env.today, -rng.range(0, back)).max(after).min(env.today);
    let person = Some(PartyRef::Liable);
    let (party, starts_on, ends_on, reason, evidence, adviser) = match kind {
        HoldKind::BreathingSpace => {
            let s = start(rng, 70);
            (
                person,
                s,
                Some(add_days(s, 59)),
                "Standard Breathing Space: 60 days, no enforcement or contact asking for payment".to_string(),
                format!("Insolvency Service notice, reference BS{:08}", rng.below(100_000_000)),
                true,
            )
        }
        HoldKind::MentalHealthCrisis => {
            let s = start(rng, 240);
            (
                person,
                s,
                None,
                "Mental health crisis Breathing Space: lasts while crisis treatment continues, plus 30 days"
                    .to_string(),
                format!("Insolvency Service notice, reference MH{:08}; AMHP evidence", rng.below(100_000_000)),
                true,
            )
        }
        HoldKind::Dispute | HoldKind::Appeal => {
            let s = start(rng, 60);
            (
                None,
                s,
                None,
                "Disputes liability: says they moved out before the period billed; tenancy evidence requested"
                    .to_string(),
                "Customer's letter and tenancy agreement".to_string(),
                false,
            )
        }
        HoldKind::Complaint => {
            let s = start(rng, 25);
            (
                None,
                s,
                Some(add_days(s, 28)),
                "Stage 1 complaint about the handling of the account; recovery paused until the response".to_string(),
                "Complaint form received".to_string(),
                false,
            )
        }
        HoldKind::VulnerabilityReview => {
            let s = start(rng, 80);
            let why = rng.pick(&[
                "recent bereavement",
                "serious illness disclosed",
                "hospital admission",
                "domestic abuse disclosed",
                "learning disability; support worker involved",
            ]);
            (
                person,
                s,
                Some(add_days(s, 90)),
                format!("Vulnerability review: {why}; review before any further action"),
                "Officer's call note".to_string(),
                false,
            )
        }
        _ => return false,
    };
    let ended = ends_on.is_some_and(|e| e < env.today);
    book.holds.push(HoldPlan { party, kind, starts_on, ends_on, reason: reason.clone(), evidence, released_on: None });
    let body = match kind {
        HoldKind::BreathingSpace | HoldKind::MentalHealthCrisis => {
            "Breathing Space notice received from the Insolvency Service. All recovery stopped; agents told; search made for other debts owed to the council.".to_string()
        }
        HoldKind::Dispute => "Customer disputes liability. Hold placed while evidence is checked.".to_string(),
        HoldKind::Complaint => "Complaint logged and passed to the complaints team. Hold placed.".to_string(),
        _ => format!("Hold placed: {reason}."),
    };
    book.note(rng, starts_on, body);
    if ended && kind == HoldKind::BreathingSpace {
        book.note(
            rng,
            add_days(starts_on, 60),
            "Breathing Space ended. Letter sent inviting the customer to agree a plan before recovery resumes.".into(),
        );
    }
    adviser
}

// ---------------------------------------------------------------------------------------------------------
// Invoiced debts: Housing Benefit overpayments, sundry debts and adult social care charges.

#[derive(Clone, Debug)]
pub enum InvoiceKind {
    Overpayment { reason: &'static str },
    Sundry { what: &'static str, low: u32, high: u32 },
    Care { service: &'static str, residential: bool },
}

pub struct Invoiced {
    pub debt: DebtType,
    pub kind: InvoiceKind,
    pub target: Stage,
    pub hold: Option<HoldKind>,
}

/// Days to pay an invoice: the council's payment terms for the debt type.
fn terms(env: &Env, debt: DebtType) -> i64 {
    env.policy.invoice_path(debt).map_or(28, |p| p.payment_terms_days as i64)
}

/// The dates of recovery on an invoice issued on `i`.
#[derive(Clone, Debug, Default)]
struct InvoiceChain {
    reminder: Option<NaiveDate>,
    final_notice: Option<NaiveDate>,
    claim: Option<NaiveDate>,
    remedy: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

fn invoice_chain(env: &Env, rng: &mut Rng, debt: DebtType, target: Stage, i: NaiveDate) -> InvoiceChain {
    let due = add_days(i, terms(env, debt));
    let mut c = InvoiceChain::default();
    if target == Stage::Billed {
        c.end = Some(i);
        return c;
    }
    if target == Stage::Cleared && rng.chance(500) {
        c.remedy = Some(add_days(due, -rng.range(0, 10)));
        c.end = c.remedy;
        return c;
    }
    let r1 = env.wd(add_days(due, rng.range(7, 21)));
    c.reminder = Some(r1);
    c.end = Some(r1);
    if target == Stage::Reminder {
        return c;
    }
    if target == Stage::Cleared || (target == Stage::Arrangement && rng.chance(400)) {
        c.remedy = Some(env.wd(add_days(r1, rng.range(3, 25))));
        c.end = c.remedy;
        return c;
    }
    let f = env.wd(add_days(r1, rng.range(14, 28)));
    c.final_notice = Some(f);
    c.end = Some(f);
    let remedy = match target {
        Stage::FinalNotice => None,
        Stage::CountyCourt => {
            c.claim = Some(env.wd(add_days(f, rng.range(37, 60))));
            None
        }
        Stage::EnforcementAgent => {
            let cc = env.wd(add_days(f, rng.range(37, 60)));
            c.claim = Some(cc);
            Some(env.wd(add_days(cc, rng.range(60, 120))))
        }
        Stage::DeductionFromBenefit => Some(env.wd(add_days(f, rng.range(14, 45)))),
        Stage::AttachmentOfEarnings => Some(env.wd(add_days(f, rng.range(21, 60)))),
        Stage::Arrangement => Some(env.wd(add_days(f, rng.range(3, 30)))),
        Stage::WrittenOff => Some(env.wd(add_days(f, rng.range(60, 400)))),
        _ => None,
    };
    c.remedy = remedy;
    c.end = [c.remedy, c.claim, c.final_notice].into_iter().flatten().next();
    c
}

/// One invoice's amount and description.
fn invoice(
    rng: &mut Rng,
    env: &Env,
    kind: &InvoiceKind,
    issued: NaiveDate,
    care_rate: i64,
    seq: usize,
) -> (i32, NaiveDate, NaiveDate, i64, String, String) {
    let floor = fy_start(env.first_year);
    match kind {
        InvoiceKind::Overpayment { reason } => {
            let weeks = rng.range(4, 52);
            let weekly = rng.range(400, 15_000);
            let amount = (weeks * weekly).clamp(5_000, 800_000);
            let to = add_days(issued, -rng.range(10, 60)).max(floor);
            let from = add_days(to, -(weeks * 7 - 1)).max(floor);
            let number = format!("HB{:07}", rng.below(10_000_000));
            let text =
                format!("Overpayment {} to {}: {reason} ({number})", from.format("%d/%m/%Y"), to.format("%d/%m/%Y"));
            (financial_year(from), from, to, amount, number, text)
        }
        InvoiceKind::Sundry { what, low, high } => {
            let pounds_part = rng.range(*low as i64, *high as i64);
            let amount = if rng.chance(500) { pounds_part * 100 } else { pounds_part * 100 + rng.range(1, 99) };
            let from = add_days(issued, -rng.range(0, 90)).max(floor);
            let number = format!("INV{:07}", rng.below(10_000_000));
            (financial_year(from), from, issued, amount, number.clone(), format!("{what} (invoice {number})"))
        }
        InvoiceKind::Care { service, residential } => {
            // Four-weekly invoices for the four weeks ending three days before: the periods follow on.
            let to = add_days(issued, -3);
            let from = add_days(to, -27).max(floor);
            let amount = if *residential { care_rate } else { rng.range(5_000, 60_000) };
            let number = format!("ASC{:07}", rng.below(10_000_000) + seq as u64);
            (
                financial_year(from),
                from,
                to,
                amount,
                number.clone(),
                format!("{service}: 4 weeks to {} (invoice {number})", to.format("%d/%m/%Y")),
            )
        }
    }
}

/// Tells an invoiced account so that it ends at `spec.target`.
pub fn invoiced(env: &Env, rng: &mut Rng, spec: &Invoiced, _reference: &str) -> Told {
    let mut target = spec.target;
    if spec.debt == DebtType::AdultSocialCare
        && matches!(target, Stage::DeductionFromBenefit | Stage::AttachmentOfEarnings)
    {
        target = Stage::CountyCourt;
    }
    let slack = match target {
        Stage::Billed => 0,
        _ => slack_for(rng, target),
    };
    // Work back from today: the trouble invoice is dated so that its recovery ends `slack` days ago.
    let latest = add_days(env.today, -slack);
    let mut i =
        if target == Stage::Billed { add_days(env.today, -rng.range(0, terms(env, spec.debt) - 1)) } else { latest };
    let floor = add_days(fy_start(env.first_year), 100);
    let mut chain = invoice_chain(env, rng, spec.debt, target, i);
    for _ in 0..6 {
        let end = chain.end.expect("a chain ends");
        if end <= latest || target == Stage::Billed {
            break;
        }
        i = add_days(i, -days_between(latest, end) - 1).max(floor);
        chain = invoice_chain(env, rng, spec.debt, target, i);
    }
    let care_rate_base = rng.range(38_000, 240_000);
    let method =
        rng.weighted(&[("card", 35), ("bank_transfer", 30), ("standing_order", 15), ("paypoint", 15), ("cheque", 5)]);
    let mut book = Book::new(env.today);

    // Invoices before the trouble one, paid; then the trouble one; for care, more after it.
    let earlier = match (&spec.kind, spec.debt) {
        (InvoiceKind::Care { .. }, _) => rng.range(0, 8) as usize,
        (_, DebtType::HbOverpayment) => usize::from(rng.chance(150)),
        _ => rng.weighted(&[(0usize, 70), (1, 20), (2, 10)]),
    };
    let gap = match spec.kind {
        InvoiceKind::Care { .. } => 28,
        _ => rng.range(60, 200),
    };
    let mut dates: Vec<NaiveDate> =
        (1..=earlier as i64).rev().map(|n| add_days(i, -gap * n)).filter(|d| *d >= floor).collect();
    let first_trouble = dates.len();
    dates.push(i);
    let care = matches!(spec.kind, InvoiceKind::Care { .. });
    let ongoing_care = care && !matches!(target, Stage::Cleared | Stage::WrittenOff);
    if ongoing_care {
        let mut d = add_days(i, 28);
        while d <= env.today && dates.len() < first_trouble + 10 {
            dates.push(d);
            d = add_days(d, 28);
        }
    }
    let mut ls = Vec::new();
    for (n, on) in dates.iter().enumerate() {
        let rate = ratio_half_up(care_rate_base, 10_000 + 400 * (financial_year(*on) - env.first_year) as i64, 10_000);
        let (_, mut from, to, amount, number, text) = invoice(rng, env, &spec.kind, *on, rate, n);
        // A liability is one per (account, year, start day): two invoices for one period start a day apart.
        while book.liabilities.iter().any(|l| l.period_from == from) {
            from = add_days(from, 1);
        }
        let l = book.add_liability(financial_year(from), from, to.max(from), text);
        book.charge(l, amount, *on, number);
        if n == 0 {
            book.stage(Some(l), Stage::Billed, *on, "Invoice issued".into());
        }
        if n < first_trouble {
            let paid = add_days(*on, rng.range(5, terms(env, spec.debt)));
            book.pay(rng, l, amount, paid.min(env.today), method);
        } else if target == Stage::Billed && care {
            let paid = add_days(*on, rng.range(5, terms(env, spec.debt)));
            if paid <= env.today {
                book.pay(rng, l, amount, paid, method);
            }
        }
        ls.push(l);
    }
    let l = ls[first_trouble];
    let arrears: Vec<usize> = ls[first_trouble..].to_vec();
    if let Some(r) = chain.reminder {
        book.stage(Some(l), Stage::Reminder, r, "Reminder: invoice overdue".into());
    }
    if let Some(f) = chain.final_notice {
        let text = match spec.debt {
            DebtType::AdultSocialCare => {
                "Final notice; deferred payment agreement offered where it applies (Care Act 2014 s69(2))"
            }
            _ => "Final notice before further action",
        };
        book.stage(Some(l), Stage::FinalNotice, f, text.into());
    }
    let mut closed_on = None;
    if let Some(cc) = chain.claim {
        let letter = add_days(chain.final_notice.unwrap_or(cc), 7);
        if spec.debt != DebtType::HbOverpayment {
            book.note(rng, letter, "Letter of claim sent under the Pre-Action Protocol for Debt Claims, with the information sheet, reply form and financial statement. 30 days to reply.".into());
        }
        book.stage(Some(l), Stage::CountyCourt, cc, "Money claim issued in the county court".into());
        book.cost(l, claim_fee(book.owed_among(&arrears)), cc, "County court claim fee");
    }
    let mut adviser_needed = false;
    match target {
        Stage::DeductionFromBenefit => {
            let d0 = chain.remedy.expect("date");
            book.stage(
                Some(l),
                Stage::DeductionFromBenefit,
                d0,
                "Deductions from Universal Credit requested from DWP (HB Regs 2006 reg 105)".into(),
            );
            let each = rng.range(18, 65) * 100;
            let mut d = add_days(d0, rng.range(30, 50));
            while d <= env.today && book.owed_among(&arrears) > each {
                book.pay_arrears(rng, each, d, "dwp", &arrears);
                d = add_months(d, 1);
            }
        }
        Stage::AttachmentOfEarnings => {
            let a = chain.remedy.expect("date");
            book.stage(
                Some(l),
                Stage::AttachmentOfEarnings,
                a,
                "Direct Earnings Attachment served on the employer (no court order needed)".into(),
            );
            let each = rng.range(25, 180) * 100;
            let mut d = add_days(a, rng.range(25, 45));
            while d <= env.today && book.owed_among(&arrears) > each {
                book.pay_arrears(rng, each, d, "aeo", &arrears);
                d = add_months(d, 1);
            }
        }
        Stage::EnforcementAgent => {
            let e = chain.remedy.expect("date");
            book.note_after(
                rng,
                chain.claim.expect("claim"),
                30,
                50,
                "Judgment in default entered; not paid within 14 days.".into(),
            );
            book.stage(
                Some(l),
                Stage::EnforcementAgent,
                e,
                if book.owed_among(&arrears) >= 60_000 {
                    "Judgment transferred to the High Court; writ of control with a High Court Enforcement Officer"
                        .into()
                } else {
                    "Warrant of control issued; with the county court bailiff".to_string()
                },
            );
        }
        Stage::Arrangement => arrangement(
            env,
            rng,
            &mut book,
            &arrears,
            chain.remedy.or(chain.final_notice).or(chain.reminder).expect("date"),
        ),
        Stage::WrittenOff => {
            let w = chain.remedy.expect("date");
            let reason = if spec.hold == Some(HoldKind::Deceased) {
                let died = add_days(chain.final_notice.unwrap_or(w), rng.range(5, 40)).min(add_days(w, -20));
                book.holds.push(HoldPlan {
                    party: Some(PartyRef::Liable),
                    kind: HoldKind::Deceased,
                    starts_on: died,
                    ends_on: None,
                    reason: "Deceased".into(),
                    evidence: "Death notified by the care home and the family".into(),
                    released_on: None,
                });
                book.note(rng, add_days(died, 3), "Notified of the death. Condolence letter sent; executors asked to contact us when probate is granted.".into());
                "Deceased: the estate has no funds"
            } else if book.owed_among(&arrears) < 15_000 {
                "Uneconomical to pursue"
            } else {
                "Gone away: no trace"
            };
            book.write_off_all(w, reason);
            book.stage(Some(l), Stage::WrittenOff, w, format!("{reason}; approved by team leader"));
            closed_on = Some(w);
        }
        Stage::Cleared => {
            let c = chain.remedy.unwrap_or(chain.reminder.unwrap_or(i)).min(env.today);
            let all: Vec<usize> = (0..book.liabilities.len()).collect();
            let owed = book.total();
            let estate = spec.hold == Some(HoldKind::Deceased);
            if estate {
                let died = add_days(i, rng.range(1, days_between(i, c).max(2) - 1)).min(c);
                book.holds.push(HoldPlan {
                    party: Some(PartyRef::Liable),
                    kind: HoldKind::Deceased,
                    starts_on: died,
                    ends_on: None,
                    reason: "Deceased; the executors are dealing with the estate".into(),
                    evidence: "Death certificate copy from the executors".into(),
                    released_on: None,
                });
                book.note(
                    rng,
                    died.max(add_days(c, -1)).min(c),
                    "Executors confirmed the charges will be paid from the estate.".into(),
                );
            }
            book.pay_arrears(rng, owed, c, if estate { "bank_transfer" } else { method }, &all);
            book.stage(
                Some(l),
                Stage::Cleared,
                c,
                if estate { "Paid in full by the executors" } else { "Paid in full" }.into(),
            );
            closed_on = Some(c);
        }
        _ => {}
    }
    if let Some(kind) = spec.hold {
        if kind != HoldKind::Deceased && !matches!(target, Stage::Cleared | Stage::WrittenOff) {
            adviser_needed = place_hold(env, rng, &mut book, kind);
        }
    }
    let opened_on = dates[0];
    Told { book, opened_on, closed_on, adviser_needed }
}
