// The six generators: how each is found or installed (cached), how it generates a client, how the
// client is compiled and how the call program beside it is run. A user's ordinary options only
// (package names, output folders); nothing that skips or relaxes what the spec says.
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ogenSkipsWithPointers, pythonClientWarned } from "./findings.mjs";
import { mutex, run } from "./proc.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = dirname(here);
const callers = join(packageDir, "callers");
const require = createRequire(import.meta.url);

export const VERSIONS = {
  "oapi-codegen": "v2.8.2",
  "oapi-codegen-runtime": "v1.9.0",
  ogen: "v1.25.0",
  "openapi-generator": "7.27.0",
  "openapi-python-client": "0.29.1",
  "hey-api": require("@hey-api/openapi-ts/package.json").version,
  typescript: require("typescript/package.json").version,
};

const MINUTES = 60_000;
const GO_HINT = "install Go 1.26 or newer (ogen v1.25 and oapi-codegen/runtime v1.9 need it; https://go.dev/dl) and put `go` on PATH";
const JAVA_HINT = "install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless) and put `java` on PATH";
const MVN_HINT = "install Maven 3.8 or newer (e.g. apt-get install maven) and put `mvn` on PATH";
const PYTHON_HINT = "install Python 3.10 or newer with venv (e.g. apt-get install python3 python3-venv) and put `python3` on PATH";

const PYTHON_TOOL = {
  command: "python3",
  args: ["-c", "import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 10) else 'python3 is ' + sys.version.split()[0])"],
  hint: PYTHON_HINT,
};

const javaPackage = (api) => `org.imopenapi.${api}`;
const pythonPackage = (api) => `${api}_client`;
const oneAtATime = { maven: mutex(), pip: mutex() };

function ok(output = "") {
  return { ok: true, output };
}
function fail(output, extra = {}) {
  return { ok: false, output, ...extra };
}
function fromRun(result, extra = {}) {
  return result.code === 0 ? { ok: true, output: result.output, ...extra } : { ok: false, output: result.output, ...extra };
}

// ---- shared set-ups (each once per run, cached across runs) ----

const once = new Map();
function memo(key, fn) {
  if (!once.has(key)) once.set(key, fn());
  return once.get(key);
}

async function goTool(ctx, name, modulePath, version) {
  const bin = join(ctx.cache, "bin", `${name}-${version}`);
  const exe = join(bin, name);
  if (existsSync(exe)) return { ok: true, exe, output: "" };
  const result = await run("go", ["install", `${modulePath}@${version}`], { env: { GOBIN: bin, GOFLAGS: "-mod=mod" }, timeoutMs: 15 * MINUTES });
  return result.code === 0 && existsSync(exe) ? { ok: true, exe, output: result.output, note: `installed ${name} ${version}` } : fail(`go install ${modulePath}@${version} failed:\n${result.output}`);
}

const JAR_URL = (v) => `https://repo.maven.apache.org/maven2/org/openapitools/openapi-generator-cli/${v}/openapi-generator-cli-${v}.jar`;

function generatorJar(ctx) {
  return memo("jar", async () => {
    const version = VERSIONS["openapi-generator"];
    const jar = join(ctx.cache, `openapi-generator-cli-${version}.jar`);
    if (existsSync(jar)) return { ok: true, jar, output: "" };
    await mkdir(ctx.cache, { recursive: true });
    try {
      const [body, sha1] = await Promise.all([fetchBytes(JAR_URL(version)), fetchBytes(`${JAR_URL(version)}.sha1`)]);
      const expected = sha1.toString("utf8").trim().split(/\s+/)[0];
      const actual = createHash("sha1").update(body).digest("hex");
      if (actual !== expected) return fail(`${JAR_URL(version)}: SHA-1 ${actual} differs from Maven Central's ${expected}`);
      const partial = `${jar}.${process.pid}.part`;
      await writeFile(partial, body);
      await rename(partial, jar);
      return { ok: true, jar, output: "", note: `downloaded openapi-generator-cli ${version}` };
    } catch (error) {
      return fail(`cannot download openapi-generator-cli ${version}: ${error.message} (or place the jar at ${jar})`);
    }
  });
}

async function fetchBytes(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5 * MINUTES) });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

async function pythonVersion() {
  return memo("python-version", async () => {
    const result = await run("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]);
    return result.output.trim();
  });
}

/**
 * A venv under the cache named for what is in it. `packages` are pip-installed once: installed.txt
 * lists every requirement installed so far, and a call whose requirements are all listed does nothing.
 */
async function venv(ctx, name, packages) {
  const dir = join(ctx.cache, "venv", `${name}-py${await pythonVersion()}`);
  const python = join(dir, "bin", "python");
  const stamp = join(dir, "installed.txt");
  const installed = async () => (existsSync(stamp) ? (await readFile(stamp, "utf8")).split("\n").filter(Boolean) : []);
  let installedNow = await installed();
  const ready = () => existsSync(python) && packages.every((p) => installedNow.includes(p));
  if (ready()) return { ok: true, dir, python, output: "" };
  return oneAtATime.pip(async () => {
    installedNow = await installed();
    if (ready()) return { ok: true, dir, python, output: "" };
    if (!existsSync(python)) {
      const made = await run("python3", ["-m", "venv", dir], { timeoutMs: 5 * MINUTES });
      if (made.code !== 0) return fail(`python3 -m venv ${dir} failed (${PYTHON_HINT}):\n${made.output}`);
    }
    const missing = packages.filter((p) => !installedNow.includes(p));
    if (missing.length > 0) {
      const result = await run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-q", ...missing], { timeoutMs: 15 * MINUTES });
      if (result.code !== 0) return fail(`pip install ${missing.join(" ")} failed:\n${result.output}`);
    }
    await writeFile(stamp, [...installedNow, ...missing].join("\n") + "\n");
    return { ok: true, dir, python, output: "", note: `venv ${name}${missing.length ? `: ${missing.join(" ")}` : ""}` };
  });
}

async function copyCaller(generator, file, target) {
  await mkdir(dirname(target), { recursive: true });
  await copyFile(join(callers, generator, file), target);
}

function callEnv(ctx, combo) {
  return {
    IM_BASE_URL: ctx.urls[combo.api],
    IM_WILDFIRE_SECRET: ctx.wildfireSecret,
    IM_BEARER_TOKEN: ctx.bearer,
  };
}

// ---- Go ----

async function goModule(generator, combo, extraRequire) {
  await writeFile(join(combo.dir, "go.mod"), `module example.com/imcall\n\ngo 1.22\n\nrequire ${extraRequire}\n`);
  await copyCaller(generator, `${combo.api}.go`, join(combo.dir, "main.go"));
}

async function goBuild(combo) {
  const tidy = await run("go", ["mod", "tidy"], { cwd: combo.dir, timeoutMs: 10 * MINUTES });
  if (tidy.code !== 0) return fail(`go mod tidy:\n${tidy.output}`);
  // -trimpath keeps the temp folder's name out of the build cache's keys, so an unchanged client
  // is not compiled again on the next run.
  return fromRun(await run("go", ["build", "-trimpath", "-o", "call", "."], { cwd: combo.dir, timeoutMs: 15 * MINUTES }));
}

const GO_TOOLS = [{ command: "go", args: ["version"], hint: GO_HINT }];

const oapiCodegen = {
  name: "oapi-codegen",
  tools: GO_TOOLS,
  setup: (ctx) => memo("oapi-codegen", () => goTool(ctx, "oapi-codegen", "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", VERSIONS["oapi-codegen"])),
  async generate(ctx, combo, tool) {
    await mkdir(join(combo.dir, "client"), { recursive: true });
    // skip-prune: oapi-codegen 2.8 writes aliases for the 3.1 `webhooks` request bodies but prunes
    // the component schemas only webhooks use (its pruner does not walk `webhooks`), so the client
    // does not compile without it. Keeping every component drops nothing.
    const config = join(combo.dir, "oapi-codegen.yaml");
    await writeFile(config, "package: client\ngenerate:\n  models: true\n  client: true\noutput-options:\n  skip-prune: true\n");
    const result = await run(tool.exe, ["-config", config, "-o", join(combo.dir, "client", "client.gen.go"), combo.spec]);
    return fromRun(result);
  },
  async compile(ctx, combo) {
    await goModule("oapi-codegen", combo, `github.com/oapi-codegen/runtime ${VERSIONS["oapi-codegen-runtime"]}`);
    return goBuild(combo);
  },
  call: async (ctx, combo) => fromRun(await run(join(combo.dir, "call"), [], { env: callEnv(ctx, combo), timeoutMs: 2 * MINUTES })),
  noise: [],
};

const ogen = {
  name: "ogen",
  tools: GO_TOOLS,
  setup: (ctx) => memo("ogen", () => goTool(ctx, "ogen", "github.com/ogen-go/ogen/cmd/ogen", VERSIONS.ogen)),
  async generate(ctx, combo, tool) {
    await mkdir(combo.dir, { recursive: true });
    const result = await run(tool.exe, ["--target", join(combo.dir, "client"), "--package", "client", "--clean", combo.spec]);
    // ogen's default config refuses what it cannot generate; any operation or media it reports as
    // skipped or ignored still means the client is missing part of the API.
    const specText = await readFile(combo.spec, "utf8");
    const skipped = ogenSkipsWithPointers(result.output, specText);
    if (result.code === 0 && skipped.length > 0) return fail(`${skipped.join("\n")}\n${result.output}`);
    if (result.code !== 0 && /is not implemented yet|failed to infer/.test(result.output)) {
      // ogen stops at the first unsupported feature without saying where. A second run that
      // ignores them (diagnosis only: the verdict stays "failed") lists every operation it hits.
      const config = join(combo.dir, "ogen-diagnosis.yml");
      await writeFile(config, 'generator:\n  ignore_not_implemented: ["all"]\n');
      const diagnosis = await run(tool.exe, ["--config", config, "--target", join(combo.dir, "ogen-diagnosis"), "--package", "client", "--clean", combo.spec]);
      const where = ogenSkipsWithPointers(diagnosis.output, specText);
      if (where.length > 0) return fail(`${where.join("\n")}\n(where: from a second run with ignore_not_implemented: ["all"], for diagnosis only)\n${result.output}`);
    }
    return fromRun(result);
  },
  async compile(ctx, combo) {
    await goModule("ogen", combo, `github.com/ogen-go/ogen ${VERSIONS.ogen}`);
    return goBuild(combo);
  },
  call: async (ctx, combo) => fromRun(await run(join(combo.dir, "call"), [], { env: callEnv(ctx, combo), timeoutMs: 2 * MINUTES })),
  // ogen logs every header it canonicalises and every schema it maps to `any`; the failure follows.
  noise: [/^INFO\b/, /Header name is not canonical/, /^\s+(main\.|github\.com\/|\/.*\.go:\d+)/],
};

// ---- openapi-generator (java, python) ----

const JAVA_TOOLS = [{ command: "java", args: ["-version"], hint: JAVA_HINT }];

async function openapiGenerator(ctx, combo, tool, generator, extra) {
  const result = await run(
    "java",
    ["-jar", tool.jar, "generate", "-g", generator, "-i", combo.spec, "-o", combo.dir, "--global-property", "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false", ...extra],
    { timeoutMs: 10 * MINUTES },
  );
  return fromRun(result);
}

const OFFLINE_MISS = /offline mode|Cannot access \S+ in offline|has not been downloaded|could not be resolved|Could not resolve dependencies|Plugin .* could not be resolved|resolve plugin/i;

async function maven(combo, goals) {
  // Offline first: once ~/.m2 holds the client's dependencies no network is needed. Only the
  // online fallback (which writes ~/.m2) runs one at a time.
  const offline = await run("mvn", ["-B", "-q", "-o", ...goals], { cwd: combo.dir, timeoutMs: 15 * MINUTES });
  if (offline.code === 0 || !OFFLINE_MISS.test(offline.output)) return offline;
  return oneAtATime.maven(() => run("mvn", ["-B", "-q", ...goals], { cwd: combo.dir, timeoutMs: 20 * MINUTES }));
}

const openapiGeneratorJava = {
  name: "openapi-generator-java",
  tools: [...JAVA_TOOLS, { command: "mvn", args: ["-v"], hint: MVN_HINT }],
  setup: (ctx) => generatorJar(ctx),
  generate: (ctx, combo, tool) =>
    openapiGenerator(ctx, combo, tool, "java", [
      "--api-package", `${javaPackage(combo.api)}.api`,
      "--model-package", `${javaPackage(combo.api)}.model`,
      "--invoker-package", `${javaPackage(combo.api)}.client`,
      "--group-id", "org.imopenapi",
      "--artifact-id", `${combo.api}-client`,
    ]),
  async compile(ctx, combo) {
    await copyCaller("openapi-generator-java", `${combo.api}.java`, join(combo.dir, "src/main/java/org/imopenapi/call/Call.java"));
    return fromRun(await maven(combo, ["compile", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt"]));
  },
  async call(ctx, combo) {
    const classpath = `${join(combo.dir, "target", "classes")}:${(await readFile(join(combo.dir, "classpath.txt"), "utf8")).trim()}`;
    return fromRun(await run("java", ["-cp", classpath, "org.imopenapi.call.Call"], { env: callEnv(ctx, combo), timeoutMs: 2 * MINUTES }));
  },
  noise: [/^\[main\] INFO\b/, /^\[INFO\]/, /^\[ERROR\] (-> \[Help|To see the full stack|Re-run Maven|For more information|\s*$)/, /^\[ERROR\] \[Help \d\]/],
};

async function pythonCheck(python, combo, pkg) {
  const compiled = await run(python, ["-m", "compileall", "-q", join(combo.dir, pkg)], { timeoutMs: 5 * MINUTES });
  if (compiled.code !== 0) return fail(compiled.output);
  return fromRun(await run(python, ["-c", `import ${pkg}`], { cwd: combo.dir, env: { PYTHONPATH: combo.dir }, timeoutMs: 5 * MINUTES }));
}

const openapiGeneratorPython = {
  name: "openapi-generator-python",
  tools: [...JAVA_TOOLS, PYTHON_TOOL],
  async setup(ctx) {
    const jar = await generatorJar(ctx);
    if (!jar.ok) return jar;
    const env = await venv(ctx, `openapi-generator-python-${VERSIONS["openapi-generator"]}`, []);
    return env.ok ? { ...env, jar: jar.jar, note: [jar.note, env.note].filter(Boolean).join(", ") } : env;
  },
  generate: (ctx, combo, tool) => openapiGenerator(ctx, combo, tool, "python", ["--package-name", pythonPackage(combo.api), "--additional-properties", `projectName=${combo.api}-client`]),
  async compile(ctx, combo, tool) {
    // The generated requirements.txt is what a user installs; the venv keeps what earlier runs installed.
    const requirements = (await readFile(join(combo.dir, "requirements.txt"), "utf8")).split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
    const env = await venv(ctx, `openapi-generator-python-${VERSIONS["openapi-generator"]}`, requirements);
    if (!env.ok) return env;
    return pythonCheck(tool.python, combo, pythonPackage(combo.api));
  },
  async call(ctx, combo, tool) {
    return fromRun(await run(tool.python, [join(callers, "openapi-generator-python", `${combo.api}.py`)], { cwd: combo.dir, env: { ...callEnv(ctx, combo), PYTHONPATH: combo.dir }, timeoutMs: 2 * MINUTES }));
  },
  noise: [/^\[main\] INFO\b/],
  tail: true,
};

// ---- openapi-python-client ----

const openapiPythonClient = {
  name: "openapi-python-client",
  tools: [PYTHON_TOOL],
  setup: (ctx) => memo("opc", () => venv(ctx, `openapi-python-client-${VERSIONS["openapi-python-client"]}`, [`openapi-python-client==${VERSIONS["openapi-python-client"]}`])),
  async generate(ctx, combo, tool) {
    await mkdir(combo.dir, { recursive: true });
    const result = await run(join(tool.dir, "bin", "openapi-python-client"), ["generate", "--path", combo.spec, "--meta", "none", "--output-path", join(combo.dir, pythonPackage(combo.api))], {
      cwd: combo.dir,
      // Its post-hooks run ruff, which the venv holds.
      env: { PATH: `${join(tool.dir, "bin")}${delimiter}${process.env.PATH}` },
      timeoutMs: 10 * MINUTES,
    });
    // It exits 0 after "Warning(s) encountered while generating" even when it left endpoints or
    // responses out; a client missing part of the API is a failure here.
    if (result.code === 0 && pythonClientWarned(result.output)) return fail(result.output);
    return fromRun(result);
  },
  compile: (ctx, combo, tool) => pythonCheck(tool.python, combo, pythonPackage(combo.api)),
  async call(ctx, combo, tool) {
    return fromRun(await run(tool.python, [join(callers, "openapi-python-client", `${combo.api}.py`)], { cwd: combo.dir, env: { ...callEnv(ctx, combo), PYTHONPATH: combo.dir }, timeoutMs: 2 * MINUTES }));
  },
  // After each warning it prints the JSON of the part it could not use; the warning lines name the
  // operation and the reason, which is what fits in the lines shown.
  noise: [/^Generating /, /^\s*[{}\[\],]+\s*$/, /^\s+"/],
  tail: false,
};

// ---- @hey-api/openapi-ts ----

const heyApiBin = () => join(dirname(require.resolve("@hey-api/openapi-ts/package.json")), "bin", "run.js");
const tscBin = () => join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");

const heyApi = {
  name: "hey-api",
  tools: [],
  setup: async () => (existsSync(heyApiBin()) ? ok() : fail("@hey-api/openapi-ts is not installed; run pnpm install at the repository root")),
  async generate(ctx, combo) {
    await mkdir(combo.dir, { recursive: true });
    return fromRun(await run(process.execPath, [heyApiBin(), "-i", combo.spec, "-o", join(combo.dir, "client"), "-c", "@hey-api/client-fetch"], { cwd: combo.dir, env: { NO_COLOR: "1", FORCE_COLOR: "0" } }));
  },
  async compile(ctx, combo) {
    await copyCaller("hey-api", `${combo.api}.ts`, join(combo.dir, "call.ts"));
    await writeFile(join(combo.dir, "package.json"), JSON.stringify({ type: "module", private: true }));
    const tsconfig = {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"],
        types: ["node"],
        typeRoots: [join(packageDir, "node_modules", "@types")],
        skipLibCheck: false,
        noEmitOnError: true,
        outDir: "out",
      },
      files: ["call.ts"],
    };
    await writeFile(join(combo.dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    // One tsc pass: with noEmitOnError it reports what `tsc --strict --noEmit` would and emits only a clean program.
    return fromRun(await run(process.execPath, [tscBin(), "-p", combo.dir], { cwd: combo.dir, timeoutMs: 10 * MINUTES }));
  },
  call: async (ctx, combo) => fromRun(await run(process.execPath, [join(combo.dir, "out", "call.js")], { env: callEnv(ctx, combo), timeoutMs: 2 * MINUTES })),
  noise: [],
};

export const GENERATOR_IMPLS = Object.fromEntries(
  [oapiCodegen, ogen, openapiGeneratorJava, openapiGeneratorPython, openapiPythonClient, heyApi].map((g) => [g.name, g]),
);

/** The first missing tool among the generators', as "<generator>: `<command>` not found: <hint>". */
export async function missingTools(names) {
  const problems = [];
  const seen = new Map();
  for (const name of names) {
    for (const tool of GENERATOR_IMPLS[name].tools) {
      if (!seen.has(tool.command)) seen.set(tool.command, run(tool.command, tool.args, { timeoutMs: 60_000 }));
      const result = await seen.get(tool.command);
      if (result.code !== 0) problems.push(`${name} needs \`${tool.command}\`, which ${result.code === 127 || /ENOENT/.test(result.output) ? "was not found" : `failed (${result.output.trim().split("\n")[0]})`}: ${tool.hint}`);
    }
  }
  return [...new Set(problems)];
}

export async function cleanDir(dir) {
  await rm(dir, { recursive: true, force: true });
}
