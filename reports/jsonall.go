package reports

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/interleave/interleave/checker"
)

// JSONAll renders the results of several runs (several files, or the values
// of a -D sweep) as one JSON document, so that a reader loads them at once:
//
//	{"schema_version": 1, "results": [R1, R2, ...], "errors": [{"file": F, "message": M}, ...]}
//
// where each R is the object JSON renders for one result, in run order, and
// each error a model that could not be checked. Indented by two spaces and
// ending with a newline.
func JSONAll(results []*checker.Result, broken []ModelError) []byte {
	w := &jsonWriter{}
	w.raw("{")
	w.key("schema_version")
	w.raw(strconv.Itoa(SchemaVersion))
	w.key("results")
	w.raw("[")
	for i, r := range results {
		w.comma(i)
		var compact bytes.Buffer
		if err := json.Compact(&compact, JSON(r)); err != nil {
			w.raw("null")
			continue
		}
		w.buf.Write(compact.Bytes())
	}
	w.raw("]")
	w.key("errors")
	w.raw("[")
	for i, m := range broken {
		w.comma(i)
		w.raw("{")
		w.field("file", m.File)
		w.field("message", m.Message)
		w.raw("}")
	}
	w.raw("]}")
	var out bytes.Buffer
	if err := json.Indent(&out, w.buf.Bytes(), "", "  "); err != nil {
		return append(w.buf.Bytes(), '\n')
	}
	out.WriteByte('\n')
	return out.Bytes()
}
