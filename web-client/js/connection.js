// The WebSocket connection: finds the address (GET /config.json), sends requests with ids, matches
// replies by `re`, dispatches events by `type`, and reconnects with exponential backoff and jitter.
//
// States: 'connecting' (first attempt), 'connected', 'reconnecting' (waiting or retrying after a
// loss), 'offline' (the browser says there is no network). request() never throws: when the socket
// is not open, or closes before the reply, it resolves with {ok: false, error: 'offline'}.

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
const CONFIG_TIMEOUT_MS = 5_000; // a server going down can leave a request unanswered forever
const HANDSHAKE_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 25_000; // a quiet connection is checked with a `ping` this often…
const HEARTBEAT_TIMEOUT_MS = 10_000; // …and given up (then reconnected) when the answer takes longer

export const OFFLINE = 'offline';

export class Connection {
  constructor({ configUrl = 'config.json' } = {}) {
    this.configUrl = configUrl;
    this.ws = null;
    this.state = 'connecting';
    this.attempt = 0;
    this.nextRequestId = 1;
    this.awaitingReply = new Map(); // request id -> resolve
    this.listeners = new Map(); // name -> Set of functions
    this.reconnectTimer = null;
    this.retrying = false;
    this.suspended = false;
    this.heartbeatTimer = null;
  }

  /** on('open'|'close'|'state'|'event'|<event type>, fn) → unsubscribe function. */
  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    return () => this.listeners.get(name).delete(fn);
  }

  emit(name, payload) {
    for (const fn of this.listeners.get(name) ?? []) {
      try {
        fn(payload);
      } catch (err) {
        console.error(`handler for ${name} failed`, err);
      }
    }
  }

  start() {
    window.addEventListener('online', () => this.reconnectNow());
    window.addEventListener('offline', () => {
      if (!this.isOpen()) this.setState(OFFLINE);
    });
    // Leaving the page closes the socket at once (others see us go offline), even when the browser keeps
    // the page in its back/forward cache; coming back from that cache connects again.
    window.addEventListener('pagehide', () => this.suspend());
    window.addEventListener('pageshow', (e) => {
      if (e.persisted) this.resume();
    });
    this.connect();
  }

  suspend() {
    this.suspended = true;
    if (this.reconnectTimer !== null) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    const ws = this.ws;
    if (ws) {
      this.closed(ws, 1000, 'page hidden');
      ws.close(1000, 'page hidden');
    }
  }

  resume() {
    if (!this.suspended) return;
    this.suspended = false;
    this.reconnectNow();
  }

  isOpen() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  async address() {
    // Asked on every attempt: a restarted server may listen on another WebSocket port.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), CONFIG_TIMEOUT_MS);
    try {
      const response = await fetch(this.configUrl, { cache: 'no-store', signal: abort.signal });
      if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
      const config = await response.json();
      if (!config || typeof config.ws !== 'string') throw new Error('config.json has no ws address');
      return config.ws;
    } finally {
      clearTimeout(timer);
    }
  }

  async connect() {
    this.reconnectTimer = null;
    if (this.suspended) return;
    if (this.retrying) this.setState(navigator.onLine === false ? OFFLINE : 'reconnecting');
    let url;
    try {
      url = await this.address();
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (this.suspended || this.ws !== null) return;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    const handshake = setTimeout(() => this.abandon(ws, 'handshake timed out'), HANDSHAKE_TIMEOUT_MS);
    ws.addEventListener('open', () => {
      clearTimeout(handshake);
      if (this.ws !== ws) return;
      this.heartbeat(ws);
      this.attempt = 0;
      this.retrying = true; // any later attempt is a reconnect
      this.setState('connected');
      this.emit('open');
    });
    ws.addEventListener('message', (e) => {
      if (this.ws === ws) this.receive(e.data);
    });
    ws.addEventListener('close', (e) => {
      clearTimeout(handshake);
      this.closed(ws, e.code, e.reason);
    });
  }

  /** Gives up on a socket that hangs (no handshake, no answer) and lets the reconnect logic take over. */
  abandon(ws, reason) {
    if (this.ws !== ws) return;
    this.closed(ws, 1006, reason);
    ws.close();
  }

  /** While `ws` is open, checks every HEARTBEAT_MS that the server still answers. */
  heartbeat(ws) {
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(async () => {
      if (this.ws !== ws) return;
      const late = setTimeout(() => this.abandon(ws, 'no answer to ping'), HEARTBEAT_TIMEOUT_MS);
      await this.request('ping');
      clearTimeout(late);
      if (this.ws === ws) this.heartbeat(ws);
    }, HEARTBEAT_MS);
  }

  closed(ws, code, reason) {
    if (this.ws !== ws) return;
    this.ws = null;
    clearTimeout(this.heartbeatTimer);
    const waiting = [...this.awaitingReply.values()];
    this.awaitingReply.clear();
    for (const resolve of waiting) {
      resolve({ ok: false, error: OFFLINE, message: 'The connection to the server was lost.' });
    }
    this.emit('close', { code, reason });
    if (this.suspended) this.setState('reconnecting');
    else this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.reconnectTimer !== null || this.suspended) return;
    this.retrying = true; // from now on an attempt is a reconnect, not the first connect
    this.setState(navigator.onLine === false ? OFFLINE : 'reconnecting');
    // Exponential backoff with jitter: a random delay between cap/2 and cap, cap doubling up to MAX_DELAY_MS.
    const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    const delay = cap / 2 + Math.random() * (cap / 2);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** Skips the backoff wait (the network came back, or the user asked). */
  reconnectNow() {
    if (this.ws !== null) return;
    if (this.reconnectTimer !== null) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    this.attempt = 0;
    this.connect();
  }

  /** Sends {type, id, ...params}; resolves with the reply (ok or not). */
  request(type, params = {}) {
    if (!this.isOpen()) {
      return Promise.resolve({ ok: false, error: OFFLINE, message: 'Not connected to the server.' });
    }
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.awaitingReply.set(requestId, resolve);
      this.ws.send(JSON.stringify({ ...params, type, id: requestId }));
    });
  }

  /** Like request(), but first waits (up to `waitMs`) for the connection to be open. */
  async requestWhenOpen(type, params = {}, waitMs = 10_000) {
    if (!this.isOpen()) {
      this.reconnectNow();
      await new Promise((resolve) => {
        const timer = setTimeout(done, waitMs);
        const off = this.on('open', done);
        function done() {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    }
    return this.request(type, params);
  }

  receive(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg === null || typeof msg !== 'object') return;
    if ('ok' in msg) {
      const resolve = this.awaitingReply.get(msg.re); // `re` echoes the request id we sent as `id`
      if (resolve) {
        this.awaitingReply.delete(msg.re);
        resolve(msg);
      }
      return;
    }
    if (typeof msg.type === 'string') {
      this.emit('event', msg);
      this.emit(msg.type, msg);
    }
  }
}
