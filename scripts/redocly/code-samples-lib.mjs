// Builds the `x-codeSamples` of one operation: a call with the project's TypeScript client and the same
// request as a curl command. Pure functions over plain data; scripts/redocly/code-samples.mjs feeds
// them from the document Redocly is bundling, and the docs-site tests call them directly.

export const TS_LABEL = "TypeScript";
export const CURL_LABEL = "curl";

/**
 * How each API's client is created. The key is the folder the spec lives in (openapi/<api>/ or
 * packages/<api>/). An API missing here gets a curl sample only.
 */
export const CLIENTS = {
  wukongim: { pkg: "@im-openapi/wukongim", factory: "createWukongimClient", options: [] },
  wildfire: {
    pkg: "@im-openapi/wildfire",
    factory: "createWildfireClient",
    // The server's http.admin.secret_key (123456 out of the box).
    options: ['secret: process.env.WILDFIRE_SECRET ?? "123456"'],
  },
  openchat: { pkg: "@im-openapi/openchat", factory: "createOpenchatClient", options: ["token: process.env.OPENCHAT_TOKEN"] },
};

const METHODS_WITHOUT_X = new Set(["get"]);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

// ---------------------------------------------------------------------------------------------
// Shell quoting

/** A shell word for `value`: bare when it is plain, else in single quotes. */
export function shellWord(value) {
  const text = String(value);
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `"text"` when nothing in it is special inside double quotes, else a single-quoted word. */
function shellDoubleQuoted(text) {
  return /[$`"\\!]/.test(text) ? shellWord(text) : `"${text}"`;
}

// ---------------------------------------------------------------------------------------------
// TypeScript literals

/** A TypeScript expression for a JSON value, indented like Prettier would. */
export function tsLiteral(value, indent = "") {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => tsLiteral(v, inner));
    const flat = `[${items.join(", ")}]`;
    if (!items.some((i) => i.includes("\n")) && flat.length + indent.length <= 80) return flat;
    return `[\n${items.map((i) => `${inner}${i},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, v]) => `${inner}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${tsLiteral(v, inner)},`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

// ---------------------------------------------------------------------------------------------
// Example values

/** A value for a schema without an example: its example, default, first enum value, or a placeholder. */
export function schemaValue(schema, name, deref, depth = 0) {
  const s = deref(schema) ?? {};
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    if (Array.isArray(s[key]) && s[key].length > 0 && depth < 8) {
      if (key === "allOf") {
        const merged = s[key].map((part) => schemaValue(part, name, deref, depth + 1));
        if (merged.every((m) => m !== null && typeof m === "object" && !Array.isArray(m))) return Object.assign({}, ...merged);
        return merged[0];
      }
      const first = s[key].find((option) => !isNullSchema(deref(option)));
      return schemaValue(first ?? s[key][0], name, deref, depth + 1);
    }
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type ?? (s.properties ? "object" : undefined)) {
    case "object": {
      if (depth >= 8) return {};
      const out = {};
      for (const key of s.required ?? []) out[key] = schemaValue(s.properties?.[key] ?? {}, key, deref, depth + 1);
      return out;
    }
    case "array":
      return (s.minItems ?? 0) > 0 && depth < 8 ? [schemaValue(s.items ?? {}, name, deref, depth + 1)] : [];
    case "integer":
    case "number":
      return s.minimum ?? 0;
    case "boolean":
      return false;
    default:
      return `<${name}>`;
  }
}

function isNullSchema(s) {
  return s && (s.type === "null" || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === "null"));
}

/** The value of the first named example (or `example`) of a media type or parameter, if any. */
export function firstExample(holder, deref) {
  if (!holder) return { found: false };
  if (holder.examples && typeof holder.examples === "object") {
    for (const raw of Object.values(holder.examples)) {
      const example = deref(raw);
      if (example && "value" in example) return { found: true, value: example.value };
    }
  }
  if (holder.example !== undefined) return { found: true, value: holder.example };
  return { found: false };
}

// ---------------------------------------------------------------------------------------------
// Security

/**
 * What the operation's effective security asks of a request: the requirement used for the samples
 * (the first one), whether it is optional (an empty alternative exists), and the schemes it names.
 */
export function securityOf(operation, root, deref) {
  const requirements = operation.security ?? root.security ?? [];
  const optional = requirements.length === 0 || requirements.some((r) => Object.keys(r).length === 0);
  const chosen = requirements.find((r) => Object.keys(r).length > 0);
  const schemes = chosen
    ? Object.keys(chosen).map((name) => ({ name, ...(deref(root.components?.securitySchemes?.[name]) ?? {}) }))
    : [];
  return { optional, schemes };
}

/** True for the wildfire admin signature: three apiKey headers named nonce, timestamp and sign. */
export function isSignedRequest(schemes) {
  const headers = new Set(schemes.filter((s) => s.type === "apiKey" && s.in === "header").map((s) => s.name.toLowerCase()));
  return headers.has("nonce") && headers.has("timestamp") && headers.has("sign");
}

function envName(text) {
  return text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "").toUpperCase() || "TOKEN";
}

/** curl options (and shell lines to run before curl) for a security requirement. */
function curlAuth(schemes) {
  const before = [];
  const headers = [];
  const query = [];
  if (isSignedRequest(schemes)) {
    before.push(
      "SECRET=123456   # the server's http.admin.secret_key",
      "nonce=$RANDOM; timestamp=$(date +%s%3N)",
      `sign=$(printf '%s|%s|%s' "$nonce" "$SECRET" "$timestamp" | sha1sum | cut -d' ' -f1)`,
    );
    headers.push('-H "nonce: $nonce"', '-H "timestamp: $timestamp"', '-H "sign: $sign"');
    return { before, headers, query };
  }
  for (const scheme of schemes) {
    if (scheme.type === "http" && String(scheme.scheme).toLowerCase() === "bearer") headers.push('-H "Authorization: Bearer $TOKEN"');
    else if (scheme.type === "http" && String(scheme.scheme).toLowerCase() === "basic") headers.push('-u "$USERNAME:$PASSWORD"');
    else if (scheme.type === "apiKey" && scheme.in === "header") headers.push(`-H "${scheme.name}: $${envName(scheme.name)}"`);
    else if (scheme.type === "apiKey" && scheme.in === "query") query.push([scheme.name, `$${envName(scheme.name)}`]);
    else if (scheme.type === "apiKey" && scheme.in === "cookie") headers.push(`-b "${scheme.name}=$${envName(scheme.name)}"`);
  }
  return { before, headers, query };
}

// ---------------------------------------------------------------------------------------------
// The request

/** The first server's URL with its variables at their defaults, without a trailing slash. */
export function serverUrl(servers) {
  const server = servers?.[0];
  if (!server?.url) return "http://localhost";
  let url = server.url.replace(/\{([^}]+)\}/g, (whole, name) => String(server.variables?.[name]?.default ?? whole));
  return url.replace(/\/+$/, "");
}

/**
 * The request an operation's samples show: parameters (the required ones, each with its example),
 * and the body (the first request example, or the required fields of its schema).
 */
export function sampleRequest({ path, method, operation, pathItem, root, deref }) {
  const byKey = new Map();
  for (const raw of [...(pathItem?.parameters ?? []), ...(operation.parameters ?? [])]) {
    const p = deref(raw);
    if (p?.name && p.in) byKey.set(`${p.in}:${p.name}`, p);
  }
  const params = { path: {}, query: {}, header: {}, cookie: {} };
  for (const p of byKey.values()) {
    if (!p.required && p.in !== "path") continue;
    const example = firstExample(p, deref);
    const value = example.found ? example.value : schemaValue(p.schema ?? {}, p.name, deref);
    if (params[p.in]) params[p.in][p.name] = value;
  }

  let body;
  const requestBody = deref(operation.requestBody);
  if (requestBody?.content && Object.keys(requestBody.content).length > 0) {
    const types = Object.keys(requestBody.content);
    const contentType = types.find((t) => /\bjson\b/i.test(t)) ?? types[0];
    const media = deref(requestBody.content[contentType]) ?? {};
    const example = firstExample(media, deref);
    body = { contentType, value: example.found ? example.value : schemaValue(media.schema ?? {}, "body", deref) };
  }
  const servers = operation.servers ?? pathItem?.servers ?? root.servers;
  return { method: method.toLowerCase(), path, params, body, baseUrl: serverUrl(servers) };
}

function fillPath(path, values) {
  return path.replace(/\{([^}]+)\}/g, (whole, name) => (name in values ? encodeURIComponent(String(values[name])) : whole));
}

function queryString(entries) {
  if (entries.length === 0) return "";
  const text = entries
    .map(([k, v]) => {
      const value = typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
      // Shell variables stay readable; everything else is percent-encoded.
      return `${encodeURIComponent(k)}=${/^\$[A-Z_]+$/.test(value) ? value : encodeURIComponent(value)}`;
    })
    .join("&");
  return `?${text}`;
}

function queryEntries(query) {
  const out = [];
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v)) for (const item of v) out.push([k, item]);
    else out.push([k, v]);
  }
  return out;
}

/** The curl sample. */
export function curlSample(request, security) {
  const auth = curlAuth(security.schemes);
  const url = request.baseUrl + fillPath(request.path, request.params.path) + queryString([...queryEntries(request.params.query), ...auth.query]);
  const urlWord = auth.query.length > 0 ? `"${url}"` : shellDoubleQuoted(url);
  const head = METHODS_WITHOUT_X.has(request.method) ? `curl ${urlWord}` : `curl -X ${request.method.toUpperCase()} ${urlWord}`;
  const options = [...(security.optional ? [] : auth.headers)];
  for (const [name, value] of Object.entries(request.params.header)) options.push(`-H ${shellDoubleQuoted(`${name}: ${value}`)}`);
  const cookies = Object.entries(request.params.cookie).map(([k, v]) => `${k}=${v}`);
  if (cookies.length > 0) options.push(`-b ${shellWord(cookies.join("; "))}`);
  if (request.body) {
    const { contentType, value } = request.body;
    if (/^multipart\/form-data/i.test(contentType) && value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) options.push(`-F ${shellWord(`${k}=${typeof v === "object" ? JSON.stringify(v) : v}`)}`);
    } else if (/^application\/x-www-form-urlencoded/i.test(contentType) && value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) options.push(`--data-urlencode ${shellWord(`${k}=${typeof v === "object" ? JSON.stringify(v) : v}`)}`);
    } else {
      const text = /\bjson\b/i.test(contentType) || typeof value !== "string" ? JSON.stringify(value, null, 2) : value;
      options.push(`-H ${shellDoubleQuoted(`Content-Type: ${contentType}`)}`);
      // Indented under the curl line; JSON does not mind the extra whitespace.
      options.push(`-d '${text.replaceAll("'", `'\\''`).replaceAll("\n", "\n  ")}'`);
    }
  }
  const lines = [...(security.optional ? [] : auth.before)];
  if (security.optional && auth.headers.length > 0) {
    lines.push(`# add ${auth.headers.join(" ")} if the server requires it`);
  }
  lines.push([head, ...options].join(" \\\n  "));
  return lines.join("\n");
}

function createLine(factory, options) {
  const oneLine = `const client = ${factory}({ ${options.join(", ")} });`;
  if (oneLine.length <= 100) return oneLine;
  return `const client = ${factory}({\n${options.map((o) => `  ${o},`).join("\n")}\n});`;
}

/** The TypeScript client sample, or undefined for an API without a client. */
export function typescriptSample(api, request) {
  const client = CLIENTS[api];
  if (!client) return undefined;
  const options = [`baseUrl: ${JSON.stringify(request.baseUrl)}`, ...client.options];
  const params = {};
  for (const where of ["path", "query", "header", "cookie"]) {
    if (Object.keys(request.params[where]).length > 0) params[where] = request.params[where];
  }
  const parts = [];
  if (Object.keys(params).length > 0) parts.push(`  params: ${tsLiteral(params, "  ")},`);
  if (request.body) parts.push(`  body: ${tsLiteral(request.body.value, "  ")},`);
  const call = `client.${request.method.toUpperCase()}(${JSON.stringify(request.path)}${parts.length > 0 ? `, {\n${parts.join("\n")}\n}` : ""})`;
  return [
    `import { ${client.factory} } from ${JSON.stringify(client.pkg)};`,
    "",
    createLine(client.factory, options),
    "",
    `const { data, error } = await ${call};`,
  ].join("\n");
}

/** Both samples for an operation, in the order the docs show them. */
export function codeSamples(api, input) {
  const request = sampleRequest(input);
  const security = securityOf(input.operation, input.root, input.deref);
  const samples = [];
  const ts = typescriptSample(api, request);
  if (ts) samples.push({ lang: "TypeScript", label: TS_LABEL, source: ts });
  samples.push({ lang: "Shell", label: CURL_LABEL, source: curlSample(request, security) });
  return samples;
}

/** `existing` with our samples replaced by (or appended as) `ours`; hand-written samples are kept. */
export function mergeSamples(existing, ours) {
  const labels = new Set(ours.map((s) => s.label));
  const kept = Array.isArray(existing) ? existing.filter((s) => !labels.has(s?.label)) : [];
  return [...ours, ...kept];
}
