package sendook

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Each model has a wire form: an alias of the model (its fields, none of its
// methods) embedded beside mongoID, which catches the "_id" key the
// open-source server sends in place of the documented "id". encoding/json
// fills both in one pass, with no intermediate map, and the wire's model
// method then picks whichever id was given.
type mongoID struct {
	MongoID string `json:"_id"`
}

// id returns documented, the value of "id", or else the value of "_id".
func (m *mongoID) id(documented string) string {
	if documented != "" {
		return documented
	}
	return m.MongoID
}

// unmarshalVia decodes b through the wire form W of a model into dst.
func unmarshalVia[T, W any](b []byte, dst *T, model func(*W) T) error {
	var w W
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*dst = model(&w)
	return nil
}

// errNullBody reports a 2xx response whose body is the JSON literal null,
// which the open-source server sends for an API key that does not exist.
var errNullBody = errors.New("response body is null")

// errNoData reports an object that should have wrapped a collection.
var errNoData = errors.New(`expected a JSON array or an object with a "data" array`)

// errEmptyBody reports a 2xx response with no body where the call expects
// the resource it created, sent or asked for.
var errEmptyBody = errors.New("the server answered nothing: the response body is empty")

// decodeOne decodes a single resource through its wire form. An empty body
// is errEmptyBody; a null body is errNullBody.
func decodeOne[T, W any](data []byte, model func(*W) T) (*T, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errEmptyBody
	}
	v := new(T)
	if bytes.Equal(trimmed, []byte("null")) {
		return nil, errNullBody
	}
	if err := unmarshalVia(trimmed, v, model); err != nil {
		return nil, err
	}
	return v, nil
}

// decodeList decodes a collection sent either as a bare JSON array (the
// open-source server) or as {"data": [...]} (the documentation), through
// the elements' wire form. An empty or null body, and {"data": null}, are
// an empty collection.
func decodeList[T, W any](data []byte, model func(*W) T) ([]T, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return []T{}, nil
	}
	var wires []W
	if trimmed[0] == '{' {
		var envelope struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(trimmed, &envelope); err != nil {
			return nil, err
		}
		if envelope.Data == nil {
			return nil, errNoData
		}
		if err := json.Unmarshal(envelope.Data, &wires); err != nil {
			return nil, err
		}
	} else if err := json.Unmarshal(trimmed, &wires); err != nil {
		return nil, err
	}
	items := make([]T, len(wires))
	for i := range wires {
		items[i] = model(&wires[i])
	}
	return items, nil
}

// same is the model function of a type that is its own wire form.
func same[T any](v *T) T { return *v }
