import { createApiClient, type BaseClientOptions, type Middleware, type OperationTable, type RetryScope } from "@im-openapi/core";
import { SEND_MESSAGE_ROUTE, withClientMsgNo } from "./client-msg-no.js";
import { operations } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import type { StrictClient } from "@im-openapi/core";

export type { components, paths } from "./generated/schema.js";
export { operations } from "./generated/operations.js";
export { ImApiError, operationOf, parseJsonLossless, stringifyJsonLossless, type ImErrorKind, type Middleware } from "@im-openapi/core";
export { Base64Error, decodeBase64, encodeBase64 } from "@im-openapi/core";
export { newClientMsgNo, withClientMsgNo } from "./client-msg-no.js";
export { crc32 } from "./crc32.js";
export {
  ErrorKind,
  unwrap,
  WukongimError,
  WukongimFailure,
  type FetchResultLike,
  type NotFoundBody,
  type Unwrapped,
  type WukongimErrorInit,
} from "./errors.js";
export { messageIdOf, type HasMessageId } from "./message-id.js";
export { decodePayload, encodePayload, PayloadDecodeError, type PayloadProblem } from "./payload.js";
export * from "./payload-types.js";
export { personChannelId } from "./person-channel.js";
export { ReasonCode, reasonCodeName, type ReasonCodeName } from "./reason-code.js";

export interface WukongimClientOptions extends Partial<BaseClientOptions> {
  /** Default `http://localhost:5001`. */
  baseUrl?: string;
  /** The server's `managerToken`, when it has one; sent as the `token` header. */
  token?: string | undefined;
  /** Extra openapi-fetch middleware, run after the client's own. */
  middleware?: Middleware[];
  /**
   * Which failed attempts of `POST /message/send` are sent again. Every attempt of one send carries
   * the same `client_msg_no`, but the server does not de-duplicate on it (a v2.2.5 server stores two
   * sends with one key as two messages), so only a send that provably never reached the server is
   * safe to repeat.
   * - `"unsent"` (the default; `true` means the same): retried only when the request never left the
   *   client: the connection was refused, the host name did not resolve, or the connect timed out
   *   (the fetch engine, and so every browser, recognises only the first two, from Node's fetch).
   *   A reset or a timeout after the request was sent, a browser's `TypeError: Failed to fetch`,
   *   and every HTTP answer, 429/502/503/504 included, are returned or thrown as they are.
   * - `"ambiguous"`: also retried after those failures, like a read, with the same `client_msg_no`.
   *   When an answer was lost after the server stored the message, the retry stores a second copy
   *   under the same key; choose this only if you accept duplicates or drop them by that key.
   * - `false`: never resent.
   *
   * The `retry` option still sets how many attempts and how far apart; `retry: false` turns every
   * retry off.
   */
  retrySends?: SendRetry | boolean;
}

/** The values of `retrySends` other than `true` (the default, `"unsent"`) and `false` (`"never"`). */
export type SendRetry = Exclude<RetryScope, "never">;

function sendRetryScope(value: unknown): RetryScope {
  if (value === undefined || value === true || value === "unsent") return "unsent";
  if (value === "ambiguous") return "ambiguous";
  if (value === false) return "never";
  throw new TypeError(`wukongim: retrySends must be "unsent" (the default), "ambiguous" or false, got ${JSON.stringify(value)}`);
}

export type { StrictClient } from "@im-openapi/core";

/** openapi-fetch's client for the WuKongIM paths; a body key the operation does not declare is a type error. */
export type WukongimClient = StrictClient<paths>;

// A send carries a client_msg_no from before its first attempt (the prepareBody below), so every
// attempt of one send carries the same key. That key lets receivers drop a copy; it does not stop
// the server storing one, so by default a send is retried only when it provably never left.
// /message/sendbatch has no such key and keeps the generated retrySafe: false.
function withSendRetry(scope: RetryScope): OperationTable {
  const table: OperationTable = operations;
  return {
    ...table,
    [SEND_MESSAGE_ROUTE]: { operationId: table[SEND_MESSAGE_ROUTE]?.operationId ?? "sendMessage", retrySafe: false, retry: scope },
  };
}
const sendRetryTables = new Map<RetryScope, OperationTable>();

/** A typed client for the WuKongIM v2 REST API. */
export function createWukongimClient(options: WukongimClientOptions = {}): WukongimClient {
  const scope = sendRetryScope(options.retrySends);
  let table = sendRetryTables.get(scope);
  if (!table) sendRetryTables.set(scope, (table = withSendRetry(scope)));
  const middleware: Middleware[] = [];
  if (options.token !== undefined) {
    const token = options.token;
    middleware.push({
      onRequest({ request }) {
        request.headers.set("token", token);
        return request;
      },
    });
  }
  const client = createApiClient<paths>(
    {
      api: "wukongim",
      operations: table,
      prepareBody: (operation, body) => (operation === SEND_MESSAGE_ROUTE ? withClientMsgNo(body) : body),
    },
    { ...options, baseUrl: options.baseUrl ?? "http://localhost:5001" },
    [...middleware, ...(options.middleware ?? [])],
  );
  // Same object; only the method signatures are stricter (see strict-client.ts).
  return client as WukongimClient;
}
