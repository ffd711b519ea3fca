// keel's service worker: keeps the app shell (index.html, scripts, styles, icon) so the app,
// and the Pause page above all, opens without a network. It never stores answers from /api:
// a person's records stay on the server, and what must be sent later waits in the page's outbox.
// PRECACHE_URLS and CACHE_VERSION are written in by tools/service-worker-plugin.ts at build time.

declare const PRECACHE_URLS: string[];
declare const CACHE_VERSION: string;

const worker = self as unknown as ServiceWorkerGlobalScope;

const cacheName = "keel-shell-" + CACHE_VERSION;
const shellUrl = "/";

worker.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(PRECACHE_URLS.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith("keel-shell-") && name !== cacheName).map((name) => caches.delete(name)),
        ),
      )
      .then(() => worker.clients.claim()),
  );
});

async function networkFirstPage(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(cacheName);
      await cache.put(shellUrl, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(shellUrl, { cacheName, ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName, ignoreVary: true });
  return cached ?? fetch(request);
}

worker.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirstPage(request));
    return;
  }
  if (PRECACHE_URLS.includes(url.pathname)) event.respondWith(cacheFirst(request));
});
