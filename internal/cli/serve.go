package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/khanhson-ocop/ocop/internal/server"
)

// runServe builds the site into memory, serves it on --bind:--port and
// rebuilds it on every change until Ctrl-C.
func runServe(args []string, env Env) int {
	var c common
	fl := newFlags("serve", env, &c)
	bind := fl.String("bind", "127.0.0.1", "the address to listen on (0.0.0.0 for every interface)")
	port := fl.Int("port", 1313, "the port to listen on")
	if err := parse(fl, args); err != nil {
		return usageErr(env, err)
	}
	if c.format != "" {
		return usageErr(env, fmt.Errorf("serve prints diagnostics as text; --format is for check and build"))
	}
	if *port < 0 || *port > 65535 {
		return usageErr(env, fmt.Errorf("--port must be between 0 and 65535 (got %d)", *port))
	}
	if err := siteFolder(c.src); err != nil {
		return usageErr(env, err)
	}
	t, err := today(env)
	if err != nil {
		return usageErr(env, err)
	}
	ln, err := server.Listen(*bind, *port)
	if err != nil {
		fmt.Fprintf(env.Stderr, "ocop serve: %v\n", err)
		return ExitUsage
	}
	s, err := server.New(ln, server.Options{Src: c.src, Drafts: c.drafts, Builtin: env.Builtin, Today: t, Host: *bind, Log: env.Stderr})
	if err != nil {
		ln.Close()
		fmt.Fprintf(env.Stderr, "ocop serve: %v\n", err)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		select {
		case <-s.Ready():
			drafts := ""
			if c.drafts {
				drafts = " (drafts included)"
			}
			fmt.Fprintf(env.Stderr, "ocop serve: serving %s at %s%s — press Ctrl-C to stop\n", c.src, s.URL(), drafts)
		case <-ctx.Done():
		}
	}()
	if err := s.Run(ctx); err != nil {
		fmt.Fprintf(env.Stderr, "ocop serve: %v\n", err)
		return ExitUsage
	}
	fmt.Fprintln(env.Stderr, "ocop serve: stopped")
	return ExitOK
}
