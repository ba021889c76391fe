// The packages as npm users get them. The public packages are packed with `pnpm pack` (as the release
// publishes them), installed with npm into a project in a temporary folder outside the workspace
// (nothing resolves back into packages/*/src), and used from there: ES modules, require(), every
// TypeScript resolution mode, `npx im-mock`, `npx im-contract`, a vitest globalSetup, and a Vite page
// in Chromium. Everything the test starts is stopped in afterAll.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeRun,
  formatDiagnostics,
  killAll,
  parseDiagnostics,
  readTarball,
  run,
  startService,
  userEnv,
  type Diagnostic,
  type RunResult,
  type Service,
  type TarEntry,
} from "./support.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const fixtures = path.resolve(here, "../fixtures");
const PUBLIC_PACKAGES = [
  "@im-openapi/contract-tests",
  "@im-openapi/core",
  "@im-openapi/mock",
  "@im-openapi/openchat",
  "@im-openapi/wildfire",
  "@im-openapi/wukongim",
];
const PRIVATE_PACKAGES = ["docs-site", "generators", "outside-in", "spec-equivalence", "test-support"];

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  [field: string]: unknown;
}

interface Packed {
  name: string;
  dir: string;
  file: string;
  packedBytes: number;
  unpackedBytes: number;
  entries: TarEntry[];
  manifest: Manifest;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;
const workspaceManifest = (dir: string) => readJson<Manifest>(path.join(root, "packages", dir, "package.json"));

let tmp = "";
let project = "";
let env: NodeJS.ProcessEnv = {};
let packed: Packed[] = [];
let install: RunResult | undefined;
let mocks: Service | undefined;
let loggingMock: Service | undefined;
const urls: Record<string, string> = {};
let loggingUrl = "";
const servers: http.Server[] = [];
const browsers: Browser[] = [];
const timings: [string, number][] = [];

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings.push([label, Date.now() - started]);
  }
}

function npx(args: readonly string[], cwd: string, timeoutMs = 180_000): Promise<RunResult> {
  return run("npx", args, { cwd, env, timeoutMs });
}

/** `npx tsc -p <config>`, once per config however many tests ask. */
const tscRuns = new Map<string, Promise<{ result: RunResult; diagnostics: Diagnostic[] }>>();
function tsc(config: string): Promise<{ result: RunResult; diagnostics: Diagnostic[] }> {
  let pending = tscRuns.get(config);
  if (!pending) {
    pending = timed(`tsc -p ${config}`, () => npx(["tsc", "-p", config, "--pretty", "false"], project)).then((result) => ({
      result,
      diagnostics: parseDiagnostics(result.stdout + result.stderr),
    }));
    tscRuns.set(config, pending);
  }
  return pending;
}

/** `im-mock` prints `<api>  <url>` per API, then `im-mock: ready; …`. */
async function startMock(args: readonly string[]): Promise<{ service: Service; urls: Record<string, string> }> {
  const service = startService("npx", ["im-mock", ...args], { cwd: project, env });
  await service.waitFor(/^im-mock: ready/m, 120_000);
  const found: Record<string, string> = {};
  for (const match of service.stdout().matchAll(/^(wukongim|wildfire|openchat)\s+(http:\/\/\S+)$/gm)) found[match[1]!] = match[2]!;
  return { service, urls: found };
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

/** A ```ts block of a README whose first line is `// <name>`. */
function readmeBlock(readme: string, name: string): string {
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.startsWith(`// ${name}`));
  if (!block) throw new Error(`the README has no \`\`\`ts block starting with "// ${name}"`);
  return block;
}

function listen(server: http.Server): Promise<string> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

process.once("exit", killAll);

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "im-openapi-outside-in-"));
  project = path.join(tmp, "project");
  env = userEnv(root);
  const tarballs = path.join(tmp, "tarballs");
  mkdirSync(tarballs);

  // The packages as last built (`pnpm test` builds first; alone, run `pnpm build` before this project).
  const dirs = readdirSync(path.join(root, "packages")).filter((dir) => existsSync(path.join(root, "packages", dir, "package.json")));
  const publicDirs = dirs.filter((dir) => !workspaceManifest(dir).private);
  for (const dir of publicDirs) {
    if (!existsSync(path.join(root, "packages", dir, "dist", "index.js"))) {
      throw new Error(`packages/${dir} is not built (no dist/index.js); run \`pnpm build\` first`);
    }
  }

  // One recursive `pnpm pack`, as `pnpm publish -r` packs: workspace:* becomes the exact version.
  await timed("pnpm pack", async () => {
    const filters = publicDirs.flatMap((dir) => ["--filter", `./packages/${dir}`]);
    const result = await run("pnpm", ["-r", ...filters, "pack", "--pack-destination", tarballs], { cwd: root, env: process.env, timeoutMs: 180_000 });
    if (result.code !== 0) throw new Error(describeRun(result));
  });
  packed = readdirSync(tarballs).map((name) => {
    const file = path.join(tarballs, name);
    const gz = readFileSync(file);
    const entries = readTarball(gz);
    const manifest = JSON.parse(entries.find((e) => e.path === "package.json")!.content.toString("utf8")) as Manifest;
    const dir = publicDirs.find((d) => workspaceManifest(d).name === manifest.name);
    if (!dir) throw new Error(`pnpm pack wrote ${name}, which is none of the public packages`);
    return { name: manifest.name, dir, file, packedBytes: gz.length, unpackedBytes: entries.reduce((sum, e) => sum + e.size, 0), entries, manifest };
  });

  // A user's project: the tarballs as dependencies, and the tools the checks use, at the workspace's versions.
  const tools = workspaceManifest("outside-in").devDependencies as Record<string, string>;
  writeJson(path.join(project, "package.json"), {
    name: "im-openapi-user-project",
    private: true,
    type: "module",
    dependencies: Object.fromEntries(packed.map((p) => [p.name, `file:${path.relative(project, p.file)}`])),
    devDependencies: Object.fromEntries(["@types/node", "typescript", "vite", "vitest"].map((name) => [name, tools[name]!])),
  });
  install = await timed("npm install", () =>
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project, env, timeoutMs: 360_000 }),
  );
  if (install.code !== 0) throw new Error(describeRun(install));

  cpSync(fixtures, project, { recursive: true });
  copyFileSync(path.join(project, "esm", "clients.mts"), path.join(project, "esm", "clients.mjs"));

  // Two mocks, as a user starts them: all three APIs for the programs and the contract run, and a
  // logging WuKongIM for the browser page, whose log must show only the page's requests.
  const [all, logging] = await timed("npx im-mock (two, in parallel)", () =>
    Promise.all([
      startMock(["--api", "wukongim,wildfire,openchat", "--wukongim-port", "0", "--wildfire-port", "0", "--openchat-port", "0"]),
      startMock(["--api", "wukongim", "--wukongim-port", "0", "--log"]),
    ]),
  );
  mocks = all.service;
  Object.assign(urls, all.urls);
  loggingMock = logging.service;
  loggingUrl = logging.urls["wukongim"] ?? "";
});

afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close().catch(() => undefined)));
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await Promise.all([mocks, loggingMock].map((service) => service?.stop().catch(() => undefined)));
  killAll();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (timings.length) console.log(`outside-in timings:\n${timings.map(([label, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${label}`).join("\n")}`);
});

describe("the packed packages", () => {
  it("are the six public packages; the private ones are not among them", () => {
    expect(packed.map((p) => p.name).sort()).toEqual(PUBLIC_PACKAGES);
    expect(readdirSync(path.join(root, "packages")).filter((dir) => workspaceManifest(dir).private).sort()).toEqual(PRIVATE_PACKAGES);
    // The release versions the six together (changesets `fixed`).
    const changesets = readJson<{ fixed: string[][] }>(path.join(root, ".changeset", "config.json"));
    expect([...changesets.fixed[0]!].sort()).toEqual(PUBLIC_PACKAGES);

    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(
      `| package | files | packed | unpacked |\n|---|---:|---:|---:|\n` +
        packed.map((p) => `| \`${p.name}\` | ${p.entries.length} | ${kb(p.packedBytes)} | ${kb(p.unpackedBytes)} |`).join("\n"),
    );
  });

  it("ship dist, types, README and LICENSE, and nothing from src/ or test/", () => {
    for (const p of packed) {
      const paths = p.entries.map((e) => e.path);
      expect(paths, p.name).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"]));
      expect(
        paths.filter((file) => /^(src|test)\//.test(file) || /\.map$|tsconfig|vitest\.config/.test(file)),
        `${p.name} ships files users do not need`,
      ).toEqual([]);
      expect(p.entries.find((e) => e.path === "LICENSE")!.content.toString(), p.name).toContain("Apache License");
      // Built without source maps (src/ does not ship, so a map could only point at nothing).
      const mapped = p.entries.filter((e) => /\.(js|d\.ts)$/.test(e.path) && e.content.toString().includes("sourceMappingURL")).map((e) => e.path);
      expect(mapped, `${p.name}: files that name a source map`).toEqual([]);
      // Every module has its source: a build output whose source was deleted or renamed is stale.
      const stale = paths.filter((file) => /^dist\/.*\.js$/.test(file) && !existsSync(path.join(root, "packages", p.dir, file.replace(/^dist\//, "src/").replace(/\.js$/, ".ts"))));
      expect(stale, `${p.name}: stale files in dist/ (delete packages/${p.dir}/dist and run pnpm build)`).toEqual([]);
      // Every file the manifest points at is in the tarball.
      // Only the values of these maps are files; keys such as "./webhooks" are subpaths.
      const files = (node: unknown): string[] => (typeof node === "string" ? [node] : node && typeof node === "object" ? Object.values(node).flatMap(files) : []);
      const targets = files([p.manifest["exports"], p.manifest["imports"], p.manifest["main"], p.manifest["types"], p.manifest["bin"]]).filter((t) => t.startsWith("./"));
      for (const target of targets) expect(paths, `${p.name} points at ${target}`).toContain(target.slice(2));
    }
    // The clients ship their bundled spec; the mock ships all three.
    for (const api of ["wukongim", "wildfire", "openchat"]) {
      expect(packed.find((p) => p.name === `@im-openapi/${api}`)!.entries.map((e) => e.path)).toContain("openapi.json");
      expect(packed.find((p) => p.name === "@im-openapi/mock")!.entries.map((e) => e.path)).toContain(`specs/${api}.json`);
    }
  });

  it("have manifests ready for npm: exact versions, engines, repository, publishConfig, no path into src/", () => {
    const versions = new Map(packed.map((p) => [p.name, p.manifest.version]));
    for (const p of packed) {
      const m = p.manifest;
      const where = `${p.name} (packed package.json)`;
      expect(m["license"], where).toBe("Apache-2.0");
      expect(m["engines"], where).toEqual({ node: ">=20.19.0" });
      expect(m["repository"], where).toMatchObject({ type: "git", directory: `packages/${p.dir}` });
      expect(m["publishConfig"], where).toMatchObject({ access: "public", provenance: true });
      expect(m["types"], where).toBe("./dist/index.d.ts");
      // One export for import and require: both reach the ES module build.
      expect((m["exports"] as Record<string, unknown>)["."], where).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
      expect(JSON.stringify(m), where).not.toMatch(/workspace:|\.\/src\//);
      for (const [dep, range] of Object.entries((m["dependencies"] ?? {}) as Record<string, string>)) {
        if (versions.has(dep)) expect(range, `${where}: ${dep}`).toBe(versions.get(dep));
      }
    }
  });

  it("the private packages refuse to be packed", async () => {
    const out = path.join(tmp, "private-packs");
    mkdirSync(out);
    const results = await Promise.all(
      PRIVATE_PACKAGES.map((dir) => run("pnpm", ["pack", "--pack-destination", out], { cwd: path.join(root, "packages", dir), env: process.env, timeoutMs: 60_000 })),
    );
    for (const [i, result] of results.entries()) {
      expect(result.code, describeRun(result)).not.toBe(0);
      expect(result.stdout + result.stderr).toContain(`@im-openapi/${PRIVATE_PACKAGES[i]} is private`);
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it("install with npm on this Node without engine warnings", () => {
    expect(install?.code).toBe(0);
    expect(install!.stdout + install!.stderr).not.toMatch(/EBADENGINE|ERESOLVE/);
    // npm resolved the internal dependencies to the tarballs, not to the registry.
    const lock = readJson<{ packages: Record<string, { resolved?: string }> }>(path.join(project, "package-lock.json"));
    for (const name of PUBLIC_PACKAGES) expect(lock.packages[`node_modules/${name}`]?.resolved, name).toMatch(/^file:/);
  });
});

describe.concurrent("in a user's project", () => {
  // Longest first: they overlap with the short ones that follow.
  it("a Vite page calling the WuKongIM mock from Chromium gets a typed WukongimError, and the mock logs one POST", async ({ expect }) => {
    const page = path.join(project, "vite-page");
    const build = await timed("vite build", () => npx(["vite", "build", "--logLevel", "warn"], page));
    expect(build.code, describeRun(build)).toBe(0);
    const distDir = path.join(page, "dist");
    const scripts = readdirSync(path.join(distDir, "assets")).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    // The browser build of @im-openapi/core sends with fetch: no undici, no Node module.
    for (const script of scripts) {
      expect(readFileSync(path.join(distDir, "assets", script), "utf8"), script).not.toMatch(/from\s*["'](undici|node:[^"']*)["']|import\(["'](undici|node:)|require\(/);
    }

    const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
    const site = await listen(
      http.createServer((req, res) => {
        const file = path.join(distDir, new URL(req.url ?? "/", "http://x").pathname.replace(/\/$/, "/index.html"));
        if (!file.startsWith(distDir) || !existsSync(file)) return void res.writeHead(404).end();
        res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
      }),
    );

    const chromiumPath = spawnSync(process.execPath, [path.join(root, "scripts", "ensure-chromium.mjs")], { encoding: "utf8" });
    expect(chromiumPath.status, chromiumPath.stderr).toBe(0);
    const browser = await timed("chromium", () =>
      chromium.launch({
        executablePath: chromiumPath.stdout.trim().split("\n").pop()!,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      }),
    );
    browsers.push(browser);
    const tab = await browser.newPage();
    const problems: string[] = [];
    tab.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await tab.goto(`${site}/?api=${encodeURIComponent(loggingUrl)}`);
    await tab.waitForFunction(() => (document.getElementById("result")?.textContent ?? "") !== "", undefined, { timeout: 60_000 });
    const result = JSON.parse((await tab.textContent("#result")) ?? "{}") as Record<string, unknown>;
    await browser.close();

    expect(problems).toEqual([]);
    expect(result).toMatchObject({
      outcome: "thrown",
      name: "WukongimError",
      isWukongimError: true,
      isImApiError: true,
      kind: "api",
      failure: "bad-request",
      status: 400,
      operation: "sendMessage",
    });
    expect(String(result["msg"])).toMatch(/payload/);

    // The log line of the page's request is written when its answer is; a request of our own,
    // logged after it, shows that the log is complete up to there.
    await fetch(`${loggingUrl}/health`);
    await loggingMock!.waitFor(/^\[wukongim\] GET \/health 200/m, 30_000);
    const posts = loggingMock!.stdout().split("\n").filter((line) => line.startsWith("[wukongim] POST /message/send "));
    expect(posts, loggingMock!.stdout()).toHaveLength(1);
    expect(posts[0]).toMatch(/^\[wukongim\] POST \/message\/send 400 sendMessage \d+ms — .*payload/);
  });

  it("a vitest globalSetup with startMocks, as the mock's README shows it, type-checks strict and runs", async ({ expect }) => {
    const dir = path.join(project, "vitest");
    const readme = readFileSync(path.join(project, "node_modules", "@im-openapi", "mock", "README.md"), "utf8");
    writeFileSync(path.join(dir, "global-setup.ts"), readmeBlock(readme, "global-setup.ts"));
    writeFileSync(path.join(dir, "send.test.ts"), readmeBlock(readme, "send.test.ts"));
    expect(readFileSync(path.join(dir, "global-setup.ts"), "utf8")).toContain("interface ProvidedContext");

    const { result, diagnostics } = await tsc("vitest/tsconfig.json");
    expect(formatDiagnostics(diagnostics), describeRun(result)).toBe("");
    expect(result.code, describeRun(result)).toBe(0);

    const tests = await timed("vitest run (user project)", () => npx(["vitest", "run"], dir));
    expect(tests.code, describeRun(tests)).toBe(0);
    expect(tests.stdout).toMatch(/Tests\s+1 passed/);
  });

  it("npx im-contract passes against the mock", async ({ expect }) => {
    const report = path.join(tmp, "contract-mock");
    const contract = await timed("im-contract (mock)", () => npx(["im-contract", "--wukongim", urls["wukongim"]!, "--report", report], project));
    expect(contract.code, describeRun(contract)).toBe(0);
    expect(readdirSync(report).sort()).toEqual(expect.arrayContaining(["contract-report.json", "contract-report.md"]));
  });

  it("npx im-contract fails against a server that drifted, naming the operation and the field", async ({ expect }) => {
    // The mock, except that one read answers a number as a string.
    const upstream = new URL(urls["wukongim"]!);
    const drifting = await listen(
      http.createServer((req, res) => {
        if (req.method === "GET" && req.url?.startsWith("/channel/max_message_seq")) {
          return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ message_seq: "12345" }));
        }
        const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on("error", () => res.writeHead(502).end());
        req.pipe(forward);
      }),
    );
    const report = path.join(tmp, "contract-drift");
    const contract = await timed("im-contract (drift)", () => npx(["im-contract", "--wukongim", drifting, "--report", report], project));
    expect(contract.code, describeRun(contract)).not.toBe(0);
    expect(contract.code, describeRun(contract)).not.toBeNull();
    const markdown = readFileSync(path.join(report, "contract-report.md"), "utf8");
    expect(markdown).toContain("getChannelMaxMessageSeq");
    expect(markdown).toContain("message_seq");
    // Only that operation drifted, and the report says where and how.
    interface Check { operation?: string; outcome: string; violations: { operation: string; direction: string; at: string; actual: string }[] }
    const json = readJson<{ ok: boolean; checks: Check[] }>(path.join(report, "contract-report.json"));
    expect(json.ok).toBe(false);
    const failed = json.checks.filter((check) => check.outcome === "failed");
    expect(failed.map((check) => check.operation)).toEqual(["getChannelMaxMessageSeq"]);
    expect(failed[0]!.violations).toEqual([expect.objectContaining({ operation: "getChannelMaxMessageSeq", direction: "response", at: "/message_seq", actual: '"12345"' })]);
  });

  it("npx @im-openapi/mock, the form the READMEs give, runs the installed command", async ({ expect }) => {
    const version = await npx(["@im-openapi/mock", "--version"], project, 60_000);
    expect(version.code, describeRun(version)).toBe(0);
    expect(version.stdout.trim()).toBe(packed.find((p) => p.name === "@im-openapi/mock")!.manifest.version);
  });

  it("an ES module calling each client runs with node against npx im-mock", async ({ expect }) => {
    const program = await timed("node esm/clients.mjs", () =>
      run(process.execPath, ["esm/clients.mjs", urls["wukongim"]!, urls["wildfire"]!, urls["openchat"]!], { cwd: project, env, timeoutMs: 60_000 }),
    );
    expect(program.code, describeRun(program)).toBe(0);
    expect(program.stderr).toBe("");
    expect(program.stdout.trim().split("\n")).toEqual([
      "wukongim: sent message 123456789",
      "wildfire: user u_test01 is Test User 01",
      "wildfire: a wrong secret gets 244 ERROR_CODE_AUTH_FAILURE (an ImApiError: true)",
      "openchat: WebSocket ws://your-server:5200",
    ]);
  });

  it("the ES module type-checks under module: nodenext", async ({ expect }) => {
    const { result, diagnostics } = await tsc("esm/tsconfig.nodenext.json");
    expect(formatDiagnostics(diagnostics.filter((d) => d.file.endsWith("clients.mts"))), describeRun(result)).toBe("");
  });

  it("the ES module type-checks under module: esnext, moduleResolution: bundler", async ({ expect }) => {
    const { result, diagnostics } = await tsc("esm/tsconfig.bundler.json");
    expect(formatDiagnostics(diagnostics), describeRun(result)).toBe("");
    expect(result.code, describeRun(result)).toBe(0);
  });

  it("a .cjs file require()s each client and runs", async ({ expect }) => {
    const program = await timed("node cjs/clients.cjs", () =>
      run(process.execPath, ["cjs/clients.cjs", urls["wukongim"]!, urls["wildfire"]!, urls["openchat"]!], { cwd: project, env, timeoutMs: 60_000 }),
    );
    expect(program.code, describeRun(program)).toBe(0);
    // Node 20.19+ loads ES modules through require() without a flag or a warning.
    expect(program.stderr).toBe("");
    expect(program.stdout.trim().split("\n")).toEqual([
      "wukongim: sent message 123456789",
      "wildfire: user u_test01 is Test User 01",
      "openchat: WebSocket ws://your-server:5200",
      "one WukongimError for require and import: true",
      "mock: startMocks is a function",
    ]);
  });

  it("a .cts file that requires the packages type-checks under module: nodenext, and its compiled .cjs runs", async ({ expect }) => {
    const { result, diagnostics } = await tsc("esm/tsconfig.nodenext.json");
    expect(result.stdout + result.stderr).not.toMatch(/TS1479|TS1471/);
    expect(formatDiagnostics(diagnostics.filter((d) => d.file.endsWith("clients.cts"))), describeRun(result)).toBe("");
    // tsc emits despite the wrong-field error elsewhere in the program; this file's output is whole.
    const program = await timed("node out-nodenext/cjs/clients.cjs", () =>
      run(process.execPath, ["out-nodenext/cjs/clients.cjs", urls["wildfire"]!, urls["openchat"]!], { cwd: project, env, timeoutMs: 90_000 }),
    );
    expect(program.code, describeRun(program)).toBe(0);
    expect(program.stdout.trim().split("\n")).toEqual([
      "cts: wukongim sent message 123456789",
      "cts: wildfire user Test User 01",
      "cts: openchat WebSocket ws://your-server:5200",
    ]);
  });

  it("a wrong field name (channelId for channel_id) fails tsc, at that field", async ({ expect }) => {
    const { result, diagnostics } = await tsc("esm/tsconfig.nodenext.json");
    expect(result.code).not.toBe(0);
    // The only diagnostics of the whole program (which includes the ES module and the .cts file).
    expect(diagnostics, describeRun(result)).toHaveLength(1);
    const [wrong] = diagnostics;
    const source = readFileSync(path.join(project, "esm", "wrong-field.mts"), "utf8").split("\n");
    const line = source.findIndex((text) => text.includes("channelId")) + 1;
    expect(wrong).toMatchObject({ file: "esm/wrong-field.mts", line, column: source[line - 1]!.indexOf("channelId") + 1, code: "TS2322" });
    expect(wrong!.message).toContain("'never'");
  });

  it("a legacy project (moduleResolution: node, module: commonjs) type-checks, and its compiled require()s run", async ({ expect }) => {
    const { result, diagnostics } = await tsc("legacy/tsconfig.json");
    expect(formatDiagnostics(diagnostics), describeRun(result)).toBe("");
    expect(result.code, describeRun(result)).toBe(0);
    const program = await run(process.execPath, ["legacy/out/clients.js", urls["wukongim"]!], { cwd: project, env, timeoutMs: 60_000 });
    expect(program.code, describeRun(program)).toBe(0);
    expect(program.stdout.trim().split("\n")).toEqual([
      'legacy: sent message 123456789 (mock options: {"apis":["wukongim"]})',
      "legacy: 2 more clients; ImApiError is a function",
    ]);
  });
});

describe("stopping", () => {
  it("npx im-mock stops on Ctrl-C (SIGINT), and everything it started exits with it", async () => {
    for (const service of [mocks!, loggingMock!]) {
      // stop() resolves once the whole process group (npx, the shell, im-mock, Prism's host) is gone.
      const exit = await service.stop("SIGINT", 20_000);
      expect(exit.signal === "SIGINT" || exit.code === 0 || exit.code === 130, JSON.stringify(exit)).toBe(true);
      expect(service.stderr()).toBe("");
    }
    await expect(fetch(`${urls["wukongim"]}/health`)).rejects.toThrow();
  });
});
