package mcpserver

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// effect is what a tool does to the world, which decides its annotations.
type effect int

const (
	reads   effect = iota // changes nothing
	creates               // adds something, touches nothing that exists
	deletes               // removes something for good
	sends                 // sends email to people outside
)

// annotations sets all four hints for a tool with effect e, since MCP
// clients assume the worst for a missing one.
func annotations(title string, e effect) *mcp.ToolAnnotations {
	return &mcp.ToolAnnotations{
		Title:           title,
		ReadOnlyHint:    e == reads,
		DestructiveHint: ptr(e == deletes),
		// Reading, and deleting what is already gone, change nothing more
		// when repeated; every create and send makes something new.
		IdempotentHint: e == reads || e == deletes,
		OpenWorldHint:  ptr(e == sends),
	}
}

func ptr[T any](v T) *T { return &v }

// tool describes one tool for addTool.
type tool struct {
	name, title, description string
	effect                   effect
	// schema adjusts the input schema inferred from the input struct:
	// defaults, bounds, minimum lengths.
	schema func(props map[string]*jsonschema.Schema)
}

// addTool adds a tool whose input schema comes from In and its jsonschema
// tags, adjusted by def.schema, and whose output schema comes from Out. The
// SDK validates every call's arguments against the input schema (unknown
// and missing arguments are refused) and puts the output into both
// structuredContent and a text block.
func addTool[In, Out any](s *mcp.Server, def tool, h mcp.ToolHandlerFor[In, Out]) {
	in, err := jsonschema.For[In](nil)
	if err != nil {
		panic("mcpserver: input schema of " + def.name + ": " + err.Error()) // a mistake in this package
	}
	for _, p := range in.Properties {
		// A list argument is a list. The inferred "null or array" is a
		// union type that some clients (the MCP Inspector among them) do
		// not understand, and send the list as a string.
		if slices.Equal(p.Types, []string{"null", "array"}) {
			p.Types, p.Type = nil, "array"
		}
	}
	if def.schema != nil {
		def.schema(in.Properties)
	}
	mcp.AddTool(s, &mcp.Tool{
		Name:        def.name,
		Title:       def.title,
		Description: def.description,
		Annotations: annotations(def.title, def.effect),
		InputSchema: in,
	}, h)
}

// limitSchema bounds a "limit" argument and gives it its default.
func limitSchema(p *jsonschema.Schema, def, most int) {
	p.Minimum = ptr(1.0)
	p.Maximum = ptr(float64(most))
	p.Default = json.RawMessage(strconv.Itoa(def))
}

// nonEmpty makes a string argument require at least one character.
func nonEmpty(p *jsonschema.Schema) { p.MinLength = ptr(1) }
