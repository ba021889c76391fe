/**
 * What went wrong, for `switch`:
 * - `api`: the server answered and said no (WuKongIM `{msg,status}`, a wildfire code ≠ 0, OpenChat `success:false`);
 * - `http`: an HTTP status the operation does not succeed with, and no API error body;
 * - `network`: the connection failed or was closed;
 * - `timeout`: no answer within the client's timeout;
 * - `aborted`: the caller's AbortSignal fired;
 * - `invalid-response`: the body could not be read as the operation's response.
 */
export type ImErrorKind = "api" | "http" | "network" | "timeout" | "aborted" | "invalid-response";

export interface ImApiErrorInit {
  api: string;
  operation: string;
  kind: ImErrorKind;
  message: string;
  status?: number | undefined;
  code?: number | string | undefined;
  body?: unknown;
  cause?: unknown;
  /** True when the request provably never left the client; see ImApiError.neverSent. */
  neverSent?: boolean | undefined;
}

/** The error every client throws: which API and operation, what kind of failure, and what came back. */
export class ImApiError extends Error {
  readonly api: string;
  readonly operation: string;
  readonly kind: ImErrorKind;
  /** HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** The API's own error code (wildfire `code`, WuKongIM body `status`, OpenChat `error.code`), when there is one. */
  readonly code: number | string | undefined;
  /** The parsed response body, when there was one. */
  readonly body: unknown;
  /**
   * True only when the request provably never left the client (the connection was refused, the
   * host name did not resolve, the connect timed out), so the server cannot have acted on it and
   * sending it again cannot duplicate anything. False whenever the server may have received it:
   * every answer, and a reset, a timeout or a browser's `Failed to fetch` after sending.
   */
  readonly neverSent: boolean;

  constructor(init: ImApiErrorInit) {
    super(`${init.api} ${init.operation}: ${init.message}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ImApiError";
    this.api = init.api;
    this.operation = init.operation;
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.body = init.body;
    this.neverSent = init.neverSent ?? false;
  }
}

/** Raised by the transport before the client knows the operation; the client rewraps it as ImApiError. */
export class TransportError extends Error {
  readonly kind: "network" | "timeout" | "aborted";
  /** True when the request provably never left the client. */
  readonly neverSent: boolean;
  constructor(kind: "network" | "timeout" | "aborted", message: string, cause?: unknown, neverSent = false) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "TransportError";
    this.kind = kind;
    this.neverSent = neverSent;
  }
}
