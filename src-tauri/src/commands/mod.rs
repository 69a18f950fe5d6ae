//! Tauri commands: one per user action, each a thin call into `recovery_core::api`. Errors cross IPC as
//! `{code, message, field?, problems?}` with a small closed set of codes (see `IpcError`).

mod app;
mod arrangements;
mod court;
mod income_expenditure;
mod jobs;
mod letters;
mod person;
mod search;
mod session;
// ---- recovery engine (issue 5) ----
mod recovery;
// ---- audit (issue 9) ----
mod audit;
// ---- data protection (issue 9) ----
mod data_protection;

pub use app::*;
pub use arrangements::*;
pub use court::*;
pub use income_expenditure::*;
pub use jobs::Jobs;
pub use letters::*;
pub use person::*;
pub use search::*;
pub use session::*;
// ---- recovery engine (issue 5) ----
pub use recovery::*;
// ---- audit (issue 9) ----
pub use audit::*;
// ---- data protection (issue 9) ----
pub use data_protection::*;

use recovery_core::error::{Error, Problem};
use serde::Serialize;

/// An error as the UI receives it. The UI switches on `code`, never on the text.
#[derive(Clone, Debug, Serialize)]
pub struct IpcError {
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<Vec<Problem>>,
}

impl From<Error> for IpcError {
    fn from(e: Error) -> IpcError {
        if e.is_internal() {
            // The detail goes to the log, with an id the officer can quote; the UI gets a generic message.
            let id = uuid_like();
            eprintln!("recovery-desk: internal error {id}: {e}");
            return IpcError {
                code: e.code(),
                message: format!("Something went wrong. Nothing was saved. Quote reference {id} to support."),
                field: None,
                problems: None,
            };
        }
        let (field, problems) = match &e {
            Error::Validation { field, .. } => (Some(field.clone()), None),
            Error::Invalid { problems, .. } => (None, Some(problems.clone())),
            _ => (None, None),
        };
        let message = match &e {
            Error::Validation { reason, .. } => reason.clone(),
            other => other.to_string(),
        };
        IpcError { code: e.code(), message, field, problems }
    }
}

#[allow(clippy::disallowed_methods)]
fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("E{:08X}", (nanos & 0xFFFF_FFFF) as u32)
}

pub type CmdResult<T> = Result<T, IpcError>;
