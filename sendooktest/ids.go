package sendooktest

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// idSource makes the ids of new resources. It is used under the server's
// lock.
type idSource struct {
	machine [5]byte // the random part of a MongoDB ObjectId
	counter uint32
}

func newIDSource() idSource {
	var g idSource
	rand.Read(g.machine[:])
	var c [4]byte
	rand.Read(c[:])
	g.counter = binary.BigEndian.Uint32(c[:]) & 0xffffff
	return g
}

// objectID returns an id shaped like MongoDB's: a 4-byte timestamp, 5
// random bytes and a 3-byte counter, as 24 lowercase hex digits. Clients
// cannot tell it from the real server's.
func (g *idSource) objectID(now time.Time) string {
	var b [12]byte
	binary.BigEndian.PutUint32(b[0:4], uint32(now.Unix()))
	copy(b[4:9], g.machine[:])
	g.counter = (g.counter + 1) & 0xffffff
	b[9], b[10], b[11] = byte(g.counter>>16), byte(g.counter>>8), byte(g.counter)
	return hex.EncodeToString(b[:])
}

// crockford is the alphabet of ULIDs.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// prefixed returns prefix, an underscore and a ULID (a millisecond
// timestamp and 80 random bits), like the documented "ibox_01J3...". ULIDs
// sort by creation time, as ids usually do.
func (g *idSource) prefixed(prefix string, now time.Time) string {
	var b [16]byte
	ms := uint64(now.UnixMilli())
	for i := 0; i < 6; i++ {
		b[i] = byte(ms >> (40 - 8*i))
	}
	rand.Read(b[6:])
	hi, lo := binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	out := make([]byte, 0, len(prefix)+1+26)
	out = append(out, prefix...)
	out = append(out, '_')
	// 26 digits of 5 bits cover 130 bits: the first digit holds the top 3.
	for shift := 125; shift >= 0; shift -= 5 {
		var v uint64
		switch {
		case shift >= 64:
			v = hi >> (shift - 64)
		case shift > 59:
			v = hi<<(64-shift) | lo>>shift
		default:
			v = lo >> shift
		}
		out = append(out, crockford[v&31])
	}
	return string(out)
}

// isObjectID reports whether s is what MongoDB accepts as an ObjectId in a
// URL: 24 hex digits, either case.
func isObjectID(s string) bool {
	if len(s) != 24 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// randomHex returns n random bytes as 2n hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// randomToken returns n random characters of alphabet.
func randomToken(n int, alphabet string) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
