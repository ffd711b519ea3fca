import { defineConfig } from "vite";
import { serviceWorkerPlugin } from "./tools/service-worker-plugin";

// Where `npm run dev` and `npm run preview` send /api: a `keel serve` on loopback.
const apiTarget = process.env.KEEL_API_URL ?? "http://127.0.0.1:18181";
const apiProxy = { "/api": { target: apiTarget, changeOrigin: false } };

// The policy keel itself sends; preview uses it too, so a build can be checked against it.
const contentSecurityPolicy =
  "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  plugins: [serviceWorkerPlugin({ source: "src/worker/service-worker.ts" })],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    // No data: URLs and no inline scripts: everything is a file that 'self' allows.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: true,
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: { proxy: apiProxy },
  preview: {
    proxy: apiProxy,
    headers: { "Content-Security-Policy": contentSecurityPolicy },
  },
});
