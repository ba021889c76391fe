// The request values the wildfire admin server echoes in its answers, copied into the spec's
// example answers in the stateless mode: the user, group, member or message asked for.
import type { Json } from "../json.js";
import type { ParsedRequest } from "../room.js";
import { asList, asObj, bodyOf, int, str, text, withValue, type Obj } from "../values.js";

/** The example's `result` with some members replaced; undefined when the example has no object result (an error code). */
function result(answer: Json, change: (r: Obj) => Json): Json | undefined {
  const out = asObj(answer);
  if (out["code"] !== 0 || out["result"] === undefined) return undefined;
  return { ...out, result: change(asObj(out["result"])) };
}

export function wildfireEcho(operationId: string, request: ParsedRequest, answer: Json): Json | undefined {
  const body = bodyOf(request);
  switch (operationId) {
    case "getUserInfo": {
      // The server looks the user up by userId, else name, else mobile; what was asked for comes back.
      const userId = text(body, "userId");
      return result(answer, (r) => (userId !== undefined ? withValue(r, "userId", userId) : withValue(withValue(r, "name", text(body, "name")), "mobile", text(body, "mobile"))));
    }
    case "batchGetUserInfos": {
      const ids = asList(body["list"]).filter((id): id is string => typeof id === "string");
      return result(answer, (r) => {
        const [sample] = asList(r["userInfos"]);
        return { ...r, userInfos: ids.map((userId) => ({ ...asObj(sample), userId })) };
      });
    }
    case "createUser":
      return result(answer, (r) => withValue(withValue(r, "userId", text(body, "userId")), "name", str(body, "name")));
    case "getUserToken":
      return result(answer, (r) => withValue(r, "userId", str(body, "userId")));
    case "getRobotInfo":
      return result(answer, (r) => withValue(r, "userId", str(body, "robotId")));
    case "getGroupInfo":
      return result(answer, (r) => withValue(r, "target_id", str(body, "groupId")));
    case "batchGetGroupInfos": {
      const ids = asList(request.body).filter((id): id is string => typeof id === "string");
      return result(answer, (r) => {
        const [sample] = asList(r["groupInfoList"]);
        return { ...r, groupInfoList: ids.map((target_id) => ({ ...asObj(sample), target_id })) };
      });
    }
    case "createGroup":
      return result(answer, (r) => withValue(r, "group_id", text(asObj(asObj(body["group"])["group_info"]), "target_id")));
    case "getGroupMember":
      return result(answer, (r) => withValue(r, "member_id", str(body, "memberId")));
    case "getMessage": {
      const uid = body["messageUid"];
      return result(answer, (r) => withValue(r, "messageId", typeof uid === "bigint" || typeof uid === "number" ? uid : undefined));
    }
    case "getUserSetting":
      return result(answer, (r) => withValue(withValue(withValue(r, "userId", str(body, "userId")), "scope", int(body, "scope")), "key", str(body, "key")));
    case "getRelation":
      return result(answer, (r) => withValue(withValue(r, "userId", str(body, "first")), "targetId", str(body, "second")));
    case "getFriendAlias":
      return result(answer, (r) => withValue(withValue(r, "operator", str(body, "operator")), "targetId", str(body, "targetId")));
    case "getChannelInfo":
      return result(answer, (r) => withValue(r, "channelId", str(body, "channelId")));
    case "createChannel":
      return result(answer, (r) => withValue(r, "targetId", text(body, "targetId")));
    case "createChatroom":
      return result(answer, (r) => withValue(r, "chatroomId", text(body, "chatroomId")));
    case "getChatroomInfo":
      return result(answer, (r) => withValue(r, "chatroomId", str(body, "chatroomId")));
    case "getSystemSetting":
      return result(answer, (r) => withValue(r, "id", int(body, "id")));
    default:
      return undefined;
  }
}
