import createClient, { type Client, type Middleware } from "openapi-fetch";
import { ImApiError, TransportError } from "./errors.js";
import { parseJsonLossless, stringifyJsonLossless } from "./json.js";
import { createTransport, engineFor, type RetryScope, type TransportOptions } from "./transport.js";

/** One operation of an API, as the generated operation table lists it. */
export interface OperationInfo {
  readonly operationId: string;
  /** True when repeating the call cannot change the outcome (reads, and writes the spec marks `x-idempotent`). */
  readonly retrySafe: boolean;
  /**
   * Which failures are retried, when it is not what `retrySafe` gives (`true`: `"ambiguous"`,
   * `false`: `"never"`); e.g. `"unsent"` for a write that carries a key the server does not
   * de-duplicate on.
   */
  readonly retry?: RetryScope | undefined;
}

/** `"POST /message/send"` → operation. Generated from the spec into each client's src/generated. */
export type OperationTable = Readonly<Record<string, OperationInfo>>;

export interface BaseClientOptions extends TransportOptions {
  /** Where the server is, e.g. `http://localhost:5001`. */
  baseUrl: string;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
}

export interface ApiDescriptor {
  /** API name used in errors, e.g. `wukongim`. */
  readonly api: string;
  readonly operations: OperationTable;
  /**
   * Adjusts a request body before it is serialised, e.g. to add a de-duplication key. Called with
   * `"METHOD /path"` and the body the caller gave; returns the body to send.
   */
  readonly prepareBody?: ((operation: string, body: unknown) => unknown) | undefined;
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
type Method = (typeof METHODS)[number];

const RETRY_SCOPES: readonly unknown[] = ["ambiguous", "unsent", "never"] satisfies RetryScope[];
const operations = new WeakMap<Response, string>();

/** The operationId a response answered, for responses returned by an im-openapi client. */
export function operationOf(response: Response): string | undefined {
  return operations.get(response);
}

function isJson(response: Response): boolean {
  const type = response.headers.get("content-type") ?? "";
  return type === "" || /\bjson\b/i.test(type);
}

/**
 * An openapi-fetch client for one API, with the pieces every im-openapi client shares:
 * - JSON bodies are read and written losslessly (integers above 2^53 are `bigint`);
 * - a per-attempt timeout, and the retries each operation allows (see RetryScope);
 * - network failures, timeouts and aborts are thrown as ImApiError naming the operation.
 * API errors stay values (`{ error, response }`), as openapi-fetch returns them.
 */
export function createApiClient<Paths extends {}>(
  descriptor: ApiDescriptor,
  options: BaseClientOptions,
  middleware: readonly Middleware[] = [],
): Client<Paths> {
  if (!options || typeof options.baseUrl !== "string" || !/^https?:\/\//.test(options.baseUrl)) {
    throw new TypeError(`${descriptor.api}: baseUrl must be an http(s) URL, got ${JSON.stringify(options?.baseUrl)}`);
  }
  const inner = createClient<Paths>({
    baseUrl: options.baseUrl,
    headers: options.headers,
    bodySerializer: (body: unknown) => (lastSerialised = stringifyJsonLossless(body)),
  });

  for (const [key, info] of Object.entries(descriptor.operations)) {
    if (info.retry !== undefined && !RETRY_SCOPES.includes(info.retry)) {
      throw new TypeError(`${descriptor.api}: ${key} has retry ${JSON.stringify(info.retry)}; it must be "ambiguous", "unsent" or "never"`);
    }
  }
  const engine = engineFor(options);
  const transports: Record<RetryScope, ReturnType<typeof createTransport>> = {
    ambiguous: createTransport(options, "ambiguous", engine),
    unsent: createTransport(options, "unsent", engine),
    never: createTransport(options, "never", engine),
  };
  // The body each Request was created with, as serialised, so the transport need not read it back
  // from the Request's stream. A middleware that replaces the Request (and maybe its body) gives a
  // new object, which is not in the map and is read from its stream as usual.
  const serialised = new WeakMap<Request, string>();
  let lastSerialised: string | undefined;
  inner.use({
    onRequest({ request }) {
      // openapi-fetch serialises the body and creates the Request synchronously right before this
      // first middleware runs, so lastSerialised belongs to this request.
      if (lastSerialised !== undefined && request.body !== null) serialised.set(request, lastSerialised);
      lastSerialised = undefined;
      return undefined;
    },
  });
  for (const m of middleware) inner.use(m);
  const wrapper: Record<string, unknown> = { ...inner };
  for (const method of METHODS) {
    wrapper[method] = async (path: string, init: Record<string, unknown> = {}) => {
      const key = `${method} ${path}`;
      const info = descriptor.operations[key];
      const operation = info?.operationId ?? key;
      const scope: RetryScope = info?.retry ?? ((info?.retrySafe ?? (method === "GET" || method === "HEAD")) ? "ambiguous" : "never");
      const transport = transports[scope];
      const readText = init["parseAs"] === undefined;
      const buffer = init["parseAs"] !== "stream";
      if (descriptor.prepareBody && "body" in init) init = { ...init, body: descriptor.prepareBody(key, init["body"]) };
      const call = (inner as unknown as Record<Method, (p: string, i: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>>)[method];
      let result: { data?: unknown; error?: unknown; response: Response };
      try {
        result = await call(path, {
          ...init,
          ...(readText ? { parseAs: "text" } : {}),
          fetch: (request: Request) => transport(request, { body: serialised.get(request), buffer }),
        });
      } catch (error) {
        if (error instanceof TransportError) {
          throw new ImApiError({ api: descriptor.api, operation, kind: error.kind, message: error.message, cause: error, neverSent: error.neverSent });
        }
        throw error;
      }
      operations.set(result.response, operation);
      if (readText && typeof result.data === "string" && isJson(result.response)) {
        try {
          result.data = result.data === "" ? undefined : parseJsonLossless(result.data);
        } catch (error) {
          throw new ImApiError({
            api: descriptor.api,
            operation,
            kind: "invalid-response",
            status: result.response.status,
            body: result.data,
            message: `HTTP ${result.response.status} with a body that is not JSON: ${String(result.data).slice(0, 120)}`,
            cause: error,
          });
        }
      }
      return result;
    };
  }
  return wrapper as unknown as Client<Paths>;
}
