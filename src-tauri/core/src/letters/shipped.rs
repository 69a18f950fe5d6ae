//! The starting templates shipped with the app (`templates/*.txt`), with the statutory content
//! recovery-rules.md names for each notice. A shipped template is stored as version 1 the first time it is
//! used for a letter or edited; the team edits it from there. Welsh text in the `_cy` templates is a first
//! draft marked `CY-CHECK` for a translator.

macro_rules! shipped {
    ($($name:literal),+ $(,)?) => {
        /// `(name, source)` of every shipped template, in the order Settings → Letters lists them.
        pub const SHIPPED: &[(&str, &str)] =
            &[$(($name, include_str!(concat!("../../templates/", $name, ".txt")))),+];
    };
}

shipped!(
    "ct_reminder",
    "ct_second_reminder",
    "ct_final_notice",
    "ct_summons_cover",
    "ct_reminder_cy",
    "ct_final_notice_cy",
    "arrangement_confirmation",
    "arrangement_default",
    "ie_summary_cover",
    "hbop_invoice_reminder",
    "hbop_invoice_final",
    "sundry_invoice_reminder",
    "sundry_invoice_final",
    "asc_invoice_reminder",
    "asc_invoice_final",
    "court_witness_statement",
);

/// The shipped source of a template, by name.
pub fn source(name: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::settings::CouncilProfile;

    #[test]
    fn every_shipped_template_validates_and_is_named_as_its_file() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 12).unwrap();
        for (name, source) in SHIPPED {
            let problems = crate::letters::validate(source, &CouncilProfile::default(), today);
            assert!(problems.is_empty(), "{name}: {problems:?}");
            let t = crate::letters::template::parse(source).unwrap();
            assert_eq!(&t.header.name, name);
            assert_eq!(t.header.version, 1);
        }
    }
}
