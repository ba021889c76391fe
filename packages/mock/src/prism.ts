import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { MockError } from "./apis.js";

const require = createRequire(import.meta.url);

/** The Prism CLI script from the installed @stoplight/prism-cli package. */
function prismScript(): string {
  const pkgPath = require.resolve("@stoplight/prism-cli/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin["prism"];
  if (!bin) throw new MockError("the installed @stoplight/prism-cli has no `prism` binary; reinstall dependencies with `pnpm install`");
  return path.join(path.dirname(pkgPath), bin);
}

/** A free TCP port on the host, chosen by the OS. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PrismProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface PrismOptions {
  spec: string;
  host: string;
  port: number;
  /** Generate responses from the schemas (json-schema-faker) instead of using the examples. */
  dynamic?: boolean;
  startupTimeoutMs?: number;
}

/** Starts `prism mock` as a child process and resolves once it answers HTTP. */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  const args = [prismScript(), "mock", "-h", options.host, "-p", String(options.port), "-v", "warn"];
  if (options.dynamic) args.push("-d", "--seed", "1", "--json-schema-faker-fillProperties=false");
  args.push(options.spec);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${options.port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  };

  const deadline = Date.now() + (options.startupTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new MockError(`prism exited with code ${child.exitCode} while starting for ${options.spec}:\n${output.trim()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(500) });
      return { url, child, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new MockError(`prism did not answer on ${url} within ${options.startupTimeoutMs ?? 30_000} ms:\n${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
