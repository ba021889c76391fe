"""WuKongIM: register a device token (POST /user/token) with the generated client."""
import os

from wukongim_client import Client
from wukongim_client.api.user import update_user_token
from wukongim_client.models import StatusOk, UpdateUserTokenBody

client = Client(base_url=os.environ["IM_BASE_URL"], raise_on_unexpected_status=True)
response = update_user_token.sync_detailed(
    client=client, body=UpdateUserTokenBody(uid="u_generators", token="token_generators", device_flag=0, device_level=1)
)
answer = response.parsed
if response.status_code != 200 or not isinstance(answer, StatusOk) or answer.status != 200:
    raise SystemExit(f"updateUserToken: HTTP {response.status_code}, {answer!r}; expected StatusOk with status 200")
print(f"updateUserToken: HTTP {response.status_code}, {answer.to_dict()}")
