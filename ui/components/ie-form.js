// <ie-form>: the income and expenditure form in the SFS parts (household, income, fixed and flexible costs, priority and non-priority debts); it collects what is typed as text and shows Rust's figures, problems and guideline flags beside their lines. It never adds money up.
import { html, render } from '../lib/html.js';
import { sentence } from '../lib/form-errors.js';
import { dateParts, isoFromParts, money } from '../format.js';

/** The SFS parts in form order: [id, heading, catalogue section or null]. */
const PARTS = [
  ['household', 'Household', null],
  ['income', 'Income', 'income'],
  ['fixed', 'Fixed costs', 'fixed_costs'],
  ['flexible', 'Flexible costs', 'flexible_costs'],
  ['priority', 'Priority debts', null],
  ['non-priority', 'Non-priority debts', null],
];

/** Household counts: the StatementInput field, its label, the input id. */
const COUNTS = [
  ['dependentChildrenUnder16', 'Dependent children under 16', 'ie-children-under16'],
  ['dependentChildren16To18', 'Dependent children 16 to 18', 'ie-children-16to18'],
  ['otherDependants', 'Other dependants', 'ie-other-dependants'],
  ['nonDependants', 'Non-dependants', 'ie-non-dependants'],
  ['vehicles', 'Vehicles', 'ie-vehicles'],
];

/** Fields of the statement that are not lines or debts → the control to mark and focus, and its name. */
const FIXED_FIELDS = {
  takenOn: { id: 'ie-taken-day', label: 'Date of this statement' },
  'household.clientName': { id: 'ie-client-name', label: 'Client name' },
  'household.clientDateOfBirth': { id: 'ie-client-dob-day', label: 'Client date of birth' },
  'household.partnerName': { id: 'ie-partner-name', label: 'Partner name' },
  'household.partnerDateOfBirth': { id: 'ie-partner-dob-day', label: 'Partner date of birth' },
  'household.clientAddress': { id: 'ie-address', label: 'Address' },
  'household.housingTenure': { id: 'ie-tenure', label: 'Housing' },
  'household.clientEmploymentStatus': { id: 'ie-client-status-0', label: 'Client employment status' },
  'household.partnerEmploymentStatus': { id: 'ie-partner-status-0', label: 'Partner employment status' },
  savingsContribution: { id: 'ie-savings', label: 'Savings contribution' },
  debtAdminFee: { id: 'ie-admin-fee', label: 'Debt management fee' },
  tokenPayments: { id: 'ie-token', label: 'Token payments' },
  ...Object.fromEntries(COUNTS.map(([field, label, id]) => [`household.${field}`, { id, label }])),
};

const DEBT_COLUMNS = {
  creditor: ['creditor', 'Creditor'],
  amountOwed: ['owed', 'Amount owed'],
  offer: ['offer', 'Monthly offer'],
  notes: ['notes', 'Notes'],
};

/** A saved Statement (snake_case, as views carry it) in the shape the form and StatementInput use. */
export function statementInput(s) {
  const h = s.household ?? {};
  const debt = (d) => ({
    creditor: d.creditor ?? '', amountOwed: d.amount_owed ?? '', offer: d.offer ?? '',
    ccj: Boolean(d.ccj), council: Boolean(d.council), notes: d.notes ?? '',
  });
  return {
    household: {
      clientName: h.client_name ?? '',
      clientDateOfBirth: h.client_date_of_birth ?? '',
      jointApplication: Boolean(h.joint_application),
      partnerName: h.partner_name ?? '',
      partnerDateOfBirth: h.partner_date_of_birth ?? '',
      clientAddress: h.client_address ?? '',
      dependentChildrenUnder16: h.dependent_children_under_16 ?? 0,
      dependentChildren16To18: h.dependent_children_16_18 ?? 0,
      otherDependants: h.other_dependants ?? 0,
      nonDependants: h.non_dependants ?? 0,
      vehicles: h.vehicles ?? 0,
      housingTenure: h.housing_tenure ?? '',
      housingTenureOther: h.housing_tenure_other ?? '',
      clientEmploymentStatus: h.client_employment_status ?? [],
      clientEmploymentStatusOther: h.client_employment_status_other ?? '',
      partnerEmploymentStatus: h.partner_employment_status ?? [],
      partnerEmploymentStatusOther: h.partner_employment_status_other ?? '',
      assetUseConsidered: Boolean(h.asset_use_considered),
    },
    lines: (s.lines ?? []).map((l) => ({ item: l.item, amount: l.amount, frequency: l.frequency, notes: l.notes ?? '' })),
    savingsContribution: s.savings_contribution ?? '',
    savingsContributionConsidered: Boolean(s.savings_contribution_considered),
    debtAdminFee: s.debt_admin_fee ?? '',
    debtAdminFeeNotes: s.debt_admin_fee_notes ?? '',
    priorityDebts: (s.priority_debts ?? []).map(debt),
    nonPriorityDebts: (s.non_priority_debts ?? []).map(debt),
    tokenPayments: s.token_payments ?? '',
    notes: s.notes ?? [],
  };
}

/** "0.00" and "" show as an empty box, so the officer types over nothing. */
function amountText(value) {
  const t = String(value ?? '').trim();
  return /^0+(\.0+)?$/.test(t) ? '' : t;
}

/** "1971-03-14" or "1971-03-14T00:00:00Z" → day, month, year boxes. */
function dobParts(value) {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(String(value ?? ''));
  return dateParts(m ? m[1] : '');
}

function errorMessage(id) {
  return html`<p class="govuk-error-message" id="${id}-error" hidden><span class="govuk-visually-hidden">Error:</span> <span data-error-text></span></p>`;
}

function dateInput(prefix, legend, hint, value) {
  const parts = dateParts(value);
  return html`<div class="govuk-form-group" data-group="${prefix}">
    <fieldset class="govuk-fieldset" role="group" aria-describedby="${prefix}-hint">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${legend}</legend>
      <div class="govuk-hint" id="${prefix}-hint">${hint}</div>
      ${errorMessage(prefix)}
      <div class="govuk-date-input">
        ${[['day', 'Day', 2], ['month', 'Month', 2], ['year', 'Year', 4]].map(
          ([part, label, width]) => html`<div class="govuk-date-input__item">
            <div class="govuk-form-group">
              <label class="govuk-label govuk-date-input__label" for="${prefix}-${part}">${label}</label>
              <input class="govuk-input govuk-date-input__input govuk-input--width-${width}" id="${prefix}-${part}"
                type="text" inputmode="numeric" autocomplete="off" value="${parts[part]}">
            </div>
          </div>`,
        )}
      </div>
    </fieldset>
  </div>`;
}

function readDate(root, prefix) {
  const v = (part) => root.querySelector(`#${prefix}-${part}`).value;
  return isoFromParts({ day: v('day'), month: v('month'), year: v('year') });
}

function fillDate(root, prefix, iso) {
  const parts = dobParts(iso);
  for (const part of ['day', 'month', 'year']) root.querySelector(`#${prefix}-${part}`).value = parts[part];
}

export class IeForm extends HTMLElement {
  /** catalogue: from income_expenditure_catalogue; today: "YYYY-MM-DD". Builds the empty form once. */
  setup({ catalogue, today }) {
    this.catalogue = catalogue;
    this.today = today;
    this.repeatSeq = 0;
    this.debtSeq = 0;
    this.sent = null;
    const groupsOf = (section) => catalogue.groups.filter((g) => g.section === section);
    render(
      this,
      html`<form class="app-ie-form" novalidate aria-label="Income and expenditure statement">
        <p class="govuk-hint app-ie-form__keys" id="ie-keys-hint">
          Amounts are pounds and pence as the person gives them; choose how often. <kbd>Tab</kbd> moves through each
          line's amount, how often and note; <kbd>Enter</kbd> in an amount goes to the next line's amount. The overview
          is worked out as you type.
        </p>
        ${dateInput('ie-taken', 'Date of this statement', 'The day the figures were given. Not in the future.', this.today)}
        ${PARTS.map(([id, heading, section]) => html`<section class="app-ie-part" id="ie-part-${id}" aria-labelledby="ie-part-${id}-title">
          <h2 class="govuk-heading-m app-ie-part__title" id="ie-part-${id}-title">${heading}</h2>
          ${id === 'household' ? this.householdMarkup() : ''}
          ${section ? groupsOf(section).map((g) => this.groupMarkup(g)) : ''}
          ${id === 'flexible' ? this.savingsMarkup() : ''}
          ${id === 'priority' ? this.debtsMarkup('priority') : ''}
          ${id === 'non-priority' ? this.debtsMarkup('non-priority') : ''}
        </section>`)}
        <section class="app-ie-part" aria-labelledby="ie-part-notes-title">
          <h2 class="govuk-heading-m app-ie-part__title" id="ie-part-notes-title">Notes</h2>
          <div class="govuk-form-group" data-group="ie-notes">
            <label class="govuk-label govuk-label--s" for="ie-notes">Additional notes</label>
            <div class="govuk-hint" id="ie-notes-hint">Reasons for the debt, circumstances, anything temporary. One note a line.</div>
            <textarea class="govuk-textarea" id="ie-notes" rows="3" aria-describedby="ie-notes-hint"></textarea>
          </div>
        </section>
      </form>`,
    );
    this.form = this.querySelector('form');
    this.form.addEventListener('submit', (event) => event.preventDefault());
    this.form.addEventListener('input', () => this.changed());
    this.form.addEventListener('change', (event) => {
      if (event.target.matches('select, input[type="checkbox"]')) this.changed();
      if (event.target.id === 'ie-joint' || event.target.id === 'ie-tenure') this.reveal();
    });
    this.form.addEventListener('keydown', (event) => this.keydown(event));
    this.form.addEventListener('click', (event) => this.click(event));
  }

  householdMarkup() {
    const c = this.catalogue;
    const statuses = (who) => html`<div class="govuk-form-group" data-group="ie-${who}-status">
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${who === 'client' ? 'Client' : 'Partner'} employment status</legend>
        ${errorMessage(`ie-${who}-status`)}
        <div class="govuk-checkboxes govuk-checkboxes--small app-ie-checkbox-grid" data-module="govuk-checkboxes">
          ${c.employment_statuses.map((s, i) => html`<div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="ie-${who}-status-${i}" type="checkbox" value="${s}" data-status="${who}">
            <label class="govuk-label govuk-checkboxes__label" for="ie-${who}-status-${i}">${s}</label>
          </div>`)}
        </div>
      </fieldset>
    </div>`;
    return html`<div class="app-ie-household">
      <div class="app-form__row">
        ${this.textField('ie-client-name', 'Client name', 'govuk-input--width-20')}
        ${dateInput('ie-client-dob', 'Client date of birth', 'For example, 14 3 1971', '')}
      </div>
      ${this.textField('ie-address', 'Address', 'govuk-!-width-full')}
      <div class="govuk-form-group">
        <div class="govuk-checkboxes govuk-checkboxes--small">
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="ie-joint" type="checkbox" aria-controls="ie-partner">
            <label class="govuk-label govuk-checkboxes__label" for="ie-joint">Joint statement with a partner</label>
          </div>
        </div>
      </div>
      <div class="app-ie-partner" id="ie-partner" hidden>
        <div class="app-form__row">
          ${this.textField('ie-partner-name', 'Partner name', 'govuk-input--width-20')}
          ${dateInput('ie-partner-dob', 'Partner date of birth', 'For example, 2 11 1969', '')}
        </div>
      </div>
      <div class="app-ie-counts">
        ${COUNTS.map(([, label, id]) => html`<div class="govuk-form-group" data-group="${id}">
          <label class="govuk-label govuk-label--s" for="${id}">${label}</label>
          ${errorMessage(id)}
          <input class="govuk-input govuk-input--width-3" id="${id}" type="text" inputmode="numeric" autocomplete="off" value="0">
        </div>`)}
      </div>
      <div class="app-form__row">
        <div class="govuk-form-group" data-group="ie-tenure">
          <label class="govuk-label govuk-label--s" for="ie-tenure">Housing</label>
          ${errorMessage('ie-tenure')}
          <select class="govuk-select" id="ie-tenure">
            <option value="">Not known yet</option>
            ${c.housing_tenures.map((t) => html`<option value="${t}">${t === 'other' ? 'Other' : t}</option>`)}
          </select>
        </div>
        <div id="ie-tenure-other-wrap" hidden>
          ${this.textField('ie-tenure-other', 'Other housing', 'govuk-input--width-20')}
        </div>
      </div>
      ${statuses('client')}
      ${this.textField('ie-client-status-other', 'Client employment: other (optional)', 'govuk-input--width-20')}
      <div id="ie-partner-status-wrap" hidden>
        ${statuses('partner')}
        ${this.textField('ie-partner-status-other', 'Partner employment: other (optional)', 'govuk-input--width-20')}
      </div>
      <div class="govuk-form-group">
        <div class="govuk-checkboxes govuk-checkboxes--small">
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="ie-assets" type="checkbox">
            <label class="govuk-label govuk-checkboxes__label" for="ie-assets">Use of assets has been considered</label>
          </div>
        </div>
      </div>
      <p class="govuk-body-s app-ie-household__total" id="ie-household-total" aria-live="polite"></p>
    </div>`;
  }

  textField(id, label, width) {
    return html`<div class="govuk-form-group" data-group="${id}">
      <label class="govuk-label govuk-label--s" for="${id}">${label}</label>
      ${errorMessage(id)}
      <input class="govuk-input ${width}" id="${id}" type="text" autocomplete="off" spellcheck="false">
    </div>`;
  }

  frequencySelect(id, label) {
    return html`<select class="govuk-select app-ie-frequency" id="${id}" aria-label="${label}">
      ${this.catalogue.frequencies.map((f) => html`<option value="${f.code}"${f.code === 'monthly' ? ' selected' : ''}>${f.label}</option>`)}
    </select>`;
  }

  lineMarkup(item, key, label) {
    return html`<div class="app-ie-line" data-group="ie-line-${key}" data-line="${key}" data-item="${item.code}">
      <label class="govuk-label app-ie-line__label" id="ie-label-${key}" for="ie-amount-${key}">${label}</label>
      ${this.plainAmount(`ie-amount-${key}`)}
      ${this.frequencySelect(`ie-frequency-${key}`, `${label}: how often`)}
      <span class="app-ie-line__monthly" id="ie-monthly-${key}"></span>
      <input class="govuk-input app-ie-line__note" id="ie-note-${key}" type="text" autocomplete="off"
        aria-label="${label}: note${item.repeatable ? ' (what it is)' : ''}" placeholder="${item.repeatable ? 'What it is' : ''}">
      ${item.repeatable ? html`<button type="button" class="govuk-button govuk-button--secondary app-button--small app-button--inline app-ie-line__remove" data-action="remove-line" data-key="${key}">Remove<span class="govuk-visually-hidden"> ${label}</span></button>` : ''}
      ${errorMessage(`ie-line-${key}`)}
    </div>`;
  }

  repeatLine(item) {
    this.repeatSeq += 1;
    return this.lineMarkup(item, `${item.code}-${this.repeatSeq}`, `${item.label} ${this.repeatSeq}`);
  }

  groupMarkup(g) {
    const head = html`<div class="app-ie-line app-ie-line--head" aria-hidden="true">
      <span></span><span>Amount</span><span>How often</span><span class="app-ie-line__monthly">Monthly</span><span>Note</span>
    </div>`;
    return html`<fieldset class="govuk-fieldset app-ie-group" data-group-code="${g.code}">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s app-ie-group__legend">${g.label}</legend>
      ${head}
      <div class="app-ie-group__lines" data-lines="${g.code}">
        ${g.items.filter((i) => !i.repeatable).map((i) => this.lineMarkup(i, i.code, i.label))}
      </div>
      ${g.items.filter((i) => i.repeatable).map((i) => html`<button type="button" class="govuk-button govuk-button--secondary app-button--small" data-action="add-line" data-item="${i.code}">
        Add ${i.label.toLowerCase()}</button>`)}
      <p class="app-ie-group__total">
        <span>Total ${g.label.toLowerCase()}</span>
        <span class="app-ie-group__total-amount" id="ie-total-${g.code}">£0.00</span>
        <span class="app-ie-group__flag" id="ie-flag-${g.code}"></span>
      </p>
    </fieldset>`;
  }

  savingsMarkup() {
    return html`<fieldset class="govuk-fieldset app-ie-group">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s app-ie-group__legend">Savings and fees</legend>
      <div class="app-form__row">
        <div class="govuk-form-group" data-group="ie-savings">
          <label class="govuk-label govuk-label--s" for="ie-savings">Monthly savings contribution</label>
          ${errorMessage('ie-savings')}
          ${this.plainAmount('ie-savings')}
        </div>
        <div class="govuk-form-group" data-group="ie-admin-fee">
          <label class="govuk-label govuk-label--s" for="ie-admin-fee">Monthly debt management fee</label>
          ${errorMessage('ie-admin-fee')}
          ${this.plainAmount('ie-admin-fee')}
        </div>
      </div>
      <div class="govuk-form-group">
        <div class="govuk-checkboxes govuk-checkboxes--small">
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="ie-savings-considered" type="checkbox">
            <label class="govuk-label govuk-checkboxes__label" for="ie-savings-considered">A savings contribution has been considered</label>
          </div>
        </div>
      </div>
      ${this.textField('ie-admin-fee-notes', 'Debt management plan (optional)', 'govuk-input--width-30')}
    </fieldset>`;
  }

  /** An amount box labelled by its own <label for>. */
  plainAmount(id) {
    return html`<div class="govuk-input__wrapper app-ie-amount">
      <div class="govuk-input__prefix" aria-hidden="true">£</div>
      <input class="govuk-input app-ie-amount__input" id="${id}" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" data-amount>
    </div>`;
  }

  debtsMarkup(kind) {
    const priority = kind === 'priority';
    return html`<p class="govuk-body-s app-muted">${priority
      ? 'Council tax, rent or mortgage arrears, gas and electricity, court fines, child maintenance, TV licence, income tax and VAT, HP on essential goods. Council tax is always a priority debt.'
      : 'Credit cards, loans, catalogues, overdrafts, CCJ debts and, in most cases, benefit overpayments. What is left after the priority offers is shared between these in proportion to what is owed.'}</p>
      <div class="app-ie-debts" data-debts="${kind}"></div>
      <div class="govuk-button-group app-ie-debts__actions">
        <button type="button" class="govuk-button govuk-button--secondary app-button--small" data-action="add-debt" data-kind="${kind}">
          Add a ${priority ? 'priority' : 'non-priority'} debt</button>
        <button type="button" class="govuk-button govuk-button--secondary app-button--small" data-action="council-debts" data-kind="${kind}" hidden>
          Add the council's ${priority ? 'priority' : 'non-priority'} debts from their accounts</button>
      </div>
      ${priority ? '' : html`<div class="govuk-form-group" data-group="ie-token">
        <label class="govuk-label govuk-label--s" for="ie-token">Token payments (optional)</label>
        <div class="govuk-hint" id="ie-token-hint">A monthly token payment offered to each non-priority creditor, for example 1.00</div>
        ${errorMessage('ie-token')}
        <div class="govuk-input__wrapper app-ie-amount">
          <div class="govuk-input__prefix" aria-hidden="true">£</div>
          <input class="govuk-input app-ie-amount__input" id="ie-token" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" aria-describedby="ie-token-hint" data-amount>
        </div>
      </div>`}`;
  }

  debtRow(kind, d = {}) {
    this.debtSeq += 1;
    const n = this.debtSeq;
    const p = `ie-${kind}-${n}`;
    const priority = kind === 'priority';
    return html`<fieldset class="govuk-fieldset app-ie-debt" data-group="${p}" data-debt="${kind}" data-n="${n}">
      <legend class="govuk-fieldset__legend govuk-visually-hidden">${priority ? 'Priority' : 'Non-priority'} debt ${n}</legend>
      <div class="app-ie-debt__row">
        <div class="app-ie-debt__field app-ie-debt__field--creditor">
          <label class="govuk-label govuk-label--s" for="${p}-creditor">Creditor</label>
          <input class="govuk-input" id="${p}-creditor" type="text" autocomplete="off" value="${d.creditor ?? ''}">
        </div>
        <div class="app-ie-debt__field">
          <label class="govuk-label govuk-label--s" for="${p}-owed">Owed</label>
          <div class="govuk-input__wrapper app-ie-amount">
            <div class="govuk-input__prefix" aria-hidden="true">£</div>
            <input class="govuk-input app-ie-amount__input" id="${p}-owed" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" value="${amountText(d.amountOwed)}" data-amount>
          </div>
        </div>
        <div class="app-ie-debt__field">
          <label class="govuk-label govuk-label--s" for="${p}-offer">Monthly offer</label>
          <div class="govuk-input__wrapper app-ie-amount">
            <div class="govuk-input__prefix" aria-hidden="true">£</div>
            <input class="govuk-input app-ie-amount__input" id="${p}-offer" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" value="${amountText(d.offer)}" data-amount>
          </div>
        </div>
        ${priority ? '' : html`<p class="app-ie-debt__share"><span class="app-ie-debt__share-label">Pro-rata share</span> <span id="${p}-share"></span></p>`}
      </div>
      <div class="app-ie-debt__row app-ie-debt__row--second">
        <div class="govuk-checkboxes govuk-checkboxes--small app-ie-debt__flags">
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="${p}-council" type="checkbox"${d.council ? ' checked' : ''}>
            <label class="govuk-label govuk-checkboxes__label" for="${p}-council">This council's debt</label>
          </div>
          ${priority ? '' : html`<div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="${p}-ccj" type="checkbox"${d.ccj ? ' checked' : ''}>
            <label class="govuk-label govuk-checkboxes__label" for="${p}-ccj">County court judgment</label>
          </div>`}
        </div>
        <div class="app-ie-debt__field app-ie-debt__field--notes">
          <label class="govuk-label govuk-visually-hidden" for="${p}-notes">Notes</label>
          <input class="govuk-input" id="${p}-notes" type="text" autocomplete="off" placeholder="Notes" value="${d.notes ?? ''}">
        </div>
        <button type="button" class="govuk-button govuk-button--secondary app-button--small app-button--inline" data-action="remove-debt" data-group-id="${p}">
          Remove<span class="govuk-visually-hidden"> ${priority ? 'priority' : 'non-priority'} debt ${n}</span></button>
      </div>
      ${errorMessage(p)}
    </fieldset>`;
  }

  addDebt(kind, d, { focus = false } = {}) {
    const box = this.querySelector(`[data-debts="${kind}"]`);
    box.insertAdjacentHTML('beforeend', this.debtRow(kind, d).text);
    if (focus) box.lastElementChild.querySelector('input').focus();
  }

  /** Fills the form from a StatementInput (camelCase) and a date; leaves nothing from before. */
  load(statement, takenOn) {
    const s = statement ?? {};
    const h = s.household ?? {};
    const $ = (id) => this.querySelector(`#${id}`);
    fillDate(this, 'ie-taken', takenOn || this.today);
    $('ie-client-name').value = h.clientName ?? '';
    fillDate(this, 'ie-client-dob', h.clientDateOfBirth);
    $('ie-address').value = h.clientAddress ?? '';
    $('ie-joint').checked = Boolean(h.jointApplication);
    $('ie-partner-name').value = h.partnerName ?? '';
    fillDate(this, 'ie-partner-dob', h.partnerDateOfBirth);
    for (const [field, , id] of COUNTS) $(id).value = String(h[field] ?? 0);
    $('ie-tenure').value = h.housingTenure ?? '';
    $('ie-tenure-other').value = h.housingTenureOther ?? '';
    for (const who of ['client', 'partner']) {
      const chosen = new Set(h[`${who}EmploymentStatus`] ?? []);
      for (const box of this.querySelectorAll(`input[data-status="${who}"]`)) box.checked = chosen.has(box.value);
      $(`ie-${who}-status-other`).value = h[`${who}EmploymentStatusOther`] ?? '';
    }
    $('ie-assets').checked = Boolean(h.assetUseConsidered);

    for (const el of this.querySelectorAll('.app-ie-line[data-item]')) {
      if (el.dataset.line !== el.dataset.item) {
        el.remove();
        continue;
      }
      $(`ie-amount-${el.dataset.line}`).value = '';
      $(`ie-frequency-${el.dataset.line}`).value = 'monthly';
      $(`ie-note-${el.dataset.line}`).value = '';
    }
    for (const line of s.lines ?? []) {
      const item = this.catalogue.groups.flatMap((g) => g.items).find((i) => i.code === line.item);
      if (!item) continue;
      let key = item.code;
      if (item.repeatable) {
        const group = this.catalogue.groups.find((g) => g.items.includes(item));
        this.querySelector(`[data-lines="${group.code}"]`).insertAdjacentHTML('beforeend', this.repeatLine(item).text);
        key = `${item.code}-${this.repeatSeq}`;
      }
      $(`ie-amount-${key}`).value = amountText(line.amount);
      $(`ie-frequency-${key}`).value = line.frequency || 'monthly';
      $(`ie-note-${key}`).value = line.notes ?? '';
    }
    $('ie-savings').value = amountText(s.savingsContribution);
    $('ie-savings-considered').checked = Boolean(s.savingsContributionConsidered);
    $('ie-admin-fee').value = amountText(s.debtAdminFee);
    $('ie-admin-fee-notes').value = s.debtAdminFeeNotes ?? '';
    for (const kind of ['priority', 'non-priority']) {
      this.querySelector(`[data-debts="${kind}"]`).replaceChildren();
      const list = (kind === 'priority' ? s.priorityDebts : s.nonPriorityDebts) ?? [];
      for (const d of list.length ? list : [{}]) this.addDebt(kind, d);
    }
    $('ie-token').value = amountText(s.tokenPayments);
    $('ie-notes').value = (s.notes ?? []).join('\n');
    this.reveal();
    this.clearProblems();
  }

  /** Partner fields only on a joint statement; "other housing" only for Other. */
  reveal() {
    const joint = this.querySelector('#ie-joint').checked;
    this.querySelector('#ie-partner').hidden = !joint;
    this.querySelector('#ie-partner-status-wrap').hidden = !joint;
    this.querySelector('#ie-tenure-other-wrap').hidden = this.querySelector('#ie-tenure').value !== 'other';
  }

  /**
   * What is typed, as compute/save_income_expenditure take it (text as typed, trimmed), with `fields`: each
   * input field name Rust may name in a problem → { id, label } of the control, and `local`: problems found
   * here (a count that is not a whole number).
   */
  collect() {
    const $ = (id) => this.querySelector(`#${id}`);
    const v = (id) => $(id).value.trim();
    const fields = { ...FIXED_FIELDS };
    const local = [];
    const count = (field, label, id) => {
      const text = v(id);
      if (text === '') return 0;
      if (!/^\d{1,3}$/.test(text)) {
        local.push({ field: `household.${field}`, reason: 'must be a whole number, for example 2' });
        return 0;
      }
      return Number(text);
    };
    const joint = $('ie-joint').checked;
    const household = {
      clientName: v('ie-client-name'),
      clientDateOfBirth: readDate(this, 'ie-client-dob'),
      jointApplication: joint,
      partnerName: joint ? v('ie-partner-name') : '',
      partnerDateOfBirth: joint ? readDate(this, 'ie-partner-dob') : '',
      clientAddress: v('ie-address'),
      ...Object.fromEntries(COUNTS.map(([field, label, id]) => [field, count(field, label, id)])),
      housingTenure: $('ie-tenure').value,
      housingTenureOther: $('ie-tenure').value === 'other' ? v('ie-tenure-other') : '',
      clientEmploymentStatus: [...this.querySelectorAll('input[data-status="client"]:checked')].map((b) => b.value),
      clientEmploymentStatusOther: v('ie-client-status-other'),
      partnerEmploymentStatus: joint ? [...this.querySelectorAll('input[data-status="partner"]:checked')].map((b) => b.value) : [],
      partnerEmploymentStatusOther: joint ? v('ie-partner-status-other') : '',
      assetUseConsidered: $('ie-assets').checked,
    };
    const lines = [];
    const lineKeys = [];
    for (const el of this.querySelectorAll('.app-ie-line[data-item]')) {
      const key = el.dataset.line;
      const amount = v(`ie-amount-${key}`);
      const notes = v(`ie-note-${key}`);
      if (!amount && !notes) continue;
      const label = $(`ie-label-${key}`).textContent;
      fields[`lines[${lines.length}].amount`] = { id: `ie-amount-${key}`, label };
      fields[`lines[${lines.length}].item`] = { id: `ie-amount-${key}`, label };
      lineKeys.push(key);
      lines.push({ item: el.dataset.item, amount, frequency: $(`ie-frequency-${key}`).value, notes });
    }
    const debts = (kind, name) => [...this.querySelectorAll(`[data-debt="${kind}"]`)].map((el, i) => {
      const p = `ie-${kind}-${el.dataset.n}`;
      const which = `${kind === 'priority' ? 'Priority' : 'Non-priority'} debt ${i + 1}`;
      for (const [field, [suffix, label]] of Object.entries(DEBT_COLUMNS)) {
        fields[`${name}[${i}].${field}`] = { id: `${p}-${suffix}`, label: `${which}: ${label.toLowerCase()}`, group: p };
      }
      const d = { creditor: v(`${p}-creditor`), amountOwed: v(`${p}-owed`), offer: v(`${p}-offer`), ccj: false, council: $(`${p}-council`).checked, notes: v(`${p}-notes`) };
      if (kind !== 'priority') d.ccj = $(`${p}-ccj`).checked;
      return d;
    });
    const statement = {
      household,
      lines,
      savingsContribution: v('ie-savings'),
      savingsContributionConsidered: $('ie-savings-considered').checked,
      debtAdminFee: v('ie-admin-fee'),
      debtAdminFeeNotes: v('ie-admin-fee-notes'),
      priorityDebts: debts('priority', 'priorityDebts'),
      nonPriorityDebts: debts('non-priority', 'nonPriorityDebts'),
      tokenPayments: v('ie-token'),
      notes: $('ie-notes').value.split('\n').map((n) => n.trim()).filter(Boolean),
    };
    this.sent = { lineKeys, nonPriority: [...this.querySelectorAll('[data-debt="non-priority"]')].map((el) => `ie-non-priority-${el.dataset.n}`) };
    return { statement, takenOn: readDate(this, 'ie-taken'), fields, local };
  }

  /** Shows Rust's figures beside the lines: monthly equivalents, group totals, guideline flags, pro-rata shares. */
  showFigures(view) {
    const freq = Object.fromEntries(this.catalogue.frequencies.map((f) => [f.code, f]));
    for (const el of this.querySelectorAll('.app-ie-line__monthly[id]')) el.textContent = '';
    // The lines Rust read are the lines sent, in order (every item sent is a catalogue item).
    const keys = this.sent?.lineKeys ?? [];
    (view.statement?.lines ?? []).forEach((line, i) => {
      const key = keys[i];
      const cell = key && this.querySelector(`#ie-monthly-${key}`);
      if (!cell) return;
      cell.textContent = line.frequency === 'monthly' ? '' : money(line.monthly);
      cell.title = line.frequency === 'monthly' ? '' : `${freq[line.frequency]?.rule ?? ''}`;
    });
    for (const g of view.groups ?? []) {
      const total = this.querySelector(`#ie-total-${g.group}`);
      if (total) total.textContent = money(g.total);
      const flag = this.querySelector(`#ie-flag-${g.group}`);
      if (flag) flag.replaceChildren();
    }
    for (const c of view.guideline_checks ?? []) {
      const flag = this.querySelector(`#ie-flag-${c.group}`);
      if (!flag) continue;
      render(flag, c.over
        ? html`<strong class="govuk-tag govuk-tag--${c.explained ? 'yellow' : 'red'} app-tag">Over guideline</strong>
          <span class="app-ie-group__flag-text">The guideline for ${composition(c.household)} is ${money(c.guideline)}.
          ${c.explained ? 'A note explains it.' : 'Add a note saying why (it is not refused).'}</span>`
        : html`<span class="app-ie-group__flag-text app-muted">Within the guideline of ${money(c.guideline)}</span>`);
    }
    const shares = view.non_priority_shares ?? [];
    (this.sent?.nonPriority ?? []).forEach((p, i) => {
      const cell = this.querySelector(`#${p}-share`);
      if (cell) cell.textContent = shares[i] !== undefined ? money(shares[i]) : '';
    });
    const total = this.querySelector('#ie-household-total');
    if (total && view.total_number_in_household !== undefined) {
      total.textContent = `${view.total_number_in_household} in the household (${composition(view.household_composition)} for the spending guidelines).`;
    }
  }

  clearProblems() {
    for (const group of this.querySelectorAll('.govuk-form-group--error, .app-ie-line--error, .app-ie-debt--error')) {
      group.classList.remove('govuk-form-group--error', 'app-ie-line--error', 'app-ie-debt--error');
    }
    for (const message of this.querySelectorAll('.govuk-error-message')) message.hidden = true;
    for (const control of this.querySelectorAll('.govuk-input--error, .govuk-select--error')) {
      control.classList.remove('govuk-input--error', 'govuk-select--error');
    }
    for (const control of this.querySelectorAll('[data-error-described]')) {
      const ids = control.getAttribute('aria-describedby').split(/\s+/).filter((id) => id !== control.dataset.errorDescribed);
      if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
      else control.removeAttribute('aria-describedby');
      delete control.dataset.errorDescribed;
    }
  }

  /**
   * Marks each problem's control and shows its message beside it. problems: [{ field, reason }] named as the
   * input names them; fields: from collect(). Returns [{ text, target }] for an error summary.
   */
  showProblems(problems, fields) {
    this.clearProblems();
    const out = [];
    const byGroup = new Map();
    for (const p of problems) {
      const f = fields[p.field];
      const said = f ? sentence(f.label, p.reason) : sentence('', p.reason);
      const text = f && !said.startsWith(f.label) ? `${f.label}: ${p.reason}` : said;
      out.push({ text, target: f?.id ?? null, field: p.field });
      const control = f && this.querySelector(`#${f.id}`);
      if (!control) continue;
      const group = control.closest('[data-group]');
      if (!group) continue;
      if (!byGroup.has(group)) byGroup.set(group, []);
      byGroup.get(group).push({ text, control });
    }
    for (const [group, list] of byGroup) {
      const cls = group.classList.contains('app-ie-line') ? 'app-ie-line--error'
        : group.classList.contains('app-ie-debt') ? 'app-ie-debt--error' : 'govuk-form-group--error';
      group.classList.add(cls);
      const message = group.querySelector(`#${group.dataset.group}-error`);
      if (message) {
        message.hidden = false;
        message.querySelector('[data-error-text]').textContent = list.map((x) => x.text).join(' ');
      }
      for (const { control } of list) {
        control.classList.add(control.tagName === 'SELECT' ? 'govuk-select--error' : 'govuk-input--error');
        if (message && !control.dataset.errorDescribed) {
          const ids = new Set((control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
          ids.add(message.id);
          control.setAttribute('aria-describedby', [...ids].join(' '));
          control.dataset.errorDescribed = message.id;
        }
      }
    }
    return out;
  }

  changed() {
    this.dispatchEvent(new CustomEvent('ie-change', { bubbles: true }));
  }

  /** Enter in an amount moves to the next amount (spreadsheet-style); Shift+Enter to the one before. */
  keydown(event) {
    if (event.key !== 'Enter' || !event.target.matches('input[data-amount]')) return;
    event.preventDefault();
    const amounts = [...this.querySelectorAll('input[data-amount]')].filter((el) => el.offsetParent !== null);
    const at = amounts.indexOf(event.target);
    const next = amounts[at + (event.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
      next.select();
    }
  }

  click(event) {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'add-line') {
      const item = this.catalogue.groups.flatMap((g) => g.items).find((i) => i.code === button.dataset.item);
      const group = this.catalogue.groups.find((g) => g.items.includes(item));
      const box = this.querySelector(`[data-lines="${group.code}"]`);
      box.insertAdjacentHTML('beforeend', this.repeatLine(item).text);
      box.lastElementChild.querySelector('input').focus();
    } else if (action === 'remove-line') {
      const row = this.querySelector(`[data-line="${button.dataset.key}"]`);
      const add = row.closest('fieldset').querySelector('button[data-action="add-line"]');
      row.remove();
      add?.focus();
      this.changed();
    } else if (action === 'add-debt') {
      this.addDebt(button.dataset.kind, {}, { focus: true });
    } else if (action === 'remove-debt') {
      const row = this.querySelector(`[data-group="${button.dataset.groupId}"]`);
      const kind = row.dataset.debt;
      row.remove();
      if (!this.querySelector(`[data-debt="${kind}"]`)) this.addDebt(kind, {});
      this.querySelector(`button[data-action="add-debt"][data-kind="${kind}"]`).focus();
      this.changed();
    } else if (action === 'council-debts') {
      this.dispatchEvent(new CustomEvent('ie-council-debts', { bubbles: true, detail: { kind: button.dataset.kind } }));
    }
  }

  /** Offers "Add the council's debts" when the screen knows some: debts = { priority: [...], 'non-priority': [...] }. */
  offerCouncilDebts(debts) {
    this.councilDebts = debts;
    for (const kind of ['priority', 'non-priority']) {
      this.querySelector(`button[data-action="council-debts"][data-kind="${kind}"]`).hidden = !(debts?.[kind]?.length);
    }
  }

  /** Adds debts (replacing an empty first row), e.g. the council's own from the person's accounts. */
  addDebts(kind, list) {
    const rows = [...this.querySelectorAll(`[data-debt="${kind}"]`)];
    const empty = (el) => [...el.querySelectorAll('input[type="text"]')].every((i) => !i.value.trim());
    for (const el of rows) if (empty(el)) el.remove();
    for (const d of list) this.addDebt(kind, d);
    this.querySelector(`[data-debt="${kind}"]:last-of-type input`)?.focus();
    this.changed();
  }
}

/** {adults: 1, children: 2, vehicles: 0} → "1A2C0V", as the spending guideline file writes it. */
export function composition(c) {
  if (!c) return '';
  return `${c.adults}A${c.children}C${c.vehicles === null || c.vehicles === undefined ? '' : `${c.vehicles}V`}`;
}

customElements.define('ie-form', IeForm);
