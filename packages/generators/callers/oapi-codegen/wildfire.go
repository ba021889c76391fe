// wildfire: look a user up by id (POST /admin/user/get_info), signed as the admin API wants.
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"

	"example.com/imcall/client"
)

// sign sets nonce, timestamp (ms) and sign = sha1_hex(nonce|secret|timestamp) on each request.
func sign(secret string) client.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		b := make([]byte, 8)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		nonce := hex.EncodeToString(b)
		timestamp := strconv.FormatInt(time.Now().UnixMilli(), 10)
		sum := sha1.Sum([]byte(nonce + "|" + secret + "|" + timestamp))
		req.Header.Set("nonce", nonce)
		req.Header.Set("timestamp", timestamp)
		req.Header.Set("sign", hex.EncodeToString(sum[:]))
		return nil
	}
}

func main() {
	c, err := client.NewClientWithResponses(os.Getenv("IM_BASE_URL"), client.WithRequestEditorFn(sign(os.Getenv("IM_WILDFIRE_SECRET"))))
	if err != nil {
		log.Fatal(err)
	}
	userID := "u_generators"
	res, err := c.GetUserInfoWithResponse(context.Background(), client.GetUserInfoJSONRequestBody{UserId: &userID})
	if err != nil {
		log.Fatalf("getUserInfo: %v", err)
	}
	if res.JSON200 == nil {
		log.Fatalf("getUserInfo: HTTP %d, no JSON 200 body: %s", res.StatusCode(), res.Body)
	}
	if res.JSON200.Code != 0 {
		log.Fatalf("getUserInfo: code %d (%s), expected 0", res.JSON200.Code, res.JSON200.Msg)
	}
	user := res.JSON200.Result
	if user == nil || user.UserId == nil || *user.UserId != "u_generators" {
		log.Fatalf("getUserInfo: result %+v, expected user u_generators", user)
	}
	fmt.Printf("getUserInfo: HTTP %d, code %d, user %s\n", res.StatusCode(), res.JSON200.Code, *user.UserId)
}
