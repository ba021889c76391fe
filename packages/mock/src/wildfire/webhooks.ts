// The callbacks a wildfire server posts after the admin calls the mock answered (code 0): a group
// created, changed, its members added or removed; a user created or updated; a message sent
// (message.forward). Each body starts from the spec's example of the event and takes the values
// of the call, so it has every field the server sends.
import type { RecordedRequest } from "../journal.js";
import { isObject, parseJson, type Json } from "../json.js";
import type { WebhookEvent } from "../webhooks.js";

type Obj = Record<string, Json>;
const str = (v: Json | undefined): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: Json | undefined): Obj => (isObject(v) ? v : {});

// modifyGroupInfo's `type` (ModifyGroupInfoType) → GroupUpdateEvent's: mute (3) gives 3 or 4, the rest 1.
function groupUpdateType(modify: number, value: string): number {
  if (modify === 3) return value === "1" ? 3 : 4;
  return 1;
}

export function wildfireWebhooks(example: (event: string) => Json) {
  return (entry: RecordedRequest): WebhookEvent[] => {
    if (entry.status !== 200 || !isObject(entry.body)) return [];
    const answer = parseJson(entry.response.bodyText || "null");
    if (!isObject(answer) || answer["code"] !== 0) return [];
    const result = obj(answer["result"]);
    const body = entry.body;
    const base = (event: string) => obj(example(event));
    const now = Date.now();
    switch (entry.operationId) {
      case "createGroup": {
        const info = obj(obj(body["group"])["group_info"]);
        const groupId = str(result["group_id"]) ?? str(info["target_id"]) ?? "";
        const sample = base("group.info_update");
        const groupInfo: Obj = { ...obj(sample["groupInfo"]) };
        for (const key of Object.keys(groupInfo)) if (info[key] !== undefined) groupInfo[key] = info[key]!;
        groupInfo["target_id"] = groupId;
        const members = Array.isArray(obj(body["group"])["members"]) ? (obj(body["group"])["members"] as Json[]) : [];
        groupInfo["member_count"] = members.length;
        return [{ event: "group.info_update", body: { ...sample, operatorId: str(body["operator"]) ?? "", groupId, type: 0, groupInfo } }];
      }
      case "modifyGroupInfo": {
        const groupId = str(body["group_id"]) ?? "";
        const sample = base("group.info_update");
        const type = groupUpdateType(typeof body["type"] === "number" ? body["type"] : 0, String(body["value"] ?? ""));
        const groupInfo: Obj = { ...obj(sample["groupInfo"]), target_id: groupId };
        if (body["type"] === 0 && typeof body["value"] === "string") groupInfo["name"] = body["value"];
        if (type === 3 || type === 4) groupInfo["mute"] = type === 3 ? 1 : 0;
        return [{ event: "group.info_update", body: { ...sample, operatorId: str(body["operator"]) ?? "", groupId, type, groupInfo } }];
      }
      case "addGroupMembers":
      case "removeGroupMembers": {
        const members = Array.isArray(body["members"]) ? body["members"] : [];
        const memberIds = members.map((m) => (isObject(m) ? str(m["member_id"]) : str(m))).filter((m): m is string => m !== undefined);
        return [{ event: "group.member_update", body: { operatorId: str(body["operator"]) ?? "", groupId: str(body["group_id"]) ?? "", memberIds, type: entry.operationId === "addGroupMembers" ? 0 : 2 } }];
      }
      case "createUser":
      case "updateUserInfo": {
        const user = entry.operationId === "createUser" ? body : obj(body["userInfo"]);
        const sample = base("user.info_update");
        const out: Obj = { ...sample };
        for (const key of Object.keys(sample)) if (user[key] !== undefined) out[key] = user[key]!;
        out["userId"] = str(result["userId"]) ?? str(user["userId"]) ?? "";
        out["updateDt"] = now;
        return [{ event: "user.info_update", body: out }];
      }
      case "sendMessage": {
        const sample = base("message.forward");
        const payload: Obj = { ...obj(sample["payload"]) };
        const sent = obj(body["payload"]);
        for (const key of Object.keys(payload)) if (sent[key] !== undefined) payload[key] = sent[key]!;
        const uid = result["messageUid"];
        return [
          {
            event: "message.forward",
            body: { ...sample, messageId: typeof uid === "number" || typeof uid === "bigint" ? uid : 0, sender: str(body["sender"]) ?? "", conv: isObject(body["conv"]) ? body["conv"] : obj(sample["conv"]), payload, timestamp: typeof result["timestamp"] === "number" ? result["timestamp"] : now },
          },
        ];
      }
      default:
        return [];
    }
  };
}
