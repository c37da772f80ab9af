/* The service worker's side of the page: registration, the "New version — reload" prompt, and
 * clearing saved pages at sign-out. */
import { h, PAGES_CACHE } from './outbox-ui.js';

let reloadAsked = false;

/** Register after `load`, so the worker's precache never competes with the first render. */
export function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  const register = () => navigator.serviceWorker
    .register('/sw.js', { scope: '/', updateViaCache: 'none' })
    .then(watchForUpdates)
    .catch(() => {}); // no worker: pages still work online, the outbox still sends from pages
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only when this person asked: a first install also changes the controller.
    if (reloadAsked) window.location.reload();
  });
}

function watchForUpdates(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offerReload(worker);
    });
  });
}

/** A new worker waits until the person agrees, so no page runs with a worker it didn't load. */
function offerReload(worker) {
  if (document.querySelector('[data-update-prompt]')) return;
  const button = h('button', { type: 'button', class: 'button' }, 'New version — reload');
  button.addEventListener('click', () => {
    reloadAsked = true;
    button.disabled = true;
    worker.postMessage({ type: 'skip-waiting' });
  });
  const prompt = h('div', { class: 'update-prompt', role: 'status', 'data-update-prompt': '' },
    h('p', {}, 'A new version of helpboard is ready. Nothing in your outbox is lost.'), button);
  (document.getElementById('offline-banner') || document.body).prepend(prompt);
}

/** Sign-out: remove saved pages (they show names and contact details), then sign out. */
export function signOut(form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const timeout = new Promise((resolve) => { setTimeout(resolve, 2000); });
    await Promise.race([clearSavedPages(), timeout]).catch(() => {});
    // Whoever signs in next must not send this person's waiting items as their own.
    if (self.OutboxDB) await self.OutboxDB.setMeta('user', null).catch(() => {});
    HTMLFormElement.prototype.submit.call(form);
  });
}

function clearSavedPages() {
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!worker) return 'caches' in self ? caches.delete(PAGES_CACHE) : Promise.resolve();
  return new Promise((resolve) => {
    const reply = new MessageChannel();
    reply.port1.onmessage = resolve;
    worker.postMessage({ type: 'clear-pages' }, [reply.port2]);
  });
}
