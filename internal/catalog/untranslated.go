package catalog

import (
	"slices"
	"strings"

	"github.com/khanhson-ocop/ocop/internal/content"
)

// noteBody records the translations whose body is empty while the default
// language's is not. (A missing name is noted in record, before its fallback
// hides it; the other fields by noteTexts and noteProduct.)
func (b *builder) noteBody(r *Record, bu *content.Bundle) {
	def := bu.Files[b.def]
	if def == nil {
		def = bu.Files[""]
	}
	if def == nil || len(strings.TrimSpace(string(def.Body))) == 0 {
		return
	}
	for lang, f := range bu.Files {
		if lang == "" || lang == b.def || !r.Translated.At(lang) {
			continue
		}
		if len(strings.TrimSpace(string(f.Body))) == 0 {
			r.missing(lang, "body")
		}
	}
}

// noteTexts adds the texts and lists that the default language has and a
// translated language lacks.
func (b *builder) noteTexts(r *Record, texts map[string]Text, lists map[string]List) {
	for _, tr := range r.Translated {
		lang := tr.Lang
		if lang == b.def {
			continue
		}
		for name, t := range texts {
			if t.At(b.def) != "" && t.At(lang) == "" {
				r.missing(lang, name)
			}
		}
		for name, l := range lists {
			if len(l.At(b.def)) > 0 && len(l.At(lang)) == 0 {
				r.missing(lang, name)
			}
		}
	}
}

func (r *Record) missing(lang, field string) {
	if !slices.Contains(r.Untranslated.At(lang), field) {
		r.Untranslated.Set(lang, append(r.Untranslated.At(lang), field))
		slices.Sort(r.Untranslated.At(lang))
	}
}

// noteProduct adds a product's or tourism record's untranslated fields.
func (b *builder) noteProduct(p *Product) {
	texts := map[string]Text{"summary": p.Summary}
	lists := map[string]List{"tags": p.Tags}
	if p.Price != nil {
		texts["price.unit"] = p.Price.Unit
	}
	for _, img := range p.Images {
		if img.Alt.At(b.def) == "" {
			continue
		}
		for _, tr := range p.Translated {
			if lang := tr.Lang; lang != b.def && img.Alt.At(lang) == "" {
				p.missing(lang, "images.alt")
			}
		}
	}
	if p.IsTourism {
		texts["opening_hours"] = p.OpeningHours
		texts["best_season"] = p.BestSeason
		texts["how_to_get_there"] = p.HowToGetThere
		lists["activities"] = p.Activities
		if p.Ticket != nil {
			texts["ticket.unit"] = p.Ticket.Unit
		}
	}
	b.noteTexts(&p.Record, texts, lists)
}
