//! Settings an administrator edits: the council profile for now.

use crate::access::Permission;
use crate::db::settings::{self, CouncilProfile, COUNCIL_PROFILE};
use crate::db::{audit, Ctx, Db};
use crate::error::{Error, Result};

pub fn council_profile(db: &Db) -> Result<CouncilProfile> {
    db.read(|tx| settings::council_profile(tx))
}

pub fn save_council_profile(db: &Db, ctx: &Ctx, profile: CouncilProfile) -> Result<CouncilProfile> {
    ctx.require(Permission::EditTemplatesAndRules)?;
    if profile.name.trim().is_empty() {
        return Err(Error::validation("name", "the council's name is required"));
    }
    if profile.address_lines.iter().all(|l| l.trim().is_empty()) {
        return Err(Error::validation("addressLines", "at least one address line is required"));
    }
    db.write(|tx| {
        settings::put(tx, ctx, COUNCIL_PROFILE, &profile)?;
        audit::record(tx, ctx, "save_council_profile", "settings", COUNCIL_PROFILE, None, None, serde_json::json!({}))?;
        Ok(())
    })?;
    Ok(profile)
}
