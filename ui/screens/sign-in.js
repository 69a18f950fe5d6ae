// Sign-in (issue 9): the gate before anything else. Sign in; or, on a first run with no database, set up the administrator and show the recovery key once; or, after an administrator set a password, choose a new one. Resolves with the Session once someone is signed in and needs nothing more.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, errorSlot } from '../lib/form-errors.js';
import * as api from '../api.js';

function passwordField(id, name, label, { hint = '', autocomplete = 'current-password' } = {}) {
  return html`<div class="govuk-form-group" data-field="${name}">
    <label class="govuk-label govuk-label--s" for="${id}">${label}</label>
    ${hint ? html`<div class="govuk-hint" id="${id}-hint">${hint}</div>` : ''}
    ${errorSlot(id)}
    <input class="govuk-input govuk-input--width-20" id="${id}" name="${name}" type="password" autocomplete="${autocomplete}" spellcheck="false" ${hint ? html`aria-describedby="${id}-hint"` : ''}>
  </div>`;
}

function textField(id, name, label, { autocomplete = 'off', value = '' } = {}) {
  return html`<div class="govuk-form-group" data-field="${name}">
    <label class="govuk-label govuk-label--s" for="${id}">${label}</label>
    ${errorSlot(id)}
    <input class="govuk-input govuk-input--width-20" id="${id}" name="${name}" type="text" autocomplete="${autocomplete}" spellcheck="false" autocapitalize="none" value="${value}">
  </div>`;
}

function banner(message) {
  if (!message) return '';
  return html`<div class="govuk-inset-text app-lock-reason" role="status">${message}</div>`;
}

/** Shows the right form in `el` and resolves with the Session when the user may go on. */
export function signInGate(el, status, { message = '' } = {}) {
  return new Promise((resolve) => {
    const done = (session) => (session.must_change_password ? drawChange(session) : resolve(session));

    function drawSignIn(text = message) {
      render(
        el,
        html`<div class="app-sign-in">
          <h1 class="govuk-heading-l">Sign in to Recovery Desk</h1>
          ${banner(text)}
          <error-summary></error-summary>
          <form class="app-sign-in__form" novalidate>
            ${textField('sign-in-username', 'username', 'Username', { autocomplete: 'username', value: sessionStorage.getItem('recovery-desk:last-user') ?? '' })}
            ${passwordField('sign-in-password', 'password', 'Password')}
            <button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button>
          </form>
          <p class="govuk-body-s app-muted">The case database is encrypted; your password opens it. Forgotten it? Ask an administrator to reset it.</p>
        </div>`,
      );
      const form = el.querySelector('form');
      const user = form.elements.username;
      (user.value ? form.elements.password : user).focus();
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const button = form.querySelector('button');
        button.disabled = true;
        try {
          const session = await api.signIn({ username: user.value.trim(), password: form.elements.password.value });
          sessionStorage.setItem('recovery-desk:last-user', session.username);
          done(session);
        } catch (error) {
          form.elements.password.value = '';
          const fields = { username: { id: 'sign-in-username', label: 'Username' }, password: { id: 'sign-in-password', label: 'Password' } };
          const errors = errorsFrom(error, fields);
          showInline(form, errors);
          el.querySelector('error-summary').show(errors, { title: 'You could not be signed in' });
          form.elements.password.focus();
        } finally {
          button.disabled = false;
        }
      });
    }

    function drawSetUp() {
      render(
        el,
        html`<div class="app-sign-in">
          <h1 class="govuk-heading-l">Set up Recovery Desk</h1>
          <p class="govuk-body">There is no case database on this computer yet. Create it, encrypted, with yourself as its administrator. You add the team's users afterwards.</p>
          <error-summary></error-summary>
          <form novalidate>
            ${textField('set-up-name', 'displayName', 'Your name', { autocomplete: 'name' })}
            ${textField('set-up-username', 'username', 'Username', { autocomplete: 'username' })}
            ${passwordField('set-up-password', 'password', 'Password', { hint: 'At least 10 characters. A few unrelated words make a strong one.', autocomplete: 'new-password' })}
            <button type="submit" class="govuk-button">Create the database</button>
          </form>
        </div>`,
      );
      const form = el.querySelector('form');
      form.elements.displayName.focus();
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          const out = await api.setUp({
            displayName: form.elements.displayName.value.trim(),
            username: form.elements.username.value.trim(),
            password: form.elements.password.value,
          });
          drawRecoveryKey(out);
        } catch (error) {
          const fields = {
            displayName: { id: 'set-up-name', label: 'Your name' },
            username: { id: 'set-up-username', label: 'Username' },
            password: { id: 'set-up-password', label: 'Password' },
          };
          const errors = errorsFrom(error, fields);
          showInline(form, errors);
          el.querySelector('error-summary').show(errors);
        }
      });
    }

    function drawRecoveryKey(out) {
      render(
        el,
        html`<div class="app-sign-in">
          <h1 class="govuk-heading-l">Write down the recovery key</h1>
          <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>This is shown once. It is the only way into the database if every password is lost. Keep it in the council's safe, not on this laptop.</strong>
          </div>
          <p class="govuk-body app-recovery-key" data-recovery-key><code>${out.recovery_key}</code></p>
          <button type="button" class="govuk-button" data-continue>I have written it down</button>
        </div>`,
      );
      el.querySelector('[data-continue]').addEventListener('click', () => done(out.session));
      el.querySelector('[data-continue]').focus();
    }

    function drawChange(session) {
      render(
        el,
        html`<div class="app-sign-in">
          <h1 class="govuk-heading-l">Choose a new password</h1>
          <p class="govuk-body">${session.display_name}, an administrator set your password. Choose your own before you go on.</p>
          <error-summary></error-summary>
          <form novalidate>
            ${passwordField('change-current', 'currentPassword', 'The password you were given')}
            ${passwordField('change-new', 'newPassword', 'New password', { hint: 'At least 10 characters.', autocomplete: 'new-password' })}
            <button type="submit" class="govuk-button">Save and go on</button>
          </form>
        </div>`,
      );
      const form = el.querySelector('form');
      form.elements.currentPassword.focus();
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          resolve(await api.changePassword({ currentPassword: form.elements.currentPassword.value, newPassword: form.elements.newPassword.value }));
        } catch (error) {
          const fields = { currentPassword: { id: 'change-current', label: 'The password you were given' }, newPassword: { id: 'change-new', label: 'New password' } };
          const errors = errorsFrom(error, fields);
          showInline(form, errors);
          el.querySelector('error-summary').show(errors);
        }
      });
    }

    if (status.state === 'needs_set_up') drawSetUp();
    else if (status.state === 'plain') {
      render(
        el,
        html`<div class="app-sign-in">
          <h1 class="govuk-heading-l">This database is not encrypted</h1>
          <p class="govuk-body">Recovery Desk keeps its case database encrypted. The file at <code>${status.db_path}</code> is a plain database, made by a script or a test. Move it away (or delete it) and start Recovery Desk again to set up an encrypted one.</p>
        </div>`,
      );
    } else drawSignIn();
  });
}
