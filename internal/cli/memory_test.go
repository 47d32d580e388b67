package cli

import (
	"bytes"
	"path/filepath"
	"slices"
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
		{66 << 20, 30 << 20, 336 << 20}, // a model of 96 MiB without its 30 MiB of bodies
		{74 << 20, 95 << 20, limitCap},  // three times their text: the cap, not 2.7 × 169 MiB
		{140 << 20, 95 << 20, 378 << 20},
	}
	for _, tc := range tests {
		if got := limitFor(tc.live, tc.spilled); got != tc.want {
			t.Errorf("limitFor(%d MiB, %d MiB) = %d MiB, want %d MiB", tc.live>>20, tc.spilled>>20, got>>20, tc.want>>20)
		}
	}
}

func TestDropBodies(t *testing.T) {
	tests := []struct {
		live, bodies uint64
		want         bool
	}{
		{96 << 20, 30 << 20, false}, // 20,000 generated products: within the cap
		{103 << 20, 30 << 20, true}, // 3.5 times the model passes 360 MiB
		{169 << 20, 95 << 20, true}, // three times their text
		{169 << 20, 0, false},       // nothing the memo holds too
		{20 << 20, 8 << 20, false},  // a district's catalogue
	}
	for _, tc := range tests {
		if got := dropBodies(tc.live, tc.bodies); got != tc.want {
			t.Errorf("dropBodies(%d MiB, %d MiB) = %v, want %v", tc.live>>20, tc.bodies>>20, got, tc.want)
		}
	}
}

// TestBuildMemoryLimit checks that ocop build sets the load's limit, then
// the limit for the model once it is loaded, when it owns its process and
// the user did not choose one, and leaves it alone otherwise (GOMEMLIMIT
// set, "off" included; no setter); a build whose content has errors stops
// after loading, with the load's limit only.
func TestBuildMemoryLimit(t *testing.T) {
	tests := []struct {
		name, gomemlimit string
		setter           bool
		want             []int64
	}{
		{"default", "", true, []int64{loadLimit, limitFloor}},
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
			if !slices.Equal(got, tc.want) {
				t.Errorf("SetMemoryLimit called with %v, want %v", got, tc.want)
			}
		})
	}
	// Content with errors: the build stops after loading, no limit is set.
	dir := copySite(t)
	edit(t, filepath.Join(dir, "content/products/mat-ong/index.vi.md"), `number: "3127/QĐ-UBND"`, `number: "3127/QĐ-UBND`)
	var called []int64
	var stderr bytes.Buffer
	env := Env{Stdout: &stderr, Stderr: &stderr, Builtin: ocop.Builtin, Getenv: func(string) string { return "" },
		SetMemoryLimit: func(n int64) int64 { called = append(called, n); return n }}
	if code := Run([]string{"build", "--src", dir, "--out", filepath.Join(t.TempDir(), "public")}, env); code != ExitContent || !slices.Equal(called, []int64{loadLimit}) {
		t.Errorf("content with errors: exit %d (want %d), limits set: %v (want only the load's)", code, ExitContent, called)
	}
}
