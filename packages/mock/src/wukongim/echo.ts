// The request values WuKongIM v2 echoes in its answers, copied into the spec's example answers in
// the stateless mode, so an app's assertions on them hold against the mock as against the server.
import { randomUUID } from "node:crypto";
import type { Json } from "../json.js";
import type { ParsedRequest } from "../room.js";
import { asList, asObj, bodyOf, str, text, withValue, type Obj } from "../values.js";

/** What the server puts in `client_msg_no` when a send gives none: a UUID followed by "0". */
export function generatedClientMsgNo(): string {
  return `${randomUUID().replaceAll("-", "")}0`;
}

/** A message example as it reads for the channel asked about (group-like channels; a person channel's id depends on the sender). */
function inChannel(message: Json, channelId: string | undefined, channelType: Json | undefined): Json {
  let m = asObj(message);
  if (channelId !== undefined && channelType !== 1) m = withValue(m, "channel_id", channelId);
  if (typeof channelType === "number") m = withValue(m, "channel_type", channelType);
  return m;
}

export function wukongimEcho(operationId: string, request: ParsedRequest, answer: Json): Json | undefined {
  const body = bodyOf(request);
  const out = asObj(answer);
  const q = (name: string) => request.query.get(name) ?? undefined;
  switch (operationId) {
    case "sendMessage": {
      // A send to `subscribers` is answered with the bare status.
      if (asList(body["subscribers"]).length > 0 && text(body, "channel_id") === undefined) return { status: 200 };
      return withValue(out, "data", withValue(asObj(out["data"]), "client_msg_no", text(body, "client_msg_no") ?? generatedClientMsgNo()));
    }
    case "appendMessageEvent": {
      let data = asObj(out["data"]);
      for (const key of ["client_msg_no", "channel_id", "from_uid", "event_id"]) data = withValue(data, key, str(body, key));
      data = withValue(data, "channel_type", typeof body["channel_type"] === "number" ? body["channel_type"] : undefined);
      data = withValue(data, "event_key", text(body, "event_key"));
      return withValue(out, "data", data);
    }
    case "syncMessageEvents":
      return withValue(out, "data", withValue(asObj(out["data"]), "client_msg_no", str(body, "client_msg_no")));
    case "getMessage": {
      if (!("message_id" in out)) return undefined; // the {"status":404} example
      let m = asObj(inChannel(out, text(body, "channel_id"), body["channel_type"]));
      const id = body["message_id"];
      if (typeof id === "number" || typeof id === "bigint") m = { ...m, message_id: id, message_idstr: String(id) };
      return withValue(m, "client_msg_no", text(body, "client_msg_no"));
    }
    case "getMessageByClientMsgNo": {
      if (!("message_id" in out)) return undefined;
      const type = Number(q("channel_type"));
      return withValue(asObj(inChannel(out, q("channel_id"), Number.isInteger(type) ? type : undefined)), "client_msg_no", q("client_msg_no"));
    }
    case "getChannelLastMessage": {
      if (!("message_id" in out)) return undefined;
      const type = Number(q("channel_type"));
      return inChannel(out, q("channel_id"), Number.isInteger(type) ? type : undefined);
    }
    case "syncChannelMessages":
    case "getMessages": {
      const messages = asList(out["messages"]).map((m) => inChannel(m, text(body, "channel_id"), body["channel_type"]));
      let page: Obj = { ...out, messages };
      // messagesync echoes the range it was asked for.
      if (operationId === "syncChannelMessages") for (const key of ["start_message_seq", "end_message_seq"]) page = withValue(page, key, body[key]);
      return page;
    }
    case "getRoutes": {
      const uids = asList(request.body).filter((u) => typeof u === "string");
      const [first] = asList(answer);
      return first === undefined ? undefined : [{ ...asObj(first), uids }];
    }
    default:
      return undefined;
  }
}
