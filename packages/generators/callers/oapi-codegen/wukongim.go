// WuKongIM: register a device token (POST /user/token) with the generated client.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"example.com/imcall/client"
)

func main() {
	c, err := client.NewClientWithResponses(os.Getenv("IM_BASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	flag := client.DeviceFlag(0)
	level := 1
	res, err := c.UpdateUserTokenWithResponse(context.Background(), client.UpdateUserTokenJSONRequestBody{
		Uid: "u_generators", Token: "token_generators", DeviceFlag: &flag, DeviceLevel: &level,
	})
	if err != nil {
		log.Fatalf("updateUserToken: %v", err)
	}
	if res.JSON200 == nil {
		log.Fatalf("updateUserToken: HTTP %d, no JSON 200 body: %s", res.StatusCode(), res.Body)
	}
	stored, err := res.JSON200.AsStatusOk()
	if err != nil || stored.Status != 200 {
		log.Fatalf("updateUserToken: status %d (%v), expected 200: %s", stored.Status, err, res.Body)
	}
	fmt.Printf("updateUserToken: HTTP %d, %s\n", res.StatusCode(), res.Body)
}
