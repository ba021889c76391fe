// The Prism child process: one Prism HTTP server per API, built with Prism's own libraries
// (@stoplight/prism-http for the operations, @stoplight/prism-http-server for the server) so that
// Prism's modules load once for all three APIs instead of once per API. Started by prism.ts with
// its configuration as the only argument; exits when told to or when its parent goes away.
import { readFileSync } from "node:fs";
import { createLogger } from "@stoplight/prism-core";
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { createServer } from "@stoplight/prism-http-server";
import { configureExtensionsUserProvided } from "@stoplight/prism-cli/dist/extensions.js";
import { withoutBigintFormats } from "./prism-document.js";

export interface PrismHostConfig {
  host: string;
  dynamic: boolean;
  servers: { api: string; spec: string; port: number }[];
}

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

  for (const { api, spec, port } of config.servers) {
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
    await server.listen(port, config.host);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
