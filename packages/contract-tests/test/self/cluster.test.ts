// What a WuKongIM cluster does differently from a single node, played by a small fake node whose
// answers are copied from a real v2.2.5 cluster: a follower replica that lags behind the channel
// leader (clearUnread then clears nothing), and reads that only the slot leader answers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runContract } from "../../src/run.js";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
});

type Handler = (method: string, path: string, query: URLSearchParams, body: Record<string, unknown>, res: http.ServerResponse) => boolean;

/** Ends the answer; true tells node() that the handler took the request. */
function answer(res: http.ServerResponse, text: string): true {
  res.end(text);
  return true;
}

/** A node answering `{"status":200}` to everything the handler does not take. */
async function node(handler: Handler): Promise<string> {
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      res.setHeader("content-type", "application/json; charset=utf-8");
      if (url.pathname === "/health") return void res.end('{"status":"ok"}');
      if (!handler(req.method ?? "GET", url.pathname, url.searchParams, body, res)) res.end('{"status":200}');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const message = (channel: string, from: string, clientMsgNo: string) => ({
  header: { no_persist: 0, red_dot: 1, sync_once: 0 }, setting: 0, message_id: 2128941608404422656, message_idstr: "2128941608404422656",
  client_msg_no: clientMsgNo, message_seq: 1, from_uid: from, channel_id: channel, channel_type: 2, expire: 0, timestamp: 1796414207, payload: "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGkifQ==",
});

describe("a cluster node", () => {
  it("clears unread messages once every replica holds the message (a follower that lags clears nothing)", async () => {
    const lagMs = 800;
    let sent: { at: number; channel: string; from: string; clientMsgNo: string } | undefined;
    let readTo = 0;
    const clears: number[] = [];
    const replicaAnswers: number[] = [];
    const caughtUp = () => sent !== undefined && Date.now() - sent.at >= lagMs;
    const url = await node((method, path, _query, body, res) => {
      if (method === "POST" && path === "/message/send" && String(body["channel_id"]).endsWith("_g")) {
        sent = { at: Date.now(), channel: String(body["channel_id"]), from: String(body["from_uid"]), clientMsgNo: String(body["client_msg_no"]) };
        return answer(res, JSON.stringify({ data: { client_msg_no: sent.clientMsgNo, message_id: 2128941608404422656 }, status: 200 }));
      }
      if (!sent) return false;
      if (path === "/channel/max_message_seq") return answer(res, '{"message_seq":1}');
      if (path === "/channel/messagesync" && body["channel_id"] === sent.channel) return answer(res, JSON.stringify({ start_message_seq: 0, end_message_seq: 0, more: 0, messages: [message(sent.channel, sent.from, sent.clientMsgNo)] }));
      if (path === "/conversation/sync") {
        return answer(res, JSON.stringify([{ channel_id: sent.channel, channel_type: 2, unread: readTo >= 1 ? 0 : 1, timestamp: 1796414207, last_msg_seq: 1, last_client_msg_no: sent.clientMsgNo, offset_msg_seq: 0, readed_to_msg_seq: readTo, version: 1796414207000000000, recents: [] }]));
      }
      if (path === "/conversations/clearUnread" && body["channel_id"] === sent.channel) {
        // Answered by u2's slot leader from its own replica of the group: behind until it catches up.
        clears.push(Date.now());
        if (caughtUp()) readTo = 1;
        return false;
      }
      if (path === `/cluster/channels/${sent.channel}/2/replicas`) {
        const followerSeq = caughtUp() ? 1 : 0;
        replicaAnswers.push(followerSeq);
        const replica = (id: number, seq: number, role: number) => ({ replica_id: id, leader_id: 1003, running: 1, last_msg_seq: seq, last_msg_time: 1796414207929279635, term: 1, conf_version: 10, role, role_format: role === 3 ? "leader" : "follower", last_msg_time_format: "1s" });
        return answer(res, JSON.stringify([replica(1003, 1, 3), replica(1002, followerSeq, 1), replica(1001, 1, 1)]));
      }
      return false;
    });
    const report = await runContract({ targets: { wukongim: { url } }, write: true });
    const step = report.checks.find((c) => c.kind === "scenario" && c.name.includes("clears them"))!;
    expect(step).toMatchObject({ outcome: "passed" });
    // It asked for the replicas until the follower held the message, and cleared only after that.
    expect(replicaAnswers.at(-1)).toBe(1);
    expect(replicaAnswers).toContain(0);
    expect(clears).toHaveLength(1);
    expect(clears[0]! - sent!.at).toBeGreaterThanOrEqual(lagMs);
  }, 120_000);

  it("asks each node for a read only the channel's slot leader answers, and keeps tags on the answering node", async () => {
    const configAsked: string[] = [];
    const tagsAsked: string[] = [];
    const eventClientMsgNos: string[] = [];
    const sendClientMsgNos: string[] = [];
    const url = await node((method, path, query, body, res) => {
      if (path === "/cluster/simpleNodes") {
        const n = (id: number) => ({ id, role: 0, cluster_addr: `127.0.0.1:2111${id - 1000}`, api_server_addr: `http://127.0.0.1:1600${id - 1000}`, online: 1, allow_vote: 1, slot_count: 64, slot_leader_count: 21, status: 3, status_format: "已加入" });
        return answer(res, JSON.stringify({ total: 3, data: [n(1001), n(1002), n(1003)] }));
      }
      if (path.startsWith("/cluster/channels/") && path.endsWith("/config")) {
        configAsked.push(query.get("node_id") ?? "");
        if (query.get("node_id") !== "1003") {
          res.writeHead(400);
          return answer(res, '{"msg":"slot leader is not current node","status":400}');
        }
        return answer(res, JSON.stringify({ channel_id: decodeURIComponent(path.split("/")[3]!), channel_type: 2, replica_max_count: 3, replicas: [1003, 1001, 1002], learder_id: 1003, term: 1, conf_version: 1, created_at: "2026-12-04T19:47:50.343874311Z", updated_at: "2026-12-04T19:47:50.343874411Z" }));
      }
      if (path === "/tags") {
        tagsAsked.push(query.get("node_id") ?? "");
        return answer(res, "[]");
      }
      if (path === "/message/send") {
        sendClientMsgNos.push(String(body["client_msg_no"]));
        return answer(res, JSON.stringify({ data: { client_msg_no: body["client_msg_no"], message_id: 2128941608404422656 }, status: 200 }));
      }
      if (path === "/message/event" && method === "POST") eventClientMsgNos.push(String(body["client_msg_no"]));
      return false;
    });
    const report = await runContract({ targets: { wukongim: { url } }, write: true, operations: ["getClusterChannelConfig", "listTags", "sendMessage", "appendMessageEvent"] });
    const fixture = (op: string) => report.checks.find((c) => c.kind === "fixture" && c.operation === op)!;
    // The example's node 1001 is not the slot leader here: 1002 and 1003 are asked in turn.
    expect(configAsked.slice(-3)).toEqual(["1001", "1002", "1003"]);
    expect(fixture("getClusterChannelConfig")).toMatchObject({ outcome: "passed", status: 200 });
    expect(fixture("getClusterChannelConfig").note).toMatch(/^success path \(asked node 1003/);
    expect(report.coverage.wukongim!.find((r) => r.operation === "getClusterChannelConfig")).toMatchObject({ success: true });
    // The sweep lists node 1001's tags as the example says; the fixture pass lists the answering node's.
    expect(tagsAsked).toEqual(["1001", "0"]);
    // The pass's own client_msg_no carries the run prefix and is the one the event is appended to.
    const own = sendClientMsgNos.at(-1)!;
    expect(own.startsWith(`${report.runPrefix}_fx_`)).toBe(true);
    expect(eventClientMsgNos.at(-1)).toBe(own);
  }, 120_000);
});
