// The bundled spec avoids what code generators other than openapi-typescript trip on; the checks
// (test-support's portability.ts) name the construct and where it is, in a second.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { portabilityProblems, type JsonObject } from "@im-openapi/test-support/portability";

// Problems left on purpose, each with the reason. An entry that is no longer a problem fails the
// test, so the list only shrinks.
const KNOWN: Record<string, string> = {};

describe("the bundled WuKongIM spec", () => {
  it("uses nothing a code generator trips on", () => {
    const doc = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as JsonObject;
    const problems = portabilityProblems(doc);
    expect(problems.filter((p) => !(p in KNOWN))).toEqual([]);
    expect(Object.keys(KNOWN).filter((p) => !problems.includes(p))).toEqual([]);
  });
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const answering = (schema: JsonObject) => ({ "/a": { get: { responses: { "200": { content: { "application/json": { schema } } } } } } });

describe("portabilityProblems", () => {
  it("names each construct and where it is", () => {
    const doc: JsonObject = {
      paths: answering({ type: "object", properties: { a: { anyOf: [{ type: "string" }, { type: "integer" }] }, m: ref("Message"), c: ref("Cmd"), e: ref("Expire"), b: ref("Both") } }),
      components: {
        schemas: {
          Message: { type: "object", properties: { header: { type: "object", properties: { flag: { type: "integer" } } } } },
          MessageHeader: { type: "object", properties: { flag: { type: "integer" } } },
          Cmd: { const: "x" },
          Expire: { type: "integer", minimum: 0, maximum: 4294967295 },
          Both: { type: ["array", "object", "null"] },
        },
      },
    };
    expect(portabilityProblems(doc)).toEqual([
      "anyOf at #/paths/~1a/get/responses/200/content/application~1json/schema/properties/a",
      "const without type at #/components/schemas/Cmd",
      "integer wider than 32 bits without format: int64 at #/components/schemas/Expire",
      "several types at #/components/schemas/Both",
      "inline object #/components/schemas/Message/properties/header is named like the component MessageHeader",
    ]);
  });

  it("accepts the rewritten forms, and leaves alone what no generator reads", () => {
    const doc: JsonObject = {
      paths: answering({ type: "object", properties: { m: ref("Message"), c: ref("Cmd"), e: ref("Expire"), n: ref("Nullable"), p: ref("Payload") } }),
      components: {
        schemas: {
          Message: { type: "object", properties: { header: ref("StoredMessageHeader") } },
          StoredMessageHeader: { type: "object", properties: { flag: { type: "integer" } } },
          Cmd: { type: "string", const: "x" },
          Expire: { type: "integer", format: "int64", minimum: 0, maximum: 4294967295 },
          Nullable: { type: ["array", "null"] },
          Payload: { type: "string", contentSchema: ref("Content"), examples: [{ anyOf: 1, const: 2 }] },
          Content: { anyOf: [{ type: "object" }, { type: "array" }] },
          Unused: { const: 1 },
        },
      },
    };
    expect(portabilityProblems(doc)).toEqual([]);
  });
});
