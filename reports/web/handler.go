package web

import (
	_ "embed"
	"net/http"
	"strconv"
)

//go:embed page.html
var page []byte

// Handler serves the explorer's page at / and its API over ss:
//
//	GET  /api/view              the current state (a View)
//	POST /api/step?move=N       take move N out of the current state
//	POST /api/back              one state back
//	POST /api/forward           one state forward
//	POST /api/goto?state=N      go to state N of the run
//	GET  /api/counterexamples   the checks violated with a counterexample
//	POST /api/replay?check=C    make check C's counterexample the run
//	POST /api/random?seed=S     make a random run of at most 50 steps the run
//	GET  /api/graph             the state graph with the run marked (a Graph)
//	POST /api/path?state=N      make the shortest run to state N of the graph the run
//
// Each POST answers with the View after it; a move that does not exist is
// status 400 with the reason as text.
func Handler(ss *Session) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("GET /api/view", func(w http.ResponseWriter, r *http.Request) { writeView(w, ss) })
	mux.HandleFunc("POST /api/step", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("move"))
		if err == nil {
			err = ss.Step(n)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		writeView(w, ss)
	})
	mux.HandleFunc("POST /api/back", func(w http.ResponseWriter, r *http.Request) {
		ss.Back()
		writeView(w, ss)
	})
	mux.HandleFunc("POST /api/forward", func(w http.ResponseWriter, r *http.Request) {
		ss.Forward()
		writeView(w, ss)
	})
	mux.HandleFunc("POST /api/goto", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("state"))
		if err == nil {
			err = ss.Goto(n)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		writeView(w, ss)
	})
	mux.HandleFunc("GET /api/counterexamples", func(w http.ResponseWriter, r *http.Request) {
		names, err := ss.Counterexamples(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, names)
	})
	mux.HandleFunc("POST /api/replay", func(w http.ResponseWriter, r *http.Request) {
		if err := ss.Replay(r.Context(), r.URL.Query().Get("check")); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		writeView(w, ss)
	})
	mux.HandleFunc("POST /api/random", func(w http.ResponseWriter, r *http.Request) {
		seed, err := strconv.ParseUint(r.URL.Query().Get("seed"), 10, 64)
		if err == nil {
			err = ss.Random(r.Context(), seed, randomSteps)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		writeView(w, ss)
	})
	mux.HandleFunc("GET /api/graph", func(w http.ResponseWriter, r *http.Request) {
		g, err := ss.Graph(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, g)
	})
	mux.HandleFunc("POST /api/path", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("state"))
		if err == nil {
			err = ss.Path(r.Context(), n)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		writeView(w, ss)
	})
	return mux
}

// randomSteps bounds the page's random runs.
const randomSteps = 50

// writeView answers with the current View as JSON.
func writeView(w http.ResponseWriter, ss *Session) {
	writeJSON(w, ss.View())
}
