// The header's account bar: who is signed in, the account settings button and sign out.

import { $, setText, show } from '../dom.js';

export class AccountBarView {
  /** handlers: onAccount(), onSignOut() */
  constructor(root, handlers) {
    this.root = root;
    this.name = $('.me-name', root);
    this.accountButton = $('.account-button', root);
    this.accountButton.addEventListener('click', () => handlers.onAccount());
    $('.signout-button', root).addEventListener('click', () => handlers.onSignOut());
  }

  /** vm: {signedIn, username, profileLoaded} */
  render({ signedIn, username, profileLoaded }) {
    show(this.root, signedIn);
    this.accountButton.disabled = !profileLoaded;
    setText(this.name, username ?? '');
  }
}
