// The bundled spec avoids what code generators other than openapi-typescript trip on (ogen,
// openapi-generator, openapi-python-client): anyOf, const without a type, 32-bit types for wider
// integers, multi-type schemas, and inline objects auto-named like a component. The generators
// themselves run in packages/generators; these checks name the construct and where it is, in a second.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);
const pascal = (name: string) => name.replace(/(^|[_\-.\s]+)(\w)/g, (_, __, c: string) => c.toUpperCase());

/**
 * Every schema node a generator reads, with its JSON pointer: the document outside
 * components/schemas, and the component schemas it reaches through `$ref`. Examples are data, and
 * `contentSchema` (what an encoded string holds) is read by no generator, so neither is walked.
 */
function readByGenerators(doc: JsonObject): { node: JsonObject; pointer: string }[] {
  const out: { node: JsonObject; pointer: string }[] = [];
  const seen = new Set<string>();
  const schemas = componentSchemas(doc);
  const walk = (node: Json, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    if (!isObject(node)) return;
    out.push({ node, pointer });
    const ref = node["$ref"];
    if (typeof ref === "string" && ref.startsWith("#/components/schemas/") && !seen.has(ref)) {
      seen.add(ref);
      walk(schemas[ref.slice("#/components/schemas/".length)] ?? null, ref);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples" || key === "contentSchema") continue;
      if (pointer === "#/components" && key === "schemas") continue;
      walk(value, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  };
  walk(doc, "#");
  return out;
}

function componentSchemas(doc: JsonObject): JsonObject {
  const components = doc["components"];
  return isObject(components) && isObject(components["schemas"]) ? components["schemas"] : {};
}

/** The constructs a document uses that some generator cannot take, one line each. */
export function portabilityProblems(doc: JsonObject): string[] {
  const problems: string[] = [];
  for (const { node, pointer } of readByGenerators(doc)) {
    if (Array.isArray(node["anyOf"])) problems.push(`anyOf at ${pointer}`);
    if ("const" in node && !("type" in node)) problems.push(`const without type at ${pointer}`);
    const types = Array.isArray(node["type"]) ? node["type"] : [];
    if (types.filter((t) => t !== "null").length > 1) problems.push(`several types at ${pointer}`);
    if (node["type"] === "integer" && node["format"] === undefined) {
      const max = typeof node["maximum"] === "number" ? node["maximum"] : undefined;
      const min = typeof node["minimum"] === "number" ? node["minimum"] : undefined;
      if ((max !== undefined && max > 2 ** 31 - 1) || (min !== undefined && min < -(2 ** 31))) problems.push(`integer wider than 32 bits without format: int64 at ${pointer}`);
    }
  }
  // ogen and openapi-python-client name an inline object `<Schema><Property>`; a component of that
  // name is a conflict (ogen stops, openapi-python-client drops the schema).
  const schemas = componentSchemas(doc);
  for (const [name, schema] of Object.entries(schemas)) {
    const properties = isObject(schema) && isObject(schema["properties"]) ? schema["properties"] : {};
    for (const [property, sub] of Object.entries(properties)) {
      if (!isObject(sub) || sub["$ref"] !== undefined || !isObject(sub["properties"])) continue;
      const generated = `${name}${pascal(property)}`;
      if (generated in schemas) problems.push(`inline object #/components/schemas/${name}/properties/${property} is named like the component ${generated}`);
    }
  }
  return problems;
}

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
