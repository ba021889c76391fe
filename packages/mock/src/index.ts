import { API_NAMES, DEFAULT_PORTS, MockError, loadSpec, specPath, type ApiName } from "./apis.js";
import type { Json } from "./json.js";
import { handleAdmin, type ResetParts } from "./admin.js";
import { Contract, loadValidator } from "./contract.js";
import { startFront, type FrontServer } from "./front.js";
import { Journal, type RecordedRequest, type RequestFilter, type RequestLogEntry, type WaitOptions } from "./journal.js";
import { Overrides, checkOverride, type OverrideHandle, type OverrideOptions } from "./overrides.js";
import { startPrismHost, type PrismProcess } from "./prism.js";
import { roomFor, type StateStore, type StateStores } from "./rooms.js";
import { Webhooks, type WebhookDelivery, type WebhookSource } from "./webhooks.js";
import { wildfireWebhooks } from "./wildfire/webhooks.js";
import { wukongimWebhooks } from "./wukongim/webhooks.js";

export { declaredMedia } from "./contract.js";
export { API_NAMES, DEFAULT_PORTS, MockError, compareVersions, existsInVersion, loadSpec, specPath, type ApiName, type LoadedSpec, type SpecOperation } from "./apis.js";
export { checkWildfireSignature, wildfireSign } from "./wildfire/signature.js";
export { ADMIN_PREFIX } from "./front.js";
export type { RecordedRequest, RequestFilter, RequestLogEntry, WaitOptions } from "./journal.js";
export type { ExampleReply, FaultReply, MatchableRequest, OverrideHandle, OverrideMatch, OverrideOptions, OverrideReply, StatusReply } from "./overrides.js";
export type { ResetParts } from "./admin.js";
export type { Json } from "./json.js";
export type { WebhookDelivery } from "./webhooks.js";

export interface StartMocksOptions<A extends ApiName = ApiName> {
  /** Which APIs to mock. Default: all three. */
  apis?: readonly A[];
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
  /**
   * Keep state in memory, per started set of mocks: what is created, sent and changed is answered
   * back by later calls, as the real servers do (see the README for the routes). Default false.
   */
  stateful?: boolean;
  /** How many requests the journal keeps (the oldest go first). Default 10 000. */
  journalLimit?: number;
  /** Called once per answered request (what `im-mock --log` prints), with its journal entry. */
  onRequest?: (entry: RecordedRequest) => void;
  /**
   * WuKongIM's `webhook.httpAddr`: after a send it answered, the mock posts `msg.notify` (batched,
   * retried while the receiver answers anything but 200) and `msg.offline` to `URL?event=<name>`.
   */
  wukongimWebhook?: string;
  /**
   * Wildfire callbacks: config key (`group.group_info_update_callback`) or event name
   * (`group.info_update`) → URL. Group and user changes and sends are posted once, unsigned.
   */
  wildfireCallbacks?: Record<string, string>;
  /** Pause before a failed msg.notify batch is sent again. Default 1000 ms (the server's). */
  webhookRetryPauseMs?: number;
  /** Attempts per msg.notify message (`webhook.msgNotifyEventRetryMaxCount`). Default 5. */
  webhookRetryMaxCount?: number;
  /** How long msg.notify gathers messages into a batch (`msgNotifyEventPushInterval`). Default 500 ms. */
  webhookBatchMs?: number;
  /** Called with a line about the mock's own trouble (its Prism host died and was restarted). Default: stderr. */
  onWarning?: (message: string) => void;
}

/**
 * Started mocks. `RunningMocks<"wukongim">` (what `startMocks({ apis: ["wukongim"] })` returns)
 * types `urls.wukongim` as a string; plain `RunningMocks` holds any set of APIs.
 */
export interface RunningMocks<A extends ApiName = never> {
  /** Base URL per started API. */
  urls: Record<A, string> & Partial<Record<ApiName, string>>;
  /** Stops every server and Prism process; safe to call twice. */
  stop(): Promise<void>;
  /** Process id of the Prism child that serves every started API (for diagnostics; changes if it is restarted). */
  readonly pids: number[];
  /** How many times the Prism host died and was started again. */
  readonly restarts: number;
  /** Whether the mocks keep state (`stateful: true`). */
  readonly stateful: boolean;
  /** The requests the mocks answered, oldest first, that match the filter (all of them without one). */
  requests(filter?: RequestFilter): RecordedRequest[];
  /**
   * Resolves with the matching requests once at least `count` (default 1) have been answered, those
   * already in the journal included; rejects after `timeoutMs` (default 5000) saying what came instead.
   */
  waitFor(filter?: RequestFilter & WaitOptions): Promise<RecordedRequest[]>;
  /**
   * Installs a per-test answer or fault for one operation; the newest matching override wins.
   * Throws a MockError at once when the operation is unknown or the answer breaks the spec.
   */
  override(options: OverrideOptions): OverrideHandle;
  /**
   * Posts one webhook event now, to the configured receiver (or `url`): the body defaults to the
   * spec's first example and is checked against the event's schema first (a MockError when it
   * breaks it). Resolves with the receiver's status; the delivery is logged and journaled.
   */
  pushWebhook(options: { api: ApiName; event: string; body?: Json; url?: string }): Promise<WebhookDelivery>;
  /** Forgets the journal, removes the overrides and empties the state (or only the parts named). */
  reset(parts?: ResetParts): void;
}

/**
 * Starts the mocks and resolves when every one answers. On any failure, nothing is left running.
 * If the Prism host dies later (a request crashed it, or it was killed), the requests in flight get
 * the API's own 500, the cause is reported through `onWarning`, and a new host takes over.
 */
export async function startMocks<const A extends ApiName = ApiName>(options: StartMocksOptions<A> = {}): Promise<RunningMocks<A>> {
  const apis: readonly A[] = options.apis ?? (API_NAMES as readonly ApiName[] as readonly A[]);
  const host = options.host ?? "127.0.0.1";
  const warn = options.onWarning ?? ((message: string) => console.error(`im-mock: ${message}`));
  for (const api of apis) {
    if (!API_NAMES.includes(api)) throw new MockError(`unknown API '${String(api)}'; choose from ${API_NAMES.join(", ")}`);
  }
  if (options.wildfireEdition !== undefined && !["community", "pro"].includes(options.wildfireEdition)) {
    throw new MockError(`unknown wildfire edition '${String(options.wildfireEdition)}'; use community or pro`);
  }
  if (options.journalLimit !== undefined && !(Number.isInteger(options.journalLimit) && options.journalLimit >= 1)) {
    throw new MockError(`journalLimit must be a whole number of at least 1, got ${String(options.journalLimit)}`);
  }
  const stateful = options.stateful ?? false;
  // Every answer the state builds is checked against the spec, so the checker must be there.
  if (stateful) loadValidator();
  const fronts: FrontServer[] = [];
  let prism: PrismProcess | undefined;
  let starting: Promise<PrismProcess> | undefined;
  let stopped = false;
  let restarts = 0;
  const inFlight = new Set<string>();
  const servers = apis.map((api) => ({ api, spec: specPath(api) }));
  const launch = () => startPrismHost({ host: "127.0.0.1", dynamic: options.dynamic ?? false, servers });

  const journal = new Journal(options.journalLimit);
  const overrides = new Overrides();
  const stalls = new Map<string, Set<() => void>>();
  overrides.onRemove = (id) => {
    for (const release of [...(stalls.get(id) ?? [])]) release();
    stalls.delete(id);
  };
  const contracts: Partial<Record<ApiName, Contract>> = {};
  const stores: StateStores = {};
  const specs = Object.fromEntries(apis.map((api) => [api, loadSpec(api)]));
  for (const api of apis) contracts[api] = new Contract(specs[api]!);
  const sources: Partial<Record<ApiName, WebhookSource>> = {};
  const record = (entry: Omit<RecordedRequest, "seq">) => {
    const full = journal.record(entry);
    options.onRequest?.(full);
    webhooks.after(full.api, sources[full.api], full);
  };
  const webhooks = new Webhooks(
    specs,
    contracts,
    { wukongimWebhook: options.wukongimWebhook, wildfireCallbacks: options.wildfireCallbacks, retryPauseMs: options.webhookRetryPauseMs, retryMaxCount: options.webhookRetryMaxCount, batchMs: options.webhookBatchMs },
    record,
    warn,
  );
  if (options.wildfireCallbacks && !apis.includes("wildfire" as A)) throw new MockError("wildfire callbacks are set, but the wildfire mock is not started");
  if (options.wukongimWebhook && !apis.includes("wukongim" as A)) throw new MockError("a WuKongIM webhook URL is set, but the WuKongIM mock is not started");
  const pushWebhook = (o: { api: ApiName; event: string; body?: Json; url?: string }) => webhooks.push(o);
  const override = (o: OverrideOptions): OverrideHandle => {
    const { api } = checkOverride(o, contracts);
    return overrides.add(api, { ...o, api });
  };
  const reset = (parts: ResetParts = {}) => {
    if (parts.journal ?? true) journal.clear();
    if (parts.overrides ?? true) overrides.clear();
    if (parts.state ?? true) for (const store of Object.values(stores)) (store as StateStore).reset();
  };
  const stateSummary = () => Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, (store as StateStore).summary()]));

  // Keeps one Prism host running: when it exits while the mocks are up, a new one is started.
  const supervise = (child: PrismProcess) => {
    prism = child;
    void child.exited.then((how) => {
      if (stopped || prism !== child) return;
      const during = [...inFlight];
      warn(`the Prism host exited (${how})${during.length ? ` while answering ${during.join(", ")}` : ""}; restarting it${child.output().trim() ? `. Its last output:\n${child.output().trim()}` : ""}`);
      restarts++;
      starting = launch();
      starting.then(supervise, (error: unknown) => warn(`could not restart the Prism host: ${(error as Error).message}`));
    });
  };
  const upstream = async (api: ApiName) => {
    const current = starting ? await starting : prism;
    if (!current || stopped) throw new Error("the mock is stopping");
    return new URL(`http://127.0.0.1:${current.ports[api]}`);
  };
  // A request Prism never answered: true when it may be sent again (once). A refused connection or
  // a reset pooled connection means either a dead host (wait for the new one) or Node's keep-alive
  // race, where Prism closed an idle connection as the front reused it (the host is fine). Prism
  // keeps no state, so sending the request again is harmless either way.
  const recover = async (): Promise<boolean> => {
    if (starting) return true;
    const current = prism;
    if (!current) return false;
    // A killed host's exit event can trail the refused connection by a moment.
    const dead = await Promise.race([current.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 250).unref())]);
    if (!dead) return !stopped;
    // The exit handler has started a new host (or the mocks are stopping).
    await new Promise((r) => setImmediate(r));
    return starting !== undefined || prism !== current;
  };
  const stop = async () => {
    stopped = true;
    webhooks.stop();
    await Promise.all(fronts.splice(0).map((f) => f.close()));
    await prism?.stop();
    prism = undefined;
  };
  try {
    // The public ports are bound first, so a busy port fails at once, before Prism is started.
    for (const api of apis) {
      const spec = specs[api]!;
      const contract = contracts[api]!;
      const room = roomFor(
        api,
        spec,
        {
          wukongimVersion: options.wukongimVersion ?? (api === "wukongim" ? spec.version : ""),
          wildfireEdition: options.wildfireEdition ?? "pro",
          wildfireSecret: options.wildfireSecret ?? "123456",
          wildfireCheckTime: options.wildfireCheckTime ?? true,
        },
        stateful ? stores : undefined,
      );
      fronts.push(
        await startFront(api, spec, host, options.ports?.[api] ?? 0, room, {
          upstream: async () => upstream(api),
          recover,
          onRequest: record,
          track: (label, active) => (active ? inFlight.add(`${api} ${label}`) : inFlight.delete(`${api} ${label}`)),
          overrides,
          stalls,
          contract,
          admin: (request, res) => handleAdmin({ api, journal, overrides, override, reset, stateful, stateSummary, webhooks, pushWebhook }, request, res),
        }),
      );
    }
    sources.wukongim = wukongimWebhooks(stores.wukongim);
    sources.wildfire = wildfireWebhooks((event) => webhooks.example("wildfire", event));
    starting = launch();
    supervise(await starting);
    starting = undefined;
    const urls = Object.fromEntries(apis.map((api, i) => [api, fronts[i]!.url])) as Record<A, string> & Partial<Record<ApiName, string>>;
    return {
      urls,
      stop,
      get pids() {
        return [prism?.child.pid ?? -1];
      },
      get restarts() {
        return restarts;
      },
      stateful,
      requests: (filter) => journal.requests(filter),
      waitFor: (filter) => journal.waitFor(filter),
      override,
      pushWebhook,
      reset,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export { DEFAULT_PORTS as defaultPorts };

/**
 * One line of `im-mock --log`: `[wukongim] POST /message/send 400 sendMessage 3ms — payload: …`;
 * `[override]`, `[state]` or `[fault: reset]` says who answered, and a stateful mock's note follows the findings.
 */
export function formatLogEntry(entry: RequestLogEntry & { fault?: string | undefined; answeredBy?: string; note?: string | undefined; webhook?: { event: string; attempt: number } | undefined }): string {
  if (entry.answeredBy === "webhook" && "webhook" in entry && entry.webhook) {
    const w = entry.webhook as { event: string; attempt: number };
    const again = w.attempt > 1 ? ` (attempt ${w.attempt})` : "";
    const trouble = entry.findings.length ? ` — ${entry.findings.join("; ")}` : "";
    return `[${entry.api}] → webhook ${w.event} ${entry.status} ${entry.durationMs}ms${again}${trouble}`;
  }
  const remarks = [...entry.findings, ...(entry.note ? [entry.note] : [])];
  const findings = remarks.length ? ` — ${remarks.join("; ")}` : "";
  const how = entry.fault ? ` [fault: ${entry.fault}]` : entry.answeredBy === "override" ? " [override]" : entry.answeredBy === "state" ? " [state]" : "";
  return `[${entry.api}] ${entry.method} ${entry.path}${entry.search} ${entry.status} ${entry.operationId ?? "-"} ${entry.durationMs}ms${how}${findings}`;
}
