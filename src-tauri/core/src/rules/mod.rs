//! Statutory and policy rules as pure functions of (facts, today, rule tables, the council's recovery policy).
//! Nothing here touches the database or the clock.

pub mod affordability;
pub mod allocation;
pub mod arrangements;
pub mod breathing_space;
pub mod business_rates;
pub mod calendar;
pub mod council_tax;
pub mod court;
pub mod enforcement;
pub mod holds;
pub mod income_expenditure;
pub mod insolvency;
pub mod instalments;
pub mod invoices;
pub mod limitation;
pub mod policy;
pub mod pro_rata;
pub mod retention;
pub mod selection;
pub mod tables;
pub mod timeline;
