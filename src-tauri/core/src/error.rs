//! The one error type of the core: variants that mean something to a user, mapped to a small closed set of
//! codes across IPC (`validation`, `not_found`, `conflict`, `rule_refused`, `forbidden`, `sign_in`,
//! `signed_out`, `internal`).

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: names the field (or `line N, column C` for a file) and the reason.
    #[error("{field}: {reason}")]
    Validation { field: String, reason: String },
    /// Many bad rows in one file; nothing was written.
    #[error("{} problem(s) in {file}; nothing was imported", problems.len())]
    Invalid { file: String, problems: Vec<Problem> },
    #[error("{0} was not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// The law or a hold forbids this action, e.g. "Breathing Space moratorium until 2026-03-04".
    #[error("{0}")]
    RuleRefused(String),
    /// The law or a hold forbids this step, naming the rule that does: "Breathing Space moratorium from
    /// 2026-05-30 until 2026-07-28: …" under "SI 2020/1311 reg 7".
    #[error("{reason} ({rule})")]
    Refused { rule: String, reason: String },
    /// The signed-in user's role does not allow the action (issue 9): "a recovery officer may not authorise runs".
    #[error("{0}")]
    Forbidden(String),
    /// Sign-in refused: wrong password, unknown user, locked out, or a database key that does not open the file.
    #[error("{0}")]
    SignIn(String),
    /// Nobody is signed in (the app is locked): the screen goes back to sign-in.
    #[error("signed out: sign in to go on")]
    SignedOut,
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("internal: {0}")]
    Internal(String),
}

/// One bad cell or row of an imported file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "line {}: {}", self.line, self.reason)
        } else {
            write!(f, "line {}, column {}: {}", self.line, self.column, self.reason)
        }
    }
}

impl Error {
    pub fn validation(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::Validation { field: field.into(), reason: reason.into() }
    }

    /// The closed set of codes the UI and the CLI switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation { .. } | Error::Invalid { .. } => "validation",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::RuleRefused(_) | Error::Refused { .. } => "rule_refused",
            Error::Forbidden(_) => "forbidden",
            Error::SignIn(_) => "sign_in",
            Error::SignedOut => "signed_out",
            Error::Db(_) | Error::Io(_) | Error::Internal(_) => "internal",
        }
    }

    /// Is this an error whose text is safe and useful to show a user? Internal errors are not: they get a
    /// generic message and their detail goes to the log.
    pub fn is_internal(&self) -> bool {
        self.code() == "internal"
    }
}
