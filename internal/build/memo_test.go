package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/output"
)

// TestMemo builds the example site with and without the memo of the build
// before, after an edit and with a damaged memo: the memo must save parsing
// and never change a byte of the output.
func TestMemo(t *testing.T) {
	src := copySite(t, "../..")
	file := filepath.Join(src, filepath.FromSlash(memoFile))
	dir := t.TempDir()
	build := func(name string) (string, *Result) {
		out := filepath.Join(dir, name)
		return out, buildInto(t, src, out, true)
	}

	cold, res := build("cold")
	made := res.Memo.Made
	if res.Memo.Found != 0 || made == 0 {
		t.Fatalf("first build: %d found, %d made; want 0 and some", res.Memo.Found, made)
	}
	warm, res := build("warm")
	if res.Memo.Found != made || res.Memo.Made != 0 {
		t.Fatalf("second build: %d found, %d made; want %d and 0", res.Memo.Found, res.Memo.Made, made)
	}
	sameTree(t, warm, cold)

	// An edit of one file's front matter and body: those two are parsed
	// again; the output is what a build without a memo makes.
	rec := filepath.Join(src, "content/products/bo-sap-son-binh/index.vi.md")
	text := readString(t, rec)
	edited := strings.Replace(text, "amount: 40000", "amount: 45000", 1)
	if edited == text {
		t.Fatal("the record has no `amount: 40000` to edit")
	}
	mustWrite(t, rec, edited+"\nMột đoạn mới.\n")
	after, res := build("edited")
	if res.Memo.Made != 2 || res.Memo.Found != made-2 {
		t.Fatalf("after an edit: %d found, %d made; want %d and 2", res.Memo.Found, res.Memo.Made, made-2)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	fresh, _ := build("fresh")
	sameTree(t, after, fresh)
	if !strings.Contains(readString(t, filepath.Join(after, "san-pham/bo-sap-son-binh/index.html")), "Một đoạn mới.") {
		t.Fatal("the edited body is not on the product page")
	}

	// Damage every 97th byte past the header: what is damaged is parsed
	// again, nothing else changes.
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i := 200; i < len(data); i += 97 {
		data[i] ^= 0x20
	}
	mustWrite(t, file, string(data))
	damaged, res := build("damaged")
	if res.Memo.Made == 0 {
		t.Fatal("a damaged memo was read as if whole")
	}
	sameTree(t, damaged, fresh)

	// A preview's first load reads the memo, its later ones their own
	// caches; its pages are those of a preview without a memo.
	preview := func() (*Builder, *output.Memory, *Result) {
		o := benchOptions(src)
		o.Preview = true
		b := New(o)
		m := output.NewMemory()
		res, err := b.Update(m)
		if err != nil || res.HasErrors() {
			t.Fatalf("Update: %v %v", err, res.Diagnostics)
		}
		return b, m, res
	}
	page := func(b *Builder, m *output.Memory) string {
		const rel = "san-pham/bo-sap-son-binh/index.html"
		if err := b.Ensure(rel); err != nil {
			t.Fatal(err)
		}
		data, _ := m.Get(rel)
		return string(data)
	}
	pb, pm, res := preview()
	if res.Memo.Found == 0 {
		t.Fatalf("a preview's first load found nothing in the memo (%d made)", res.Memo.Made)
	}
	withMemo := page(pb, pm)
	mustWrite(t, rec, edited+"\nMột đoạn khác.\n")
	pb.Changed("content/products/bo-sap-son-binh/index.vi.md")
	res, err = pb.Update(pm)
	if err != nil || res.Memo.Found+res.Memo.Made != 0 {
		t.Fatalf("a preview's second load: %v, %d found, %d made; want no memo", err, res.Memo.Found, res.Memo.Made)
	}
	mustWrite(t, rec, edited+"\nMột đoạn mới.\n")
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	nb, nm, _ := preview()
	if withMemo != page(nb, nm) {
		t.Fatal("a preview's page differs with and without the memo")
	}

	// Another ocop's memo is not read.
	o := benchOptions(src)
	o.Clean = true
	b := New(o)
	b.exe = func() string { return "another ocop" }
	if res, err := b.Build(filepath.Join(dir, "other")); err != nil || res.Memo.Found != 0 {
		t.Fatalf("another ocop's build: %v, %d found; want 0", err, res.Memo.Found)
	}
}

// TestSpilledBodies: a build's load keeps where the memo's file holds each
// body that has HTML; once the catalogue lets go of them, it reads back the
// HTML a load that holds the bodies has; after CloseBodies, none can be
// read. A whole build that lets go of them makes the same pages as one that
// holds them.
func TestSpilledBodies(t *testing.T) {
	src := copySite(t, "../..")
	b := New(benchOptions(src))
	held, _, _ := b.load(false, false)
	spilled, _, _ := b.load(false, true)
	defer spilled.CloseBodies()
	if spilled.Droppable() == 0 || held.Droppable() != 0 {
		t.Fatalf("Droppable() = %d and %d, want some and 0", spilled.Droppable(), held.Droppable())
	}
	spilled.DropBodies()
	a, s := held.Records(), spilled.Records()
	if len(a) != len(s) {
		t.Fatalf("%d records held, %d spilled", len(a), len(s))
	}
	n := 0
	for i := range a {
		for _, lang := range held.Site.Codes() {
			hb, sb := a[i].Body.At(lang), s[i].Body.At(lang)
			want, _ := held.BodyHTML(hb)
			got, err := spilled.BodyHTML(sb)
			if err != nil || got != want {
				t.Errorf("%s (%s): read back %.40q, %v; want %.40q", a[i].ID, lang, got, err, want)
			}
			if !hb.InMemory() || (want != "" && sb.InMemory()) {
				t.Errorf("%s (%s): held in memory %v, dropped in memory %v", a[i].ID, lang, hb.InMemory(), sb.InMemory())
			}
			if want != "" {
				n++
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d bodies with HTML in the example site", n)
	}
	if err := spilled.CloseBodies(); err != nil {
		t.Fatal(err)
	}
	if _, err := spilled.BodyHTML(s[0].Body.At("vi")); err == nil && !s[0].Body.At("vi").InMemory() {
		t.Error("a body read after CloseBodies")
	}

	dir := t.TempDir()
	dropped := filepath.Join(dir, "dropped")
	buildInto(t, src, dropped, true) // lets go of the bodies
	o := benchOptions(src)
	o.Clean = true
	asked := int64(-1)
	o.Loaded = func(n int64) bool { asked = n; return false }
	kept := filepath.Join(dir, "kept")
	if _, err := New(o).Build(kept); err != nil {
		t.Fatal(err)
	}
	if asked <= 0 {
		t.Fatalf("Loaded was told of %d bytes of bodies", asked)
	}
	sameTree(t, dropped, kept)
}
