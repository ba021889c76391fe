import { pipeline, Readable, type Transform } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { EventEmitter } from "node:events";
import { Agent, interceptors, request, type Dispatcher } from "undici";
import { BodyReadError, NULL_BODY_STATUSES, readAll, UnsentError, withUrl, type Attempt, type Engine } from "./engine.js";

export { fetchEngine } from "./engine-fetch.js";

// fetch follows at most 20 redirects; so do we.
const MAX_REDIRECTS = 20;
let shared: Dispatcher | undefined;

/** Whether an attempt's request has started to go out; carried to the interceptor in its dispatch options. */
interface Progress {
  started: boolean;
  readonly deadline: Attempt["deadline"];
}
const PROGRESS = Symbol("im-openapi.progress");

/**
 * Marks an attempt started when undici calls the handler's `onRequestStart`. undici calls it (its
 * `onConnect`) on a connected socket right before it writes the request's first byte, once per
 * hop of a redirect, and for nothing else; so an attempt that fails while still unmarked never had
 * a byte written: the connection was refused, the name did not resolve, the connect (or TLS
 * handshake, or a proxy tunnel) failed or timed out, or the request waited in the pool. When the
 * attempt's deadline has already fired, the request handler aborts in that very call and undici
 * writes nothing, so the mark is not set.
 */
function markStart(dispatch: Dispatcher.Dispatch): Dispatcher.Dispatch {
  return (opts, handler) => {
    const progress = (opts as { [PROGRESS]?: Progress })[PROGRESS];
    if (!progress) return dispatch(opts, handler);
    return dispatch(opts, {
      onRequestStart(controller, context) {
        if (!progress.deadline?.aborted) progress.started = true;
        handler.onRequestStart?.(controller, context);
      },
      onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => handler.onResponseStart?.(controller, statusCode, headers, statusMessage),
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });
  };
}

const compose = (dispatcher: Dispatcher): Dispatcher => dispatcher.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }), markStart);

/**
 * The answer to a request, or its failure: an UnsentError when the request had not started.
 * undici's request API holds an abort that arrives before the request is on a socket until the
 * connect ends (its connect timeout is 10 s); this settles at once instead, and the request left
 * behind is aborted by undici, unwritten, as soon as it reaches a socket.
 */
function untilStartedOrStopped(pending: Promise<Dispatcher.ResponseData>, progress: Progress): Promise<Dispatcher.ResponseData> {
  const deadline = progress.deadline;
  return new Promise((resolve, reject) => {
    let settled = false;
    const onStop = () => {
      if (progress.started || settled) return;
      settled = true;
      reject(new UnsentError(deadline?.reason));
    };
    deadline?.once("abort", onStop);
    pending.then(
      (res) => {
        deadline?.removeListener("abort", onStop);
        if (settled) return void res.body.destroy();
        settled = true;
        resolve(res);
      },
      (error: unknown) => {
        deadline?.removeListener("abort", onStop);
        if (settled) return;
        settled = true;
        reject(progress.started ? error : new UnsentError(error));
      },
    );
  });
}

// What fetch decodes: a server may compress even when not asked (this engine does not ask).
const decoders: Record<string, { whole: (data: ArrayBuffer | Uint8Array) => Promise<Buffer>; stream: () => Transform }> = {
  gzip: { whole: promisify(zlib.gunzip), stream: () => zlib.createGunzip() },
  "x-gzip": { whole: promisify(zlib.gunzip), stream: () => zlib.createGunzip() },
  deflate: { whole: promisify(zlib.unzip), stream: () => zlib.createUnzip() },
  br: { whole: promisify(zlib.brotliDecompress), stream: () => zlib.createBrotliDecompress() },
};

/**
 * The decoders for a response's content codings, last applied first; undefined when there is
 * nothing to decode. As in fetch, a coding it does not know leaves the body as it came (wildfire
 * im-server labels its JSON answers `Content-Encoding: utf-8`).
 */
function codingsOf(encoding: string | string[] | undefined): (typeof decoders)[string][] | undefined {
  if (encoding === undefined) return undefined;
  const names = String(encoding).split(",").map((c) => c.trim().toLowerCase()).filter((c) => c !== "" && c !== "identity");
  if (names.length === 0) return undefined;
  const codings: (typeof decoders)[string][] = [];
  for (const name of names.reverse()) {
    const decoder = decoders[name];
    if (!decoder) return undefined;
    codings.push(decoder);
  }
  return codings;
}

async function decodeWhole(bytes: ArrayBuffer, codings: (typeof decoders)[string][]): Promise<ArrayBuffer | Uint8Array> {
  let data: ArrayBuffer | Uint8Array = bytes;
  try {
    for (const coding of codings) data = await coding.whole(data);
  } catch (error) {
    throw new BodyReadError(error, "the response body could not be decoded");
  }
  return data;
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (typeof value === "string") headers.append(name, value);
    else if (value !== undefined) for (const v of value) headers.append(name, v);
  }
  return headers;
}

/**
 * Attempts sent with undici's request API: the HTTP engine under Node's own `fetch`, without the
 * WHATWG Request/stream layer around every call, which is most of what a call to `fetch` costs on a
 * fast network. Redirects are followed as `fetch` would (`redirect: "follow"`, at most 20). The
 * answer is a standard `Response`; unless the caller streams it, its body has been read in full
 * within the attempt's deadline.
 */
export function defaultEngine(options: { dispatcher?: unknown }): Engine {
  const given = options.dispatcher as Partial<Dispatcher> | undefined;
  if (given !== undefined && (given === null || typeof given.dispatch !== "function" || typeof given.compose !== "function")) {
    throw new TypeError("dispatcher must be an undici 7 Dispatcher (an Agent, Pool, ProxyAgent, …)");
  }
  const dispatcher = given ? compose(given as Dispatcher) : (shared ??= compose(new Agent()));
  return {
    async send(attempt: Attempt) {
      const body = attempt.body instanceof ArrayBuffer ? new Uint8Array(attempt.body) : attempt.body;
      const progress: Progress = { started: false, deadline: attempt.deadline };
      if (attempt.deadline?.aborted) throw new UnsentError(attempt.deadline.reason);
      const opts = {
        [PROGRESS]: progress,
        method: attempt.method as Dispatcher.HttpMethod,
        headers: attempt.headers as unknown as Iterable<[string, string]>,
        body,
        dispatcher,
        signal: attempt.deadline as unknown as EventEmitter | undefined,
        // Read by the redirect interceptor: 0 returns a 3xx as it is, like redirect: "manual".
        maxRedirections: attempt.redirect === "follow" ? MAX_REDIRECTS : 0,
      };
      let pending: Promise<Dispatcher.ResponseData>;
      try {
        pending = request(attempt.url, opts);
      } catch (error) {
        throw new UnsentError(error);
      }
      const res = await untilStartedOrStopped(pending, progress);
      const { statusCode: status } = res;
      if (attempt.redirect === "error" && status >= 300 && status < 400 && res.headers["location"] !== undefined) {
        res.body.resume();
        throw new TypeError(`unexpected redirect (HTTP ${status}) with redirect: "error"`);
      }
      const codings = codingsOf(res.headers["content-encoding"]);
      const init: ResponseInit = { status, statusText: res.statusText ?? "", headers: toHeaders(res.headers) };
      let response: Response;
      if (NULL_BODY_STATUSES.has(status) || attempt.method === "HEAD") {
        res.body.resume();
        response = new Response(null, init);
      } else if (attempt.buffer) {
        const bytes = await readAll(() => res.body.arrayBuffer(), attempt.deadline);
        response = new Response((codings && bytes.byteLength > 0 ? await decodeWhole(bytes, codings) : bytes) as BodyInit, init);
      } else {
        // Streamed: the caller's signal still cancels the stream until it closes.
        const deadline = attempt.deadline;
        if (deadline) res.body.once("close", () => deadline.release());
        const stream: Readable = codings ? (pipeline([res.body, ...codings.map((c) => c.stream())], () => undefined) as unknown as Readable) : res.body;
        response = new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, init);
      }
      return withUrl(response, attempt.url);
    },
  };
}
