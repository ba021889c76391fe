#!/usr/bin/env node
// Refreshes the equivalence baseline after a reviewed contract change: bundles the named APIs (all
// three by default), checks that their generated types are up to date, and copies
// packages/<api>/openapi.json and packages/<api>/src/generated/schema.ts into baseline/.
//
//   node packages/spec-equivalence/update-baseline.mjs [wukongim] [wildfire] [openchat]
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const known = ["wukongim", "wildfire", "openchat"];
const args = process.argv.slice(2);

if (args.includes("--help") || args.includes("-h")) {
  console.log(`usage: node packages/spec-equivalence/update-baseline.mjs [${known.join("] [")}]

Bundles the named APIs (default: all), checks their generated types are current, and copies
packages/<api>/openapi.json and packages/<api>/src/generated/schema.ts into
packages/spec-equivalence/baseline/. Run it only after the contract change was reviewed, then
delete that API's entries from packages/spec-equivalence/intended-changes.yaml and commit both.`);
  process.exit(0);
}
const unknown = args.filter((a) => !known.includes(a));
if (unknown.length) {
  console.error(`update-baseline: unknown API ${unknown.map((a) => `'${a}'`).join(", ")}; choose from ${known.join(", ")} (or none for all)`);
  process.exit(1);
}
const apis = args.length ? args : known;

const run = (script, scriptArgs) => {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", script), ...scriptArgs], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`update-baseline: node scripts/${script} ${scriptArgs.join(" ")} failed (exit ${result.status}); fix that first, the baseline was not changed`);
    process.exit(1);
  }
};
run("bundle.mjs", apis);
// The generated types must match the bundle, or the baseline would pair a spec with stale types.
run("generate.mjs", ["--check"]);

for (const api of apis) {
  const spec = path.join(root, "packages", api, "openapi.json");
  const types = path.join(root, "packages", api, "src", "generated", "schema.ts");
  JSON.parse(readFileSync(spec, "utf8")); // a broken bundle is an error here, not a baseline
  copyFileSync(spec, path.join(here, "baseline", `${api}.json`));
  copyFileSync(types, path.join(here, "baseline", `${api}.schema.ts`));
  console.log(`update-baseline: ${api}: baseline/${api}.json and baseline/${api}.schema.ts updated`);
}
console.log("update-baseline: now delete the entries of these APIs from intended-changes.yaml, run `npx vitest run --project spec-equivalence`, and commit the baseline with the spec change");
