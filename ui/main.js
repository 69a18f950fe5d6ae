// The shell: loads who and where we are, draws the header and side navigation, routes #/search?q=, #/person/<id>, #/person/<id>/income-expenditure[/<statement id>], #/person/<id>/arrangement, #/runs[/<id>] (print runs), #/recovery-runs[/<id>], #/holds[/new/<party id>], #/worklist[?view=], #/court[/new|/<id>[/edit]], #/bundle?account=, #/settings/letters[/<name>[?version=N]] and #/settings/audit[?filters] (the audit log), #/settings/data-protection (backups, retention, legal holds), and owns the global keys.
import { html, render } from './lib/html.js';
import { date, plural } from './format.js';
import * as api from './api.js';
import './components/error-summary.js';
import './components/hold-banner.js';
import './components/payment-form.js';
import './components/note-form.js';
import './components/reverse-dialog.js';
import './components/audit-trail.js';
import './components/letter-pages.js';
import './components/person-letters.js';
import { SearchScreen } from './screens/search.js';
import { PersonScreen } from './screens/person.js';
import { LetterTemplatesScreen } from './screens/letter-templates.js';
import { PrintRunsScreen } from './screens/print-runs.js';
import { IncomeExpenditureScreen } from './screens/income-expenditure.js';
// ---- recovery engine (issue 5) ----
import { RecoveryRunsScreen } from './screens/recovery-runs.js';
import { HoldsScreen } from './screens/holds.js';
import { WorklistScreen } from './screens/worklist.js';

// arrangements (issue 7)
import { ArrangementPlannerScreen } from './screens/arrangement-planner.js';
// court and bundles (issue 8)
import { CourtScreen } from './screens/court.js';
import { BundleBuilderScreen } from './screens/bundle-builder.js';
// signing in, the lock and users (issue 9)
import { signInGate } from './screens/sign-in.js';
import { UsersScreen } from './screens/users.js';
import { watchForLock } from './lib/lock.js';
// ---- audit (issue 9) ----
import { AuditLogScreen, queryFromSearch as auditQuery } from './screens/audit-log.js';
// ---- data protection (issue 9) ----
import { DataProtectionScreen } from './screens/data-protection.js';
import './components/person-data-protection.js';

const app = { today: '', info: null, profile: null, session: null };
const screenEl = document.getElementById('screen');
let current = null; // 'search' | 'person' | 'income-expenditure' | 'arrangement' | 'runs' | 'letters' | 'recovery-runs' | 'holds' | 'worklist'
let person = null; // { id, name } of the person last opened
let searchScreen = null;
let personScreen = null;
let lettersScreen = null;
let runsScreen = null;
let ieScreen = null;
// ---- recovery engine (issue 5) ----
let recoveryRunsScreen = null;
let holdsScreen = null;
let worklistScreen = null;
let plannerScreen = null; // arrangements (issue 7)
let courtScreen = null; // court (issue 8)
let bundleScreen = null;
let usersScreen = null; // issue 9
let lockWatch = null;
let auditScreen = null; // audit (issue 9)
let dataProtectionScreen = null; // data protection (issue 9)

/** "#/person/abc" → { name: 'person', id: 'abc' }; "#/search?q=smith" → { name: 'search', query: 'smith' }. */
function parseRoute(hash) {
  // issue 9: #/settings/users (administrators), #/account (one's own password)
  if (/^#\/settings\/users\/?$/.test(hash)) return { name: 'users' };
  if (/^#\/account\/?$/.test(hash)) return { name: 'account' };
  // court and bundles (issue 8): #/court, #/court/new, #/court/<id>[/edit], #/bundle?account=<reference>
  const ct = /^#\/court(?:\/([^/?#]+)(\/edit)?)?\/?$/.exec(hash);
  if (ct) return { name: 'court', id: ct[1] ? decodeURIComponent(ct[1]) : null, edit: Boolean(ct[2]) };
  const bb = /^#\/bundle(?:\?(.*))?$/.exec(hash);
  if (bb) return { name: 'bundle', account: new URLSearchParams(bb[1] ?? '').get('account') ?? '' };
  // ---- recovery engine (issue 5) ----
  const rr = /^#\/recovery-runs(?:\/([^?#]+))?/.exec(hash);
  if (rr) return { name: 'recovery-runs', id: rr[1] ? decodeURIComponent(rr[1]) : null };
  const hn = /^#\/holds\/new\/([^?#]+)/.exec(hash);
  if (hn) return { name: 'holds', partyId: decodeURIComponent(hn[1]) };
  if (/^#\/holds\/?(?:\?.*)?$/.test(hash)) return { name: 'holds', partyId: null };
  const wl = /^#\/worklist(?:\?(.*))?$/.exec(hash);
  if (wl) return { name: 'worklist', view: new URLSearchParams(wl[1] ?? '').get('view') ?? 'mine' };
  // ---- end recovery engine ----
  const ie = /^#\/person\/([^/?#]+)\/income-expenditure(?:\/([^/?#]+))?\/?$/.exec(hash);
  if (ie) return { name: 'income-expenditure', id: decodeURIComponent(ie[1]), statementId: ie[2] ? decodeURIComponent(ie[2]) : null };
  // arrangements (issue 7)
  const arr = /^#\/person\/([^/?#]+)\/arrangement\/?$/.exec(hash);
  if (arr) return { name: 'arrangement', id: decodeURIComponent(arr[1]) };
  const m = /^#\/person\/([^?#]+)/.exec(hash);
  if (m) return { name: 'person', id: decodeURIComponent(m[1]) };
  const r = /^#\/runs(?:\/([^?#]+))?/.exec(hash);
  if (r) return { name: 'runs', id: r[1] ? decodeURIComponent(r[1]) : null };
  // ---- audit (issue 9) ----
  const au = /^#\/settings\/audit\/?(?:\?(.*))?$/.exec(hash);
  if (au) return { name: 'audit', query: auditQuery(au[1]) };
  if (/^#\/settings\/data-protection\/?$/.test(hash)) return { name: 'data-protection' }; // data protection (issue 9)
  const l = /^#\/settings\/letters(?:\/([^?#]+))?(?:\?(.*))?$/.exec(hash);
  if (l) {
    const version = new URLSearchParams(l[2] ?? '').get('version');
    return { name: 'letters', template: l[1] ? decodeURIComponent(l[1]) : null, version: version ? Number(version) : null };
  }
  const s = /^#\/search(?:\?(.*))?$/.exec(hash);
  if (s) return { name: 'search', query: new URLSearchParams(s[1] ?? '').get('q') ?? '' };
  return { name: 'search', query: '' };
}

function searchHref() {
  const q = searchScreen?.query?.trim();
  return q ? `#/search?q=${encodeURIComponent(q)}` : '#/search';
}

function drawNav() {
  const items = [{ key: 'search', href: searchHref(), text: 'Search' }];
  if (person) items.push({ key: 'person', href: `#/person/${encodeURIComponent(person.id)}`, text: person.name || 'Person', sub: 'Person' });
  if (person && current === 'income-expenditure') items.push({ key: 'income-expenditure', href: `#/person/${encodeURIComponent(person.id)}/income-expenditure`, text: 'Income and expenditure' });
  // arrangements (issue 7)
  if (person && current === 'arrangement') items.push({ key: 'arrangement', href: `#/person/${encodeURIComponent(person.id)}/arrangement`, text: 'Plan an arrangement' });
  // ---- recovery engine (issue 5) ----
  items.push({ key: 'worklist', href: '#/worklist', text: 'Worklist' });
  items.push({ key: 'recovery-runs', href: '#/recovery-runs', text: 'Recovery runs' });
  items.push({ key: 'holds', href: '#/holds', text: 'Holds' });
  items.push({ key: 'court', href: '#/court', text: 'Court' });
  if (current === 'bundle') items.push({ key: 'bundle', href: '#/bundle', text: 'Court bundle' });
  // ---- end recovery engine ----
  items.push({ key: 'runs', href: '#/runs', text: 'Print runs' });
  items.push({ key: 'letters', href: '#/settings/letters', text: 'Letters', sub: 'Settings' });
  if (app.session?.role === 'admin') items.push({ key: 'users', href: '#/settings/users', text: 'Users and security', sub: 'Settings' });
  if (['team_leader', 'admin'].includes(app.session?.role)) items.push({ key: 'audit', href: '#/settings/audit', text: 'Audit log', sub: 'Settings' }); // audit (issue 9): the roles that may read it
  if (['team_leader', 'admin'].includes(app.session?.role)) items.push({ key: 'data-protection', href: '#/settings/data-protection', text: 'Data protection', sub: 'Settings' }); // data protection (issue 9)
  render(
    document.getElementById('side-nav'),
    html`<ul class="moj-side-navigation__list">
      ${items.map(
        (i) => html`<li class="moj-side-navigation__item${i.key === current ? ' moj-side-navigation__item--active' : ''}">
          <a href="${i.href}" ${i.key === current ? html`aria-current="location"` : ''}>${i.sub ? html`<span class="app-side-nav__sub">${i.sub}</span>` : ''}${i.text}</a>
        </li>`,
      )}
    </ul>`,
  );
}

function setTitle(text) {
  document.title = text ? `${text} – Recovery Desk` : 'Recovery Desk';
}

function show(element) {
  if (screenEl.firstElementChild !== element) screenEl.replaceChildren(element);
}

async function route() {
  const r = parseRoute(location.hash);
  if (r.name !== 'runs') runsScreen?.hide();
  if (r.name !== 'recovery-runs') recoveryRunsScreen?.hide();
  if (r.name !== 'court') courtScreen?.hide();
  if (await routeRecovery(r)) return;
  if (r.name === 'users' || r.name === 'account') {
    current = r.name;
    usersScreen ??= new UsersScreen({ app, onTitle: setTitle, onSession: showWho });
    show(usersScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await usersScreen.show({ view: r.name });
    return;
  }
  if (r.name === 'runs') {
    current = 'runs';
    runsScreen ??= new PrintRunsScreen({ app, onTitle: setTitle });
    show(runsScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await runsScreen.show({ runId: r.id });
  } else if (r.name === 'audit') {
    // ---- audit (issue 9) ----
    current = 'audit';
    auditScreen ??= new AuditLogScreen({ onTitle: setTitle });
    show(auditScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await auditScreen.show(r.query);
  } else if (r.name === 'data-protection') {
    // ---- data protection (issue 9) ----
    current = 'data-protection';
    dataProtectionScreen ??= new DataProtectionScreen({ app, onTitle: setTitle });
    show(dataProtectionScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await dataProtectionScreen.show();
  } else if (r.name === 'letters') {
    current = 'letters';
    lettersScreen ??= new LetterTemplatesScreen({ onTitle: setTitle });
    show(lettersScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await lettersScreen.show({ name: r.template, version: r.version });
  } else if (r.name === 'income-expenditure') {
    current = 'income-expenditure';
    ieScreen ??= new IncomeExpenditureScreen({
      app,
      onTitle: (title, name) => {
        setTitle(title);
        if (name) person = { id: ieScreen.partyId, name };
        drawNav();
      },
    });
    if (!person || person.id !== r.id) person = { id: r.id, name: 'Loading…' };
    show(ieScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await ieScreen.show(r.id, r.statementId);
  } else if (r.name === 'arrangement') {
    // arrangements (issue 7)
    current = 'arrangement';
    plannerScreen ??= new ArrangementPlannerScreen({
      app,
      onTitle: (title, name) => {
        setTitle(title);
        if (name) person = { id: plannerScreen.partyId, name };
        drawNav();
      },
    });
    if (!person || person.id !== r.id) person = { id: r.id, name: 'Loading…' };
    show(plannerScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await plannerScreen.show(r.id);
  } else if (r.name === 'person') {
    current = 'person';
    personScreen ??= new PersonScreen({
      app,
      onTitle: (name) => {
        setTitle(name);
        person = { id: personScreen.partyId, name };
        drawNav();
      },
    });
    if (!person || person.id !== r.id) person = { id: r.id, name: 'Loading…' };
    show(personScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await personScreen.show(r.id);
  } else {
    current = 'search';
    searchScreen ??= new SearchScreen({ onOpen: (id) => { location.hash = `#/person/${encodeURIComponent(id)}`; } });
    show(searchScreen.element);
    setTitle('Search');
    searchScreen.show(r.query);
    drawNav();
    searchScreen.focusBox();
  }
}

// ---- recovery engine (issue 5): Recovery runs, Holds, Worklist ----
async function routeRecovery(r) {
  if (r.name === 'recovery-runs') {
    current = 'recovery-runs';
    recoveryRunsScreen ??= new RecoveryRunsScreen({ app, onTitle: setTitle });
    show(recoveryRunsScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await recoveryRunsScreen.show({ runId: r.id });
    return true;
  }
  if (r.name === 'holds') {
    current = 'holds';
    holdsScreen ??= new HoldsScreen({ app, onTitle: setTitle });
    show(holdsScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await holdsScreen.show({ partyId: r.partyId });
    return true;
  }
  if (r.name === 'court') {
    current = 'court';
    courtScreen ??= new CourtScreen({ app, onTitle: setTitle });
    show(courtScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await courtScreen.show({ hearingId: r.id, edit: r.edit });
    return true;
  }
  if (r.name === 'bundle') {
    current = 'bundle';
    bundleScreen ??= new BundleBuilderScreen({ app, onTitle: setTitle });
    show(bundleScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await bundleScreen.show({ account: r.account });
    return true;
  }
  if (r.name === 'worklist') {
    current = 'worklist';
    worklistScreen ??= new WorklistScreen({ app, onTitle: setTitle });
    show(worklistScreen.element);
    drawNav();
    window.scrollTo(0, 0);
    await worklistScreen.show({ view: r.view });
    return true;
  }
  return false;
}
// ---- end recovery engine ----

function typingInField(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** "/" from anywhere (not while typing, not in a dialog) goes to the search box. */
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  if (typingInField(event.target) || document.querySelector('dialog[open]')) return;
  event.preventDefault();
  if (current === 'search') {
    searchScreen.focusBox();
  } else {
    location.hash = searchHref();
  }
});

/** In-page links (skip link, error summary) move focus instead of changing the route. */
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="#"]');
  if (!link || link.getAttribute('href').startsWith('#/')) return;
  const target = document.getElementById(link.getAttribute('href').slice(1));
  event.preventDefault();
  if (!target) return;
  if (!target.matches('a, button, input, select, textarea, [tabindex]')) target.setAttribute('tabindex', '-1');
  target.focus();
});

function showAlert(message) {
  render(
    document.getElementById('app-alert'),
    html`<div class="govuk-error-summary" role="alert">
      <h2 class="govuk-error-summary__title">Recovery Desk could not start properly</h2>
      <div class="govuk-error-summary__body"><p class="govuk-body">${message}</p></div>
    </div>`,
  );
}

/** Who is signed in, today, and the way out, in the service bar. */
function showWho(session = app.session) {
  app.session = session;
  const who = document.getElementById('who');
  render(
    who,
    html`<span data-who>${session.display_name} (${session.role_title})</span> · ${date(app.today)} ·
      <a href="#/account" class="govuk-link govuk-link--no-visited-state">Your password</a> ·
      <a href="#/sign-out" class="govuk-link govuk-link--no-visited-state" data-sign-out>Sign out</a>`,
  );
}

/** Locks the app: the shell forgets the database and its key; the page reloads to the sign-in form, so nothing
 * of the last person's screens stays in memory. The route is kept for after sign-in. */
async function lock(reason) {
  lockWatch?.stop();
  try {
    await api.signOut(reason);
  } catch {
    // Already signed out: the reload shows sign-in anyway.
  }
  sessionStorage.setItem('recovery-desk:locked', reason);
  location.reload();
}

document.addEventListener('click', (event) => {
  if (!event.target.closest('[data-sign-out]')) return;
  event.preventDefault();
  lock('sign_out');
});
window.addEventListener('app:signed-out', () => {
  sessionStorage.setItem('recovery-desk:locked', 'elsewhere');
  location.reload();
});

const LOCK_WORDS = {
  idle: (m) => `Recovery Desk locked itself after ${m} minutes without use. Sign in to go on where you were.`,
  sleep: () => 'Recovery Desk locked itself while the computer was asleep. Sign in to go on where you were.',
  sign_out: () => 'You have signed out.',
  elsewhere: () => 'Recovery Desk was locked. Sign in to go on.',
};

async function boot() {
  let status;
  try {
    status = await api.appStatus();
  } catch (error) {
    showAlert(error.message);
    return;
  }
  if (status.state !== 'signed_in') {
    document.body.classList.add('app-signed-out');
    const locked = sessionStorage.getItem('recovery-desk:locked') ?? status.locked_reason;
    sessionStorage.removeItem('recovery-desk:locked');
    const minutes = Number(sessionStorage.getItem('recovery-desk:idle-minutes') ?? 10);
    setTitle('Sign in');
    const previous = sessionStorage.getItem('recovery-desk:last-user');
    const session = await signInGate(screenEl, status, { message: locked ? LOCK_WORDS[locked]?.(minutes) ?? '' : '' });
    document.body.classList.remove('app-signed-out');
    // Back where you were, if it is you; someone else starts at Search, not on the last person's screen.
    if (previous && previous !== session.username) history.replaceState(null, '', '#/search');
    status = { state: 'signed_in', session };
  }
  app.session = status.session;
  sessionStorage.setItem('recovery-desk:last-user', app.session.username);
  sessionStorage.setItem('recovery-desk:idle-minutes', String(app.session.idle_lock_minutes));
  lockWatch = watchForLock({ minutes: app.session.idle_lock_minutes, onLock: lock });
  app.onIdleMinutes = (m) => {
    lockWatch.setMinutes(m);
    sessionStorage.setItem('recovery-desk:idle-minutes', String(m));
  };
  const [info, profile] = await Promise.allSettled([api.appInfo(), api.councilProfile()]);
  if (info.status === 'fulfilled') {
    app.info = info.value;
    app.today = info.value.today;
    const c = info.value.counts ?? {};
    document.getElementById('footer-text').textContent =
      `Recovery Desk ${info.value.version} · ${plural(c.parties ?? 0, 'person or organisation', 'people and organisations')}, ` +
      `${plural(c.accounts ?? 0, 'account')} · Database: ${info.value.db_path}`;
  } else {
    showAlert(info.reason.message);
  }
  showWho(app.session);
  if (profile.status === 'fulfilled') {
    app.profile = profile.value;
    document.getElementById('council-name').textContent = profile.value.name || 'Council';
  }
  window.addEventListener('hashchange', route);
  await route();
}

boot();
