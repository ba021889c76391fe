// OpenChat: the caller's WuKongIM token (POST /api/v1/im/token), with a bearer token.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"example.com/imcall/client"
)

type bearer string

func (b bearer) BearerAuth(context.Context, client.OperationName) (client.BearerAuth, error) {
	return client.BearerAuth{Token: string(b)}, nil
}

func main() {
	c, err := client.NewClient(os.Getenv("IM_BASE_URL"), bearer(os.Getenv("IM_BEARER_TOKEN")))
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.GetImToken(context.Background(), &client.GetImTokenReq{})
	if err != nil {
		log.Fatalf("getImToken: %v", err)
	}
	ok, isOK := res.(*client.GetImTokenOK)
	if !isOK || !ok.IsGetImTokenOK0() || ok.GetImTokenOK0.Data.Token == "" {
		log.Fatalf("getImToken: %T %+v; expected the token", res, res)
	}
	fmt.Printf("getImToken: %T, token %q\n", res, ok.GetImTokenOK0.Data.Token)
}
