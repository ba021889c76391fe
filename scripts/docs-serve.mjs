// Serves the built docs site (dist/docs) on loopback:
//
//   node scripts/docs-serve.mjs [--port 8080] [--host 127.0.0.1] [--dir dist/docs]
//
// A few lines of node:http are enough for a static site of a handful of files, so no package is
// added for it. Only GET and HEAD; paths cannot leave the served folder; a folder serves its
// index.html. Ctrl-C (or SIGTERM) closes the server and exits.
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { root } from "./apis.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".yml": "application/yaml; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

function send(res, status, text, headers = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

/** A request handler serving the files under `dir`. */
export function staticHandler(dir) {
  const base = path.resolve(dir);
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed\n", { allow: "GET, HEAD" });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      return send(res, 400, "bad request\n");
    }
    const file = path.resolve(base, `.${pathname}`);
    if (file !== base && !file.startsWith(base + path.sep)) return send(res, 403, "forbidden\n");
    let target = file;
    let stat = existsSync(target) ? statSync(target) : undefined;
    if (stat?.isDirectory()) {
      // /wukongim -> /wukongim/, so the page's relative links (openapi.json, ../) resolve.
      if (!pathname.endsWith("/")) return send(res, 301, "", { location: `${encodeURI(pathname)}/` });
      target = path.join(target, "index.html");
      stat = existsSync(target) ? statSync(target) : undefined;
    }
    if (!stat?.isFile()) return send(res, 404, "not found\n");
    res.writeHead(200, {
      "content-type": TYPES[path.extname(target).toLowerCase()] ?? "application/octet-stream",
      "content-length": stat.size,
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") return res.end();
    createReadStream(target).pipe(res);
  };
}

/** Starts the server; resolves with it and its URL once it listens. */
export function serveDocs({ dir = path.join(root, "dist", "docs"), host = "127.0.0.1", port = 8080 } = {}) {
  const server = http.createServer(staticHandler(dir));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({ server, url: `http://${shownHost}:${address.port}/` });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { port: { type: "string", short: "p" }, host: { type: "string" }, dir: { type: "string" } },
  });
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`docs:serve: --port must be a number from 0 to 65535, got '${values.port}'`);
    process.exit(1);
  }
  const dir = path.resolve(values.dir ?? path.join(root, "dist", "docs"));
  if (!existsSync(path.join(dir, "index.html"))) {
    console.error(`docs:serve: ${path.relative(process.cwd(), dir) || dir}/index.html is missing; run \`pnpm docs\` first`);
    process.exit(1);
  }
  try {
    const { server, url } = await serveDocs({ dir, port, host: values.host ?? "127.0.0.1" });
    console.log(`docs:serve: serving ${path.relative(process.cwd(), dir) || dir} at ${url} (Ctrl-C to stop)`);
    const stop = () => {
      server.close(() => process.exit(0));
      // Keep-alive connections from a browser would hold close() open.
      server.closeAllConnections();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } catch (error) {
    console.error(`docs:serve: ${error.code === "EADDRINUSE" ? `port ${port} is in use; pick another with --port` : error.message}`);
    process.exit(1);
  }
}
