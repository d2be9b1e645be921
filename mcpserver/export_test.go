package mcpserver

import "time"

// WithTiming shortens how often wait_for_message polls and reports
// progress, so that tests do not wait for seconds.
func WithTiming(poll, progress time.Duration) Option {
	return func(c *config) { c.pollInterval, c.progressEvery = poll, progress }
}

// WithWaitDone tells done how each wait_for_message call ended.
func WithWaitDone(done func(error)) Option {
	return func(c *config) { c.waitDone = done }
}
