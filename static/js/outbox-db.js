/* The outbox's storage: one IndexedDB database shared by the pages and the service worker.
 *
 * Pages load this file as a module (`import './outbox-db.js'`) and the worker with
 * importScripts(), so it has no import/export: it puts its API on `self.OutboxDB`.
 * Records: {id, kind, payload, created_at, state, attempts, last_error, errors, conflict,
 * form_url, summary, user_id, user_name}. States: waiting, sending, attention.
 */
(function (scope) {
  'use strict';

  const NAME = 'helpboard-outbox';
  // The schema's own version, independent of the worker's VERSION: a release never reshapes or
  // drops queued writes unless a step below says how. Add steps; never edit an old one.
  const SCHEMA_VERSION = 1;
  const UPGRADES = [
    function toVersion1(db) {
      db.createObjectStore('items', { keyPath: 'id' }).createIndex('created_at', 'created_at');
      db.createObjectStore('receipts', { keyPath: 'id' }); // sent items, kept a day for the list
      db.createObjectStore('meta'); // small key/value facts, e.g. who was last signed in
    },
  ];
  const RECEIPT_DAYS = 1;

  let opening = null;

  /** Open the database once per page or worker, upgrading it step by step. */
  function open() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = scope.indexedDB.open(NAME, SCHEMA_VERSION);
        request.onupgradeneeded = (event) => {
          for (let version = event.oldVersion; version < SCHEMA_VERSION; version += 1) {
            UPGRADES[version](request.result, request.transaction);
          }
        };
        request.onsuccess = () => {
          const db = request.result;
          // A newer page or worker needs an upgrade: step aside and reopen on next use.
          db.onversionchange = () => { db.close(); opening = null; };
          db.onclose = () => { opening = null; };
          resolve(db);
        };
        request.onerror = () => { opening = null; reject(request.error); };
      });
    }
    return opening;
  }

  /** Run fn(store, …) in one transaction; resolve after it committed, with the result of
   *  the request fn returned (if any). Nothing counts as saved before `complete`. */
  function withStore(mode, fn, { stores = 'items', durability } = {}) {
    return open().then((db) => new Promise((resolve, reject) => {
      const names = [].concat(stores);
      const tx = db.transaction(names, mode, durability ? { durability } : undefined);
      const request = fn(...names.map((name) => tx.objectStore(name)));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('outbox transaction aborted'));
    }));
  }

  /** Every queued item, oldest first. */
  function all() {
    return withStore('readonly', (items) => items.index('created_at').getAll());
  }

  function get(id) {
    return withStore('readonly', (items) => items.get(id));
  }

  /** Save an item; 'strict' so that "Saved on this phone" is true even if the power goes. */
  function put(item) {
    return withStore('readwrite', (items) => items.put(item), { durability: 'strict' });
  }

  function remove(id) {
    return withStore('readwrite', (items) => items.delete(id));
  }

  /** Apply changes(item) → fields to each of these items that still exists. */
  function update(ids, changes) {
    return withStore('readwrite', (items) => {
      for (const id of ids) {
        const request = items.get(id);
        request.onsuccess = () => {
          if (request.result) items.put(Object.assign(request.result, changes(request.result)));
        };
      }
    });
  }

  /** The server confirmed these: delete each item and keep a receipt, in one transaction. */
  function confirm(receipts) {
    return withStore('readwrite', (items, kept) => {
      for (const receipt of receipts) {
        items.delete(receipt.id);
        kept.put(receipt);
      }
    }, { stores: ['items', 'receipts'] });
  }

  function receipts() {
    return withStore('readonly', (kept) => kept.getAll(), { stores: 'receipts' });
  }

  function receipt(id) {
    return withStore('readonly', (kept) => kept.get(id), { stores: 'receipts' });
  }

  /** Forget receipts older than a day; the items themselves were deleted when confirmed. */
  function pruneReceipts(now = Date.now()) {
    const cutoff = new Date(now - RECEIPT_DAYS * 864e5).toISOString();
    return withStore('readwrite', (kept) => {
      const request = kept.openCursor();
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) return;
        if (cursor.value.sent_at < cutoff) cursor.delete();
        cursor.continue();
      };
    }, { stores: 'receipts' });
  }

  function getMeta(key) {
    return withStore('readonly', (meta) => meta.get(key), { stores: 'meta' });
  }

  function setMeta(key, value) {
    return withStore('readwrite', (meta) => meta.put(value, key), { stores: 'meta' });
  }

  scope.OutboxDB = {
    NAME, SCHEMA_VERSION, open, withStore, all, get, put, remove, update, confirm,
    receipts, receipt, pruneReceipts, getMeta, setMeta,
  };
}(self));
