// Package reports turns a checker.Result into what people and programs read: a
// plain-text report for a terminal (text.go), a JSON document for tools
// (json.go), JUnit XML and TAP for CI systems (junit.go, tap.go), GitHub
// Actions annotations (github.go), a Markdown report with Mermaid sequence
// diagrams (markdown.go), and diagrams of a counterexample: Graphviz DOT
// (dot.go) and an SVG laid out here, with no Graphviz needed (svg.go). It also
// renders a whole state graph handed to it as plain data (graph.go).
//
// Every function here is a pure function of its arguments: it prints nothing,
// touches no file and reads no clock, so the same Result always gives the
// same bytes. Order comes from the Result's slices (checks, steps, changes,
// processes), never from map iteration. A Result may come from a run that hit
// a limit: reports say so rather than assume completeness. Text from a model
// (names, statements, messages) is escaped for each format, so no model can
// break the document around it.
package reports
