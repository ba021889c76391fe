import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MockError } from "./apis.js";
import type { PrismHostConfig } from "./prism-host.js";

/** The line the Prism host prints on stdout once every server listens: the port the OS gave each API. */
export const READY_PREFIX = "im-mock-prism-ready ";

export interface PrismProcess {
  child: ChildProcess;
  /** The loopback port each API's Prism server listens on, as the OS assigned it. */
  ports: Record<string, number>;
  /** Resolves with the exit code (or signal) when the host exits, for whatever reason. */
  exited: Promise<string>;
  /** The last few KB the host wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface PrismHostOptions {
  host: string;
  /** Generate responses from the schemas (json-schema-faker) instead of using the examples. */
  dynamic?: boolean;
  servers: { api: string; spec: string }[];
  /** How long Prism may take to load the specs and listen. Default 120 s: a loaded 2-core machine is slow. */
  startupTimeoutMs?: number;
}

/** The compiled host script; from src/ (tests) and dist/ alike it lives in ../dist. */
const HOST_SCRIPT = fileURLToPath(new URL("../dist/prism-host.js", import.meta.url));

/**
 * Starts one child process that serves every given spec with Prism, and resolves once each server
 * listens. One process loads Prism's modules once for all APIs, which is most of its start-up. The
 * host listens on port 0 and reports the ports it got, so two mocks starting at once (in one process
 * or in parallel CI jobs) can never be given the same port.
 */
export async function startPrismHost(options: PrismHostOptions): Promise<PrismProcess> {
  if (!existsSync(HOST_SCRIPT)) throw new MockError(`the mock is not built (${HOST_SCRIPT} is missing); run \`pnpm build\` first`);
  const config: PrismHostConfig = { host: options.host, dynamic: options.dynamic ?? false, servers: options.servers };
  // stdin stays open as a lifeline: the host exits when it closes, so it cannot outlive us.
  const child = spawn(process.execPath, [HOST_SCRIPT, JSON.stringify(config)], { stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  let stdoutLine = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stderr?.on("data", collect);
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? `code ${code}`)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  };

  const timeoutMs = options.startupTimeoutMs ?? 120_000;
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then(() => reject(new MockError(`prism did not start within ${timeoutMs} ms:\n${output.trim()}`)));
    }, timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      collect(chunk);
      stdoutLine += chunk.toString();
      const line = stdoutLine.split("\n").find((l) => l.startsWith(READY_PREFIX));
      if (line === undefined) return;
      clearTimeout(timer);
      stdoutLine = "";
      resolve(JSON.parse(line.slice(READY_PREFIX.length)) as Record<string, number>);
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new MockError(`prism exited (${how}) while starting:\n${output.trim()}`));
    });
  });
  return { child, ports, exited, output: () => output, stop };
}
