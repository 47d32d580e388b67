package catalog

import (
	"slices"
	"strconv"
)

// Stats are the OCOP statistics computed from the records: per rated year, the
// number of OCOP products (published records with stars) and of distinct subjects,
// by star, by group and by subject type.
type Stats struct {
	Years []*YearStats // newest first
}

// Year returns the statistics of year y, or nil.
func (s *Stats) Year(y int) *YearStats {
	for _, ys := range s.Years {
		if ys.Year == y {
			return ys
		}
	}
	return nil
}

// Latest returns the newest year's statistics, or nil.
func (s *Stats) Latest() *YearStats {
	if len(s.Years) == 0 {
		return nil
	}
	return s.Years[0]
}

// YearStats are one rated year's figures.
type YearStats struct {
	Year         int
	Products     int
	Subjects     int
	ByStars      []StarCount  // stars ascending, only ranks that occur
	ByGroup      []*GroupStat // in category order, only groups that occur
	SubjectTypes []TypeCount  // distinct subjects by type, in SubjectTypes order
	Records      []*Product   // the ranked records, sorted by name
}

// StarCount is the number of products with a star rank.
type StarCount struct {
	Stars, Count int
}

// TypeCount is the number of distinct subjects of a type.
type TypeCount struct {
	Type  string
	Count int
}

// GroupStat is one group's figures in a year.
type GroupStat struct {
	Category     *Category
	Products     int
	Subjects     int
	SubjectTypes []TypeCount
}

// Stars returns the count for a star rank.
func (y *YearStats) Stars(n int) int {
	for _, s := range y.ByStars {
		if s.Stars == n {
			return s.Count
		}
	}
	return 0
}

func computeStats(c *Catalog) *Stats {
	st := &Stats{}
	byYear := map[int]*YearStats{}
	for _, p := range slices.Concat(c.Products, c.Tourism) {
		if !p.Rated() || p.RatedYear == 0 {
			continue
		}
		ys := byYear[p.RatedYear]
		if ys == nil {
			ys = &YearStats{Year: p.RatedYear}
			byYear[p.RatedYear] = ys
			st.Years = append(st.Years, ys)
		}
		ys.Records = append(ys.Records, p)
	}
	slices.SortFunc(st.Years, func(a, b *YearStats) int { return b.Year - a.Year })
	for _, ys := range st.Years {
		ys.Products = len(ys.Records)
		stars := map[int]int{}
		subjects := map[*Subject]bool{}
		for _, p := range ys.Records {
			stars[p.Stars]++
			if p.Subject != nil {
				subjects[p.Subject] = true
			}
		}
		ys.Subjects = len(subjects)
		for n := 1; n <= 5; n++ {
			if stars[n] > 0 {
				ys.ByStars = append(ys.ByStars, StarCount{n, stars[n]})
			}
		}
		ys.SubjectTypes = typeCounts(subjects)
		for _, cat := range c.Categories {
			g := &GroupStat{Category: cat}
			gs := map[*Subject]bool{}
			for _, p := range ys.Records {
				if p.Category == cat {
					g.Products++
					if p.Subject != nil {
						gs[p.Subject] = true
					}
				}
			}
			if g.Products == 0 {
				continue
			}
			g.Subjects = len(gs)
			g.SubjectTypes = typeCounts(gs)
			ys.ByGroup = append(ys.ByGroup, g)
		}
	}
	return st
}

func typeCounts(subjects map[*Subject]bool) []TypeCount {
	counts := map[string]int{}
	for s := range subjects {
		counts[s.Type]++
	}
	var out []TypeCount
	for _, t := range SubjectTypes {
		if counts[t] > 0 {
			out = append(out, TypeCount{t, counts[t]})
		}
	}
	return out
}

// JSON returns the statistics in the open-data shape of the output contract.
func (s *Stats) JSON() map[string]any {
	years := map[string]any{}
	for _, ys := range s.Years {
		byStars := map[string]int{}
		for _, sc := range ys.ByStars {
			byStars[strconv.Itoa(sc.Stars)] = sc.Count
		}
		groups := map[string]any{}
		for _, g := range ys.ByGroup {
			groups[g.Category.Key] = map[string]any{"products": g.Products, "subjects": g.Subjects, "subject_types": typeMap(g.SubjectTypes)}
		}
		years[strconv.Itoa(ys.Year)] = map[string]any{
			"products": ys.Products, "subjects": ys.Subjects, "by_stars": byStars, "by_group": groups,
			"subject_types": typeMap(ys.SubjectTypes),
		}
	}
	return map[string]any{"by_year": years}
}

func typeMap(tc []TypeCount) map[string]int {
	m := map[string]int{}
	for _, t := range tc {
		m[t.Type] = t.Count
	}
	return m
}
