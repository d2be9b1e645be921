package sendook_test

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

func TestNewAttachment(t *testing.T) {
	a := sendook.NewAttachment("hello.txt", "text/plain", []byte("hello"))
	assert.Equal(t, sendook.Attachment{Content: "aGVsbG8=", Name: "hello.txt", ContentType: "text/plain"}, a)
	assert.Equal(t, "", sendook.NewAttachment("empty", "", nil).Content)
}

func TestAttachmentFromFile(t *testing.T) {
	dir := t.TempDir()
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	tests := []struct {
		name, file      string
		data            []byte
		wantContentType string
	}{
		{"type from extension", "invoice.pdf", []byte("%PDF-1.7 ..."), "application/pdf"},
		{"type from content", "picture", png, "image/png"},
		{"text sniffed", "notes", []byte("plain words"), "text/plain; charset=utf-8"},
		{"empty file", "empty", nil, "text/plain; charset=utf-8"},
	}
	// Sizes around the read chunk exercise every way a chunk can end.
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{1, 2, 3, 48*1024 - 1, 48 * 1024, 48*1024 + 1, 300_001} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(r.UintN(256))
		}
		tests = append(tests, struct {
			name, file      string
			data            []byte
			wantContentType string
		}{"size " + strconv.Itoa(size), "blob" + strconv.Itoa(size) + ".pdf", data, "application/pdf"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			require.NoError(t, os.WriteFile(path, tc.data, 0o600))
			a, err := sendook.AttachmentFromFile(path)
			require.NoError(t, err)
			assert.Equal(t, tc.file, a.Name)
			assert.Equal(t, tc.wantContentType, a.ContentType)
			assert.Equal(t, base64.StdEncoding.EncodeToString(tc.data), a.Content)
		})
	}
}

func TestAttachmentFromFileErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := sendook.AttachmentFromFile(filepath.Join(dir, "missing.txt"))
	assert.ErrorIs(t, err, os.ErrNotExist)
	_, err = sendook.AttachmentFromFile(dir)
	assert.ErrorContains(t, err, "not a regular file")
}
