import { pipeline, Readable, type Transform } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { EventEmitter } from "node:events";
import { Agent, interceptors, request, type Dispatcher } from "undici";
import { BodyReadError, NULL_BODY_STATUSES, readAll, withUrl, type Attempt, type Engine } from "./engine.js";

export { fetchEngine } from "./engine-fetch.js";

// fetch follows at most 20 redirects; so do we.
const MAX_REDIRECTS = 20;
let shared: Dispatcher | undefined;
const withRedirects = (dispatcher: Dispatcher): Dispatcher => dispatcher.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }));

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
  const dispatcher = given ? withRedirects(given as Dispatcher) : (shared ??= withRedirects(new Agent()));
  return {
    async send(attempt: Attempt) {
      const body = attempt.body instanceof ArrayBuffer ? new Uint8Array(attempt.body) : attempt.body;
      const opts = {
        method: attempt.method as Dispatcher.HttpMethod,
        headers: attempt.headers as unknown as Iterable<[string, string]>,
        body,
        dispatcher,
        signal: attempt.deadline as unknown as EventEmitter | undefined,
        // Read by the redirect interceptor: 0 returns a 3xx as it is, like redirect: "manual".
        maxRedirections: attempt.redirect === "follow" ? MAX_REDIRECTS : 0,
      };
      const res = await request(attempt.url, opts);
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
