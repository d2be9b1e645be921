// Command sendook is the Sendook command line: every API call, waiting for
// mail, webhooks forwarded to your laptop, and an MCP server for AI agents.
//
//	export SENDOOK_API_KEY=...
//	sendook inboxes create --name support
//	sendook messages wait support@sendook.com --subject code --code
//
// Run sendook --help for the whole tree.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], systemStreams(), os.Getenv))
}
