/* The outbox sender, shared by the pages and the service worker (see outbox-db.js for why it
 * has no import/export). It follows docs/outbox-contract.md:
 *   - one sender at a time across tabs and the worker (Web Locks);
 *   - a fresh CSRF token from GET /api/v1/session before each run;
 *   - an item is deleted only after the server said applied / already_applied;
 *   - every other answer is classified: retry later, pause for sign-in, or needs attention.
 * sendAll() resolves with {state, results, count, csrfToken} where state is one of
 * idle (nothing to send), done, retry (try again later), signin, paused.
 */
(function (scope) {
  'use strict';

  const db = scope.OutboxDB;
  const BATCH_SIZE = 50; // the server takes at most 50 items per request
  const TIMEOUT_MS = 30000; // a hung request on a weak signal counts as a network error
  const SENDABLE = new Set(['waiting', 'sending']);
  const channel = 'BroadcastChannel' in scope
    ? new BroadcastChannel('helpboard-outbox') : { postMessage() {} };

  const MESSAGES = {
    offline: 'Not sent yet: no connection. It will be sent when the signal is back.',
    busy: 'Not sent yet: helpboard is busy. It will try again in a moment.',
    garbled: 'Not sent yet: the answer did not come through. It will try again.',
    signin: 'Sign in to send this.',
    csrf: 'Not sent yet: reload the page, then press Send now.',
  };

  /** Tell every page (this one included) that the outbox changed. */
  function notify(detail = {}) {
    channel.postMessage({ type: 'changed', ...detail });
  }

  /** Send what is waiting (or only the given ids), one sender at a time. */
  function sendAll(options = {}) {
    const locks = scope.navigator && scope.navigator.locks;
    // Without Web Locks (Safari before 15.4) two tabs may send the same item; the server
    // answers the second with already_applied, so that costs a request, never a duplicate.
    return locks ? locks.request('outbox', () => run(options)) : run(options);
  }

  async function run({ only = null, flash = false } = {}) {
    await db.pruneReceipts().catch(() => {});
    let items = (await db.all()).filter((item) => SENDABLE.has(item.state));
    if (only) items = items.filter((item) => only.includes(item.id));
    if (!items.length) return { state: 'idle', results: {}, count: 0 };

    let session;
    try {
      session = await getSession();
    } catch (error) {
      return retryLater(items, error.outboxMessage || MESSAGES.offline);
    }
    if (!session.signed_in) return pause(items, 'signin', MESSAGES.signin);
    await db.setMeta('user', session.user);

    // An item written by someone else on this phone waits for them to sign in again.
    const mine = items.filter((item) => !item.user_id || item.user_id === session.user.id);
    const theirs = items.filter((item) => !mine.includes(item));
    if (theirs.length) await waitForOwner(theirs);

    const outcome = { state: 'done', results: {}, count: 0, csrfToken: session.csrf_token };
    for (let start = 0; start < mine.length; start += BATCH_SIZE) {
      const batch = mine.slice(start, start + BATCH_SIZE);
      const step = await sendBatch(batch, outcome, flash);
      if (step.state !== 'done') return { ...outcome, ...step };
    }
    return outcome;
  }

  async function sendBatch(batch, outcome, flash) {
    await db.update(batch.map((item) => item.id), () => ({ state: 'sending' }));
    notify();
    let response;
    try {
      response = await post(batch, outcome.csrfToken, flash);
      if (response.status === 403 && (await problem(response.clone())).code === 'csrf') {
        // The token went stale (a new session): get a fresh one, once.
        outcome.csrfToken = (await getSession()).csrf_token;
        response = await post(batch, outcome.csrfToken, flash);
      }
    } catch (error) {
      return retryLater(batch, error.outboxMessage || MESSAGES.offline);
    }
    return classify(batch, response, outcome);
  }

  async function classify(batch, response, outcome) {
    const { status } = response;
    if (status === 200) {
      let body;
      try {
        body = await response.json();
      } catch (error) {
        return retryLater(batch, MESSAGES.garbled); // e.g. a captive portal's page
      }
      await record(batch, body.results || [], outcome);
      return { state: 'done' };
    }
    if (status === 401) return pause(batch, 'signin', MESSAGES.signin);
    if (status === 403) return pause(batch, 'paused', MESSAGES.csrf);
    if (status === 408 || status === 413 || status === 429 || status >= 500) {
      return retryLater(batch, MESSAGES.busy);
    }
    // 400 or another 4xx: retrying the same request would fail the same way. Show it.
    const detail = (await problem(response)).detail || `The server refused it (${status}).`;
    await db.update(batch.map((item) => item.id), () => ({ state: 'attention', last_error: detail }));
    notify();
    return { state: 'done' };
  }

  /** Delete confirmed items (keeping a receipt), mark rejected ones, requeue the rest. */
  async function record(batch, results, outcome) {
    const byId = new Map(results.map((result) => [result.id, result]));
    const sentAt = new Date().toISOString();
    const confirmed = [];
    const rejected = new Map();
    for (const item of batch) {
      const result = byId.get(item.id);
      if (!result) continue;
      outcome.results[item.id] = result;
      if (result.status === 'applied' || result.status === 'already_applied') {
        confirmed.push({ id: item.id, kind: item.kind, summary: item.summary, result, sent_at: sentAt });
      } else if (result.status === 'rejected') {
        rejected.set(item.id, result);
      }
    }
    await db.confirm(confirmed);
    outcome.count += confirmed.length;
    await db.update(batch.map((item) => item.id), (item) => {
      const result = rejected.get(item.id);
      if (!result) return { state: 'waiting' }; // the server did not answer for it: send again
      return {
        state: 'attention', last_error: result.message, errors: result.errors || {},
        conflict: Boolean(result.conflict), attempts: item.attempts + 1,
      };
    });
    notify({ sent: confirmed.map((receipt) => receipt.id) });
  }

  async function retryLater(items, message) {
    const now = new Date().toISOString();
    await db.update(items.map((item) => item.id), (item) => ({
      state: 'waiting', attempts: item.attempts + 1, last_error: message, last_attempt_at: now,
    }));
    notify();
    return { state: 'retry', results: {}, count: 0 };
  }

  async function pause(items, state, message) {
    await db.update(items.map((item) => item.id), () => ({ state: 'waiting', last_error: message }));
    notify({ paused: state, waiting: items.length });
    return { state, results: {}, count: 0, waiting: items.length };
  }

  function waitForOwner(items) {
    return db.update(items.map((item) => item.id), (item) => ({
      state: 'waiting',
      last_error: `Waiting for ${item.user_name || 'the person who wrote this'} to sign in.`,
    }));
  }

  async function getSession() {
    const response = await request('/api/v1/session', { method: 'GET', cache: 'no-store' });
    if (!response.ok) throw Object.assign(new Error('session'), { outboxMessage: MESSAGES.busy });
    try {
      return await response.json();
    } catch (error) {
      throw Object.assign(error, { outboxMessage: MESSAGES.garbled });
    }
  }

  function post(batch, token, flash) {
    const items = batch.map(({ id, kind, payload }) => ({ id, kind, payload }));
    return request('/api/v1/sync', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token },
      body: JSON.stringify({ items, flash }),
    });
  }

  /** fetch with same-origin cookies, no redirects (a portal's redirect is not an answer)
   *  and a time limit. */
  function request(url, init) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    return fetch(url, {
      credentials: 'same-origin', redirect: 'error', signal: controller.signal,
      ...init, headers: { Accept: 'application/json', ...(init.headers || {}) },
    }).finally(() => clearTimeout(timer));
  }

  async function problem(response) {
    try {
      return await response.json();
    } catch (error) {
      return {};
    }
  }

  scope.OutboxSender = { sendAll, notify, BATCH_SIZE };
}(self));
