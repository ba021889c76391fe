// WuKongIM: register a device token (POST /user/token) with the generated client.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"

	"example.com/imcall/client"
)

func main() {
	c, err := client.NewClient(os.Getenv("IM_BASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.UpdateUserToken(context.Background(), &client.UpdateUserTokenReq{Uid: "u_generators", Token: "token_generators"})
	if err != nil {
		log.Fatalf("updateUserToken: %v", err)
	}
	// ogen has validated and decoded the answer into its type; read it back as JSON to check it.
	body, err := json.Marshal(res)
	if err != nil {
		log.Fatalf("updateUserToken: %T: %v", res, err)
	}
	var answer struct {
		Status int `json:"status"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || answer.Status != 200 {
		log.Fatalf("updateUserToken: %T %s; expected status 200", res, body)
	}
	fmt.Printf("updateUserToken: %T %s\n", res, body)
}
