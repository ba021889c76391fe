// The Prism child process: one Prism HTTP server per API, built with Prism's own libraries
// (@stoplight/prism-http for the operations, @stoplight/prism-http-server for the server) so that
// Prism's modules load once for all three APIs instead of once per API. Started by prism.ts with
// its configuration as the only argument; exits when told to or when its parent goes away.
import { readFileSync } from "node:fs";
import http from "node:http";
import { createLogger } from "@stoplight/prism-core";
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { createServer } from "@stoplight/prism-http-server";
import { configureExtensionsUserProvided } from "@stoplight/prism-cli/dist/extensions.js";
import { withoutBigintFormats } from "./prism-document.js";
import { READY_PREFIX } from "./prism.js";

export interface PrismHostConfig {
  host: string;
  dynamic: boolean;
  servers: { api: string; spec: string }[];
}


// Prism copies the names of a request's unknown fields into its `sl-violations` header; a name with
// a character Node refuses in a header (a control character, anything above U+00FF) makes
// setHeader throw outside any handler, which kills this process. Such characters are written as
// \uXXXX instead, which keeps the header's JSON meaning the same.
const setHeader = http.ServerResponse.prototype.setHeader;
http.ServerResponse.prototype.setHeader = function (name, value) {
  const safe = (v: string) => v.replace(/[^\t\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return setHeader.call(this, name, typeof value === "string" ? safe(value) : Array.isArray(value) ? value.map((v) => safe(String(v))) : value);
};

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? "") as PrismHostConfig;
  const logger = createLogger("PRISM", { level: "warn" });
  const servers: ReturnType<typeof createServer>[] = [];
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    await Promise.allSettled(servers.map((s) => s.close()));
    process.exit(code);
  };
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));
  // The parent holds our stdin open; when it closes (the parent exited, even by SIGKILL), stop.
  process.stdin.on("end", () => void shutdown(0));
  process.stdin.resume();

  const ports: Record<string, number> = {};
  for (const { api, spec } of config.servers) {
    const document = withoutBigintFormats(JSON.parse(readFileSync(spec, "utf8"))) as object;
    const operations = await getHttpOperationsFromSpec(document);
    if (config.dynamic) await configureExtensionsUserProvided(document, { fillProperties: false });
    const server = createServer(operations, {
      cors: true,
      config: {
        validateRequest: true,
        validateResponse: true,
        checkSecurity: true,
        errors: false,
        upstreamProxy: undefined,
        isProxy: false,
        mock: { dynamic: config.dynamic, ignoreExamples: false, ...(config.dynamic ? { seed: "1" } : {}) },
      },
      components: { logger: logger.child({ name: api }) },
    });
    servers.push(server);
    // Port 0: the OS picks a free port at listen time, so no other process can take it between a
    // probe and the listen (which happens when several mocks start at once).
    const address = await server.listen(0, config.host);
    ports[api] = Number(/:(\d+)$/.exec(address)?.[1]);
  }
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(ports)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
