// <account-timetable account-id="…">: one account's recovery timetable on the person screen: the next step (its date, the rule and the regulation) or the hold that stops it, and per year the instalments with what was paid and the computed steps. Everything is computed in Rust (account_timetable).
import { html, render } from '../lib/html.js';
import { date, money } from '../format.js';
import { actionLabel, INSTALMENT_STATUS } from '../lib/recovery-words.js';
import * as api from '../api.js';

export class AccountTimetable extends HTMLElement {
  connectedCallback() {
    if (this.loaded === this.getAttribute('account-id')) return;
    this.load();
  }

  async load() {
    const id = this.getAttribute('account-id');
    this.loaded = id;
    render(this, html`<p class="govuk-body-s app-loading" role="status">Loading the timetable…</p>`);
    try {
      this.view = await api.accountTimetable(id);
      if (this.loaded !== id) return;
      this.draw();
    } catch (error) {
      if (this.loaded !== id) return;
      render(this, html`<p class="govuk-body-s govuk-error-message">The timetable could not be worked out: ${error.message}</p>`);
    }
  }

  draw() {
    const t = this.view;
    const ref = this.getAttribute('reference') || t.reference;
    const held = t.liabilities.filter((l) => l.held_by);
    const newestFirst = [...t.liabilities].reverse();
    const openYear = newestFirst.find((l) => l.timeline && l.balance !== '0.00') ?? newestFirst[0];
    render(
      this,
      html`<section class="app-timetable" aria-labelledby="tt-${t.account_id}">
        <h4 class="govuk-heading-s app-timetable__title" id="tt-${t.account_id}">Recovery timetable<span class="govuk-visually-hidden">, account ${ref}</span></h4>
        ${held.length
          ? html`<div class="app-timetable__held" role="note">
              <strong class="govuk-tag govuk-tag--red app-tag">On hold</strong>
              ${held.map((l) => html`<p class="govuk-body app-timetable__held-text"><strong>${l.year_label}:</strong> ${l.held_by.reason}
                <span class="app-muted">(${l.held_by.regulation}${l.held_by.until ? html`; no step until after ${date(l.held_by.until)}` : ''})</span></p>`)}
            </div>`
          : ''}
        ${next(t)}
        ${newestFirst.map((l) => year(l, l === openYear))}
        <p class="govuk-body-s app-muted app-timetable__rule">Payments: ${t.allocation_rule}. Between years: ${t.between_years_rule}.</p>
      </section>`,
    );
  }
}

function next(t) {
  if (!t.next) {
    return html`<p class="govuk-body app-timetable__next" data-next><span class="app-timetable__next-label">Next step:</span> none due. <span class="app-muted">Nothing owed, or the case is beyond the notices.</span></p>`;
  }
  const s = t.next.step;
  return html`<dl class="govuk-summary-list app-summary-list--compact app-timetable__next" data-next>
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">Next step</dt>
      <dd class="govuk-summary-list__value"><strong>${actionLabel(s.action)}</strong>, ${t.next.year_label}, from <strong>${date(s.on)}</strong>
        ${t.next.held_by ? html` <strong class="govuk-tag govuk-tag--red app-tag">Held</strong>` : ''}</dd>
    </div>
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">Why</dt>
      <dd class="govuk-summary-list__value">${s.reason}</dd>
    </div>
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">Rule</dt>
      <dd class="govuk-summary-list__value">${s.regulation} <span class="app-mono app-muted">${s.rule}</span></dd>
    </div>
  </dl>`;
}

function year(l, open) {
  const t = l.timeline;
  return html`<details class="govuk-details app-timetable__year" ${open ? 'open' : ''} data-year="${l.year_label}">
    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">${l.year_label}: balance ${money(l.balance)}${t?.next ? `, next ${actionLabel(t.next.action).toLowerCase()} from ${date(t.next.on)}` : ''}</span></summary>
    <div class="govuk-details__text">
      ${l.note ? html`<p class="govuk-body-s app-muted">${l.note}</p>` : ''}
      ${l.instalments.length ? instalments(l) : ''}
      ${t ? steps(l, t) : ''}
    </div>
  </details>`;
}

function instalments(l) {
  return html`<table class="govuk-table app-table app-timetable__instalments">
    <caption class="govuk-table__caption govuk-table__caption--s">Instalments ${l.year_label}${l.scheme && l.scheme !== 'invoice' ? html` <span class="app-muted">(${l.scheme === 'twelve' ? '12' : '10'} instalments, billed ${date(l.bill_date)})</span>` : ''}</caption>
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">No.</th>
        <th scope="col" class="govuk-table__header">Due</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Paid</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Unpaid</th>
        <th scope="col" class="govuk-table__header">Status</th>
      </tr>
    </thead>
    <tbody class="govuk-table__body">
      ${l.instalments.map((i) => {
        const s = INSTALMENT_STATUS[i.status] ?? { label: i.status, tag: '' };
        return html`<tr class="govuk-table__row">
          <td class="govuk-table__cell govuk-table__cell--numeric">${i.number}</td>
          <td class="govuk-table__cell app-nowrap">${date(i.due_on)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(i.amount)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(i.paid)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(i.unpaid)}</td>
          <td class="govuk-table__cell"><strong class="govuk-tag ${s.tag} app-tag">${s.label}</strong>${i.status === 'paid' && !i.paid_on_time ? html` <span class="govuk-body-s app-muted">late</span>` : ''}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function steps(l, t) {
  // What is computed so far, the next step, then what follows if nothing more is paid, in date order (the
  // projection starts with the next step itself: shown once).
  const same = (a, b) => a.action === b.action && a.on === b.on;
  const rows = [
    ...t.steps.map((s) => ({ s, when: '' })),
    ...(t.next ? [{ s: t.next, when: 'Next' }] : []),
    ...t.projection.filter((s) => !(t.next && same(s, t.next))).map((s) => ({ s, when: 'If unpaid' })),
  ].sort((a, b) => (a.s.on < b.s.on ? -1 : a.s.on > b.s.on ? 1 : 0));
  return html`${l.notices.length
      ? html`<p class="govuk-body-s">Notices issued: ${l.notices.map((n, i) => html`${i ? ', ' : ''}${actionLabel(n.kind)} ${date(n.issued_on)}`)}</p>`
      : ''}
    <dl class="govuk-summary-list app-summary-list--compact app-timetable__facts">
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Arrears due</dt><dd class="govuk-summary-list__value">${money(t.arrears)}</dd></div>
      ${t.earliest_summons_on ? html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Earliest summons</dt><dd class="govuk-summary-list__value">${date(t.earliest_summons_on)}</dd></div>` : ''}
      ${t.limitation_last_day ? html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Limitation</dt><dd class="govuk-summary-list__value">Apply by ${date(t.limitation_last_day)}</dd></div>` : ''}
    </dl>
    ${rows.length
      ? html`<table class="govuk-table app-table app-timetable__steps">
          <caption class="govuk-table__caption govuk-table__caption--s">Steps ${l.year_label}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">From</th>
              <th scope="col" class="govuk-table__header">Step</th>
              <th scope="col" class="govuk-table__header">Why</th>
              <th scope="col" class="govuk-table__header">Regulation</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            ${rows.map(({ s, when }) => html`<tr class="govuk-table__row${when === 'Next' ? ' app-row--current' : ''}">
              <td class="govuk-table__cell app-nowrap">${date(s.on)}</td>
              <td class="govuk-table__cell">${actionLabel(s.action)} ${when === 'Next' ? html`<strong class="govuk-tag govuk-tag--blue app-tag">Next</strong>` : when === 'If unpaid' ? html`<span class="govuk-body-s app-muted">if unpaid</span>` : ''}</td>
              <td class="govuk-table__cell">${s.reason}</td>
              <td class="govuk-table__cell">${s.regulation}</td>
            </tr>`)}
          </tbody>
        </table>`
      : ''}`;
}

customElements.define('account-timetable', AccountTimetable);
