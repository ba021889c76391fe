// The request values OpenChat's IM routes give back, copied into the spec's example answers in the
// stateless mode: the channel created or deleted, and the caller's uid in the IM config.
import type { Json } from "../json.js";
import type { ParsedRequest } from "../room.js";
import { asList, asObj, bodyOf, str, withValue } from "../values.js";
import { callerOf } from "./identity.js";

function data(answer: Json, change: (d: Json) => Json): Json | undefined {
  const out = asObj(answer);
  if (out["success"] !== true) return undefined;
  return { ...out, data: change(out["data"] ?? null) };
}

export function openchatEcho(operationId: string, request: ParsedRequest, answer: Json): Json | undefined {
  const body = bodyOf(request);
  switch (operationId) {
    case "getImConfig":
      return data(answer, (d) => withValue(asObj(d), "uid", callerOf(request)?.userId));
    case "createChannel":
      return data(answer, () => {
        let d = { channelId: body["channelId"] ?? "", channelType: body["channelType"] ?? 2 } as Record<string, Json>;
        for (const key of ["name", "avatar"]) d = withValue(d, key, str(body, key));
        return d;
      });
    case "deleteChannel":
      return data(answer, (d) => withValue(asObj(d), "channelId", str(body, "channelId")));
    case "syncMessages": {
      const channelId = request.query.get("channelId") ?? undefined;
      const channelType = Number(request.query.get("channelType"));
      return data(answer, (d) => asList(d).map((m) => withValue(withValue(asObj(m), "channelId", channelId), "channelType", Number.isInteger(channelType) ? channelType : undefined)));
    }
    default:
      return undefined;
  }
}
