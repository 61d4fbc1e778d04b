// The account dialog: change email, change password, delete the account (asks for the password).

import { $, setText } from '../dom.js';
import { values, clearErrors, showReplyError, busy } from './forms.js';

export class AccountView {
  /** handlers: onEmail({email, currentPassword}), onPassword({currentPassword, password}), onDelete({password}) → reply */
  constructor(dialog, handlers) {
    this.dialog = dialog;
    this.summary = $('.account-summary', dialog);
    this.emailForm = $('#email-form', dialog);
    this.passwordForm = $('#password-form', dialog);
    this.deleteForm = $('#delete-account-form', dialog);
    $('.account-close', dialog).addEventListener('click', () => dialog.close());

    this.wire(this.emailForm, (v) => handlers.onEmail({ email: v.email.trim() || null, currentPassword: v.currentPassword }), {
      fields: ['email', 'currentPassword'],
      byError: { bad_credentials: 'currentPassword' },
    }, 'Email saved.');
    this.wire(this.passwordForm, (v) => handlers.onPassword({ currentPassword: v.currentPassword, password: v.password }), {
      fields: ['password', 'currentPassword'],
      byError: { bad_credentials: 'currentPassword' },
    }, 'Password changed. Your other sessions were signed out.');
    this.wire(this.deleteForm, (v) => handlers.onDelete({ password: v.password }), {
      fields: ['password'],
      byError: { bad_credentials: 'password', bad_request: 'password' },
    }, null);
  }

  wire(form, send, rules, okText) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const status = $('.form-status', form);
      if (status) setText(status, '');
      const done = busy(form);
      try {
        const reply = await send(values(form));
        if (!reply.ok) {
          showReplyError(form, reply, rules);
          return;
        }
        for (const input of form.querySelectorAll('input[type="password"]')) input.value = '';
        if (status && okText) setText(status, okText);
      } finally {
        done();
      }
    });
  }

  open(me) {
    for (const form of [this.emailForm, this.passwordForm, this.deleteForm]) {
      form.reset();
      clearErrors(form);
      const status = $('.form-status', form);
      if (status) setText(status, '');
    }
    for (const input of this.dialog.querySelectorAll('.account-username')) input.value = me.username;
    $('#email-email', this.dialog).value = me.email ?? '';
    setText(this.summary, `Signed in as ${me.username}${me.joined ? `, member since ${new Date(me.joined).toLocaleDateString()}` : ''}.`);
    this.dialog.showModal();
    $('#email-email', this.dialog).focus();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }
}
