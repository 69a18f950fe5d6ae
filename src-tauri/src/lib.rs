//! The desktop shell (wiring only).
pub fn run() {}
