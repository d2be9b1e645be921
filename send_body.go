package sendook

import (
	"errors"
	"fmt"
	"strconv"
)

// maxRequestBody is the largest request body the open-source server
// accepts: its JSON parser's limit, "20mb", is 20 MiB. A larger send is
// refused before it goes out, rather than answered 413 after it did.
const maxRequestBody = 20 << 20

// encodedJSON is a request body encoded ahead of the call, so that its size
// can be checked first; do sends it as it is.
type encodedJSON []byte

func (e encodedJSON) encodeJSON() ([]byte, error) { return e, nil }

// encodeLimited encodes params, as do would, and refuses a body larger than
// the server accepts, with its size and the limit.
func encodeLimited(params any) (encodedJSON, error) {
	body, err := encodeBody(params)
	if err != nil {
		var verr *ValidationError
		if errors.As(err, &verr) {
			return nil, err
		}
		return nil, fmt.Errorf("sendook: encoding request body: %w", err)
	}
	if len(body) > maxRequestBody {
		return nil, invalid("params", fmt.Sprintf("make a request body of %s, more than the %s the server accepts: send smaller or fewer attachments",
			byteSize(len(body)), byteSize(maxRequestBody)))
	}
	return body, nil
}

// byteSize writes n bytes as "20 MiB (20971520 bytes)".
func byteSize(n int) string {
	mib := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	if n%(1<<20) == 0 {
		mib = strconv.Itoa(n >> 20)
	}
	return mib + " MiB (" + strconv.Itoa(n) + " bytes)"
}
