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
  // Every start is allowed to finish (or fail) before anything is stopped, so a failure of one API
  // cannot leave another's Prism running.
  const settled = await Promise.allSettled(
    apis.map(async (api) => {
      const spec = loadSpec(api);
      const behaviour = behaviourFor(api, spec, {
        wukongimVersion: options.wukongimVersion ?? (api === "wukongim" ? spec.version : ""),
        wildfireEdition: options.wildfireEdition ?? "pro",
        wildfireSecret: options.wildfireSecret ?? "123456",
        wildfireCheckTime: options.wildfireCheckTime ?? true,
      });
      // The public port is bound first, so a busy port fails at once, before Prism is started.
      const prismPort = await freePort("127.0.0.1");
      const front = await startFront(api, host, options.ports?.[api] ?? 0, `http://127.0.0.1:${prismPort}`, behaviour);
      fronts.push(front);
      prisms.push(await startPrism({ spec: specPath(api), host: "127.0.0.1", port: prismPort, dynamic: options.dynamic ?? false }));
      return [api, front.url] as const;
    }),
  );
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const started = settled.map((r) => (r as PromiseFulfilledResult<readonly [ApiName, string]>).value);
  return { urls: Object.fromEntries(started), stop, pids: prisms.map((p) => p.child.pid ?? -1) };
}

export { DEFAULT_PORTS as defaultPorts };
