export type { components, operations as OperationTypes, paths } from "./generated/schema.js";
export { operations } from "./generated/operations.js";
export { ImApiError, operationOf, type ImErrorKind } from "@im-openapi/core";
export { bearerMiddleware, refreshMiddleware, type RefreshToken, type TokenSource } from "./auth.js";
export { createOpenchatClient, type OpenchatClient, type OpenchatClientOptions } from "./client.js";
export {
  call,
  errorFromResponse,
  isFilterError,
  OpenchatError,
  unwrap,
  type CallResult,
  type FilterErrorBody,
  type HandlerFailureBody,
  type OpenchatErrorInit,
  type Unwrapped,
} from "./envelope.js";
export { login, type AuthSession, type LoginOptions, type OpenchatSession } from "./session.js";
export { checkSurface, OPENCHAT_SURFACES, surfaceMiddleware, surfacePath, surfacePaths, type OpenchatSurface } from "./surface.js";
