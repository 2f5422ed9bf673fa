package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/reports"
)

// Limits of a check in the playground, which runs in one browser tab: a
// model past them gets "unknown" verdicts rather than exhausting the tab.
const (
	PlaygroundMaxStates = 2_000_000
	PlaygroundMaxMemory = 1 << 30
)

// Compiler compiles a model's text, reported under name.
type Compiler func(name string, text []byte) (*ir.Program, error)

// Example is a model of the library the playground offers.
type Example struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"`
}

// Playground is the explorer over models the page supplies: a Check
// compiles a model's text and checks it, and the model becomes the one the
// page explores. The static playground runs it in the browser, built to
// WebAssembly. Its methods are safe for concurrent use.
type Playground struct {
	compile Compiler
	library []Example

	mu sync.Mutex
	// ss is the session of the model checked last, h its Handler; nil
	// before the first model that compiles.
	ss *Session
	h  http.Handler
}

// NewPlayground makes a playground that compiles with compile and offers
// the library's models.
func NewPlayground(compile Compiler, library []Example) *Playground {
	return &Playground{compile: compile, library: library}
}

// Report is the outcome of a Check.
type Report struct {
	// Errors are the compiler's errors, each with its line and a caret; ""
	// when the model compiled. Nothing else is set then.
	Errors string `json:"errors"`
	Model  string `json:"model"`
	// Checks are the verdicts, in the model's order.
	Checks []CheckVerdict `json:"checks"`
	// Text is the text report of `interleave check`: verdicts, explanations
	// and the counterexamples as tables.
	Text string `json:"text"`
	// Diagrams are the counterexamples as SVG swim-lane diagrams.
	Diagrams []Diagram `json:"diagrams"`
}

// CheckVerdict is one check's verdict: "holds", "violated" or "unknown".
type CheckVerdict struct {
	Name    string `json:"name"`
	Verdict string `json:"verdict"`
	Message string `json:"message"`
}

// Diagram is the SVG of one check's counterexample.
type Diagram struct {
	Check string `json:"check"`
	SVG   string `json:"svg"`
}

// Check compiles text (reported under name) and checks it; a model that
// compiles becomes the one explored. The error is for a model the checker
// cannot run at all; errors in the model are the Report's.
func (p *Playground) Check(ctx context.Context, name string, text []byte) (Report, error) {
	prog, err := p.build(name, text)
	var m *explorer.Machine
	if err == nil {
		m, err = explorer.New(prog)
	}
	if err != nil {
		var errs source.Errors
		if errors.As(err, &errs) {
			return Report{Errors: errs.Format(map[string]string{name: string(text)})}, nil
		}
		return Report{Errors: fmt.Sprintf("%s: %s\n", name, err)}, nil
	}
	r, err := checker.Run(ctx, prog, checker.Options{MaxStates: PlaygroundMaxStates, MaxMemory: PlaygroundMaxMemory})
	if err != nil {
		return Report{}, err
	}
	out := Report{Model: r.Model, Checks: []CheckVerdict{}, Diagrams: []Diagram{},
		Text: reports.Text(r, reports.TextOptions{})}
	for i, c := range r.Checks {
		out.Checks = append(out.Checks, CheckVerdict{Name: c.Name, Verdict: c.Verdict.String(), Message: c.Message})
		if svg, err := reports.SVG(r, i); err == nil {
			out.Diagrams = append(out.Diagrams, Diagram{Check: c.Name, SVG: string(svg)})
		}
	}
	ss := NewSession(m, string(text))
	ss.checkOnce.Do(func() { ss.checked = r })
	p.mu.Lock()
	p.ss, p.h = ss, Handler(ss)
	p.mu.Unlock()
	return out, nil
}

// build compiles text; a panic in the compiler is an error, not the end of
// the page.
func (p *Playground) build(name string, text []byte) (prog *ir.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, fmt.Errorf("internal error: %v", r)
		}
	}()
	return p.compile(name, text)
}

// Handler serves the playground's API: the explorer's (see Handler) over
// the model checked last, and
//
//	GET  /api/models            the library (Examples)
//	POST /api/check?name=F      check the model in the body, reported as F (a Report)
//
// Before a model is checked the explorer's API answers status 409.
func (p *Playground) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/models", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, p.library)
	})
	mux.HandleFunc("POST /api/check", func(w http.ResponseWriter, r *http.Request) {
		text, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "model.ilv"
		}
		rep, err := p.Check(r.Context(), name, text)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, rep)
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		h := p.h
		p.mu.Unlock()
		if h == nil {
			http.Error(w, "no model checked yet: press Check", http.StatusConflict)
			return
		}
		h.ServeHTTP(w, r)
	})
	return mux
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(v)
}
