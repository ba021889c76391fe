// Every TypeScript code sample on the site compiles against the real clients: the request example it
// sends must fit the generated types, so a sample cannot drift from the client.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadSpec, operationsOf, resolveLocal, siteApis, type Operation, type Spec } from "./site.js";

const docsDir = inject("docsDir");
const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "..");

interface Sample {
  api: string;
  operation: string;
  file: string;
  source: string;
  /** The operation's request body has a schema the types cannot express (see freeFormBody). */
  freeForm?: boolean;
}

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const api of siteApis(docsDir)) {
    const spec = loadSpec(docsDir, api);
    for (const { op } of operationsOf(spec)) {
      const sample = op["x-codeSamples"]?.find((s) => s.label === "TypeScript");
      if (!sample) continue;
      // Virtual files inside this package, so that `@im-openapi/<api>` resolves to the workspace client.
      const file = path.join(pkg, "test", "__samples__", `${api}-${op.operationId}.ts`);
      out.push({ api, operation: op.operationId, file, source: `${sample.source}\n`, freeForm: freeFormBody(spec, op) });
    }
  }
  return out;
}

/** Type-checks the samples as ES modules (they use top-level await); errors by file. */
function typeCheck(files: Sample[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(pkg, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error("cannot read packages/docs-site/tsconfig.json");
  // The samples need only `process.env` from Node; a one-line declaration instead of @types/node
  // halves the time this program takes.
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, declaration: false, declarationMap: false, types: [] };
  const ambient: [string, string] = [
    path.join(pkg, "test", "__samples__", "process.d.ts"),
    "declare const process: { env: Record<string, string | undefined> };\n",
  ];
  const byName = new Map([...files.map((f): [string, string] => [f.file, f.source]), ambient]);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => byName.get(name) ?? readFile(name);
  host.fileExists = (name) => byName.has(name) || fileExists(name);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = byName.get(name);
    return text === undefined ? getSourceFile(name, languageVersion, onError, shouldCreate) : ts.createSourceFile(name, text, languageVersion, true);
  };
  const program = ts.createProgram({ rootNames: [...byName.keys()], options, host });
  const out = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? "";
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0;
    const list = out.get(file) ?? [];
    list.push(`${path.basename(file)}:${line} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    out.set(file, list);
  }
  return out;
}

/**
 * A request body schema the type generator cannot type: no properties, items, composition, enum or
 * const, and no `additionalProperties` (e.g. a schema with only a description). Such a body comes
 * out as `unknown`, which the typed client cannot send without a cast; the fix belongs in the spec,
 * so a sample for it may fail to compile, but only inside its `body:`.
 */
function freeFormBody(spec: Spec, op: Operation): boolean {
  const body = resolveLocal(spec, op.requestBody);
  const schema = resolveLocal<Record<string, unknown>>(spec, body?.content?.["application/json"]?.schema);
  if (!schema) return body?.content?.["application/json"] !== undefined;
  const typed = ["properties", "items", "allOf", "oneOf", "anyOf", "enum", "const", "additionalProperties", "patternProperties"].some((k) => k in schema);
  return !typed && (schema["type"] === undefined || schema["type"] === "object");
}

describe("TypeScript code samples", () => {
  const probe: Sample = {
    api: "wukongim",
    operation: "probe",
    file: path.join(pkg, "test", "__samples__", "probe.ts"),
    source: [
      'import { createWukongimClient } from "@im-openapi/wukongim";',
      'const client = createWukongimClient({ baseUrl: "http://localhost:5001" });',
      'await client.GET("/no/such/path");',
      'await client.POST("/message/send", { body: { payload: "SGk=", chanel_id: "g1" } });',
    ].join("\n"),
  };
  let all: Sample[] = [];
  let errors: Map<string, string[]>;

  beforeAll(() => {
    for (const api of siteApis(docsDir)) {
      if (!existsSync(path.resolve(pkg, "..", api, "dist", "index.d.ts"))) {
        throw new Error(`packages/${api}/dist is not built; run \`pnpm build\` first`);
      }
    }
    all = samples();
    // One program for every sample and the probe: building it is the slow part.
    errors = typeCheck([...all, probe]);
  });

  it("compile against the clients", () => {
    expect(all.length).toBeGreaterThan(0);
    const unexpected: string[] = [];
    const tolerated: string[] = [];
    for (const sample of all) {
      const found = errors.get(sample.file) ?? [];
      if (found.length === 0) continue;
      const bodyLine = sample.source.split("\n").findIndex((l) => l.startsWith("  body: ")) + 1;
      const inBody = (e: string) => bodyLine > 0 && Number(/:(\d+) /.exec(e)?.[1] ?? 0) >= bodyLine;
      if (sample.freeForm && found.every(inBody)) tolerated.push(`${sample.api} ${sample.operation}`);
      else unexpected.push(...found);
    }
    expect(unexpected).toEqual([]);
    // Not an error of the samples, but worth seeing in the test output.
    if (tolerated.length > 0) console.warn(`free-form request bodies the clients cannot type: ${tolerated.join(", ")}`);
  });

  it("would catch a sample that does not fit the client", () => {
    // A wrong path (line 3) and a misspelled body field (line 4) must both be errors, or the check
    // above proves nothing.
    const lines = (errors.get(probe.file) ?? []).map((e) => e.split(" ")[0]);
    expect(lines).toContain("probe.ts:3");
    expect(lines).toContain("probe.ts:4");
  });
});
