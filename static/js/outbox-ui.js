/* What the outbox shows: the header badge, messages, the Outbox page, waiting posts on a board,
 * the pages kept for reading offline, and an outbox item put back into its form to be edited.
 * Text always comes from the outbox or the server and goes in with textContent, never as HTML.
 */
const db = () => self.OutboxDB;
export const PAGES_CACHE = 'helpboard-pages-v1'; // the service worker's name for saved pages
const STATE_LABELS = {
  waiting: 'Waiting to send', sending: 'Sending…', attention: 'Needs attention', sent: 'Sent',
};
const channel = 'BroadcastChannel' in self ? new BroadcastChannel('helpboard-outbox') : null;

/** Build an element: h('p', {class: 'x'}, 'text', child). Null children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) element.setAttribute(name, value);
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

/** Call fn now and whenever the outbox changes, in this tab, another tab or the worker. */
export function onOutboxChange(fn) {
  fn();
  if (channel) channel.addEventListener('message', () => fn());
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

export function when(iso) {
  const date = new Date(iso);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return `today at ${time}`;
  return `${date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })} at ${time}`;
}

/** "2 waiting to send, 1 needs attention", or '' when the outbox is empty. */
export function countText(items) {
  const attention = items.filter((item) => item.state === 'attention').length;
  const waiting = items.length - attention;
  return [
    waiting && `${waiting} waiting to send`,
    attention && `${attention} ${attention === 1 ? 'needs' : 'need'} attention`,
  ].filter(Boolean).join(', ');
}

export async function renderBadge() {
  const text = countText(await db().all());
  for (const badge of document.querySelectorAll('[data-outbox-count]')) {
    badge.textContent = text;
    badge.hidden = !text;
  }
}

/** The live region at the top of main, where messages about sending go. */
function statusArea() {
  let area = document.querySelector('[data-outbox-status]');
  if (!area) {
    area = h('div', { class: 'outbox-status', 'data-outbox-status': '', 'aria-live': 'polite' });
    const banner = document.getElementById('offline-banner') || document.querySelector('main');
    if (banner) banner.append(area);
  }
  return area;
}

/** Show (or clear) why sending is paused: a sign-in link, or what the person should do. */
export function showPause(outcome) {
  const area = statusArea();
  if (outcome.state === 'signin') {
    const next = encodeURIComponent(location.pathname + location.search);
    area.replaceChildren(h('p', { class: 'outbox-paused' }, h('a', { href: `/sign-in?next=${next}` },
      `Sign in to send ${plural(outcome.waiting, 'waiting item', 'waiting items')}`), '.'));
  } else if (outcome.state === 'paused') {
    area.replaceChildren(h('p', { class: 'outbox-paused' },
      'Some items could not be sent. Reload the page, then press Send now in your ',
      h('a', { href: '/outbox' }, 'outbox'), '.'));
  } else if (outcome.state !== 'retry') {
    area.replaceChildren();
  }
}

/** After a write was kept but not sent: say so next to the form, and move focus there. */
export function showSaved(form, outcome, backgroundSync) {
  for (const old of document.querySelectorAll('[data-outbox-saved]')) old.remove();
  const line = outcome.state === 'signin'
    ? 'Saved on this phone — sign in to send it.'
    : "Saved on this phone — it will be sent when you're back online.";
  const box = h('div', { class: 'outbox-saved', role: 'status', tabindex: '-1', 'data-outbox-saved': '' },
    h('p', { class: 'outbox-saved__title' }, line),
    backgroundSync ? null
      : h('p', {}, 'Open helpboard again when you have signal to finish sending.'),
    h('p', {}, h('a', { href: '/outbox' }, 'See your outbox')));
  form.before(box);
  box.focus();
}

/** The Outbox page: every item with its state and what can be done with it. */
export function outboxPage(section, { send }) {
  const fallback = document.querySelector('[data-outbox-fallback]');
  if (fallback) fallback.hidden = true;
  section.hidden = false;
  const list = section.querySelector('[data-outbox-list]');
  const summary = section.querySelector('[data-outbox-summary]');

  async function render() {
    const [items, receipts] = await Promise.all([db().all(), db().receipts()]);
    const focused = document.activeElement && document.activeElement.dataset.focusKey;
    receipts.sort((a, b) => (a.sent_at < b.sent_at ? 1 : -1));
    list.replaceChildren(...items.map(itemRow), ...receipts.map(receiptRow));
    summary.textContent = countText(items) || 'Nothing is waiting to send.';
    const again = focused && list.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
    if (again) again.focus(); // a re-render must not throw keyboard users back to the top
  }

  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const { id } = button.closest('[data-id]').dataset;
    const item = await db().get(id);
    if (!item) return;
    if (button.dataset.action === 'discard') {
      if (!window.confirm(`Discard “${item.summary}”? It will not be sent.`)) return;
      await db().remove(id);
      self.OutboxSender.notify();
      return;
    }
    if (button.dataset.action === 'retry') {
      await db().update([id], () => ({ state: 'waiting', last_error: null, errors: {} }));
    }
    await send({ only: [id] });
  });
  onOutboxChange(render);
}

function itemRow(item) {
  // Field messages, unless the main message already says the same thing.
  const errors = Object.values(item.errors || {})
    .filter((error) => !(item.last_error || '').startsWith(error));
  const key = (action) => `${action}:${item.id}`;
  const editUrl = item.form_url && `${item.form_url}?outbox=${encodeURIComponent(item.id)}`;
  return h('li', { class: `outbox-item outbox-item--${item.state}`, 'data-id': item.id },
    h('h2', { class: 'outbox-item__summary' }, item.summary),
    h('p', { class: 'outbox-item__state' }, STATE_LABELS[item.state] || item.state),
    item.last_error ? h('p', { class: 'outbox-item__error' }, item.last_error) : null,
    errors.length ? h('ul', { class: 'outbox-item__errors' }, ...errors.map((e) => h('li', {}, e))) : null,
    h('p', { class: 'outbox-item__meta' }, `Written ${when(item.created_at)}`,
      item.attempts ? ` · tried ${plural(item.attempts, 'time', 'times')}` : ''),
    h('p', { class: 'outbox-item__actions' },
      item.state === 'attention'
        ? h('button', { type: 'button', class: 'button', 'data-action': 'retry', 'data-focus-key': key('retry') }, 'Retry')
        : h('button', { type: 'button', class: 'button', 'data-action': 'send', 'data-focus-key': key('send') }, 'Send now'),
      editUrl ? h('a', { href: editUrl, class: 'button secondary' }, 'Edit') : null,
      h('button', { type: 'button', class: 'button secondary', 'data-action': 'discard', 'data-focus-key': key('discard') }, 'Discard')));
}

function receiptRow(receipt) {
  const { result } = receipt;
  return h('li', { class: 'outbox-item outbox-item--sent', 'data-sent': receipt.id },
    h('h2', { class: 'outbox-item__summary' }, receipt.summary),
    h('p', { class: 'outbox-item__state' }, STATE_LABELS.sent),
    h('p', { class: 'outbox-item__meta' }, result.message || '', ` Sent ${when(receipt.sent_at)}.`),
    result.url ? h('p', {}, h('a', { href: result.url }, 'View it')) : null);
}

/** On a board page: posts written here and not sent yet, at the top, marked as waiting. */
export function boardList(list) {
  async function render() {
    for (const old of list.querySelectorAll('[data-outbox-waiting]')) old.remove();
    const board = list.dataset.board;
    const items = (await db().all())
      .filter((item) => item.kind === 'post.create' && (!board || item.payload.board === board));
    list.prepend(...items.reverse().map(waitingPost));
  }
  onOutboxChange(render);
}

function waitingPost(item) {
  const { payload } = item;
  const kind = payload.kind === 'offer' ? 'offer' : 'request';
  const attention = item.state === 'attention';
  return h('li', { class: `card card-${kind} card-waiting`, 'data-outbox-waiting': item.id },
    h('p', { class: 'meta' }, h('span', { class: `tag tag-${kind}` }, kind === 'offer' ? 'Offer' : 'Request'),
      ' ', h('strong', { class: 'waiting-label' }, attention ? 'Needs attention' : 'Waiting to send')),
    h('h2', { class: 'card-title' }, payload.title || '(no title yet)'),
    h('p', { class: 'meta' }, payload.location || 'Near you', ' · ', h('a', { href: '/outbox' }, 'See your outbox')));
}

/** On the offline page: the pages kept on this phone, newest first. */
export async function cachedPages(section) {
  if (!('caches' in self)) return;
  const pages = (await caches.has(PAGES_CACHE)) ? await savedPages() : [];
  const readable = pages.filter((page) => page.url.pathname !== '/outbox')
    .sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1));
  section.hidden = false;
  section.querySelector('[data-cached-pages-empty]').hidden = readable.length > 0;
  section.querySelector('[data-cached-pages-list]').replaceChildren(...readable.map((page) => h('li', {},
    h('a', { href: page.url.pathname + page.url.search }, page.title.replace(/ – helpboard$/, '') || page.url.pathname),
    ` — saved ${when(page.savedAt)}`)));
}

async function savedPages() {
  const cache = await caches.open(PAGES_CACHE);
  return Promise.all((await cache.keys()).map(async (request) => {
    const response = await cache.match(request, { ignoreVary: true });
    const title = new DOMParser().parseFromString(await response.text(), 'text/html').title;
    return { url: new URL(request.url), title, savedAt: response.headers.get('X-Helpboard-Saved-At') };
  }));
}

/** On a form page opened with ?outbox=<id>: put the item back in its form, to be corrected. */
export async function editFromOutbox() {
  const id = new URLSearchParams(location.search).get('outbox');
  if (!id) return;
  const item = await db().get(id);
  const form = item && document.querySelector(`form[data-outbox="${CSS.escape(item.kind)}"]`);
  if (!form) return;
  for (const [name, value] of Object.entries(item.payload)) fill(form, name, value);
  form.dataset.outboxId = item.id; // on submit the item is replaced, keeping its id
  const errors = Object.entries(item.errors || {});
  form.before(h('div', { class: 'outbox-editing', role: 'status', 'data-outbox-editing': '' },
    h('p', {}, 'You are changing something from your outbox. It will replace what was waiting.'),
    item.last_error ? h('p', { class: 'outbox-item__error' }, item.last_error) : null,
    errors.length ? h('ul', {}, ...errors.map(([name, message]) => {
      const field = form.elements.namedItem(name);
      const target = field && (field.id || (field[0] && field[0].id));
      return h('li', {}, target ? h('a', { href: `#${target}` }, message) : message);
    })) : null));
}

function fill(form, name, value) {
  const field = form.elements.namedItem(name);
  // Hidden fields keep the page's fresh values (post_id, seen_version, board): after a
  // conflict the person re-applies their change to what the post is now.
  if (!field || field.type === 'hidden') return;
  if (field.type === 'checkbox') field.checked = field.value === value;
  else field.value = value; // inputs, selects, textareas, and a RadioNodeList for radios
}
