package main

import (
	"context"
	"fmt"
	"io"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

func newDomainsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "domains",
		Short: "Bring your own domain: create it, configure its DNS, verify it",
		Long: `Send and receive on your own domain: create it, add the DNS records that
"sendook domains dns NAME" lists at your DNS provider, then verify it.`,
		Example: `  sendook domains create agents.example.com
  sendook domains dns agents.example.com
  sendook domains verify agents.example.com`,
	}
	cmd.AddCommand(newDomainsListCmd(a), newDomainsCreateCmd(a), newDomainsGetCmd(a), newDomainsDNSCmd(a),
		newDomainsVerifyCmd(a), newDomainsDeleteCmd(a))
	return cmd
}

func newDomainsListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the domains",
		Example: "  sendook domains list",
		Args:    args(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			domains, err := c.Domains.List(cmd.Context())
			if err != nil {
				return err
			}
			return a.output(nonNil(domains), func(w io.Writer) error {
				if len(domains) == 0 {
					_, err := io.WriteString(w, "No domains. Add one with: sendook domains create NAME\n")
					return err
				}
				t := newTable(w, "NAME", "VERIFIED", "STATUS", "CREATED")
				for _, d := range domains {
					t.row(d.Name, yesNo(d.Verified), orDash(d.Status), a.when(d.CreatedAt))
				}
				return t.flush()
			})
		},
	}
}

// domainOptions name one domain.
type domainOptions struct{ name string }

// domainCmd is a command that does one call on a named domain and prints
// the domain with its DNS records.
func domainCmd(a *app, use, short, example string, call func(ctx context.Context, c *sendook.Client, name string) (*sendook.Domain, error)) *cobra.Command {
	var o domainOptions
	return &cobra.Command{
		Use:     use + " NAME",
		Short:   short,
		Example: example,
		Args:    args("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.name = args[0]
			c, err := a.client()
			if err != nil {
				return err
			}
			d, err := call(cmd.Context(), c, o.name)
			if err != nil {
				return err
			}
			return a.output(d, func(w io.Writer) error { return a.domainView(w, d) })
		},
	}
}

func newDomainsCreateCmd(a *app) *cobra.Command {
	return domainCmd(a, "create", "Add a domain", "  sendook domains create agents.example.com",
		func(ctx context.Context, c *sendook.Client, name string) (*sendook.Domain, error) {
			return c.Domains.Create(ctx, &sendook.CreateDomainParams{Name: name})
		})
}

func newDomainsGetCmd(a *app) *cobra.Command {
	return domainCmd(a, "get", "Show a domain and its DNS records", "  sendook domains get agents.example.com",
		func(ctx context.Context, c *sendook.Client, name string) (*sendook.Domain, error) {
			return c.Domains.Get(ctx, name)
		})
}

func newDomainsVerifyCmd(a *app) *cobra.Command {
	return domainCmd(a, "verify", "Check a domain's DNS records now", "  sendook domains verify agents.example.com",
		func(ctx context.Context, c *sendook.Client, name string) (*sendook.Domain, error) {
			return c.Domains.Verify(ctx, name)
		})
}

func newDomainsDeleteCmd(a *app) *cobra.Command {
	return domainCmd(a, "delete", "Delete a domain", "  sendook domains delete agents.example.com",
		func(ctx context.Context, c *sendook.Client, name string) (*sendook.Domain, error) {
			return c.Domains.Delete(ctx, name)
		})
}

func newDomainsDNSCmd(a *app) *cobra.Command {
	var o domainOptions
	return &cobra.Command{
		Use:   "dns NAME",
		Short: "List the DNS records to configure for a domain",
		Example: `  sendook domains dns agents.example.com
  sendook domains dns agents.example.com | jq -r '.[] | "\(.type) \(.name) \(.value)"'`,
		Args: args("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.name = args[0]
			c, err := a.client()
			if err != nil {
				return err
			}
			records, err := c.Domains.DNSRecords(cmd.Context(), o.name)
			if err != nil {
				return err
			}
			return a.output(nonNil(records), func(w io.Writer) error { return dnsTable(w, records) })
		},
	}
}

func (a *app) domainView(w io.Writer, d *sendook.Domain) error {
	err := fields(w, "Name", d.Name, "Verified", yesNo(d.Verified), "Status", d.Status, "ID", d.ID, "Created", a.when(d.CreatedAt))
	if err != nil || len(d.Records) == 0 {
		return err
	}
	fmt.Fprintln(w, "\nDNS records to configure:")
	return dnsTable(w, d.Records)
}

// dnsTable lists DNS records in full: they are copied into a DNS provider,
// so nothing is cut.
func dnsTable(w io.Writer, records []sendook.DNSRecord) error {
	if len(records) == 0 {
		_, err := io.WriteString(w, "No DNS records.\n")
		return err
	}
	t := newTable(w, "TYPE", "NAME", "VALUE", "STATUS")
	for _, r := range records {
		t.row(r.Type, r.Name, r.Value, orDash(r.Status))
	}
	return t.flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
