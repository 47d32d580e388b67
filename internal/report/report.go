package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
)

// SoonDays is how many days before expiry a certificate is listed as expiring.
const SoonDays = 90

// Certificate is one OCOP certificate that has expired or expires soon.
type Certificate struct {
	File    string // the record's default-language file
	Name    string // the record's default-language name
	Expires time.Time
	Days    int  // days from today to the expiry (negative: expired that long ago)
	Expired bool // the expiry is before today
}

// Record is a record with no translation file in a language.
type Record struct {
	Dir  string
	Name string
}

// Fields is a translated record whose translation lacks some fields.
type Fields struct {
	File   string // the translation file
	Fields []string
}

// Language is the translation report of one language.
type Language struct {
	Code         string
	Records      int      // records that could be translated
	Missing      []Record // records with no translation file
	Incomplete   []Fields // translations that lack fields
	FieldsMissed int      // the number of fields the incomplete translations lack
}

// Report is what ocop check lists after the diagnostics.
type Report struct {
	Today        time.Time
	Certificates []Certificate // sorted by expiry
	Languages    []Language    // every language but the default, in site order
}

// New builds the report of a catalogue.
func New(c *catalog.Catalog) *Report {
	r := &Report{Today: c.Today}
	def := c.Site.DefaultLang
	for _, p := range slices.Concat(c.Products, c.Tourism) {
		if p.Certificate == nil || p.Stars == 0 || p.Certificate.Expires.IsZero() {
			continue
		}
		days := int(p.Certificate.Expires.Sub(c.Today).Hours() / 24)
		if days > SoonDays {
			continue
		}
		r.Certificates = append(r.Certificates, Certificate{File: p.Files.At(def), Name: p.Name.At(def),
			Expires: p.Certificate.Expires, Days: days, Expired: p.Expired(c.Today)})
	}
	slices.SortFunc(r.Certificates, func(a, b Certificate) int {
		if c := a.Expires.Compare(b.Expires); c != 0 {
			return c
		}
		return strings.Compare(a.File, b.File)
	})
	var recs []*catalog.Record
	for _, s := range c.Subjects {
		recs = append(recs, &s.Record)
	}
	for _, p := range slices.Concat(c.Products, c.Tourism) {
		recs = append(recs, &p.Record)
	}
	for _, p := range c.Pages {
		recs = append(recs, &p.Record)
	}
	slices.SortFunc(recs, func(a, b *catalog.Record) int { return strings.Compare(a.Dir, b.Dir) })
	for _, l := range c.Site.Languages {
		if l.Code == def {
			continue
		}
		lr := Language{Code: l.Code, Records: len(recs)}
		for _, rec := range recs {
			if !rec.Translated.At(l.Code) {
				lr.Missing = append(lr.Missing, Record{Dir: rec.Dir, Name: rec.Name.At(def)})
				continue
			}
			if f := rec.Untranslated.At(l.Code); len(f) > 0 {
				lr.Incomplete = append(lr.Incomplete, Fields{File: rec.Files.At(l.Code), Fields: f})
				lr.FieldsMissed += len(f)
			}
		}
		r.Languages = append(r.Languages, lr)
	}
	return r
}

// words are the report's sentences, by language; English is the key.
var words = map[string]map[string]string{
	"vi": {
		"Certificates (today %s):":                "Giấy chứng nhận OCOP (hôm nay %s):",
		"  no certificate expires within %d days": "  không có giấy chứng nhận nào hết hạn trong %d ngày tới",
		"  expired %s (%d days ago)  %s  %s":      "  đã hết hạn %s (%d ngày trước)  %s  %s",
		"  expires %s (in %d days)  %s  %s":       "  sắp hết hạn %s (còn %d ngày)  %s  %s",
		"Translations:":                           "Bản dịch:",
		"  %s: every record is translated":        "  %s: mọi hồ sơ đều đã được dịch",
		"  %s: %d of %d records not translated, %d fields missing in %d translations": "  %s: %d trên %d hồ sơ chưa có bản dịch, thiếu %d trường trong %d bản dịch",
		"    not translated: %s  %s": "    chưa dịch: %s  %s",
		"    %s: %s":                 "    %s: %s",
	},
}

func tr(lang, format string, args ...any) string {
	if t, ok := words[lang][format]; ok {
		format = t
	}
	return fmt.Sprintf(format, args...)
}

// WriteText prints the report for a terminal, in lang ("vi" or "en").
func (r *Report) WriteText(w io.Writer, lang string) error {
	var b strings.Builder
	line := func(format string, args ...any) { b.WriteString(tr(lang, format, args...) + "\n") }
	line("Certificates (today %s):", r.Today.Format("2006-01-02"))
	if len(r.Certificates) == 0 {
		line("  no certificate expires within %d days", SoonDays)
	}
	for _, c := range r.Certificates {
		if c.Expired {
			line("  expired %s (%d days ago)  %s  %s", c.Expires.Format("2006-01-02"), -c.Days, c.File, c.Name)
		} else {
			line("  expires %s (in %d days)  %s  %s", c.Expires.Format("2006-01-02"), c.Days, c.File, c.Name)
		}
	}
	if len(r.Languages) > 0 {
		line("Translations:")
	}
	for _, l := range r.Languages {
		if len(l.Missing) == 0 && len(l.Incomplete) == 0 {
			line("  %s: every record is translated", l.Code)
			continue
		}
		line("  %s: %d of %d records not translated, %d fields missing in %d translations",
			l.Code, len(l.Missing), l.Records, l.FieldsMissed, len(l.Incomplete))
		for _, m := range l.Missing {
			line("    not translated: %s  %s", m.Dir, m.Name)
		}
		for _, f := range l.Incomplete {
			line("    %s: %s", f.File, strings.Join(f.Fields, ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown prints the report as Markdown (a GitHub job summary).
func (r *Report) WriteMarkdown(w io.Writer, lang string) error {
	var b strings.Builder
	b.WriteString("### OCOP\n\n```\n")
	if err := r.WriteText(&b, lang); err != nil {
		return err
	}
	b.WriteString("```\n")
	_, err := io.WriteString(w, b.String())
	return err
}
