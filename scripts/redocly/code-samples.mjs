// Redocly plugin with one decorator, `im-openapi/code-samples`: it gives every operation an
// `x-codeSamples` list (a TypeScript client call and a curl command built from the operation's first
// request example), so `redocly bundle` (the specs the clients ship) and `redocly build-docs` (the
// reference pages) both carry them. Decorators do not run during `redocly lint`.
//
// The samples are meant to be pasted and run, so they differ from the raw example where the raw
// example would do harm or read badly:
// - a message's base64 `payload` is written as the content it encodes, `encodePayload({...})`
//   (WuKongIM's helper; a four-line local one for OpenChat), and curl sends the base64 of that
//   same content;
// - a message never carries a fixed `client_msg_no`/`clientMsgNo`: every paste would send the same
//   key. It is left out where the client (WuKongIM `POST /message/send`) or the server fills it in,
//   and is `crypto.randomUUID()` elsewhere in TypeScript;
// - a wildfire text payload is `textPayload("...")`;
// - the TypeScript call is wrapped in the package's `unwrap`, which returns the answer or throws the
//   API's typed error, so no sample goes on with an error it never looked at;
// - lines are kept within LINE_WIDTH columns (the request-sample panel of a Redoc page at 1400 px
//   shows about 60), breaking object literals the way Prettier would.
//
// The API is told by the folder of the root document (openapi/<api>/openapi.yaml or
// packages/<api>/openapi.json). The request itself (parameters, example body, server URL) and the
// curl command come from code-samples-lib.mjs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CURL_LABEL, TS_LABEL, curlSample, mergeSamples, sampleRequest, securityOf } from "./code-samples-lib.mjs";

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Columns a sample line should fit in. */
export const LINE_WIDTH = 56;

/** The request keys a client uses to recognise and de-duplicate its own message. */
export const MESSAGE_KEYS = ["client_msg_no", "clientMsgNo"];

/**
 * How each API's client is created and what it offers a sample. The key is the folder the spec
 * lives in. An API missing here gets a curl sample only.
 * - `options(security)`: the createXClient options besides baseUrl, as [name, code] pairs;
 * - `errorClass`: what `unwrap` throws;
 * - `payloadEncoder`: how a base64 message payload is written: "import" (the package exports
 *   `encodePayload`), "local" (the sample defines it), or undefined (payloads are not base64);
 * - `fillsMessageKey`: operations whose client fills in the message key itself;
 * - `textPayload`: the package's `textPayload(text, extra)` builds wildfire text payloads.
 */
export const CLIENTS = {
  wukongim: {
    pkg: "@im-openapi/wukongim",
    factory: "createWukongimClient",
    errorClass: "WukongimError",
    answer: "the answer",
    options: () => [],
    payloadEncoder: "import",
    // createWukongimClient gives every send a random UUID before the first attempt, so that a
    // retry carries the same key (packages/wukongim/src/client-msg-no.ts).
    fillsMessageKey: new Set(["post /message/send"]),
  },
  wildfire: {
    pkg: "@im-openapi/wildfire",
    factory: "createWildfireClient",
    errorClass: "WildfireError",
    answer: "the result",
    // The server's http.admin.secret_key (123456 out of the box). Every request is signed with it.
    options: () => [["secret", raw('process.env.WILDFIRE_SECRET ?? "123456"')]],
    textPayload: true,
  },
  openchat: {
    pkg: "@im-openapi/openchat",
    factory: "createOpenchatClient",
    errorClass: "OpenchatError",
    answer: "the data",
    // A JWT from POST /api/v1/auth/login; the login route itself needs none.
    options: (security) => (security.optional ? [] : [["token", raw("process.env.OPENCHAT_TOKEN")]]),
    payloadEncoder: "local",
  },
};

// ---------------------------------------------------------------------------------------------
// A small TypeScript printer: JSON values plus two kinds of code, printed flat when they fit in
// the line and broken over lines (trailing commas, two-space indent) when they do not.

class Raw {
  constructor(text) {
    this.text = text;
  }
}
class Call {
  constructor(callee, args) {
    this.callee = callee;
    this.args = args;
  }
}
/** Code written as it is, e.g. `crypto.randomUUID()`. */
export const raw = (text) => new Raw(text);
/** A call whose arguments are printed like any other value. */
export const call = (callee, ...args) => new Call(callee, args);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Raw) && !(v instanceof Call);
const keyText = (k) => (IDENTIFIER.test(k) ? k : JSON.stringify(k));

function flat(value) {
  if (value instanceof Raw) return value.text;
  if (value instanceof Call) return `${value.callee}(${value.args.map(flat).join(", ")})`;
  if (Array.isArray(value)) return `[${value.map(flat).join(", ")}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${keyText(k)}: ${flat(v)}`).join(", ")} }`;
  }
  if (typeof value === "bigint") return `${value}n`;
  return JSON.stringify(value) ?? "undefined";
}

/**
 * `value` as TypeScript. `indent` is the indentation of the line it starts on, `used` the columns
 * already taken on that line, `after` the columns that follow it there (a comma, `);`).
 */
export function printValue(value, indent = 0, used = indent, after = 0) {
  const one = flat(value);
  if (used + one.length + after <= LINE_WIDTH || one.length <= 2) return one;
  const pad = " ".repeat(indent + 2);
  const end = " ".repeat(indent);
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${pad}${printValue(v, indent + 2, indent + 2, 1)},`).join("\n")}\n${end}]`;
  }
  if (isPlainObject(value)) {
    const lines = Object.entries(value).map(([k, v]) => {
      const head = `${pad}${keyText(k)}: `;
      return `${head}${printValue(v, indent + 2, head.length, 1)},`;
    });
    return `{\n${lines.join("\n")}\n${end}}`;
  }
  if (value instanceof Call) {
    const { callee, args } = value;
    const last = args[args.length - 1];
    const before = args.slice(0, -1).map(flat);
    // Like Prettier: a last argument that is an object or array hugs the parentheses.
    if (last !== undefined && (isPlainObject(last) || Array.isArray(last))) {
      const head = `${callee}(${before.map((a) => `${a}, `).join("")}`;
      // The head and the opening bracket must fit on the line.
      if (used + head.length + 1 <= LINE_WIDTH) return `${head}${printValue(last, indent, used + head.length, after + 1)})`;
    }
    if (args.length === 0) return one;
    return `${callee}(\n${args.map((a) => `${pad}${printValue(a, indent + 2, indent + 2, 1)},`).join("\n")}\n${end})`;
  }
  return one;
}

/** `import { a, b } from "pkg";`, one name a line when it does not fit. */
function importLine(names, pkg) {
  const one = `import { ${names.join(", ")} } from ${JSON.stringify(pkg)};`;
  if (one.length <= LINE_WIDTH) return one;
  return `import {\n${names.map((n) => `  ${n},`).join("\n")}\n} from ${JSON.stringify(pkg)};`;
}

/** A comment wrapped at LINE_WIDTH. */
function comment(text) {
  const lines = [];
  let line = "//";
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > LINE_WIDTH && line !== "//") {
      lines.push(line);
      line = "//";
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Message payloads and keys

function typesOf(schema) {
  return Array.isArray(schema?.type) ? schema.type : schema?.type === undefined ? [] : [schema.type];
}

/** The schema's options (itself, or those of its oneOf/anyOf), dereferenced. */
function alternatives(schema, deref) {
  const s = deref(schema);
  if (!s || typeof s !== "object") return [];
  const options = [...(s.oneOf ?? []), ...(s.anyOf ?? [])].map(deref).filter(Boolean);
  return options.length > 0 ? options : [s];
}

/** Properties an object schema declares, through allOf/oneOf/anyOf; the first declaration wins. */
function propertiesOf(schema, deref, depth = 0) {
  const s = deref(schema);
  const out = {};
  if (!s || typeof s !== "object" || depth > 8) return out;
  for (const [k, v] of Object.entries(s.properties ?? {})) out[k] ??= v;
  for (const part of [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) {
    for (const [k, v] of Object.entries(propertiesOf(part, deref, depth + 1))) out[k] ??= v;
  }
  return out;
}

function requiredOf(schema, deref, depth = 0) {
  const s = deref(schema);
  if (!s || typeof s !== "object" || depth > 8) return new Set();
  const out = new Set(s.required ?? []);
  for (const part of s.allOf ?? []) for (const k of requiredOf(part, deref, depth + 1)) out.add(k);
  return out;
}

function itemsOf(schema, deref) {
  for (const s of alternatives(schema, deref)) if (s.items) return s.items;
  return undefined;
}

/** A string the schema says is base64 (`format: byte` or `contentEncoding: base64`). */
function isBase64String(schema, deref) {
  return alternatives(schema, deref).some((s) => typesOf(s).includes("string") && (s.format === "byte" || s.contentEncoding === "base64"));
}

/** The schema is, or refers to, the named component (checked on the $refs before dereferencing). */
function refersTo(schema, name, deref) {
  let node = schema;
  for (let hops = 0; node && typeof node === "object" && hops < 8; hops++) {
    if (typeof node.$ref === "string") {
      if (new RegExp(`(^|[/#])${name}(\\.ya?ml)?$`).test(node.$ref)) return true;
      node = deref(node);
      continue;
    }
    return [...(node.oneOf ?? []), ...(node.anyOf ?? [])].some((option) => refersTo(option, name, deref));
  }
  return false;
}

/**
 * The JSON content a base64 payload example encodes, as the message apps write it: the decoded
 * JSON object when it is one with an integer `type`, else the decoded text as a text message
 * (`{type: 1, content}`). Undefined when the string is not standard base64 of UTF-8.
 */
export function payloadContent(base64) {
  if (typeof base64 !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return undefined;
  const bytes = Buffer.from(base64, "base64");
  if (bytes.toString("base64") !== base64) return undefined;
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value) && Number.isInteger(value.type)) return value;
  } catch {
    // Not JSON: the example is plain text.
  }
  return { type: 1, content: text };
}

/** Standard base64 of the content's JSON, as encodePayload writes it. */
export function encodeContent(content) {
  return Buffer.from(JSON.stringify(content), "utf8").toString("base64");
}

// What wildfire's textPayload(text) fills in besides type and searchableContent
// (packages/wildfire/src/payload.ts).
const TEXT_PAYLOAD_DEFAULTS = { mediaType: 0, persistFlag: 3, expireDuration: 0, mentionedType: 0 };

/** `textPayload(text, extra)` for a wildfire text payload example, or undefined. */
function textPayloadCall(value) {
  if (!isPlainObject(value) || value.type !== 1 || typeof value.searchableContent !== "string") return undefined;
  const extra = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "type" || k === "searchableContent") continue;
    if (k in TEXT_PAYLOAD_DEFAULTS && TEXT_PAYLOAD_DEFAULTS[k] === v) continue;
    extra[k] = v;
  }
  return Object.keys(extra).length === 0 ? call("textPayload", value.searchableContent) : call("textPayload", value.searchableContent, extra);
}

/**
 * The request body each sample sends, from the example: `ts` (a value for printValue) and `curl`
 * (plain JSON), plus what the samples need to say about the changes.
 */
export function messageBody(api, operationKey, value, schema, deref) {
  const client = CLIENTS[api] ?? {};
  const notes = { payloads: [], keyFilled: [], keyRequired: [], uses: new Set() };
  const walk = (node, schemaNode, depth) => {
    if (depth > 32) return { ts: node, curl: node };
    if (Array.isArray(node)) {
      const items = itemsOf(schemaNode, deref);
      const parts = node.map((item) => walk(item, items, depth + 1));
      return { ts: parts.map((p) => p.ts), curl: parts.map((p) => p.curl) };
    }
    if (!isPlainObject(node)) return { ts: node, curl: node };
    const properties = propertiesOf(schemaNode, deref);
    const required = requiredOf(schemaNode, deref);
    // A message: an object with a base64 `payload`.
    const isMessage = typeof node.payload === "string" && properties.payload && isBase64String(properties.payload, deref);
    const ts = {};
    const curl = {};
    for (const [key, child] of Object.entries(node)) {
      if (isMessage && MESSAGE_KEYS.includes(key) && typeof child === "string") {
        if (required.has(key)) {
          // Cannot be left out: a fresh one in TypeScript, the example in curl with a note.
          ts[key] = raw("crypto.randomUUID()");
          curl[key] = child;
          notes.keyRequired.push(key);
        } else if (client.fillsMessageKey?.has(operationKey)) {
          notes.keyFilled.push(key);
        } else {
          // The server fills in a left-out key too, but a key the sender made is the one it can
          // recognise its message by. curl leaves it out.
          ts[key] = raw("crypto.randomUUID()");
        }
        continue;
      }
      if (isMessage && key === "payload") {
        const content = client.payloadEncoder ? payloadContent(child) : undefined;
        if (content !== undefined) {
          ts[key] = call("encodePayload", content);
          curl[key] = encodeContent(content);
          notes.payloads.push(content);
          notes.uses.add("encodePayload");
          continue;
        }
      }
      if (key === "payload" && client.textPayload && refersTo(properties.payload, "MessagePayloadInput", deref)) {
        const text = textPayloadCall(child);
        if (text) {
          ts[key] = text;
          curl[key] = child;
          notes.uses.add("textPayload");
          continue;
        }
      }
      const part = walk(child, properties[key], depth + 1);
      ts[key] = part.ts;
      curl[key] = part.curl;
    }
    return { ts, curl };
  };
  return { ...walk(value, schema, 0), notes };
}

// ---------------------------------------------------------------------------------------------
// The samples

/** The JSON request body's schema of an operation, or undefined. */
function requestBodySchema(operation, contentType, deref) {
  const body = deref(operation.requestBody);
  const media = body?.content?.[contentType];
  return media ? deref(media).schema : undefined;
}

/** The TypeScript sample for a prepared request, or undefined for an API without a client. */
export function typescriptSample(api, request, security, body) {
  const client = CLIENTS[api];
  if (!client) return undefined;
  const names = [client.factory];
  if (body?.notes.uses.has("encodePayload") && client.payloadEncoder === "import") names.push("encodePayload");
  if (body?.notes.uses.has("textPayload")) names.push("textPayload");
  names.push("unwrap");

  const lines = [importLine(names, client.pkg), ""];
  if (body?.notes.uses.has("encodePayload") && client.payloadEncoder === "local") {
    lines.push(
      comment("Payloads are base64 of the message's JSON content."),
      "function encodePayload(content: object): string {",
      "  const json = JSON.stringify(content);",
      '  return Buffer.from(json).toString("base64");',
      "}",
      "",
    );
  }
  const options = Object.fromEntries([["baseUrl", request.baseUrl], ...client.options(security)]);
  const create = "const client = ";
  lines.push(`${create}${printValue(call(client.factory, options), 0, create.length, 1)};`, "");

  const init = {};
  const params = {};
  for (const where of ["path", "query", "header", "cookie"]) {
    if (Object.keys(request.params[where]).length > 0) params[where] = request.params[where];
  }
  if (Object.keys(params).length > 0) init.params = params;
  if (request.body) init.body = body ? body.ts : request.body.value;
  const method = request.method.toUpperCase();
  const send = Object.keys(init).length > 0 ? call(`await client.${method}`, request.path, init) : call(`await client.${method}`, request.path);

  if (body?.notes.keyFilled.length) {
    lines.push(comment(`${body.notes.keyFilled[0]} is left out: the client gives every send a fresh UUID, the same one on each retry.`));
  }
  const article = /^[AEIOU]/.test(client.errorClass) ? "an" : "a";
  lines.push(comment(`unwrap returns ${client.answer} or throws ${article} ${client.errorClass}.`));
  const head = "const data = ";
  lines.push(`${head}${printValue(call("unwrap", send), 0, head.length, 1)};`, "console.log(data);");
  return lines.join("\n");
}

// The wildfire signature line of the lib's curl command, and the same pipeline broken after its
// first pipe so that it fits the panel.
const SIGN_LINE = `sign=$(printf '%s|%s|%s' "$nonce" "$SECRET" "$timestamp" | sha1sum | cut -d' ' -f1)`;
export const SIGN_LINES = `sign=$(printf '%s|%s|%s' "$nonce" "$SECRET" "$timestamp" |\n  sha1sum | cut -d' ' -f1)`;

/** The curl sample: the lib's command for the prepared body, with notes on what changed. */
export function curlCommand(request, security, body) {
  const notes = [];
  if (body) {
    for (const content of body.notes.payloads) notes.push(`# payload: base64 of ${JSON.stringify(content)}`);
    for (const key of body.notes.keyRequired) notes.push(`# use a new ${key} for every message`);
  }
  const prepared = body && request.body ? { ...request, body: { ...request.body, value: body.curl } } : request;
  return [...notes, curlSample(prepared, security).replace(SIGN_LINE, SIGN_LINES)].join("\n");
}

/** Both samples for an operation, in the order the docs show them. */
export function codeSamples(api, input) {
  const request = sampleRequest(input);
  const security = securityOf(input.operation, input.root, input.deref);
  const body =
    request.body && /\bjson\b/i.test(request.body.contentType)
      ? messageBody(api, `${request.method} ${request.path}`, request.body.value, requestBodySchema(input.operation, request.body.contentType, input.deref), input.deref)
      : undefined;
  const samples = [];
  const ts = typescriptSample(api, request, security, body);
  if (ts) samples.push({ lang: "TypeScript", label: TS_LABEL, source: ts });
  samples.push({ lang: "Shell", label: CURL_LABEL, source: curlCommand(request, security, body) });
  return samples;
}

// ---------------------------------------------------------------------------------------------
// The decorator

/** Follows a JSON pointer (`#/components/...`) inside a document. */
function pointer(document, ref) {
  if (!ref.startsWith("#/")) return undefined;
  let node = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

function apiName(absoluteRef) {
  const file = absoluteRef.startsWith("file:") ? fileURLToPath(absoluteRef) : absoluteRef;
  return path.basename(path.dirname(file));
}

function codeSamplesDecorator() {
  let root;
  let rootRef;
  let api;
  let currentPath;
  let currentPathItem;
  let currentPathItemRef;
  // Webhooks are path items too, but the server sends them: no client call or curl applies.
  let inWebhooks = false;

  return {
    WebhooksMap: {
      enter() {
        inWebhooks = true;
      },
      leave() {
        inWebhooks = false;
      },
    },
    Root: {
      enter(node, ctx) {
        root = node;
        rootRef = ctx.location.source.absoluteRef;
        api = apiName(rootRef);
      },
    },
    PathItem: {
      enter(node, ctx) {
        currentPath = String(ctx.key);
        currentPathItem = node;
        currentPathItemRef = ctx.location.source.absoluteRef;
      },
    },
    Operation: {
      // enter, not leave: the bundler has not yet rewritten the $refs below the operation.
      enter(operation, ctx) {
        const method = String(ctx.key).toLowerCase();
        if (inWebhooks || !HTTP_METHODS.has(method) || currentPath === undefined) return;
        // A relative $ref resolves against the file it is written in, so every node remembers its file.
        const origin = new WeakMap();
        const mark = (node, file) => {
          if (node === null || typeof node !== "object" || origin.has(node)) return;
          origin.set(node, file);
          for (const child of Object.values(node)) mark(child, file);
        };
        const deref = (node) => {
          let current = node;
          let file = (current && typeof current === "object" && origin.get(current)) || rootRef;
          for (let hops = 0; current && typeof current === "object" && typeof current.$ref === "string" && hops < 32; hops++) {
            const resolved = ctx.resolve(current, file);
            if (resolved.location) {
              current = resolved.node;
              file = resolved.location.source.absoluteRef;
            } else {
              current = pointer(root, current.$ref);
              file = rootRef;
            }
          }
          mark(current, file);
          return current;
        };
        mark(operation, ctx.location.source.absoluteRef);
        mark(currentPathItem, currentPathItemRef);
        const ours = codeSamples(api, { path: currentPath, method, operation, pathItem: currentPathItem, root, deref });
        operation["x-codeSamples"] = mergeSamples(operation["x-codeSamples"], ours);
      },
    },
  };
}

export default function imOpenapiPlugin() {
  return {
    id: "im-openapi",
    decorators: {
      oas3: { "code-samples": codeSamplesDecorator },
    },
  };
}
