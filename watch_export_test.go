package sendook

import "time"

// SetPollInterval makes d both the default and the floor of Watch's poll
// interval, so that tests need not wait seconds per poll. It returns the
// restore function.
func SetPollInterval(d time.Duration) (restore func()) {
	oldDefault, oldMin := defaultPollInterval, minPollInterval
	defaultPollInterval, minPollInterval = d, d
	return func() { defaultPollInterval, minPollInterval = oldDefault, oldMin }
}
