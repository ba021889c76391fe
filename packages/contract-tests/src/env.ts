// The environment-variable form of the suite (`pnpm test:contract`, or any vitest run of this
// package): WUKONGIM_URL, WILDFIRE_URL, OPENCHAT_URL and their options.
import { API_NAMES, type ApiName } from "@im-openapi/mock";
import { ContractError } from "./errors.js";
import { OPENCHAT_SURFACES, type ContractTargets, type OpenchatSurface } from "./targets.js";

export interface EnvConfig {
  /** The servers given by URL; APIs without a URL are checked against a mock the caller starts. */
  targets: ContractTargets;
  /** Which APIs to check (CONTRACT_APIS; default all three). */
  apis: ApiName[];
  /** CONTRACT_READ_ONLY as given: true, false, or undefined (read-only exactly when a real server is given). */
  readOnly: boolean | undefined;
  /** CONTRACT_REPORT_DIR, default `reports/contract`. */
  reportDir: string;
  /**
   * CONTRACT_FUZZ as given (`1`/`0`; undefined: the caller decides), with CONTRACT_FUZZ_RUNS,
   * CONTRACT_FUZZ_SECONDS and CONTRACT_SEED.
   */
  fuzz: { on: boolean | undefined; runs?: number | undefined; seconds?: number | undefined; seed?: number | undefined };
}

function numberVar(env: NodeJS.ProcessEnv, name: string, whole: boolean): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (whole && !Number.isInteger(n))) throw new ContractError(`${name} must be a ${whole ? "whole number" : "number"} of at least 0, got '${text}'`);
  return n;
}

export const ENV_URLS: Readonly<Record<ApiName, string>> = { wukongim: "WUKONGIM_URL", wildfire: "WILDFIRE_URL", openchat: "OPENCHAT_URL" };

/** Reads the configuration from the environment; throws a ContractError naming the variable that is wrong. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  let apis = [...API_NAMES] as ApiName[];
  if (env["CONTRACT_APIS"]) {
    apis = env["CONTRACT_APIS"].split(",").map((s) => s.trim()).filter(Boolean) as ApiName[];
    for (const a of apis) if (!API_NAMES.includes(a)) throw new ContractError(`CONTRACT_APIS: unknown API '${a}'; choose from ${API_NAMES.join(", ")}`);
  }
  const url = (api: ApiName) => (apis.includes(api) ? env[ENV_URLS[api]] || undefined : undefined);
  const targets: ContractTargets = {};
  const wk = url("wukongim");
  if (wk) targets.wukongim = { url: wk, version: env["WUKONGIM_VERSION"] || undefined, token: env["WUKONGIM_TOKEN"] || undefined };
  const wf = url("wildfire");
  const edition = env["WILDFIRE_EDITION"] || undefined;
  if (edition !== undefined && edition !== "community" && edition !== "pro") throw new ContractError(`WILDFIRE_EDITION must be community or pro, got '${edition}'`);
  if (wf) targets.wildfire = { url: wf, secret: env["WILDFIRE_SECRET"] || undefined, edition };
  const oc = url("openchat");
  if (oc) {
    const surface = env["OPENCHAT_SURFACE"] || undefined;
    if (surface !== undefined && !(OPENCHAT_SURFACES as readonly string[]).includes(surface)) throw new ContractError(`OPENCHAT_SURFACE must be one of ${OPENCHAT_SURFACES.join(", ")}, got '${surface}'`);
    targets.openchat = { url: oc, token: env["OPENCHAT_TOKEN"] || undefined, username: env["OPENCHAT_USERNAME"] || undefined, password: env["OPENCHAT_PASSWORD"] || undefined, surface: surface as OpenchatSurface | undefined };
    if (!targets.openchat.token && !(targets.openchat.username && targets.openchat.password)) {
      throw new ContractError("OPENCHAT_URL needs OPENCHAT_TOKEN, or OPENCHAT_USERNAME and OPENCHAT_PASSWORD");
    }
  }
  const ro = env["CONTRACT_READ_ONLY"];
  if (ro !== undefined && ro !== "" && !["0", "1", "true", "false"].includes(ro)) throw new ContractError(`CONTRACT_READ_ONLY must be 1 or 0, got '${ro}'`);
  const fuzz = env["CONTRACT_FUZZ"];
  if (fuzz !== undefined && fuzz !== "" && !["0", "1", "true", "false"].includes(fuzz)) throw new ContractError(`CONTRACT_FUZZ must be 1 or 0, got '${fuzz}'`);
  return {
    fuzz: {
      on: fuzz === undefined || fuzz === "" ? undefined : fuzz === "1" || fuzz === "true",
      runs: numberVar(env, "CONTRACT_FUZZ_RUNS", true),
      seconds: numberVar(env, "CONTRACT_FUZZ_SECONDS", false),
      seed: numberVar(env, "CONTRACT_SEED", true),
    },
    targets,
    apis,
    readOnly: ro === undefined || ro === "" ? undefined : ro === "1" || ro === "true",
    reportDir: env["CONTRACT_REPORT_DIR"] || "reports/contract",
  };
}
