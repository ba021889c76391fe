"""WuKongIM: send a text message to a group (POST /message/send) with the generated client."""
import base64
import json
import os

import wukongim_client
from wukongim_client.models.send_message_request import SendMessageRequest
from wukongim_client.models.send_message_result import SendMessageResult

# The generated model accepts bytes or str for the base64 `payload`, but the client puts bytes into
# the JSON body as they are (json.dumps refuses them), so the caller encodes: standard padded base64.
payload = base64.b64encode(json.dumps({"type": 1, "content": "hello"}).encode()).decode("ascii")

configuration = wukongim_client.Configuration(host=os.environ["IM_BASE_URL"])
with wukongim_client.ApiClient(configuration) as api_client:
    messages = wukongim_client.MessageApi(api_client)
    response = messages.send_message_with_http_info(
        SendMessageRequest(from_uid="u_generators", channel_id="g_generators", channel_type=2, payload=payload)
    )
    sent = response.data
    if (
        response.status_code != 200
        or not isinstance(sent, SendMessageResult)
        or sent.status != 200
        or sent.data is None
        or not isinstance(sent.data.message_id, int)
        or not sent.data.client_msg_no
    ):
        raise SystemExit(
            f"sendMessage: HTTP {response.status_code}, {sent!r}; expected status 200 with data.message_id and a non-empty data.client_msg_no"
        )
    print(
        f"sendMessage: HTTP {response.status_code}, status {sent.status}, message_id {sent.data.message_id} (int), client_msg_no {sent.data.client_msg_no!r}"
    )
