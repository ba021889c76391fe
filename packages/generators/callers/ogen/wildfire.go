// wildfire: look a user up by id (POST /admin/user/get_info), signed as the admin API wants.
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"

	"example.com/imcall/client"
)

type signature struct{ nonce, timestamp, sign string }

type signatureKey struct{}

// signer hands ogen the three headers of the signature made for this request (ogen asks for each
// header separately, so one nonce/timestamp/sign set travels in the context).
type signer struct{}

func (signer) Nonce(ctx context.Context, _ client.OperationName) (client.Nonce, error) {
	return client.Nonce{APIKey: ctx.Value(signatureKey{}).(signature).nonce}, nil
}
func (signer) Timestamp(ctx context.Context, _ client.OperationName) (client.Timestamp, error) {
	return client.Timestamp{APIKey: ctx.Value(signatureKey{}).(signature).timestamp}, nil
}
func (signer) Sign(ctx context.Context, _ client.OperationName) (client.Sign, error) {
	return client.Sign{APIKey: ctx.Value(signatureKey{}).(signature).sign}, nil
}

// signed returns a context carrying nonce, timestamp (ms) and sign = sha1_hex(nonce|secret|timestamp).
func signed(ctx context.Context, secret string) context.Context {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		log.Fatal(err)
	}
	nonce := hex.EncodeToString(b)
	timestamp := strconv.FormatInt(time.Now().UnixMilli(), 10)
	sum := sha1.Sum([]byte(nonce + "|" + secret + "|" + timestamp))
	return context.WithValue(ctx, signatureKey{}, signature{nonce, timestamp, hex.EncodeToString(sum[:])})
}

func main() {
	c, err := client.NewClient(os.Getenv("IM_BASE_URL"), signer{})
	if err != nil {
		log.Fatal(err)
	}
	ctx := signed(context.Background(), os.Getenv("IM_WILDFIRE_SECRET"))
	res, err := c.GetUserInfo(ctx, &client.GetUserInfoRequest{UserId: client.NewOptString("u_generators")})
	if err != nil {
		log.Fatalf("getUserInfo: %v", err)
	}
	ok, isOK := res.(*client.GetUserInfoOK)
	if !isOK || ok.Code != client.ErrorCode0 {
		log.Fatalf("getUserInfo: %T %+v; expected code 0", res, res)
	}
	user, found := ok.Result.Get()
	if !found || user.UserId.Or("") != "u_generators" {
		log.Fatalf("getUserInfo: result %+v; expected user u_generators", ok.Result)
	}
	fmt.Printf("getUserInfo: %T, code %d, user %s (%s)\n", res, ok.Code, user.UserId.Or(""), user.DisplayName.Or(""))
}
