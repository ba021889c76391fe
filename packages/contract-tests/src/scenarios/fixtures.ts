// Success-path coverage (servers, --write): every operation the declared server has is sent its
// example request again, with the example's ids turned into ids under the run prefix
// (`user123` -> `<prefix>_user123`) and the message ids, seqs and client numbers the server handed
// out earlier in the pass put where the example has its own. The operations run in an order that
// builds what later ones need: creating and sending first, then reading and changing, then
// removing. Each call is judged like the sweep's, and the report's coverage says which operations
// reached their success path; the ones one node cannot serve are named with the reason.
import { serverUrl, type Target } from "../targets.js";
import { authHeaders, exampleRequest, send } from "../exchange.js";
import { shortText } from "../expect.js";
import { jsonText, type Value } from "../fuzz/schema-arbitrary.js";
import { FUZZ_EXCLUDED } from "../fuzz/suite.js";
import { networkReason } from "../errors.js";
import { absenceReason, isSuccess, judgeAnswer } from "../judge.js";
import type { Check } from "../report.js";
import type { Json, Operation } from "../spec.js";
import type { Suite, SuiteContext } from "../suite.js";
import { ContractValidator } from "../validator.js";

/**
 * Operations whose success path a single node reached over HTTP alone cannot show, with the reason.
 * The coverage table names them; their contract is still checked by the sweep and the fuzzer.
 */
export const SUCCESS_UNREACHABLE: Readonly<Record<string, string>> = {
  "wukongim migrateClusterSlot": "needs a second node to move the slot to, and a manager JWT granting `slotMigrate:w` (`auth.users`); a 3-node cluster without accounts answers 400 `没有权限`",
  "wukongim electClusterSlotLeader": "needs a cluster of at least three nodes to elect among, and a manager JWT granting `slotElection:w` (`auth.users`); a 3-node cluster without accounts answers 400 `没有权限`",
  "wukongim migrateClusterChannel": "needs a second node to move the channel to (on a cluster the sweep's example moves `group123` to node 1004, which v2.2.5 accepts even when no such node exists)",
  "wukongim startClusterChannel": "answers only on a channel's leader after a stop, and needs a manager JWT granting `clusterchannelStart:w` (`auth.users`)",
  "wukongim stopClusterChannel": "not sent to a server: stops a channel's replication",
  "wukongim proxyPluginGet": "needs an installed plugin connected over the plugin socket",
  "wukongim proxyPluginPost": "needs an installed plugin connected over the plugin socket",
  "wukongim updatePluginConfig": "needs an installed plugin connected over the plugin socket",
  "wukongim bindPluginUser": "needs an installed plugin connected over the plugin socket",
  "wukongim unbindPluginUser": "needs an installed plugin connected over the plugin socket",
  "wukongim uninstallPlugin": "needs an installed plugin connected over the plugin socket",
  "wukongim loginManager": "needs manager accounts in the server's config (`auth.users`)",
  "wukongim getDocs": "the docs routes answer 403 in release mode (`mode: release`)",
  "wukongim getDocsRedirect": "the docs routes answer 403 in release mode (`mode: release`)",
  "wukongim getDocsOpenApi": "the docs routes answer 403 in release mode (`mode: release`)",
  "wildfire getApplicationUserInfo": "needs an auth code that a logged-in client obtained from the server",
  "wildfire getChatroomMembers": "chatroom members join through a connected client",
  "wildfire getUserChatroom": "a user is in a chatroom only through a connected client",
  "wildfire getPresignedUploadUrl": "needs an object storage (OSS/MinIO) configured on the server",
  "wildfire putSystemSetting": "not sent to a server: changes server-wide settings",
};

/**
 * Examples that name more than the pass creates: the example is replaced before its ids are
 * rewritten (batch_infos lists g_test02, which no example creates, and an unknown id crashes it).
 */
const EXAMPLE_BODIES: Readonly<Record<string, Json>> = {
  "wildfire batchGetGroupInfos": ["g_test01"],
};

/**
 * Query values for examples that ask for more than the pass registers (the pass's tokens are for
 * device 0, APP), or for another node. Tags live in the memory of each node and GET /tag reads only
 * the answering node's, so the key the pass hands to getTag comes from that node's whole list
 * (node_id 0, no channel or key filter): node 1001's list is another node's on a cluster, and on a
 * 3-node cluster the list filtered to the pass's group was empty on some nodes by the time it was
 * read, where a single node still listed the group's tag.
 */
const EXAMPLE_QUERIES: Readonly<Record<string, Record<string, string>>> = {
  "wukongim searchClusterDevices": { device_flag: "0" },
  "wukongim listTags": { node_id: "0", channel_id: "", tag_key: "" },
};

/**
 * Operations a cluster answers only on one node, named by `node_id`: the example's node (1001)
 * leads the channel's slot on a single node, but on a cluster the slot may be led by any node,
 * and every other one answers this error. The pass then asks each node of GET /cluster/simpleNodes.
 */
const NODE_BOUND: Readonly<Record<string, string>> = {
  "wukongim getClusterChannelConfig": "slot leader is not current node",
};

/** Order of the pass: what creates first, what removes last. */
function phase(op: Operation): number {
  const id = op.operationId;
  // getTag reads a key that GET /tags hands out: after every read, before any write that may
  // replace tags (a subscriber change drops its channel's tag, so a key read earlier is gone).
  if (op.api === "wukongim" && id === "getTag") return 1.5;
  if (/^(delete|destroy|remove|clear|quit|kick|recall|unbind|uninstall|dismiss)/.test(id)) return 3;
  if (/^(create|add|register|send|upsert|import|publish|bind|append)/.test(id) || id === "updateUserToken") return 0;
  return op.readOnly ? 1 : 2;
}

/**
 * Keys whose values the server hands out: captured from answers, put into later requests. A
 * `client_msg_no` the pass sends itself carries the run prefix too: WuKongIM keeps a stream session
 * per `client_msg_no` in memory, and an earlier run's session on another channel makes
 * `POST /message/event` answer `message event channel mismatch`.
 */
const HANDED_OUT = ["message_id", "message_seq", "client_msg_no", "messageUid", "messageId", "key"] as const;
/** Request keys filled from a handed-out value of another name. */
const HANDED_OUT_AS: Record<string, (typeof HANDED_OUT)[number]> = { tag_key: "key" };
const HANDED_OUT_LISTS: Record<string, (typeof HANDED_OUT)[number]> = { message_ids: "message_id", message_seqs: "message_seq", client_msg_nos: "client_msg_no", messageUids: "messageUid" };
const ID_KEY = /(^|_)(uid|uids|id|ids|subscribers|members|operator|sender|owner|target|receivers|targets|owners|list|first|second)$|Ids?$|Uid$|^(client_msg_no|userIds|groupIds|toUsers|new_owner|member_id|friendUid|targetUid|targetId|channelId|groupId|userId|roomId|chatroomId|robotId|fromUser|publisherId)$/;

export const fixtureSuite: Suite = {
  name: "fixtures",
  enabled: (target) => !target.mock,
  async run(ctx: SuiteContext): Promise<void> {
    if (!ctx.write) return;
    const { spec, target } = ctx;
    const validator = new ContractValidator(spec);
    const prefix = `${ctx.runPrefix}_fx`;
    const captured = new Map<string, string>();
    const idOf = (value: string) => (value === "" || value.startsWith(prefix) ? value : `${prefix}_${value}`);

    /** The example with its ids under the prefix and the handed-out values of this pass. */
    const rewrite = (value: Json | undefined, key = ""): Value | undefined => {
      if (value === undefined) return undefined;
      if (HANDED_OUT_LISTS[key] && captured.has(HANDED_OUT_LISTS[key]) && Array.isArray(value)) return [exactValue(captured.get(HANDED_OUT_LISTS[key])!)];
      const handed = HANDED_OUT_AS[key] ?? key;
      if ((HANDED_OUT as readonly string[]).includes(handed) && captured.has(handed) && (typeof value === "number" || typeof value === "string")) {
        const v = captured.get(handed)!;
        return typeof value === "number" ? exactValue(v) : v;
      }
      // Numeric text (a query's node id, a slot id) names no resource of the run.
      if (typeof value === "string") return ID_KEY.test(key) && !/^-?[\d,]*$/.test(value) ? idOf(value) : value;
      if (Array.isArray(value)) return value.map((v) => rewrite(v, key) ?? null);
      if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k) ?? null]));
      return value;
    };
    const capture = (text: string) => {
      for (const key of HANDED_OUT) {
        const m = new RegExp(`"${key}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|-?\\d+)`).exec(text);
        if (m && m[1] !== "0" && m[1] !== '""') captured.set(key, m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!);
      }
    };

    const ops = spec.operations
      .filter((op) => !absenceReason(op, target, spec.version) && !FUZZ_EXCLUDED[`${op.api} ${op.operationId}`])
      .map((op, i) => ({ op, i }))
      .sort((a, b) => phase(a.op) - phase(b.op) || a.i - b.i)
      .map(({ op }) => op);
    for (const op of ops) {
      const base: Check = {
        api: target.api,
        kind: "fixture",
        name: `fixture: ${op.operationId} (${op.method} ${op.path})`,
        operation: op.operationId,
        method: op.method,
        path: op.path,
        outcome: "passed",
        expected: "the example request with the run's own ids keeps the contract",
        violations: [],
      };
      // The document path's parts (an OpenChat surface serves the operation at another path).
      const example = exampleRequest(spec, op, { ...target, paths: undefined });
      const query = Object.fromEntries(Object.entries({ ...example.query, ...EXAMPLE_QUERIES[`${op.api} ${op.operationId}`] }).map(([k, v]) => [k, String(rewrite(v, k) ?? v)]));
      // Path parameters: the example's values, rewritten like the rest.
      const templateParts = op.path.split("/");
      const exampleParts = example.url.slice(target.url.length).split("?")[0]!.split("/");
      const path = templateParts.map((part, i) => (/^\{(.+)\}$/.test(part) ? encodeURIComponent(String(rewrite(decodeURIComponent(exampleParts[i] ?? ""), part.slice(1, -1)))) : part)).join("/");
      // A bare array body holds ids (batch_infos, batch_get_infos): rewritten as such.
      const exampleBody = EXAMPLE_BODIES[`${op.api} ${op.operationId}`] ?? example.body;
      const body = rewrite(exampleBody, Array.isArray(exampleBody) ? "ids" : "");
      const search = new URLSearchParams(query).toString();
      const url = serverUrl(target, `${path}${search ? `?${search}` : ""}`);
      if (target.paths?.[op.path]) base.url = url;
      let exchange;
      let askedNode = "";
      try {
        exchange = await send(op.method, url, undefined, authHeaders(target, ctx.token), ctx.timeoutMs, body === undefined ? undefined : jsonText(body));
        const bound = NODE_BOUND[`${op.api} ${op.operationId}`];
        if (bound && "node_id" in query && exchange.bodyText.includes(bound)) {
          for (const node of await clusterNodeIds(target, ctx.token, ctx.timeoutMs)) {
            if (String(node) === query["node_id"]) continue;
            const retry = await send(op.method, serverUrl(target, `${path}?${new URLSearchParams({ ...query, node_id: String(node) }).toString()}`), undefined, authHeaders(target, ctx.token), ctx.timeoutMs, body === undefined ? undefined : jsonText(body));
            ctx.observe(op, exchange);
            [exchange, askedNode] = [retry, String(node)];
            query["node_id"] = askedNode;
            if (!retry.bodyText.includes(bound)) break;
          }
        }
      } catch (error) {
        ctx.record({ ...base, outcome: "failed", actual: `no answer: ${networkReason(error, ctx.timeoutMs)}` });
        continue;
      }
      ctx.observe(op, exchange);
      capture(exchange.bodyText);
      const plain = body === undefined ? undefined : (JSON.parse(jsonText(body)) as Json);
      const verdict = judgeAnswer({ spec, validator, op, target, exchange, validRequest: true });
      const violations = [...validator.validateRequest(op, plain, query), ...verdict.violations];
      const success = isSuccess(target.api, exchange);
      ctx.record({
        ...base,
        outcome: violations.length || verdict.failure ? "failed" : "passed",
        expected: verdict.failure?.expected ?? base.expected,
        actual: verdict.failure?.actual,
        status: exchange.status,
        violations,
        note: `${success ? "success path" : `no success: HTTP ${exchange.status} ${shortText(exchange.bodyText, 120)}`}${askedNode ? ` (asked node ${askedNode}: the example's node does not lead the slot on this cluster)` : ""}`,
      });
    }
  },
};

/** A decimal as a number when exact, else a bigint. */
function exactValue(text: string): Value {
  if (!/^-?\d+$/.test(text)) return text;
  const n = BigInt(text);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** The node ids GET /cluster/simpleNodes lists (none when it cannot be read). */
async function clusterNodeIds(target: Target, token: string | undefined, timeoutMs: number): Promise<number[]> {
  const answer = await send("GET", serverUrl(target, "/cluster/simpleNodes"), undefined, authHeaders(target, token), timeoutMs);
  try {
    const data = (JSON.parse(answer.bodyText) as { data?: { id?: unknown }[] }).data;
    return Array.isArray(data) ? data.map((n) => Number(n.id)).filter((id) => Number.isSafeInteger(id) && id > 0) : [];
  } catch {
    return [];
  }
}
