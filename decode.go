package sendook

import (
	"bytes"
	"encoding/json"
	"errors"
)

// mongoID catches the "_id" key the open-source server uses in place of the
// documented "id". Models embed it next to an alias of themselves, so one
// pass of encoding/json fills both, with no intermediate map.
type mongoID struct {
	MongoID string `json:"_id"`
}

func (m *mongoID) alias() string { return m.MongoID }

// decodeModel decodes b into w, a struct embedding an alias of the model and
// mongoID, and fills *id from "_id" when the body had no "id".
func decodeModel(b []byte, w interface{ alias() string }, id *string) error {
	if err := json.Unmarshal(b, w); err != nil {
		return err
	}
	if *id == "" {
		*id = w.alias()
	}
	return nil
}

// errNullBody reports a 2xx response whose body is the JSON literal null,
// which the open-source server sends for an API key that does not exist.
var errNullBody = errors.New("response body is null")

// decodeOne decodes a single resource. An empty body (a 204) leaves v as it
// is; a null body is errNullBody.
func decodeOne(data []byte, v any) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil
	}
	if bytes.Equal(trimmed, []byte("null")) {
		return errNullBody
	}
	return json.Unmarshal(data, v)
}

// errNoData reports an object that should have wrapped a collection.
var errNoData = errors.New(`expected a JSON array or an object with a "data" array`)

// decodeList decodes a collection sent either as a bare JSON array (the
// open-source server) or as {"data": [...]} (the documentation). An empty or
// null body is an empty collection.
func decodeList[T any](data []byte) ([]T, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return []T{}, nil
	}
	var items []T
	if trimmed[0] == '{' {
		var envelope struct {
			Data *[]T `json:"data"`
		}
		if err := json.Unmarshal(trimmed, &envelope); err != nil {
			return nil, err
		}
		if envelope.Data == nil {
			return nil, errNoData
		}
		items = *envelope.Data
	} else if err := json.Unmarshal(trimmed, &items); err != nil {
		return nil, err
	}
	if items == nil {
		items = []T{}
	}
	return items, nil
}
