/* helpboard's service worker, served at the fixed URL /sw.js by helpboard/offline/views.py.
 *
 * The server fills in the two lines marked below: any change to a static file changes these
 * bytes, so browsers see a new worker, which waits until the person presses
 * "New version — reload" (never a blind skipWaiting()).
 * Queued writes live in IndexedDB (static/js/outbox-db.js); nothing here ever deletes them.
 */
'use strict';

const VERSION = 'dev'; // filled in by the server: a hash of the static files
const ASSETS = []; // filled in by the server: every static file's URL

const SHELL_CACHE = `helpboard-shell-${VERSION}`;
// Saved pages outlive releases (a person's offline reading must survive an update); the
// suffix is the format of what is stored (the SAVED_AT header), not the release.
const PAGES_CACHE = 'helpboard-pages-v1';
const CURRENT_CACHES = [SHELL_CACHE, PAGES_CACHE];
// Pages kept for reading offline. Others (sign-in, members, summaries) are never stored.
const OFFLINE_PAGES = [
  /^\/$/, /^\/b\/[^/]+$/, /^\/b\/[^/]+\/posts\/new$/, /^\/posts\/\d+(\/edit)?$/,
  /^\/activity$/, /^\/outbox$/, /^\/kiosk\/[A-Za-z0-9_-]+$/,
  /^\/b\/[^/]+\/record\/(request|hours)$/,
];
// Precached signed out, so no one's name sits in them; the outbox page is filled by script.
const SHELL_PAGES = ['/offline', '/outbox'];
const NOTICE_MARKER = '<!--offline-banner-->';
const SAVED_AT = 'X-Helpboard-Saved-At';

importScripts('/static/js/outbox-db.js', '/static/js/outbox-sender.js');

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Old caches only: the outbox is in IndexedDB and is never touched here.
    const names = await caches.keys();
    await Promise.all(names.filter((name) => !CURRENT_CACHES.includes(name))
      .map((name) => caches.delete(name)));
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Same-origin GETs only: never a form post, another site, or the API (the outbox's own).
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(event, url));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(cacheFirst(request));
  }
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'clear-pages') {
    // Sign-out: pages may show names and contact details; the reply lets the form go on.
    event.waitUntil(caches.delete(PAGES_CACHE).then(() => {
      if (event.ports[0]) event.ports[0].postMessage({ type: 'pages-cleared' });
    }));
  } else if (type === 'skip-waiting') {
    self.skipWaiting(); // only sent when the person pressed "New version — reload"
  }
});

self.addEventListener('sync', (event) => {
  if (event.tag === 'outbox') event.waitUntil(sendFromWorker());
});

// Worker start is one more chance to send: the browser starts the worker for many reasons.
sendFromWorker().catch(() => {});

async function sendFromWorker() {
  const outcome = await self.OutboxSender.sendAll();
  // Rejecting asks the browser to fire `sync` again later; pages have their own timer.
  if (outcome.state === 'retry') throw new Error('outbox: some items are waiting to be retried');
}

async function precache() {
  const cache = await caches.open(SHELL_CACHE);
  // cache: 'reload' skips the HTTP cache, so a release never precaches an older file.
  await cache.addAll([
    ...ASSETS.map((url) => new Request(url, { cache: 'reload' })),
    ...SHELL_PAGES.map((url) => new Request(url, { cache: 'reload', credentials: 'omit' })),
  ]);
}

async function networkFirst(event, url) {
  const keep = OFFLINE_PAGES.some((pattern) => pattern.test(url.pathname));
  let response;
  try {
    response = (await event.preloadResponse) || (await fetch(event.request));
  } catch (error) {
    return (await savedPage(url)) || offlinePage();
  }
  if (keep && isCacheable(response)) event.waitUntil(savePage(url, response.clone()));
  // The server is down or failing: a saved copy helps more than an error page.
  if (response.status >= 500) return (await savedPage(url)) || response;
  return response;
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (isCacheable(response)) await cache.put(request, response.clone());
  return response;
}

function isCacheable(response) {
  const cacheControl = response.headers.get('Cache-Control') || '';
  // A redirected answer belongs to another URL (often the sign-in page): never file it here.
  return response.status === 200 && response.type === 'basic' && !response.redirected
    && !/no-store/i.test(cacheControl);
}

/** The key a page is saved under: the ?outbox=<id> of an edit link is not part of it. */
function pageKey(url) {
  const key = new URL(url);
  key.hash = '';
  key.searchParams.delete('outbox');
  return key.href;
}

async function savePage(url, response) {
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, new Date().toISOString());
  const body = await response.blob();
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(pageKey(url), new Response(body, { status: 200, headers }));
}

async function savedPage(url) {
  const pages = await caches.open(PAGES_CACHE);
  const saved = await pages.match(pageKey(url), { ignoreVary: true }); // Vary: Cookie
  if (saved && SHELL_PAGES.includes(url.pathname)) return saved; // filled live by script
  if (saved) return withNotice(saved);
  if (SHELL_PAGES.includes(url.pathname)) {
    return (await (await caches.open(SHELL_CACHE)).match(url.pathname)) || null;
  }
  return null;
}

async function offlinePage() {
  const shell = await caches.open(SHELL_CACHE);
  return (await shell.match('/offline')) || new Response("You're offline.", {
    status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** Say, at the top of a saved page, that it is a copy and from when. */
async function withNotice(saved) {
  const when = savedWhen(new Date(saved.headers.get(SAVED_AT)));
  const notice = `<p class="offline-notice" role="status">You're offline — showing this page as it was ${when}.</p>`;
  const headers = new Headers(saved.headers);
  headers.delete('Content-Length');
  headers.delete('Content-Encoding');
  const html = (await saved.text()).replace(NOTICE_MARKER, notice);
  return new Response(html, { status: 200, headers });
}

function savedWhen(date) {
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return `at ${time}`;
  const day = date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
  return `on ${day} at ${time}`;
}
