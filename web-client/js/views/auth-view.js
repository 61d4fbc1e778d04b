// The sign-in and create-account forms. Server messages go next to the field they concern.

import { $, setText, show } from '../dom.js';
import { values, clearErrors, showReplyError, busy } from './forms.js';

export class AuthView {
  /** handlers: onSignIn({username, password}) and onRegister({username, password, email}) → reply */
  constructor(root, handlers) {
    this.root = root;
    this.notice = $('.auth-notice', root);
    this.signinForm = $('#signin-form', root);
    this.registerForm = $('#register-form', root);

    this.wire(this.signinForm, handlers.onSignIn, {
      fields: ['username', 'password'],
      byError: { bad_credentials: 'password' },
    });
    this.wire(this.registerForm, handlers.onRegister, {
      fields: ['username', 'password', 'email'],
      byError: { conflict: 'username' },
    });
  }

  wire(form, handler, errorRules) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const done = busy(form);
      try {
        const reply = await handler(values(form));
        if (!reply.ok) showReplyError(form, reply, errorRules);
        else form.reset();
      } finally {
        done();
      }
    });
  }

  show(visible) {
    show(this.root, visible);
  }

  get visible() {
    return !this.root.hidden;
  }

  /** A message above the forms (e.g. "You were signed out"); empty hides it. */
  setNotice(text) {
    setText(this.notice, text ?? '');
    show(this.notice, Boolean(text));
  }

  focus() {
    $('#signin-username', this.root).focus();
  }
}
