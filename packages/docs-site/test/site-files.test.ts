// The built files: the index, the spec copies, the offline guarantee and the generated code samples.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import YAML from "yaml";
import { firstRequestExample, loadSpec, operationsOf, payloadContent, resolveLocal, sendsMessages, siteApis, type Operation, type Parameter, type Spec } from "./site.js";

const docsDir = inject("docsDir");
const apis = siteApis(docsDir);

/**
 * Resources a page would load from another host. The rule: no src/href/srcset/poster attribute (in
 * markup or in script strings) may point at http(s) or a protocol-relative URL, except <a href> (a
 * link the reader may follow); no CSS url(), @import or Markdown image may; and the page's code may
 * hold no URL on the CDN hosts Redoc knows (its inline script builds such URLs at run time). The
 * embedded spec is prose and may name any site; only its images count.
 */
function remoteResources(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][\w-]*)\b([^>]*)>/g)) {
    const name = (tag[1] ?? "").toLowerCase();
    for (const attr of (tag[2] ?? "").matchAll(/\s(src|href|srcset|poster)\s*=\s*\\?(["'])(.*?)\\?\2/gi)) {
      const value = attr[3] ?? "";
      const isLink = name === "a" && attr[1]?.toLowerCase() === "href";
      if (!isLink && /^\s*(https?:)?\/\//i.test(value)) found.push(`<${name} ${attr[1]}="${value}">`);
    }
  }
  for (const m of html.matchAll(/url\(\s*\\?['"]?\s*((?:https?:)?\/\/[^'")\s\\]+)/gi)) found.push(`url(${m[1]})`);
  for (const m of html.matchAll(/@import\s+(?:url\()?['"]?((?:https?:)?\/\/[^'")\s]+)/gi)) found.push(`@import ${m[1]}`);
  for (const m of html.matchAll(/!\[[^\]]*\]\(\s*<?((?:https?:)?\/\/[^)\s>]+)/g)) found.push(`![](${m[1]})`);
  const code = html.replace(/^\s*const __redoc_definition = .*$/m, "");
  for (const host of ["cdn.redocly.com", "cdn.redoc.ly", "otel.cloud.redocly.com", "fonts.googleapis.com", "fonts.gstatic.com", "unpkg.com", "cdn.jsdelivr.net"]) {
    if (code.includes(`//${host}`)) found.push(host);
  }
  return found;
}

function effectiveSecurity(spec: Spec, op: Operation): { required: boolean; schemes: string[] } {
  const requirements = op.security ?? spec.security ?? [];
  const required = requirements.length > 0 && requirements.every((r) => Object.keys(r).length > 0);
  return { required, schemes: Object.keys(requirements.find((r) => Object.keys(r).length > 0) ?? {}) };
}

/** Columns a sample line should fit in (scripts/redocly/code-samples.mjs keeps them within it). */
const LINE_WIDTH = 56;
/** The keys a client recognises and de-duplicates its own message by. */
const MESSAGE_KEYS = ["client_msg_no", "clientMsgNo"];

/**
 * The body a curl sample should send for a request example: the example itself, except that in an
 * operation that sends messages, every message (an object with a string `payload`) has its payload
 * re-encoded from the content it stands for and no fixed client_msg_no/clientMsgNo.
 */
function expectedCurlBody(example: unknown, messages: boolean): unknown {
  if (Array.isArray(example)) return example.map((item) => expectedCurlBody(item, messages));
  if (example === null || typeof example !== "object") return example;
  const object = example as Record<string, unknown>;
  const isMessage = messages && typeof object["payload"] === "string";
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (isMessage && MESSAGE_KEYS.includes(key)) continue;
    if (isMessage && key === "payload") out[key] = Buffer.from(JSON.stringify(payloadContent(value as string))).toString("base64");
    else out[key] = expectedCurlBody(value, messages);
  }
  return out;
}

/** The JSON after `-d '...'` in a curl sample. */
function curlBody(source: string): unknown {
  const match = /-d '((?:[^']|'\\'')*)'/.exec(source);
  if (!match?.[1]) throw new Error(`no -d body in:\n${source}`);
  return JSON.parse(match[1].replaceAll(`'\\''`, "'"));
}

describe("the built site", () => {
  it("has the three APIs", () => {
    expect(apis).toEqual(["openchat", "wildfire", "wukongim"]);
  });

  it("has an index page linking every API's reference and specs", () => {
    const html = readFileSync(path.join(docsDir, "index.html"), "utf8");
    for (const api of apis) {
      const spec = loadSpec(docsDir, api);
      expect(html).toContain(`href="${api}/"`);
      expect(html).toContain(`href="${api}/openapi.json"`);
      expect(html).toContain(`href="${api}/openapi.yaml"`);
      expect(html).toContain(spec.info.title.replaceAll("&", "&amp;"));
      expect(html).toContain(spec.info["x-server-version"] ?? spec.info.version);
    }
  });

  it.each(apis)("%s: openapi.yaml holds the same document as openapi.json", (api) => {
    const yaml: unknown = YAML.parse(readFileSync(path.join(docsDir, api, "openapi.yaml"), "utf8"));
    expect(yaml).toEqual(loadSpec(docsDir, api));
  });

  it.each(["index.html", ...apis.map((a) => `${a}/index.html`)])("%s loads no resource from the network", (file) => {
    const html = readFileSync(path.join(docsDir, file), "utf8");
    expect(remoteResources(html)).toEqual([]);
    if (file !== "index.html") {
      // Redoc pages: the script is inline (no CDN bundle) and telemetry is off.
      expect(html).toContain('"disableTelemetry":true');
      expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    }
  });

  it("finds what it forbids", () => {
    // The checker itself must catch each kind of remote load, or the test above proves nothing.
    expect(remoteResources('<img src="https://x.test/a.png">')).toHaveLength(1);
    expect(remoteResources('<link rel="stylesheet" href="//x.test/a.css">')).toHaveLength(1);
    expect(remoteResources("<style>body{background:url('https://x.test/a.png')}</style>")).toHaveLength(1);
    expect(remoteResources("<style>@import url(https://fonts.googleapis.com/css);</style>").length).toBeGreaterThan(0);
    expect(remoteResources('<script>const logo = "https://cdn.redoc.ly/redoc/logo-mini.svg"</script>')).toHaveLength(1);
    expect(remoteResources('<script>el.innerHTML = "<img src=\\"https://x.test/a.png\\">"</script>')).toHaveLength(1);
    expect(remoteResources("const __redoc_definition = {\"description\":\"![logo](https://x.test/a.png)\"};")).toHaveLength(1);
    // Links, and prose naming a site, load nothing.
    expect(remoteResources('<a href="https://github.com/WuKongIM/WuKongIM">source</a>')).toEqual([]);
    expect(remoteResources('\n      const __redoc_definition = {"description":"scripts come from unpkg.com, see https://unpkg.com/"};\n')).toEqual([]);
  });
});

describe.each(apis)("%s code samples", (api) => {
  const spec = loadSpec(docsDir, api);
  const operations = operationsOf(spec);

  it("has operations", () => {
    expect(operations.length).toBeGreaterThan(0);
  });

  it("gives every operation a TypeScript client call and a curl command", () => {
    for (const { method, path: route, op } of operations) {
      const samples = op["x-codeSamples"] ?? [];
      expect(samples.map((s) => s.label), op.operationId).toEqual(["TypeScript", "curl"]);
      const [ts, curl] = samples;
      // `await client.POST("/path", {`, or with the path on the next line when that is too long.
      const callPattern = `await client\\.${method.toUpperCase()}\\(\\s*${JSON.stringify(route).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
      expect(ts?.source, op.operationId).toMatch(new RegExp(callPattern));
      expect(ts?.source, op.operationId).toMatch(new RegExp(`^import \\{[^}]*\\bcreate\\w+Client\\b[^}]*\\bunwrap\\b[^}]*\\} from "@im-openapi/${api}";`));
      const staticPrefix = route.split("{")[0] ?? route;
      expect(curl?.source, op.operationId).toContain(staticPrefix);
      if (method !== "get") expect(curl?.source, op.operationId).toContain(`curl -X ${method.toUpperCase()} `);
    }
  });

  it("sends the operation's first request example as the body, with fresh message keys and readable payloads", () => {
    let checked = 0;
    let messages = 0;
    for (const { op } of operations) {
      const example = firstRequestExample(spec, op);
      if (!example.found) continue;
      const curl = op["x-codeSamples"]?.find((s) => s.label === "curl")?.source ?? "";
      const sends = sendsMessages(spec, op);
      expect(curlBody(curl), op.operationId).toEqual(expectedCurlBody(example.value, sends));
      if (sends) {
        // Each payload is explained: the JSON content it is the base64 of.
        for (const match of curl.matchAll(/"payload": "([^"]+)"/g)) {
          const content = JSON.stringify(JSON.parse(Buffer.from(match[1] ?? "", "base64").toString("utf8")));
          expect(curl, op.operationId).toContain(`# payload: base64 of ${content}\n`);
        }
        for (const key of MESSAGE_KEYS) expect(curl, op.operationId).not.toContain(`"${key}"`);
        messages++;
      }
      checked++;
    }
    if (operations.some((o) => o.op.requestBody)) expect(checked).toBeGreaterThan(0);
    if (api !== "wildfire") expect(messages, "operations that send messages").toBeGreaterThanOrEqual(2);
  });

  it("keeps TypeScript lines within the panel's width", () => {
    // Only a line holding one string that is itself too long (a token, say) may be wider; the page
    // wraps it (see the browser tests).
    const wide: string[] = [];
    for (const { op } of operations) {
      const ts = op["x-codeSamples"]?.find((s) => s.label === "TypeScript")?.source ?? "";
      for (const line of ts.split("\n")) {
        if (line.length > LINE_WIDTH && !/^\s*([\w$]+: )?"[^"]*",?$/.test(line)) wide.push(`${op.operationId}: ${line}`);
      }
    }
    expect(wide).toEqual([]);
  });

  it("passes every required parameter, in both samples", () => {
    for (const { op, pathItem } of operations) {
      const [ts, curl] = (op["x-codeSamples"] ?? []).map((s) => s.source);
      const params = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolveLocal<Parameter>(spec, p));
      for (const p of params) {
        if (!p?.required) continue;
        const where = `${op.operationId} ${p.in} ${p.name}`;
        expect(ts, where).toMatch(new RegExp(`(^|\\s)(${p.name}|"${p.name}"): `, "m"));
        if (p.in === "query") expect(curl, where).toMatch(new RegExp(`[?&]${encodeURIComponent(p.name)}=`));
        if (p.in === "path") expect(curl, where).not.toContain(`{${p.name}}`);
        if (p.in === "header") expect(curl, where).toContain(`-H "${p.name}: `);
      }
    }
  });

  it("authenticates the curl command the way the operation's security asks", () => {
    for (const { op } of operations) {
      const curl = op["x-codeSamples"]?.find((s) => s.label === "curl")?.source ?? "";
      const { required, schemes } = effectiveSecurity(spec, op);
      const headers = schemes.map((name) => spec.components?.securitySchemes?.[name]).filter((s) => s?.type === "apiKey" && s.in === "header");
      const signed = ["nonce", "timestamp", "sign"].every((h) => headers.some((s) => s?.name?.toLowerCase() === h));
      if (required && signed) {
        expect(curl, op.operationId).toContain(`sign=$(printf '%s|%s|%s' "$nonce" "$SECRET" "$timestamp" |\n  sha1sum | cut -d' ' -f1)`);
        expect(curl, op.operationId).toContain('-H "nonce: $nonce" \\\n  -H "timestamp: $timestamp" \\\n  -H "sign: $sign"');
      } else if (required && schemes.some((name) => spec.components?.securitySchemes?.[name]?.scheme?.toLowerCase() === "bearer")) {
        expect(curl, op.operationId).toContain('-H "Authorization: Bearer $TOKEN"');
      } else {
        expect(curl, op.operationId).not.toContain("sha1sum");
        expect(curl, op.operationId).not.toContain("Authorization: Bearer");
      }
    }
  });
});
