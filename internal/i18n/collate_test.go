package i18n

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/collate"
)

func TestCollatorVietnameseOrder(t *testing.T) {
	in := []string{"Đào", "Dừa", "Ân", "An", "Ăn", "Bưởi", "Cà phê", "Chuối"}
	// Vietnamese alphabet: a < ă < â < b < c < d < đ; "ch" is not a separate
	// letter in x/text's (CLDR) vi collation, so "Cà" < "Ch" as a < h.
	want := []string{"An", "Ăn", "Ân", "Bưởi", "Cà phê", "Chuối", "Dừa", "Đào"}

	c := NewCollator("vi")
	got := slices.Clone(in)
	slices.SortFunc(got, c.Compare)
	if !slices.Equal(got, want) {
		t.Errorf("sort with Compare = %q, want %q", got, want)
	}

	// The same order through precomputed keys.
	got = slices.Clone(in)
	slices.SortFunc(got, func(a, b string) int { return bytes.Compare(c.Key(a), c.Key(b)) })
	if !slices.Equal(got, want) {
		t.Errorf("sort with Key = %q, want %q", got, want)
	}

	got = slices.Clone(in)
	c.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("Sort = %q, want %q", got, want)
	}
}

func TestCollatorVietnameseLettersAndTones(t *testing.T) {
	c := NewCollator("vi-VN")
	// Each pair must compare a < b.
	less := [][2]string{
		{"a", "ă"}, {"ă", "â"}, {"â", "b"},
		{"d", "đ"}, {"đ", "e"}, {"e", "ê"},
		{"o", "ô"}, {"ô", "ơ"}, {"ơ", "p"},
		{"u", "ư"}, {"ư", "v"},
		{"dz", "đa"}, // đ is a letter of its own, after all of d
		{"ăz", "âa"}, // likewise ă before â
		{"a", "à"},   // tones: ngang < huyền < hỏi < ngã < sắc < nặng
		{"à", "ả"}, {"ả", "ã"}, {"ã", "á"}, {"á", "ạ"},
		{"an", "ăn"},
	}
	for _, p := range less {
		if got := c.Compare(p[0], p[1]); got != -1 {
			t.Errorf("vi Compare(%q, %q) = %d, want -1", p[0], p[1], got)
		}
		if got := c.Compare(p[1], p[0]); got != 1 {
			t.Errorf("vi Compare(%q, %q) = %d, want 1", p[1], p[0], got)
		}
		if bytes.Compare(c.Key(p[0]), c.Key(p[1])) >= 0 {
			t.Errorf("vi Key(%q) should sort before Key(%q)", p[0], p[1])
		}
	}
	if got := c.Compare("Cà phê", "Cà phê"); got != 0 {
		t.Errorf("Compare(equal) = %d", got)
	}
}

func TestCollatorEnglish(t *testing.T) {
	for _, lang := range []string{"en", "", "fr", "not a tag!"} {
		c := NewCollator(lang)
		if c.Lang().String() != "en" {
			t.Errorf("NewCollator(%q).Lang() = %v, want en", lang, c.Lang())
		}
	}
	c := NewCollator("en")
	got := []string{"banana", "Apple", "cherry", "apple"}
	c.Sort(got)
	want := []string{"apple", "Apple", "banana", "cherry"}
	if !slices.Equal(got, want) {
		t.Errorf("en Sort = %q, want %q", got, want)
	}
	// English treats đ as d with a secondary difference, so it sorts among the d's.
	if c.Compare("đb", "dc") != -1 {
		t.Errorf("en Compare(đb, dc) should be -1")
	}
	if NewCollator("vi").Compare("đb", "dc") != 1 {
		t.Errorf("vi Compare(đb, dc) should be 1")
	}
}

func TestCollatorKeyNotAliased(t *testing.T) {
	c := NewCollator("vi")
	k1 := c.Key("Đào")
	saved := slices.Clone(k1)
	_ = c.Key("Chuối")
	_ = c.Compare("a", "b")
	if !bytes.Equal(k1, saved) {
		t.Error("Key result was overwritten by a later call")
	}
}

// TestCollatorConcurrent is meant for go test -race.
func TestCollatorConcurrent(t *testing.T) {
	c := NewCollator("vi")
	words := []string{"Đào", "Dừa", "Ân", "An", "Ăn", "Bưởi", "Cà phê", "Chuối"}
	want := []string{"An", "Ăn", "Ân", "Bưởi", "Cà phê", "Chuối", "Dừa", "Đào"}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				got := slices.Clone(words)
				if (g+i)%2 == 0 {
					slices.SortFunc(got, c.Compare)
				} else {
					slices.SortFunc(got, func(a, b string) int { return bytes.Compare(c.Key(a), c.Key(b)) })
				}
				if !slices.Equal(got, want) {
					errs <- fmt.Errorf("goroutine %d iter %d: %q", g, i, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestCollatorKeyReusedBuffer checks that a key made in a collator's reused
// buffer is the key a new collator and buffer make, after keys of other
// lengths and for a name whose key outgrows the buffer's 4 KB.
func TestCollatorKeyReusedBuffer(t *testing.T) {
	long := strings.Repeat("Cà phê Sơn Thái ", 300)
	for _, lang := range []string{"vi", "en"} {
		c := NewCollator(lang)
		for _, s := range []string{"Đào", long, "a", "Mật ong", long + "x", "", "Chuối"} {
			var buf collate.Buffer
			want := collate.New(tagFor(lang)).KeyFromString(&buf, s)
			if got := c.Key(s); !bytes.Equal(got, want) {
				t.Errorf("%s Key(%.20q…): %d bytes, want %d", lang, s, len(got), len(want))
			}
		}
	}
}

func BenchmarkCollatorKey(b *testing.B) {
	c := NewCollator("vi")
	names := []string{"Cà phê Sơn Thái", "Mật ong rừng Khánh Sơn", "Sầu riêng Ri6", "Đào", "Bưởi da xanh"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.Key(names[i%len(names)])
	}
}
