package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

func newAPIKeysCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "api-keys",
		Short: "Create, list and revoke API keys",
		Long: `Create, list and revoke API keys. A new key's secret is printed once, by
create; list, get and delete never print secrets.`,
		Example: `  sendook api-keys create --name ci
  sendook api-keys list
  sendook api-keys delete 65f1c0e2a4b1c2d3e4f5a6b7`,
	}
	cmd.AddCommand(newAPIKeysListCmd(a), newAPIKeysCreateCmd(a), newAPIKeysGetCmd(a), newAPIKeysDeleteCmd(a))
	return cmd
}

// withoutSecret is k without its secret, for every output but create's.
func withoutSecret(k sendook.APIKey) sendook.APIKey {
	k.Key = ""
	return k
}

func (a *app) apiKeyView(w io.Writer, k *sendook.APIKey) error {
	return fields(w, "Name", k.Name, "ID", k.ID, "Status", a.keyStatus(k), "Created", a.when(k.CreatedAt))
}

// keyStatus is "active", or when the key was revoked. (The documented API
// has no active flag, so revokedAt alone decides.)
func (a *app) keyStatus(k *sendook.APIKey) string {
	if k.RevokedAt != nil {
		return "revoked " + a.when(*k.RevokedAt)
	}
	return "active"
}

func newAPIKeysListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the API keys (without their secrets)",
		Example: "  sendook api-keys list",
		Args:    args(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			keys, err := c.APIKeys.List(cmd.Context())
			if err != nil {
				return err
			}
			for i := range keys {
				keys[i] = withoutSecret(keys[i])
			}
			return a.output(nonNil(keys), func(w io.Writer) error {
				t := newTable(w, "NAME", "ID", "STATUS", "CREATED")
				for _, k := range keys {
					t.row(orDash(k.Name), k.ID, a.keyStatus(&k), a.when(k.CreatedAt))
				}
				return t.flush()
			})
		},
	}
}

type apiKeysCreateOptions struct{ name string }

func newAPIKeysCreateCmd(a *app) *cobra.Command {
	var o apiKeysCreateOptions
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create an API key and print its secret, once",
		Example: `  sendook api-keys create --name ci
  sendook api-keys create --name ci | jq -r .key > ci.key`,
		Args: args(),
		RunE: func(cmd *cobra.Command, _ []string) error { return runAPIKeysCreate(cmd.Context(), a, &o) },
	}
	cmd.Flags().StringVar(&o.name, "name", "", "what the key is for")
	return cmd
}

func runAPIKeysCreate(ctx context.Context, a *app, o *apiKeysCreateOptions) error {
	if o.name == "" {
		return usageError{errors.New("missing --name")}
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	k, err := c.APIKeys.Create(ctx, &sendook.CreateAPIKeyParams{Name: o.name})
	if err != nil {
		return err
	}
	return a.output(k, func(w io.Writer) error {
		if err := a.apiKeyView(w, k); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "\nSecret (shown only now; store it safely):\n%s\n", k.Key)
		return err
	})
}

type apiKeyRefOptions struct{ id string }

func apiKeyCmd(a *app, use, short, example string, call func(ctx context.Context, c *sendook.Client, id string) (*sendook.APIKey, error)) *cobra.Command {
	var o apiKeyRefOptions
	return &cobra.Command{
		Use:     use + " ID",
		Short:   short,
		Example: example,
		Args:    args("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.id = args[0]
			c, err := a.client()
			if err != nil {
				return err
			}
			k, err := call(cmd.Context(), c, o.id)
			if err != nil {
				return err
			}
			safe := withoutSecret(*k)
			return a.output(&safe, func(w io.Writer) error { return a.apiKeyView(w, &safe) })
		},
	}
}

func newAPIKeysGetCmd(a *app) *cobra.Command {
	return apiKeyCmd(a, "get", "Show an API key (without its secret)", "  sendook api-keys get 65f1c0e2a4b1c2d3e4f5a6b7",
		func(ctx context.Context, c *sendook.Client, id string) (*sendook.APIKey, error) {
			return c.APIKeys.Get(ctx, id)
		})
}

func newAPIKeysDeleteCmd(a *app) *cobra.Command {
	return apiKeyCmd(a, "delete", "Revoke an API key", "  sendook api-keys delete 65f1c0e2a4b1c2d3e4f5a6b7",
		func(ctx context.Context, c *sendook.Client, id string) (*sendook.APIKey, error) {
			return c.APIKeys.Delete(ctx, id)
		})
}
