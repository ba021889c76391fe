// What the typed webhook receivers of the client packages share: answering within a deadline, and
// running a WHATWG `(Request) => Response` handler under node:http or Express. No Node built-ins.

/**
 * Runs `work` and answers 200 when it is done or once `ackAfterMs` has passed (a server waiting on
 * the answer must not time out), 500 when it fails first; a later failure goes to `onError`.
 */
export async function answerWithin(work: () => void | Promise<void>, ackAfterMs: number, onError: ((error: unknown) => void) | undefined): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const running = (async () => work())();
  const outcome = await Promise.race([
    running.then(
      () => "done" as const,
      (error: unknown) => {
        onError?.(error);
        return "failed" as const;
      },
    ),
    new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), ackAfterMs);
    }),
  ]);
  if (timer !== undefined) clearTimeout(timer);
  if (outcome === "late") running.catch((error: unknown) => onError?.(error));
  return new Response(null, { status: outcome === "failed" ? 500 : 200 });
}

// ---- node:http and Express -----------------------------------------------------------------------

/** What the adapter needs of a node:http IncomingMessage (or an Express request). */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Set by Express body parsers: bytes or a string (express.raw, express.text) are used as they are. */
  body?: unknown;
}

/** What the adapter needs of a node:http ServerResponse (or an Express response). */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(chunk?: Uint8Array | string): unknown;
  headersSent?: boolean;
}

/**
 * Adapts a `(Request) => Promise<Response>` handler to node:http's `(req, res)` and Express's
 * `(req, res, next)`. Mount it before `express.json()` (or behind `express.raw({ type: "*\/*" })`):
 * a body another parser already turned into an object is re-serialised, and message ids above
 * 2^53 have already lost precision there.
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>) {
  return (req: NodeRequestLike, res: NodeResponseLike, next?: (error?: unknown) => void): void => {
    void (async () => {
      try {
        const headers = new Headers();
        for (const [key, value] of Object.entries(req.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
        }
        const method = req.method ?? "GET";
        let body: Uint8Array | string | undefined;
        if (method !== "GET" && method !== "HEAD") {
          if (req.body instanceof Uint8Array || typeof req.body === "string") body = req.body;
          else if (req.body !== undefined && req.body !== null && typeof req.body === "object" && Object.keys(req.body).length > 0) body = JSON.stringify(req.body);
          else {
            const parts: Uint8Array[] = [];
            for await (const chunk of req) parts.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
            body = concatBytes(parts);
          }
        }
        const url = new URL(req.url ?? "/", `http://${headers.get("host") ?? "localhost"}`);
        const response = await handler(new Request(url, { method, headers, body: body as BodyInit | undefined }));
        res.statusCode = response.status;
        response.headers.forEach((value, key) => void res.setHeader(key, value));
        res.end(new Uint8Array(await response.arrayBuffer()));
      } catch (error) {
        if (next) next(error);
        else if (!res.headersSent) {
          res.statusCode = 500;
          res.end();
        }
      }
    })();
  };
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
