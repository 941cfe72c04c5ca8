package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/timeline"
)

// writeJSON writes v as indented JSON through the one JSON writer.
func writeJSON(w io.Writer, v any) error { return encodeJSON(w, v, true) }

// encodeJSON is the one JSON writer of every --json output: no HTML
// escaping (">" stays ">"), and every control or invisible character a
// terminal or an editor could act on (C0, DEL, C1, bidirectional controls,
// zero-width characters, U+2028/U+2029) written as \uXXXX, so JSON can be
// printed, paged and diffed safely and still decodes to the exact text.
func encodeJSON(w io.Writer, v any, indent bool) error {
	ind := ""
	if indent {
		ind = "  "
	}
	b, err := timeline.MarshalJSON(v, ind)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// jsonFlags are --json, --jq and --template, which every listing has (as
// gh has them): JSON as documented, a jq filter over it, or a Go template
// over it. --jq and --template imply --json.
type jsonFlags struct {
	json     bool
	jq       string
	template string

	code *gojq.Code
	tmpl *template.Template
}

// addJSONFlags adds the three flags; shape says what --json prints.
func addJSONFlags(cmd *cobra.Command, o *jsonFlags, shape string) {
	cmd.Flags().BoolVar(&o.json, "json", false, "print "+shape)
	cmd.Flags().StringVarP(&o.jq, "jq", "q", "", "filter the JSON with a jq expression (e.g. '.[].id'); strings print raw")
	cmd.Flags().StringVarP(&o.template, "template", "t", "", "format the JSON with a Go template (e.g. '{{range .}}{{.id}}{{\"\\n\"}}{{end}}')")
	cmd.MarkFlagsMutuallyExclusive("jq", "template")
}

// on reports whether JSON (filtered or templated) was asked for.
func (o *jsonFlags) on() bool { return o.json || o.jq != "" || o.template != "" }

func (o *jsonFlags) compile() error {
	if o.jq != "" && o.code == nil {
		q, err := gojq.Parse(o.jq)
		if err != nil {
			return usagef("--jq: %v", err)
		}
		if o.code, err = gojq.Compile(q); err != nil {
			return usagef("--jq: %v", err)
		}
	}
	if o.template != "" && o.tmpl == nil {
		t, err := template.New("--template").Funcs(templateFuncs).Option("missingkey=zero").Parse(o.template)
		if err != nil {
			return usagef("--template: %v", err)
		}
		o.tmpl = t
	}
	return nil
}

// write prints v: indented JSON, or the jq filter's results, or the
// template's output.
func (o *jsonFlags) write(ctx context.Context, w io.Writer, v any) error {
	return o.emit(ctx, w, v, true)
}

// writeLine prints v as one line of JSON Lines (or filters or formats that
// one value), for streams such as `timeline --json`.
func (o *jsonFlags) writeLine(ctx context.Context, w io.Writer, v any) error {
	return o.emit(ctx, w, v, false)
}

func (o *jsonFlags) emit(ctx context.Context, w io.Writer, v any, indent bool) error {
	if err := o.compile(); err != nil {
		return err
	}
	if o.code == nil && o.tmpl == nil {
		return encodeJSON(w, v, indent)
	}
	data, err := generic(v)
	if err != nil {
		return err
	}
	if o.tmpl != nil {
		if err := o.tmpl.Execute(w, sanitizeTree(data)); err != nil {
			return hint(fmt.Errorf("--template: %v", timeline.SanitizeLine(err.Error())), "the template sees the --json output; print it to see the fields")
		}
		return nil
	}
	iter := o.code.RunWithContext(ctx, data)
	for {
		x, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := x.(error); isErr {
			var halt *gojq.HaltError
			if errors.As(err, &halt) && halt.Value() == nil {
				return nil
			}
			return hint(fmt.Errorf("--jq: %v", timeline.SanitizeLine(err.Error())), "the filter runs on the --json output; print it to see the fields")
		}
		if s, isString := x.(string); isString {
			if _, err := fmt.Fprintln(w, timeline.Sanitize(s)); err != nil {
				return err
			}
			continue
		}
		if err := encodeJSON(w, x, false); err != nil {
			return err
		}
	}
}

// generic turns v into what jq and templates see: the --json output
// decoded into maps, slices, strings, float64s and bools.
func generic(v any) (any, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	var out any
	err := json.Unmarshal(buf.Bytes(), &out)
	return out, err
}

// sanitizeTree makes every string a template may print safe for a
// terminal (a template writes strings as they are).
func sanitizeTree(v any) any {
	switch x := v.(type) {
	case string:
		return timeline.Sanitize(x)
	case []any:
		for i := range x {
			x[i] = sanitizeTree(x[i])
		}
	case map[string]any:
		for k, e := range x {
			x[k] = sanitizeTree(e)
		}
	}
	return v
}

// templateFuncs are the helpers --template offers, after gh's.
var templateFuncs = template.FuncMap{
	"json": func(v any) (string, error) {
		var b bytes.Buffer
		err := encodeJSON(&b, v, false)
		return strings.TrimSuffix(b.String(), "\n"), err
	},
	"join": func(sep string, v []any) string {
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, sep)
	},
	"truncate": func(n int, s string) string {
		if r := []rune(s); len(r) > n && n > 0 {
			return string(r[:n-1]) + "…"
		}
		return s
	},
	"upper": strings.ToUpper,
	"lower": strings.ToLower,
}
