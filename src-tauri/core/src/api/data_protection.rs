//! Data protection (issue 9, recovery-rules.md §9, product.md §3.12): backups that restore (`backup.rs`: the
//! SQLite online backup API, the same key as the live database, rotation, the schedule, a checked atomic
//! restore), the retention schedule and its anonymisation run with legal holds (`retention.rs`), and the
//! subject access export of everything held about a person as JSON and PDF (`subject_access.rs`).

mod backup;
mod retention;
mod subject_access;

pub use backup::*;
pub use retention::*;
pub use subject_access::*;
