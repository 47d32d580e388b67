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
		if lang == "" || lang == b.def || !r.Translated[lang] {
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
	for lang := range r.Translated {
		if lang == b.def {
			continue
		}
		for name, t := range texts {
			if t[b.def] != "" && t[lang] == "" {
				r.missing(lang, name)
			}
		}
		for name, l := range lists {
			if len(l[b.def]) > 0 && len(l[lang]) == 0 {
				r.missing(lang, name)
			}
		}
	}
}

func (r *Record) missing(lang, field string) {
	if r.Untranslated == nil {
		r.Untranslated = map[string][]string{}
	}
	if !slices.Contains(r.Untranslated[lang], field) {
		r.Untranslated[lang] = append(r.Untranslated[lang], field)
		slices.Sort(r.Untranslated[lang])
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
		if img.Alt[b.def] == "" {
			continue
		}
		for lang := range p.Translated {
			if lang != b.def && img.Alt[lang] == "" {
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
