// Holds: every hold open today (kind, person or account, from, until, review), releasing one, recording that mental health crisis treatment ended, finding a person to hold, and the form that records a hold with its evidence (#/holds/new/<party id>). Rust computes every date (the moratorium's start and end, the review date) and raises the review tasks.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import { date, plural } from '../format.js';
import { HOLD_KINDS } from '../lib/recovery-words.js';
import * as api from '../api.js';

function flashBanner(flash) {
  if (!flash) return '';
  return html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert" aria-labelledby="holds-flash-title" tabindex="-1">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="holds-flash-title">Done</h2></div>
    <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${flash}</p></div>
  </div>`;
}

function until(h) {
  if (h.last_day) return date(h.last_day);
  if (h.kind === 'mental_health_crisis') return html`<span class="app-muted">30 days after crisis treatment ends</span>`;
  return html`<span class="app-muted">Until released</span>`;
}

/** The next dated review point still to come (an officer's review date already past is overdue). */
function review(h, today) {
  if (h.review_on && h.review_on < today) {
    return html`<span class="app-nowrap">${date(h.review_on)}</span> <strong class="govuk-tag govuk-tag--red app-tag">Overdue</strong>`;
  }
  const step = h.steps.find((s) => s.on >= today);
  if (!step) return h.review_on ? date(h.review_on) : html`<span class="app-muted">None</span>`;
  return html`<span class="app-nowrap">${date(step.on)}</span><br><span class="govuk-body-s">${step.reason}</span>`;
}

function field(id, label, { hint = '', name = id, value = '', width = 'govuk-input--width-10', kinds = '' } = {}) {
  return html`<div class="govuk-form-group" data-field="${name}" ${kinds ? html`data-kinds="${kinds}"` : ''}>
    <label class="govuk-label govuk-label--s" for="hold-${id}">${label}</label>
    ${hint ? html`<div class="govuk-hint" id="hold-${id}-hint">${hint}</div>` : ''}
    ${errorSlot(`hold-${id}`)}
    <input class="govuk-input ${width}" id="hold-${id}" name="${name}" type="text" autocomplete="off" value="${value}" ${hint ? html`aria-describedby="hold-${id}-hint"` : ''}>
  </div>`;
}

export class HoldsScreen {
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--holds';
    this.seq = 0;
  }

  async show({ partyId = null, flash = null } = {}) {
    const seq = ++this.seq;
    flash ??= this.pendingFlash ?? null;
    this.pendingFlash = null;
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    try {
      if (partyId) {
        const person = await api.person(partyId);
        if (seq !== this.seq) return;
        this.onTitle(`Record a hold for ${person.party.name}`);
        this.drawForm(person);
      } else {
        const holds = await api.holds();
        if (seq !== this.seq) return;
        this.onTitle('Holds');
        this.drawList(holds, flash);
      }
    } catch (error) {
      if (seq !== this.seq) return;
      render(
        this.element,
        html`<h1 class="govuk-heading-l" tabindex="-1">${error.code === 'not_found' ? 'No one found' : 'Holds could not be opened'}</h1>
          <p class="govuk-body">${error.message}</p>
          <p class="govuk-body"><a class="govuk-link" href="#/holds">All holds</a></p>`,
      );
    }
    if (seq !== this.seq) return;
    this.element.querySelector(flash ? '.app-flash' : 'h1')?.focus({ preventScroll: true });
  }

  // ---- Holds in force ------------------------------------------------------------------------------------

  drawList(holds, flash) {
    this.holds = holds;
    const today = this.app.today;
    render(
      this.element,
      html`${flashBanner(flash)}
        <h1 class="govuk-heading-l" tabindex="-1">Holds</h1>
        <p class="govuk-body app-lead">A hold stops every recovery step and every cost on the debts it covers: runs leave those cases out and name the hold.</p>

        <section aria-labelledby="holds-title" class="app-runs__section">
          <h2 class="govuk-heading-m" id="holds-title">Holds in force or to come</h2>
          ${holds.length ? this.table(holds, today) : html`<p class="govuk-body app-muted">No holds are open.</p>`}
          <div data-hold-action></div>
        </section>

        <section aria-labelledby="holds-new-title" class="app-runs__section">
          <h2 class="govuk-heading-m" id="holds-new-title">Record a hold</h2>
          <form class="app-form" novalidate data-form="find" role="search" aria-label="Find the person to hold">
            <div class="govuk-form-group">
              <label class="govuk-label govuk-label--s" for="holds-find">Find the person</label>
              <div class="govuk-hint" id="holds-find-hint">Name, account reference, postcode or NI number. A hold can also be recorded from the person's record.</div>
              <div class="app-inline-form">
                <input class="govuk-input govuk-input--width-20" id="holds-find" name="q" type="search" autocomplete="off" aria-describedby="holds-find-hint">
                <button type="submit" class="govuk-button govuk-button--secondary app-button--inline">Find</button>
              </div>
            </div>
          </form>
          <div data-found role="status"></div>
        </section>`,
    );
    this.element.querySelector('[data-hold-action]').addEventListener('submit', (event) => event.preventDefault());
    for (const b of this.element.querySelectorAll('button[data-release], button[data-treatment]')) {
      b.addEventListener('click', () => this.openAction(b.dataset.release ? 'release' : 'treatment', b.dataset.release || b.dataset.treatment));
    }
    const find = this.element.querySelector('form[data-form="find"]');
    find.addEventListener('submit', (event) => {
      event.preventDefault();
      this.find(find.elements.q.value);
    });
  }

  table(holds, today) {
    return html`<table class="govuk-table app-table app-holds">
      <caption class="govuk-visually-hidden">Holds in force or to come, by start date</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Hold</th>
          <th scope="col" class="govuk-table__header">On</th>
          <th scope="col" class="govuk-table__header">From</th>
          <th scope="col" class="govuk-table__header">Until</th>
          <th scope="col" class="govuk-table__header app-holds__review">Next review</th>
          <th scope="col" class="govuk-table__header">Evidence</th>
          <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        ${holds.map((h) => {
          const who = h.party_name || h.account_reference || '';
          return html`<tr class="govuk-table__row" data-hold="${h.id}">
            <td class="govuk-table__cell"><strong>${h.kind_label}</strong><br>${h.in_force
              ? html`<strong class="govuk-tag govuk-tag--red app-tag">In force</strong>`
              : html`<strong class="govuk-tag govuk-tag--yellow app-tag">Starts ${date(h.starts_on)}</strong>`}</td>
            <td class="govuk-table__cell">${h.party_id
              ? html`<a class="govuk-link" href="#/person/${encodeURIComponent(h.party_id)}">${h.party_name}</a><br><span class="govuk-body-s app-muted">All their debts</span>`
              : html`Account <a class="govuk-link app-ref" href="#/search?q=${encodeURIComponent(h.account_reference ?? '')}">${h.account_reference}</a>`}</td>
            <td class="govuk-table__cell app-nowrap">${date(h.starts_on)}</td>
            <td class="govuk-table__cell app-nowrap">${until(h)}</td>
            <td class="govuk-table__cell">${review(h, today)}</td>
            <td class="govuk-table__cell">${h.evidence || html`<span class="app-muted">None recorded</span>`}${h.adviser ? html`<br><span class="govuk-body-s">${h.adviser}</span>` : ''}</td>
            <td class="govuk-table__cell app-holds__actions">
              ${h.kind === 'mental_health_crisis' && !h.treatment_ended_on
                ? html`<button type="button" class="govuk-button govuk-button--secondary app-button--small" data-treatment="${h.id}">Treatment ended<span class="govuk-visually-hidden">: ${who}</span></button>`
                : ''}
              <button type="button" class="govuk-button govuk-button--secondary app-button--small" data-release="${h.id}">Release<span class="govuk-visually-hidden"> the ${h.kind_label} hold on ${who}</span></button>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  openAction(kind, holdId) {
    const h = this.holds.find((x) => x.id === holdId);
    if (!h) return;
    const slot = this.element.querySelector('[data-hold-action]');
    const who = h.party_name || `account ${h.account_reference}`;
    render(
      slot,
      html`<form class="app-form app-hold-action" novalidate data-form="${kind}" aria-labelledby="hold-action-title">
        <h3 class="govuk-heading-s" id="hold-action-title" tabindex="-1">${kind === 'release' ? `Release the ${h.kind_label} hold on ${who}` : `Crisis treatment ended: ${who}`}</h3>
        <error-summary></error-summary>
        ${kind === 'release'
          ? html`${field('released-on', 'First day it no longer holds', { name: 'releasedOn', value: this.app.today, hint: 'For example 2026-11-25. A moratorium cancelled on a day: the day after.' })}
              <div class="govuk-form-group" data-field="reason">
                <label class="govuk-label govuk-label--s" for="hold-release-reason">Why is it released?</label>
                ${errorSlot('hold-release-reason')}
                <input class="govuk-input" id="hold-release-reason" name="reason" type="text" autocomplete="off">
              </div>`
          : html`${field('treatment-ended', 'Day treatment ended', { name: 'treatmentEndedOn', hint: 'For example 2026-11-25. The moratorium ends 30 days later (the council\u2019s reading of the rule is in its policy).' })}
              ${field('treatment-evidence', 'Evidence', { name: 'evidence', width: 'govuk-!-width-two-thirds', hint: 'Who told us, and how' })}`}
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button">${kind === 'release' ? 'Release the hold' : 'Record the end of treatment'}</button>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="close">Cancel</button>
        </div>
      </form>`,
    );
    const form = slot.querySelector('form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitAction(kind, h, form);
    });
    form.querySelector('[data-action="close"]').addEventListener('click', () => {
      slot.replaceChildren();
      this.element.querySelector(`button[data-${kind === 'release' ? 'release' : 'treatment'}="${holdId}"]`)?.focus();
    });
    form.querySelector('input').focus();
  }

  async submitAction(kind, h, form) {
    clearInline(form);
    form.querySelector('error-summary').clear();
    try {
      let done;
      if (kind === 'release') {
        done = await api.releaseHold({ holdId: h.id, releasedOn: form.elements.releasedOn.value.trim(), reason: form.elements.reason.value });
        await this.show({ flash: `${done.kind_label} hold released from ${date(done.released_on)}. Its open tasks are cancelled.` });
      } else {
        done = await api.recordTreatmentEnded({ holdId: h.id, treatmentEndedOn: form.elements.treatmentEndedOn.value.trim(), evidence: form.elements.evidence.value });
        await this.show({ flash: `Treatment ended ${date(done.treatment_ended_on)}: the moratorium ends on ${date(done.last_day)}.` });
      }
    } catch (error) {
      const errors = errorsFrom(error, {
        releasedOn: { id: 'hold-released-on', label: 'First day it no longer holds' },
        reason: { id: 'hold-release-reason', label: 'Reason' },
        treatmentEndedOn: { id: 'hold-treatment-ended', label: 'Day treatment ended' },
      });
      showInline(form, errors);
      form.querySelector('error-summary').show(errors);
    }
  }

  async find(query) {
    const slot = this.element.querySelector('[data-found]');
    if (!query.trim()) {
      slot.replaceChildren();
      return;
    }
    try {
      const hits = await api.search(query.trim(), 10);
      render(
        slot,
        hits.length
          ? html`<ul class="govuk-list app-holds__found">
              ${hits.map((h) => html`<li><a class="govuk-link" href="#/holds/new/${encodeURIComponent(h.party_id)}">Record a hold for ${h.name}</a>
                <span class="govuk-body-s app-muted">${h.address}${h.accounts.length ? ` · ${h.accounts.map((a) => a.reference).join(', ')}` : ''}</span></li>`)}
            </ul>`
          : html`<p class="govuk-body">No one found for “${query.trim()}”.</p>`,
      );
    } catch (error) {
      render(slot, html`<p class="govuk-body govuk-error-message">${error.message}</p>`);
    }
  }

  // ---- Recording a hold ------------------------------------------------------------------------------------

  drawForm(person) {
    const p = person.party;
    const moratorium = HOLD_KINDS.filter((k) => k.moratorium).map((k) => k.code).join(' ');
    const others = HOLD_KINDS.filter((k) => !k.moratorium).map((k) => k.code).join(' ');
    const ends = HOLD_KINDS.filter((k) => k.endsOn).map((k) => k.code).join(' ');
    const reviews = HOLD_KINDS.filter((k) => k.review).map((k) => k.code).join(' ');
    render(
      this.element,
      html`<a class="govuk-back-link" href="#/person/${encodeURIComponent(p.id)}">Back to ${p.name}</a>
        <span class="govuk-caption-l">${p.name}</span>
        <h1 class="govuk-heading-l" tabindex="-1">Record a hold</h1>
        <form class="app-form app-hold-form" novalidate data-form="record">
          <error-summary></error-summary>
          <div class="govuk-form-group" data-field="partyId">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What does it cover?</legend>
              ${errorSlot('hold-covers')}
              <div class="govuk-radios govuk-radios--small" id="hold-covers">
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="hold-covers-all" name="covers" type="radio" value="" checked>
                  <label class="govuk-label govuk-radios__label" for="hold-covers-all">Every debt ${p.name} is liable for</label>
                </div>
                ${person.accounts.map((a) => html`<div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="hold-covers-${a.id}" name="covers" type="radio" value="${a.id}">
                  <label class="govuk-label govuk-radios__label" for="hold-covers-${a.id}">Only account <span class="app-ref">${a.reference}</span>, ${a.debt_type_label}</label>
                </div>`)}
              </div>
            </fieldset>
          </div>
          <div class="govuk-form-group" data-field="kind">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Kind of hold</legend>
              ${errorSlot('hold-kind')}
              <div class="govuk-radios govuk-radios--small" id="hold-kind">
                ${HOLD_KINDS.map((k, i) => html`<div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="hold-kind-${k.code}" name="kind" type="radio" value="${k.code}" ${i === 0 ? 'checked' : ''} aria-describedby="hold-kind-${k.code}-hint">
                  <label class="govuk-label govuk-radios__label" for="hold-kind-${k.code}">${k.label}</label>
                  <div class="govuk-hint govuk-radios__hint" id="hold-kind-${k.code}-hint">${k.hint}</div>
                </div>`)}
              </div>
            </fieldset>
          </div>
          ${field('registered-on', 'Day entered on the Breathing Space register', { name: 'registeredOn', kinds: moratorium, hint: 'For example 2026-11-25. The moratorium starts the next day.' })}
          ${field('starts-on', 'First day the hold applies', { name: 'startsOn', kinds: others, value: this.app.today, hint: 'For example 2026-11-25: the day of the order, of death, or the day raised' })}
          ${field('ends-on', 'Last day, if known', { name: 'endsOn', kinds: ends, hint: 'A standard Breathing Space: the end date in the notice (worked out if empty)' })}
          ${field('review-on', 'Review by', { name: 'reviewOn', kinds: reviews, hint: 'The council\u2019s default review period if empty' })}
          ${field('received-on', 'Notice or evidence received on', { name: 'noticeReceivedOn', value: this.app.today, hint: 'For example 2026-11-25' })}
          ${field('evidence', 'Evidence', { name: 'evidence', width: 'govuk-!-width-two-thirds', hint: 'For example: Insolvency Service notice BS123456, copy of the death certificate' })}
          ${field('adviser', 'Debt adviser or insolvency practitioner', { name: 'adviser', width: 'govuk-!-width-two-thirds', hint: 'Name and how to reach them' })}
          <div class="govuk-form-group" data-field="reason">
            <label class="govuk-label govuk-label--s" for="hold-reason">Reason</label>
            ${errorSlot('hold-reason')}
            <textarea class="govuk-textarea govuk-!-width-two-thirds" id="hold-reason" name="reason" rows="3"></textarea>
          </div>
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button">Record the hold</button>
            <a class="govuk-link" href="#/person/${encodeURIComponent(p.id)}">Cancel</a>
          </div>
        </form>`,
    );
    const form = this.element.querySelector('form[data-form="record"]');
    const sync = () => {
      const kind = form.querySelector('input[name="kind"]:checked').value;
      for (const group of form.querySelectorAll('[data-kinds]')) group.hidden = !group.dataset.kinds.split(' ').includes(kind);
    };
    for (const r of form.querySelectorAll('input[name="kind"]')) r.addEventListener('change', sync);
    sync();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.record(person, form);
    });
  }

  async record(person, form) {
    const value = (name) => {
      const input = form.elements[name];
      return input.closest('[data-kinds]')?.hidden ? undefined : input.value.trim() || undefined;
    };
    const accountId = form.querySelector('input[name="covers"]:checked').value;
    const kind = form.querySelector('input[name="kind"]:checked').value;
    clearInline(form);
    form.querySelector('error-summary').clear();
    try {
      const done = await api.recordHold({
        partyId: accountId ? undefined : person.party.id,
        accountId: accountId || undefined,
        kind,
        registeredOn: value('registeredOn'),
        startsOn: value('startsOn'),
        endsOn: value('endsOn'),
        reviewOn: value('reviewOn'),
        noticeReceivedOn: value('noticeReceivedOn'),
        reason: form.elements.reason.value,
        evidence: form.elements.evidence.value,
        adviser: form.elements.adviser.value,
      });
      const span = done.last_day ? `from ${date(done.starts_on)} until ${date(done.last_day)}` : `from ${date(done.starts_on)}`;
      this.pendingFlash = `${done.kind_label} recorded for ${person.party.name}, ${span}. ${plural(done.tasks.length, 'review task')} raised.`;
      location.hash = '#/holds';
    } catch (error) {
      const errors = errorsFrom(error, {
        partyId: { id: 'hold-covers-all', label: 'What it covers' },
        kind: { id: `hold-kind-${kind}`, label: 'Kind of hold' },
        registeredOn: { id: 'hold-registered-on', label: 'Day entered on the register' },
        startsOn: { id: 'hold-starts-on', label: 'First day' },
        endsOn: { id: 'hold-ends-on', label: 'Last day' },
        reviewOn: { id: 'hold-review-on', label: 'Review by' },
        noticeReceivedOn: { id: 'hold-received-on', label: 'Received on' },
        reason: { id: 'hold-reason', label: 'Reason' },
      });
      showInline(form, errors);
      form.querySelector('error-summary').show(errors);
    }
  }
}
