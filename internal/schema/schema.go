package schema

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
)

// Site is what the schemas take from a site folder: the keys records may
// name. It may be empty (a site that cannot be read): the schemas then allow
// any slug where they would list keys.
type Site struct {
	Categories []Group
	Subjects   []string // subject slugs
	Languages  []string // language codes, default first
	Province   string   // site.yaml's region.province
}

// Group is a category key with its sub-group keys.
type Group struct {
	Key       string
	Subgroups []string
}

// FromCatalog reads a Site from a catalogue (built with drafts, so that every
// subject is listed).
func FromCatalog(c *catalog.Catalog) Site {
	var s Site
	if c == nil {
		return s
	}
	for _, cat := range c.Categories {
		sc := Group{Key: cat.Key}
		for _, sg := range cat.Subgroups {
			sc.Subgroups = append(sc.Subgroups, sg.Key)
		}
		s.Categories = append(s.Categories, sc)
	}
	for _, sub := range c.Subjects {
		s.Subjects = append(s.Subjects, sub.Slug)
	}
	slices.Sort(s.Subjects)
	if c.Site != nil {
		s.Languages = c.Site.Codes()
		s.Province = c.Site.Province
	}
	return s
}

// CategoryKeys returns the category keys a record of kind may name.
func (s Site) CategoryKeys(kind string) []string {
	var out []string
	for _, c := range s.Categories {
		if (kind == "tourism") == (c.Key == "tourism") {
			out = append(out, c.Key)
		}
	}
	return out
}

// SubgroupKeys returns the sub-group keys of the categories a record of kind
// may name (of one category when key is set).
func (s Site) SubgroupKeys(kind, key string) []string {
	var out []string
	for _, c := range s.Categories {
		if (key == "" && (kind == "tourism") == (c.Key == "tourism")) || c.Key == key {
			out = append(out, c.Subgroups...)
		}
	}
	return out
}

const slugPattern = `^[a-z0-9]+(-[a-z0-9]+)*$`

type obj = map[string]any

// Record returns the JSON Schema (draft-07) of a record kind's
// default-language file, or of its translation files, with descriptions in
// lang ("vi" or "en").
func Record(kind string, translation bool, site Site, lang string) (map[string]any, error) {
	fields := Fields(kind, translation)
	if fields == nil {
		return nil, fmt.Errorf("unknown kind %q: use product, subject, tourism or page", kind)
	}
	props := obj{}
	var required []string
	for _, f := range fields {
		p := property(f, kind, site, translation)
		p["description"] = describe(f, lang)
		props[f.Name] = nullable(p)
		if f.Required {
			required = append(required, f.Name)
		}
	}
	ck, _ := ContentKind(kind)
	title := fmt.Sprintf("OCOP %s: content/%s/<slug>/index.vi.md", kind, ck)
	if translation {
		title = fmt.Sprintf("OCOP %s translation: content/%s/<slug>/index.<lang>.md", kind, ck)
	}
	s := obj{
		"$schema":              "http://json-schema.org/draft-07/schema#",
		"title":                title,
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	}
	if len(required) > 0 {
		// A draft's missing fields are only warnings.
		s["if"] = obj{"properties": obj{"draft": obj{"const": true}}, "required": []string{"draft"}}
		s["then"] = obj{}
		s["else"] = obj{"required": required}
	}
	return s, nil
}

// describe returns a field's description in lang.
func describe(f Field, lang string) string {
	d := f.Doc[lang]
	if d == "" {
		d = f.Doc["en"]
	}
	if f.Example != "" {
		if lang == "vi" {
			d += "; ví dụ: " + f.Example
		} else {
			d += "; e.g. " + f.Example
		}
	}
	return d
}

func nullable(p obj) obj {
	if t, ok := p["type"].(string); ok && p["enum"] == nil {
		p["type"] = []string{t, "null"}
		return p
	}
	desc := p["description"]
	delete(p, "description")
	return obj{"description": desc, "anyOf": []any{obj{"type": "null"}, p}}
}

func enumOf(values []string) obj {
	if len(values) == 0 {
		return obj{"type": "string", "pattern": slugPattern}
	}
	return obj{"type": "string", "enum": values}
}

func property(f Field, kind string, site Site, translation bool) obj {
	str := func() obj { return obj{"type": "string"} }
	date := obj{"type": "string", "pattern": `^\d{4}-\d{2}-\d{2}$`}
	money := func(ticket bool) obj {
		p := obj{
			"amount":   obj{"type": "integer", "minimum": 0, "description": "VND, digits only"},
			"currency": obj{"type": "string", "pattern": "^[A-Z]{3}$"},
			"unit":     str(),
		}
		if ticket {
			p["free"] = obj{"type": "boolean"}
		}
		return obj{"type": "object", "properties": p, "additionalProperties": false}
	}
	switch f.Type {
	case Integer:
		p := obj{"type": "integer"}
		switch f.Name {
		case "score":
			p["minimum"], p["maximum"] = 0, 100
		case "rated_year":
			p["minimum"] = 2018
		case "founded":
			p["minimum"] = 1900
		}
		return p
	case Bool:
		return obj{"type": "boolean"}
	case Date:
		return date
	case Words:
		return obj{"anyOf": []any{str(), obj{"type": "array", "items": str()}}}
	case Geo:
		return obj{"type": "object", "required": []string{"lat", "lng"}, "additionalProperties": false, "properties": obj{
			"lat": obj{"type": "number", "minimum": -90, "maximum": 90},
			"lng": obj{"type": "number", "minimum": -180, "maximum": 180},
		}}
	case Price, Ticket:
		if translation {
			return obj{"type": "object", "properties": obj{"unit": str()}, "additionalProperties": false}
		}
		return money(f.Type == Ticket)
	case Cert:
		return obj{"type": "object", "additionalProperties": false, "properties": obj{
			"number": str(), "issued": date, "issuer": str(), "expires": date, "code": str(),
		}}
	case Images:
		if translation {
			return obj{"type": "array", "items": obj{"type": "object", "properties": obj{"alt": str()}, "additionalProperties": false}}
		}
		return obj{"type": "array", "items": obj{"anyOf": []any{str(), obj{
			"type": "object", "required": []string{"file"}, "additionalProperties": false,
			"properties": obj{"file": str(), "alt": str()},
		}}}}
	case Shops:
		return obj{"type": "array", "items": obj{"type": "object", "required": []string{"name"}, "additionalProperties": false,
			"properties": obj{"name": str(), "address": str(), "phone": obj{"type": []string{"string", "integer"}}, "url": obj{"type": "string", "pattern": "^https?://"}}}}
	case Enum:
		if f.Name == "stars" {
			return obj{"type": "integer", "enum": []int{3, 4, 5}}
		}
		return obj{"type": "string", "enum": f.Enum}
	case Ref:
		return enumOf(site.Subjects)
	case Category:
		return enumOf(site.CategoryKeys(kind))
	case Subgroup:
		return enumOf(site.SubgroupKeys(kind, ""))
	case Slug:
		return obj{"type": "string", "pattern": slugPattern}
	case URL:
		return obj{"type": "string", "pattern": "^https?://"}
	case Email:
		return obj{"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"}
	case Phone:
		return obj{"type": []string{"string", "integer"}}
	}
	return str()
}

// SiteYAML returns the JSON Schema of content/site.yaml.
func SiteYAML(lang string) map[string]any {
	d := func(vi, en string) string {
		if lang == "vi" {
			return vi
		}
		return en
	}
	str := func(desc string) obj { return obj{"type": "string", "description": desc} }
	return obj{
		"$schema": "http://json-schema.org/draft-07/schema#",
		"title":   "OCOP site settings: content/site.yaml",
		"type":    "object", "additionalProperties": false,
		"required": []string{"base_url"},
		"properties": obj{
			"base_url":         obj{"type": "string", "pattern": "^https?://", "description": d("địa chỉ xuất bản trang, ví dụ https://ten.github.io/ocop/", "where the site is published, e.g. https://name.github.io/ocop/")},
			"default_language": str(d("ngôn ngữ chính, ví dụ vi", "the default language, e.g. vi")),
			"title":            str(d("tên trang (cũ; dùng title trong languages)", "the site title (legacy; use languages' title)")),
			"languages": obj{"type": "array", "description": d("các ngôn ngữ của trang", "the site's languages"), "items": obj{
				"type": "object", "required": []string{"code", "title"}, "additionalProperties": false,
				"properties": obj{"code": obj{"type": "string", "pattern": "^[a-z]{2,3}(-[a-z0-9]+)?$"}, "name": str(""), "title": str(""), "description": str("")},
			}},
			"region": obj{"type": "object", "additionalProperties": false, "properties": obj{"province": str(""), "district": str(""), "commune": str("")}},
			"contact": obj{"type": "object", "additionalProperties": false, "properties": obj{
				"organisation": str(""), "phone": obj{"type": []string{"string", "integer"}}, "email": str(""), "address": str(""),
			}},
			"page_size": obj{"type": "integer", "minimum": 1, "maximum": 500, "description": d("số thẻ mỗi trang danh sách và mỗi trang sản phẩm của một chủ thể (mặc định 24)", "cards per page of a listing, and of a producer's products on its page (default 24)")},
		},
	}
}

// CategoriesYAML returns the JSON Schema of content/categories.yaml.
func CategoriesYAML(site Site, lang string) map[string]any {
	text := obj{"type": "object", "additionalProperties": obj{"type": "string"}}
	if len(site.Languages) > 0 {
		props := obj{}
		for _, l := range site.Languages {
			props[l] = obj{"type": "string"}
		}
		text = obj{"type": "object", "properties": props, "additionalProperties": false}
	}
	key := obj{"type": "string", "pattern": slugPattern}
	desc := "the OCOP product groups"
	if lang == "vi" {
		desc = "các ngành sản phẩm OCOP"
	}
	return obj{
		"$schema": "http://json-schema.org/draft-07/schema#",
		"title":   "OCOP categories: content/categories.yaml", "description": desc,
		"type": "array",
		"items": obj{"type": "object", "required": []string{"key", "name"}, "additionalProperties": false, "properties": obj{
			"key": key, "group": obj{"type": "integer"}, "name": text, "description": text, "icon": obj{"type": "string"},
			"subgroups": obj{"type": "array", "items": obj{"type": "object", "required": []string{"key"}, "additionalProperties": false,
				"properties": obj{"key": key, "name": text, "description": text}}},
		}},
	}
}

// Names lists the schema names All returns, in order.
func Names() []string {
	var out []string
	for _, k := range Kinds {
		out = append(out, k, k+".translation")
	}
	return append(out, "site", "categories")
}

// All returns every schema by name ("product", "product.translation", …,
// "site", "categories").
func All(site Site, lang string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, k := range Kinds {
		out[k], _ = Record(k, false, site, lang)
		out[k+".translation"], _ = Record(k, true, site, lang)
	}
	out["site"] = SiteYAML(lang)
	out["categories"] = CategoriesYAML(site, lang)
	return out
}

// Marshal encodes a schema as indented JSON with a final newline.
func Marshal(s any) []byte {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		// Schemas are built from maps of plain values; this cannot happen.
		panic(err)
	}
	return append(b, '\n')
}

func translatable(k content.Kind, name string) bool {
	return slices.Contains(catalog.Fields(k, true), name)
}
