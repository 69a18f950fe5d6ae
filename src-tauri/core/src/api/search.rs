//! Search: one box that finds a person or organisation by name, address, postcode, account reference,
//! phone, email or NI number.

use crate::db::search::{self, SearchHit};
use crate::db::Db;
use crate::error::{Error, Result};
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchInput {
    pub query: String,
    #[serde(default)]
    pub limit: Option<usize>,
}

/// The best matches first, at most `limit` (default 50, most 200).
pub fn search(db: &Db, input: SearchInput) -> Result<Vec<SearchHit>> {
    let limit = input.limit.unwrap_or(50);
    if limit == 0 || limit > 200 {
        return Err(Error::validation("limit", "must be between 1 and 200"));
    }
    if input.query.chars().count() > 200 {
        return Err(Error::validation("query", "is longer than 200 characters"));
    }
    db.read(|tx| search::search(tx, &input.query, limit))
}

/// Rebuilds the search index from the case data. Returns how many parties were indexed.
pub fn rebuild_search_index(db: &Db) -> Result<usize> {
    db.write(|tx| search::rebuild(tx))
}
