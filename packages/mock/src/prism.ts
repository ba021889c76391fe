import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { MockError } from "./apis.js";
import type { PrismHostConfig } from "./prism-host.js";

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
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface PrismHostOptions {
  host: string;
  /** Generate responses from the schemas (json-schema-faker) instead of using the examples. */
  dynamic?: boolean;
  servers: { api: string; spec: string; port: number }[];
  startupTimeoutMs?: number;
}

/** The compiled host script; from src/ (tests) and dist/ alike it lives in ../dist. */
const HOST_SCRIPT = fileURLToPath(new URL("../dist/prism-host.js", import.meta.url));

/**
 * Starts one child process that serves every given spec with Prism, and resolves once each server
 * answers HTTP. One process loads Prism's modules once for all APIs, which is most of its start-up.
 */
export async function startPrismHost(options: PrismHostOptions): Promise<PrismProcess> {
  if (!existsSync(HOST_SCRIPT)) throw new MockError(`the mock is not built (${HOST_SCRIPT} is missing); run \`pnpm build\` first`);
  const config: PrismHostConfig = { host: options.host, dynamic: options.dynamic ?? false, servers: options.servers };
  // stdin stays open as a lifeline: the host exits when it closes, so it cannot outlive us.
  const child = spawn(process.execPath, [HOST_SCRIPT, JSON.stringify(config)], { stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  };

  const hostName = options.host.includes(":") ? `[${options.host}]` : options.host;
  const timeoutMs = options.startupTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(options.servers.map((s) => s.port));
  while (pending.size > 0) {
    if (child.exitCode !== null) {
      throw new MockError(`prism exited with code ${child.exitCode} while starting:\n${output.trim()}`);
    }
    for (const port of [...pending]) {
      try {
        await fetch(`http://${hostName}:${port}/`, { signal: AbortSignal.timeout(500) });
        pending.delete(port);
      } catch {
        // not up yet
      }
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      await stop();
      throw new MockError(`prism did not answer within ${timeoutMs} ms:\n${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, stop };
}
