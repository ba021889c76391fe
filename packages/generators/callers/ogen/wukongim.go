// WuKongIM: send a text message to a group (POST /message/send) with the generated client.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"example.com/imcall/client"
	"github.com/ogen-go/ogen/ogenerrors"
)

// noManagerToken: the mock, like a server without the `managerToken` setting, wants no token.
type noManagerToken struct{}

func (noManagerToken) ManagerToken(context.Context, client.OperationName) (client.ManagerToken, error) {
	return client.ManagerToken{}, ogenerrors.ErrSkipClientSecurity
}

func main() {
	c, err := client.NewClient(os.Getenv("IM_BASE_URL"), noManagerToken{})
	if err != nil {
		log.Fatal(err)
	}
	// Payload is a []byte, sent as standard padded base64.
	res, err := c.SendMessage(context.Background(), &client.SendMessageReq{
		FromUID:     client.NewOptString("u_generators"),
		ChannelID:   client.NewOptString("g_generators"),
		ChannelType: client.NewOptChannelType(client.ChannelType(2)),
		Payload:     []byte(`{"type":1,"content":"hello"}`),
	})
	if err != nil {
		log.Fatalf("sendMessage: %v", err)
	}
	sent, isResult := res.(*client.SendMessageResult)
	if !isResult || sent.Status != 200 || !sent.Data.IsSet() || sent.Data.Value.ClientMsgNo == "" {
		log.Fatalf("sendMessage: %T %+v; expected SendMessageResult with status 200, data.message_id and a non-empty data.client_msg_no", res, res)
	}
	var id int64 = sent.Data.Value.MessageID
	fmt.Printf("sendMessage: %T, status %d, message_id %d (int64), client_msg_no %q\n", res, sent.Status, id, sent.Data.Value.ClientMsgNo)
}
