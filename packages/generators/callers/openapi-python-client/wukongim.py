"""WuKongIM: send a text message to a group (POST /message/send) with the generated client."""
import base64
import json
import os

from wukongim_client import Client
from wukongim_client.api.message import send_message
from wukongim_client.models import SendMessageBody, SendMessageResult, SendMessageResultData

# The generated body types `payload` (format: byte) as str: the caller encodes, standard padded base64.
payload = base64.b64encode(json.dumps({"type": 1, "content": "hello"}).encode()).decode("ascii")

client = Client(base_url=os.environ["IM_BASE_URL"], raise_on_unexpected_status=True)
response = send_message.sync_detailed(
    client=client, body=SendMessageBody(from_uid="u_generators", channel_id="g_generators", channel_type=2, payload=payload)
)
sent = response.parsed
if (
    response.status_code != 200
    or not isinstance(sent, SendMessageResult)
    or sent.status != 200
    or not isinstance(sent.data, SendMessageResultData)
    or not isinstance(sent.data.message_id, int)
    or not sent.data.client_msg_no
):
    raise SystemExit(
        f"sendMessage: HTTP {response.status_code}, {sent!r}; expected status 200 with data.message_id and a non-empty data.client_msg_no"
    )
print(
    f"sendMessage: HTTP {response.status_code}, status {sent.status}, message_id {sent.data.message_id} (int), client_msg_no {sent.data.client_msg_no!r}"
)
