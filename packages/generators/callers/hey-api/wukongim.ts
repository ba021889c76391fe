// WuKongIM: send a text message to a group (POST /message/send) with the generated SDK.
import { createClient } from "./client/client/index.js";
import { sendMessage } from "./client/sdk.gen.js";
import type { SendMessageResponse } from "./client/types.gen.js";

// `payload` (format: byte) is typed string: the caller encodes, standard padded base64.
const payload = Buffer.from(JSON.stringify({ type: 1, content: "hello" })).toString("base64");

const client = createClient({ baseUrl: process.env.IM_BASE_URL });
const { data, error, response } = await sendMessage({
  client,
  body: { from_uid: "u_generators", channel_id: "g_generators", channel_type: 2, payload },
});
if (error !== undefined || data === undefined) throw new Error(`sendMessage: HTTP ${response?.status} ${JSON.stringify(error)}`);
const sent: SendMessageResponse = data;
if (sent.status !== 200 || sent.data === undefined || !Number.isInteger(sent.data.message_id) || sent.data.client_msg_no === "") {
  throw new Error(`sendMessage: ${JSON.stringify(sent)}; expected status 200 with an integer data.message_id and a non-empty data.client_msg_no`);
}
// message_id is typed number and read with JSON.parse: a snowflake above 2^53 - 1 arrives rounded.
const rounded = Number.isSafeInteger(sent.data.message_id) ? "" : " (above 2^53 - 1: JSON.parse may have rounded it)";
console.log(`sendMessage: HTTP ${response?.status}, status ${sent.status}, message_id ${sent.data.message_id} (number)${rounded}, client_msg_no ${JSON.stringify(sent.data.client_msg_no)}`);
