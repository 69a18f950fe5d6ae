//! Settings stored as JSON under a key; the council profile (name, address, contact and payment details,
//! default jurisdiction) is the first, and the letters use it.

use crate::db::{Ctx, Tx};
use crate::error::{Error, Result};
use crate::model::Jurisdiction;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// Who the council is, as its letters and screens show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CouncilProfile {
    pub name: String,
    pub department: String,
    pub address_lines: Vec<String>,
    pub postcode: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    /// Path to a PNG logo, or empty.
    pub logo_path: String,
    pub payment_details: String,
    pub default_jurisdiction: Jurisdiction,
}

impl Default for CouncilProfile {
    fn default() -> Self {
        CouncilProfile {
            name: "Ashdown District Council".into(),
            department: "Revenues and Benefits: Recovery Team".into(),
            address_lines: vec!["Council Offices".into(), "Market Street".into(), "Ashdown".into()],
            postcode: "AD1 1AA".into(),
            phone: "01632 960000".into(),
            email: "recovery@ashdown.example.gov.uk".into(),
            website: "www.ashdown.example.gov.uk/pay".into(),
            logo_path: String::new(),
            payment_details: "Pay online at www.ashdown.example.gov.uk/pay, by phone on 01632 960001 (24 hours), \
                              or by bank transfer to sort code 00-00-00, account 00000000, quoting your reference."
                .into(),
            default_jurisdiction: Jurisdiction::England,
        }
    }
}

pub const COUNCIL_PROFILE: &str = "council_profile";

pub fn get<T: DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    let json: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = :key AND deleted_at IS NULL")?
        .query_row(named_params! {":key": key}, |r| r.get(0))
        .optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(|e| Error::Internal(format!("setting {key}: {e}")))).transpose()
}

pub fn put<T: Serialize>(tx: &Tx, ctx: &Ctx, key: &str, value: &T) -> Result<()> {
    let json = serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO settings (key, value, created_at, created_by, device_id)
         VALUES (:key, :value, :at, :user, :device)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.created_at,
                                         deleted_at = NULL",
    )?
    .execute(named_params! {
        ":key": key, ":value": json, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(())
}

pub fn council_profile(conn: &Connection) -> Result<CouncilProfile> {
    Ok(get(conn, COUNCIL_PROFILE)?.unwrap_or_default())
}
