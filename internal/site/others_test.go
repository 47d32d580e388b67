package site_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// producer returns a subject with n records, and its records.
func producer(n int) (*catalog.Subject, []*catalog.Product) {
	s := &catalog.Subject{}
	s.ID = "subjects/s"
	for i := range n {
		p := &catalog.Product{Subject: s}
		p.ID = fmt.Sprintf("products/p%02d", i)
		s.Products = append(s.Products, p)
	}
	return s, s.Products
}

func TestProducerOthers(t *testing.T) {
	ids := func(ps []*catalog.Product) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	_, one := producer(1)
	_, five := producer(5)
	_, many := producer(40)
	outsider := &catalog.Product{Subject: many[0].Subject} // e.g. a draft, not in the list
	tests := []struct {
		name  string
		it    *catalog.Product
		items []*catalog.Product
		total int
	}{
		{"no producer", &catalog.Product{}, nil, 0},
		{"the producer's only record", one[0], nil, 0},
		{"the first of five", five[0], five[1:], 4},
		{"the middle of five", five[2], slices.Concat(five[:2], five[3:]), 4},
		{"the first of forty", many[0], many[1:13], 39},
		{"the fifth of forty", many[4], slices.Concat(many[:4], many[5:13]), 39},
		{"the last of forty", many[39], many[:12], 39},
		{"a record its producer does not list", outsider, many[:12], 40},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := site.ProducerOthers(tc.it)
			if !slices.Equal(ids(got.Items), ids(tc.items)) || got.Total != tc.total {
				t.Errorf("got %v of %d, want %v of %d", ids(got.Items), got.Total, ids(tc.items), tc.total)
			}
		})
	}
}

// TestProducerDeps checks that a record's page depends on the producer's
// records it lists and counts the others, and on no other record of a large
// producer: a producer of thousands of records must not give each of their
// pages thousands of dependencies.
func TestProducerDeps(t *testing.T) {
	src := t.TempDir()
	if err := fixture.Generate(src, fixture.Options{Products: 60, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// Forty records of one producer.
	dirs, err := filepath.Glob(filepath.Join(src, "content", "products", "*", "index.vi.md"))
	if err != nil || len(dirs) < 40 {
		t.Fatalf("%d records, %v", len(dirs), err)
	}
	subject := regexp.MustCompile(`(?m)^subject: .*$`)
	var line []byte
	for _, f := range dirs[:40] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if line == nil {
			line = subject.Find(b)
		}
		if err := os.WriteFile(f, subject.ReplaceAll(b, line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := load(t, src)
	largest := 0
	for _, s := range c.Subjects {
		largest = max(largest, len(s.Products))
	}
	if largest < 30 {
		t.Fatalf("the largest producer has %d records, want at least 30 (forty were given one)", largest)
	}
	pages := site.Plan(c, site.NewURLs(c))
	checked := 0
	for _, pg := range pages {
		if pg.Kind != site.ProductPg || pg.Product.Subject == nil {
			continue
		}
		o := site.ProducerOthers(pg.Product)
		for _, r := range o.Items {
			if !slices.Contains(pg.Deps, r.ID) {
				t.Errorf("%s lists %s but does not depend on it", pg.Path, r.ID)
			}
		}
		if pg.Count != o.Total {
			t.Errorf("%s: count %d, want the producer's %d other records", pg.Path, pg.Count, o.Total)
		}
		near := site.NearbyDeps(c, pg.Product)
		for _, r := range pg.Product.Subject.Products {
			if r != pg.Product && !slices.Contains(o.Items, r) && !slices.Contains(near, r.ID) && slices.Contains(pg.Deps, r.ID) {
				t.Errorf("%s depends on %s, which it does not show", pg.Path, r.ID)
			}
		}
		if o.Total >= 29 {
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no page of the large producer's records")
	}
}
