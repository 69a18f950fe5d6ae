//! Statutory and policy rules as pure functions of (facts, today, rule tables, the council's recovery policy).
//! Nothing here touches the database or the clock.

pub mod breathing_space;
pub mod business_rates;
pub mod calendar;
pub mod council_tax;
pub mod enforcement;
pub mod insolvency;
pub mod instalments;
pub mod invoices;
pub mod limitation;
pub mod policy;
pub mod tables;
pub mod timeline;
