//! Statutory and policy rules as pure functions of (facts, today, rule tables). Nothing here touches the
//! database or the clock.

pub mod calendar;
pub mod tables;
pub mod instalments;
pub mod policy;
pub mod council_tax;
pub mod limitation;
pub mod timeline;
