// What the spec says about an operation's answers, read from the bundled document: which statuses
// and media types it declares, its named examples, and whether a given answer keeps the contract
// (Ajv, JSON Schema 2020-12 with formats, the same checks the contract suite makes). Prism validates
// requests; answers the mock builds itself (overrides, echo, the stateful mode) are checked here.
import { createRequire } from "node:module";
import { MockError, escapePointer, operationPointer, type LoadedSpec, type SpecOperation } from "./apis.js";

type ValidateFunction = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; keyword: string; params?: Record<string, unknown> }[] | null };
interface AjvInstance {
  addSchema(schema: object, key: string): unknown;
  addFormat(name: string, format: { type: string; validate: (value: number) => boolean }): unknown;
  compile(schema: object): ValidateFunction;
}

const require = createRequire(import.meta.url);
let ajvClass: (new (options: object) => AjvInstance) | undefined;
let addFormats: ((ajv: AjvInstance) => unknown) | undefined;

/** Loads Ajv on first use, so a mock that never checks an answer of its own does not pay for it. */
export function loadValidator(): void {
  if (ajvClass) return;
  try {
    ajvClass = (require("ajv/dist/2020.js") as { default: new (options: object) => AjvInstance }).default;
    addFormats = (require("ajv-formats") as { default: (ajv: AjvInstance) => unknown }).default;
  } catch (error) {
    throw new MockError(`checking answers against the spec needs the packages ajv and ajv-formats (${(error as Error).message.split("\n")[0]}); install them next to @im-openapi/mock`);
  }
}

function newAjv(): AjvInstance {
  loadValidator();
  const ajv = new ajvClass!({ strict: false, allErrors: true, validateFormats: true, logger: false });
  addFormats!(ajv);
  ajv.addFormat("int32", { type: "number", validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n) => Number.isInteger(n) });
  return ajv;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === "object" && !Array.isArray(v);

export interface ExampleAnswer {
  status: number;
  mediaType: string;
  value: unknown;
}

/** One API's contract, for the answers the mock builds without Prism. */
export class Contract {
  private ajv: AjvInstance | undefined;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly byId = new Map<string, SpecOperation>();

  constructor(readonly spec: LoadedSpec) {
    for (const op of spec.operations) this.byId.set(op.operationId, op);
  }

  operation(operationId: string): SpecOperation | undefined {
    return this.byId.get(operationId);
  }

  /** The operation by id, or a MockError naming the API's operations that look alike. */
  requireOperation(operationId: string): SpecOperation {
    const op = this.byId.get(operationId);
    if (op) return op;
    const lower = operationId.toLowerCase();
    const near = [...this.byId.keys()].filter((id) => id.toLowerCase().includes(lower) || lower.includes(id.toLowerCase()) || editDistance(id.toLowerCase(), lower) <= 2).slice(0, 5);
    throw new MockError(`the ${this.spec.api} spec has no operation '${operationId}'${near.length ? `; did you mean ${near.join(", ")}?` : ""} (operationIds are camelCase, e.g. ${this.spec.operations[0]?.operationId})`);
  }

  private resolve(node: unknown, pointer: string): { node: unknown; pointer: string } {
    let current = node;
    let at = pointer;
    for (let hops = 0; isNode(current) && typeof current["$ref"] === "string" && hops < 20; hops++) {
      at = current["$ref"];
      current = this.at(at);
    }
    return { node: current, pointer: at };
  }

  private at(pointer: string): unknown {
    let node: unknown = this.spec.document;
    for (const raw of pointer.replace(/^#\//, "").split("/")) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      node = isNode(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
    }
    return node;
  }

  private responses(op: SpecOperation): Node {
    const node = this.at(operationPointer(op));
    return isNode(node) && isNode(node["responses"]) ? node["responses"] : {};
  }

  /** The declared response for a status (exact, then `4XX`-style, then `default`), resolved. */
  private response(op: SpecOperation, status: number): { key: string; node: Node; pointer: string } | undefined {
    const responses = this.responses(op);
    const code = String(status);
    const key = code in responses ? code : `${code[0]}XX` in responses ? `${code[0]}XX` : "default" in responses ? "default" : undefined;
    if (key === undefined) return undefined;
    const { node, pointer } = this.resolve(responses[key], `${operationPointer(op)}/responses/${escapePointer(key)}`);
    return isNode(node) ? { key, node, pointer } : undefined;
  }

  /** The statuses the operation declares, as written in the spec. */
  statuses(op: SpecOperation): string[] {
    return Object.keys(this.responses(op));
  }

  /** The media types the spec declares for a status; the first is the one the mock sends. */
  mediaTypes(op: SpecOperation, status: number): string[] {
    const content = this.response(op, status)?.node["content"];
    return isNode(content) ? Object.keys(content) : [];
  }

  /**
   * The Content-Type the real server puts on a status's answer: the first declared media type, or the
   * label it names with `x-sent-as` (wildfire labels its 500 text application/json).
   */
  answerLabel(op: SpecOperation, status: number): string | undefined {
    const content = this.response(op, status)?.node["content"];
    if (!isNode(content)) return undefined;
    const first = Object.keys(content)[0];
    if (first === undefined) return undefined;
    const media = content[first];
    const label = isNode(media) ? media["x-sent-as"] : undefined;
    return typeof label === "string" ? label : first;
  }

  /** Every named response example of the operation, with its status. */
  examples(op: SpecOperation): Map<string, ExampleAnswer> {
    const out = new Map<string, ExampleAnswer>();
    for (const key of this.statuses(op)) {
      const status = /^\d{3}$/.test(key) ? Number(key) : undefined;
      if (status === undefined) continue;
      const content = this.response(op, status)?.node["content"];
      if (!isNode(content)) continue;
      for (const [mediaType, media] of Object.entries(content)) {
        const examples = isNode(media) ? media["examples"] : undefined;
        if (!isNode(examples)) continue;
        for (const [name, example] of Object.entries(examples)) {
          const resolved = this.resolve(example, "").node;
          if (!out.has(name) && isNode(resolved)) out.set(name, { status, mediaType, value: resolved["value"] });
        }
      }
    }
    return out;
  }

  private validator(pointer: string): ValidateFunction {
    let fn = this.compiled.get(pointer);
    if (!fn) {
      if (!this.ajv) {
        this.ajv = newAjv();
        this.ajv.addSchema(this.spec.document, "spec");
      }
      fn = this.ajv.compile({ $ref: `spec${pointer}` });
      this.compiled.set(pointer, fn);
    }
    return fn;
  }

  /** Where a value breaks the schema at `pointer` in the spec, one line per finding (empty when it fits). */
  checkAt(pointer: string, value: unknown): string[] {
    const validate = this.validator(pointer);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`);
  }

  /**
   * Where an answer breaks the operation's contract, one line per finding (empty when it keeps it):
   * an undeclared status, a media type the status does not declare, or a body its schema rejects.
   */
  checkAnswer(op: SpecOperation, status: number, contentType: string, bodyText: string): string[] {
    const response = this.response(op, status);
    if (!response) return [`status ${status} is not declared (the spec has ${this.statuses(op).join(", ")})`];
    const content = response.node["content"];
    if (!isNode(content)) return bodyText === "" ? [] : [`status ${status} declares no body, but the answer has one`];
    const declared = Object.keys(content);
    const media = declaredMedia(content, contentType);
    if (!media) return [`content type '${contentType || "(none)"}' is not declared for status ${status} (the spec has ${declared.join(", ")})`];
    if (!/json/.test(media)) return [];
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return [`the body is not JSON: ${bodyText.slice(0, 80)}`];
    }
    const mediaNode = content[media];
    if (!isNode(mediaNode) || mediaNode["schema"] === undefined) return [];
    const validate = this.validator(`${response.pointer}/content/${escapePointer(media)}/schema`);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`);
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The media type of a response's `content` that an answer labelled `contentType` is judged by: the
 * exact type, then a `type/*` range, then the catch-all, then one whose bodies the server sends under
 * that label (`x-sent-as`: wildfire's 500 text arrives as application/json).
 */
export function declaredMedia(content: Record<string, unknown>, contentType: string): string | undefined {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const declared = Object.keys(content);
  const sentAs = (media: unknown) => {
    const label = isNode(media) ? media["x-sent-as"] : undefined;
    return typeof label === "string" && type !== "" && label.split(";")[0]!.trim().toLowerCase() === type;
  };
  return (
    declared.find((m) => m === type) ??
    (type === "" ? undefined : declared.find((m) => m.endsWith("/*") && type.startsWith(m.slice(0, -1)))) ??
    declared.find((m) => m === "*/*") ??
    declared.find((m) => sentAs(content[m]))
  );
}
