// WuKongIM: register a device token (POST /user/token) with the generated client.
package org.imopenapi.call;

import org.imopenapi.wukongim.api.UserApi;
import org.imopenapi.wukongim.client.ApiClient;
import org.imopenapi.wukongim.client.ApiResponse;
import org.imopenapi.wukongim.model.StatusOk;
import org.imopenapi.wukongim.model.UpdateUserToken200Response;
import org.imopenapi.wukongim.model.UpdateUserTokenRequest;

public class Call {
  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    client.setBasePath(System.getenv("IM_BASE_URL"));
    ApiResponse<UpdateUserToken200Response> response = new UserApi(client).updateUserTokenWithHttpInfo(
        new UpdateUserTokenRequest().uid("u_generators").token("token_generators").deviceFlag(0).deviceLevel(1));
    Object answer = response.getData().getActualInstance();
    if (response.getStatusCode() != 200 || !(answer instanceof StatusOk) || ((StatusOk) answer).getStatus().getValue() != 200) {
      throw new IllegalStateException("updateUserToken: HTTP " + response.getStatusCode() + ", " + answer + "; expected StatusOk with status 200");
    }
    System.out.println("updateUserToken: HTTP " + response.getStatusCode() + ", " + ((StatusOk) answer).toJson());
  }
}
