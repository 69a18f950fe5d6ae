//! Who may do what (issue 9): the four user roles and the permission each user action needs. The check is made
//! in the core, in the `api` function of the action (`ctx.require(Permission::AuthoriseRuns)?`), so a screen
//! that forgets to hide a button, or a script, still cannot do what the role forbids.
//!
//! The matrix is the council's usual split (product.md §3.12): officers work cases; processing officers also
//! prepare and commit batch runs, record court outcomes and import; team leaders also authorise and reverse
//! runs, allocate work, approve write-offs, edit templates and rules, and read the audit log; the system
//! administrator may do everything and alone manages users, backups and retention. Segregation of duties (the
//! person who prepared a run may not authorise it) is a separate check by person, made by the action itself.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A user's role, as stored in `users.role`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserRole {
    Officer,
    TeamLeader,
    Processing,
    Admin,
}

impl UserRole {
    pub const ALL: [UserRole; 4] = [UserRole::Officer, UserRole::TeamLeader, UserRole::Processing, UserRole::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Officer => "officer",
            UserRole::TeamLeader => "team_leader",
            UserRole::Processing => "processing",
            UserRole::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<UserRole> {
        UserRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The role's name as the Users screen shows it.
    pub fn title(self) -> &'static str {
        match self {
            UserRole::Officer => "Recovery officer",
            UserRole::TeamLeader => "Team leader",
            UserRole::Processing => "Processing officer",
            UserRole::Admin => "System administrator",
        }
    }
}

/// What an action needs. Every role may search and view a person's record (and each view is audited).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Search, and view a person's record, letters and runs.
    ViewCases,
    /// Notes, payments, holds, I&E, arrangements, one-off letters, closing one's tasks.
    WorkCases,
    /// Reverse a ledger entry (a payment or charge posted in error).
    CorrectLedger,
    /// Preview and prepare batch runs: recovery runs, print runs, summons runs, court lists, monitoring.
    PrepareRuns,
    /// Authorise a prepared run (and not one's own: segregation of duties).
    AuthoriseRuns,
    /// Commit an authorised run, record its dispatch, cancel a run not yet committed.
    CommitRuns,
    /// Reverse a committed run.
    ReverseRuns,
    /// Record the court's outcomes and marks on the list; prepare and issue court bundles.
    CourtWork,
    /// Approve a write-off.
    ApproveWriteOffs,
    /// Allocate the team's tasks.
    AllocateWork,
    /// Edit letter templates, recovery and court settings, policies, costs methodology, the council profile.
    EditTemplatesAndRules,
    /// Import accounts; generate the demo caseload.
    ImportData,
    /// Read the audit log and export it.
    ViewAudit,
    /// A subject access export of everything held about a person.
    SubjectAccess,
    /// Add users, change roles, disable users, reset passwords.
    ManageUsers,
    /// Back up and restore the database.
    Backups,
    /// Preview and run the retention schedule.
    Retention,
}

impl Permission {
    /// The roles that hold this permission (the administrator holds every one).
    pub fn roles(self) -> &'static [UserRole] {
        use UserRole::*;
        match self {
            Permission::ViewCases => &[Officer, TeamLeader, Processing, Admin],
            Permission::WorkCases => &[Officer, TeamLeader, Processing, Admin],
            Permission::CorrectLedger
            | Permission::PrepareRuns
            | Permission::CommitRuns
            | Permission::CourtWork
            | Permission::ImportData => &[TeamLeader, Processing, Admin],
            Permission::AuthoriseRuns
            | Permission::ReverseRuns
            | Permission::ApproveWriteOffs
            | Permission::AllocateWork
            | Permission::EditTemplatesAndRules
            | Permission::ViewAudit
            | Permission::SubjectAccess => &[TeamLeader, Admin],
            Permission::ManageUsers | Permission::Backups | Permission::Retention => &[Admin],
        }
    }

    pub fn allows(self, role: UserRole) -> bool {
        self.roles().contains(&role)
    }

    /// The permission in words, for the refusal: "authorise runs".
    pub fn words(self) -> &'static str {
        match self {
            Permission::ViewCases => "view cases",
            Permission::WorkCases => "work cases",
            Permission::CorrectLedger => "correct the ledger",
            Permission::PrepareRuns => "prepare batch runs",
            Permission::AuthoriseRuns => "authorise runs",
            Permission::CommitRuns => "commit runs",
            Permission::ReverseRuns => "reverse runs",
            Permission::CourtWork => "record court work",
            Permission::ApproveWriteOffs => "approve write-offs",
            Permission::AllocateWork => "allocate work",
            Permission::EditTemplatesAndRules => "edit templates and rules",
            Permission::ImportData => "import data",
            Permission::ViewAudit => "read the audit log",
            Permission::SubjectAccess => "make a subject access export",
            Permission::ManageUsers => "manage users",
            Permission::Backups => "back up and restore",
            Permission::Retention => "run the retention schedule",
        }
    }
}

/// The refusal when a role lacks a permission: code `forbidden` across IPC, exit status 3 in the CLI.
pub fn require(role: UserRole, permission: Permission) -> Result<()> {
    if permission.allows(role) {
        Ok(())
    } else {
        Err(Error::Forbidden(format!("a {} may not {}", role.title().to_lowercase(), permission.words())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_administrator_holds_every_permission_and_alone_manages_users() {
        use Permission::*;
        for p in [
            ViewCases,
            WorkCases,
            CorrectLedger,
            PrepareRuns,
            AuthoriseRuns,
            CommitRuns,
            ReverseRuns,
            CourtWork,
            ApproveWriteOffs,
            AllocateWork,
            EditTemplatesAndRules,
            ImportData,
            ViewAudit,
            SubjectAccess,
            ManageUsers,
            Backups,
            Retention,
        ] {
            assert!(p.allows(UserRole::Admin), "{p:?}");
        }
        for role in [UserRole::Officer, UserRole::TeamLeader, UserRole::Processing] {
            assert!(!ManageUsers.allows(role));
            assert!(!Backups.allows(role));
        }
    }

    #[test]
    fn an_officer_works_cases_but_may_not_authorise_a_run() {
        assert!(require(UserRole::Officer, Permission::WorkCases).is_ok());
        let refused = require(UserRole::Officer, Permission::AuthoriseRuns).unwrap_err();
        assert_eq!(refused.code(), "forbidden");
        assert_eq!(refused.to_string(), "a recovery officer may not authorise runs");
        assert!(require(UserRole::Processing, Permission::AuthoriseRuns).is_err());
        assert!(require(UserRole::TeamLeader, Permission::AuthoriseRuns).is_ok());
    }

    #[test]
    fn roles_read_back_from_their_stored_names() {
        for r in UserRole::ALL {
            assert_eq!(UserRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(UserRole::parse("superuser"), None);
    }
}
