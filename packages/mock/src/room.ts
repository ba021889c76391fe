// What one API's folder (src/<api>/) gives the generic front: its behaviour (errors, gates,
// signatures), the request values its real server echoes, and its state in the stateful mode.
import type { Json } from "./json.js";
import type { Behaviour } from "./shapes.js";

/** A request the spec accepted, as the echo and the state read it. */
export interface ParsedRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  /** Lower-case names, values as sent (not redacted). */
  headers: Record<string, string>;
  /** The JSON body, integers above 2^53 as `bigint`; undefined when empty or not JSON. */
  body: Json | undefined;
}

/** An answer built from the state. */
export interface StateAnswer {
  status: number;
  /** A JSON value (bigint written as a JSON integer), or a string sent as it is. */
  body: Json;
  contentType?: string;
  /** Recorded in the journal: what the state did that the answer does not show. */
  note?: string;
}

export interface StatefulApi {
  /** The operationIds answered from the state; the others fall back to the spec's examples. */
  readonly operations: ReadonlySet<string>;
  /** The answer to an accepted request, or undefined to fall back to the example. */
  answer(operationId: string, request: ParsedRequest): StateAnswer | undefined;
}

export interface ApiRoom {
  behaviour: Behaviour;
  /**
   * The example answer with the request's values copied in where the real server echoes them
   * (the `client_msg_no` of a send, the user id asked for); undefined to leave it as it is.
   */
  echo?(operationId: string, request: ParsedRequest, body: Json): Json | undefined;
  /** Present in the stateful mode. */
  state?: StatefulApi;
  /**
   * The spec's path for a path the real server serves under another name (OpenChat's
   * `x-openchat-paths`), or undefined when `pathname` is not such an alias.
   */
  documentedPath?(pathname: string): string | undefined;
  /** The content type the API's JSON answers carry. */
  contentType: string;
}
