// The inactivity and sleep lock (issue 9): after `minutes` with no key press, click, touch or pointer movement, or when the computer wakes from sleep (a tick that comes far too late), `onLock(reason)` is called once with 'idle' or 'sleep'. `now` and the tick length can be replaced by tests.

const TICK_MS = 5_000;
/** A tick this late means the computer was asleep in between. Generous, as a hidden window's timers may be
 * throttled to one a minute; the shell also watches for sleep with the system's clocks and locks at once. */
const SLEEP_GAP_MS = 120_000;

export function watchForLock({ minutes, onLock, now = () => Date.now(), tickMs = TICK_MS, sleepGapMs = SLEEP_GAP_MS }) {
  let lastInput = now();
  let lastTick = now();
  let locked = false;
  const touch = () => { lastInput = now(); };
  const events = ['keydown', 'mousedown', 'pointermove', 'wheel', 'touchstart'];
  for (const e of events) window.addEventListener(e, touch, { passive: true, capture: true });
  const lock = (reason) => {
    if (locked) return;
    locked = true;
    stop();
    onLock(reason);
  };
  const timer = setInterval(() => {
    const t = now();
    if (t - lastTick > sleepGapMs) lock('sleep');
    else if (t - lastInput >= minutes * 60_000) lock('idle');
    lastTick = t;
  }, tickMs);
  function stop() {
    clearInterval(timer);
    for (const e of events) window.removeEventListener(e, touch, { capture: true });
  }
  return { stop, setMinutes: (m) => { minutes = m; } };
}
