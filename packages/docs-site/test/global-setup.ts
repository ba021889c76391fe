import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Root URL of the served site, ending in "/". */
    docsUrl: string;
    /** Folder the site was built into. */
    docsDir: string;
    /** The Chromium executable to drive. */
    chromiumPath: string;
  }
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function runScript(script: string, args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(repo, "scripts", script), ...args], {
    cwd: repo,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error(`node scripts/${script} ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout}`);
  return result.stdout;
}

/** Starts scripts/docs-serve.mjs on a free loopback port and resolves with its URL. */
function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(repo, "scripts", "docs-serve.mjs"), "--port", "0", "--dir", dir], {
    cwd: repo,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`docs-serve did not start within 10 s:\n${output}`)), 10_000);
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.off("exit", onEarlyExit);
        resolve({ child, url: match[1] });
      }
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`docs-serve exited with ${code}:\n${output}`));
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onEarlyExit);
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Builds the site with scripts/docs.mjs into a fresh temporary folder (so a run never depends on an
 * old dist/docs), makes sure Chromium is installed, and serves the site on loopback.
 */
export default async function setup(project: TestProject) {
  const chromiumPath = runScript("ensure-chromium.mjs", []).trim().split("\n").pop() ?? "";
  const tmp = mkdtempSync(path.join(os.tmpdir(), "im-openapi-docs-site-"));
  const docsDir = path.join(tmp, "docs");
  try {
    runScript("docs.mjs", ["--out", docsDir]);
    const { child, url } = await startServer(docsDir);
    project.provide("docsUrl", url);
    project.provide("docsDir", docsDir);
    project.provide("chromiumPath", chromiumPath);
    return async () => {
      await stopServer(child);
      rmSync(tmp, { recursive: true, force: true });
    };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
