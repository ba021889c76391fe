// WuKongIM: register a device token (POST /user/token) with the generated SDK.
import { createClient } from "./client/client/index.js";
import { updateUserToken } from "./client/sdk.gen.js";
import type { UpdateUserTokenResponse } from "./client/types.gen.js";

const client = createClient({ baseUrl: process.env.IM_BASE_URL });
const { data, error, response } = await updateUserToken({
  client,
  body: { uid: "u_generators", token: "token_generators", device_flag: 0, device_level: 1 },
});
if (error !== undefined || data === undefined) throw new Error(`updateUserToken: HTTP ${response?.status} ${JSON.stringify(error)}`);
const answer: UpdateUserTokenResponse = data;
if (answer.status !== 200) throw new Error(`updateUserToken: status ${answer.status}, expected 200`);
console.log(`updateUserToken: HTTP ${response?.status}, ${JSON.stringify(answer)}`);
