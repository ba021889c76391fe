"""OpenChat: the caller's WuKongIM token (POST /api/v1/im/token), with a bearer token."""
import os

from openchat_client import AuthenticatedClient
from openchat_client.api.connection import get_im_token
from openchat_client.models import GetImTokenBody, HandlerFailure

client = AuthenticatedClient(base_url=os.environ["IM_BASE_URL"], token=os.environ["IM_BEARER_TOKEN"], raise_on_unexpected_status=True)
response = get_im_token.sync_detailed(client=client, body=GetImTokenBody())
answer = response.parsed
if response.status_code != 200 or answer is None or isinstance(answer, HandlerFailure) or not answer.data.token:
    raise SystemExit(f"getImToken: HTTP {response.status_code}, {answer!r}; expected the token")
print(f"getImToken: HTTP {response.status_code}, token {answer.data.token!r}")
