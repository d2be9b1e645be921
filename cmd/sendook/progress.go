package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Spinner timing: nothing is drawn for a command that finishes within
// progressDelay, so quick calls do not flicker.
var (
	progressDelay = 300 * time.Millisecond
	progressTick  = 100 * time.Millisecond
)

var spinnerFrames = []rune("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")

// progress is a status line on standard error ("⠹ waiting for a message
// from x… 42s") while a command waits. It draws only when standard error is
// a terminal; otherwise every method does nothing but what it wraps.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	msg     string
	start   time.Time
	frame   int
	drawn   bool
	stop    chan struct{}
	stopped chan struct{}
}

// startProgress shows msg with a spinner and the time spent until Stop.
func (a *app) startProgress(msg string) *progress {
	p := &progress{w: a.Err, msg: msg, start: time.Now()}
	if !a.ErrTTY {
		return p
	}
	p.stop, p.stopped = make(chan struct{}), make(chan struct{})
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer close(p.stopped)
	select {
	case <-time.After(progressDelay):
	case <-p.stop:
		return
	}
	t := time.NewTicker(progressTick)
	defer t.Stop()
	for {
		p.mu.Lock()
		p.draw()
		p.mu.Unlock()
		select {
		case <-t.C:
		case <-p.stop:
			return
		}
	}
}

// draw writes the line over the previous one. p.mu is held.
func (p *progress) draw() {
	elapsed := time.Since(p.start).Truncate(time.Second)
	fmt.Fprintf(p.w, "\r\x1b[K%c %s… %s", spinnerFrames[p.frame%len(spinnerFrames)], p.msg, elapsed)
	p.frame++
	p.drawn = true
}

// clear removes the line. p.mu is held.
func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// SetMessage changes what the line says.
func (p *progress) SetMessage(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.msg = msg
}

// Do runs fn, which prints, with the line out of its way; the line comes
// back at the next tick.
func (p *progress) Do(fn func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	fn()
}

// Stop removes the line for good. It may be called more than once.
func (p *progress) Stop() {
	if p.stop == nil {
		return
	}
	p.mu.Lock()
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	p.mu.Unlock()
	<-p.stopped
	p.mu.Lock()
	p.clear()
	p.mu.Unlock()
}
