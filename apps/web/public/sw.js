// 防线 citizen app service worker (issue 11: installable, opens without a network).
//
// - The app shell is cached: the citizen HTML (network first, so a release is picked up at once; the
//   cached copy only when the network fails) and the content-hashed files under /assets/ (cache first:
//   their names change with their content).
// - Nothing under /api/ is ever cached or answered from a cache: a health-code token comes from the
//   server or not at all, so a phone without a network shows the offline state, never a stale code.
// - Precached at install: the shell below and the build's list (apps/web/vite.config.ts writes it into
//   dist/sw.js): the citizen entry's files and the health-code page's chunk with what it imports, so
//   the code page opens, and says it is offline, even if it was never opened online. The version is
//   a hash of that list: a new release installs a new worker and drops the old cache.
// - The venue portal and the console are not handled (their requests go to the network as usual).
const VERSION = 'fx-shell-dev';
const PRECACHE = /* PRECACHE */ [];
const SHELL = ['/', '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll([...SHELL, ...PRECACHE])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function isCitizenPage(url) {
  return url.pathname === '/' || url.pathname.startsWith('/m/');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    if (!isCitizenPage(url)) return;
    // Network first; offline, the cached shell (every citizen path is the same index.html).
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(VERSION).then((cache) => cache.put('/', copy));
          }
          return response;
        })
        .catch(() => caches.match('/').then((cached) => cached ?? Response.error())),
    );
    return;
  }

  if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname) || url.pathname.startsWith('/icons/')) {
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then((response) => {
            if (response.ok && response.type === 'basic') {
              const copy = response.clone();
              void caches.open(VERSION).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
