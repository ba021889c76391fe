// Child processes: output captured (stdout and stderr interleaved as they come), a time limit, and
// every running child killed with its process group when the run is interrupted.
import { spawn } from "node:child_process";

const running = new Set();

/**
 * Runs `command args` and resolves with { code, output, ms } (never rejects: a command that cannot
 * start resolves with code 127 and the reason as output). `timeoutMs` kills the process group.
 */
export function run(command, args, { cwd, env, timeoutMs = 10 * 60_000, input } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    let output = "";
    let child;
    try {
      child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    } catch (error) {
      resolve({ code: 127, output: `cannot start ${command}: ${error.message}`, ms: 0 });
      return;
    }
    running.add(child);
    const collect = (chunk) => {
      output += chunk;
    };
    child.stdout.setEncoding("utf8").on("data", collect);
    child.stderr.setEncoding("utf8").on("data", collect);
    if (input !== undefined) child.stdin.end(input);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill(child);
    }, timeoutMs);
    child.on("error", (error) => {
      output += `cannot start ${command}: ${error.message}\n`;
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (timedOut) output += `\n${command} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped\n`;
      resolve({ code: code ?? (signal ? 128 : 1), output, ms: Date.now() - started });
    });
  });
}

function kill(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Kills every child still running (on SIGINT). */
export function killAll() {
  for (const child of running) kill(child);
}

/** Serialises the async functions passed to it (one Maven or pip at a time on a shared cache). */
export function mutex() {
  let last = Promise.resolve();
  return (fn) => {
    const result = last.then(fn, fn);
    last = result.catch(() => {});
    return result;
  };
}

/** Runs `tasks` (functions returning promises) with at most `limit` at once; resolves in order. */
export async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
