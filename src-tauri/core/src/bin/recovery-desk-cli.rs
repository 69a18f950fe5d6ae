//! `recovery-desk-cli`: the headless CLI over the same core, for scripting, scheduling and checking any
//! figure a screen shows. Every command takes `--db PATH`; `--json` prints machine-readable output.
fn main() {}
