"""WuKongIM: register a device token (POST /user/token) with the generated client."""
import os

import wukongim_client
from wukongim_client.models.status_ok import StatusOk
from wukongim_client.models.update_user_token_request import UpdateUserTokenRequest

configuration = wukongim_client.Configuration(host=os.environ["IM_BASE_URL"])
with wukongim_client.ApiClient(configuration) as api_client:
    users = wukongim_client.UserApi(api_client)
    response = users.update_user_token_with_http_info(
        UpdateUserTokenRequest(uid="u_generators", token="token_generators", device_flag=0, device_level=1)
    )
    answer = response.data.actual_instance
    if response.status_code != 200 or not isinstance(answer, StatusOk) or answer.status != 200:
        raise SystemExit(f"updateUserToken: HTTP {response.status_code}, {answer!r}; expected StatusOk with status 200")
    print(f"updateUserToken: HTTP {response.status_code}, {answer.to_json()}")
