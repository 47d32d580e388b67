package build

import (
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/render"
	"github.com/khanhson-ocop/ocop/internal/search"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// searchIndex writes the search index of every language (see package search).
func (b *Builder) searchIndex(cat *catalog.Catalog, urls *site.URLs, r *render.Renderer, t Target) error {
	langs := cat.Site.Codes()
	errs := make([]error, len(langs))
	files := make([][]string, len(langs))
	var wg sync.WaitGroup
	for i, lang := range langs {
		wg.Go(func() {
			// Read under the model's read lock (data.go), and indexed as
			// they are read: a superseded preview Update stops within 64
			// docs, so a patch waits little for the lock.
			b.model.RLock()
			docs, docsErr := SearchDocs(cat, urls, r, lang)
			idx, err := search.BuildSeq(docs, search.Options{Stop: stopper(t)})
			b.model.RUnlock()
			if err == nil {
				err = docsErr()
			}
			if errors.Is(err, search.ErrStopped) {
				errs[i] = errStopped
				return
			}
			if err != nil {
				errs[i] = fmt.Errorf("search index (%s): %w", lang, err)
				return
			}
			// Each language's files are written (compared with the ones
			// in place, or compressed) as soon as its index is made, and
			// let go: at 20,000 products the two languages' files and
			// postings held together raised the end of the build's live
			// heap by ~15 MB, above the peak while pages render.
			names := slices.Sorted(maps.Keys(idx.Files))
			werrs := make([]error, len(names))
			parallel(len(names), func(j int) { werrs[j] = t.WriteFile(search.Dir(lang)+names[j], idx.Files[names[j]]) })
			for _, err := range werrs {
				if err != nil {
					errs[i] = err // the first: a full disk fails them all
					return
				}
			}
			for j, n := range names {
				names[j] = search.Dir(lang) + n
			}
			files[i] = names
		})
	}
	wg.Wait()
	for _, err := range errs {
		if errors.Is(err, errStopped) {
			return errStopped
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	written := map[string]bool{}
	for _, names := range files {
		for _, n := range names {
			written[n] = true
		}
	}
	b.dropStaleSearch(written, t)
	return nil
}

// dropStaleSearch deletes, in preview, the search files the last index had
// and this one has not: shards are named by their content, so every edit
// that changes the index would otherwise leave files behind in memory for
// as long as the server runs. (A build writes a new folder, or deletes what
// its manifest no longer lists.)
func (b *Builder) dropStaleSearch(written map[string]bool, t Target) {
	if !b.opts.Preview {
		return
	}
	if stop := stopper(t); stop != nil && stop() {
		return // superseded: its files may not have been written
	}
	b.mu.Lock()
	old := b.pv.searchFiles
	b.pv.searchFiles = written
	b.mu.Unlock()
	rm, ok := t.(Remover)
	if !ok {
		return
	}
	var gone []string
	for f := range old {
		if !written[f] {
			gone = append(gone, f)
		}
	}
	slices.Sort(gone)
	rm.Delete(gone...)
}

// SearchDocs yields the searchable records of lang in listing order:
// products and tourism records (catalog.Sorted), then producers. Each doc is
// made when asked for, so that the index holds one at a time. err, after
// the iteration, says whether a record's text could not be read (from the
// memo, where a build leaves it): the sequence stops at that record.
func SearchDocs(cat *catalog.Catalog, urls *site.URLs, r *render.Renderer, lang string) (docs iter.Seq[search.Doc], err func() error) {
	var first error
	docs = func(yield func(search.Doc) bool) { first = searchDocs(cat, urls, r, lang, yield) }
	return docs, func() error { return first }
}

func searchDocs(cat *catalog.Catalog, urls *site.URLs, r *render.Renderer, lang string, yield func(search.Doc) bool) (err error) {
	def := cat.Site.DefaultLang
	// body returns a record's HTML in lang, or the default language's when
	// it has none.
	body := func(rec *catalog.Record) (string, bool) {
		b := rec.Body.At(lang)
		if b.IsEmpty() {
			b = rec.Body.At(def)
		}
		h, e := cat.BodyHTML(b)
		if e != nil {
			err = fmt.Errorf("the text of %s: %w", rec.ID, e)
			return "", false
		}
		return string(h), true
	}
	str := r.Strings(lang)
	in := func(t catalog.Text) string { return t.In(lang, def) }
	words := func(l catalog.List) []string { return l.In(lang, def) }
	textLang := func(rec *catalog.Record) string {
		if rec.HasLang(lang) {
			return ""
		}
		return def
	}
	// A record is also found by its names in the other languages (a visitor
	// may type the Vietnamese name on an English page), with summary weight.
	names := func(rec *catalog.Record) []string {
		var out []string
		for _, l := range cat.Site.Codes() {
			if l != lang && rec.HasLang(l) && rec.Name.At(l) != rec.Name.In(lang, def) {
				out = append(out, rec.Name.At(l))
			}
		}
		return out
	}
	for _, p := range catalog.Sorted(cat, lang, slices.Concat(cat.Products, cat.Tourism)) {
		badge := r.Badge(lang, p)
		res := search.Result{Kind: "p", Name: in(p.Name), URL: urls.Record(lang, &p.Record), Stars: p.Stars,
			Badge: badge.Label, Short: badge.Short, Expired: badge.Expired, Summary: in(p.Summary), Lang: textLang(&p.Record)}
		f := search.Facets{Stars: p.Stars}
		html, ok := body(&p.Record)
		if !ok {
			return err
		}
		var text []string
		if p.IsTourism {
			res.Kind = "t"
			res.Category = str.T("tourism_kind." + p.TourKind)
			text = append(text, res.Category, in(p.OpeningHours), in(p.BestSeason), in(p.HowToGetThere))
			text = append(text, words(p.Activities)...)
		} else if p.Category != nil {
			res.Category = in(p.Category.Name)
		}
		if p.Category != nil {
			f.Category = p.Category.Key
			text = append(text, in(p.Category.Name))
		}
		if p.Subgroup != nil {
			text = append(text, in(p.Subgroup.Name))
		}
		if s := p.Subject; s != nil {
			res.Producer = in(s.Name)
			f.Type = s.Type
			text = append(text, res.Producer, str.T("subject_type."+s.Type))
		}
		if cm := cat.CommuneOf(p); cm != nil {
			res.Place = cm.Name
			f.Commune = cm.Slug
			text = append(text, cm.Name)
		}
		text = append(text, p.LegacyCommune, p.District)
		if !yield(search.Doc{Name: res.Name, Summary: res.Summary, Tags: append(names(&p.Record), words(p.Tags)...), HTML: html, Text: text, Result: res, Facets: f}) {
			return nil
		}
	}
	for _, s := range catalog.Sorted(cat, lang, cat.Subjects) {
		typ := str.T("subject_type." + s.Type)
		res := search.Result{Kind: "s", Name: in(s.Name), URL: urls.Record(lang, &s.Record), Category: typ,
			Summary: in(s.Summary), Place: s.Commune, Lang: textLang(&s.Record)}
		html, ok := body(&s.Record)
		if !ok {
			return err
		}
		text := []string{typ, s.Address, s.Commune, s.District, s.Province, s.Representative}
		if !yield(search.Doc{Name: res.Name, Summary: res.Summary, Tags: names(&s.Record), HTML: html, Text: text, Result: res, Facets: search.Facets{Type: s.Type}}) {
			return nil
		}
	}
	return nil
}
