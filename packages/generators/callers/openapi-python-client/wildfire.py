"""wildfire: look a user up by id (POST /admin/user/get_info), signed as the admin API wants."""
import hashlib
import os
import time
import uuid

from wildfire_client import Client
from wildfire_client.api.user import get_user_info
from wildfire_client.models import GetUserInfoRequest, GetUserInfoResponse200

secret = os.environ["IM_WILDFIRE_SECRET"]


def sign(request):
    """nonce, timestamp (ms) and sign = sha1_hex(nonce|secret|timestamp), fresh on every request."""
    nonce = uuid.uuid4().hex
    timestamp = str(int(time.time() * 1000))
    request.headers["nonce"] = nonce
    request.headers["timestamp"] = timestamp
    request.headers["sign"] = hashlib.sha1(f"{nonce}|{secret}|{timestamp}".encode()).hexdigest()


client = Client(base_url=os.environ["IM_BASE_URL"], raise_on_unexpected_status=True, httpx_args={"event_hooks": {"request": [sign]}})
response = get_user_info.sync_detailed(client=client, body=GetUserInfoRequest(user_id="u_generators"))
body = response.parsed
if response.status_code != 200 or not isinstance(body, GetUserInfoResponse200) or body.code != 0:
    raise SystemExit(f"getUserInfo: HTTP {response.status_code}, {body!r}; expected code 0")
if not body.result or body.result.user_id != "u_generators":
    raise SystemExit(f"getUserInfo: result {body.result!r}; expected user u_generators")
print(f"getUserInfo: HTTP {response.status_code}, code {body.code}, user {body.result.user_id} ({body.result.display_name})")
