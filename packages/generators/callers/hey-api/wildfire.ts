// wildfire: look a user up by id (POST /admin/user/get_info), signed as the admin API wants.
import { createHash, randomUUID } from "node:crypto";
import { createClient } from "./client/client/index.js";
import { getUserInfo } from "./client/sdk.gen.js";
import type { User } from "./client/types.gen.js";

const secret = process.env.IM_WILDFIRE_SECRET ?? "";
const client = createClient({ baseUrl: process.env.IM_BASE_URL });
// nonce, timestamp (ms) and sign = sha1_hex(nonce|secret|timestamp), fresh on every request.
client.interceptors.request.use((request) => {
  const nonce = randomUUID();
  const timestamp = String(Date.now());
  request.headers.set("nonce", nonce);
  request.headers.set("timestamp", timestamp);
  request.headers.set("sign", createHash("sha1").update(`${nonce}|${secret}|${timestamp}`).digest("hex"));
  return request;
});
const { data, error, response } = await getUserInfo({ client, body: { userId: "u_generators" } });
if (error !== undefined || data === undefined) throw new Error(`getUserInfo: HTTP ${response?.status} ${JSON.stringify(error)}`);
if (data.code !== 0) throw new Error(`getUserInfo: code ${data.code} (${data.msg}), expected 0`);
const user: User | undefined = data.result;
if (user?.userId !== "u_generators") throw new Error(`getUserInfo: result.userId ${user?.userId}, expected u_generators`);
console.log(`getUserInfo: HTTP ${response?.status}, code ${data.code}, user ${user.userId} (${user.displayName})`);
