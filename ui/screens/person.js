// The person screen, the one view of debt: holds, summary, every account with balances by year and recent entries, people, notes, letters, audit; and the actions taken from it.
import { html, render } from '../lib/html.js';
import {
  addressLine, balance, date, dateTime, isNegative, jurisdiction, money, moneyUnsigned, niNumber, paymentMethod, plural,
} from '../format.js';
import * as api from '../api.js';
import '../components/ie-summary-card.js';
import '../components/account-timetable.js';
// arrangements (issue 7)
import '../components/person-arrangements.js';

export class PersonScreen {
  /** app: { today } from app_info; onTitle(name) tells the shell what to call this screen. */
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--person';
    this.partyId = null;
    this.view = null;
    this.loadSeq = 0;
    this.element.addEventListener('click', (event) => this.click(event));
    this.element.addEventListener('saved', (event) => this.saved(event));
  }

  /** Loads (or reloads) a person from Rust and draws them; `flash` is a success message to show on top. */
  async show(partyId, { flash = null, focus = 'heading' } = {}) {
    const seq = ++this.loadSeq;
    if (partyId !== this.partyId) {
      this.partyId = partyId;
      this.view = null;
      this.auditOpen = false;
      render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    }
    let view;
    try {
      view = await api.person(partyId);
    } catch (error) {
      if (seq !== this.loadSeq) return;
      this.view = null;
      this.onTitle(error.code === 'not_found' ? 'Not found' : 'Person');
      render(this.element, failed(error));
      this.element.querySelector('h1')?.focus();
      return;
    }
    if (seq !== this.loadSeq) return;
    this.view = view;
    this.onTitle(view.party.name);
    this.draw(flash);
    if (flash) this.element.querySelector('.app-flash')?.focus();
    else if (focus === 'heading') this.element.querySelector('h1')?.focus({ preventScroll: true });
  }

  draw(flash) {
    const v = this.view;
    const p = v.party;
    const isOrg = p.kind === 'organisation';
    render(
      this.element,
      html`<hold-banner></hold-banner>
        ${flash
          ? html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert"
              aria-labelledby="flash-title" tabindex="-1">
              <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="flash-title">Done</h2>
              </div>
              <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">${flash}</p>
              </div>
            </div>`
          : ''}

        <div class="app-page-header">
          <div class="app-page-header__title">
            <span class="govuk-caption-m">${isOrg ? 'Organisation' : 'Person'}</span>
            <h1 class="govuk-heading-l" tabindex="-1">${p.name}</h1>
          </div>
          <div class="app-page-header__actions govuk-button-group">
            ${v.accounts.length
              ? html`<button type="button" class="govuk-button" data-action="pay">Record a payment</button>`
              : ''}
            <button type="button" class="govuk-button govuk-button--secondary" data-action="note">Add note</button>
            <a class="govuk-button govuk-button--secondary" href="#/holds/new/${encodeURIComponent(p.id)}" role="button" draggable="false" data-action-link="hold">Record a hold</a>
          </div>
        </div>

        <div class="app-summary">
          <dl class="govuk-summary-list app-summary-list--compact app-summary__details">
            ${row('Address', p.address ? addressLines(p.address) : html`<span class="app-muted">None recorded</span>`)}
            ${isOrg
              ? row('Company number', p.company_number || none())
              : html`${row('Date of birth', p.date_of_birth ? date(p.date_of_birth, { long: true }) : none())}
                  ${row('NI number', p.ni_number ? html`<span class="app-ref">${niNumber(p.ni_number)}</span>` : none())}`}
            ${row('Phone', p.phones.length ? lines(p.phones) : none())}
            ${row('Email', p.emails.length ? lines(p.emails) : none())}
          </dl>
          <div class="app-total${isNegative(v.total_balance) ? ' app-total--credit' : ''}">
            <p class="app-total__label">${isNegative(v.total_balance) ? 'In credit' : 'Total owed'}</p>
            <p class="app-total__amount" data-total>${moneyUnsigned(v.total_balance)}</p>
            <p class="app-total__note">across ${plural(v.accounts.length, 'account')}</p>
          </div>
        </div>

        ${isOrg ? '' : html`<ie-summary-card party-id="${p.id}"></ie-summary-card>`}

        <payment-form hidden></payment-form>

        <h2 class="govuk-heading-m app-section-title">Accounts</h2>
        ${v.accounts.length
          ? v.accounts.map((a) => account(a, p.id))
          : html`<p class="govuk-body">${p.name} is not liable on any account.</p>`}

        <!-- arrangements (issue 7) -->
        ${v.accounts.length ? html`<person-arrangements party-id="${p.id}"></person-arrangements>` : ''}

        <h2 class="govuk-heading-m app-section-title">Recent payments</h2>
        ${payments(v.recent_payments)}

        <div class="app-two-up">
          <section aria-labelledby="reps-title">
            <h2 class="govuk-heading-m app-section-title" id="reps-title">People acting for ${isOrg ? 'them' : p.forenames || p.name}</h2>
            ${people(v.representatives, 'No one acts for them.')}
          </section>
          <section aria-labelledby="acts-title">
            <h2 class="govuk-heading-m app-section-title" id="acts-title">Acts for</h2>
            ${people(v.acts_for, 'They do not act for anyone.')}
          </section>
        </div>

        <section aria-labelledby="notes-title" id="notes">
          <h2 class="govuk-heading-m app-section-title" id="notes-title">Notes</h2>
          <note-form></note-form>
          ${notes(v.notes, v.accounts)}
        </section>

        <person-letters></person-letters>

        <!-- data protection (issue 9): legal holds, the subject access export -->
        <person-data-protection party-id="${p.id}" user-role="${this.app.session?.role ?? ''}"></person-data-protection>

        <audit-trail></audit-trail>
        <reverse-dialog></reverse-dialog>`,
    );
    this.element.querySelector('hold-banner').holds = v.holds;
    this.element.querySelector('payment-form').setup({ accounts: v.accounts, today: this.app.today });
    this.element.querySelector('note-form').setup({ partyId: p.id, accounts: v.accounts });
    this.element.querySelector('person-letters').setup({ person: v });
    const audit = this.element.querySelector('audit-trail');
    audit.partyId = p.id;
    audit.addEventListener('toggle', (e) => { this.auditOpen = e.target.open; }, true);
    if (this.auditOpen) audit.querySelector('details').open = true;
  }

  click(event) {
    const button = event.target.closest('button[data-action]');
    if (!button || !this.view) return;
    const action = button.dataset.action;
    if (action === 'pay') {
      this.element.querySelector('payment-form').open(button.dataset.account);
    } else if (action === 'note') {
      const form = this.element.querySelector('note-form');
      form.scrollIntoView({ block: 'start' });
      form.focus();
    } else if (action === 'reverse') {
      const entry = this.findEntry(button.dataset.entry);
      if (entry) this.element.querySelector('reverse-dialog').open(entry);
    }
  }

  findEntry(id) {
    for (const a of this.view.accounts) {
      const e = a.recent_entries.find((x) => x.id === id);
      if (e) return e;
    }
    return this.view.recent_payments.find((x) => x.id === id) ?? null;
  }

  /** After any action: say what happened and reload the whole view from Rust (balances are never worked out here). */
  saved(event) {
    const { entry, account, note, reversal, original } = event.detail ?? {};
    let message = 'Saved.';
    if (entry) {
      message = `Payment of ${moneyUnsigned(entry.amount)} recorded on account ${entry.account_reference || account?.reference}` +
        `${entry.reference ? ` (receipt ${entry.reference})` : ''}.`;
    } else if (reversal) {
      message = `${original.kind_label} of ${moneyUnsigned(original.amount)} on account ${original.account_reference} reversed.`;
    } else if (note) {
      message = 'Note added.';
    }
    this.show(this.partyId, { flash: message });
  }
}

function none() {
  return html`<span class="app-muted">Not recorded</span>`;
}

function row(key, value, cls = '') {
  return html`<div class="govuk-summary-list__row ${cls}">
    <dt class="govuk-summary-list__key">${key}</dt>
    <dd class="govuk-summary-list__value">${value}</dd>
  </div>`;
}

function lines(items) {
  return items.map((x, i) => html`${i ? html`<br>` : ''}${x}`);
}

function addressLines(address) {
  return lines([...(address.lines ?? []), address.postcode].filter(Boolean));
}

function personLink(partyId, name) {
  return html`<a class="govuk-link" href="#/person/${encodeURIComponent(partyId)}">${name}</a>`;
}

function account(a, selfId) {
  const others = a.parties.filter((x) => x.party_id !== selfId && (x.role === 'liable' || x.role === 'joint_and_several'));
  const titleId = `account-${a.id}`;
  return html`<section class="app-account${a.held ? ' app-account--held' : ''}" aria-labelledby="${titleId}">
    <div class="app-account__header">
      <h3 class="govuk-heading-m app-account__title" id="${titleId}">
        <span class="app-ref">${a.reference}</span>
        <span class="app-account__type">${a.debt_type_label}</span>
      </h3>
      <ul class="app-tag-list" aria-label="Status">
        ${a.held ? html`<li><strong class="govuk-tag govuk-tag--red app-tag">On hold</strong></li>` : ''}
        ${a.stage_label ? html`<li><strong class="govuk-tag govuk-tag--blue app-tag">${a.stage_label}</strong></li>` : ''}
        ${a.joint ? html`<li><strong class="govuk-tag govuk-tag--yellow app-tag">Joint and several</strong></li>` : ''}
        ${a.status === 'closed' ? html`<li><strong class="govuk-tag govuk-tag--grey app-tag">Closed</strong></li>` : ''}
      </ul>
      <p class="app-account__balance${isNegative(a.balance) ? ' app-account__balance--credit' : ''}">
        <span class="app-account__balance-label">Balance</span>
        <span class="app-account__balance-amount" data-balance>${balance(a.balance)}</span>
      </p>
    </div>

    <dl class="govuk-summary-list app-summary-list--compact app-account__facts">
      ${row('Debt', html`${a.debt_type_label}, ${jurisdiction(a.jurisdiction)}`)}
      ${a.property ? row('Property', addressLine(a.property)) : ''}
      ${row('Stage', a.stage_label ? html`${a.stage_label}${a.stage_since ? html` <span class="app-muted">since ${date(a.stage_since)}</span>` : ''}` : html`<span class="app-muted">Not started</span>`)}
      ${row('Their role', a.role_label)}
      ${a.joint
        ? row('Also liable', others.length
          ? others.map((o, i) => html`${i ? ', ' : ''}${personLink(o.party_id, o.name)}`)
          : html`<span class="app-muted">No one else</span>`)
        : ''}
      ${a.correspondence_address ? row('Letters go to', addressLine(a.correspondence_address)) : ''}
      ${row('Opened', html`${date(a.opened_on)}${a.closed_on ? html`, closed ${date(a.closed_on)}` : ''}`)}
    </dl>

    ${years(a)}
    <account-timetable account-id="${a.id}" reference="${a.reference}"></account-timetable>
    ${entries(a)}
    <div class="govuk-button-group app-account__actions">
      <button type="button" class="govuk-button govuk-button--secondary app-button--small" data-action="pay" data-account="${a.id}">
        Record a payment<span class="govuk-visually-hidden"> on account ${a.reference}</span>
      </button>
      <a class="govuk-link app-account__bundle" href="#/bundle?account=${encodeURIComponent(a.reference)}">Court bundle<span class="govuk-visually-hidden"> for account ${a.reference}</span></a>
    </div>
  </section>`;
}

function years(a) {
  if (!a.years.length) return html`<p class="govuk-body-s app-muted">Nothing has been charged on this account.</p>`;
  return html`<table class="govuk-table app-table app-years">
    <caption class="govuk-table__caption govuk-table__caption--s">Balances by financial year<span class="govuk-visually-hidden">, account ${a.reference}</span></caption>
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">Year</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Charged</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Costs</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Paid</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Other</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Balance</th>
      </tr>
    </thead>
    <tbody class="govuk-table__body">
      ${a.years.map(
        (y) => html`<tr class="govuk-table__row">
          <th scope="row" class="govuk-table__header">${y.label}</th>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(y.charged)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(y.costs)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(y.paid)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(y.other)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric app-strong">${money(y.balance)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function entryReference(e) {
  return [paymentMethod(e.method), e.reference].filter(Boolean).join(' · ');
}

function entryState(e) {
  if (e.reversed_by_entry_id) return html` <strong class="govuk-tag govuk-tag--grey app-tag">Reversed</strong>`;
  return '';
}

function reverseButton(e) {
  if (!e.reversible) return '';
  return html`<button type="button" class="govuk-button govuk-button--secondary app-button--small app-button--inline" data-action="reverse" data-entry="${e.id}">
    Reverse<span class="govuk-visually-hidden"> ${e.kind_label.toLowerCase()} of ${moneyUnsigned(e.amount)} on ${date(e.effective_on)}</span>
  </button>`;
}

function entries(a) {
  if (!a.recent_entries.length) return html`<p class="govuk-body-s app-muted">No ledger entries.</p>`;
  return html`<table class="govuk-table app-table app-entries">
    <caption class="govuk-table__caption govuk-table__caption--s">Recent ledger entries<span class="govuk-visually-hidden">, account ${a.reference}</span>, newest first</caption>
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">Date</th>
        <th scope="col" class="govuk-table__header">Year</th>
        <th scope="col" class="govuk-table__header">Entry</th>
        <th scope="col" class="govuk-table__header">Method and reference</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th>
        <th scope="col" class="govuk-table__header">Reason</th>
        <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
      </tr>
    </thead>
    <tbody class="govuk-table__body">
      ${a.recent_entries.map(
        (e) => html`<tr class="govuk-table__row${e.reversed_by_entry_id ? ' app-entries__reversed' : ''}" data-entry-row="${e.id}">
          <td class="govuk-table__cell app-nowrap">${date(e.effective_on)}</td>
          <td class="govuk-table__cell app-nowrap">${e.year_label}</td>
          <td class="govuk-table__cell">${e.kind_label}${entryState(e)}</td>
          <td class="govuk-table__cell">${entryReference(e)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric app-nowrap">${money(e.amount)}</td>
          <td class="govuk-table__cell">${e.reason}</td>
          <td class="govuk-table__cell app-entries__action">${reverseButton(e)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function payments(list) {
  if (!list.length) return html`<p class="govuk-body-s app-muted">No payments recorded recently.</p>`;
  return html`<table class="govuk-table app-table app-payments">
    <caption class="govuk-visually-hidden">Recent payments across all accounts, newest first</caption>
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">Received</th>
        <th scope="col" class="govuk-table__header">Account</th>
        <th scope="col" class="govuk-table__header">Year</th>
        <th scope="col" class="govuk-table__header">Method</th>
        <th scope="col" class="govuk-table__header">Reference</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th>
      </tr>
    </thead>
    <tbody class="govuk-table__body">
      ${list.map(
        (e) => html`<tr class="govuk-table__row${e.reversed_by_entry_id ? ' app-entries__reversed' : ''}">
          <td class="govuk-table__cell app-nowrap">${date(e.effective_on)}</td>
          <td class="govuk-table__cell"><span class="app-ref">${e.account_reference}</span></td>
          <td class="govuk-table__cell">${e.year_label}</td>
          <td class="govuk-table__cell">${paymentMethod(e.method)}${entryState(e)}</td>
          <td class="govuk-table__cell">${e.reference}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric app-nowrap">${moneyUnsigned(e.amount)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function people(list, empty) {
  if (!list.length) return html`<p class="govuk-body-s app-muted">${empty}</p>`;
  return html`<ul class="govuk-list app-people">
    ${list.map(
      (r) => html`<li>${personLink(r.party_id, r.name)}
        <span class="app-muted">${r.role_label}, account <span class="app-ref">${r.account_reference}</span></span></li>`,
    )}
  </ul>`;
}

function notes(list, accounts) {
  if (!list.length) return html`<p class="govuk-body-s app-muted">No notes yet.</p>`;
  const ref = (id) => accounts.find((a) => a.id === id)?.reference;
  return html`<div class="moj-timeline app-timeline">
    ${list.map(
      (n) => html`<div class="moj-timeline__item">
        <div class="moj-timeline__header">
          <h3 class="moj-timeline__title">${n.account_id ? html`Note on account <span class="app-ref">${ref(n.account_id) ?? 'another account'}</span>` : 'Note'}</h3>
          <p class="moj-timeline__byline">by ${n.created_by}</p>
        </div>
        <p class="moj-timeline__date"><time datetime="${n.created_at}">${dateTime(n.created_at)}</time></p>
        <div class="moj-timeline__description app-note-body">${n.body}</div>
      </div>`,
    )}
  </div>`;
}

function failed(error) {
  if (error.code === 'not_found') {
    return html`<h1 class="govuk-heading-l" tabindex="-1">No one found</h1>
      <p class="govuk-body">This person or organisation is not in the case database. They may have been merged or removed.</p>
      <p class="govuk-body"><a class="govuk-link" href="#/search">Search again</a></p>`;
  }
  return html`<h1 class="govuk-heading-l" tabindex="-1">This record could not be opened</h1>
    <div class="govuk-error-summary" role="alert"><div class="govuk-error-summary__body"><p class="govuk-body">${error.message}</p></div></div>
    <p class="govuk-body"><a class="govuk-link" href="#/search">Back to search</a></p>`;
}
