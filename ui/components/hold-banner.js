// <hold-banner>: the unmissable banner listing a person's holds (kind, what it covers, from–until, reason) at the top of every screen about them.
import { html, render } from '../lib/html.js';
import { date } from '../format.js';

export class HoldBanner extends HTMLElement {
  /** holds: HoldView[] from the person view (in force now, or to come). */
  set holds(holds) {
    this._holds = holds ?? [];
    this.update();
  }

  get holds() {
    return this._holds ?? [];
  }

  update() {
    const holds = this.holds;
    if (!holds.length) {
      this.replaceChildren();
      return;
    }
    const inForce = holds.filter((h) => h.in_force);
    const title = inForce.length ? 'Recovery is on hold' : 'A hold starts soon';
    const lead = inForce.length
      ? 'Do not take any recovery action on the debts covered while a hold is in force.'
      : 'Recovery action is still possible, but a hold is due to start.';
    render(
      this,
      html`<div class="govuk-notification-banner app-hold-banner${inForce.length ? '' : ' app-hold-banner--future'}" role="region" aria-labelledby="hold-banner-title">
        <div class="govuk-notification-banner__header">
          <h2 class="govuk-notification-banner__title" id="hold-banner-title">${title}</h2>
        </div>
        <div class="govuk-notification-banner__content">
          <p class="govuk-body app-hold-banner__lead"><strong>${lead}</strong></p>
          <ul class="govuk-list app-hold-banner__list">
            ${holds.map(
              (h) => html`<li class="app-hold-banner__hold${h.in_force ? '' : ' app-hold-banner__hold--future'}">
                <strong class="app-hold-banner__kind">${h.kind_label}</strong>
                <span class="app-hold-banner__covers">${h.account_id ? `Account ${h.covers}` : h.covers}</span>
                <span class="app-hold-banner__dates">${dates(h)}</span>
                ${h.reason ? html`<span class="app-hold-banner__reason">${h.reason}</span>` : ''}
              </li>`,
            )}
          </ul>
        </div>
      </div>`,
    );
  }
}

function dates(h) {
  const from = h.in_force ? `from ${date(h.starts_on)}` : `starts ${date(h.starts_on)}`;
  return h.ends_on ? `${from} until ${date(h.ends_on)}` : `${from}, no end date`;
}

customElements.define('hold-banner', HoldBanner);
