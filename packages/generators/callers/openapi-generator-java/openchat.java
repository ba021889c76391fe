// OpenChat: the caller's WuKongIM token (POST /api/v1/im/token), with a bearer token.
package org.imopenapi.call;

import java.util.Map;
import org.imopenapi.openchat.api.ConnectionApi;
import org.imopenapi.openchat.client.ApiClient;
import org.imopenapi.openchat.client.ApiResponse;
import org.imopenapi.openchat.model.GetImToken200Response;
import org.imopenapi.openchat.model.GetImToken200ResponseOneOf;

public class Call {
  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    client.setBasePath(System.getenv("IM_BASE_URL"));
    client.setBearerToken(System.getenv("IM_BEARER_TOKEN"));
    ApiResponse<GetImToken200Response> response = new ConnectionApi(client).getImTokenWithHttpInfo(Map.of());
    Object answer = response.getData().getActualInstance();
    if (response.getStatusCode() != 200 || !(answer instanceof GetImToken200ResponseOneOf)) {
      throw new IllegalStateException("getImToken: HTTP " + response.getStatusCode() + ", " + answer + "; expected the token");
    }
    String token = ((GetImToken200ResponseOneOf) answer).getData().getToken();
    if (token == null || token.isEmpty()) throw new IllegalStateException("getImToken: empty token");
    System.out.println("getImToken: HTTP " + response.getStatusCode() + ", token \"" + token + "\"");
  }
}
