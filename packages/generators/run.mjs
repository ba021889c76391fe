#!/usr/bin/env node
// pnpm test:generators: generates a client from each bundled spec with six generators users use,
// compiles it, and makes one call per API against the mock. See the README's "Generators" section.
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs, UsageError, USAGE } from "./src/args.mjs";
import { relevantLines, seconds, table } from "./src/output.mjs";
import { killAll, pool } from "./src/proc.mjs";
import { GENERATOR_IMPLS, VERSIONS, cleanDir, missingTools, packageDir } from "./src/generators.mjs";

const root = resolve(packageDir, "..", "..");
const WILDFIRE_SECRET = "123456"; // what the mock checks signatures with unless told otherwise

function die(message, code = 1) {
  console.error(`test:generators: ${message}`);
  process.exit(code);
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) die(error.message, 2);
  throw error;
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const specs = {};
for (const api of options.apis) {
  specs[api] = options.specs[api] ? resolve(options.specs[api]) : join(root, "packages", api, "openapi.json");
  if (!existsSync(specs[api])) {
    die(options.specs[api] ? `--spec ${api}=${options.specs[api]}: no such file` : `packages/${api}/openapi.json is missing; run pnpm bundle (or pnpm build) at the repository root first`);
  }
}
for (const api of Object.keys(options.specs)) {
  if (!options.apis.includes(api)) die(`--spec names ${api}, which --api leaves out`, 2);
}
let mockModule;
try {
  mockModule = await import("@im-openapi/mock");
} catch (error) {
  die(`cannot load @im-openapi/mock (${error.message.split("\n")[0]}); run pnpm install && pnpm build at the repository root first`);
}
const missing = await missingTools(options.generators);
if (missing.length > 0) {
  for (const problem of missing) console.error(`test:generators: ${problem}`);
  die("install what is missing, or leave those generators out with --generator");
}

const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "im-openapi", "generators");
const work = await mkdtemp(join(tmpdir(), "im-openapi-generators-"));
const started = Date.now();
let mocks;
let interrupted = false;

async function cleanUp() {
  killAll();
  await mocks?.stop().catch(() => {});
  if (!options.keep) await cleanDir(work);
}
process.on("SIGINT", () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error("\ninterrupted; stopping the mock and the tools");
  cleanUp().finally(() => process.exit(130));
});

// A JWT-shaped bearer token naming a user, as OpenChat's login hands out (the mock reads `userId`).
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
const bearer = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ userId: "u_generators", iat: Math.floor(Date.now() / 1000) })}.c2lnbmF0dXJl`;

try {
  mocks = await mockModule.startMocks({ apis: options.apis, wildfireSecret: WILDFIRE_SECRET });
} catch (error) {
  await cleanUp();
  die(`the mock did not start: ${error.message}`);
}
console.log(`mock: ${options.apis.map((api) => `${api} ${mocks.urls[api]}`).join(", ")}`);
for (const [api, file] of Object.entries(options.specs)) console.log(`spec: ${api} from ${specs[api]}`);
console.log(`cache: ${cache}${options.keep ? `\nclients: ${work}` : ""}`);
const ctx = { cache, urls: mocks.urls, wildfireSecret: WILDFIRE_SECRET, bearer };

function printFailure(generator, output, dir) {
  const impl = GENERATOR_IMPLS[generator];
  for (const line of relevantLines(output, { noise: impl.noise, tail: impl.tail, dir })) console.log(`    ${line}`);
}

// Tools first (downloads and installs, cached), at most `jobs` at once.
const tools = {};
await pool(
  options.generators.map((generator) => async () => {
    const t0 = Date.now();
    const slow = setTimeout(() => console.log(`  ... setting up ${generator} (downloads and installs into the cache; first run only)`), 3000);
    const result = await GENERATOR_IMPLS[generator].setup(ctx).finally(() => clearTimeout(slow));
    tools[generator] = result;
    const version = { "oapi-codegen": VERSIONS["oapi-codegen"], ogen: VERSIONS.ogen, "openapi-generator-java": VERSIONS["openapi-generator"], "openapi-generator-python": VERSIONS["openapi-generator"], "openapi-python-client": VERSIONS["openapi-python-client"], "hey-api": VERSIONS["hey-api"] }[generator];
    console.log(`${result.ok ? "ready " : "FAILED"} ${generator} ${version}${result.note ? ` (${result.note})` : ""} ${seconds(Date.now() - t0)}`);
    if (!result.ok) printFailure(generator, result.output);
  }),
  options.jobs,
);

const STAGES = ["generate", "compile", "call"];
const combos = options.apis.flatMap((api) => options.generators.map((generator) => ({ api, generator, dir: join(work, `${api}-${generator}`), spec: specs[api] })));
const results = await pool(
  combos.map((combo) => async () => {
    const impl = GENERATOR_IMPLS[combo.generator];
    const tool = tools[combo.generator];
    const stages = [];
    let failure;
    if (!tool.ok) failure = { stage: "setup", output: "" };
    for (const stage of failure ? [] : STAGES) {
      if (interrupted) return { ...combo, stages, failure: { stage, output: "interrupted" } };
      const t0 = Date.now();
      let result;
      try {
        result = await impl[stage](ctx, combo, tool);
      } catch (error) {
        result = { ok: false, output: error.stack ?? String(error) };
      }
      stages.push({ stage, ok: result.ok, ms: Date.now() - t0, output: result.output });
      if (!result.ok) {
        failure = { stage, output: result.output };
        break;
      }
    }
    const timings = stages.map((s) => `${s.stage} ${s.ok ? "" : "FAILED "}${seconds(s.ms)}`).join("  ");
    console.log(`${failure ? "FAIL" : "ok  "}  ${combo.api.padEnd(8)}  ${combo.generator.padEnd(24)}  ${failure?.stage === "setup" ? "setup failed" : timings}`);
    if (failure && failure.stage !== "setup") printFailure(combo.generator, failure.output, combo.dir);
    if (!failure) {
      const said = stages.at(-1).output.trim().split("\n").filter(Boolean).at(-1);
      if (said) console.log(`    ${said}`);
    }
    return { ...combo, stages, failure };
  }),
  options.jobs,
);

await cleanUp();
const cell = (result) => (result.failure ? `FAIL ${result.failure.stage}` : "ok");
const rows = [["", ...options.generators]];
for (const api of options.apis) rows.push([api, ...options.generators.map((generator) => cell(results.find((r) => r.api === api && r.generator === generator)))]);
const failed = results.filter((r) => r.failure).length;
console.log(`\n${table(rows)}\n\n${results.length - failed} of ${results.length} passed in ${seconds(Date.now() - started)}${options.keep ? `; clients kept in ${work}` : ""}`);
process.exit(failed === 0 ? 0 : 1);
