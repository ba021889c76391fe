export { createApiClient, operationOf, type ApiDescriptor, type BaseClientOptions, type OperationInfo, type OperationTable } from "./client.js";
export { ImApiError, TransportError, type ImApiErrorInit, type ImErrorKind } from "./errors.js";
export { parseJsonLossless, stringifyJsonLossless } from "./json.js";
export { backoffMs, createTransport, retryAfterMs, type RetryOptions, type TransportOptions } from "./transport.js";
export type { Middleware } from "openapi-fetch";
