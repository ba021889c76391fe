// What code generators other than openapi-typescript trip on (ogen, openapi-generator,
// openapi-python-client), checked on a bundled spec in a second, naming the construct and where it
// is. The generators themselves run in packages/generators (`pnpm test:generators`); these checks
// keep a spec from drifting back between runs of it.
// - anyOf: generators read its variants as required alternatives, or stop ("complex anyOf");
// - a const without a type: ogen maps it to raw bytes and its code does not compile (a const in an
//   `allOf` under a typed node has its type);
// - a boolean const or enum beside `type: boolean`: openapi-generator's Java does not compile (an
//   enum made from the String "true") and its Python rejects `true`; the const goes in an `allOf`;
// - oneOf variants that differ only by a const: openapi-generator ignores const and finds two
//   matches ("2 classes match result, expected 1");
// - several non-null types on one schema;
// - an integer wider than 32 bits without `format: int64` (Java types it `Integer`);
// - an inline object auto-named like a component (`<Schema><Property>`): ogen stops on the name
//   conflict and openapi-python-client drops the schema.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);
const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");
const pascal = (name: string) => name.replace(/(^|[_\-.\s]+)(\w)/g, (_, __, c: string) => c.toUpperCase());
const SCHEMAS = "#/components/schemas/";

export interface SchemaVisit {
  node: JsonObject;
  pointer: string;
  parent: JsonObject | undefined;
  /** The keyword the node sits under in its parent (`allOf`, `properties`, `items`, …). */
  under: string | undefined;
}

function componentSchemas(doc: JsonObject): JsonObject {
  const components = doc["components"];
  return isObject(components) && isObject(components["schemas"]) ? components["schemas"] : {};
}

/**
 * Every node a generator reads, with its JSON pointer and parent: the document outside
 * components/schemas, and the component schemas it reaches through `$ref` (each once, at its
 * component pointer). Examples are data, and `contentSchema` (what an encoded string holds) is read
 * by no generator, so neither is walked.
 */
export function readByGenerators(doc: JsonObject): SchemaVisit[] {
  const out: SchemaVisit[] = [];
  const seen = new Set<string>();
  const schemas = componentSchemas(doc);
  const walk = (node: Json, pointer: string, parent: JsonObject | undefined, under: string | undefined) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`, parent, under));
    if (!isObject(node)) return;
    out.push({ node, pointer, parent, under });
    const ref = node["$ref"];
    if (typeof ref === "string" && ref.startsWith(SCHEMAS) && !seen.has(ref)) {
      seen.add(ref);
      walk(schemas[ref.slice(SCHEMAS.length)] ?? null, ref, undefined, undefined);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples" || key === "contentSchema") continue;
      if (pointer === "#/components" && key === "schemas") continue;
      walk(value, `${pointer}/${escape(key)}`, node, key);
    }
  };
  walk(doc, "#", undefined, undefined);
  return out;
}

function deref(doc: JsonObject, node: Json): Json {
  let out = node;
  for (let i = 0; i < 16 && isObject(out) && typeof out["$ref"] === "string"; i++) {
    let target: Json | undefined = doc;
    for (const part of (out["$ref"] as string).replace(/^#\//, "").split("/")) target = isObject(target) ? target[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
    out = target ?? null;
  }
  return out;
}

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

/** The constructs a document uses that some generator cannot take, one line each. */
export function portabilityProblems(doc: JsonObject): string[] {
  const problems: string[] = [];
  for (const { node, pointer, parent, under } of readByGenerators(doc)) {
    if (pointer.startsWith("#/components/securitySchemes")) continue;
    if (Array.isArray(node["anyOf"])) problems.push(`anyOf at ${pointer}`);
    if ("const" in node && !("type" in node) && !(under === "allOf" && parent && "type" in parent)) problems.push(`const without type at ${pointer}`);
    const isBoolean = node["type"] === "boolean" || (Array.isArray(node["type"]) && node["type"].includes("boolean"));
    if (isBoolean && ("const" in node || "enum" in node)) problems.push(`boolean ${"const" in node ? "const" : "enum"} beside type: boolean at ${pointer} (put the const in an allOf under the typed node)`);
    if (Array.isArray(node["oneOf"]) && node["oneOf"].length > 1) {
      const shapes = node["oneOf"].map((variant) => withoutConsts(doc, variant));
      if (new Set(shapes).size < shapes.length) problems.push(`oneOf variants that differ only by a const or enum at ${pointer}`);
    }
    const types = Array.isArray(node["type"]) ? node["type"] : [];
    if (types.filter((t) => t !== "null").length > 1) problems.push(`several types at ${pointer}`);
    if (node["type"] === "integer" && node["format"] === undefined) {
      const max = typeof node["maximum"] === "number" ? node["maximum"] : undefined;
      const min = typeof node["minimum"] === "number" ? node["minimum"] : undefined;
      if ((max !== undefined && max > 2 ** 31 - 1) || (min !== undefined && min < -(2 ** 31))) problems.push(`integer wider than 32 bits without format: int64 at ${pointer}`);
    }
  }
  const schemas = componentSchemas(doc);
  for (const [name, schema] of Object.entries(schemas)) {
    const properties = isObject(schema) && isObject(schema["properties"]) ? schema["properties"] : {};
    for (const [property, sub] of Object.entries(properties)) {
      if (!isObject(sub) || sub["$ref"] !== undefined || !isObject(sub["properties"])) continue;
      const generated = `${name}${pascal(property)}`;
      if (generated in schemas) problems.push(`inline object ${SCHEMAS}${name}/properties/${property} is named like the component ${generated}`);
    }
  }
  return problems;
}
