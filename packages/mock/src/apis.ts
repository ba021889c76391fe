import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const API_NAMES = ["wukongim", "wildfire", "openchat"] as const;
export type ApiName = (typeof API_NAMES)[number];

/** The ports the real servers listen on by default. */
export const DEFAULT_PORTS: Readonly<Record<ApiName, number>> = { wukongim: 5001, wildfire: 18080, openchat: 3000 };

/** Path of the bundled spec the mock serves for an API (copied here by `pnpm bundle`). */
export function specPath(api: ApiName): string {
  return fileURLToPath(new URL(`../specs/${api}.json`, import.meta.url));
}

export interface SpecOperation {
  method: string;
  /** Path template as in the spec, e.g. `/cluster/nodes/{id}/channels`. */
  path: string;
  matcher: RegExp;
  operationId: string;
  since?: string | undefined;
  removedIn?: string | undefined;
  edition?: string | undefined;
}

export interface LoadedSpec {
  api: ApiName;
  version: string;
  operations: SpecOperation[];
  /** The bundled OpenAPI document itself. */
  document: Record<string, unknown>;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export function loadSpec(api: ApiName, file = specPath(api)): LoadedSpec {
  let doc: { info?: { version?: string }; paths?: Record<string, Record<string, Record<string, unknown>>> } & Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new MockError(`cannot read the ${api} spec at ${file} (${(error as Error).message}); run \`pnpm build\` first`);
  }
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const pattern = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+");
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        matcher: new RegExp(`^${pattern.replace(/\{[^}]+\}/g, "[^/]+")}$`),
        operationId: String(op["operationId"]),
        since: op["x-since"] as string | undefined,
        removedIn: op["x-removed-in"] as string | undefined,
        edition: op["x-edition"] as string | undefined,
      });
    }
  }
  return { api, version: doc.info?.version ?? "", operations, document: doc };
}

/** Finds the operation for a request; static paths win over templated ones, as in the servers' routers. */
export function findOperation(spec: LoadedSpec, method: string, pathname: string): { operation?: SpecOperation; pathKnown: boolean } {
  const candidates = spec.operations.filter((op) => op.matcher.test(pathname));
  const exact = candidates.filter((op) => op.path === pathname);
  const pool = exact.length ? exact : candidates;
  return { operation: pool.find((op) => op.method === method), pathKnown: pool.length > 0 };
}

/** Compares the numeric x.y.z prefix of two versions (`2.2.5-20260422` → 2.2.5). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => (v.match(/^\D*(\d+(?:\.\d+)*)/)?.[1] ?? "0").split(".").map(Number);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** True when a server of `version` has the operation (x-since ≤ version < x-removed-in). */
export function existsInVersion(op: { since?: string | undefined; removedIn?: string | undefined }, version: string): boolean {
  if (op.since && compareVersions(version, op.since) < 0) return false;
  if (op.removedIn && compareVersions(version, op.removedIn) >= 0) return false;
  return true;
}

/** An error with a message meant for the person running the mock: what is wrong and what to do. */
export class MockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MockError";
  }
}

/** JSON pointer of an operation in the bundled document, e.g. `#/paths/~1message~1send/post`. */
export function operationPointer(op: Pick<SpecOperation, "path" | "method">): string {
  return `#/paths/${escapePointer(op.path)}/${op.method.toLowerCase()}`;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
