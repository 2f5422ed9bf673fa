package reports

import (
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/interleave/interleave/checker"
)

// ModelError is a model that could not be checked at all (it does not parse,
// type-check or compile, or cannot be read), for the reports that cover many
// models.
type ModelError struct {
	// File names the model as it was given.
	File string
	// Message is the error as printed for people, possibly several lines.
	Message string
}

// JUnit renders results as one JUnit XML document (CLI.md "JUnit report"): a
// <testsuites> holding one <testsuite> per model file and one <testcase> per
// check. A violated check is a <failure> whose text is the text report's
// explanation and trace; an unknown one is an <error> saying which limit was
// reached; a check that holds is a bare <testcase>. The suite carries the
// model's constants as properties. Each model in broken gets a suite of its
// own after them, with one testcase "model" in <error>. Every text is escaped, and characters XML
// 1.0 cannot hold become U+FFFD, so the document is always well formed.
func JUnit(results []*checker.Result, broken ...ModelError) []byte {
	var b strings.Builder
	b.WriteString(xml.Header)
	tests, failures, errs := 0, 0, 0
	secs := 0.0
	for _, r := range results {
		if r == nil {
			continue
		}
		t, f, e := tally(r)
		tests, failures, errs = tests+t, failures+f, errs+e
		secs += r.Stats.Elapsed.Seconds()
	}
	tests += len(broken)
	errs += len(broken)
	b.WriteString(`<testsuites name="interleave"`)
	attrInt(&b, "tests", tests)
	attrInt(&b, "failures", failures)
	attrInt(&b, "errors", errs)
	attr(&b, "time", seconds(secs))
	b.WriteString(">\n")
	for _, r := range results {
		if r != nil {
			junitSuite(&b, r)
		}
	}
	for _, m := range broken {
		b.WriteString("  <testsuite")
		attr(&b, "name", m.File)
		b.WriteString(` tests="1" failures="0" errors="1" skipped="0" time="0.000"`)
		attr(&b, "file", m.File)
		b.WriteString(">\n    <testcase name=\"model\"")
		attr(&b, "classname", m.File)
		attr(&b, "file", m.File)
		b.WriteString(` time="0">` + "\n      <error")
		attr(&b, "message", oneLine(firstLine(m.Message)))
		b.WriteString(` type="model">`)
		text(&b, m.Message)
		b.WriteString("</error>\n    </testcase>\n  </testsuite>\n")
	}
	b.WriteString("</testsuites>\n")
	return []byte(b.String())
}

// tally counts a result's checks, violated ones and unknown ones.
func tally(r *checker.Result) (tests, failures, errs int) {
	for _, c := range r.Checks {
		tests++
		switch c.Verdict {
		case checker.Violated:
			failures++
		case checker.Holds:
		default:
			errs++
		}
	}
	return tests, failures, errs
}

// junitSuite writes the <testsuite> of one model.
func junitSuite(b *strings.Builder, r *checker.Result) {
	tests, failures, errs := tally(r)
	b.WriteString("  <testsuite")
	attr(b, "name", suiteName(r))
	attrInt(b, "tests", tests)
	attrInt(b, "failures", failures)
	attrInt(b, "errors", errs)
	attrInt(b, "skipped", 0)
	attr(b, "time", seconds(r.Stats.Elapsed.Seconds()))
	if r.File != "" {
		attr(b, "file", r.File)
	}
	b.WriteString(">\n")
	b.WriteString("    <properties>\n")
	props := [][2]string{{"model", r.Model}}
	if r.StoreBuffer > 0 {
		props = append(props, [2]string{"memory", r.Memory.String()}, [2]string{"store buffer", strconv.Itoa(r.StoreBuffer)})
	}
	for _, c := range r.Consts {
		props = append(props, [2]string{"const " + c.Name, strconv.FormatInt(int64(c.Value), 10)})
	}
	props = append(props,
		[2]string{"states", strconv.FormatInt(r.Stats.States, 10)},
		[2]string{"transitions", strconv.FormatInt(r.Stats.Transitions, 10)},
		[2]string{"complete", strconv.FormatBool(r.Stats.Complete)})
	for _, p := range props {
		b.WriteString("      <property")
		attr(b, "name", p[0])
		attr(b, "value", p[1])
		b.WriteString("/>\n")
	}
	b.WriteString("    </properties>\n")
	for i := range r.Checks {
		junitCase(b, r, &r.Checks[i])
	}
	b.WriteString("  </testsuite>\n")
}

// suiteName names a model's suite by its file, else its model name, with
// the run's constants in a sweep: "g.ilv (N=3)".
func suiteName(r *checker.Result) string {
	name := r.Model
	if r.File != "" {
		name = r.File
	}
	if r.Run != "" {
		name += " (" + r.Run + ")"
	}
	return name
}

// junitCase writes the <testcase> of one check.
func junitCase(b *strings.Builder, r *checker.Result, c *checker.CheckResult) {
	b.WriteString("    <testcase")
	attr(b, "name", c.Name)
	attr(b, "classname", r.Model)
	if r.File != "" {
		attr(b, "file", r.File)
	}
	if c.Pos.IsValid() {
		attrInt(b, "line", c.Pos.Line)
	}
	attr(b, "time", "0")
	switch c.Verdict {
	case checker.Holds:
		b.WriteString("/>\n")
		return
	case checker.Violated:
		b.WriteString(">\n      <failure")
		attr(b, "message", oneLine(explanation(c)))
		attr(b, "type", kindName(c.Kind))
		b.WriteString(">")
		text(b, violationText(r, c))
		b.WriteString("</failure>\n")
	default:
		msg := c.Message
		if msg == "" {
			msg = "the check was not decided"
		}
		b.WriteString(">\n      <error")
		attr(b, "message", oneLine(msg))
		attr(b, "type", "unknown")
		b.WriteString(">")
		text(b, oneLine(c.Name)+" unknown: "+oneLine(msg)+"\n")
		b.WriteString("</error>\n")
	}
	b.WriteString("    </testcase>\n")
}

// firstLine is s up to its first newline.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimLeft(s, "\n"), "\n")
	return line
}

// violationText is the text report's part on one violated check: the
// explanation and the trace, without colour.
func violationText(r *checker.Result, c *checker.CheckResult) string {
	var b strings.Builder
	writeViolation(&b, r, c, false)
	return b.String()
}

// attr writes ` name="value"` with the value escaped.
func attr(b *strings.Builder, name, value string) {
	b.WriteString(" " + name + `="`)
	escapeXML(b, value, true)
	b.WriteString(`"`)
}

func attrInt(b *strings.Builder, name string, n int) { attr(b, name, strconv.Itoa(n)) }

// text writes s escaped for XML character data; newlines stay as they are.
func text(b *strings.Builder, s string) { escapeXML(b, s, false) }

// escapeXML writes s with the markup characters as entities. In an attribute,
// newlines and tabs become character references so that they survive
// attribute normalisation. A character XML 1.0 cannot hold becomes U+FFFD.
func escapeXML(b *strings.Builder, s string, inAttr bool) {
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\n' || r == '\t' || r == '\r':
			if inAttr || r == '\r' {
				b.WriteString("&#x" + strconv.FormatInt(int64(r), 16) + ";")
			} else {
				b.WriteRune(r)
			}
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
}

// seconds renders a duration in seconds with millisecond precision.
func seconds(s float64) string {
	if s < 0 || s != s {
		s = 0
	}
	return strconv.FormatFloat(s, 'f', 3, 64)
}
