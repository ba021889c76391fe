// wildfire: look a user up by id (POST /admin/user/get_info), signed as the admin API wants.
package org.imopenapi.call;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import okhttp3.Interceptor;
import org.imopenapi.wildfire.api.UserApi;
import org.imopenapi.wildfire.client.ApiClient;
import org.imopenapi.wildfire.client.ApiResponse;
import org.imopenapi.wildfire.model.GetUserInfo200Response;
import org.imopenapi.wildfire.model.GetUserInfoRequest;
import org.imopenapi.wildfire.model.User;

public class Call {
  /** nonce, timestamp (ms) and sign = sha1_hex(nonce|secret|timestamp), fresh on every request. */
  static Interceptor signer(String secret) {
    return chain -> {
      String nonce = UUID.randomUUID().toString();
      String timestamp = Long.toString(System.currentTimeMillis());
      String sign;
      try {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest((nonce + "|" + secret + "|" + timestamp).getBytes(StandardCharsets.UTF_8));
        sign = HexFormat.of().formatHex(digest);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      return chain.proceed(chain.request().newBuilder().header("nonce", nonce).header("timestamp", timestamp).header("sign", sign).build());
    };
  }

  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    client.setBasePath(System.getenv("IM_BASE_URL"));
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(signer(System.getenv("IM_WILDFIRE_SECRET"))).build());
    ApiResponse<GetUserInfo200Response> response = new UserApi(client).getUserInfoWithHttpInfo(new GetUserInfoRequest().userId("u_generators"));
    GetUserInfo200Response body = response.getData();
    if (response.getStatusCode() != 200 || body.getCode().getValue() != 0) {
      throw new IllegalStateException("getUserInfo: HTTP " + response.getStatusCode() + ", code " + body.getCode() + " (" + body.getMsg() + "); expected 0");
    }
    User user = body.getResult();
    if (user == null || !"u_generators".equals(user.getUserId())) {
      throw new IllegalStateException("getUserInfo: result " + user + "; expected user u_generators");
    }
    System.out.println("getUserInfo: HTTP " + response.getStatusCode() + ", code " + body.getCode() + ", user " + user.getUserId() + " (" + user.getDisplayName() + ")");
  }
}
