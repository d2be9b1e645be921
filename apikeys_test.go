package sendook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

func TestAPIKeysEndpoints(t *testing.T) {
	runEndpointCases(t, []endpointCase{
		{
			name: "Create", method: "POST", path: "/v1/api_keys", status: 201,
			body: `{"name":"Production integration"}`, response: apiKeyJSON, want: &apiKeyModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.APIKeys.Create(ctx, &sendook.CreateAPIKeyParams{Name: "Production integration"})
			},
		},
		{
			name: "List", method: "GET", path: "/v1/api_keys", response: `[` + apiKeyJSON + `]`, want: []sendook.APIKey{apiKeyModel},
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.APIKeys.List(ctx) },
		},
		{
			name: "Get", method: "GET", path: "/v1/api_keys/" + keyID, response: apiKeyJSON, want: &apiKeyModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.APIKeys.Get(ctx, keyID) },
		},
		{
			name: "Delete", method: "DELETE", path: "/v1/api_keys/" + keyID, response: apiKeyJSON, want: &apiKeyModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.APIKeys.Delete(ctx, keyID) },
		},
	})
}

// The open-source server answers a get or delete of an unknown key with 200
// and the body null.
func TestAPIKeysNullBodyIsNotFound(t *testing.T) {
	for _, method := range []string{"GET", "DELETE"} {
		t.Run(method, func(t *testing.T) {
			client, mock := mockClient(t)
			mock.RegisterResponder(method, testBaseURL+"/v1/api_keys/"+keyID, httpmock.NewStringResponder(200, "null"))
			var key *sendook.APIKey
			var err error
			if method == "GET" {
				key, err = client.APIKeys.Get(context.Background(), keyID)
			} else {
				key, err = client.APIKeys.Delete(context.Background(), keyID)
			}
			assert.Nil(t, key)
			require.ErrorIs(t, err, sendook.ErrNotFound)
			var apiErr *sendook.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
			assert.NotEmpty(t, apiErr.Message)
		})
	}
}

func TestAPIKeysValidation(t *testing.T) {
	runValidationCases(t, []validationCase{
		{"Create with nil params", func(ctx context.Context, c *sendook.Client) error { _, err := c.APIKeys.Create(ctx, nil); return err }, "params"},
		{"Create without name", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.APIKeys.Create(ctx, &sendook.CreateAPIKeyParams{Name: " "})
			return err
		}, "Name"},
		{"Get without id", func(ctx context.Context, c *sendook.Client) error { _, err := c.APIKeys.Get(ctx, ""); return err }, "apiKeyID"},
		{"Delete without id", func(ctx context.Context, c *sendook.Client) error { _, err := c.APIKeys.Delete(ctx, ""); return err }, "apiKeyID"},
	})
}

// APIKey.Key is a secret: no fmt verb may show it, but encoding/json keeps
// it so that callers can store it.
func TestAPIKeyRedactsSecret(t *testing.T) {
	key := apiKeyModel
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, v := range []any{key, &key, []sendook.APIKey{key}} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, key.Key, "%s of %T", verb, v)
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", key), "Production integration", "the other fields still print")
	assert.Contains(t, fmt.Sprintf("%#v", key), "sendook.APIKey{")

	data, err := json.Marshal(key)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"key":"sk_live_secret"`)
	var back sendook.APIKey
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, key, back)
}
