//! Recovery Desk core: the rules, the money, the case database and (later) the letters of a council's
//! recovery team. It knows nothing of Tauri: the desktop shell, the CLI and the tests all come in through
//! [`api`], one function per user action.

pub mod access;
pub mod api;
pub mod db;
pub mod error;
pub mod letters;
pub mod model;
pub mod money;
pub mod rules;

pub use db::{Ctx, Db};
pub use error::{Error, Result};
pub use money::Money;
