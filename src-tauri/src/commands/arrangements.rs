//! The arrangement planner and the person screen's arrangements (issue 7): the planner's start (debts, the
//! affordable figure, the council's policy), a plan with its checks, saving it, a person's arrangements, monitoring
//! one on demand, cancelling and reinstating.

use super::CmdResult;
use crate::AppState;
use recovery_core::api::{
    self, ArrangementPlanView, ArrangementView, CancelArrangementInput, MonitorArrangementInput, MonitorOutcome,
    PartyInput, PlanArrangementInput, PlannerStart, ReinstateArrangementInput, SaveArrangementInput,
};
use tauri::State;

#[tauri::command(async)]
pub fn arrangement_planner(state: State<'_, AppState>, input: PartyInput) -> CmdResult<PlannerStart> {
    Ok(api::arrangement_planner(&*state.db()?, &state.ctx()?, &input.party_id)?)
}

#[tauri::command(async)]
pub fn plan_arrangement(state: State<'_, AppState>, input: PlanArrangementInput) -> CmdResult<ArrangementPlanView> {
    Ok(api::plan_arrangement(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn save_arrangement(state: State<'_, AppState>, input: SaveArrangementInput) -> CmdResult<ArrangementView> {
    Ok(api::save_arrangement(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn person_arrangements(state: State<'_, AppState>, input: PartyInput) -> CmdResult<Vec<ArrangementView>> {
    Ok(api::person_arrangements(&*state.db()?, &state.ctx()?, &input.party_id)?)
}

#[tauri::command(async)]
pub fn monitor_arrangement(state: State<'_, AppState>, input: MonitorArrangementInput) -> CmdResult<MonitorOutcome> {
    Ok(api::monitor_arrangement(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn cancel_arrangement(state: State<'_, AppState>, input: CancelArrangementInput) -> CmdResult<ArrangementView> {
    Ok(api::cancel_arrangement(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn reinstate_arrangement(
    state: State<'_, AppState>,
    input: ReinstateArrangementInput,
) -> CmdResult<ArrangementView> {
    Ok(api::reinstate_arrangement(&*state.db()?, &state.ctx()?, input)?)
}
