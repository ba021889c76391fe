import { API_NAMES, DEFAULT_PORTS, MockError, loadSpec, specPath, type ApiName } from "./apis.js";
import { startFront, type FrontServer } from "./front.js";
import { freePort, startPrism, type PrismProcess } from "./prism.js";
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
  /** Process ids of the Prism children (for diagnostics). */
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
  const prisms: PrismProcess[] = [];
  const fronts: FrontServer[] = [];
  const stop = async () => {
    await Promise.all(fronts.splice(0).map((f) => f.close()));
    await Promise.all(prisms.splice(0).map((p) => p.stop()));
  };
  try {
    const started = await Promise.all(
      apis.map(async (api) => {
        const spec = loadSpec(api);
        const behaviour = behaviourFor(api, spec, {
          wukongimVersion: options.wukongimVersion ?? (api === "wukongim" ? spec.version : ""),
          wildfireEdition: options.wildfireEdition ?? "pro",
          wildfireSecret: options.wildfireSecret ?? "123456",
          wildfireCheckTime: options.wildfireCheckTime ?? true,
        });
        const prism = await startPrism({ spec: specPath(api), host: "127.0.0.1", port: await freePort("127.0.0.1"), dynamic: options.dynamic ?? false });
        prisms.push(prism);
        const front = await startFront(api, host, options.ports?.[api] ?? 0, prism.url, behaviour);
        fronts.push(front);
        return [api, front.url] as const;
      }),
    );
    return { urls: Object.fromEntries(started), stop, pids: prisms.map((p) => p.child.pid ?? -1) };
  } catch (error) {
    await stop();
    throw error;
  }
}

export { DEFAULT_PORTS as defaultPorts };
