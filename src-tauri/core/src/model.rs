//! The words of the trade as types: debt types, jurisdictions, party roles, ledger kinds, recovery stages
//! and holds. Each has the code stored in SQLite (`as_str`), a parser that names the bad value, and the
//! label an officer reads.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and used over IPC and in CSV files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// What an officer reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Reads a code (case-insensitive; `-` and spaces stand for `_`), naming `field` if it is unknown.
            pub fn parse(text: &str, field: &str) -> Result<$name> {
                let norm = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                match norm.as_str() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(Error::validation(field, format!(
                        "'{}' is not one of: {}", text.trim(),
                        [$($code),+].join(", ")
                    ))),
                }
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::parse(s, stringify!($name)).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }
    };
}

vocabulary! {
    /// The five kinds of debt the team recovers; each has its own legal path (product.md §2).
    DebtType {
        CouncilTax = "council_tax", "Council Tax";
        BusinessRates = "business_rates", "Business rates";
        HbOverpayment = "hb_overpayment", "Housing Benefit overpayment";
        Sundry = "sundry", "Sundry debt";
        AdultSocialCare = "adult_social_care", "Adult social care";
    }
}

vocabulary! {
    /// Every account carries its jurisdiction: the rules differ (recovery-rules.md §1.14).
    Jurisdiction {
        England = "england", "England";
        Wales = "wales", "Wales";
    }
}

vocabulary! {
    PartyKind {
        Person = "person", "Person";
        Organisation = "organisation", "Organisation";
    }
}

vocabulary! {
    /// How a party stands to an account: liable, or acting for the liable party.
    Role {
        Liable = "liable", "Liable";
        JointAndSeveral = "joint_and_several", "Jointly and severally liable";
        Appointee = "appointee", "Appointee";
        Attorney = "attorney", "Attorney";
        Deputy = "deputy", "Deputy";
        DebtAdviser = "debt_adviser", "Debt adviser (with authority)";
    }
}

impl Role {
    /// Liable for the debt (alone or jointly), as opposed to representing someone who is.
    pub fn is_liable(self) -> bool {
        matches!(self, Role::Liable | Role::JointAndSeveral)
    }
}

vocabulary! {
    /// Ledger entry kinds. Positive amounts are owed to the council, negative are credits.
    LedgerKind {
        Charge = "charge", "Charge";
        Payment = "payment", "Payment";
        Cost = "cost", "Costs";
        Adjustment = "adjustment", "Adjustment";
        Refund = "refund", "Refund";
        Transfer = "transfer", "Transfer";
        WriteOff = "write_off", "Write-off";
        Reversal = "reversal", "Reversal";
    }
}

vocabulary! {
    /// Where an account stands on its recovery path (recovery-rules.md §1–§6). `arrangement_ended`: an
    /// arrangement was broken or cancelled (or completed with a balance left) and recovery resumes from the
    /// notices the debt had; it is not a notice itself.
    Stage {
        Billed = "billed", "Billed";
        Reminder = "reminder", "Reminder";
        SecondReminder = "second_reminder", "Second reminder";
        FinalNotice = "final_notice", "Final notice";
        Summons = "summons", "Summons issued";
        LiabilityOrder = "liability_order", "Liability order";
        AttachmentOfEarnings = "attachment_of_earnings", "Attachment of earnings";
        DeductionFromBenefit = "deduction_from_benefit", "Deduction from benefit";
        EnforcementAgent = "enforcement_agent", "With enforcement agent";
        ChargingOrder = "charging_order", "Charging order";
        Insolvency = "insolvency", "Insolvency";
        Committal = "committal", "Committal";
        Arrangement = "arrangement", "Arrangement";
        ArrangementEnded = "arrangement_ended", "Arrangement ended: recovery resumed";
        CountyCourt = "county_court", "County court";
        WrittenOff = "written_off", "Written off";
        Cleared = "cleared", "Paid in full";
    }
}

vocabulary! {
    /// Holds: each blocks recovery on the debts it covers (recovery-rules.md §4, §5).
    HoldKind {
        BreathingSpace = "breathing_space", "Breathing Space (standard)";
        MentalHealthCrisis = "mental_health_crisis", "Breathing Space (mental health crisis)";
        Bankruptcy = "bankruptcy", "Bankruptcy";
        Iva = "iva", "Individual voluntary arrangement";
        Dro = "dro", "Debt relief order";
        Deceased = "deceased", "Deceased";
        Dispute = "dispute", "Dispute";
        Appeal = "appeal", "Appeal";
        Complaint = "complaint", "Complaint";
        VulnerabilityReview = "vulnerability_review", "Vulnerability review";
    }
}

vocabulary! {
    /// How a payment taken by an officer was made.
    PaymentMethod {
        Card = "card", "Debit or credit card";
        Cash = "cash", "Cash";
        Cheque = "cheque", "Cheque";
        BankTransfer = "bank_transfer", "Bank transfer";
        DirectDebit = "direct_debit", "Direct Debit";
        StandingOrder = "standing_order", "Standing order";
        PayPoint = "paypoint", "PayPoint / Post Office";
        Dwp = "dwp", "DWP deduction";
        Aeo = "aeo", "Attachment of earnings";
    }
}

/// The financial year (1 April to 31 March) a date falls in, named by the year it starts: 2025 is 2025/26.
pub fn financial_year(on: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    if on.month() >= 4 {
        on.year()
    } else {
        on.year() - 1
    }
}

vocabulary! {
    /// What a retention rule applies to (recovery-rules.md §9): each debt type's records, and the liability
    /// order evidence (the court list line and the order) kept on top of its debt's own rule.
    RetentionRecordType {
        CouncilTax = "council_tax", "Council Tax";
        BusinessRates = "business_rates", "Business rates";
        HbOverpayment = "hb_overpayment", "Housing Benefit overpayment";
        Sundry = "sundry", "Sundry debt";
        AdultSocialCare = "adult_social_care", "Adult social care";
        LiabilityOrder = "liability_order", "Liability order evidence";
    }
}

impl RetentionRecordType {
    pub fn of_debt(debt: DebtType) -> RetentionRecordType {
        match debt {
            DebtType::CouncilTax => RetentionRecordType::CouncilTax,
            DebtType::BusinessRates => RetentionRecordType::BusinessRates,
            DebtType::HbOverpayment => RetentionRecordType::HbOverpayment,
            DebtType::Sundry => RetentionRecordType::Sundry,
            DebtType::AdultSocialCare => RetentionRecordType::AdultSocialCare,
        }
    }
}

vocabulary! {
    /// From when a retention period runs (recovery-rules.md §9).
    RetentionBasis {
        LaterOfClearanceAndYearEnd = "later_of_clearance_and_year_end",
            "The later of the years after the debt is cleared or written off and the years after the end of the financial year it relates to";
        AfterClosure = "after_closure", "The years after the debt is cleared, written off or the account closed";
        WhileUnpaidThenAfterClearance = "while_unpaid_then_after_clearance",
            "For as long as the debt is unpaid, then the years after it is cleared";
    }
}

vocabulary! {
    /// Why a person's records are under a legal hold: nothing of theirs is anonymised while one is in force.
    LegalHoldKind {
        Dispute = "dispute", "Dispute";
        Complaint = "complaint", "Complaint";
        Litigation = "litigation", "Litigation";
        InformationRequest = "information_request", "Information request";
    }
}

/// `2025` → `"2025/26"`.
pub fn financial_year_label(year: i32) -> String {
    format!("{}/{:02}", year, (year + 1) % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn financial_years_start_on_the_first_of_april() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(financial_year(d("2026-03-31")), 2025);
        assert_eq!(financial_year(d("2026-04-01")), 2026);
        assert_eq!(financial_year_label(2099), "2099/00");
        assert_eq!(financial_year_label(2025), "2025/26");
    }

    #[test]
    fn codes_parse_forgivingly_and_name_the_field_when_unknown() {
        assert_eq!(DebtType::parse("Council-Tax", "debt_type").unwrap(), DebtType::CouncilTax);
        assert_eq!(Jurisdiction::parse(" WALES ", "j").unwrap(), Jurisdiction::Wales);
        let err = DebtType::parse("parking", "debt_type").unwrap_err().to_string();
        assert!(err.starts_with("debt_type: 'parking' is not one of: council_tax"), "{err}");
    }
}
