export { createApiClient, operationOf, type ApiDescriptor, type BaseClientOptions, type OperationInfo, type OperationTable } from "./client.js";
export { ImApiError, TransportError, type ImApiErrorInit, type ImErrorKind } from "./errors.js";
export { parseJsonLossless, stringifyJsonLossless } from "./json.js";
export { backoffMs, createTransport, retryAfterMs, type RetryOptions, type RetryScope, type TransportCall, type TransportOptions } from "./transport.js";
export type { Middleware } from "openapi-fetch";
export { Base64Error, decodeBase64, encodeBase64 } from "./base64.js";
export type { StrictClient } from "./strict-client.js";
export { answerWithin, concatBytes, toNodeListener, type NodeRequestLike, type NodeResponseLike } from "./node-listener.js";
