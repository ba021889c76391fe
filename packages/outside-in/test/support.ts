// Child processes, tarballs and tsc output for the outside-in test. Every process is started in its
// own process group, so stopping it also stops what it started (npx → sh → node → Prism), and every
// one is remembered so that killAll() leaves nothing behind.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { gunzipSync } from "node:zlib";

const running = new Set<ChildProcess>();

/**
 * The environment a user's shell would give: without what pnpm and vitest add for their own children
 * (npm_* settings, VITEST*, the workspace's node_modules/.bin on PATH, NODE_ENV=test).
 */
export function userEnv(workspaceRoot: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|VITEST|TINYPOOL)/i.test(key) || key === "NODE_ENV" || key === "NODE_OPTIONS" || key === "INIT_CWD") continue;
    env[key] = value;
  }
  env["PATH"] = (process.env["PATH"] ?? "")
    .split(path.delimiter)
    .filter((dir) => !dir.startsWith(workspaceRoot))
    .join(path.delimiter);
  env["NO_COLOR"] = "1";
  env["FORCE_COLOR"] = "0";
  return env;
}

export interface RunResult {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Killed (with its process group) after this long; the result then says so. */
  timeoutMs?: number;
}

/** Runs a command to its end and gives back its output; never throws for a non-zero exit. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const label = [command, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            killGroup(child, "SIGKILL");
          }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(new Error(`${label}: could not start: ${error.message}`));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (timedOut) stderr += `\n[outside-in] ${label} was killed after ${options.timeoutMs} ms`;
      resolve({ command: label, code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** What a failed command printed, for assertion messages. */
export function describeRun(result: RunResult): string {
  return `${result.command} (in ${result.ms} ms) exited with ${result.code ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/** True while any process of the group `pgid` is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the process group is empty, or rejects after `timeoutMs`. Polls (no fixed sleep). */
export async function waitForGroupGone(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) throw new Error(`process group ${pgid} still has processes after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A long-running command whose output is watched as it comes. */
export interface Service {
  child: ChildProcess;
  /** Everything it printed on stdout so far. */
  stdout(): string;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (now or later); rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /**
   * Sends `signal` to the command's process group, as Ctrl-C in a terminal sends SIGINT to the
   * foreground group (npx passes nothing on to the command it runs; it relies on that), and waits
   * until the command and everything it started have exited.
   */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startService(command: string, args: readonly string[], options: RunOptions): Service {
  const label = [command, ...args].join(" ");
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((check) => check());
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    poke();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
      poke();
    });
  });
  child.once("close", () => running.delete(child));
  child.once("error", (error) => {
    err += `\n[outside-in] ${label}: could not start: ${error.message}`;
    poke();
  });

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) return finish(() => resolve(match));
          if (child.exitCode !== null || child.signalCode !== null) {
            return finish(() => reject(new Error(`${label} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}\n--- stdout\n${out}\n--- stderr\n${err}`)));
          }
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`${label} did not print ${pattern} within ${timeoutMs} ms\n--- stdout\n${out}\n--- stderr\n${err}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = "SIGINT", timeoutMs = 20_000) {
      if (child.exitCode === null && child.signalCode === null) killGroup(child, signal);
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      // The command is gone; what it started must follow (Prism's host exits with the mock).
      await waitForGroupGone(child.pid!, timeoutMs).catch((error: Error) => {
        killGroup(child, "SIGKILL");
        throw error;
      });
      return result;
    },
  };
}

/** Kills every process group this module started that is still running (for afterAll). */
export function killAll(): void {
  for (const child of running) killGroup(child, "SIGKILL");
  running.clear();
}

export interface TarEntry {
  path: string;
  size: number;
  content: Buffer;
}

/** The regular files of a .tgz (ustar, as npm and pnpm write it), paths without the `package/` prefix. */
export function readTarball(gzipped: Buffer): TarEntry[] {
  const tar = gunzipSync(gzipped);
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1) || "0";
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const content = tar.subarray(offset + 512, offset + 512 + size);
    longName = undefined;
    if (type === "x") {
      const pathRecord = /\d+ path=([^\n]*)\n/.exec(content.toString("utf8"));
      if (pathRecord) longName = pathRecord[1];
    } else if (type === "0") {
      entries.push({ path: name.replace(/^package\//, ""), size, content: Buffer.from(content) });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

/** Parses `tsc --pretty false` output: `file(line,col): error TS1234: message` plus indented continuation lines. */
export function parseDiagnostics(output: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split("\n")) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (match) {
      diagnostics.push({ file: match[1]!, line: Number(match[2]), column: Number(match[3]), code: match[4]!, message: match[5]! });
    } else if (/^\s+\S/.test(line) && diagnostics.length > 0) {
      diagnostics[diagnostics.length - 1]!.message += `\n${line.trim()}`;
    } else if (/^error (TS\d+): (.*)$/.test(line)) {
      const [, code, message] = /^error (TS\d+): (.*)$/.exec(line)!;
      diagnostics.push({ file: "", line: 0, column: 0, code: code!, message: message! });
    }
  }
  return diagnostics;
}

/** Diagnostics as one readable block, for assertion messages. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.file}(${d.line},${d.column}): ${d.code}: ${d.message}`).join("\n");
}
