// What a WuKongIM server posts after the calls the mock answered: a send (answered 200) gives each
// stored message to msg.notify (batched by the generic sender) and, when the message reaches
// someone, a msg.offline (the mock has no connected clients: every recipient is offline). The
// recipients are the channel's subscribers in the stateful mode, otherwise the send's channel.
import type { RecordedRequest } from "../journal.js";
import { isObject, parseJson, type Json } from "../json.js";
import type { WebhookEvent } from "../webhooks.js";
import { PERSON, SYSTEM_UID, personChannelId, type WukongimStore } from "./state.js";

const int = (v: Json | undefined, fallback = 0): number => (typeof v === "number" && Number.isInteger(v) ? v : fallback);

export function wukongimWebhooks(store: WukongimStore | undefined) {
  return (entry: RecordedRequest): WebhookEvent[] => {
    if (entry.operationId !== "sendMessage" || entry.status !== 200 || !isObject(entry.body)) return [];
    const body = entry.body;
    const answer = parseJson(entry.response.bodyText || "null");
    const data = isObject(answer) && isObject(answer["data"]) ? answer["data"] : {};
    const header = isObject(body["header"]) ? body["header"] : {};
    const from = typeof body["from_uid"] === "string" && body["from_uid"] !== "" ? body["from_uid"] : SYSTEM_UID;
    const channelId = typeof body["channel_id"] === "string" ? body["channel_id"] : undefined;
    const type = int(body["channel_type"]);
    if (channelId === undefined) return [];
    const id = typeof data["message_id"] === "bigint" || typeof data["message_id"] === "number" ? BigInt(data["message_id"]) : BigInt(Date.now()) * 1000n;
    const stored = store?.channel(type === PERSON && !channelId.includes("@") ? personChannelId(from, channelId) : channelId, type)?.messages.find((m) => m.message_id === id);
    const noPersist = int(header["no_persist"]);
    const message: Record<string, Json> = {
      header: { no_persist: noPersist, red_dot: int(header["red_dot"]), sync_once: int(header["sync_once"]) },
      setting: int(body["setting"]) & 0xff,
      message_id: id,
      message_idstr: id.toString(),
      client_msg_no: typeof data["client_msg_no"] === "string" ? data["client_msg_no"] : typeof body["client_msg_no"] === "string" ? body["client_msg_no"] : "",
      message_seq: noPersist === 1 ? 0 : (stored?.message_seq ?? 1),
      from_uid: from,
      channel_id: int(header["sync_once"]) === 1 ? `${channelId}____cmd` : channelId,
      channel_type: type,
      expire: int(body["expire"]),
      timestamp: stored?.timestamp ?? Math.floor(Date.now() / 1000),
      payload: typeof body["payload"] === "string" ? body["payload"] : "",
    };
    const events: WebhookEvent[] = [];
    // msg.notify carries "" for a system sender; msg.offline the raw system uid.
    if (noPersist !== 1) events.push({ event: "msg.notify", body: { ...message, from_uid: from === SYSTEM_UID ? "" : from } });
    const recipients = new Set<string>();
    if (type === PERSON) recipients.add(channelId.includes("@") ? (channelId.split("@").find((u) => u !== from) ?? "") : channelId);
    else if (store) for (const uid of store.channel(channelId, type)?.subscribers ?? []) recipients.add(uid);
    else recipients.add(channelId);
    recipients.delete(from);
    recipients.delete("");
    if (recipients.size) events.push({ event: "msg.offline", body: { ...message, to_uids: [...recipients] } });
    return events;
  };
}
