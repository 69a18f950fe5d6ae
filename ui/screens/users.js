// Users and security (issue 9). #/settings/users, for administrators: every user with their role (changed in place), disabling and enabling, resetting a forgotten password, adding a user, and the minutes before the app locks itself. #/account, for everyone: changing one's own password. The core refuses what a role may not do; this screen only shows it.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, errorSlot } from '../lib/form-errors.js';
import * as api from '../api.js';

function flashBanner(flash) {
  if (!flash) return '';
  return html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert" aria-labelledby="users-flash-title" tabindex="-1">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="users-flash-title">Done</h2></div>
    <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${flash}</p></div>
  </div>`;
}

function input(id, name, label, { type = 'text', hint = '', width = 'govuk-input--width-20', autocomplete = 'off' } = {}) {
  return html`<div class="govuk-form-group" data-field="${name}">
    <label class="govuk-label govuk-label--s" for="${id}">${label}</label>
    ${hint ? html`<div class="govuk-hint" id="${id}-hint">${hint}</div>` : ''}
    ${errorSlot(id)}
    <input class="govuk-input ${width}" id="${id}" name="${name}" type="${type}" autocomplete="${autocomplete}" spellcheck="false" ${hint ? html`aria-describedby="${id}-hint"` : ''}>
  </div>`;
}

function status(u) {
  if (u.disabled) return html`<strong class="govuk-tag govuk-tag--grey app-tag">Disabled</strong>`;
  if (u.must_change_password) return html`<strong class="govuk-tag govuk-tag--yellow app-tag">Must change password</strong>`;
  return html`<strong class="govuk-tag govuk-tag--green app-tag">Can sign in</strong>`;
}

export class UsersScreen {
  constructor({ app, onTitle, onSession }) {
    this.app = app;
    this.onTitle = onTitle;
    this.onSession = onSession;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--users';
    this.seq = 0;
  }

  async show({ view = 'users', flash = null } = {}) {
    const seq = ++this.seq;
    if (view === 'account') {
      this.onTitle('Your password');
      this.drawAccount(flash);
      return;
    }
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    try {
      const [users, settings] = await Promise.all([api.users(), api.securitySettings()]);
      if (seq !== this.seq) return;
      this.onTitle('Users and security');
      this.drawUsers(users, settings, flash);
    } catch (error) {
      if (seq !== this.seq) return;
      this.onTitle('Users and security');
      render(
        this.element,
        html`<h1 class="govuk-heading-l">Users and security</h1>
          <div class="govuk-inset-text" role="alert">${error.code === 'forbidden' ? 'Only a system administrator manages users.' : error.message}</div>`,
      );
    }
  }

  drawUsers(view, settings, flash) {
    const roleOptions = (selected) => view.roles.map((r) => html`<option value="${r.role}" ${r.role === selected ? 'selected' : ''}>${r.title}</option>`);
    render(
      this.element,
      html`${flashBanner(flash)}
        <h1 class="govuk-heading-l">Users and security</h1>
        <error-summary data-for="users"></error-summary>
        <table class="govuk-table app-table" data-users>
          <caption class="govuk-table__caption govuk-table__caption--m">Users</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Name</th>
            <th scope="col" class="govuk-table__header">Username</th>
            <th scope="col" class="govuk-table__header">Role</th>
            <th scope="col" class="govuk-table__header">Status</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr></thead>
          <tbody class="govuk-table__body">
            ${view.users.map(
              (u) => html`<tr class="govuk-table__row" data-user="${u.username}">
                <td class="govuk-table__cell">${u.display_name}${u.id === this.app.session?.user_id ? html` <span class="app-muted">(you)</span>` : ''}</td>
                <td class="govuk-table__cell"><code>${u.username}</code></td>
                <td class="govuk-table__cell">
                  <label class="govuk-visually-hidden" for="role-${u.id}">Role of ${u.display_name}</label>
                  <select class="govuk-select" id="role-${u.id}" data-role-of="${u.id}" ${u.disabled ? 'disabled' : ''}>${roleOptions(u.role)}</select>
                </td>
                <td class="govuk-table__cell">${status(u)}</td>
                <td class="govuk-table__cell app-nowrap">
                  ${u.disabled
                    ? html`<button type="button" class="govuk-button govuk-button--secondary app-button--small" data-enable="${u.id}">Enable<span class="govuk-visually-hidden"> ${u.display_name}</span></button>`
                    : html`<button type="button" class="govuk-button govuk-button--secondary app-button--small" data-reset="${u.id}">Reset password<span class="govuk-visually-hidden"> of ${u.display_name}</span></button>
                      ${u.id === this.app.session?.user_id ? '' : html`<button type="button" class="govuk-button govuk-button--warning app-button--small" data-disable="${u.id}">Disable<span class="govuk-visually-hidden"> ${u.display_name}</span></button>`}`}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
        <form class="app-add-user" data-add-user novalidate>
          <h2 class="govuk-heading-m">Add a user</h2>
          ${input('add-name', 'displayName', 'Name', { autocomplete: 'off' })}
          ${input('add-username', 'username', 'Username', { hint: 'Lower-case letters, digits, dots or dashes, such as j.smith.', width: 'govuk-input--width-10' })}
          <div class="govuk-form-group" data-field="role">
            <label class="govuk-label govuk-label--s" for="add-role">Role</label>
            <select class="govuk-select" id="add-role" name="role">${roleOptions('officer')}</select>
          </div>
          ${input('add-password', 'password', 'First password', { type: 'password', hint: 'At least 10 characters. Give it to them in person; they choose their own at first sign-in.', autocomplete: 'new-password' })}
          <button type="submit" class="govuk-button">Add user</button>
        </form>
        <form class="app-security-settings" data-security novalidate>
          <h2 class="govuk-heading-m">Lock</h2>
          <div class="govuk-form-group" data-field="idleLockMinutes">
            <label class="govuk-label govuk-label--s" for="idle-minutes">Lock after this many minutes without use</label>
            <div class="govuk-hint" id="idle-minutes-hint">Between 1 and 60. The app also locks when the computer sleeps.</div>
            ${errorSlot('idle-minutes')}
            <input class="govuk-input govuk-input--width-3" id="idle-minutes" name="idleLockMinutes" type="text" inputmode="numeric" value="${settings.idleLockMinutes}" aria-describedby="idle-minutes-hint">
          </div>
          <button type="submit" class="govuk-button govuk-button--secondary">Save</button>
        </form>
        <dialog class="app-dialog" data-password-dialog aria-labelledby="password-dialog-title"></dialog>`,
    );
    const summary = this.element.querySelector('error-summary[data-for="users"]');
    const fail = (error, form, fields = {}) => {
      const errors = errorsFrom(error, fields);
      if (form) showInline(form, errors);
      summary.show(errors);
    };
    const name = (id) => view.users.find((u) => u.id === id)?.display_name ?? 'the user';
    this.element.querySelector('.app-flash')?.focus();
    for (const select of this.element.querySelectorAll('[data-role-of]')) {
      select.addEventListener('change', async () => {
        try {
          const u = await api.setUserRole({ userId: select.dataset.roleOf, role: select.value });
          await this.show({ flash: `${u.display_name} is now a ${u.role_title.toLowerCase()}.` });
        } catch (error) {
          fail(error);
          select.value = view.users.find((u) => u.id === select.dataset.roleOf)?.role;
        }
      });
    }
    for (const b of this.element.querySelectorAll('[data-disable]')) {
      b.addEventListener('click', async () => {
        try {
          const u = await api.setUserDisabled({ userId: b.dataset.disable, disabled: true });
          await this.show({ flash: `${u.display_name} is disabled and can no longer open the database.` });
        } catch (error) {
          fail(error);
        }
      });
    }
    const askPassword = (title, action) => {
      const dialog = this.element.querySelector('[data-password-dialog]');
      render(
        dialog,
        html`<form method="dialog" novalidate>
          <h2 class="govuk-heading-m" id="password-dialog-title">${title}</h2>
          <error-summary></error-summary>
          ${input('dialog-password', 'password', 'First password', { type: 'password', hint: 'At least 10 characters. They choose their own at their next sign-in.', autocomplete: 'new-password' })}
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button">Save</button>
            <button type="button" class="govuk-button govuk-button--secondary" data-cancel>Cancel</button>
          </div>
        </form>`,
      );
      const form = dialog.querySelector('form');
      dialog.querySelector('[data-cancel]').addEventListener('click', () => dialog.close());
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          const flash = await action(form.elements.password.value);
          dialog.close();
          await this.show({ flash });
        } catch (error) {
          const errors = errorsFrom(error, { password: { id: 'dialog-password', label: 'First password' }, newPassword: { id: 'dialog-password', label: 'First password' } });
          showInline(form, errors.map((e) => ({ ...e, field: e.field === 'newPassword' ? 'password' : e.field })));
          dialog.querySelector('error-summary').show(errors);
        }
      });
      dialog.showModal();
      form.elements.password.focus();
    };
    for (const b of this.element.querySelectorAll('[data-reset]')) {
      b.addEventListener('click', () =>
        askPassword(`Reset the password of ${name(b.dataset.reset)}`, async (password) => {
          const u = await api.resetPassword({ userId: b.dataset.reset, newPassword: password });
          return `${u.display_name} has a new first password, to change at their next sign-in.`;
        }),
      );
    }
    for (const b of this.element.querySelectorAll('[data-enable]')) {
      b.addEventListener('click', () =>
        askPassword(`Enable ${name(b.dataset.enable)}`, async (password) => {
          const u = await api.setUserDisabled({ userId: b.dataset.enable, disabled: false, password });
          return `${u.display_name} can sign in again with the password you gave.`;
        }),
      );
    }
    const add = this.element.querySelector('[data-add-user]');
    add.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const u = await api.addUser({
          displayName: add.elements.displayName.value.trim(),
          username: add.elements.username.value.trim(),
          role: add.elements.role.value,
          password: add.elements.password.value,
        });
        await this.show({ flash: `${u.display_name} (${u.username}) added as a ${u.role_title.toLowerCase()}.` });
      } catch (error) {
        fail(error, add, {
          displayName: { id: 'add-name', label: 'Name' },
          username: { id: 'add-username', label: 'Username' },
          password: { id: 'add-password', label: 'First password' },
        });
      }
    });
    const sec = this.element.querySelector('[data-security]');
    sec.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const saved = await api.saveSecuritySettings({ idleLockMinutes: sec.elements.idleLockMinutes.value.trim() });
        this.app.onIdleMinutes?.(saved.idleLockMinutes);
        await this.show({ flash: `The app now locks after ${saved.idleLockMinutes} minutes without use.` });
      } catch (error) {
        fail(error, sec, { idleLockMinutes: { id: 'idle-minutes', label: 'Minutes' } });
      }
    });
  }

  drawAccount(flash) {
    render(
      this.element,
      html`${flashBanner(flash)}
        <h1 class="govuk-heading-l">Your password</h1>
        <p class="govuk-body">Your password opens the encrypted database. Changing it does not change the data.</p>
        <error-summary></error-summary>
        <form novalidate data-change-password>
          ${input('account-current', 'currentPassword', 'Current password', { type: 'password', autocomplete: 'current-password' })}
          ${input('account-new', 'newPassword', 'New password', { type: 'password', hint: 'At least 10 characters.', autocomplete: 'new-password' })}
          <button type="submit" class="govuk-button">Change password</button>
        </form>`,
    );
    this.element.querySelector('.app-flash')?.focus();
    const form = this.element.querySelector('form');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const session = await api.changePassword({ currentPassword: form.elements.currentPassword.value, newPassword: form.elements.newPassword.value });
        this.onSession?.(session);
        this.drawAccount('Your password is changed.');
      } catch (error) {
        const errors = errorsFrom(error, { currentPassword: { id: 'account-current', label: 'Current password' }, newPassword: { id: 'account-new', label: 'New password' } });
        showInline(form, errors);
        this.element.querySelector('error-summary').show(errors);
      }
    });
  }
}
