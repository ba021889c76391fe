// The bundled OpenChat spec keeps to what every generator in packages/generators builds and calls
// (node packages/generators/run.mjs --api openchat: 6 of 6); the checks (test-support's
// portability.ts) name the constructs that broke one of them, and where.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { portabilityProblems, readByGenerators, type JsonObject } from "@im-openapi/test-support/portability";

describe("portability of the bundled spec", () => {
  const doc = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as JsonObject;

  it("uses nothing the generators in packages/generators trip on", () => {
    expect(portabilityProblems(doc)).toEqual([]);
  });

  it("still has the boolean consts it needs, each inside an allOf under type: boolean", () => {
    const consts = readByGenerators(doc).filter(({ node, under, parent }) => typeof node["const"] === "boolean" && under === "allOf" && parent?.["type"] === "boolean");
    expect(consts.length).toBeGreaterThanOrEqual(13);
  });

  it("names each construct it rejects", () => {
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const bad: JsonObject = {
      openapi: "3.1.0",
      paths: { "/a": { get: { responses: { "200": { content: { "application/json": { schema: { type: "object", properties: { u: ref("Untyped"), t: ref("TypedBoolean"), h: ref("Health"), e: ref("Either"), f: ref("Fine") } } } } } } } } },
      components: {
        schemas: {
          Untyped: { type: "object", properties: { ok: { const: true } } },
          TypedBoolean: { type: "object", properties: { ok: { type: "boolean", const: false } } },
          Health: {
            oneOf: [
              { type: "object", properties: { success: { type: "string", const: "yes" }, data: { $ref: "#/components/schemas/Data" } } },
              { type: "object", properties: { success: { type: "string", const: "no" }, data: { $ref: "#/components/schemas/Data" } } },
            ],
          },
          Data: { type: "object", properties: { status: { type: "string" } } },
          Either: { anyOf: [{ required: ["a"] }, { required: ["b"] }] },
          Fine: { type: "boolean", allOf: [{ const: true }] },
        },
      },
    };
    expect(portabilityProblems(bad)).toEqual([
      "const without type at #/components/schemas/Untyped/properties/ok",
      "boolean const beside type: boolean at #/components/schemas/TypedBoolean/properties/ok (put the const in an allOf under the typed node)",
      "oneOf variants that differ only by a const or enum at #/components/schemas/Health",
      "anyOf at #/components/schemas/Either",
    ]);
  });
});
