package output

import (
	"os"
	"path/filepath"
	"strings"
)

// The folders a build makes beside its output: Dir's temporary folder, the
// previous output that Dir.Commit moves aside before deleting it, and
// InPlace's staging folder. Each is named after the output folder, with a
// dot first so that no listing shows it.
var besideKinds = []string{".tmp-", ".old-", ".stage-"}

// removeStale deletes what an earlier build into final left beside it when
// it was stopped (Ctrl-C, a killed CI job) before it could clean up: at
// national scale each such folder holds a whole catalogue, gigabytes that
// nothing else would ever delete. Two builds into one folder at once are not
// supported: the second would delete the first's folders.
func removeStale(final string) {
	parent, base := filepath.Split(final)
	entries, err := os.ReadDir(filepath.Clean(parent))
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		for _, kind := range besideKinds {
			if strings.HasPrefix(e.Name(), "."+base+kind) {
				removeAll(filepath.Join(parent, e.Name()))
				break
			}
		}
	}
}
