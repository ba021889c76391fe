import { API_NAMES, DEFAULT_PORTS, MockError, loadSpec, specPath, type ApiName } from "./apis.js";
import { startFront, type FrontServer } from "./front.js";
import { freePort, startPrismHost, type PrismProcess } from "./prism.js";
import { behaviourFor } from "./shapes.js";

export { API_NAMES, DEFAULT_PORTS, MockError, compareVersions, existsInVersion, loadSpec, specPath, type ApiName, type LoadedSpec, type SpecOperation } from "./apis.js";
export { checkWildfireSignature, wildfireSign } from "./wildfire-signature.js";

export interface StartMocksOptions {
  /** Which APIs to mock. Default: all three. */
  apis?: readonly ApiName[];
  /** Address to listen on. Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port per API; 0 picks a free one. Default: 0 for every API (use DEFAULT_PORTS for the real servers' ports). */
  ports?: Partial<Record<ApiName, number>>;
  /** Wildfire admin secret the mock checks signatures with. Default `123456`. */
  wildfireSecret?: string;
  /** Wildfire edition: `pro` (default) serves every route; `community` answers pro routes with HTTP 500. */
  wildfireEdition?: "community" | "pro";
  /** Reject wildfire timestamps older than two hours, as the release config does. Default true. */
  wildfireCheckTime?: boolean;
  /** WuKongIM version to emulate; routes it lacks answer 404. Default: the version the spec describes. */
  wukongimVersion?: string;
  /** Generate responses from schemas instead of examples. */
  dynamic?: boolean;
}

export interface RunningMocks {
  /** Base URL per started API. */
  urls: Partial<Record<ApiName, string>>;
  /** Stops every server and Prism process; safe to call twice. */
  stop(): Promise<void>;
  /** Process id of the Prism child that serves every started API (for diagnostics). */
  pids: number[];
}

/** Starts the mocks and resolves when every one answers. On any failure, nothing is left running. */
export async function startMocks(options: StartMocksOptions = {}): Promise<RunningMocks> {
  const apis = options.apis ?? API_NAMES;
  const host = options.host ?? "127.0.0.1";
  for (const api of apis) {
    if (!API_NAMES.includes(api)) throw new MockError(`unknown API '${String(api)}'; choose from ${API_NAMES.join(", ")}`);
  }
  if (options.wildfireEdition !== undefined && !["community", "pro"].includes(options.wildfireEdition)) {
    throw new MockError(`unknown wildfire edition '${String(options.wildfireEdition)}'; use community or pro`);
  }
  const fronts: FrontServer[] = [];
  let prism: PrismProcess | undefined;
  const stop = async () => {
    await Promise.all(fronts.splice(0).map((f) => f.close()));
    await prism?.stop();
    prism = undefined;
  };
  try {
    // The public ports are bound first, so a busy port fails at once, before Prism is started.
    const planned: { api: ApiName; spec: string; port: number }[] = [];
    for (const api of apis) {
      const spec = loadSpec(api);
      const behaviour = behaviourFor(api, spec, {
        wukongimVersion: options.wukongimVersion ?? (api === "wukongim" ? spec.version : ""),
        wildfireEdition: options.wildfireEdition ?? "pro",
        wildfireSecret: options.wildfireSecret ?? "123456",
        wildfireCheckTime: options.wildfireCheckTime ?? true,
      });
      const prismPort = await freePort("127.0.0.1");
      fronts.push(await startFront(api, host, options.ports?.[api] ?? 0, `http://127.0.0.1:${prismPort}`, behaviour));
      planned.push({ api, spec: specPath(api), port: prismPort });
    }
    prism = await startPrismHost({ host: "127.0.0.1", dynamic: options.dynamic ?? false, servers: planned });
    const urls = Object.fromEntries(apis.map((api, i) => [api, fronts[i]!.url]));
    return { urls, stop, pids: [prism.child.pid ?? -1] };
  } catch (error) {
    await stop();
    throw error;
  }
}

export { DEFAULT_PORTS as defaultPorts };
