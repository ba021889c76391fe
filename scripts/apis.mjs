// The three APIs and where their files live. Every script reads this list rather than globbing, so
// a new API is added in one place.
import { fileURLToPath } from "node:url";
import path from "node:path";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const apis = ["wukongim", "wildfire", "openchat"].map((name) => ({
  name,
  source: path.join(root, "openapi", name, "openapi.yaml"),
  bundled: path.join(root, "packages", name, "openapi.json"),
  mockCopy: path.join(root, "packages", "mock", "specs", `${name}.json`),
  generated: path.join(root, "packages", name, "src", "generated", "schema.ts"),
}));

/**
 * The APIs named on the command line (`node scripts/x.mjs wukongim`), or all of them. An unknown
 * name is an error, not an empty run.
 */
export function selectedApis(script, argv = process.argv.slice(2)) {
  const names = argv.filter((a) => !a.startsWith("--"));
  if (names.length === 0) return apis;
  for (const n of names) {
    if (!apis.some((api) => api.name === n)) fail(script, `unknown API '${n}'; choose from ${apis.map((a) => a.name).join(", ")}`);
  }
  return apis.filter((api) => names.includes(api.name));
}

/** Print a one-line error naming the script and exit non-zero. */
export function fail(script, message) {
  console.error(`${script}: ${message}`);
  process.exit(1);
}
