import { API_NAMES, type ApiName } from "@im-openapi/mock";

/** What the suite runs against for one API. */
export interface Target {
  api: ApiName;
  url: string;
  /** A real server given by the user (scenarios run, unsafe sweeps are limited), or one of our mocks. */
  real: boolean;
  /** The server version the user declares (WuKongIM), used to expect removed or later routes to be missing. */
  version?: string | undefined;
  /** The wildfire edition the user declares: community or pro. */
  edition?: "community" | "pro" | undefined;
  secret?: string | undefined;
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

export interface ContractConfig {
  targets: Partial<Record<ApiName, Target>>;
  /** Run only operations that change nothing. Default: on for real servers unless CONTRACT_READ_ONLY=0. */
  readOnly: boolean;
  /** Unique prefix of every resource the scenarios create. */
  runPrefix: string;
  /** Where the JSON and Markdown reports go. */
  reportDir: string;
}

export const ENV_URLS: Readonly<Record<ApiName, string>> = { wukongim: "WUKONGIM_URL", wildfire: "WILDFIRE_URL", openchat: "OPENCHAT_URL" };

/** Reads the user's configuration from the environment; throws with what is wrong and where. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): { real: Partial<Record<ApiName, Omit<Target, "real">>>; readOnly: boolean | undefined; reportDir: string; only: ApiName[] | undefined } {
  const real: Partial<Record<ApiName, Omit<Target, "real">>> = {};
  for (const api of API_NAMES) {
    const url = env[ENV_URLS[api]];
    if (!url) continue;
    if (!/^https?:\/\/[^/\s]+/.test(url)) throw new Error(`${ENV_URLS[api]} must be an http(s) URL such as http://127.0.0.1:5001, got '${url}'`);
    real[api] = { api, url: url.replace(/\/+$/, "") };
  }
  if (real.wukongim) real.wukongim.version = env["WUKONGIM_VERSION"] || undefined;
  if (real.wildfire) {
    const edition = env["WILDFIRE_EDITION"] || "community";
    if (edition !== "community" && edition !== "pro") throw new Error(`WILDFIRE_EDITION must be community or pro, got '${edition}'`);
    real.wildfire.edition = edition;
    real.wildfire.secret = env["WILDFIRE_SECRET"] || "123456";
  }
  if (real.openchat) {
    real.openchat.token = env["OPENCHAT_TOKEN"] || undefined;
    real.openchat.username = env["OPENCHAT_USERNAME"] || undefined;
    real.openchat.password = env["OPENCHAT_PASSWORD"] || undefined;
    if (!real.openchat.token && !(real.openchat.username && real.openchat.password)) {
      throw new Error("OPENCHAT_URL needs OPENCHAT_TOKEN, or OPENCHAT_USERNAME and OPENCHAT_PASSWORD");
    }
  }
  const ro = env["CONTRACT_READ_ONLY"];
  if (ro !== undefined && !["0", "1", "true", "false"].includes(ro)) throw new Error(`CONTRACT_READ_ONLY must be 1 or 0, got '${ro}'`);
  let only: ApiName[] | undefined;
  if (env["CONTRACT_APIS"]) {
    only = env["CONTRACT_APIS"].split(",").map((s) => s.trim()) as ApiName[];
    for (const a of only) if (!API_NAMES.includes(a)) throw new Error(`CONTRACT_APIS: unknown API '${a}'; choose from ${API_NAMES.join(", ")}`);
  }
  return {
    real,
    readOnly: ro === undefined ? undefined : ro === "1" || ro === "true",
    reportDir: env["CONTRACT_REPORT_DIR"] || "reports/contract",
    only,
  };
}
