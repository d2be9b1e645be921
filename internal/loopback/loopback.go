// Package loopback tells whether a host or an address is this machine only,
// the one rule sendook-local, its SMTP listener and sendook mcp use to keep
// their servers from other machines and from DNS-rebinding web pages.
package loopback

import (
	"net"
	"strings"
)

// Host reports whether host, a name or an IP address (with or without
// brackets and a trailing dot, in any case), is this machine only:
// "localhost", a name under ".localhost" (which browsers resolve to
// loopback themselves), or a loopback address such as 127.0.0.1 or ::1.
func Host(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// HostPort is [Host] of a "host:port" pair, such as a Host header or a
// listen address; a value without a port is taken as a host.
func HostPort(hostport string) bool {
	return Host(Hostname(hostport))
}

// Hostname is the host of a "host:port" pair, without the port; a value
// without a port is returned as it is.
func Hostname(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}
