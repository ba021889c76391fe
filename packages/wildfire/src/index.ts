import { createApiClient, type BaseClientOptions, type Middleware } from "@im-openapi/core";
import { operations } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { signingMiddleware } from "./signing.js";
import type { StrictClient } from "@im-openapi/core";

export type { components, paths } from "./generated/schema.js";
export { operations } from "./generated/operations.js";
export { ImApiError, operationOf, parseJsonLossless, stringifyJsonLossless, type ImErrorKind, type Middleware } from "@im-openapi/core";
export { Base64Error, decodeBase64, encodeBase64 } from "@im-openapi/core";
export { ContentType, CUSTOM_CONTENT_TYPE_MIN } from "./content-type.js";
export { ConversationType, conversationSettingKey, type ConversationRef } from "./conversation.js";
export { isConversationTop, setConversationTop, type ConversationTopTarget } from "./conversation-top.js";
export { ErrorCode, ErrorCodeByName, errorCodeName, type ErrorCodeName, type ErrorCodeValue } from "./error-code.js";
export { unwrap, WildfireError, type FetchResultLike, type Unwrapped, type WildfireErrorInit } from "./errors.js";
export {
  decodeBinaryData,
  decodeBinaryDataText,
  encodeBinaryData,
  MediaType,
  MentionedType,
  PersistFlag,
  textPayload,
  type MessagePayloadInput,
} from "./payload.js";
export { Platform } from "./platform.js";
export { signAdminRequest, signingMiddleware, type SigningOptions } from "./signing.js";
export type { StrictClient } from "@im-openapi/core";
export { UserSettingScope } from "./user-setting-scope.js";

export interface WildfireClientOptions extends Partial<BaseClientOptions> {
  /** Default `http://localhost:18080`. */
  baseUrl?: string;
  /** The server's `http.admin.secret_key`. Never logged or put in errors. */
  secret: string;
  middleware?: Middleware[];
}

/** openapi-fetch's client for the wildfire admin paths; a body key the operation does not declare is a type error. */
export type WildfireClient = StrictClient<paths>;

/** A typed client for the wildfire admin API; every request is signed. */
export function createWildfireClient(options: WildfireClientOptions): WildfireClient {
  // The secret goes to the signing middleware only, not into the options the transport keeps.
  const { secret, middleware = [], ...transport } = options;
  const client = createApiClient<paths>(
    { api: "wildfire", operations },
    { ...transport, baseUrl: transport.baseUrl ?? "http://localhost:18080" },
    [signingMiddleware({ secret }), ...middleware],
  );
  return client as WildfireClient;
}
