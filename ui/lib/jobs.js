// Polling a background job (a print run, a recovery or summons run) until it finishes: one loop for every screen
// that starts one. The screen keeps the job it waits for in `owner.job` ({ jobId, … }) and the timer in
// `owner.timer` (clearTimeout(owner.timer) stops the polling); a cleared `owner.job` stops it too.

export const POLL_MS = 300;

/** Asks `fetchJob(jobId)` every `ms`: `progress(job)` while it runs, `done(job)` once finished, `failed(error)` when the asking itself fails (the job is then forgotten). */
export function pollJob(owner, fetchJob, { progress, done, failed }, ms = POLL_MS) {
  clearTimeout(owner.timer);
  owner.timer = setTimeout(async () => {
    if (!owner.job) return;
    let job;
    try {
      job = await fetchJob(owner.job.jobId);
    } catch (error) {
      owner.job = null;
      failed(error);
      return;
    }
    if (job.finished) {
      done(job);
    } else {
      progress(job);
      pollJob(owner, fetchJob, { progress, done, failed }, ms);
    }
  }, ms);
}
