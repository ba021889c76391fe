// WuKongIM: send a text message to a group (POST /message/send) with the generated client.
package org.imopenapi.call;

import java.nio.charset.StandardCharsets;
import org.imopenapi.wukongim.api.MessageApi;
import org.imopenapi.wukongim.client.ApiClient;
import org.imopenapi.wukongim.client.ApiResponse;
import org.imopenapi.wukongim.model.SendMessageRequest;
import org.imopenapi.wukongim.model.SendMessageResult;
import org.imopenapi.wukongim.model.SendMessageResultData;

public class Call {
  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    client.setBasePath(System.getenv("IM_BASE_URL"));
    // payload is a byte[]; the client's JSON adapter sends it as standard padded base64.
    ApiResponse<SendMessageResult> response = new MessageApi(client).sendMessageWithHttpInfo(
        new SendMessageRequest().fromUid("u_generators").channelId("g_generators").channelType(2)
            .payload("{\"type\":1,\"content\":\"hello\"}".getBytes(StandardCharsets.UTF_8)));
    SendMessageResult sent = response.getData();
    SendMessageResultData data = sent == null ? null : sent.getData();
    if (response.getStatusCode() != 200 || sent.getStatus() == null || sent.getStatus().getValue() != 200
        || data == null || data.getMessageId() == null || data.getClientMsgNo() == null || data.getClientMsgNo().isEmpty()) {
      throw new IllegalStateException("sendMessage: HTTP " + response.getStatusCode() + ", " + sent
          + "; expected status 200 with data.message_id and a non-empty data.client_msg_no");
    }
    long messageId = data.getMessageId();
    System.out.println("sendMessage: HTTP " + response.getStatusCode() + ", status " + sent.getStatus().getValue()
        + ", message_id " + messageId + " (Long), client_msg_no \"" + data.getClientMsgNo() + "\"");
  }
}
