// Redocly plugin with one decorator, `im-openapi/code-samples`: it gives every operation an
// `x-codeSamples` list (a TypeScript client call and a curl command built from the operation's first
// request example), so `redocly bundle` (the specs the clients ship) and `redocly build-docs` (the
// reference pages) both carry them. Decorators do not run during `redocly lint`.
//
// The API is told by the folder of the root document (openapi/<api>/openapi.yaml or
// packages/<api>/openapi.json); see CLIENTS in code-samples-lib.mjs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { codeSamples, mergeSamples } from "./code-samples-lib.mjs";

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Follows a JSON pointer (`#/components/...`) inside a document. */
function pointer(document, ref) {
  if (!ref.startsWith("#/")) return undefined;
  let node = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

function apiName(absoluteRef) {
  const file = absoluteRef.startsWith("file:") ? fileURLToPath(absoluteRef) : absoluteRef;
  return path.basename(path.dirname(file));
}

function codeSamplesDecorator() {
  let root;
  let rootRef;
  let api;
  let currentPath;
  let currentPathItem;
  let currentPathItemRef;

  return {
    Root: {
      enter(node, ctx) {
        root = node;
        rootRef = ctx.location.source.absoluteRef;
        api = apiName(rootRef);
      },
    },
    PathItem: {
      enter(node, ctx) {
        currentPath = String(ctx.key);
        currentPathItem = node;
        currentPathItemRef = ctx.location.source.absoluteRef;
      },
    },
    Operation: {
      // enter, not leave: the bundler has not yet rewritten the $refs below the operation.
      enter(operation, ctx) {
        const method = String(ctx.key).toLowerCase();
        if (!HTTP_METHODS.has(method) || currentPath === undefined) return;
        // A relative $ref resolves against the file it is written in, so every node remembers its file.
        const origin = new WeakMap();
        const mark = (node, file) => {
          if (node === null || typeof node !== "object" || origin.has(node)) return;
          origin.set(node, file);
          for (const child of Object.values(node)) mark(child, file);
        };
        const deref = (node) => {
          let current = node;
          let file = (current && typeof current === "object" && origin.get(current)) || rootRef;
          for (let hops = 0; current && typeof current === "object" && typeof current.$ref === "string" && hops < 32; hops++) {
            const resolved = ctx.resolve(current, file);
            if (resolved.location) {
              current = resolved.node;
              file = resolved.location.source.absoluteRef;
            } else {
              current = pointer(root, current.$ref);
              file = rootRef;
            }
          }
          mark(current, file);
          return current;
        };
        mark(operation, ctx.location.source.absoluteRef);
        mark(currentPathItem, currentPathItemRef);
        const ours = codeSamples(api, { path: currentPath, method, operation, pathItem: currentPathItem, root, deref });
        operation["x-codeSamples"] = mergeSamples(operation["x-codeSamples"], ours);
      },
    },
  };
}

export default function imOpenapiPlugin() {
  return {
    id: "im-openapi",
    decorators: {
      oas3: { "code-samples": codeSamplesDecorator },
    },
  };
}
