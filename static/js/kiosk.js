/* The lobby screen, enhanced: show each open post in turn, fetch a fresh copy every minute and
 * swap it in, and keep showing the last copy while the network is down.
 *
 * Without this script the page still works: it reloads itself (a <meta refresh> inside
 * <noscript>) and the server shows the next post each time. Written as plain ES5 on purpose:
 * lobby screens are often old tablets with old browsers.
 */
(function () {
  'use strict';

  var CYCLE_MS = 10000;
  var REFRESH_MS = 60000;
  var TIMEOUT_MS = 15000;

  var root = document.querySelector && document.querySelector('[data-module="kiosk"]');
  if (!root || !window.XMLHttpRequest) return;
  var canParse = 'DOMParser' in window;

  function slides() {
    return root.querySelectorAll('[data-slide]');
  }

  function currentIndex(list) {
    for (var i = 0; i < list.length; i += 1) {
      if (!list[i].hasAttribute('hidden')) return i;
    }
    return 0;
  }

  function show(index) {
    var list = slides();
    if (!list.length) return;
    var chosen = index % list.length;
    for (var i = 0; i < list.length; i += 1) {
      if (i === chosen) list[i].removeAttribute('hidden');
      else list[i].setAttribute('hidden', '');
    }
    var count = root.querySelector('[data-slide-count]');
    if (count) count.textContent = 'Post ' + (chosen + 1) + ' of ' + list.length;
  }

  function next() {
    var list = slides();
    if (list.length > 1) show(currentIndex(list) + 1);
  }

  function setStatus(text) {
    var status = root.querySelector('[data-kiosk-status]');
    if (status) status.textContent = text;
  }

  var lastUpdated = (root.querySelector('[data-kiosk-status]') || {}).textContent || '';

  function swapIn(html) {
    var fresh = new window.DOMParser().parseFromString(html, 'text/html')
      .querySelector('[data-module="kiosk"]');
    if (!fresh) return;
    var position = currentIndex(slides());
    root.innerHTML = fresh.innerHTML;
    show(position);
    lastUpdated = (root.querySelector('[data-kiosk-status]') || {}).textContent || lastUpdated;
    root.removeAttribute('data-offline');
  }

  function offline() {
    // Keep what is on screen: an old list beats an error page in the lobby.
    root.setAttribute('data-offline', '');
    setStatus('No connection. ' + lastUpdated.replace(/^Updated/, 'Showing the list from'));
  }

  function refresh() {
    if (!canParse) {
      window.location.reload();
      return;
    }
    var request = new XMLHttpRequest();
    request.open('GET', window.location.href, true);
    request.timeout = TIMEOUT_MS;
    request.onload = function () {
      if (request.status === 200) swapIn(request.responseText);
      else if (request.status === 404 || request.status === 410) window.location.reload();
      else offline(); // the server is failing: keep the last copy
    };
    request.onerror = offline;
    request.ontimeout = offline;
    request.send();
  }

  setInterval(next, CYCLE_MS);
  setInterval(refresh, REFRESH_MS);
  window.addEventListener('online', refresh);

  // Let the service worker keep a copy for a reload while offline (same registration as the
  // rest of the app: one worker, at one fixed URL).
  if ('serviceWorker' in navigator) {
    window.addEventListener('load', function () {
      navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' })
        .catch(function () {});
    });
  }
}());
