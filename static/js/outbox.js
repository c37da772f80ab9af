/* helpboard's offline-first writes (docs/outbox-contract.md, shared/docs/offline-outbox.md).
 *
 * A form marked data-outbox="KIND" is written to the outbox (IndexedDB) first, then sent.
 * Sent → go to the result. Refused while online → the form posts as usual, so the server shows
 * its error summary. Not reachable → "Saved on this phone", and it is sent later: by Background
 * Sync where there is one, and from every page (load, online, visible again, Send now, a timer).
 * Without IndexedDB, crypto.randomUUID or fetch nothing is intercepted: forms post as usual.
 *
 * Test switch: localStorage['helpboard:no-bg-sync'] = '1' (or open any page with
 * ?no-bg-sync=1; ?no-bg-sync=0 clears it) behaves as if there were no Background Sync, like
 * Safari and Firefox: items are sent only by the page triggers and at worker start.
 */
import './outbox-db.js';
import './outbox-sender.js';
import {
  boardList, cachedPages, editFromOutbox, onOutboxChange, outboxPage, renderBadge, showPause,
  showSaved,
} from './outbox-ui.js';
import { registerWorker, signOut } from './sw-register.js';

const db = self.OutboxDB;
const sender = self.OutboxSender;
const SUPPORTED = 'indexedDB' in self && 'fetch' in self && Boolean(self.crypto && crypto.randomUUID);
const NO_BG_SYNC = 'helpboard:no-bg-sync';
const NOT_PAYLOAD = new Set(['csrf_token', 'client_id']);
const RETRY_FIRST_MS = 5000;
const RETRY_MAX_MS = 5 * 60 * 1000; // Chromium's own sync retry waits 5+ minutes; we don't
const ACTION_LABELS = {
  'post.edit': 'Changes to', 'post.withdraw': 'Withdraw', 'post.respond': 'Reply to',
  'post.accept': 'Accept a neighbour for', 'post.step_back': 'Step back from',
  'post.cancel': 'Call off', 'post.done': 'Mark done', 'post.confirm_hours': 'Confirm hours for',
  'post.thank': 'Thank you for', 'post.withdraw_response': 'Take back your answer to',
  'board.record_request': 'Recorded for a neighbour', 'board.record_hours': 'Hours recorded',
  'board.correct_hours': 'Hours corrected',
};

let failures = 0;
let retryTimer = null;

/** Run the sender; keep retrying with backoff while this page is open and items wait. */
async function send(options = {}) {
  clearTimeout(retryTimer);
  let outcome;
  try {
    outcome = await sender.sendAll(options);
  } catch (error) {
    outcome = { state: 'retry', results: {} }; // storage trouble: try again later
  }
  failures = outcome.state === 'retry' ? failures + 1 : 0;
  clearTimeout(retryTimer); // another trigger may have finished first and set one
  if (outcome.state === 'retry') {
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1));
    retryTimer = setTimeout(send, delay * (0.75 + Math.random() / 2)); // jitter: tabs spread out
  }
  showPause(outcome);
  return outcome;
}

async function onSubmit(event) {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches('form[data-outbox]')) return;
  event.preventDefault();
  if (form.dataset.outboxBusy) return; // a double tap
  form.dataset.outboxBusy = 'yes';
  try {
    await queueAndSend(form, event.submitter);
  } catch (error) {
    // The outbox could not be written (private mode, full disk): post the form as usual.
    HTMLFormElement.prototype.submit.call(form);
  } finally {
    delete form.dataset.outboxBusy;
  }
}

async function queueAndSend(form, submitter) {
  const item = await queue(form, submitter);
  keepStorage();
  const outcome = await send({ only: [item.id], flash: true });
  const receipt = outcome.results[item.id] ? null : await db.receipt(item.id); // another tab sent it
  const result = outcome.results[item.id] || (receipt && receipt.result);
  if (result && result.status !== 'rejected') {
    window.location.assign(result.url || window.location.href);
  } else if (result) {
    // Refused while online: drop it and post the form, so the server shows its error summary
    // with what was typed, exactly as without JavaScript.
    await db.remove(item.id);
    submitNatively(form, submitter, item.id, outcome.csrfToken);
  } else {
    form.reset();
    delete form.dataset.outboxId;
    showSaved(form, outcome, await registerBackgroundSync());
  }
}

/** Write the form to the outbox; resolves only once the write is on disk. */
async function queue(form, submitter) {
  const payload = {};
  for (const [name, value] of new FormData(form)) {
    if (!NOT_PAYLOAD.has(name) && typeof value === 'string') payload[name] = value;
  }
  if (submitter && submitter.name) payload[submitter.name] = submitter.value;
  const editing = form.dataset.outboxId ? await db.get(form.dataset.outboxId) : null;
  const user = await db.getMeta('user');
  const item = {
    id: editing ? editing.id : crypto.randomUUID(),
    kind: form.dataset.outbox,
    payload,
    created_at: editing ? editing.created_at : new Date().toISOString(),
    state: 'waiting', attempts: 0, last_error: null, errors: {}, conflict: false,
    form_url: window.location.pathname,
    summary: summarise(form, payload),
    user_id: user ? user.id : null,
    user_name: user ? user.display_name : null,
  };
  await db.put(item);
  sender.notify();
  return item;
}

function summarise(form, payload) {
  if (form.dataset.outboxSummary) return form.dataset.outboxSummary;
  const kind = form.dataset.outbox;
  const label = kind === 'post.create'
    ? (payload.kind === 'offer' ? 'Offer' : 'Request') : (ACTION_LABELS[kind] || 'Change to');
  const heading = document.querySelector('h1');
  const field = form.dataset.summaryField || 'title';
  const subject = payload[field] || (heading ? heading.textContent.trim() : '');
  return subject ? `${label}: ${subject}` : label;
}

function submitNatively(form, submitter, id, csrfToken) {
  setField(form, 'client_id', id); // the same id: a repeat of this post still applies once
  if (csrfToken) setField(form, 'csrf_token', csrfToken); // the page's token may be old
  if (submitter && submitter.name) setField(form, submitter.name, submitter.value);
  HTMLFormElement.prototype.submit.call(form); // no submit event, so no loop back to us
}

function setField(form, name, value) {
  let input = form.elements.namedItem(name);
  if (!(input instanceof HTMLInputElement)) {
    input = Object.assign(document.createElement('input'), { type: 'hidden', name });
    form.append(input);
  }
  input.value = value;
}

function noBackgroundSync() {
  try {
    const flag = new URLSearchParams(window.location.search).get('no-bg-sync');
    if (flag === '1') localStorage.setItem(NO_BG_SYNC, '1');
    if (flag === '0') localStorage.removeItem(NO_BG_SYNC);
    return localStorage.getItem(NO_BG_SYNC) === '1';
  } catch (error) {
    return false; // storage blocked: behave normally
  }
}

/** Ask the browser to send when the signal returns, even with no page open (Chromium). */
async function registerBackgroundSync() {
  if (noBackgroundSync() || !('serviceWorker' in navigator)) return false;
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration || !('sync' in registration)) return false;
  try {
    await registration.sync.register('outbox');
    return true;
  } catch (error) {
    return false;
  }
}

/** After a write was queued: ask that the browser not evict this site's storage. */
function keepStorage() {
  if (!navigator.storage || !navigator.storage.persist) return;
  navigator.storage.persisted()
    .then((persisted) => persisted || navigator.storage.persist())
    .catch(() => {});
}

function startSending() {
  document.addEventListener('submit', onSubmit);
  window.addEventListener('online', () => send());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') send();
  });
  document.addEventListener('click', (event) => {
    if (event.target.closest('[data-outbox-send-all]')) send();
  });
  onOutboxChange(renderBadge);
  send(); // page load
}

const MODULES = {
  'board-list': boardList,
  'outbox-page': (element) => outboxPage(element, { send }),
  'cached-pages': cachedPages,
  'sign-out': signOut,
};
const NEEDS_OUTBOX = new Set(['board-list', 'outbox-page']);

noBackgroundSync(); // remember ?no-bg-sync=1 from this page's address
registerWorker();
if (SUPPORTED) {
  startSending();
  editFromOutbox();
}
for (const element of document.querySelectorAll('[data-module]')) {
  const name = element.dataset.module;
  if (MODULES[name] && (SUPPORTED || !NEEDS_OUTBOX.has(name))) MODULES[name](element);
}
