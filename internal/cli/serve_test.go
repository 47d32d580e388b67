package cli

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/fixture"
)

const serveSite = "../server/testdata/site"

func TestServeUsage(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, busy, _ := net.SplitHostPort(ln.Addr().String())
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"port in use", []string{"--src", serveSite, "--port", busy}, "127.0.0.1:" + busy + " is already in use"},
		{"port out of range", []string{"--src", serveSite, "--port", "70000"}, "--port must be between 0 and 65535"},
		{"not a site", []string{"--src", t.TempDir()}, "is not a site folder"},
		{"no such address", []string{"--src", serveSite, "--bind", "192.0.2.1", "--port", "0"}, "no such address"},
		{"format", []string{"--src", serveSite, "--format", "json"}, "--format is for check and build"},
		{"argument", []string{"--src", serveSite, "extra"}, `unexpected argument "extra"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			code := Run(append([]string{"serve"}, c.args...), Env{Stdout: &out, Stderr: &out, Builtin: ocop.Builtin})
			if code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(out.String(), c.want) {
				t.Errorf("output %q does not say %q", out.String(), c.want)
			}
		})
	}
}

// TestServeChild is the `ocop serve` process of TestServeInterrupt.
func TestServeChild(t *testing.T) {
	if os.Getenv("OCOP_SERVE_CHILD") != "1" {
		t.Skip("run by TestServeInterrupt")
	}
	os.Exit(Run([]string{"serve", "--src", os.Getenv("OCOP_SERVE_SRC"), "--port", "0"}, Env{Stdout: os.Stdout, Stderr: os.Stderr, Builtin: ocop.Builtin, Getenv: os.Getenv}))
}

// TestServeInterrupt runs `ocop serve` in a child process, fetches a page
// and stops it as Ctrl-C does: it must exit 0, saying so.
func TestServeInterrupt(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeChild$")
	// A copy: the server keeps its memo in the site folder.
	src := t.TempDir()
	if err := fixture.CopySite(src, serveSite); err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), "OCOP_SERVE_CHILD=1", "OCOP_SERVE_SRC="+src)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 100)
	var all bytes.Buffer
	go func() {
		sc := bufio.NewScanner(io.TeeReader(stderr, &all))
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	addr := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)
	var url string
	deadline := time.After(60 * time.Second)
	for url == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("serve ended early: %s", all.String())
			}
			if m := addr.FindStringSubmatch(l); m != nil {
				url = m[1]
			}
		case <-deadline:
			t.Fatal("serve never printed its address")
		}
	}
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET %s: %d", url, res.StatusCode)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve did not exit cleanly on Ctrl-C: %v\n%s", err, all.String())
	}
	if !strings.Contains(all.String(), "ocop serve: stopped") {
		t.Errorf("serve did not say it stopped:\n%s", all.String())
	}
}
