package cli

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/khanhson-ocop/ocop"
)

func TestLimitFor(t *testing.T) {
	tests := []struct {
		live, spilled uint64
		want          int64
	}{
		{0, 0, limitFloor},
		{20 << 20, 0, limitFloor}, // a district's catalogue: the floor
		{73 << 20, 0, limitFloor},
		{74 << 20, 0, 259 << 20},
		{96 << 20, 0, 336 << 20},    // 20,000 generated products (~100 MB)
		{103 << 20, 0, limitCap},    // the cap (3.5 times would be 360.5 MiB)
		{107 << 20, 0, limitCap},    // the same with 30 % more text: the cap, not 374 MiB
		{133 << 20, 0, limitCap},    // 2.7 times is still under the cap
		{140 << 20, 0, 378 << 20},   // no less than 2.7 times the model
		{1 << 50, 0, 27 << 40 / 10}, // clamped, not overflowed
		// Bodies left in the memo count as the model's, not for the floor.
		{66 << 20, 30 << 20, 336 << 20}, // the generated 20,000 products, bodies in the memo
		{74 << 20, 95 << 20, limitCap},  // three times their text: the cap, not 2.7 × 169 MiB
		{140 << 20, 95 << 20, 378 << 20},
	}
	for _, tc := range tests {
		if got := limitFor(tc.live, tc.spilled); got != tc.want {
			t.Errorf("limitFor(%d MiB, %d MiB) = %d MiB, want %d MiB", tc.live>>20, tc.spilled>>20, got>>20, tc.want>>20)
		}
	}
}

// TestBuildMemoryLimit checks that ocop build sets the limit once, after
// loading, when it owns its process and the user did not choose one, and
// leaves it alone otherwise (GOMEMLIMIT set, "off" included; no setter; a
// build whose content has errors, which stops before anything else).
func TestBuildMemoryLimit(t *testing.T) {
	tests := []struct {
		name, gomemlimit string
		setter           bool
		want             []int64
	}{
		{"default", "", true, []int64{limitFloor}},
		{"GOMEMLIMIT=off", "off", true, nil},
		{"GOMEMLIMIT=300MiB", "300MiB", true, nil},
		{"not our process", "", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			var stderr bytes.Buffer
			env := Env{Stdout: &stderr, Stderr: &stderr, Builtin: ocop.Builtin, Getenv: func(k string) string {
				if k == "GOMEMLIMIT" {
					return tc.gomemlimit
				}
				return ""
			}}
			if tc.setter {
				env.SetMemoryLimit = func(n int64) int64 { got = append(got, n); return n }
			}
			code := Run([]string{"build", "--src", miniSite(t), "--out", filepath.Join(t.TempDir(), "public")}, env)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			if len(got) != len(tc.want) || (len(got) == 1 && got[0] != tc.want[0]) {
				t.Errorf("SetMemoryLimit called with %v, want %v", got, tc.want)
			}
		})
	}
	// Content with errors: the build stops after loading, no limit is set.
	dir := copySite(t)
	edit(t, filepath.Join(dir, "content/products/mat-ong/index.vi.md"), `number: "3127/QĐ-UBND"`, `number: "3127/QĐ-UBND`)
	called := false
	var stderr bytes.Buffer
	env := Env{Stdout: &stderr, Stderr: &stderr, Builtin: ocop.Builtin, Getenv: func(string) string { return "" },
		SetMemoryLimit: func(n int64) int64 { called = true; return n }}
	if code := Run([]string{"build", "--src", dir, "--out", filepath.Join(t.TempDir(), "public")}, env); code != ExitContent || called {
		t.Errorf("content with errors: exit %d (want %d), limit set: %v", code, ExitContent, called)
	}
}
