// Bundles each API's split YAML into one JSON document inside its client package
// (packages/<api>/openapi.json), which the client ships and the mock serves.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { apis as allApis, root, fail, selectedApis } from "./apis.mjs";

/** Newest modification time of the files a bundle is made from. */
function newestInput(api) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else newest = Math.max(newest, statSync(file).mtimeMs);
    }
  };
  walk(path.dirname(api.source));
  walk(path.join(root, "scripts", "redocly"));
  return Math.max(newest, statSync(path.join(root, "redocly.yaml")).mtimeMs);
}

/** Bundles only when a bundle is missing or older than its inputs (scripts call this in a row). */
export function bundleIfStale(apis = allApis) {
  const stale = apis.filter((api) => !existsSync(api.bundled) || !existsSync(api.mockCopy) || statSync(api.bundled).mtimeMs < newestInput(api));
  if (stale.length) bundle(stale);
  return apis.map((api) => api.bundled);
}

export function bundle(apis = allApis) {
  const redocly = path.join(root, "node_modules", ".bin", "redocly");
  if (!existsSync(redocly)) fail("bundle", "redocly is not installed; run `pnpm install` first");
  const started = Date.now();
  // Bare `redocly bundle` writes every API to its `output:` in redocly.yaml.
  const names = apis.length === allApis.length ? [] : apis.map((api) => api.name);
  const run = spawnSync(redocly, ["bundle", ...names], {
    cwd: root,
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    encoding: "utf8",
  });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    fail("bundle", `redocly bundle exited with ${run.status}`);
  }
  for (const api of apis) {
    if (!existsSync(api.bundled) || statSync(api.bundled).mtimeMs < started - 1000) {
      fail("bundle", `${path.relative(root, api.bundled)} was not written; check the output: of api '${api.name}' in redocly.yaml`);
    }
    // The mock package ships the same specs, so it needs no dependency on the clients.
    mkdirSync(path.dirname(api.mockCopy), { recursive: true });
    copyFileSync(api.bundled, api.mockCopy);
  }
  return apis.map((api) => api.bundled);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of bundle(selectedApis("bundle"))) console.log(`bundled ${path.relative(root, file)}`);
}
