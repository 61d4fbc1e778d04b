// The connection indicator (announced to screen readers) and short messages (errors, notices).

import { $, h, setText } from '../dom.js';
import { plural } from '../format.js';

const LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const MESSAGE_MS = 10_000;

export class StatusView {
  constructor(indicator, messages) {
    this.indicator = indicator;
    this.text = $('.connection-text', indicator);
    this.messages = messages;
  }

  renderConnection(state, pending) {
    let text = LABELS[state] ?? state;
    if (pending > 0) {
      text += state === 'connected'
        ? ` · saving ${pending} ${plural(pending, 'change')}`
        : ` · ${pending} ${plural(pending, 'change')} waiting to be sent`;
    }
    this.indicator.dataset.state = state;
    setText(this.text, text);
  }

  /** Shows a message for a while; kind is 'error' or 'info'. */
  message(text, kind = 'error') {
    const close = h('button', { type: 'button', class: 'message-close', 'aria-label': 'Dismiss message', text: '×' });
    const el = h('div', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
      h('span', { class: 'message-text', text }), close);
    const remove = () => el.remove();
    close.addEventListener('click', remove);
    setTimeout(remove, MESSAGE_MS);
    this.messages.append(el);
    while (this.messages.children.length > 4) this.messages.firstElementChild.remove();
  }

  clearMessages() {
    this.messages.replaceChildren();
  }
}
