// WuKongIM: send a text message to a group (POST /message/send) with the generated client.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"regexp"
	"strconv"

	"example.com/imcall/client"
)

func main() {
	c, err := client.NewClientWithResponses(os.Getenv("IM_BASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	from, channel, group := "u_generators", "g_generators", client.ChannelType(2)
	// Payload is a []byte: encoding/json sends it as standard padded base64, as the server expects.
	res, err := c.SendMessageWithResponse(context.Background(), client.SendMessageJSONRequestBody{
		FromUid: &from, ChannelId: &channel, ChannelType: &group,
		Payload: []byte(`{"type":1,"content":"hello"}`),
	})
	if err != nil {
		log.Fatalf("sendMessage: %v", err)
	}
	if res.JSON200 == nil {
		log.Fatalf("sendMessage: HTTP %d, no JSON 200 body: %s", res.StatusCode(), res.Body)
	}
	sent := res.JSON200
	if sent.Status != 200 || sent.Data == nil || sent.Data.ClientMsgNo == "" {
		log.Fatalf("sendMessage: %+v; expected status 200 with data.message_id and a non-empty data.client_msg_no: %s", sent, res.Body)
	}
	// MessageId is an int64; the snowflake is above 2^53, so compare it with the digits on the wire.
	wire := regexp.MustCompile(`"message_id":\s*(-?\d+)`).FindSubmatch(res.Body)
	if wire == nil || string(wire[1]) != strconv.FormatInt(sent.Data.MessageId, 10) {
		log.Fatalf("sendMessage: message_id decoded as %d, the body says %s", sent.Data.MessageId, res.Body)
	}
	fmt.Printf("sendMessage: HTTP %d, status %d, message_id %d (int64), client_msg_no %q\n", res.StatusCode(), sent.Status, sent.Data.MessageId, sent.Data.ClientMsgNo)
}
