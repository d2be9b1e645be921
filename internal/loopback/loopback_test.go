package loopback

import "testing"

func TestHostPort(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"127.0.0.1:8006", true},
		{"127.1.2.3", true},
		{"[::1]:8025", true},
		{"::1", true},
		{"localhost:0", true},
		{"LOCALHOST.", true},
		{"app.localhost:3000", true},
		{"0.0.0.0:8006", false},
		{"[::]:8006", false},
		{"192.168.1.10:8006", false},
		{"evil.example:8006", false},
		{"localhost.evil.example", false},
		{"127.0.0.1.evil.example", false},
		{"", false},
		{":8006", false},
		{"[::]:1", false},
		{"example.com:80", false},
		{"nonsense", false},
	}
	for _, tt := range tests {
		if got := HostPort(tt.in); got != tt.want {
			t.Errorf("HostPort(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
