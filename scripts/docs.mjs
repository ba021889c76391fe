// Builds the offline docs site, dist/docs/:
//   index.html              what each API is, the server versions it describes, how to use the
//                           clients and the mock, links to everything below
//   <api>/index.html        the Redoc reference page (scripts and styles inlined)
//   <api>/openapi.json|yaml the bundled spec, with the generated x-codeSamples
//
// The site must work with no network at all: no script, style, font or image may load from another
// host. Redoc's inline bundle still names a few remote resources (its logo, an icon CDN, a telemetry
// endpoint); they are replaced below, and the build fails if any remote resource is left. Plain
// <a href> links to other sites are allowed: following a link is the reader's choice, not a load.
//
//   node scripts/docs.mjs [api...] [--out <dir>]
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { root, selectedApis } from "./apis.mjs";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Hosts whose resources Redoc's bundle may load; none may be left in a page. */
export const REMOTE_RESOURCE_HOSTS = [
  "cdn.redocly.com",
  "cdn.redoc.ly",
  "otel.cloud.redocly.com",
  "fonts.googleapis.com",
  "fonts.gstatic.com",
  "unpkg.com",
  "cdn.jsdelivr.net",
];

/** What each client is called and how it is created, for the index page. */
const CLIENT_USAGE = {
  wukongim: {
    pkg: "@im-openapi/wukongim",
    create: 'createWukongimClient({ baseUrl: "http://localhost:5001" })',
    factory: "createWukongimClient",
  },
  wildfire: {
    pkg: "@im-openapi/wildfire",
    create: 'createWildfireClient({ baseUrl: "http://localhost:18080", secret: "123456" })',
    factory: "createWildfireClient",
  },
  openchat: {
    pkg: "@im-openapi/openchat",
    create: 'createOpenchatClient({ baseUrl: "http://localhost:3000", token: accessToken })',
    factory: "createOpenchatClient",
  },
};

// A plain wordmark in place of Redocly's remote logo next to "API docs by" (the link stays).
const REDOCLY_WORDMARK = svgDataUri(
  '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="14" viewBox="0 0 56 14">' +
    '<text x="0" y="11" font-family="sans-serif" font-size="11" font-weight="600" fill="#6b7280">Redocly</text></svg>',
);

// Shown at the top of each reference page's sidebar; it links back to the index.
const BACK_LINK_LOGO = svgDataUri(
  '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="24" viewBox="0 0 180 24">' +
    '<text x="0" y="17" font-family="sans-serif" font-size="14" font-weight="600" fill="#2563eb">\u2190 All im-openapi APIs</text></svg>',
);

// Added to each reference page. Redoc draws a code block's copy button over the block's top-right
// corner and scrolls long lines sideways, so in the request-sample panel (about 60 columns wide at
// 1400 px) the end of a first line sat under the button and the end of a long line was out of
// sight. The code now starts below the button, and a line longer than the panel wraps. The samples
// themselves are kept within 56 columns (scripts/redocly/code-samples.mjs); this covers what cannot
// be broken, such as a long URL or token. Copying still copies the sample as it was generated.
export const SAMPLE_PANEL_CSS = `
.panel-request-samples pre[data-component-name="CodeBlock/CodeBlockContainer"] {
  padding-top: 36px;
  padding-right: 16px;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}
.panel-request-samples pre[data-component-name="CodeBlock/CodeBlockContainer"] * {
  white-space: inherit;
}`;

/** Adds the page's own styles (SAMPLE_PANEL_CSS) at the end of its head. */
export function addPageStyles(html) {
  if (!html.includes("</head>")) throw new Error("the page has no </head> to add its styles to");
  // The first </head> is the page's; later ones are inside the inline script.
  return html.replace("</head>", () => `<style id="im-openapi-docs">${SAMPLE_PANEL_CSS}\n</style>\n</head>`);
}

function svgDataUri(svg) {
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Every operation of a bundled spec: method, path, operationId, summary, tags. */
export function operationsOf(spec) {
  const out = [];
  for (const [route, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (op) out.push({ method, path: route, operationId: op.operationId, summary: op.summary ?? "", tags: op.tags ?? [], op });
    }
  }
  return out;
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code}\n${output.replace(/^.*[║╔╚].*$\n?/gm, "")}`));
    });
  });
}

const redocly = path.join(root, "node_modules", ".bin", "redocly");
const redoclyEnv = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

/**
 * Makes a Redoc page self-contained: swaps the remote resources its bundle names for local ones.
 * Throws when telemetry is still on or a remote resource remains.
 */
export function makeOffline(html) {
  let out = html
    .replaceAll("https://cdn.redoc.ly/redoc/logo-mini-full.svg", REDOCLY_WORDMARK)
    .replaceAll("https://cdn.redoc.ly/redoc/logo-mini.svg", REDOCLY_WORDMARK)
    // Icon sets for `x-icon`-style decorations, which these specs do not use; a data: base keeps
    // any such icon from being fetched.
    .replace(/https:\/\/cdn\.redocly\.com\/icons\/[\w.-]+\/[\w.-]+/g, "data:image/svg+xml,")
    // Telemetry is off (REDOCLY_TELEMETRY=off sets disableTelemetry); the endpoint goes too, so
    // that nothing could reach it if that ever changed.
    .replaceAll("https://otel.cloud.redocly.com/v1/traces", "data:,");
  if (!/const __redoc_options = \{[^\n]*"disableTelemetry":true/.test(out)) {
    throw new Error("the page was built with telemetry on (expected disableTelemetry: true in __redoc_options)");
  }
  const remote = remoteResources(out);
  if (remote.length > 0) throw new Error(`remote resources left in the page: ${remote.slice(0, 5).join(", ")}`);
  return out;
}

/**
 * Remote resources a page would load:
 * - a src/href/srcset/poster attribute (also inside script strings) pointing at http(s) or `//`,
 *   except <a href>, which is a link the reader may follow;
 * - a CSS url() or @import, or a Markdown image, pointing off-site;
 * - a URL on one of Redoc's CDN hosts anywhere in the page's code (its script builds such URLs at
 *   run time). The embedded spec is left out of this last check: its prose may name any site.
 */
export function remoteResources(html) {
  const found = [];
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)\b([^>]*)>/g)) {
    const [, tag, attrs] = m;
    for (const a of attrs.matchAll(/\s(src|href|srcset|poster)\s*=\s*\\?(["'])(.*?)\\?\2/gi)) {
      const value = a[3] ?? "";
      if (/^\s*(https?:)?\/\//i.test(value) && !(tag.toLowerCase() === "a" && a[1].toLowerCase() === "href")) {
        found.push(`<${tag} ${a[1]}="${value}">`);
      }
    }
  }
  for (const m of html.matchAll(/url\(\s*\\?['"]?\s*((https?:)?\/\/[^'")\s\\]+)/gi)) found.push(`url(${m[1]})`);
  for (const m of html.matchAll(/@import\s+(?:url\()?['"]?((https?:)?\/\/[^'")\s]+)/gi)) found.push(`@import ${m[1]}`);
  for (const m of html.matchAll(/!\[[^\]]*\]\(\s*<?((https?:)?\/\/[^)\s>]+)/gi)) found.push(`![](${m[1]})`);
  const code = html.replace(/^\s*const __redoc_definition = .*$/m, "");
  for (const host of REMOTE_RESOURCE_HOSTS) {
    if (new RegExp(`(https?:)?//${host.replaceAll(".", "\\.")}`, "i").test(code)) found.push(host);
  }
  return found;
}

async function buildReference(api, outDir, tmp) {
  const dir = path.join(outDir, api.name);
  mkdirSync(dir, { recursive: true });
  const jsonFile = path.join(dir, "openapi.json");
  // Bundled by path straight into the site: with the API's alias, redocly would write to the
  // alias's `output:` in packages/, which tests and the mock may be reading at the same time. The
  // root-level decorators (code samples) apply either way.
  await run(redocly, ["bundle", path.relative(root, api.source), "-o", jsonFile], { cwd: root, env: redoclyEnv });
  const spec = JSON.parse(readFileSync(jsonFile, "utf8"));
  writeFileSync(path.join(dir, "openapi.yaml"), YAML.stringify(spec, { lineWidth: 0 }));

  const options = {
    downloadUrls: [
      { title: "OpenAPI JSON", url: "openapi.json" },
      { title: "OpenAPI YAML", url: "openapi.yaml" },
    ],
    apiLogo: { imageUrl: BACK_LINK_LOGO, href: "../", altText: "All im-openapi APIs" },
    // Redoc 3 offers only the languages listed here; each picks the x-codeSamples entry whose label
    // matches (the samples come from scripts/redocly/code-samples.mjs).
    codeSamples: { languages: [{ lang: "TypeScript", label: "TypeScript" }, { lang: "curl", label: "curl" }] },
  };
  const optionsFile = path.join(tmp, `${api.name}.redoc.json`);
  writeFileSync(optionsFile, JSON.stringify(options));
  const htmlFile = path.join(dir, "index.html");
  const title = `${spec.info?.title ?? api.name} ${spec.info?.version ?? ""} reference`.replace(/\s+/g, " ");
  // Built from the bundled file, so the page shows exactly the spec offered for download.
  await run(redocly, ["build-docs", jsonFile, "--inlineBundle", "-o", htmlFile, "--title", title, "--openapi", optionsFile], {
    cwd: root,
    env: redoclyEnv,
  });
  writeFileSync(htmlFile, addPageStyles(makeOffline(readFileSync(htmlFile, "utf8"))));
  return { name: api.name, spec, operations: operationsOf(spec) };
}

// ---------------------------------------------------------------------------------------------
// The index page

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** A little inline Markdown (code, bold, links) for one paragraph of a spec description. */
function inlineMarkdown(text) {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\s*\n\s*/g, " ");
}

function firstParagraph(description) {
  return (description ?? "").trim().split(/\n\s*\n/)[0] ?? "";
}

function versionNotes(operations) {
  const since = new Set();
  let removed = 0;
  let deprecated = 0;
  const editions = {};
  for (const { op } of operations) {
    if (op["x-since"]) since.add(String(op["x-since"]));
    if (op["x-removed-in"]) removed++;
    if (op.deprecated) deprecated++;
    if (op["x-edition"]) editions[op["x-edition"]] = (editions[op["x-edition"]] ?? 0) + 1;
  }
  const notes = [];
  if (since.size > 0) notes.push(`operations added in ${[...since].sort().join(", ")} are marked <code>x-since</code>`);
  if (removed > 0) notes.push(`${removed} removed in later releases (<code>x-removed-in</code>)`);
  if (deprecated > 0) notes.push(`${deprecated} deprecated`);
  for (const [edition, n] of Object.entries(editions)) notes.push(`${n} marked <code>x-edition: ${escapeHtml(edition)}</code>`);
  return notes;
}

function apiSection(ref) {
  const { name, spec, operations } = ref;
  const info = spec.info ?? {};
  const usage = CLIENT_USAGE[name];
  const tags = (spec.tags ?? []).map((t) => t.name).filter((t) => operations.some((o) => o.tags.includes(t)));
  const server = spec.servers?.[0]?.url ?? "";
  const notes = versionNotes(operations);
  // The first operation that sends a body shows more of the client than a bare GET.
  const withSamples = operations.filter((o) => Array.isArray(o.op["x-codeSamples"]));
  const shown = withSamples.find((o) => o.op.requestBody) ?? withSamples[0];
  const sample = shown?.op["x-codeSamples"].find((s) => s.label === "TypeScript");
  return `
  <section class="api" id="${escapeHtml(name)}">
    <h2><a href="${escapeHtml(name)}/">${escapeHtml(info.title ?? name)}</a></h2>
    <p class="summary">${inlineMarkdown(info.summary ?? "")}</p>
    <p>${inlineMarkdown(firstParagraph(info.description))}</p>
    <dl class="facts">
      <dt>Server version</dt><dd><code>${escapeHtml(info["x-server-version"] ?? info.version ?? "")}</code>${
        info["x-server-version"] && info["x-server-version"] !== info.version ? ` (contract ${escapeHtml(info.version)})` : ""
      }</dd>
      <dt>Operations</dt><dd>${operations.length} in ${tags.length} groups${tags.length ? `: ${tags.map(escapeHtml).join(", ")}` : ""}</dd>
      ${notes.length ? `<dt>Versions</dt><dd>${notes.join("; ")}</dd>` : ""}
      <dt>Default server</dt><dd><code>${escapeHtml(server)}</code></dd>
    </dl>
    <p class="links">
      <a class="primary" href="${escapeHtml(name)}/">API reference</a>
      <a href="${escapeHtml(name)}/openapi.json" download>openapi.json</a>
      <a href="${escapeHtml(name)}/openapi.yaml" download>openapi.yaml</a>
    </p>
    ${
      usage
        ? `<h3>Client</h3>
    <pre><code>npm install ${escapeHtml(usage.pkg)}</code></pre>
    <pre><code>${escapeHtml(
      sample?.source ??
        `import { ${usage.factory} } from "${usage.pkg}";\n\nconst client = ${usage.create};`,
    )}</code></pre>`
        : ""
    }
  </section>`;
}

export function indexHtml(refs) {
  const style = `
    :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --card: #f6f8fa; --line: #d1d9e0; --link: #0969da; }
    @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #151b23; --line: #3d444d; --link: #4493f8; } }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
    main { max-width: 960px; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
    h1 { font-size: 2rem; margin: 0 0 .25rem; }
    h2 { margin: 0 0 .25rem; font-size: 1.45rem; }
    h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
    a { color: var(--link); }
    .lead { color: var(--muted); margin-top: 0; font-size: 1.1rem; }
    nav.toc a { margin-right: 1rem; }
    section { border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem 1.5rem; margin: 1.5rem 0; background: var(--bg); }
    section.api .summary { color: var(--muted); margin-top: 0; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 1rem 0; }
    dl.facts dt { color: var(--muted); }
    dl.facts dd { margin: 0; }
    .links a { display: inline-block; margin: 0 .5rem .5rem 0; padding: .35rem .8rem; border: 1px solid var(--line); border-radius: 6px; text-decoration: none; }
    .links a.primary { background: var(--link); border-color: var(--link); color: #fff; }
    code { font: .9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    pre { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; overflow-x: auto; }
    footer { color: var(--muted); font-size: .9rem; }`;
  const ports = refs.map((r) => `${r.name} on <code>${escapeHtml(r.spec.servers?.[0]?.url ?? "")}</code>`).join(", ");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>im-openapi: API reference</title>
  <style>${style}
  </style>
</head>
<body>
<main>
  <h1>im-openapi</h1>
  <p class="lead">OpenAPI 3.1 contracts for three instant-messaging server APIs, with typed TypeScript clients and a mock server.</p>
  <nav class="toc">${refs.map((r) => `<a href="#${escapeHtml(r.name)}">${escapeHtml(r.spec.info?.title ?? r.name)}</a>`).join("")}</nav>
  ${refs.map(apiSection).join("\n")}
  <section id="clients">
    <h2>Using the clients</h2>
    <p>Each client is an <a href="https://openapi-ts.dev/openapi-fetch/">openapi-fetch</a> client typed from its spec:
    paths, parameters, bodies and answers are checked by TypeScript. Calls return <code>{ data, error, response }</code>;
    integers above 2<sup>53</sup> are decoded losslessly. Every operation in the references shows a client call and the same request with curl.</p>
    <ul>
      <li><strong>WuKongIM</strong>: no authentication by default; pass <code>token</code> when the server sets <code>managerToken</code>.</li>
      <li><strong>wildfire</strong>: pass the admin <code>secret</code> (<code>http.admin.secret_key</code>); every request is signed with <code>nonce</code>, <code>timestamp</code> and <code>sign</code>.</li>
      <li><strong>OpenChat</strong>: pass <code>token</code>, a string or a function that returns the current access token.</li>
    </ul>
  </section>
  <section id="mock">
    <h2>The mock server</h2>
    <p>The mock serves every API from its spec (Prism behind a front that answers errors the way the real servers do),
    at the real servers' default addresses: ${ports}.</p>
    <pre><code>pnpm mock                                   # in an im-openapi checkout: build, then start all three
npx im-mock --api wildfire --wildfire-secret 123456   # from the @im-openapi/mock package
npx im-mock --help</code></pre>
    <p>Point a client at it the same way as at a real server, e.g. <code>createWukongimClient({ baseUrl: "http://127.0.0.1:5001" })</code>.</p>
  </section>
  <footer>These pages load nothing from the network. Built by <code>pnpm docs</code> from the specs in <code>openapi/</code>.</footer>
</main>
</body>
</html>
`;
}

/** Builds the site into outDir (default dist/docs) and returns what it built. */
export async function buildDocs({ outDir = path.join(root, "dist", "docs"), apis = selectedApis("docs", []), log = console.log } = {}) {
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), "im-openapi-docs-"));
  try {
    // Two at a time: the machines this runs on have two cores.
    const refs = [];
    for (let i = 0; i < apis.length; i += 2) {
      refs.push(...(await Promise.all(apis.slice(i, i + 2).map((api) => buildReference(api, outDir, tmp)))));
    }
    writeFileSync(path.join(outDir, "index.html"), indexHtml(refs));
    // GitHub Pages: serve files as they are (no Jekyll processing).
    writeFileSync(path.join(outDir, ".nojekyll"), "");
    for (const ref of refs) log(`docs: ${ref.name}: ${ref.operations.length} operations -> ${path.relative(root, path.join(outDir, ref.name, "index.html"))}`);
    log(`docs: built ${path.relative(root, outDir) || outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { outDir, apis: refs.map((r) => ({ name: r.name, operations: r.operations.length })) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true });
  if (!existsSync(redocly)) {
    console.error("docs: redocly is not installed; run `pnpm install` first");
    process.exit(1);
  }
  buildDocs({ apis: selectedApis("docs", positionals), ...(values.out ? { outDir: path.resolve(values.out) } : {}) }).catch((error) => {
    console.error(`docs: ${error.message}`);
    process.exit(1);
  });
}
