package syntax

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSyncDeclarations(t *testing.T) {
	f := parse(t, `
cond c
cond notFull, notEmpty
cond cs[N]
chan u: 0..3
chan b[2]: bool
chan mb[3][1]: int
chan l[1]: 0..1 lossy
chan tu[2]: (0..3, bool)
chan x, y: (N-1)..N
monitor M {
    var count: int
    cond ok
    proc f(a: 0..1) { count = a }
}
monitor H hoare { proc g() { skip } }
`)
	require.Len(t, f.Decls, 11)
	assert.Len(t, f.Decls[0].Cond.Names, 1)
	assert.Equal(t, []string{"notFull", "notEmpty"}, []string{f.Decls[1].Cond.Names[0].Name, f.Decls[1].Cond.Names[1].Name})
	assert.Len(t, f.Decls[2].Cond.Names[0].Dims, 1)

	chans := []struct {
		decl  int
		dims  int
		elem  int
		lossy bool
	}{{3, 0, 1, false}, {4, 1, 1, false}, {5, 2, 1, false}, {6, 1, 1, true}, {7, 1, 2, false}, {8, 0, 1, false}}
	for _, c := range chans {
		d := f.Decls[c.decl].Chan
		require.NotNil(t, d, "declaration %d", c.decl)
		assert.Len(t, d.Names[0].Dims, c.dims, "declaration %d", c.decl)
		assert.Len(t, d.Elem, c.elem, "declaration %d", c.decl)
		assert.Equal(t, c.lossy, d.Lossy, "declaration %d", c.decl)
	}
	assert.Equal(t, "bool", f.Decls[7].Chan.Elem[1].Basic)
	assert.Len(t, f.Decls[8].Chan.Names, 2)
	assert.Equal(t, "(N-1)", f.Decls[8].Chan.Elem[0].Lo.Text)

	m := f.Decls[9].Monitor
	require.NotNil(t, m)
	assert.Equal(t, "M", m.Name.Name)
	assert.False(t, m.Hoare)
	require.Len(t, m.Items, 3)
	assert.NotNil(t, m.Items[0].Var)
	assert.NotNil(t, m.Items[1].Cond)
	assert.Equal(t, "f", m.Items[2].Proc.Name)
	assert.True(t, f.Decls[10].Monitor.Hoare)
}

func TestParseSyncStatements(t *testing.T) {
	tests := []struct {
		src   string
		check func(t *testing.T, s *Stmt)
	}{
		{"c <- 1", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "<-", s.Simple.AssignOp())
			assert.Equal(t, "1", s.Simple.Value.Text)
		}},
		{"c[j] <- x + 1", func(t *testing.T, s *Stmt) {
			assert.Len(t, s.Simple.Index, 1)
			assert.Equal(t, "(x + 1)", show(s.Simple.Value))
		}},
		{"c <- (1, true)", func(t *testing.T, s *Stmt) {
			assert.Nil(t, s.Simple.Value)
			require.Len(t, s.Simple.Tuple, 2)
			assert.Equal(t, "true", s.Simple.Tuple[1].Text)
		}},
		{"c <- (x + 1)", func(t *testing.T, s *Stmt) {
			assert.Nil(t, s.Simple.Tuple)
			assert.Equal(t, "(x + 1)", show(s.Simple.Value))
		}},
		{"x = <-c", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "=", s.Simple.AssignOp())
			assert.Equal(t, "(<-c)", show(s.Simple.Value))
		}},
		{"a[i] = <-c[j]", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "(<-c[j])", show(s.Simple.Value))
		}},
		{"(a, b) = <-c", func(t *testing.T, s *Stmt) {
			require.NotNil(t, s.Recv)
			require.Len(t, s.Recv.Targets, 2)
			assert.Equal(t, "c", s.Recv.Chan.Text)
		}},
		{"<-c[2]", func(t *testing.T, s *Stmt) {
			require.NotNil(t, s.Recv)
			assert.Empty(t, s.Recv.Targets)
			assert.Equal(t, "c[2]", show(s.Recv.Chan))
		}},
		{"M.put(x, 1)", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "M.put", s.Simple.Name)
			assert.True(t, s.Simple.Call)
			assert.Len(t, s.Simple.Args, 2)
		}},
		{"wait(c, m)", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "wait", s.Simple.Name)
			assert.Len(t, s.Simple.Args, 2)
		}},
		{"x = M.count + len(c)", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "(M.count + len(c))", show(s.Simple.Value))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f := parse(t, "process P {\n"+tt.src+"\n}\n")
			stmts := f.Decls[0].Process.Body.Stmts
			require.Len(t, stmts, 1)
			tt.check(t, stmts[0])
		})
	}
}

func TestParseSelect(t *testing.T) {
	f := parse(t, `process P {
    select {
    case c <- 1:
        skip
        x = 2
    case x = <-d:
    case <-e:
        skip
    case (a, b) = <-t:
        skip
    default: skip; skip
    }
    select { case c <- 1: skip; case <-d: skip }
    skip
}`)
	stmts := f.Decls[0].Process.Body.Stmts
	require.Len(t, stmts, 3)
	cases := stmts[0].Select.Cases
	require.Len(t, cases, 5)
	assert.Equal(t, "<-", cases[0].Comm.AssignOp())
	assert.Len(t, cases[0].Body, 2)
	assert.Equal(t, "=", cases[1].Comm.AssignOp())
	assert.Empty(t, cases[1].Body)
	assert.Empty(t, cases[2].Recv.Targets)
	assert.Len(t, cases[2].Body, 1)
	assert.Len(t, cases[3].Recv.Targets, 2)
	assert.True(t, cases[4].Default)
	assert.Len(t, cases[4].Body, 2)
	one := stmts[1].Select.Cases
	require.Len(t, one, 2)
	assert.Len(t, one[0].Body, 1)
	assert.NotNil(t, one[1].Recv)
	assert.NotNil(t, stmts[2].Word)
}

func TestParseQualifiedNames(t *testing.T) {
	f := parse(t, `check invariant B.count >= 0 && B.count <= N`)
	assert.Equal(t, "((B.count >= 0) && (B.count <= N))", show(f.Decls[0].Check.Invariant))
	_, err := Parse("t.ilv", []byte("check invariant B. >= 0\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `want a name after B.`)
}
