// <person-arrangements party-id="…">: the person screen's arrangements: each with where it stands today (on track, missed, broken, completed, cancelled, worked out by Rust), every payment paid, due, late or missed, the debts it covers and its history; plan a new one, check payments now, cancel, reinstate.
import { html, render } from '../lib/html.js';
import { date, dateTime, isoFromParts, isZero, money, plural } from '../format.js';
import * as api from '../api.js';

const STATE_TAGS = { on_track: 'green', missed: 'orange', broken: 'red', completed: 'blue', cancelled: 'grey' };
const PAYMENT = {
  paid: ['green', 'Paid'],
  due: ['grey', 'Due'],
  late: ['yellow', 'Late'],
  missed: ['red', 'Missed'],
};
const HOW = { phone: 'by phone', letter: 'by letter', adviser: 'through a debt adviser' };

export class PersonArrangements extends HTMLElement {
  connectedCallback() {
    const partyId = this.getAttribute('party-id');
    if (partyId && partyId !== this.loadedFor) this.load(partyId);
    if (!this.wired) {
      this.wired = true;
      this.addEventListener('click', (event) => this.click(event));
      this.addEventListener('submit', (event) => {
        event.preventDefault();
        this.submit(event.target);
      });
    }
  }

  async load(partyId, { message = null } = {}) {
    this.loadedFor = partyId;
    let list;
    try {
      list = await api.personArrangements(partyId);
    } catch (error) {
      if (this.loadedFor !== partyId) return;
      this.draw(html`<p class="govuk-body-s">The arrangements could not be loaded: ${error.message}</p>`);
      return;
    }
    if (this.loadedFor !== partyId) return;
    this.list = list;
    this.draw(
      html`${message ? html`<div class="govuk-inset-text app-arrangements__message" role="status" tabindex="-1">${message}</div>` : ''}
        ${list.length
          ? list.map((a) => arrangement(a))
          : html`<p class="govuk-body-s app-muted">No arrangement has been agreed.</p>`}`,
    );
    if (message) this.querySelector('.app-arrangements__message')?.focus();
  }

  draw(body) {
    const href = `#/person/${encodeURIComponent(this.loadedFor)}/arrangement`;
    render(
      this,
      html`<section class="app-arrangements" aria-labelledby="arrangements-title">
        <div class="app-section-header">
          <h2 class="govuk-heading-m app-section-title" id="arrangements-title">Arrangements</h2>
          <a class="govuk-button govuk-button--secondary app-button--small" href="${href}" data-plan-link>Plan an arrangement</a>
        </div>
        ${body}
      </section>`,
    );
  }

  find(id) {
    return this.list?.find((a) => a.id === id);
  }

  async click(event) {
    const button = event.target.closest('button[data-arrangement-action]');
    if (!button) return;
    const a = this.find(button.dataset.arrangement);
    if (!a) return;
    const action = button.dataset.arrangementAction;
    if (action === 'check') {
      button.disabled = true;
      try {
        const out = await api.monitorArrangement(a.id, true);
        const did = out.applied
          ? { default: 'the default letter was sent and a task raised', break: 'it is broken and recovery resumes', complete: 'it is completed' }[out.applied.action]
          : 'nothing to do today';
        await this.load(this.loadedFor, { message: `Arrangement ${a.reference} checked: ${did}. ${out.monitoring.reason.charAt(0).toUpperCase()}${out.monitoring.reason.slice(1)}.` });
      } catch (error) {
        button.disabled = false;
        this.problem(a.id, error.message);
      }
    } else if (action === 'cancel' || action === 'reinstate') {
      const form = this.querySelector(`form[data-form="${action}"][data-arrangement="${a.id}"]`);
      if (form) {
        form.hidden = !form.hidden;
        if (!form.hidden) form.querySelector('input, textarea')?.focus();
      }
    }
  }

  async submit(form) {
    const a = this.find(form.dataset.arrangement);
    if (!a) return;
    const reason = form.querySelector('[name="reason"]').value.trim();
    try {
      if (form.dataset.form === 'cancel') {
        await api.cancelArrangement({ arrangementId: a.id, reason });
        await this.load(this.loadedFor, { message: `Arrangement ${a.reference} cancelled: recovery resumes from the stage each debt had reached.` });
      } else {
        const part = (p) => form.querySelector(`[name="start-${p}"]`).value;
        const saved = await api.reinstateArrangement({
          arrangementId: a.id,
          reason,
          startOn: isoFromParts({ day: part('day'), month: part('month'), year: part('year') }),
          amount: form.querySelector('[name="amount"]').value.trim().replace(/^£/, '') || undefined,
        });
        await this.load(this.loadedFor, { message: `Arrangement ${saved.reference} reinstated: ${plural(saved.payments.length, 'payment')} of ${money(saved.amount)} from ${date(saved.payments[0].due_on, { long: true })}. A confirmation letter was issued.` });
      }
    } catch (error) {
      this.problem(a.id, error.message, form);
    }
  }

  problem(id, message, form) {
    const box = (form ?? this).querySelector(`[data-problem="${id}"]`) ?? this.querySelector(`[data-problem="${id}"]`);
    if (!box) return;
    render(box, html`<p class="govuk-error-message" role="alert">${message}</p>`);
  }
}

function arrangement(a) {
  const id = `arrangement-${a.id}`;
  const last = a.payments[a.payments.length - 1];
  const live = a.status === 'live';
  return html`<article class="app-arrangement app-arrangement--${a.state}" aria-labelledby="${id}" data-arrangement-card="${a.reference}">
    <div class="app-arrangement__header">
      <h3 class="govuk-heading-s app-arrangement__title" id="${id}">
        <span class="app-ref">${a.reference}</span>: ${money(a.amount)} ${a.frequency_label}
      </h3>
      <strong class="govuk-tag govuk-tag--${STATE_TAGS[a.state] ?? 'grey'} app-tag" data-state>${a.state_label}</strong>
    </div>
    <p class="govuk-body-s app-arrangement__monitoring" data-monitoring>${a.monitoring.charAt(0).toUpperCase()}${a.monitoring.slice(1)}.</p>
    <dl class="govuk-summary-list app-summary-list--compact app-arrangement__facts">
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Covers</dt>
        <dd class="govuk-summary-list__value">${a.debts.map((d, i) => html`${i ? html`<br>` : ''}${d.debt_type_label} ${d.year_label} <span class="app-ref">${d.account_reference}</span> <span class="app-muted">(${money(d.balance_at_start)} when agreed)</span>`)}</dd></div>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Paid so far</dt>
        <dd class="govuk-summary-list__value" data-paid>${money(a.paid)} of ${money(a.expected)} due${!isZero(a.behind) ? html`: <strong>${money(a.behind)} behind</strong>` : ''} <span class="app-muted">(${money(a.total)} in all)</span></dd></div>
      ${a.next ? html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Next payment</dt>
        <dd class="govuk-summary-list__value">${money(a.next.amount)} on ${date(a.next.due_on, { long: true })}</dd></div>` : ''}
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Agreed</dt>
        <dd class="govuk-summary-list__value">${date(a.agreed_on, { long: true })} ${HOW[a.agreed_how] ?? a.agreed_how} with ${a.agreed_with}, recorded by ${a.agreed_by}; paid by ${a.method === 'direct_debit' ? 'Direct Debit' : a.method_label.toLowerCase()}</dd></div>
      ${a.ended_on ? html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Ended</dt>
        <dd class="govuk-summary-list__value">${date(a.ended_on, { long: true })}: ${a.end_reason}</dd></div>` : ''}
    </dl>
    <details class="govuk-details app-arrangement__schedule" ${live ? html`open` : ''}>
      <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Schedule: ${plural(a.payments.length, 'payment')}${last ? html`, the last on ${date(last.due_on)}` : ''}</span></summary>
      <div class="govuk-details__text">
        <table class="govuk-table app-table">
          <caption class="govuk-visually-hidden">Payments of arrangement ${a.reference}</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">No.</th>
            <th scope="col" class="govuk-table__header">Due on</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Received</th>
            <th scope="col" class="govuk-table__header">Status</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            ${a.payments.map((p) => {
              const [tag, label] = PAYMENT[p.status] ?? ['grey', p.status];
              return html`<tr class="govuk-table__row" data-payment="${p.number}">
                <td class="govuk-table__cell govuk-table__cell--numeric">${p.number}</td>
                <td class="govuk-table__cell app-nowrap">${date(p.due_on)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">${money(p.amount)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">${money(p.paid)}</td>
                <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--${tag} app-tag" data-status>${label}</strong>${p.was_missed && p.status === 'paid' ? html` <span class="app-muted">(missed, made good)</span>` : ''}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
    </details>
    <h4 class="govuk-heading-s app-arrangement__history-title">History</h4>
    <ul class="govuk-list app-arrangement__history" data-history>
      ${a.events.map((e) => html`<li><strong>${e.label}</strong> · ${date(e.event_on, { long: true })}${e.pay_by ? html` · pay ${money(e.amount)} by ${date(e.pay_by, { long: true })}` : ''}
        <span class="app-muted">${e.created_by}, ${dateTime(e.created_at)}</span>${e.reason ? html`<br><span class="govuk-body-s">${e.reason}</span>` : ''}</li>`)}
    </ul>
    <div data-problem="${a.id}"></div>
    <div class="govuk-button-group app-arrangement__actions">
      ${live ? html`<button type="button" class="govuk-button govuk-button--secondary app-button--small" data-arrangement-action="check" data-arrangement="${a.id}">Check payments now<span class="govuk-visually-hidden"> for ${a.reference}</span></button>
        <button type="button" class="govuk-button govuk-button--warning app-button--small" data-arrangement-action="cancel" data-arrangement="${a.id}">Cancel<span class="govuk-visually-hidden"> arrangement ${a.reference}</span></button>` : ''}
      ${a.status === 'broken' || a.status === 'cancelled' ? html`<button type="button" class="govuk-button govuk-button--secondary app-button--small" data-arrangement-action="reinstate" data-arrangement="${a.id}">Reinstate<span class="govuk-visually-hidden"> arrangement ${a.reference}</span></button>` : ''}
    </div>
    ${live ? html`<form class="app-arrangement__form" data-form="cancel" data-arrangement="${a.id}" hidden novalidate>
      <div class="govuk-form-group">
        <label class="govuk-label" for="cancel-reason-${a.id}">Why is ${a.reference} cancelled?</label>
        <input class="govuk-input" id="cancel-reason-${a.id}" name="reason" type="text">
      </div>
      <button type="submit" class="govuk-button govuk-button--warning app-button--small">Cancel the arrangement</button>
    </form>` : ''}
    ${a.status === 'broken' || a.status === 'cancelled' ? html`<form class="app-arrangement__form" data-form="reinstate" data-arrangement="${a.id}" hidden novalidate>
      <div class="govuk-form-group">
        <label class="govuk-label" for="reinstate-reason-${a.id}">Why is ${a.reference} reinstated?</label>
        <input class="govuk-input" id="reinstate-reason-${a.id}" name="reason" type="text">
      </div>
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset" role="group">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">First payment of the new schedule</legend>
          <div class="govuk-date-input">
            ${[['day', 'Day', 2], ['month', 'Month', 2], ['year', 'Year', 4]].map(([part, label, width]) => html`<div class="govuk-date-input__item"><div class="govuk-form-group">
              <label class="govuk-label govuk-date-input__label" for="reinstate-${part}-${a.id}">${label}</label>
              <input class="govuk-input govuk-date-input__input govuk-input--width-${width}" id="reinstate-${part}-${a.id}" name="start-${part}" type="text" inputmode="numeric">
            </div></div>`)}
          </div>
        </fieldset>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label" for="reinstate-amount-${a.id}">Amount of each payment (leave blank for ${money(a.amount)})</label>
        <div class="govuk-input__wrapper"><div class="govuk-input__prefix" aria-hidden="true">£</div>
          <input class="govuk-input govuk-input--width-5" id="reinstate-amount-${a.id}" name="amount" type="text" inputmode="decimal"></div>
      </div>
      <button type="submit" class="govuk-button app-button--small">Reinstate the arrangement</button>
    </form>` : ''}
  </article>`;
}

customElements.define('person-arrangements', PersonArrangements);
