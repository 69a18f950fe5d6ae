//! The person screen (one view of debt) and its actions.

use super::CmdResult;
use crate::AppState;
use recovery_core::api::{
    self, AddNoteInput, EntryView, PartyInput, PersonView, RecordPaymentInput, ReverseEntryInput,
};
use recovery_core::db::audit::AuditEntry;
use recovery_core::db::parties::Note;
use tauri::State;

#[tauri::command(async)]
pub fn person(state: State<'_, AppState>, input: PartyInput) -> CmdResult<PersonView> {
    Ok(api::person(&*state.db()?, &state.ctx()?, &input.party_id)?)
}

#[tauri::command(async)]
pub fn add_note(state: State<'_, AppState>, input: AddNoteInput) -> CmdResult<Note> {
    Ok(api::add_note(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn record_payment(state: State<'_, AppState>, input: RecordPaymentInput) -> CmdResult<EntryView> {
    Ok(api::record_payment(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn reverse_ledger_entry(state: State<'_, AppState>, input: ReverseEntryInput) -> CmdResult<EntryView> {
    Ok(api::reverse_ledger_entry(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn person_audit(state: State<'_, AppState>, input: PartyInput) -> CmdResult<Vec<AuditEntry>> {
    Ok(api::person_audit(&*state.db()?, &input.party_id)?)
}
