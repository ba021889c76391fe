// openapi-fetch infers a call's `init` as a type parameter, and TypeScript does not check excess
// properties against a type parameter: `{ channelId: "g1", payload }` compiles although the body
// has no channelId (only a missing *required* field is caught). These types re-declare the client's
// methods so that a body key the operation does not declare is a compile error, as the spec's
// `additionalProperties: false` and the mock already make it one at run time.
import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: unknown } ? P : never;
}[keyof Paths];

type JsonBodyOf<Op> = Op extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** `{ body: { misspelled: never } }` for each top-level body key the operation does not declare. */
type NoUndeclaredBodyKeys<Init, Op> = Init extends { body: infer Given }
  ? Given extends readonly unknown[]
    ? unknown
    : Given extends object
      ? [JsonBodyOf<Op>] extends [never]
        ? unknown
        : { body: { [K in Exclude<keyof Given, KeysOfUnion<JsonBodyOf<Op>>>]: never } }
      : unknown
  : unknown;

type Operation<Paths, Path extends keyof Paths, M extends HttpMethod> = Paths[Path] & Record<M, {}>;

type StrictMethod<Paths extends {}, M extends HttpMethod> = <
  Path extends PathsWith<Paths, M>,
  Init extends MaybeOptionalInit<Operation<Paths, Path, M>, M>,
>(
  url: Path,
  ...init: undefined extends MaybeOptionalInit<Operation<Paths, Path, M>, M>
    ? [init?: Init & NoUndeclaredBodyKeys<Init, Operation<Paths, Path, M>[M]> & { [key: string]: unknown }]
    : [init: Init & NoUndeclaredBodyKeys<Init, Operation<Paths, Path, M>[M]> & { [key: string]: unknown }]
) => Promise<FetchResponse<Operation<Paths, Path, M>[M], Init, `${string}/${string}`>>;

/** openapi-fetch's Client, with request bodies checked for undeclared keys. */
export type StrictClient<Paths extends {}> = Omit<Client<Paths>, "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE"> & {
  GET: StrictMethod<Paths, "get">;
  PUT: StrictMethod<Paths, "put">;
  POST: StrictMethod<Paths, "post">;
  DELETE: StrictMethod<Paths, "delete">;
  OPTIONS: StrictMethod<Paths, "options">;
  HEAD: StrictMethod<Paths, "head">;
  PATCH: StrictMethod<Paths, "patch">;
  TRACE: StrictMethod<Paths, "trace">;
};
