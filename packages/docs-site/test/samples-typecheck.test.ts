// Every TypeScript code sample on the site compiles against the real clients: the request example it
// sends must fit the generated types, so a sample cannot drift from the client. And each one can be
// pasted as it is: it looks at the error (unwrap, or `if (error)`), and a message it sends carries no
// fixed client_msg_no/clientMsgNo, which every paste would repeat.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadSpec, operationsOf, resolveLocal, sendsMessages, siteApis, type Operation, type Spec } from "./site.js";

const docsDir = inject("docsDir");
const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "..");

interface Sample {
  api: string;
  operation: string;
  /** `post /message/send` */
  route?: string;
  file: string;
  source: string;
  /** The operation's request body has a schema the types cannot express (see freeFormBody). */
  freeForm?: boolean;
  /** The operation sends messages: its request has a base64 `payload` (see sendsMessages). */
  sendsMessages?: boolean;
}

/** The keys a client recognises and de-duplicates its own message by. */
const MESSAGE_KEYS = new Set(["client_msg_no", "clientMsgNo"]);
/** The package each API's samples import their client from. */
const PACKAGES: Record<string, string> = { wukongim: "@im-openapi/wukongim", wildfire: "@im-openapi/wildfire", openchat: "@im-openapi/openchat" };

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const api of siteApis(docsDir)) {
    const spec = loadSpec(docsDir, api);
    for (const { method, path: route, op } of operationsOf(spec)) {
      const sample = op["x-codeSamples"]?.find((s) => s.label === "TypeScript");
      if (!sample) continue;
      // Virtual files inside this package, so that `@im-openapi/<api>` resolves to the workspace client.
      const file = path.join(pkg, "test", "__samples__", `${api}-${op.operationId}.ts`);
      out.push({
        api,
        operation: op.operationId,
        route: `${method} ${route}`,
        file,
        source: `${sample.source}\n`,
        freeForm: freeFormBody(spec, op),
        sendsMessages: sendsMessages(spec, op),
      });
    }
  }
  return out;
}

/** Type-checks the samples as ES modules (they use top-level await); errors by file. */
function typeCheck(files: Sample[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(pkg, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error("cannot read packages/docs-site/tsconfig.json");
  // Node's own types: the samples read process.env, and OpenChat's encode payloads with Buffer.
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, declaration: false, declarationMap: false, types: ["node"] };
  const byName = new Map(files.map((f): [string, string] => [f.file, f.source]));
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

/** The `client.GET(...)`/`client.POST(...)` calls of a sample. */
function clientCalls(file: ts.SourceFile): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === "client" &&
      /^[A-Z]+$/.test(node.expression.name.text)
    ) {
      calls.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return calls;
}

/** Names a sample imports from `pkg`. */
function importsFrom(file: ts.SourceFile, pkg: string): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== pkg) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

/**
 * Why a sample does not look at the error of one of its calls, or undefined when every call is
 * handled: the awaited call is passed straight to the package's `unwrap` (which throws the API's
 * typed error), or its `error` is destructured and tested by an `if`.
 */
function unhandledError(sample: Sample): string | undefined {
  const file = ts.createSourceFile(sample.file, sample.source, ts.ScriptTarget.ES2022, true);
  const calls = clientCalls(file);
  if (calls.length === 0) return "makes no client call";
  const unwrapImported = importsFrom(file, PACKAGES[sample.api] ?? "").has("unwrap");
  for (const callNode of calls) {
    const awaited = callNode.parent;
    if (!ts.isAwaitExpression(awaited)) return "does not await its call";
    const outer = awaited.parent;
    if (ts.isCallExpression(outer) && ts.isIdentifier(outer.expression) && outer.expression.text === "unwrap" && outer.arguments[0] === awaited) {
      if (!unwrapImported) return `calls an unwrap it does not import from ${PACKAGES[sample.api]}`;
      continue;
    }
    if (ts.isVariableDeclaration(outer) && ts.isObjectBindingPattern(outer.name)) {
      const binding = outer.name.elements.find((e) => (e.propertyName ?? e.name).getText(file) === "error");
      const local = binding && ts.isIdentifier(binding.name) ? binding.name.text : undefined;
      let tested = false;
      const visit = (node: ts.Node) => {
        if (ts.isIfStatement(node) && local) {
          const mentions = (n: ts.Node): boolean => (ts.isIdentifier(n) && n.text === local) || ts.forEachChild(n, mentions) === true;
          if (mentions(node.expression)) tested = true;
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      if (tested) continue;
      return local ? `never tests \`${local}\` with an if` : "does not destructure `error`";
    }
    return "neither unwraps the answer nor checks its error";
  }
  return undefined;
}

/** `client_msg_no: "..."` (or clientMsgNo) written as a fixed string anywhere in a sample. */
function fixedMessageKeys(sample: Sample): string[] {
  const file = ts.createSourceFile(sample.file, sample.source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node)) {
      const name = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : "";
      if (MESSAGE_KEYS.has(name) && (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer))) {
        found.push(node.getText(file));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
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
      const bodyLine = sample.source.split("\n").findIndex((l) => /^\s*body: /.test(l)) + 1;
      const inBody = (e: string) => bodyLine > 0 && Number(/:(\d+) /.exec(e)?.[1] ?? 0) >= bodyLine;
      if (sample.freeForm && found.every(inBody)) tolerated.push(`${sample.api} ${sample.operation}`);
      else unexpected.push(...found);
    }
    expect(unexpected).toEqual([]);
    // Not an error of the samples, but worth seeing in the test output.
    if (tolerated.length > 0) console.warn(`free-form request bodies the clients cannot type: ${tolerated.join(", ")}`);
  });

  it("each look at the error", () => {
    const unhandled = all.map((s) => [`${s.api} ${s.operation}`, unhandledError(s)]).filter(([, why]) => why !== undefined);
    expect(unhandled).toEqual([]);
  });

  it("never send a message with a fixed client_msg_no", () => {
    const sends = all.filter((s) => s.sendsMessages);
    // WuKongIM's send and sendbatch, OpenChat's send and sendbatch, at least.
    expect(sends.map((s) => `${s.api} ${s.route}`)).toEqual(
      expect.arrayContaining([
        "wukongim post /message/send",
        "wukongim post /message/sendbatch",
        "openchat post /api/v1/im/message/send",
        "openchat post /api/v1/im/message/sendbatch",
      ]),
    );
    const fixed = sends.flatMap((s) => fixedMessageKeys(s).map((k) => `${s.api} ${s.operation}: ${k}`));
    expect(fixed).toEqual([]);
    // The WuKongIM client fills in client_msg_no on /message/send itself, so the sample leaves it out.
    const send = all.find((s) => s.api === "wukongim" && s.route === "post /message/send");
    expect(send?.source).not.toMatch(/client_msg_no\s*:/);
  });

  it("write a message payload as its content, not as base64", () => {
    for (const sample of all.filter((s) => s.sendsMessages)) {
      const where = `${sample.api} ${sample.operation}`;
      expect(sample.source, where).toMatch(/payload: encodePayload\(\{/);
      expect(sample.source, where).not.toMatch(/payload: "/);
      // WuKongIM's comes from the package; OpenChat's, which has none, is defined in the sample.
      if (sample.api === "wukongim") expect(sample.source, where).toMatch(/^import \{[^}]*\bencodePayload\b[^}]*\} from "@im-openapi\/wukongim";/m);
    }
  });

  it("would catch a sample that ignores the error or fixes the key", () => {
    // The checks above mean something only if they reject these.
    const sampleOf = (source: string): Sample => ({ api: "wukongim", operation: "probe", file: path.join(pkg, "test", "__samples__", "probe.ts"), source });
    const header = 'import { createWukongimClient, unwrap } from "@im-openapi/wukongim";\nconst client = createWukongimClient();\n';
    expect(unhandledError(sampleOf(`${header}const { data } = await client.GET("/health");\n`))).toBe("does not destructure `error`");
    expect(unhandledError(sampleOf(`${header}const { data, error } = await client.GET("/health");\nconsole.log(data);\n`))).toBe("never tests `error` with an if");
    expect(unhandledError(sampleOf(`${header}await client.GET("/health");\n`))).toBe("neither unwraps the answer nor checks its error");
    expect(unhandledError(sampleOf(`${header.replace("unwrap }", "}")}const unwrap = (x: unknown) => x;\nunwrap(await client.GET("/health"));\n`))).toMatch(/does not import/);
    expect(unhandledError(sampleOf(`${header}const { data, error } = await client.GET("/health");\nif (error) throw new Error("failed");\n`))).toBeUndefined();
    expect(unhandledError(sampleOf(`${header}console.log(unwrap(await client.GET("/health")));\n`))).toBeUndefined();
    expect(fixedMessageKeys(sampleOf(`${header}await client.POST("/message/send", { body: { client_msg_no: "abc", payload: "" } });\n`))).toEqual(['client_msg_no: "abc"']);
    expect(fixedMessageKeys(sampleOf(`${header}const b = { "clientMsgNo": \`k1\` };\n`))).toEqual(['"clientMsgNo": `k1`']);
    expect(fixedMessageKeys(sampleOf(`${header}const b = { clientMsgNo: crypto.randomUUID() };\n`))).toEqual([]);
  });

  it("would catch a sample that does not fit the client", () => {
    // A wrong path (line 3) and a misspelled body field (line 4) must both be errors, or the check
    // above proves nothing.
    const lines = (errors.get(probe.file) ?? []).map((e) => e.split(" ")[0]);
    expect(lines).toContain("probe.ts:3");
    expect(lines).toContain("probe.ts:4");
  });
});
