// Builds the service worker (src/worker/service-worker.ts) as dist/sw.js, a file of its own
// beside index.html, with the list of files it keeps for offline use written into it.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { transformWithEsbuild, type Plugin, type ResolvedConfig } from "vite";

interface Options {
  source: string;
}

function listFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...listFiles(path));
    else files.push(path);
  }
  return files;
}

export function serviceWorkerPlugin(options: Options): Plugin {
  let config: ResolvedConfig;
  return {
    name: "keel-service-worker",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle(_outputOptions, bundle) {
      const builtFiles = Object.keys(bundle).filter((name) => !name.endsWith(".map") && name !== "index.html");
      const publicFolder = config.publicDir;
      const publicFiles = publicFolder
        ? listFiles(publicFolder).map((path) => relative(publicFolder, path).split("\\").join("/"))
        : [];
      const urls = ["/", ...[...builtFiles, ...publicFiles].sort().map((name) => "/" + name)];

      const fingerprint = createHash("sha256");
      for (const name of Object.keys(bundle).sort()) {
        const item = bundle[name];
        fingerprint.update(name);
        if (item.type === "asset") fingerprint.update(item.source);
        else fingerprint.update(item.code);
      }
      const sourcePath = resolve(config.root, options.source);
      const source = readFileSync(sourcePath, "utf8");
      fingerprint.update(source);

      const result = await transformWithEsbuild(source, sourcePath, {
        loader: "ts",
        format: "esm",
        target: "es2020",
        minify: true,
        define: {
          PRECACHE_URLS: JSON.stringify(urls),
          CACHE_VERSION: JSON.stringify(fingerprint.digest("hex").slice(0, 16)),
        },
      });
      this.emitFile({ type: "asset", fileName: "sw.js", source: result.code });
    },
  };
}
