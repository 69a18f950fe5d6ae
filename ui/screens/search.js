// The search screen: one box, results as you type (debounced, stale answers ignored), ranked, with arrow-key navigation.
import { html, render } from '../lib/html.js';
import { debtType, debtTypeTag, plural } from '../format.js';
import * as api from '../api.js';

const DEBOUNCE_MS = 150;
const LIMIT = 50;

const EXAMPLES = [
  ['Name', ['Smith', 'Jane Smith', 'Patel Dev']],
  ['Address', ['12 High Street', 'Flat 3 Mill Lane']],
  ['Postcode', ['AD1 2BC', 'AD1']],
  ['Account reference', ['50012345', '2345 (the last digits)']],
  ['Phone', ['07700 900123', '+44 1632 960001']],
  ['Email', ['jane.smith@example.com']],
  ['NI number', ['QQ 12 34 56 C']],
];

export class SearchScreen {
  constructor({ onOpen }) {
    this.onOpen = onOpen;
    this.query = '';
    this.hits = null;
    this.error = null;
    this.seq = 0;
    this.timer = null;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--search';
    render(
      this.element,
      html`<h1 class="govuk-heading-l app-screen__title" tabindex="-1">Search</h1>
        <form class="app-search" role="search" novalidate aria-label="People and organisations">
          <div class="govuk-form-group app-search__group">
            <label class="govuk-label govuk-label--s" for="search-query">
              Name, address, postcode, account reference, phone, email or NI number
            </label>
            <div class="govuk-hint" id="search-hint">
              Results appear as you type. Press <kbd>/</kbd> anywhere to come back here,
              <kbd>↓</kbd> and <kbd>↑</kbd> to move through results, <kbd>Enter</kbd> to open one.
            </div>
            <input class="govuk-input app-search__input" id="search-query" name="q" type="search"
              autocomplete="off" autocapitalize="off" spellcheck="false" maxlength="200"
              aria-describedby="search-hint" aria-controls="search-results">
          </div>
        </form>
        <p class="govuk-body-s app-search__status" id="search-status" role="status" aria-live="polite"></p>
        <div id="search-results" class="app-search__results"></div>`,
    );
    this.input = this.element.querySelector('#search-query');
    this.status = this.element.querySelector('#search-status');
    this.results = this.element.querySelector('#search-results');

    this.input.addEventListener('input', () => this.schedule(this.input.value));
    this.element.querySelector('form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.enter();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        this.focusResult(0);
      } else if (event.key === 'Escape' && this.input.value) {
        event.preventDefault();
        this.input.value = '';
        this.schedule('');
      }
    });
    this.results.addEventListener('keydown', (event) => this.resultKeys(event));
    this.results.addEventListener('click', (event) => {
      // The whole row opens the person; the link itself handles its own click.
      const row = event.target.closest('tr[data-party]');
      if (row && !event.target.closest('a')) this.onOpen(row.dataset.party);
    });
    this.update();
  }

  /** Called by the router with the query from the address (#/search?q=...). */
  show(query) {
    if (query !== this.query || this.hits === null) {
      this.input.value = query;
      this.run(query);
    }
  }

  focusBox({ select = true } = {}) {
    this.input.focus();
    if (select) this.input.select();
  }

  schedule(query) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(query), DEBOUNCE_MS);
  }

  /** Runs a search; only the answer to the latest query is shown. */
  async run(query) {
    clearTimeout(this.timer);
    this.timer = null;
    const seq = ++this.seq;
    this.query = query;
    const q = query.trim();
    history.replaceState(null, '', q ? `#/search?q=${encodeURIComponent(q)}` : '#/search');
    if (!q) {
      this.hits = [];
      this.error = null;
      this.update();
      return;
    }
    try {
      const hits = await api.search(q, LIMIT);
      if (seq !== this.seq) return;
      this.hits = hits;
      this.error = null;
    } catch (error) {
      if (seq !== this.seq) return;
      this.hits = [];
      this.error = error;
    }
    this.update();
  }

  /** Enter in the box: search now; open the only result, or move to the first. */
  async enter() {
    if (this.timer || this.query !== this.input.value) await this.run(this.input.value);
    if (this.hits?.length === 1) this.onOpen(this.hits[0].party_id);
    else this.focusResult(0);
  }

  links() {
    return [...this.results.querySelectorAll('a.app-results__link')];
  }

  focusResult(index) {
    const links = this.links();
    if (!links.length) return;
    const i = Math.max(0, Math.min(index, links.length - 1));
    links[i].focus();
    links[i].closest('tr')?.scrollIntoView({ block: 'nearest' });
  }

  resultKeys(event) {
    const links = this.links();
    const i = links.indexOf(document.activeElement);
    if (i < 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      this.focusResult(i + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (i === 0) this.focusBox({ select: false });
      else this.focusResult(i - 1);
    } else if (event.key === 'Home') {
      event.preventDefault();
      this.focusResult(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      this.focusResult(links.length - 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.focusBox();
    }
  }

  update() {
    const q = this.query.trim();
    if (this.error) {
      this.status.textContent = 'Search failed';
      render(
        this.results,
        html`<div class="govuk-error-summary" role="alert">
          <h2 class="govuk-error-summary__title">Search failed</h2>
          <div class="govuk-error-summary__body"><p class="govuk-body">${this.error.message}</p></div>
        </div>`,
      );
      return;
    }
    if (!q) {
      this.status.textContent = '';
      render(this.results, help(html`<h2 class="govuk-heading-s">You can search by</h2>`));
      return;
    }
    const hits = this.hits ?? [];
    this.status.textContent = hits.length
      ? `${plural(hits.length, 'result')} for “${q}”${hits.length >= LIMIT ? `: the best ${LIMIT} are shown, add more words to narrow it` : ''}`
      : `No results for “${q}”`;
    if (!hits.length) {
      render(
        this.results,
        help(html`<h2 class="govuk-heading-s">No one matches “${q}”</h2>
          <p class="govuk-body-s">Check the spelling, try fewer words, or search another way:</p>`),
      );
      return;
    }
    render(
      this.results,
      html`<table class="govuk-table app-table app-results">
        <caption class="govuk-visually-hidden">Search results for “${q}”, best match first</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Name</th>
            <th scope="col" class="govuk-table__header">Address</th>
            <th scope="col" class="govuk-table__header">Matched on</th>
            <th scope="col" class="govuk-table__header">Accounts</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          ${hits.map(
            (hit, i) => html`<tr class="govuk-table__row app-results__row" data-party="${hit.party_id}">
              <td class="govuk-table__cell app-results__name">
                <a class="govuk-link app-results__link" href="#/person/${encodeURIComponent(hit.party_id)}" data-index="${i}">${hit.name || '(no name)'}</a>
                ${hit.kind === 'organisation' ? html`<span class="app-results__kind">Organisation</span>` : ''}
              </td>
              <td class="govuk-table__cell">${hit.address}</td>
              <td class="govuk-table__cell app-results__matched">${hit.matched}</td>
              <td class="govuk-table__cell">
                <ul class="govuk-list app-accounts-list">
                  ${hit.accounts.map(
                    (a) => html`<li class="${a.status === 'closed' ? 'app-accounts-list__closed' : ''}">
                      <span class="app-ref">${a.reference}</span>
                      <strong class="govuk-tag govuk-tag--${debtTypeTag(a.debt_type)} app-tag">${debtType(a.debt_type, { short: true })}</strong>
                      ${a.status === 'closed' ? html`<span class="app-muted">closed</span>` : ''}
                    </li>`,
                  )}
                  ${hit.more_accounts || hit.many_accounts
                    ? html`<li class="app-muted">and ${hit.more_accounts}${hit.many_accounts ? '+' : ''} more</li>`
                    : ''}
                </ul>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>`,
    );
  }
}

function help(heading) {
  return html`<div class="app-search-help">
    ${heading}
    <dl class="app-search-help__list">
      ${EXAMPLES.map(
        ([what, examples]) => html`<div class="app-search-help__row">
          <dt>${what}</dt>
          <dd>${examples.map((e, i) => html`${i ? ', ' : ''}<span class="app-example">${e}</span>`)}</dd>
        </div>`,
      )}
    </dl>
    <p class="govuk-body-s app-muted">Words can come in any order and can be the start of a word: “smi jan” finds Jane Smith.</p>
  </div>`;
}
