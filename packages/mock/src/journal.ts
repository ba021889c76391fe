// The request journal: every request the mocks answered, in order, for a test to verify what its
// code sent (WireMock's request journal, for these three APIs). Secrets never enter it.
import { MockError, type ApiName } from "./apis.js";
import type { Json } from "./json.js";

/** One request the mock answered, as `--log` prints it and `onRequest` receives it. */
export interface RequestLogEntry {
  api: ApiName;
  method: string;
  /** Path without the query string. */
  path: string;
  /** The query string with its leading `?`, or "". */
  search: string;
  /** The status answered; 0 when no answer was sent (a connection reset or a stall the client gave up on). */
  status: number;
  /** The spec operation the request was routed to, when there is one. */
  operationId: string | undefined;
  /** What Prism (or the front) found wrong with the request, one message per finding. */
  findings: string[];
  durationMs: number;
  /** When the request arrived (ms since the epoch). */
  time: number;
}

/** A journal entry: the log line's fields plus what was sent and answered. */
export interface RecordedRequest extends RequestLogEntry {
  /** Position in the journal, from 1; stays with the entry across `reset()`. */
  seq: number;
  /** Query parameters; a repeated name gives an array. */
  query: Record<string, string | string[]>;
  /** Request headers, names in lower case; `authorization`, `token`, `sign`, `cookie` and API keys are `[redacted]`. */
  headers: Record<string, string>;
  /** The request body as JSON (integers above 2^53 as `bigint`), or the text when it is not JSON, or undefined when empty. */
  body: Json | undefined;
  /** The request body as sent (with `password` values redacted). */
  bodyText: string;
  /** What the mock answered: the body text (for ids the answer carried) and the content type. */
  response: { contentType: string; bodyText: string };
  /** Which part of the mock answered; `webhook` marks a delivery the mock sent (method, path and status are its own). */
  answeredBy: "prism" | "front" | "override" | "state" | "admin" | "webhook";
  /** For a webhook delivery: the event, the receiver's URL and which attempt this was (from 1). */
  webhook?: { event: string; url: string; attempt: number } | undefined;
  /** The override that answered, when one did. */
  overrideId?: string | undefined;
  /** The fault an override injected: `reset`, `stall`, `truncate`, `unavailable` or `delay`. */
  fault?: string | undefined;
  /** A stateful mock's note on what it did, e.g. why a send was accepted but not stored. */
  note?: string | undefined;
}

/** Which requests to return or wait for; every field given must match. */
export interface RequestFilter {
  api?: ApiName;
  /** The operationId, e.g. `sendMessage`. */
  operation?: string;
  method?: string;
  /** The exact path, without the query string. */
  path?: string;
  /** Only requests answered with this status. */
  status?: number;
  /** Any further condition on the entry. */
  where?: (entry: RecordedRequest) => boolean;
}

export interface WaitOptions {
  /** How many matching requests to wait for. Default 1. */
  count?: number;
  /** How long to wait before failing. Default 5000 ms. */
  timeoutMs?: number;
}

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "token", "sign", "x-api-key", "x-craw-api-key"]);

/** Headers for the journal: lower-case names, secrets replaced (a bearer keeps its scheme). */
export function journalHeaders(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    let value = raw[i + 1]!;
    if (SECRET_HEADERS.has(name)) value = /^(Bearer|Basic)\s/i.test(value) ? `${value.split(/\s/)[0]} [redacted]` : "[redacted]";
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}

/** A body for the journal: `password` values replaced, in the text and in the parsed value. */
export function redactBody(text: string, body: Json | undefined): { text: string; body: Json | undefined } {
  if (!/"password"/i.test(text)) return { text, body };
  const redact = (v: Json | undefined): Json | undefined => {
    if (Array.isArray(v)) return v.map((x) => redact(x) as Json);
    if (v !== null && typeof v === "object") {
      const out: Record<string, Json> = {};
      for (const [k, x] of Object.entries(v)) out[k] = /^password$/i.test(k) && typeof x === "string" ? "[redacted]" : (redact(x) as Json);
      return out;
    }
    return v;
  };
  return { text: text.replace(/("password"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"[redacted]"'), body: redact(body) };
}

export function queryOf(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const had = out[name];
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

function matches(entry: RecordedRequest, filter: RequestFilter): boolean {
  if (filter.api !== undefined && entry.api !== filter.api) return false;
  if (filter.operation !== undefined && entry.operationId !== filter.operation) return false;
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.path !== undefined && entry.path !== filter.path) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  return filter.where ? filter.where(entry) : true;
}

export function describeFilter(filter: RequestFilter): string {
  const parts = Object.entries(filter)
    .filter(([k, v]) => k !== "where" && v !== undefined && !["count", "timeoutMs"].includes(k))
    .map(([k, v]) => `${k} ${String(v)}`);
  if (filter.where) parts.push("a condition");
  return parts.length ? parts.join(", ") : "any request";
}

/** The requests the mocks answered, in order; bounded so a long-running mock does not grow without end. */
export class Journal {
  private entries: RecordedRequest[] = [];
  private next = 1;
  private waiters = new Set<() => void>();
  /** Entries dropped because the journal was full (oldest first). */
  dropped = 0;

  constructor(private readonly limit = 10_000) {}

  record(entry: Omit<RecordedRequest, "seq">): RecordedRequest {
    const full = { ...entry, seq: this.next++ } as RecordedRequest;
    this.entries.push(full);
    if (this.entries.length > this.limit) {
      this.entries.splice(0, this.entries.length - this.limit);
      this.dropped++;
    }
    for (const wake of [...this.waiters]) wake();
    return full;
  }

  requests(filter: RequestFilter = {}): RecordedRequest[] {
    return this.entries.filter((e) => matches(e, filter));
  }

  clear(): void {
    this.entries = [];
  }

  /**
   * Resolves with the matching requests once there are at least `count` of them (those already in
   * the journal count); rejects after `timeoutMs` with what was seen instead.
   */
  waitFor(filter: RequestFilter & WaitOptions = {}): Promise<RecordedRequest[]> {
    const count = filter.count ?? 1;
    const timeoutMs = filter.timeoutMs ?? 5000;
    if (!Number.isInteger(count) || count < 1) return Promise.reject(new MockError(`waitFor: count must be a whole number of at least 1, got ${String(filter.count)}`));
    if (!(timeoutMs >= 0)) return Promise.reject(new MockError(`waitFor: timeoutMs must be 0 or more, got ${String(filter.timeoutMs)}`));
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.requests(filter);
        if (found.length < count) return false;
        done();
        resolve(found);
        return true;
      };
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const timer = setTimeout(() => {
        done();
        const found = this.requests(filter).length;
        const seen = this.entries.slice(-10).map((e) => `${e.method} ${e.path} ${e.status}${e.operationId ? ` (${e.operationId})` : ""}`);
        reject(new MockError(`waited ${timeoutMs} ms for ${count} request${count === 1 ? "" : "s"} matching ${describeFilter(filter)}; ${found} arrived. ${seen.length ? `Last requests: ${seen.join("; ")}` : "The journal is empty."}`));
      }, timeoutMs);
      timer.unref?.();
      this.waiters.add(check);
      check();
    });
  }
}
