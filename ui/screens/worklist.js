// Worklist: today's tasks (hold reviews and expiries, Breathing Space deadlines, cases a run left out that need a decision, letters that came back undelivered) for the signed-in officer, the unallocated queue and everyone's for a team leader to allocate, and closing a task as done or cancelled.
import { html, render } from '../lib/html.js';
import { date, plural } from '../format.js';
import * as api from '../api.js';

const VIEWS = [
  { key: 'mine', text: 'My tasks' },
  { key: 'unallocated', text: 'Not allocated' },
  { key: 'everyone', text: 'Everyone’s' },
];

function flashBanner(flash) {
  if (!flash) return '';
  return html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert" aria-labelledby="wl-flash-title" tabindex="-1">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="wl-flash-title">Done</h2></div>
    <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${flash}</p></div>
  </div>`;
}

export class WorklistScreen {
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--worklist';
    this.seq = 0;
    this.view = 'mine';
  }

  async show({ view = 'mine', flash = null } = {}) {
    const seq = ++this.seq;
    this.view = VIEWS.some((v) => v.key === view) ? view : 'mine';
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    try {
      const [list, officers] = await Promise.all([
        api.worklist({ unallocated: this.view === 'unallocated', everyone: this.view === 'everyone' }),
        api.officers(),
      ]);
      if (seq !== this.seq) return;
      this.onTitle('Worklist');
      this.draw(list, officers, flash);
    } catch (error) {
      if (seq !== this.seq) return;
      render(this.element, html`<h1 class="govuk-heading-l" tabindex="-1">The worklist could not be opened</h1><p class="govuk-body">${error.message}</p>`);
    }
    if (seq !== this.seq) return;
    this.element.querySelector(flash ? '.app-flash' : 'h1')?.focus({ preventScroll: true });
  }

  draw(list, officers, flash) {
    this.list = list;
    this.officers = officers;
    const name = (id) => officers.find((o) => o.id === id)?.display_name ?? id;
    const allocating = this.view !== 'mine';
    render(
      this.element,
      html`${flashBanner(flash)}
        <h1 class="govuk-heading-l" tabindex="-1">Worklist</h1>
        <nav class="moj-sub-navigation" aria-label="Whose tasks">
          <ul class="moj-sub-navigation__list">
            ${VIEWS.map((v) => html`<li class="moj-sub-navigation__item">
              <a class="moj-sub-navigation__link" href="#/worklist?view=${v.key}" ${v.key === this.view ? html`aria-current="page"` : ''}>${v.text}</a>
            </li>`)}
          </ul>
        </nav>
        <p class="govuk-body" data-summary>${plural(list.tasks.length, 'task')} due by ${date(list.on)}${list.overdue ? html`, <strong>${list.overdue} overdue</strong>` : ''}.${this.view === 'mine' ? ` Signed in as ${this.app.info?.user_name ?? ''}.` : ''}</p>
        ${list.tasks.length
          ? html`<form class="app-form" novalidate data-form="tasks">
              <table class="govuk-table app-table app-worklist">
                <caption class="govuk-visually-hidden">Tasks due by ${date(list.on)}, oldest first</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    ${allocating ? html`<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Choose</span></th>` : ''}
                    <th scope="col" class="govuk-table__header">Due</th>
                    <th scope="col" class="govuk-table__header">Task</th>
                    <th scope="col" class="govuk-table__header">Case</th>
                    <th scope="col" class="govuk-table__header">With</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  ${list.tasks.map((t, i) => html`<tr class="govuk-table__row" data-task="${t.id}">
                    ${allocating
                      ? html`<td class="govuk-table__cell"><div class="govuk-checkboxes govuk-checkboxes--small"><div class="govuk-checkboxes__item">
                          <input class="govuk-checkboxes__input" id="wl-pick-${i}" name="task" type="checkbox" value="${t.id}">
                          <label class="govuk-label govuk-checkboxes__label" for="wl-pick-${i}"><span class="govuk-visually-hidden">Choose: ${t.title}</span></label>
                        </div></div></td>`
                      : ''}
                    <td class="govuk-table__cell app-nowrap">${date(t.due_on)}${t.due_on < list.on ? html`<br><strong class="govuk-tag govuk-tag--red app-tag">Overdue</strong>` : ''}</td>
                    <td class="govuk-table__cell"><strong>${t.title}</strong><br><span class="govuk-body-s">${t.detail}</span></td>
                    <td class="govuk-table__cell">${t.party_id
                      ? html`<a class="govuk-link" href="#/person/${encodeURIComponent(t.party_id)}">${t.party_name}</a>`
                      : ''}${t.account_reference
                      ? html`${t.party_id ? html`<br>` : ''}<a class="govuk-link app-ref" href="#/search?q=${encodeURIComponent(t.account_reference)}">${t.account_reference}</a>`
                      : ''}</td>
                    <td class="govuk-table__cell">${t.assigned_to ? name(t.assigned_to) : html`<span class="app-muted">Not allocated</span>`}</td>
                    <td class="govuk-table__cell app-worklist__actions">
                      <button type="button" class="govuk-button govuk-button--secondary app-button--small" data-close="done" data-id="${t.id}">Done<span class="govuk-visually-hidden">: ${t.title}</span></button>
                      <button type="button" class="govuk-button govuk-button--secondary app-button--small" data-close="cancelled" data-id="${t.id}">Not needed<span class="govuk-visually-hidden">: ${t.title}</span></button>
                    </td>
                  </tr>`)}
                </tbody>
              </table>
              ${allocating ? this.allocation(officers) : ''}
            </form>`
          : html`<p class="govuk-body app-muted" data-empty>${this.view === 'mine' ? 'Nothing is due for you today.' : 'No tasks are due.'}</p>`}
        <p class="govuk-body-s" role="status" data-status></p>`,
    );
    for (const b of this.element.querySelectorAll('button[data-close]')) {
      b.addEventListener('click', () => this.close(b.dataset.id, b.dataset.close));
    }
    const form = this.element.querySelector('form[data-form="tasks"]');
    form?.addEventListener('submit', (event) => {
      event.preventDefault();
      this.allocate(form);
    });
  }

  allocation(officers) {
    if (!officers.length) {
      return html`<p class="govuk-body app-muted" data-no-officers>No officers are set up on this computer yet, so tasks cannot be given to anyone.</p>`;
    }
    return html`<div class="app-worklist__allocate" data-field="officer">
      <error-summary></error-summary>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="wl-officer">Give the chosen tasks to</label>
        <select class="govuk-select" id="wl-officer" name="officer">
          ${officers.map((o) => html`<option value="${o.id}">${o.display_name} (${o.role.replace('_', ' ')})</option>`)}
          <option value="">Nobody: back to the unallocated queue</option>
        </select>
      </div>
      <button type="submit" class="govuk-button">Allocate</button>
    </div>`;
  }

  async allocate(form) {
    const ids = [...form.querySelectorAll('input[name="task"]:checked')].map((c) => c.value);
    const summary = form.querySelector('error-summary');
    summary.clear();
    try {
      const officer = form.elements.officer.value;
      const tasks = await api.allocateTasks(ids, officer || undefined);
      const who = officer ? this.officers.find((o) => o.id === officer)?.display_name ?? officer : 'the unallocated queue';
      await this.show({ view: this.view, flash: `${plural(tasks.length, 'task')} given to ${who}.` });
    } catch (error) {
      summary.show([{ text: error.field === 'taskIds' ? 'Choose at least one task' : error.message, target: error.field === 'taskIds' ? 'wl-pick-0' : null }]);
    }
  }

  async close(id, status) {
    try {
      const t = await api.closeTask(id, status);
      await this.show({ view: this.view, flash: `${t.title}: ${status === 'done' ? 'done' : 'closed as not needed'}.` });
    } catch (error) {
      this.element.querySelector('[data-status]').textContent = error.message;
    }
  }
}
