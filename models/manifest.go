package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// ManifestFile is the manifest's path in a library file system; model files
// live under LibDir.
const (
	ManifestFile = "manifest.json"
	LibDir       = "lib"
)

// manifest is manifest.json as written.
type manifest struct {
	Models []manifestModel `json:"models"`
}

type manifestModel struct {
	Name        string           `json:"name"`
	File        string           `json:"file"`
	Description string           `json:"description"`
	Expect      []manifestExpect `json:"expect"`
}

type manifestExpect struct {
	Consts   map[string]int32  `json:"consts,omitempty"`
	Fairness string            `json:"fairness,omitempty"`
	Memory   string            `json:"memory,omitempty"`
	Verdicts map[string]string `json:"verdicts"`
	Bounds   map[string]int    `json:"bounds,omitempty"`
}

// LoadFS reads a library from fsys: ManifestFile at its root and the model files
// it names under LibDir. It checks the manifest (see the package comment) and
// returns the models sorted by name, or an error naming the first problem.
func LoadFS(fsys fs.FS) ([]Model, error) {
	data, err := fs.ReadFile(fsys, ManifestFile)
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("models: %s: %w", ManifestFile, err)
	}
	if len(m.Models) == 0 {
		return nil, fmt.Errorf("models: %s lists no model", ManifestFile)
	}
	seen := make(map[string]bool, len(m.Models))
	out := make([]Model, 0, len(m.Models))
	for _, mm := range m.Models {
		if seen[mm.Name] {
			return nil, fmt.Errorf("models: %s: model %q listed twice", ManifestFile, mm.Name)
		}
		seen[mm.Name] = true
		model, err := loadModel(fsys, mm)
		if err != nil {
			return nil, fmt.Errorf("models: %s: %w", ManifestFile, err)
		}
		out = append(out, model)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// FilesFS lists the base names of the model files (*.ilv) under LibDir in fsys,
// sorted.
func FilesFS(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, LibDir)
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".ilv") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

func loadModel(fsys fs.FS, mm manifestModel) (Model, error) {
	if !validName(mm.Name) {
		return Model{}, fmt.Errorf("invalid model name %q", mm.Name)
	}
	if strings.TrimSpace(mm.Description) == "" {
		return Model{}, fmt.Errorf("model %s: no description", mm.Name)
	}
	if strings.ContainsAny(mm.Description, "\n\r") {
		return Model{}, fmt.Errorf("model %s: description is more than one line", mm.Name)
	}
	if mm.File == "" || path.Base(mm.File) != mm.File || !strings.HasSuffix(mm.File, ".ilv") {
		return Model{}, fmt.Errorf("model %s: file %q is not a base name ending in .ilv", mm.Name, mm.File)
	}
	src, err := fs.ReadFile(fsys, path.Join(LibDir, mm.File))
	if err != nil {
		return Model{}, fmt.Errorf("model %s: %w", mm.Name, err)
	}
	if len(mm.Expect) == 0 {
		return Model{}, fmt.Errorf("model %s: no expectation", mm.Name)
	}
	model := Model{Name: mm.Name, Description: mm.Description, Source: src, File: mm.File}
	for i, me := range mm.Expect {
		e, err := loadExpectation(me)
		if err != nil {
			return Model{}, fmt.Errorf("model %s: expectation %d: %w", mm.Name, i+1, err)
		}
		model.Expect = append(model.Expect, e)
	}
	return model, nil
}

func loadExpectation(me manifestExpect) (Expectation, error) {
	switch me.Fairness {
	case "", "weak", "strong", "none":
	default:
		return Expectation{}, fmt.Errorf("invalid fairness %q", me.Fairness)
	}
	switch me.Memory {
	case "", "sc", "tso", "pso":
	default:
		return Expectation{}, fmt.Errorf("invalid memory %q", me.Memory)
	}
	for name := range me.Consts {
		if !validName(name) {
			return Expectation{}, fmt.Errorf("invalid constant name %q", name)
		}
	}
	// deadlock, assert and runtime are reported by every run, written or not.
	for _, name := range []string{"deadlock", "assert", "runtime"} {
		if _, ok := me.Verdicts[name]; !ok {
			return Expectation{}, fmt.Errorf("no verdict for %s, which is always reported", name)
		}
	}
	for name, v := range me.Verdicts {
		if !validCheckName(name) {
			return Expectation{}, fmt.Errorf("invalid check name %q", name)
		}
		switch v {
		case Holds, Violated, Unknown:
		default:
			return Expectation{}, fmt.Errorf("check %s: invalid verdict %q", name, v)
		}
	}
	for name, b := range me.Bounds {
		v, ok := me.Verdicts[name]
		switch {
		case !ok:
			return Expectation{}, fmt.Errorf("bound for %s, which has no verdict", name)
		case b < Unbounded:
			return Expectation{}, fmt.Errorf("check %s: invalid bound %d", name, b)
		case b == Unbounded && v != Violated:
			return Expectation{}, fmt.Errorf("check %s: unbounded but %s", name, v)
		case b >= 0 && v != Holds:
			return Expectation{}, fmt.Errorf("check %s: bound %d but %s", name, b, v)
		}
	}
	if _, ok := me.Verdicts["bounded_waiting"]; ok {
		if _, ok := me.Bounds["bounded_waiting"]; !ok && me.Verdicts["bounded_waiting"] != Unknown {
			return Expectation{}, fmt.Errorf("check bounded_waiting: no bound")
		}
	}
	return Expectation{
		Consts:   me.Consts,
		Fairness: me.Fairness,
		Memory:   me.Memory,
		Verdicts: me.Verdicts,
		Bounds:   me.Bounds,
	}, nil
}

// validName reports whether s is an identifier of the modelling language.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case '0' <= r && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// validCheckName reports whether s can name a check in a report: an identifier,
// or a numbered unnamed invariant or leads-to ("invariant#2").
func validCheckName(s string) bool {
	base, num, numbered := strings.Cut(s, "#")
	if !numbered {
		return validName(s)
	}
	if base != "invariant" && base != "leadsto" || num == "" || num[0] == '0' {
		return false
	}
	for _, r := range num {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
