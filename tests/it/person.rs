//! The one view of debt and its actions: balances to the penny, joint liability, representatives, holds,
//! notes, a payment taken by phone, a reversal, and the audit trail of each.

use crate::fixtures::{case, ctx, ledger_sum};
use recovery_core::api::{self, AddNoteInput, RecordPaymentInput, ReverseEntryInput};
use recovery_core::model::{HoldKind, Role, Stage};
use recovery_core::Error;

fn payment(account_id: &str, amount: &str) -> RecordPaymentInput {
    RecordPaymentInput {
        account_id: account_id.into(),
        amount: amount.into(),
        method: "card".into(),
        received_on: "2026-11-25".into(),
        receipt_reference: "RCPT-0042".into(),
        financial_year: None,
    }
}

#[test]
fn person_view_shows_balances_by_year_to_the_penny() {
    let c = case();
    let v = api::person(&c.db, &ctx(), &c.jane).unwrap();
    assert_eq!(v.party.name, "Jane Elizabeth Ashworth");
    assert_eq!(v.party.phones, ["07700 900123"]);
    assert_eq!(v.accounts.len(), 1, "the appointee role is not Jane's; she has one account");
    let ct = &v.accounts[0];
    assert_eq!(ct.reference, "CT10000001");
    assert_eq!(ct.balance.to_string(), "2763.57");
    assert_eq!(ct.balance.pence(), ledger_sum(&c.db, &c.ct_account));
    assert_eq!(v.total_balance.to_string(), "2763.57");
    let years: Vec<(String, String, String, String, String)> = ct
        .years
        .iter()
        .map(|y| {
            (y.label.clone(), y.charged.to_string(), y.costs.to_string(), y.paid.to_string(), y.balance.to_string())
        })
        .collect();
    assert_eq!(
        years,
        [
            ("2026/27".into(), "1920.00".into(), "60.00".into(), "-160.00".into(), "1820.00".into()),
            ("2025/26".into(), "1843.57".into(), "0.00".into(), "-900.00".into(), "943.57".into()),
        ]
    );
    assert_eq!(ct.stage, Some(Stage::Summons));
    assert_eq!(ct.stage_since.as_deref(), Some("2026-10-01"));
    assert!(ct.joint);
    assert_eq!(v.representatives.len(), 1);
    assert_eq!(v.representatives[0].name, "Ruth Ingram");
    assert_eq!(v.representatives[0].role, Role::Appointee);
    assert!(v.holds.is_empty());
}

#[test]
fn an_appointee_sees_whom_they_act_for_and_owes_nothing() {
    let c = case();
    let v = api::person(&c.db, &ctx(), &c.appointee).unwrap();
    assert!(v.accounts.is_empty());
    assert_eq!(v.total_balance.pence(), 0);
    let names: Vec<&str> = v.acts_for.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Jane Elizabeth Ashworth", "Thomas Ashworth"]);
}

#[test]
fn a_hold_on_an_account_shows_on_the_person_and_marks_the_account() {
    let c = case();
    let v = api::person(&c.db, &ctx(), &c.business).unwrap();
    assert_eq!(v.holds.len(), 1);
    assert_eq!(v.holds[0].hold.kind, HoldKind::Dispute);
    assert_eq!(v.holds[0].covers, "NNDR1000001");
    assert!(v.holds[0].in_force);
    assert!(v.accounts[0].held);
    assert_eq!(v.accounts[0].id, c.nndr_account);
    assert_eq!(v.total_balance.to_string(), "4210.00");
}

#[test]
fn a_payment_taken_by_phone_reduces_the_oldest_year_and_is_audited() {
    let c = case();
    let entry = api::record_payment(&c.db, &ctx(), payment(&c.ct_account, "£43.57")).unwrap();
    assert_eq!(entry.entry.amount.to_string(), "-43.57");
    assert_eq!(entry.year_label, "2025/26", "no year given: the oldest year with a balance");
    assert_eq!(entry.entry.reference, "RCPT-0042");
    let v = api::person(&c.db, &ctx(), &c.jane).unwrap();
    assert_eq!(v.accounts[0].balance.to_string(), "2720.00");
    assert_eq!(v.accounts[0].years[1].balance.to_string(), "900.00");
    assert_eq!(v.recent_payments[0].entry.amount.to_string(), "-43.57");
    assert_eq!(ledger_sum(&c.db, &c.ct_account), 272_000);
    let audit = api::person_audit(&c.db, &c.jane).unwrap();
    assert_eq!(audit[0].action, "record_payment");
    assert_eq!(audit[0].user_id, "test.officer");
    assert_eq!(audit[0].entity_id, entry.entry.id);
}

#[test]
fn a_payment_can_name_its_year() {
    let c = case();
    let mut input = payment(&c.ct_account, "20.00");
    input.financial_year = Some(2026);
    assert_eq!(api::record_payment(&c.db, &ctx(), input).unwrap().year_label, "2026/27");
    let mut input = payment(&c.ct_account, "20.00");
    input.financial_year = Some(2019);
    let err = api::record_payment(&c.db, &ctx(), input).unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "financialYear"), "{err}");
}

#[test]
fn bad_payments_are_refused_naming_the_field_and_nothing_is_written() {
    let c = case();
    let before = ledger_sum(&c.db, &c.ct_account);
    let cases = [
        (payment(&c.ct_account, "12.345"), "amount"),
        (payment(&c.ct_account, "0.00"), "amount"),
        (payment(&c.ct_account, "-5.00"), "amount"),
        (RecordPaymentInput { method: "bitcoin".into(), ..payment(&c.ct_account, "5.00") }, "method"),
        (RecordPaymentInput { received_on: "2026-11-26".into(), ..payment(&c.ct_account, "5.00") }, "receivedOn"),
        (RecordPaymentInput { received_on: "25/11/2026".into(), ..payment(&c.ct_account, "5.00") }, "receivedOn"),
        (RecordPaymentInput { receipt_reference: " ".into(), ..payment(&c.ct_account, "5.00") }, "receiptReference"),
    ];
    for (input, want) in cases {
        match api::record_payment(&c.db, &ctx(), input) {
            Err(Error::Validation { field, .. }) => assert_eq!(field, want),
            other => panic!("expected a validation error on {want}, got {other:?}"),
        }
    }
    assert!(matches!(api::record_payment(&c.db, &ctx(), payment("no-such-account", "5.00")), Err(Error::NotFound(_))));
    assert_eq!(ledger_sum(&c.db, &c.ct_account), before);
}

#[test]
fn a_reversal_restores_the_balance_once_and_keeps_both_entries() {
    let c = case();
    let input = ReverseEntryInput { entry_id: c.payment_2025.clone(), reason: "Direct Debit returned unpaid".into() };
    let rev = api::reverse_ledger_entry(&c.db, &ctx(), input).unwrap();
    assert_eq!(rev.entry.amount.to_string(), "900.00");
    assert_eq!(rev.entry.reverses_entry_id.as_deref(), Some(c.payment_2025.as_str()));
    let v = api::person(&c.db, &ctx(), &c.jane).unwrap();
    assert_eq!(v.accounts[0].balance.to_string(), "3663.57");
    let y25 = &v.accounts[0].years[1];
    assert_eq!(
        (y25.paid.to_string(), y25.balance.to_string()),
        ("0.00".into(), "1843.57".into()),
        "a reversed payment counts as unpaid"
    );
    let original = v.accounts[0].recent_entries.iter().find(|e| e.entry.id == c.payment_2025).unwrap();
    assert!(!original.reversible);
    assert_eq!(original.entry.reversed_by_entry_id.as_deref(), Some(rev.entry.id.as_str()));

    let again = api::reverse_ledger_entry(
        &c.db,
        &ctx(),
        ReverseEntryInput { entry_id: c.payment_2025.clone(), reason: "twice".into() },
    );
    assert!(
        matches!(again, Err(Error::Conflict(ref m)) if m.contains("already reversed on 2026-11-25 by test.officer"))
    );
    let of_reversal = api::reverse_ledger_entry(
        &c.db,
        &ctx(),
        ReverseEntryInput { entry_id: rev.entry.id.clone(), reason: "x".into() },
    );
    assert!(matches!(of_reversal, Err(Error::Conflict(_))));
    let no_reason = api::reverse_ledger_entry(
        &c.db,
        &ctx(),
        ReverseEntryInput { entry_id: c.payment_2025.clone(), reason: "".into() },
    );
    assert!(matches!(no_reason, Err(Error::Validation { ref field, .. }) if field == "reason"));
    assert_eq!(ledger_sum(&c.db, &c.ct_account), 366_357);
    let audit = api::person_audit(&c.db, &c.tom).unwrap();
    assert_eq!(audit.iter().filter(|a| a.action == "reverse_ledger_entry").count(), 1, "the joint party sees it too");
}

#[test]
fn notes_are_kept_newest_first_and_audited() {
    let c = case();
    let note = |body: &str| AddNoteInput {
        party_id: c.jane.clone(),
        account_id: Some(c.ct_account.clone()),
        body: body.into(),
    };
    api::add_note(&c.db, &ctx(), note("Called: will pay £43.57 Friday")).unwrap();
    let mut later = ctx();
    later.now += chrono::Duration::minutes(5);
    api::add_note(&c.db, &later, note("Payment taken")).unwrap();
    let v = api::person(&c.db, &ctx(), &c.jane).unwrap();
    let bodies: Vec<&str> = v.notes.iter().map(|n| n.body.as_str()).collect();
    assert_eq!(bodies, ["Payment taken", "Called: will pay £43.57 Friday"]);
    assert!(
        matches!(api::add_note(&c.db, &ctx(), note("   ")), Err(Error::Validation { ref field, .. }) if field == "body")
    );
    let audit = api::person_audit(&c.db, &c.jane).unwrap();
    assert_eq!(audit.iter().filter(|a| a.action == "add_note").count(), 2);
}

#[test]
fn an_unknown_person_is_not_found() {
    let c = case();
    assert!(matches!(api::person(&c.db, &ctx(), "nobody"), Err(Error::NotFound(_))));
}

#[test]
fn show_account_finds_the_account_by_reference() {
    let c = case();
    let s = api::show_account(&c.db, &ctx(), " CT10000001 ").unwrap();
    assert_eq!(s.account.balance.to_string(), "2763.57");
    let names: Vec<&str> = s.liable.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Jane Elizabeth Ashworth", "Thomas Ashworth"]);
    assert!(matches!(api::show_account(&c.db, &ctx(), "CT99"), Err(Error::NotFound(_))));
}
