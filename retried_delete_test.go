package sendook_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// As the README and the Delete methods say: a delete whose first attempt
// took effect but whose answer was lost is retried, finds nothing, and
// reports ErrNotFound.
func TestRetriedDeleteThatTookEffectReportsNotFound(t *testing.T) {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client(sendook.WithRetryWait(time.Millisecond, 5*time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	inbox, err := client.Inboxes.Create(ctx, nil)
	require.NoError(t, err)

	srv.InjectFault(sendooktest.Fault{Method: "DELETE", PathPrefix: "/v1/inboxes/", Status: 503, AfterWork: true})
	_, err = client.Inboxes.Delete(ctx, inbox.ID)
	assert.ErrorIs(t, err, sendook.ErrNotFound)
	_, err = client.Inboxes.Get(ctx, inbox.ID)
	assert.ErrorIs(t, err, sendook.ErrNotFound, "the first attempt did delete the inbox")
}
