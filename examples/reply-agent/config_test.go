package main

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
)

// The webhook secret comes from the environment only: -h says where it
// comes from and never shows it, and no flag takes it.
func TestSecretComesFromTheEnvironmentOnly(t *testing.T) {
	const shh = "whsec_do_not_show"
	env := func(name string) string {
		return map[string]string{secretEnv: shh, "SENDOOK_API_KEY": "sk_do_not_show"}[name]
	}

	var help bytes.Buffer
	_, err := parseConfig([]string{"-h"}, env, &help)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: err = %v, want flag.ErrHelp", err)
	}
	if out := help.String(); strings.Contains(out, shh) || strings.Contains(out, "sk_do_not_show") || !strings.Contains(out, "(from $SENDOOK_WEBHOOK_SECRET)") {
		t.Errorf("-h must say where the secret comes from and not show it:\n%s", out)
	}

	cfg, err := parseConfig(nil, env, &bytes.Buffer{})
	if err != nil || cfg.secret != shh {
		t.Errorf("secret = %q, %v; want it from $%s", cfg.secret, err, secretEnv)
	}
	if _, err := parseConfig([]string{"-secret", "x"}, env, &bytes.Buffer{}); err == nil {
		t.Error("a -secret flag is accepted; secrets do not belong on a command line")
	}
}
