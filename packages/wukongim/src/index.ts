import { createApiClient, type BaseClientOptions, type Middleware, type OperationTable } from "@im-openapi/core";
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
   * Retry `POST /message/send` like a read (default true). Every attempt carries the same
   * `client_msg_no`. The server does not de-duplicate on it: if an answer is lost after the server
   * stored the message, the retry stores a second copy with the same `client_msg_no`, which receiving
   * clients use to drop it. Set false to never resend a message.
   */
  retrySends?: boolean;
}

export type { StrictClient } from "@im-openapi/core";

/** openapi-fetch's client for the WuKongIM paths; a body key the operation does not declare is a type error. */
export type WukongimClient = StrictClient<paths>;

// Sends may be retried because the client_msg_no middleware gives every send a key before the first
// attempt, so a repeated attempt carries the same key. /message/sendbatch has no such key and keeps
// the generated retrySafe: false.
const sendRetryOperations: OperationTable = {
  ...operations,
  [SEND_MESSAGE_ROUTE]: {
    operationId: (operations as OperationTable)[SEND_MESSAGE_ROUTE]?.operationId ?? SEND_MESSAGE_ROUTE,
    retrySafe: true,
  },
};

/** A typed client for the WuKongIM v2 REST API. */
export function createWukongimClient(options: WukongimClientOptions = {}): WukongimClient {
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
      operations: options.retrySends === false ? operations : sendRetryOperations,
      prepareBody: (operation, body) => (operation === SEND_MESSAGE_ROUTE ? withClientMsgNo(body) : body),
    },
    { ...options, baseUrl: options.baseUrl ?? "http://localhost:5001" },
    [...middleware, ...(options.middleware ?? [])],
  );
  // Same object; only the method signatures are stricter (see strict-client.ts).
  return client as WukongimClient;
}
