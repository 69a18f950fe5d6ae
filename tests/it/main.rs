//! Integration tests through `recovery_core::api` on temp-file databases, the CLI, the migrations and the
//! tidy checks that keep the seams honest. One test binary, one module per area.

mod audit;
mod audit_viewer;
mod cli;
mod cli_court;
mod cli_data_protection;
mod cli_income_expenditure;
mod cli_recovery;
mod cli_security;
mod data_protection;
mod demo;
mod fixtures;
mod migrations;
mod person;
mod search;
mod security;
mod tidy;
mod ui_fixture_support;
mod ui_fixtures_arrangements;
mod ui_fixtures_audit;
mod ui_fixtures_court;
mod ui_fixtures_data_protection;
mod ui_fixtures_income_expenditure;
mod ui_fixtures_recovery;
