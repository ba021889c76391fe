// The bundled OpenChat spec keeps to what every generator in packages/generators builds and calls
// (node packages/generators/run.mjs --api openchat: 6 of 6). These checks name the constructs that
// broke one of them, and where, without running the generators:
// - a const without a type: ogen maps it to raw bytes and its code does not compile;
// - a boolean const or enum beside `type: boolean`: openapi-generator's Java does not compile
//   (an enum constructed from the String "true") and its Python rejects `true`; the const goes in an
//   `allOf` under the typed node instead;
// - oneOf variants that differ only by a const: openapi-generator ignores const and finds two
//   matches ("2 classes match result, expected 1");
// - anyOf: generators read its variants as required alternatives.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);
const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

interface Visit {
  node: JsonObject;
  pointer: string;
  parent: JsonObject | undefined;
  /** The keyword the node sits under in its parent (`allOf`, `properties`, `items`, …). */
  under: string | undefined;
}

/** Every object in the document except examples (data, not schemas), with its parent. */
function nodes(doc: Json): Visit[] {
  const out: Visit[] = [];
  const walk = (node: Json, pointer: string, parent: JsonObject | undefined, under: string | undefined) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`, parent, under));
    if (!isObject(node)) return;
    out.push({ node, pointer, parent, under });
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples") continue;
      walk(value, `${pointer}/${escape(key)}`, node, key);
    }
  };
  walk(doc, "#", undefined, undefined);
  return out;
}

const deref = (doc: JsonObject, node: Json): Json => {
  let out = node;
  for (let i = 0; i < 16 && isObject(out) && typeof out["$ref"] === "string"; i++) {
    let target: Json | undefined = doc;
    for (const part of (out["$ref"] as string).replace(/^#\//, "").split("/")) target = isObject(target) ? target[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
    out = target ?? null;
  }
  return out;
};

/** A schema without its const and enum keywords (and without prose), recursively, as text. */
function withoutConsts(doc: JsonObject, node: Json): string {
  const strip = (n: Json): Json => {
    const resolved = deref(doc, n);
    if (Array.isArray(resolved)) return resolved.map(strip);
    if (!isObject(resolved)) return resolved;
    return Object.fromEntries(
      Object.entries(resolved)
        .filter(([k]) => !["const", "enum", "description", "title", "examples", "example"].includes(k))
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  return JSON.stringify(strip(node));
}

/** What a generator would trip on in a document, one line each. */
function portabilityProblems(doc: JsonObject): string[] {
  const problems: string[] = [];
  for (const { node, pointer, parent, under } of nodes(doc)) {
    if (pointer.startsWith("#/components/securitySchemes")) continue;
    if ("const" in node && !("type" in node) && !(under === "allOf" && parent && "type" in parent)) problems.push(`const without type at ${pointer}`);
    const isBoolean = node["type"] === "boolean" || (Array.isArray(node["type"]) && node["type"].includes("boolean"));
    if (isBoolean && ("const" in node || "enum" in node)) problems.push(`boolean ${"const" in node ? "const" : "enum"} beside type: boolean at ${pointer} (put the const in an allOf under the typed node)`);
    if (Array.isArray(node["anyOf"])) problems.push(`anyOf at ${pointer}`);
    if (Array.isArray(node["oneOf"]) && node["oneOf"].length > 1) {
      const shapes = node["oneOf"].map((variant) => withoutConsts(doc, variant));
      if (new Set(shapes).size < shapes.length) problems.push(`oneOf variants that differ only by a const or enum at ${pointer}`);
    }
  }
  return problems;
}

describe("portability of the bundled spec", () => {
  const doc = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as JsonObject;

  it("uses nothing the generators in packages/generators trip on", () => {
    expect(portabilityProblems(doc)).toEqual([]);
  });

  it("still has the boolean consts it needs, each inside an allOf under type: boolean", () => {
    const consts = nodes(doc).filter(({ node, under, parent }) => typeof node["const"] === "boolean" && under === "allOf" && parent?.["type"] === "boolean");
    expect(consts.length).toBeGreaterThanOrEqual(13);
  });

  it("names each construct it rejects", () => {
    const bad: JsonObject = {
      openapi: "3.1.0",
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
