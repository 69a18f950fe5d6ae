//! The demo caseload: a deterministic generator of realistic fictional English and Welsh cases.

use crate::db::{Ctx, Db};
use crate::error::{Error, Result};
use serde::Serialize;

#[derive(Clone, Debug)]
pub struct DemoOptions {
    pub accounts: usize,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { accounts: 2_000, seed: 1 }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct DemoReport {
    pub accounts: usize,
    pub parties: usize,
    pub ledger_entries: usize,
}

/// Fills an empty database with the demo caseload. Refuses a database that already holds accounts.
pub fn generate_demo(_db: &Db, _ctx: &Ctx, _options: DemoOptions) -> Result<DemoReport> {
    Err(Error::Internal("demo generator not built yet".into()))
}
