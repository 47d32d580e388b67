package scaffold

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/khanhson-ocop/ocop/internal/schema"
)

// Options say what skeleton to write.
type Options struct {
	Kind     string // product, subject, tourism or page
	Name     string // the record's name in the default language (may be empty)
	Subject  string // product and tourism: the subject's slug (may be empty)
	Category string // product: the category key (may be empty)
	Lang     string // the language of the comments: "vi" or "en"
	Site     schema.Site
}

// Files returns the skeleton files of a new bundle by file name: index.<lang>.md
// for each of the site's languages (vi and en when it has none).
func Files(o Options) (map[string][]byte, error) {
	if _, ok := schema.ContentKind(o.Kind); !ok {
		return nil, fmt.Errorf("unknown kind %q: use product, subject, tourism or page", o.Kind)
	}
	langs := o.Site.Languages
	if len(langs) == 0 {
		langs = []string{"vi", "en"}
	}
	out := map[string][]byte{}
	for i, l := range langs {
		out["index."+l+".md"] = []byte(skeleton(o, i > 0))
	}
	return out, nil
}

func (o Options) say(vi, en string) string {
	if o.Lang == "vi" {
		return vi
	}
	return en
}

// skeleton writes one file: every field with a comment above it, marked draft.
func skeleton(o Options, translation bool) string {
	var b strings.Builder
	b.WriteString("---\n")
	if translation {
		b.WriteString(o.say(
			"# Bản dịch: chỉ ghi phần chữ đã dịch. Các dữ kiện (sao, giá, chủ thể …) nằm trong index.vi.md.\n",
			"# Translation: only translated text goes here. The facts (stars, price, subject …) live in index.vi.md.\n"))
	} else {
		b.WriteString(o.say(
			"# Điền từng trường rồi chạy `ocop check`. Dòng bắt đầu bằng # là ghi chú, không được xuất bản.\n",
			"# Fill in each field, then run `ocop check`. Lines starting with # are notes and are not published.\n"))
	}
	for _, f := range schema.Fields(o.Kind, translation) {
		if translation && f.Name == "draft" {
			continue
		}
		b.WriteString("\n# " + o.comment(f) + "\n")
		if v := o.value(f, translation); v != "" {
			b.WriteString(f.Name + ": " + v + "\n")
		} else {
			b.WriteString(f.Name + ":\n")
		}
	}
	b.WriteString("---\n\n")
	if translation {
		b.WriteString(o.say("Viết bản dịch của phần giới thiệu ở đây.\n", "Write the translated description here.\n"))
	} else {
		b.WriteString(o.say("Viết phần giới thiệu ở đây: làm từ gì, làm thế nào, dùng ra sao.\n",
			"Write the description here: what it is made of, how, and how to use it.\n"))
	}
	return b.String()
}

// comment says what a field means and which values it takes.
func (o Options) comment(f schema.Field) string {
	c := f.Doc[o.Lang]
	if c == "" {
		c = f.Doc["en"]
	}
	if f.Required {
		c = o.say("(bắt buộc) ", "(required) ") + c
	}
	list := func(values []string) {
		if len(values) > 0 && len(values) <= 12 {
			c += o.say("; có: ", "; one of: ") + strings.Join(values, ", ")
		}
	}
	switch f.Type {
	case schema.Category:
		list(o.Site.CategoryKeys(o.Kind))
	case schema.Subgroup:
		list(o.Site.SubgroupKeys(o.Kind, o.Category))
	case schema.Ref:
		list(o.Site.Subjects)
	}
	if f.Example != "" {
		c += o.say("; ví dụ: ", "; e.g. ") + f.Example
	}
	return strings.ReplaceAll(c, "\n", " ")
}

// value is a field's starting value: empty, but of the right shape, so that
// the skeleton passes ocop check (a draft's empty required fields are warnings).
func (o Options) value(f schema.Field, translation bool) string {
	switch f.Name {
	case "name":
		if !translation && o.Name != "" {
			return strconv.Quote(o.Name)
		}
		return `""`
	case "draft":
		return "true"
	case "subject":
		if o.Subject != "" {
			return o.Subject
		}
	case "category":
		if o.Kind == "tourism" {
			return "tourism"
		}
		if o.Category != "" {
			return o.Category
		}
	case "province":
		if o.Site.Province != "" {
			return strconv.Quote(o.Site.Province)
		}
	}
	switch f.Type {
	case schema.Integer, schema.Geo, schema.Price, schema.Ticket, schema.Cert:
		return ""
	case schema.Enum:
		if f.Name == "stars" {
			return ""
		}
	case schema.Bool:
		return "false"
	case schema.Words, schema.Images, schema.Shops:
		return "[]"
	}
	return `""`
}
