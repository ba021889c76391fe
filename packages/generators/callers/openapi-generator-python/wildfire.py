"""wildfire: look a user up by id (POST /admin/user/get_info), signed as the admin API wants."""
import hashlib
import os
import time
import uuid

import wildfire_client
from wildfire_client.models.get_user_info_request import GetUserInfoRequest

secret = os.environ["IM_WILDFIRE_SECRET"]


def sign(configuration):
    """Fresh nonce, timestamp (ms) and sign = sha1_hex(nonce|secret|timestamp), set before each request
    (refresh_api_key_hook would run once per key and sign a nonce it did not send)."""
    nonce = uuid.uuid4().hex
    timestamp = str(int(time.time() * 1000))
    configuration.api_key["nonce"] = nonce
    configuration.api_key["timestamp"] = timestamp
    configuration.api_key["sign"] = hashlib.sha1(f"{nonce}|{secret}|{timestamp}".encode()).hexdigest()


configuration = wildfire_client.Configuration(host=os.environ["IM_BASE_URL"])
with wildfire_client.ApiClient(configuration) as api_client:
    users = wildfire_client.UserApi(api_client)
    sign(configuration)
    response = users.get_user_info_with_http_info(GetUserInfoRequest(user_id="u_generators"))
    body = response.data
    if response.status_code != 200 or body.code != 0:
        raise SystemExit(f"getUserInfo: HTTP {response.status_code}, code {body.code} ({body.msg}); expected 0")
    if body.result is None or body.result.user_id != "u_generators":
        raise SystemExit(f"getUserInfo: result {body.result!r}; expected user u_generators")
    print(f"getUserInfo: HTTP {response.status_code}, code {body.code}, user {body.result.user_id} ({body.result.display_name})")
