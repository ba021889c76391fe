import type { Deadline } from "./deadline.js";

/** One HTTP attempt, as the transport hands it to the engine that sends it. */
export interface Attempt {
  url: string;
  method: string;
  headers: Headers;
  body: string | Uint8Array | ArrayBuffer | undefined;
  redirect: RequestRedirect;
  /** Stops the attempt (caller abort or timeout); undefined when neither applies. */
  deadline: Deadline | undefined;
  /** Read the whole response body before resolving (every `parseAs` except `"stream"`). */
  buffer: boolean;
}

/** What sends attempts: undici's request API in Node, `fetch` elsewhere or when the caller gives one. */
export interface Engine {
  /**
   * Sends one attempt. Unless `attempt.buffer` is false, the returned Response's body has been read
   * in full (within the deadline) and a failure while reading it is a BodyReadError. For a
   * streamed body the transport stops the timer once `send` resolves; the caller's signal still
   * cancels it. A failure the engine can prove happened before any byte of the request left this
   * process is an UnsentError; any other failure means the server may have received the request.
   */
  send(attempt: Attempt): Promise<Response>;
}

/**
 * The attempt failed before any byte of its request was written to a connection (the connection
 * was refused, the name did not resolve, the connect timed out), so the server cannot have seen
 * it and sending it again cannot make the server act twice. `cause` is the engine's own error.
 */
export class UnsentError extends Error {
  constructor(cause: unknown) {
    super("the request was not sent", { cause });
    this.name = "UnsentError";
  }
}

/** The connection failed after the status line arrived, while the body was being read. */
export class BodyReadError extends Error {
  constructor(cause: unknown, message = "the connection failed while reading the response") {
    super(message, { cause });
    this.name = "BodyReadError";
  }
}

/** Statuses whose Response must have a null body. */
export const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** Reads a body in full; a failure that is not the deadline's own becomes a BodyReadError. */
export async function readAll(read: () => Promise<ArrayBuffer>, deadline: Attempt["deadline"]): Promise<ArrayBuffer> {
  try {
    return await read();
  } catch (error) {
    if (deadline?.aborted) throw error;
    throw new BodyReadError(error);
  }
}

/** A Response that carries the request's URL, as a fetch Response does. */
export function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, "url", { value: url });
  return response;
}
