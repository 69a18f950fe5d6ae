//! The boundary the UI, the CLI and the tests use: one function per user action. Each takes the `Db`, a
//! `Ctx` (who and when; the core never reads the clock) and an input struct, validates it, does its work in
//! one transaction and returns a view made for the screen. Views serialise with snake_case fields and money
//! as decimal strings; inputs are camelCase and refuse unknown fields.

pub mod arrangements;
pub mod audit;
pub mod court;
pub mod data_protection;
pub mod demo;
pub mod import;
pub mod income_expenditure;
pub mod letters;
pub mod person;
pub mod recovery;
pub mod search;
pub mod security;
pub mod settings;

use crate::db::{self, Ctx, Db};
use crate::error::Result;
use std::path::Path;

pub use arrangements::*;
pub use audit::*;
pub use court::*;
pub use data_protection::*;
pub use demo::*;
pub use import::*;
pub use income_expenditure::*;
pub use letters::*;
pub use person::*;
pub use recovery::*;
pub use search::*;
pub use security::*;
pub use settings::*;

/// Opens the database at `path`, creating and migrating it as needed, and adds the shipped reference data
/// (bank holidays, rule values) that is not there yet. The search keys are rebuilt when a migration emptied them.
pub fn open(path: impl AsRef<Path>, ctx: &Ctx) -> Result<Db> {
    open_with_key(path, None, ctx)
}

/// [`open`] for a database encrypted with `key` (issue 9); the app always opens its database so, the CLI
/// with `--key-file`. A wrong key is refused (`Error::SignIn`) before anything is written.
pub fn open_with_key(path: impl AsRef<Path>, key: Option<&db::DbKey>, ctx: &Ctx) -> Result<Db> {
    let db = Db::open_with_key(path, key)?;
    db.write(|tx| {
        db::calendar::seed(tx, ctx)?;
        db::rule_values::seed(tx, ctx)?;
        db::search::rebuild_if_empty(tx)?;
        db::audit::chain_unchained(tx)?;
        Ok(())
    })?;
    Ok(db)
}

pub use db::Counts;

/// Checks the audit log's hash chain from the first row to the last (the CLI's `audit verify`).
pub fn verify_audit_chain(db: &Db) -> Result<db::audit::ChainCheck> {
    db.read(|tx| db::audit::verify_chain(tx))
}

/// Whether the database holds no account yet (the shell's first-run check: cheap at any size, where `counts`
/// reads every ledger row).
pub fn has_no_accounts(db: &Db) -> Result<bool> {
    db.read(|tx| db::has_no_accounts(tx))
}

/// How many parties, accounts and ledger entries the database holds: for the CLI and the shell's first-run
/// check.
pub fn counts(db: &Db) -> Result<Counts> {
    db.read(|tx| db::counts(tx))
}
