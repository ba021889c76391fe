// Checks every example of every operation (and of every webhook, the requests a server sends) against its schema, with the formats Prism enforces
// (byte, int32, int64, date-time…), and that no operation lacks one. Redocly lint checks media-type
// examples too; this adds the parameter and "is there an example at all" checks, and one rule
// Redocly does not know: an integer example above 2^53 is rewritten by bundlers and JSON.parse, so
// it would not be the value a reader copies.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { fail, selectedApis } from "./apis.mjs";
import { bundleIfStale } from "./bundle.mjs";

const methods = ["get", "put", "post", "delete", "patch", "head", "options"];
const pointer = (...parts) => "#/" + parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

function* unsafeIntegers(value, at = "") {
  if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) yield at || "/";
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* unsafeIntegers(v, `${at}/${k}`);
  }
}

function examplesOf(node, spec) {
  const deref = (x) => {
    while (x && typeof x === "object" && typeof x.$ref === "string") {
      x = x.$ref.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~")).reduce((o, k) => o?.[k], spec);
    }
    return x;
  };
  const out = [];
  if (node.example !== undefined) out.push(["example", node.example]);
  for (const [name, ex] of Object.entries(node.examples ?? {})) {
    const resolved = deref(ex);
    if (resolved && "value" in resolved) out.push([name, resolved.value]);
  }
  return out;
}

const apis = selectedApis("check:examples");
bundleIfStale(apis);
const problems = [];
let checked = 0;
for (const api of apis) {
  const spec = JSON.parse(readFileSync(api.bundled, "utf8"));
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat("int32", { type: "number", validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n) => Number.isInteger(n) });
  ajv.addSchema(spec, "spec");
  const validate = (ref, value) => {
    const fn = ajv.getSchema(`spec${ref}`) ?? ajv.compile({ $ref: `spec${ref}` });
    return fn(value) ? [] : fn.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
  };

  // Webhooks are path items too, keyed by event name instead of a route.
  const items = [
    ...Object.entries(spec.paths ?? {}).map(([key, item]) => ["paths", key, item]),
    ...Object.entries(spec.webhooks ?? {}).map(([key, item]) => ["webhooks", key, item]),
  ];
  for (const [section, route, item] of items) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const where = `${api.name} ${section === "webhooks" ? "webhook " : ""}${method.toUpperCase()} ${route}`;
      const check = (kind, holder, schemaRef) => {
        const examples = examplesOf(holder, spec);
        if (examples.length === 0) problems.push(`${where}: ${kind} has no example`);
        for (const [name, value] of examples) {
          checked++;
          for (const at of unsafeIntegers(value)) problems.push(`${where}: ${kind} example '${name}' at ${at}: integer above 2^53 loses precision; use a smaller value or the string field`);
          for (const err of validate(schemaRef, value)) problems.push(`${where}: ${kind} example '${name}': ${err}`);
        }
      };
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      params.forEach((p, i) => {
        const own = (op.parameters ?? []).includes(p);
        let param = p;
        let base = own ? pointer(section, route, method, "parameters", (op.parameters ?? []).indexOf(p)) : pointer(section, route, "parameters", (item.parameters ?? []).indexOf(p));
        if (p.$ref) { base = p.$ref; param = p.$ref.slice(2).split("/").reduce((o, k) => o?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], spec); }
        if (!param?.schema) return;
        check(`parameter '${param.name}'`, param, `${base}/schema`);
      });
      const body = op.requestBody?.$ref ? op.requestBody.$ref.slice(2).split("/").reduce((o, k) => o?.[k], spec) : op.requestBody;
      for (const [type, media] of Object.entries(body?.content ?? {})) {
        if (!media.schema) continue;
        const base = op.requestBody.$ref ?? pointer(section, route, method, "requestBody");
        check(`request body (${type})`, media, `${base}/content/${type.replace(/\//g, "~1")}/schema`);
      }
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const base = response.$ref ?? pointer(section, route, method, "responses", status);
        const resolved = response.$ref ? response.$ref.slice(2).split("/").reduce((o, k) => o?.[k], spec) : response;
        for (const [type, media] of Object.entries(resolved?.content ?? {})) {
          if (!media.schema) continue;
          check(`response ${status} (${type})`, media, `${base}/content/${type.replace(/\//g, "~1")}/schema`);
        }
      }
    }
  }
}
if (problems.length) {
  console.error(problems.join("\n"));
  fail("check:examples", `${problems.length} problem(s) in ${checked} examples`);
}
console.log(`check:examples: ${checked} examples valid in ${apis.length} APIs (operations and webhooks)`);
