//! The merge data a template can use: the council, the recipient, the account, the letter itself, and the
//! `notice` facts the workflow that asks for the letter supplies (a recovery run, an arrangement, the court
//! module). Optional facts that were not supplied are simply absent, so a template that needs one is
//! refused (strict undefined) rather than printed with a blank.
//!
//! Money is [`Money`] (a decimal string in the data: templates format it with `| money`); dates are ISO
//! strings (templates format them with `| date` or `| date_cy`).

use crate::db::settings::CouncilProfile;
use crate::model::{financial_year_label, DebtType, Jurisdiction};
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeData {
    pub council: CouncilData,
    pub recipient: RecipientData,
    pub account: AccountData,
    pub letter: LetterData,
    pub notice: LetterFacts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CouncilData {
    pub name: String,
    pub department: String,
    pub address_lines: Vec<String>,
    pub postcode: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub payment_details: String,
}

impl From<&CouncilProfile> for CouncilData {
    fn from(p: &CouncilProfile) -> Self {
        CouncilData {
            name: p.name.clone(),
            department: p.department.clone(),
            address_lines: p.address_lines.clone(),
            postcode: p.postcode.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            website: p.website.clone(),
            payment_details: p.payment_details.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecipientData {
    /// As the envelope shows it: "Mrs Jane Ashworth", "Kestrel Motors Ltd".
    pub name: String,
    /// The postal address without the postcode, blank lines dropped.
    pub address_lines: Vec<String>,
    pub postcode: String,
    /// "Dear Mrs Ashworth", "Dear Jane Ashworth", "Dear Sir or Madam".
    pub salutation: String,
    /// The Welsh salutation: "Annwyl Mrs Ashworth", "Annwyl Syr neu Fadam".
    pub salutation_cy: String,
    pub is_organisation: bool,
    /// When the letter goes to a representative (appointee, attorney, deputy): whose debt it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountData {
    pub reference: String,
    pub debt_type: DebtType,
    pub debt_type_label: String,
    pub jurisdiction: Jurisdiction,
    /// The property the charge is for, on one line (council tax, business rates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_address: Option<String>,
    /// The balance of the whole account, from the ledger.
    pub balance: Money,
    /// Newest year first.
    pub years: Vec<YearData>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearData {
    pub label: String,
    pub charged: Money,
    pub costs: Money,
    pub paid: Money,
    pub balance: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LetterData {
    /// The date the letter is issued (and printed on it).
    pub date: NaiveDate,
    pub template: String,
    pub version: i64,
    pub title: String,
}

/// One dated amount: an instalment, a scheduled payment, a missed payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase", serialize = "snake_case"), deny_unknown_fields)]
pub struct DatedAmount {
    pub due_on: NaiveDate,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase", serialize = "snake_case"), deny_unknown_fields)]
pub struct Hearing {
    pub court: String,
    pub address: String,
    pub date: NaiveDate,
    /// "10:00".
    pub time: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase", serialize = "snake_case"), deny_unknown_fields)]
pub struct Invoice {
    pub number: String,
    pub issued_on: NaiveDate,
    pub description: String,
    pub amount: Money,
    pub due_on: NaiveDate,
}

/// A summary of an income and expenditure statement (the I&E issue fills it in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase", serialize = "snake_case"), deny_unknown_fields)]
pub struct IncomeExpenditure {
    pub taken_on: NaiveDate,
    pub income: Money,
    pub expenditure: Money,
    /// Income less expenditure: negative when the budget does not balance.
    pub surplus: Money,
    /// What the person offers to pay to the council, per `frequency`.
    pub offer: Money,
    pub frequency: String,
}

/// The facts of this notice that only the workflow asking for it knows. Every field is optional; a template
/// that uses one that was not given is refused. Input over IPC is camelCase; templates see snake_case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase", serialize = "snake_case"), deny_unknown_fields)]
pub struct LetterFacts {
    /// The financial year the notice is about (2026 for 2026/27); templates see the label "2026/27".
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "year_label")]
    pub financial_year: Option<i32>,
    /// Instalments due and unpaid at the date of the notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unpaid_instalments: Option<Vec<DatedAmount>>,
    /// Instalments falling due within the 7 days from the issue date (reg 23(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instalments_due_soon: Option<Vec<DatedAmount>>,
    /// The amount the notice asks for now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_due: Option<Money>,
    /// The last day to pay `amount_due`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_by: Option<NaiveDate>,
    /// What becomes payable if the notice is not complied with (the rest of the year's balance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance_payable: Option<Money>,
    /// When `balance_payable` becomes payable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance_payable_on: Option<NaiveDate>,
    /// The earliest day the council may apply to the magistrates' court.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court_action_from: Option<NaiveDate>,
    /// Amounts per year or item the notice claims (a final notice states every amount, reg 33).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amounts: Option<Vec<LabelledAmount>>,
    /// Costs added or to be added (summons and liability order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<Money>,
    /// The total the notice claims, costs included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing: Option<Hearing>,
    /// An arrangement's payment dates and amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Vec<DatedAmount>>,
    /// "monthly", "weekly", "fortnightly", "4-weekly".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// How an arrangement is paid, as a letter says it: "Direct Debit", "standing order", "debit or credit
    /// card", "cash".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
    /// The arrangement payment that was missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missed: Option<DatedAmount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice: Option<Invoice>,
    /// The period an overpayment or a charge covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_to: Option<NaiveDate>,
    /// Why the overpayment happened, in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_expenditure: Option<IncomeExpenditure>,
    /// The officer who signs the letter, and their post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer_title: Option<String>,
    /// What a court document states (the witness statement in a court bundle; the court issue fills it in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<CourtFacts>,
}

/// The facts of a court document about one account: the proceedings, the liability orders held, the history
/// and what is owed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase", serialize = "snake_case"), deny_unknown_fields)]
pub struct CourtFacts {
    /// `contested`, `committal`, `insolvency` or `charging_order`: templates branch on it.
    pub kind: String,
    /// "Committal: means inquiry".
    pub proceedings: String,
    /// The court the document is for.
    pub court: String,
    pub liability_orders: Vec<OrderFacts>,
    /// The account's history, oldest first: bills, notices, the summons, orders, payments, contact.
    pub chronology: Vec<DatedEvent>,
    /// Owed now on the account, costs included.
    pub outstanding: Money,
    /// Remedies tried or considered, in plain words.
    pub remedies: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase", serialize = "snake_case"), deny_unknown_fields)]
pub struct OrderFacts {
    /// "2026/27".
    pub year: String,
    pub court: String,
    pub made_on: NaiveDate,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase", serialize = "snake_case"), deny_unknown_fields)]
pub struct DatedEvent {
    pub on: NaiveDate,
    pub event: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase", serialize = "snake_case"), deny_unknown_fields)]
pub struct LabelledAmount {
    pub label: String,
    pub amount: Money,
}

fn year_label<S: serde::Serializer>(year: &Option<i32>, s: S) -> Result<S::Ok, S::Error> {
    match year {
        Some(y) => s.serialize_str(&financial_year_label(*y)),
        None => s.serialize_none(),
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a real date")
}

fn m(pence: i64) -> Money {
    Money::from_pence(pence)
}

/// A demo case with every field filled in: the preview in Settings → Letters, and the data validation
/// renders a template against so that every field and branch it uses is checked.
pub fn demo(profile: &CouncilProfile, template: &str, version: i64, title: &str, date: NaiveDate) -> MergeData {
    let instalments = |from: u32, n: u32, pence: i64| -> Vec<DatedAmount> {
        (0..n).map(|i| DatedAmount { due_on: d(2026, from + i, 1), amount: m(pence) }).collect()
    };
    MergeData {
        council: CouncilData::from(profile),
        recipient: RecipientData {
            name: "Ms Sample Person".into(),
            address_lines: vec!["1 Example Street".into(), "Ashdown".into()],
            postcode: "AD1 2XX".into(),
            salutation: "Dear Ms Person".into(),
            salutation_cy: "Annwyl Ms Person".into(),
            is_organisation: false,
            on_behalf_of: Some("Mr Example Person".into()),
        },
        account: AccountData {
            reference: "DEMO0000001".into(),
            debt_type: DebtType::CouncilTax,
            debt_type_label: DebtType::CouncilTax.label().into(),
            jurisdiction: Jurisdiction::England,
            property_address: Some("1 Example Street, Ashdown, AD1 2XX".into()),
            balance: m(130_800),
            years: vec![YearData {
                label: "2026/27".into(),
                charged: m(154_000),
                costs: m(0),
                paid: m(23_200),
                balance: m(130_800),
            }],
        },
        letter: LetterData { date, template: template.into(), version, title: title.into() },
        notice: LetterFacts {
            financial_year: Some(2026),
            unpaid_instalments: Some(instalments(4, 2, 15_400)),
            instalments_due_soon: Some(instalments(6, 1, 15_400)),
            amount_due: Some(m(46_200)),
            pay_by: Some(d(2026, 6, 7)),
            balance_payable: Some(m(130_800)),
            balance_payable_on: Some(d(2026, 6, 15)),
            court_action_from: Some(d(2026, 6, 8)),
            amounts: Some(vec![LabelledAmount { label: "Council Tax 2026/27".into(), amount: m(130_800) }]),
            costs: Some(m(9_500)),
            total: Some(m(140_300)),
            hearing: Some(Hearing {
                court: "Ashdown Magistrates' Court".into(),
                address: "Court House, Castle Street, Ashdown AD1 3CC".into(),
                date: d(2026, 7, 14),
                time: "10:00".into(),
            }),
            schedule: Some(instalments(7, 6, 21_800)),
            frequency: Some("monthly".into()),
            payment_method: Some("Direct Debit".into()),
            missed: Some(DatedAmount { due_on: d(2026, 8, 1), amount: m(21_800) }),
            invoice: Some(Invoice {
                number: "INV-000123".into(),
                issued_on: d(2026, 3, 2),
                description: "Trade waste collection, April to June 2026".into(),
                amount: m(48_250),
                due_on: d(2026, 4, 1),
            }),
            period_from: Some(d(2025, 10, 6)),
            period_to: Some(d(2026, 2, 22)),
            reason: Some("Your earnings went up and we were not told".into()),
            income_expenditure: Some(IncomeExpenditure {
                taken_on: d(2026, 5, 20),
                income: m(164_000),
                expenditure: m(151_500),
                surplus: m(12_500),
                offer: m(5_000),
                frequency: "monthly".into(),
            }),
            officer_name: Some("Alex Officer".into()),
            officer_title: Some("Recovery Officer".into()),
            court: Some(CourtFacts {
                kind: "committal".into(),
                proceedings: "Committal: means inquiry".into(),
                court: "Ashdown Magistrates' Court".into(),
                liability_orders: vec![OrderFacts {
                    year: "2026/27".into(),
                    court: "Ashdown Magistrates' Court".into(),
                    made_on: d(2026, 7, 14),
                    amount: m(141_800),
                }],
                chronology: vec![
                    DatedEvent { on: d(2026, 3, 10), event: "Council Tax demand notice issued".into() },
                    DatedEvent { on: d(2026, 5, 12), event: "Reminder notice issued".into() },
                ],
                outstanding: m(141_800),
                remedies: vec!["Enforcement agents: returned with insufficient goods".into()],
            }),
        },
    }
}

/// Every merge field path (`council.name`, `notice.hearing.date`, `notice.schedule`), from the demo case
/// (which fills every field): what template validation accepts.
pub fn field_paths() -> Vec<String> {
    let demo = demo(&CouncilProfile::default(), "demo", 1, "Demo", d(2026, 5, 12));
    let value = serde_json::to_value(&demo).expect("merge data serialises");
    let mut out = Vec::new();
    walk("", &value, &mut out);
    out.sort();
    out
}

fn walk(prefix: &str, value: &serde_json::Value, out: &mut Vec<String>) {
    if let serde_json::Value::Object(map) = value {
        for (k, v) in map {
            let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            out.push(path.clone());
            walk(&path, v, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_read_camel_case_and_show_snake_case() {
        let facts: LetterFacts = serde_json::from_str(
            r#"{"financialYear": 2026, "payBy": "2026-05-18", "amountDue": "308.00",
                "unpaidInstalments": [{"dueOn": "2026-05-01", "amount": "154.00"}]}"#,
        )
        .unwrap();
        let v = serde_json::to_value(&facts).unwrap();
        assert_eq!(v["financial_year"], "2026/27");
        assert_eq!(v["pay_by"], "2026-05-18");
        assert_eq!(v["amount_due"], "308.00");
        assert_eq!(v["unpaid_instalments"][0]["due_on"], "2026-05-01");
        assert!(v.get("hearing").is_none(), "absent facts stay absent");
        assert!(serde_json::from_str::<LetterFacts>(r#"{"payby": "2026-05-18"}"#).is_err());
    }

    #[test]
    fn field_paths_cover_every_section() {
        let paths = field_paths();
        for p in ["council.name", "recipient.address_lines", "account.reference", "notice.hearing.date", "letter.date"]
        {
            assert!(paths.iter().any(|x| x == p), "{p}");
        }
    }
}
