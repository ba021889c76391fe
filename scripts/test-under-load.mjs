#!/usr/bin/env node
// Runs `pnpm install && pnpm test` on fresh clones of HEAD while a CPU load as large as the machine
// runs beside it, and stops at the first failure. A test that passes alone and fails here is a bug.
//
//   pnpm test:under-load            10 runs (the release bar)
//   pnpm test:under-load --runs 3   fewer
//
// The load is `stress-ng --cpu N` when it is installed (Debian: apt-get install stress-ng), else N
// busy Node workers. A failed run's clone and log are kept and their path printed.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" }, cpus: { type: "string" } } });
const runs = Number(values.runs);
const cpus = Number(values.cpus ?? os.availableParallelism());
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(cpus) || cpus < 1) {
  console.error("test-under-load: --runs and --cpus take whole numbers above 0");
  process.exit(2);
}
const root = spawnSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).stdout.trim();
const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();

const stopLoad = startLoad(cpus);
process.on("exit", stopLoad);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
console.log(`test-under-load: ${runs} run(s) of ${head} beside a ${cpus}-CPU load`);
for (let i = 1; i <= runs; i++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "im-openapi-under-load-"));
  const started = Date.now();
  const ok = (await sh("git", ["clone", "-q", root, dir], root)) === 0 && (await sh("pnpm", ["install"], dir, path.join(dir, "install.log"))) === 0 && (await sh("pnpm", ["test"], dir, path.join(dir, "test.log"))) === 0;
  const seconds = Math.round((Date.now() - started) / 1000);
  if (!ok) {
    console.log(`run ${i}: FAIL after ${seconds} s; see ${dir}/test.log (or install.log)`);
    process.exit(1);
  }
  console.log(`run ${i}: pass in ${seconds} s`);
  rmSync(dir, { recursive: true, force: true });
}
console.log(`test-under-load: ${runs} of ${runs} passed`);
// The load's child process keeps the event loop alive: leave now, which stops it (the exit handler).
process.exit(0);

function startLoad(n) {
  if (spawnSync("stress-ng", ["--version"]).status === 0) {
    // Its own process group, so that stopping it stops its workers too, not only the parent.
    const child = spawn("stress-ng", ["--cpu", String(n), "--timeout", "0"], { stdio: "ignore", detached: true });
    return () => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
  }
  const workers = Array.from({ length: n }, () => new Worker("for (;;) {}", { eval: true }));
  for (const w of workers) w.unref();
  return () => workers.forEach((w) => void w.terminate());
}

function sh(command, args, cwd, logFile) {
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "true" } });
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", (c) => chunks.push(c));
    child.once("close", (code) => {
      if (logFile) writeFileSync(logFile, Buffer.concat(chunks));
      else if (code !== 0) process.stderr.write(Buffer.concat(chunks));
      resolve(code ?? 1);
    });
  });
}
