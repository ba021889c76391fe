// Command-line parsing for run.mjs, kept apart so it can be tested without running a generator.

export const APIS = ["wukongim", "wildfire", "openchat"];
export const GENERATORS = [
  "oapi-codegen",
  "ogen",
  "openapi-generator-java",
  "openapi-generator-python",
  "openapi-python-client",
  "hey-api",
];

export const USAGE = `Usage: node packages/generators/run.mjs [--api a,b] [--generator g,h] [--spec api=file] [--jobs n] [--keep]

Generates a client from each bundled spec (packages/<api>/openapi.json) with each generator,
compiles it and makes one call against the mock; exits 0 only when every combination passed.

  --api        ${APIS.join(", ")} (default: all)
  --generator  ${GENERATORS.join(", ")} (default: all)
  --spec       generate <api>'s clients from another file (e.g. packages/spec-equivalence/baseline/
               wildfire.json) instead of packages/<api>/openapi.json; the mock still serves the bundle
  --jobs       combinations run at once (default 2)
  --keep       keep the generated clients (their folder is printed)
  --help       this text`;

export class UsageError extends Error {}

function list(flag, value, known) {
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value: one or more of ${known.join(", ")}, comma-separated`);
  const names = value.split(",").map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`${flag} needs a value: one or more of ${known.join(", ")}, comma-separated`);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown ${flag.slice(2)} ${unknown.map((n) => `"${n}"`).join(", ")}; known: ${known.join(", ")}`);
  return [...new Set(names)];
}

/** Parses argv (without node and the script); throws UsageError with a one-line reason. */
export function parseArgs(argv) {
  const options = { apis: APIS, generators: GENERATORS, specs: {}, jobs: 2, keep: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith("--") && argv[i].includes("=") ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case "--api":
        options.apis = list(flag, value(), APIS);
        break;
      case "--generator":
        options.generators = list(flag, value(), GENERATORS);
        break;
      case "--spec": {
        const raw = value();
        const match = /^([a-z]+)=(.+)$/.exec(raw ?? "");
        if (!match) throw new UsageError(`--spec needs <api>=<file>, got ${raw === undefined ? "nothing" : `"${raw}"`}`);
        if (!APIS.includes(match[1])) throw new UsageError(`unknown api "${match[1]}" in --spec; known: ${APIS.join(", ")}`);
        options.specs[match[1]] = match[2];
        break;
      }
      case "--jobs": {
        const raw = value();
        const jobs = Number(raw);
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs needs a whole number of at least 1, got ${raw === undefined ? "nothing" : `"${raw}"`}`);
        options.jobs = jobs;
        break;
      }
      case "--keep":
        options.keep = true;
        break;
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown argument "${argv[i]}"; see --help`);
    }
  }
  return options;
}
