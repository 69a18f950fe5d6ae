//! The printable SFS summary of a saved statement: an A4 letter, set by the letters engine
//! (`letters::layout`, `letters::pdf`), addressed in the DL window so it can be sent to the person. It follows
//! the SFS summary's layout and order: household; overview; monthly income; fixed costs (the summary's lines);
//! flexible costs; the two confirmations; priority and non-priority debts; additional notes.

use super::SavedIncomeExpenditure;
use crate::db::settings::CouncilProfile;
use crate::error::Result;
use crate::letters::layout::{self, LayoutOptions, Letter};
use crate::letters::markup::{Block, Row, RowKind, Span};
use crate::letters::pdf;
use crate::money::Money;
use crate::rules::income_expenditure::{self as ie, Section, GROUPS};
use chrono::NaiveDate;

fn span(t: &str) -> Vec<Span> {
    vec![Span { text: t.to_string(), bold: false }]
}

fn labelled(label: &str, value: &str) -> Vec<Span> {
    vec![Span { text: format!("{label}: "), bold: true }, Span { text: value.to_string(), bold: false }]
}

fn row(kind: RowKind, cells: &[&str]) -> Row {
    Row { kind, cells: cells.iter().map(|c| span(c)).collect() }
}

fn pounds(m: Money) -> String {
    let pence = m.pence();
    let (sign, p) = if pence < 0 { ("-", -pence) } else { ("", pence) };
    let pounds = (p / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}£{grouped}.{:02}", p % 100)
}

fn money_table(heading: &str, rows: Vec<(String, Money)>, total: Option<(&str, Money)>) -> Block {
    let mut out = vec![row(RowKind::Header, &[heading, "Monthly"])];
    for (label, m) in rows {
        out.push(row(RowKind::Body, &[&label, &pounds(m)]));
    }
    if let Some((label, m)) = total {
        out.push(row(RowKind::Total, &[label, &pounds(m)]));
    }
    Block::Table(out)
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

fn date_text(text: &str) -> String {
    let d = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| text.to_string())
}

/// The summary letter for `saved`, ready to lay out.
pub fn letter(saved: &SavedIncomeExpenditure, council: &CouncilProfile, recipient: Vec<String>) -> Letter {
    let s = &saved.view.statement;
    let h = &s.household;
    let a = &saved.view.assessment;
    let o = &a.overview;
    let mut body = Vec::new();
    body.push(Block::Paragraph(span(
        "This is a summary of the income and expenditure statement you gave us, in the Standard Financial Statement \
         format. Please check it and tell us straight away if anything is wrong or missing.",
    )));

    body.push(Block::Subheading(span("Your household")));
    let mut household = vec![
        labelled("Name", &h.client_name),
        labelled("Date of birth", &date_text(&h.client_date_of_birth)),
        labelled("Application", if h.joint_application { "Joint" } else { "Single" }),
    ];
    if h.joint_application || !h.partner_name.is_empty() {
        household.push(labelled("Partner", &h.partner_name));
        household.push(labelled("Partner's date of birth", &date_text(&h.partner_date_of_birth)));
    }
    household.extend([
        labelled("Address", &h.client_address),
        labelled(
            "Dependent children",
            &format!("under 16: {}; 16 to 18: {}", h.dependent_children_under_16, h.dependent_children_16_18),
        ),
        labelled("Other dependants", &h.other_dependants.to_string()),
        labelled("Non-dependants", &h.non_dependants.to_string()),
        labelled("Number in household", &h.total_number().to_string()),
        labelled("Vehicles in household", &h.vehicles.to_string()),
        labelled(
            "Housing tenure",
            &if h.housing_tenure_other.is_empty() {
                h.housing_tenure.clone()
            } else {
                format!("{} ({})", h.housing_tenure, h.housing_tenure_other)
            },
        ),
        labelled("Employment", &employment(&h.client_employment_status, &h.client_employment_status_other)),
    ]);
    if !h.partner_employment_status.is_empty() {
        household.push(labelled(
            "Partner's employment",
            &employment(&h.partner_employment_status, &h.partner_employment_status_other),
        ));
    }
    body.push(Block::Table(household.into_iter().map(|c| Row { kind: RowKind::Body, cells: vec![c] }).collect()));

    body.push(money_table(
        "Overview",
        vec![
            ("Total monthly income".into(), o.total_income),
            ("Total monthly outgoings".into(), o.total_expenditure),
            ("Income minus outgoings".into(), o.disposable_income),
            ("Savings contribution".into(), o.savings_contribution),
            ("Debt admin fee".into(), o.debt_admin_fee),
            ("Total available for priority debts".into(), o.available_for_priority_debts),
            ("Offers to priority creditors".into(), o.priority_offers),
        ],
        Some(("Total available for non-priority debts", o.available_for_non_priority_debts)),
    ));

    body.push(money_table(
        "Monthly income",
        GROUPS
            .iter()
            .filter(|g| g.section == Section::Income)
            .map(|g| (g.label.to_string(), s.group_total(g)))
            .collect(),
        Some(("Total monthly income", o.total_income)),
    ));
    let fixed_labels = [
        ("rent", "Rent"),
        ("mortgage", "Mortgage"),
        ("secured-loans", "Other secured loans"),
        ("council-tax-rates", "Council tax / rates"),
        ("other-home-contents", "Other home and contents"),
        ("gas", "Gas"),
        ("electricity", "Electricity"),
        ("other-utilities", "Other utility costs (e.g. coal, oil, calor gas)"),
    ];
    let fixed: Vec<(String, Money)> = ie::summary_fixed_cost_fields()
        .into_iter()
        .map(|(field, items, _)| {
            let label = fixed_labels
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, l)| l.to_string())
                .or_else(|| GROUPS.iter().find(|g| g.total_field == field).map(|g| g.label.to_string()))
                .unwrap_or_else(|| field.to_string());
            (label, s.items_total(&items))
        })
        .collect();
    body.push(money_table("Monthly outgoings: fixed costs", fixed, Some(("Total fixed costs", o.total_fixed_costs))));
    body.push(money_table(
        "Monthly outgoings: flexible costs",
        GROUPS
            .iter()
            .filter(|g| g.section == Section::FlexibleCosts)
            .map(|g| (g.label.to_string(), s.group_total(g)))
            .collect(),
        Some(("Total flexible costs", o.total_flexible_costs)),
    ));
    body.push(Block::Table(vec![row(
        RowKind::Total,
        &["Total monthly outgoings (fixed and flexible)", &pounds(o.total_expenditure)],
    )]));

    body.push(Block::Table(vec![
        row(RowKind::Header, &["Confirmations", ""]),
        row(
            RowKind::Body,
            &["The use of any assets to make lump sum payments has been considered", yes_no(h.asset_use_considered)],
        ),
        row(
            RowKind::Body,
            &["A monthly contribution to savings has been considered", yes_no(s.savings_contribution_considered)],
        ),
    ]));

    for (title, debts, non_priority) in
        [("Priority debts", &s.priority_debts, false), ("Non-priority debts", &s.non_priority_debts, true)]
    {
        let mut rows = vec![if non_priority {
            row(RowKind::Header, &[title, "Owed", "Offer", "CCJ"])
        } else {
            row(RowKind::Header, &[title, "Owed", "Offer"])
        }];
        if debts.is_empty() {
            rows.push(row(RowKind::Body, if non_priority { &["None", "", "", ""] } else { &["None", "", ""] }));
        }
        for d in debts {
            let owed = pounds(d.amount_owed);
            let offer = pounds(d.offer);
            if non_priority {
                rows.push(row(RowKind::Body, &[&d.creditor, &owed, &offer, yes_no(d.ccj)]));
            } else {
                rows.push(row(RowKind::Body, &[&d.creditor, &owed, &offer]));
            }
        }
        let owed: Money = debts.iter().map(|d| d.amount_owed).sum();
        let offers: Money = debts.iter().map(|d| d.offer).sum();
        let (owed, offers) = (pounds(owed), pounds(offers));
        rows.push(if non_priority {
            row(RowKind::Total, &["Total", &owed, &offers, ""])
        } else {
            row(RowKind::Total, &["Total", &owed, &offers])
        });
        body.push(Block::Table(rows));
    }
    if let Some(t) = s.token_payments {
        body.push(Block::Paragraph(labelled("Token payments", &pounds(t))));
    }
    if !s.notes.is_empty() {
        body.push(Block::Subheading(span("Additional notes")));
        for n in &s.notes {
            body.push(Block::Bullet(span(n)));
        }
    }

    let mut council_address: Vec<String> =
        council.address_lines.iter().filter(|l| !l.trim().is_empty()).cloned().collect();
    if !council.postcode.is_empty() {
        council_address.push(council.postcode.clone());
    }
    let mut recipient = recipient;
    if recipient.is_empty() {
        recipient = vec![h.client_name.clone()];
    }
    let mut reference_block = vec![
        ("Date of statement".to_string(), vec![date_text(&saved.record.taken_on)]),
        ("Date of review".to_string(), vec![date_text(&saved.review_due_on)]),
    ];
    if !council.phone.is_empty() {
        reference_block.push(("Phone".into(), vec![council.phone.clone()]));
    }
    if !council.email.is_empty() {
        reference_block.push(("Email".into(), vec![council.email.clone()]));
    }
    Letter {
        title: "Your income and expenditure: Standard Financial Statement summary".into(),
        bilingual: false,
        council_name: council.name.clone(),
        council_department: council.department.clone(),
        council_address: council_address.join(", "),
        recipient,
        reference_block,
        reference: format!("Statement of {}", date_text(&saved.record.taken_on)),
        body,
    }
}

fn employment(list: &[String], other: &str) -> String {
    let mut t = list.join(", ");
    if !other.is_empty() {
        t.push_str(&format!(" ({other})"));
    }
    t
}

/// Lays out and writes the summary as PDF bytes.
pub fn render(saved: &SavedIncomeExpenditure, council: &CouncilProfile, recipient: Vec<String>) -> Result<Vec<u8>> {
    let letter = letter(saved, council, recipient);
    let pages = layout::layout(&letter, LayoutOptions::default())?;
    let date = crate::db::date(&saved.record.taken_on)?;
    let meta = pdf::PdfMeta {
        title: &letter.title,
        author: &council.name,
        subject: "Standard Financial Statement summary",
        date,
    };
    pdf::write(&pages, &meta, None)
}
