"""OpenChat: the caller's WuKongIM token (POST /api/v1/im/token), with a bearer token."""
import os

import openchat_client
from openchat_client.models.handler_failure import HandlerFailure

configuration = openchat_client.Configuration(host=os.environ["IM_BASE_URL"], access_token=os.environ["IM_BEARER_TOKEN"])
with openchat_client.ApiClient(configuration) as api_client:
    connection = openchat_client.ConnectionApi(api_client)
    response = connection.get_im_token_with_http_info({})
    answer = response.data.actual_instance
    if response.status_code != 200 or answer is None or isinstance(answer, HandlerFailure) or not answer.data.token:
        raise SystemExit(f"getImToken: HTTP {response.status_code}, {answer!r}; expected the token")
    print(f"getImToken: HTTP {response.status_code}, token {answer.data.token!r}")
