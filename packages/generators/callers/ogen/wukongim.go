// WuKongIM: register a device token (POST /user/token) with the generated client.
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
	res, err := c.UpdateUserToken(context.Background(), &client.UpdateUserTokenReq{
		UID:         "u_generators",
		Token:       "token_generators",
		DeviceFlag:  client.NewOptDeviceFlag(client.DeviceFlag(0)),
		DeviceLevel: client.NewOptInt(1),
	})
	if err != nil {
		log.Fatalf("updateUserToken: %v", err)
	}
	ok, isOK := res.(*client.UpdateUserTokenOK)
	if !isOK || !ok.IsStatusOk() || ok.StatusOk.Status != 200 {
		log.Fatalf("updateUserToken: %T %+v; expected StatusOk with status 200", res, res)
	}
	fmt.Printf("updateUserToken: %T, status %d\n", res, ok.StatusOk.Status)
}
