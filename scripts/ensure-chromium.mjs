// Makes sure a Chromium the docs browser test can drive is installed, and prints its path.
//
// The test uses Debian's `chromium` package through playwright-core, which never downloads a browser
// of its own. When it is missing and we are root on a machine with apt-get (CI, a fresh container), it
// is installed with apt-get; anywhere else the script stops and says how to install it.
//
//   node scripts/ensure-chromium.mjs            install if needed, print the executable path
//   CHROMIUM_PATH=/path/to/chrome node ...      use that executable instead (must exist)
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

function run(command, args, env) {
  console.log(`ensure-chromium: running: ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    throw new Error(`\`${[command, ...args].join(" ")}\` exited with ${result.status ?? result.signal}`);
  }
}

/**
 * Returns the path of a Chromium executable, installing Debian's `chromium` package first when it is
 * missing and that is possible. Throws with installation instructions otherwise.
 */
export function ensureChromium({ log = console.log } = {}) {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!isExecutable(override)) throw new Error(`CHROMIUM_PATH=${override} is not an executable file`);
    return override;
  }
  if (isExecutable(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;

  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !onPath("apt-get")) {
    throw new Error(
      `Chromium is not installed at ${DEFAULT_CHROMIUM}, and it cannot be installed automatically ` +
        `(${root ? "apt-get is not available" : "not running as root"}). Install it with ` +
        "`sudo apt-get install chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at a Chrome or " +
        "Chromium executable.",
    );
  }
  log(`ensure-chromium: ${DEFAULT_CHROMIUM} is missing; installing Debian's chromium package (takes a minute or two)`);
  const noPrompts = { DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update"], noPrompts);
  run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], noPrompts);
  if (!isExecutable(DEFAULT_CHROMIUM)) throw new Error(`apt-get installed chromium, but ${DEFAULT_CHROMIUM} is still missing`);
  log(`ensure-chromium: installed ${DEFAULT_CHROMIUM}`);
  return DEFAULT_CHROMIUM;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureChromium());
  } catch (error) {
    console.error(`ensure-chromium: ${error.message}`);
    process.exit(1);
  }
}
