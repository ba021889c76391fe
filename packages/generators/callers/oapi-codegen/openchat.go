// OpenChat: the caller's WuKongIM token (POST /api/v1/im/token), with a bearer token.
package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"

	"example.com/imcall/client"
)

func main() {
	bearer := func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+os.Getenv("IM_BEARER_TOKEN"))
		return nil
	}
	c, err := client.NewClientWithResponses(os.Getenv("IM_BASE_URL"), client.WithRequestEditorFn(bearer))
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.GetImTokenWithResponse(context.Background(), client.GetImTokenJSONRequestBody{})
	if err != nil {
		log.Fatalf("getImToken: %v", err)
	}
	if res.JSON200 == nil {
		log.Fatalf("getImToken: HTTP %d, no JSON 200 body: %s", res.StatusCode(), res.Body)
	}
	ok, err := res.JSON200.AsGetImToken200JSONResponseBody0()
	if err != nil {
		log.Fatalf("getImToken: the answer is not the success variant: %v: %s", err, res.Body)
	}
	if ok.Success != true || ok.Data.Token == "" {
		log.Fatalf("getImToken: success %v, token %q: %s", ok.Success, ok.Data.Token, res.Body)
	}
	fmt.Printf("getImToken: HTTP %d, token %q\n", res.StatusCode(), ok.Data.Token)
}
