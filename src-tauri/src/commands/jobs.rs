//! Background jobs: long work (a letters print run, a recovery run's preview or commit) runs on its own thread
//! so the window stays responsive; the screen polls the job for its progress bar and, when it has finished,
//! reads the outcome or the error. A stop flag asks work that can stop (letters) to stop between chunks.

use super::IpcError;
use recovery_core::Error;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The background jobs of this window, by id. Finished jobs are kept (a few) so the screen can read the
/// outcome.
#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
    next: AtomicU64,
}

pub struct Job {
    id: String,
    kind: &'static str,
    stop: AtomicBool,
    state: Mutex<JobState>,
}

#[derive(Clone, Default)]
struct JobState {
    run_id: Option<String>,
    phase: &'static str,
    done: usize,
    total: usize,
    finished: bool,
    outcome: Option<serde_json::Value>,
    error: Option<IpcError>,
}

/// A job as the screen polls it.
#[derive(Clone, Serialize)]
pub struct JobView {
    job_id: String,
    kind: &'static str,
    run_id: Option<String>,
    /// `starting`, then the work's own phase (`issuing`, `printing`, `preview`, `commit`).
    phase: &'static str,
    done: usize,
    total: usize,
    stop_requested: bool,
    finished: bool,
    outcome: Option<serde_json::Value>,
    error: Option<IpcError>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobInput {
    pub job_id: String,
}

impl Jobs {
    pub fn start(&self, kind: &'static str) -> Arc<Job> {
        let n = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let job = Arc::new(Job {
            id: format!("job-{n}"),
            kind,
            stop: AtomicBool::new(false),
            state: Mutex::new(JobState { phase: "starting", ..JobState::default() }),
        });
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        // Keep the running jobs and the last few finished ones.
        if jobs.len() > 20 {
            let finished: Vec<String> =
                jobs.iter().filter(|(_, j)| j.snapshot().finished).map(|(k, _)| k.clone()).collect();
            for k in finished {
                jobs.remove(&k);
            }
        }
        jobs.insert(job.id.clone(), job.clone());
        job
    }

    pub fn get(&self, id: &str) -> Result<Arc<Job>, Error> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(id).cloned().ok_or_else(|| Error::NotFound(format!("job {id}")))
    }
}

impl Job {
    fn snapshot(&self) -> JobState {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn view(&self) -> JobView {
        let s = self.snapshot();
        JobView {
            job_id: self.id.clone(),
            kind: self.kind,
            run_id: s.run_id,
            phase: s.phase,
            done: s.done,
            total: s.total,
            stop_requested: self.stop.load(Ordering::SeqCst),
            finished: s.finished,
            outcome: s.outcome,
            error: s.error,
        }
    }

    /// Records progress (and the run it is for, once known); false asks the work to stop.
    pub fn report(&self, phase: &'static str, done: usize, total: usize, run_id: Option<&str>) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(id) = run_id {
            s.run_id = Some(id.to_string());
        }
        s.phase = phase;
        s.done = done;
        s.total = total;
        !self.stop.load(Ordering::SeqCst)
    }

    pub fn ask_to_stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// The work's outcome (serialised for the screen) or its error; `run_id` names the run it made or changed.
    pub fn finish<T: Serialize>(&self, result: Result<T, Error>, run_id: Option<&str>) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(id) = run_id {
            s.run_id = Some(id.to_string());
        }
        s.finished = true;
        match result.and_then(|v| serde_json::to_value(v).map_err(|e| Error::Internal(e.to_string()))) {
            Ok(v) => s.outcome = Some(v),
            Err(e) => s.error = Some(IpcError::from(e)),
        }
    }
}
