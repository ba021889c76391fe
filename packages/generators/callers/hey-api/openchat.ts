// OpenChat: the caller's WuKongIM token (POST /api/v1/im/token), with a bearer token.
import { createClient } from "./client/client/index.js";
import { getImToken } from "./client/sdk.gen.js";

const client = createClient({ baseUrl: process.env.IM_BASE_URL, auth: () => process.env.IM_BEARER_TOKEN });
const { data, error, response } = await getImToken({ client, body: {} });
if (error !== undefined || data === undefined) throw new Error(`getImToken: HTTP ${response?.status} ${JSON.stringify(error)}`);
if (!data.success) throw new Error(`getImToken: success false (${data.message})`);
if (data.data.token === "") throw new Error("getImToken: empty token");
console.log(`getImToken: HTTP ${response?.status}, token ${JSON.stringify(data.data.token)}`);
