// Each check must fail when a contract does change: deliberately changed copies of the baseline
// are fed to the same functions the equivalence tests use.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  IntendedChanges,
  VERDICT_DEFAULTS,
  compareStructure,
  compareTypes,
  compareVerdicts,
  covers,
  describeDisagreements,
  files,
  loadIntended,
  readSpec,
  type Json,
  type JsonObject,
} from "../src/index.js";

const api = "openchat";
const paths = files(api);
const baseline = readSpec(paths.baselineSpec);
const copy = (): JsonObject => structuredClone(baseline);
const schemas = (doc: JsonObject) => (doc["components"] as JsonObject)["schemas"] as Record<string, JsonObject>;
const operation = (doc: JsonObject, p: string, method: string) => ((doc["paths"] as JsonObject)[p] as JsonObject)[method] as JsonObject;
const options = { ...VERDICT_DEFAULTS, numRuns: 24 };
/** The same options, comparing only the named operations (the self-tests change one or two). */
const onlyOps = (...ids: string[]) => ({ ...options, only: (op: { operationId: string }) => ids.includes(op.operationId) });
const temp = mkdtempSync(path.join(tmpdir(), "spec-equivalence-self-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("check 1: operations", () => {
  it("passes the baseline against itself", () => {
    expect(compareStructure(api, baseline, copy()).differences).toEqual([]);
  });

  it("names a renamed operationId, a dropped parameter, a new status code and a vanished operation", () => {
    const changed = copy();
    operation(changed, "/api/v1/im/config", "get")["operationId"] = "getConfiguration";
    const sync = operation(changed, "/api/v1/im/message/sync", "get");
    (sync["responses"] as JsonObject)["418"] = { description: "teapot" };
    const params = sync["parameters"] as JsonObject[];
    const dropped = params.shift()!;
    const second = (params[0] ?? {}) as JsonObject;
    const becameRequired = { ...second, required: !second["required"] };
    params[0] = becameRequired;
    delete (changed["paths"] as JsonObject)["/api/v1/im/system/info"];
    const report = compareStructure(api, baseline, changed);
    expect(report.differences).toContain("GET /api/v1/im/config (getImConfig): operationId getImConfig became getConfiguration");
    expect(report.differences).toContain("GET /api/v1/im/message/sync (syncMessages): response 418 is new");
    expect(report.differences.some((d) => d.startsWith("GET /api/v1/im/message/sync") && d.includes(`parameter ${String(dropped["in"])}.${String(dropped["name"])}`) && d.endsWith("is gone or changed"))).toBe(true);
    expect(report.differences.some((d) => d.startsWith("GET /api/v1/im/message/sync") && d.includes(`parameter ${String(second["in"])}.${String(second["name"])}`) && d.endsWith("is new or changed"))).toBe(true);
    expect(report.differences.some((d) => d.startsWith("GET /api/v1/im/system/info") && d.endsWith("is gone from the current spec"))).toBe(true);
  });

  it("skips an operation listed as an intended change, and reports it", () => {
    const changed = copy();
    operation(changed, "/api/v1/im/config", "get")["operationId"] = "getConfiguration";
    const intended = new IntendedChanges([{ api, operation: "getImConfig", place: "operation", reason: "renamed on purpose" }]);
    const report = compareStructure(api, baseline, changed, intended);
    expect(report.differences).toEqual([]);
    expect(report.skipped.map((s) => s.operation)).toEqual(["GET /api/v1/im/config"]);
  });
});

describe("check 2: Ajv verdicts", () => {
  it("finds no disagreement between the baseline and itself", () => {
    const report = compareVerdicts(api, baseline, copy(), options);
    expect(report.values).toBeGreaterThan(1000);
    expect(report.disagreements).toEqual([]);
  });

  it("catches a request field whose constraint changed, naming operation, place, value and verdicts", () => {
    const changed = copy();
    const login = schemas(changed)["LoginRequest"]!;
    ((login["properties"] as JsonObject)["password"] as JsonObject)["minLength"] = 8;
    const report = compareVerdicts(api, baseline, changed, onlyOps("loginUser", "refreshToken"));
    const hits = report.disagreements.filter((d) => d.operationId === "loginUser" && d.place === "request body application/json");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((d) => d.before === true && d.after === false)).toBe(true);
    expect(describeDisagreements(report)).toMatch(/openchat POST \/api\/v1\/auth\/login \(loginUser\) request body application\/json: value .* is valid in the baseline but invalid now/);
  });

  it("reports a schema that exists on one side only", () => {
    const changed = copy();
    const param = (operation(changed, "/api/v1/im/message/sync", "get")["parameters"] as JsonObject[]).find((p) => p["name"] === "limit")!;
    delete param["schema"];
    param["content"] = { "application/json": { schema: { type: "integer" } } };
    const report = compareVerdicts(api, baseline, changed, onlyOps("syncMessages"));
    expect(report.unmatched).toEqual(["GET /api/v1/im/message/sync parameter query.limit (only in the baseline)"]);
  });

  it("catches a string parameter's maxLength raised beyond what the samples reach", () => {
    // Samples are at most 24 characters long; only values next to them (a string three times as
    // long, one character longer) reach 31-40, where the two bounds disagree.
    const withChannel = (maxLength: number) => {
      const doc = copy();
      const param = (operation(doc, "/api/v1/im/message/sync", "get")["parameters"] as JsonObject[]).find((p) => p["name"] === "channelId")!;
      param["schema"] = { type: "string", minLength: 1, maxLength };
      return doc;
    };
    const hits = compareVerdicts(api, withChannel(30), withChannel(40), onlyOps("syncMessages")).disagreements;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((d) => d.place === "parameter query.channelId" && typeof d.value === "string" && d.value.length > 30 && !d.before && d.after)).toBe(true);
  });

  it("catches anyOf turned into oneOf when an open response can match two variants", () => {
    // Two open objects: a value with both fields matches both variants, so anyOf accepts it and
    // oneOf rejects it. Only a value joining two samples (or a lucky example) shows that.
    const variants: Json[] = [
      { type: "object", required: ["code"], properties: { code: { type: "integer" } } },
      { type: "object", required: ["message"], properties: { message: { type: "string" } } },
    ];
    const before = copy();
    const after = copy();
    const at = (doc: JsonObject) => (((operation(doc, "/api/v1/im/config", "get")["responses"] as JsonObject)["200"] as JsonObject)["content"] as JsonObject)["application/json"] as JsonObject;
    at(before)["schema"] = { anyOf: variants };
    at(after)["schema"] = { oneOf: variants };
    delete at(before)["examples"];
    delete at(after)["examples"];
    const report = compareVerdicts(api, before, after, onlyOps("getImConfig"));
    const hits = report.disagreements.filter((d) => d.operationId === "getImConfig" && d.place === "response 200 application/json");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.before).toBe(true);
    expect(hits[0]!.after).toBe(false);
  });

  it("tells a faithful rewrite of anyOf-required from a wrong one (`not` meaning something else)", () => {
    // "userId or name or both" written three ways on an open request body.
    const properties = { userId: { type: "string" }, name: { type: "string" }, mobile: { type: "string" } };
    const body = (schema: JsonObject) => {
      const doc = copy();
      const media = ((operation(doc, "/api/v1/auth/login", "post")["requestBody"] as JsonObject)["content"] as JsonObject)["application/json"] as JsonObject;
      media["schema"] = { type: "object", properties, ...schema };
      delete media["examples"];
      return doc;
    };
    const before = body({ anyOf: [{ required: ["userId"] }, { required: ["name"] }] });
    const faithful = body({ not: { not: { anyOf: [{ required: ["userId"] }, { required: ["name"] }] } } });
    const wrong = body({ not: { required: ["userId", "name"] } }); // "not both": accepts {} and rejects both
    const login = onlyOps("loginUser");
    expect(compareVerdicts(api, before, faithful, login).disagreements).toEqual([]);
    const hits = compareVerdicts(api, before, wrong, login).disagreements;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((d) => d.operationId === "loginUser")).toBe(true);
    expect(hits.some((d) => d.before === false && d.after === true)).toBe(true);
    expect(hits.some((d) => d.before === true && d.after === false)).toBe(true);
  });

  it("catches a wrongly typed const only through invalid values (mutations)", () => {
    // `const: true` with `type: boolean` added judges every value the same; `type: string` added
    // rejects true, which only the unchanged values can show, and a wrong type (a mutation) too.
    const changed = copy();
    const success = ((((operation(changed, "/api/v1/im/config", "get")["responses"] as JsonObject)["200"] as JsonObject)["content"] as JsonObject)["application/json"] as JsonObject)["schema"] as JsonObject;
    const typed = structuredClone(changed);
    ((success["properties"] as JsonObject)["success"] as JsonObject)["type"] = "string";
    const typedSuccess = ((((operation(typed, "/api/v1/im/config", "get")["responses"] as JsonObject)["200"] as JsonObject)["content"] as JsonObject)["application/json"] as JsonObject)["schema"] as JsonObject;
    ((typedSuccess["properties"] as JsonObject)["success"] as JsonObject)["type"] = "boolean";
    expect(compareVerdicts(api, baseline, typed, onlyOps("getImConfig")).disagreements).toEqual([]);
    expect(compareVerdicts(api, baseline, changed, onlyOps("getImConfig")).disagreements.some((d) => d.operationId === "getImConfig")).toBe(true);
  });

  it("compares across a changed media type, and skips places listed as intended", () => {
    const changed = copy();
    const content = ((operation(changed, "/api/v1/im/config", "get")["responses"] as JsonObject)["200"] as JsonObject)["content"] as JsonObject;
    content["application/problem+json"] = content["application/json"]!;
    delete content["application/json"];
    const report = compareVerdicts(api, baseline, changed, onlyOps("getImConfig", "loginUser"));
    expect(report.mediaChanges).toContain("GET /api/v1/im/config response 200: application/json → application/problem+json");
    expect(report.disagreements).toEqual([]);
    const login = schemas(changed)["LoginRequest"]!;
    login["additionalProperties"] = true;
    const intended = new IntendedChanges([{ api, operation: "POST /api/v1/auth/login", place: "request body", reason: "opened on purpose" }]);
    const skipping = compareVerdicts(api, baseline, changed, { ...onlyOps("getImConfig", "loginUser"), intended });
    expect(skipping.disagreements).toEqual([]);
    expect(skipping.skipped.map((s) => `${s.operation} ${s.place}`)).toEqual(["POST /api/v1/auth/login request body application/json"]);
    expect(compareVerdicts(api, baseline, changed, onlyOps("loginUser")).disagreements.some((d) => d.operationId === "loginUser")).toBe(true);
  });
});

describe("check 3: generated types", () => {
  it("catches a response field whose type changed, in both directions, naming the operation", () => {
    const changedTypes = path.join(temp, "changed.schema.ts");
    const text = readFileSync(paths.baselineTypes, "utf8");
    expect(text).toContain("wsUrl: string;");
    writeFileSync(changedTypes, text.replaceAll("wsUrl: string;", "wsUrl: number;"));
    const report = compareTypes(api, baseline, baseline, paths.baselineTypes, changedTypes);
    expect(report.otherDiagnostics).toEqual([]);
    const hits = report.failures.filter((f) => f.operation === "GET /api/v1/im/config" && f.place === "types response 200");
    expect(hits.map((f) => f.direction).sort()).toEqual(["baseline → current", "current → baseline"]);
    expect(hits[0]!.message).toMatch(/wsUrl/);
  });

  it("catches a field that became optional in one direction only", () => {
    const changedTypes = path.join(temp, "optional.schema.ts");
    const text = readFileSync(paths.baselineTypes, "utf8");
    writeFileSync(changedTypes, text.replaceAll("wsUrl: string;", "wsUrl?: string;"));
    const report = compareTypes(api, baseline, baseline, paths.baselineTypes, changedTypes);
    const hits = report.failures.filter((f) => f.operation === "GET /api/v1/im/config");
    expect(hits.map((f) => f.direction)).toEqual(["current → baseline"]);
  });

  it("passes the baseline against itself, and skips an intended place", () => {
    const changedTypes = path.join(temp, "skip.schema.ts");
    writeFileSync(changedTypes, readFileSync(paths.baselineTypes, "utf8").replaceAll("wsUrl: string;", "wsUrl: number;"));
    const intended = new IntendedChanges([{ api, operation: "getImConfig", place: "types response 200", reason: "on purpose" }]);
    const report = compareTypes(api, baseline, baseline, paths.baselineTypes, changedTypes, intended);
    expect(report.failures.filter((f) => f.operation === "GET /api/v1/im/config")).toEqual([]);
    expect(report.skipped).toHaveLength(1);
    const same = compareTypes(api, baseline, baseline, paths.baselineTypes, paths.baselineTypes);
    expect(same.checks).toBeGreaterThan(50);
    expect([...same.failures, ...same.otherDiagnostics]).toEqual([]);
  });

  it("reports a schema file that does not compile instead of passing", () => {
    const broken = path.join(temp, "broken.schema.ts");
    writeFileSync(broken, "export interface paths {}\nexport interface webhooks {}\n");
    const report = compareTypes(api, baseline, baseline, paths.baselineTypes, broken);
    expect(report.failures.length + report.otherDiagnostics.length).toBeGreaterThan(0);
  });
});

describe("intended-changes.yaml", () => {
  it("matches a place, a prefix of places ending before a space, `*`, and not a partial word", () => {
    const op = { key: "GET /x", operationId: "getX" };
    const change = (place: string) => ({ api: "openchat" as const, operation: "getX", place, reason: "r" });
    expect(covers(change("response 500"), "openchat", op, "response 500 text/plain")).toBe(true);
    expect(covers(change("response 5"), "openchat", op, "response 500 text/plain")).toBe(false);
    expect(covers(change("*"), "openchat", op, "types parameters")).toBe(true);
    expect(covers(change("*"), "wildfire", op, "types parameters")).toBe(false);
  });

  it("rejects a malformed entry with a message that says which and why", () => {
    const file = path.join(temp, "bad.yaml");
    writeFileSync(file, "changes:\n  - api: wukong\n    operation: getX\n    place: ''\n");
    expect(() => loadIntended(file)).toThrow(/changes\[0\]: api must be one of wukongim, wildfire, openchat; place must be a non-empty string; reason must be a non-empty string/);
  });

  it("names only operations and places that exist in the baseline or the current spec", async () => {
    const { operationsOf } = await import("../src/spec.js");
    const { typeChecks } = await import("../src/types.js");
    for (const change of loadIntended()) {
      const docs = [readSpec(files(change.api).baselineSpec), readSpec(files(change.api).currentSpec)];
      const places = docs.flatMap((doc) =>
        operationsOf(doc).flatMap((op) => [
          ...["operation", ...op.places.map((p) => p.place)].map((place) => ({ op, place })),
        ]),
      );
      const typePlaces = typeChecks(change.api, docs[0]!, docs[1]!).map((c) => ({ op: { key: c.operation, operationId: c.operationId }, place: c.place }));
      const hit = [...places, ...typePlaces].some(({ op, place }) => covers(change, change.api, op, place));
      expect(hit, `intended-changes.yaml: ${change.api} ${change.operation} ${change.place} names no existing operation and place; remove it or correct it`).toBe(true);
    }
  });
});

describe("update-baseline.mjs", () => {
  const script = path.join(path.dirname(paths.baselineSpec), "..", "update-baseline.mjs");
  it("refuses an unknown API with a message that says what to give, and changes nothing", () => {
    const before = readFileSync(paths.baselineSpec, "utf8");
    const result = spawnSync(process.execPath, [script, "openchatt"], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("update-baseline: unknown API 'openchatt'; choose from wukongim, wildfire, openchat");
    expect(readFileSync(paths.baselineSpec, "utf8")).toBe(before);
  });

  it("explains itself with --help", () => {
    const result = spawnSync(process.execPath, [script, "--help"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/usage: node packages\/spec-equivalence\/update-baseline.mjs/);
  });
});
