// Lists object shapes a spec repeats: object schemas with the same properties (and the same
// constraints), ignoring the words around them (description, title, examples). A shape used twice
// should be one named component (openapi/README.md, "Naming shared shapes"); the pairs that stay
// repeated on purpose are listed there under "Repeated on purpose", with the reason.
//   node scripts/check-shapes.mjs [api…] [--json]   exit 1 when a repeat is not explained
import { readFileSync } from "node:fs";
import path from "node:path";
import { apis, root, selectedApis } from "./apis.mjs";
import { bundleIfStale } from "./bundle.mjs";

const WORDS = new Set(["description", "title", "example", "examples", "summary", "externalDocs", "deprecated"]);

/** The schema with documentation keywords removed, keys sorted: two copies give the same string. */
export function shapeKey(schema) {
  const strip = (value) => {
    if (Array.isArray(value)) return value.map(strip);
    if (!value || typeof value !== "object") return value;
    const out = {};
    for (const key of Object.keys(value).sort()) {
      if (WORDS.has(key) || key.startsWith("x-")) continue;
      out[key] = key === "properties" ? Object.fromEntries(Object.keys(value[key]).sort().map((name) => [name, strip(value[key][name])])) : strip(value[key]);
    }
    return out;
  };
  return JSON.stringify(strip(schema));
}

/** Every object schema with properties in a bundled document, with the JSON pointer it sits at. */
export function objectShapes(doc) {
  const found = [];
  const walk = (node, pointer) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    if (!node || typeof node !== "object") return;
    if (node.properties && typeof node.properties === "object" && !pointer.includes("/examples/") && !pointer.endsWith("/example")) {
      found.push({ pointer, key: shapeKey(node) });
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples") continue;
      walk(value, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  };
  walk(doc, "#");
  return found;
}

/** Groups of two or more places holding the same shape. */
export function repeatedShapes(doc) {
  const groups = new Map();
  for (const shape of objectShapes(doc)) groups.set(shape.key, [...(groups.get(shape.key) ?? []), shape.pointer]);
  return [...groups.values()].filter((pointers) => pointers.length > 1);
}

/** Pointers listed as repeated on purpose in openapi/README.md (one `- api: pointer, pointer` line). */
export function explainedRepeats() {
  const text = readFileSync(path.join(root, "openapi", "README.md"), "utf8");
  const section = text.split(/^## Repeated on purpose\s*$/m)[1]?.split(/^## /m)[0] ?? "";
  const explained = new Map();
  for (const match of section.matchAll(/^- `(\w+)`: (.+)$/gm)) {
    const pointers = [...match[2].matchAll(/`(#[^`]+)`/g)].map((m) => m[1]);
    explained.set(match[1], [...(explained.get(match[1]) ?? []), pointers]);
  }
  return explained;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const chosen = selectedApis("check-shapes");
  bundleIfStale(chosen);
  const explained = explainedRepeats();
  let unexplained = 0;
  const report = {};
  for (const api of chosen) {
    const doc = JSON.parse(readFileSync(api.bundled, "utf8"));
    const groups = repeatedShapes(doc);
    const allowed = explained.get(api.name) ?? [];
    const open = groups.filter((pointers) => !allowed.some((list) => pointers.every((p) => list.includes(p))));
    unexplained += open.length;
    report[api.name] = { shapes: objectShapes(doc).length, repeated: groups.length, copies: groups.reduce((n, g) => n + g.length, 0), unexplained: open };
  }
  if (process.argv.includes("--json")) console.log(JSON.stringify(report, null, 2));
  else {
    for (const [name, r] of Object.entries(report)) {
      console.log(`${name}: ${r.shapes} object schemas, ${r.repeated} shapes repeated (${r.copies} places), ${r.unexplained.length} not explained in openapi/README.md`);
      for (const group of r.unexplained) console.log(`  same shape at:\n    ${group.join("\n    ")}`);
    }
  }
  process.exit(unexplained ? 1 : 0);
}
