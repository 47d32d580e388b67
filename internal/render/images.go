package render

import (
	"strconv"
	"strings"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/images"
)

// Img is what an <img> element needs (templates/partials/picture.html):
// every image states its width and height, so nothing shifts while it loads,
// and a srcset of its published widths, so a phone fetches a small one.
type Img struct {
	Src    string // the narrowest variant (browsers without srcset)
	Srcset string // "url 360w, url 720w, …"; empty when there is one width only
	Width  int    // of the widest variant, for the aspect ratio
	Height int
	Alt    string
	// Caption is shown under a record's photos (the alt text, which says
	// "Illustration" for example pictures).
	Caption string
	// Placeholder marks the category's icon standing in for a missing photo
	// or logo; it is decorative (empty alt).
	Placeholder bool
}

// placeholderSize is the intrinsic size of the placeholder icons
// (assets/icons/<category>.svg): the 4:3 of a phone photo.
const placeholderW, placeholderH = 400, 300

// picture returns the published picture of a bundle file, or nil.
func (d *Data) picture(rec *catalog.Record, file string) *images.Picture {
	return d.r.opts.Pictures[rec.Dir+"/"+file]
}

// img fills an Img from a picture.
func (d *Data) img(rec *catalog.Record, pic *images.Picture, alt string) Img {
	var set []string
	if len(pic.Variants) > 1 { // with one, src says it all
		for _, v := range pic.Variants {
			set = append(set, d.Media(rec, v.Name)+" "+strconv.Itoa(v.Width)+"w")
		}
	}
	l := pic.Largest()
	return Img{Src: d.Media(rec, pic.Smallest().Name), Srcset: strings.Join(set, ", "), Width: l.Width, Height: l.Height, Alt: alt}
}

// placeholder returns the icon of a category key (or "subject") as an Img.
func (d *Data) placeholder(key string) Img {
	name := "icons/" + key + ".svg"
	if _, ok := d.r.opts.Assets[name]; !ok {
		name = "icons/placeholder.svg"
	}
	src := d.Asset(name)
	return Img{Src: src, Width: placeholderW, Height: placeholderH, Placeholder: true}
}

func (d *Data) productPlaceholder(p *catalog.Product) Img {
	key := "tourism"
	if p.Category != nil {
		key = p.Category.Key
	}
	return d.placeholder(key)
}

// Photos returns a product's or tourism record's photos, cover first; a
// record without photos gets one placeholder, its category's icon.
func (d *Data) Photos(p *catalog.Product) []Img {
	var out []Img
	for _, im := range p.Images {
		pic := d.picture(&p.Record, im.File)
		if pic == nil {
			continue
		}
		alt := d.Text(im.Alt)
		i := d.img(&p.Record, pic, alt)
		if alt == "" {
			i.Alt = d.Name(p)
		}
		i.Caption = alt
		out = append(out, i)
	}
	if len(out) == 0 {
		out = append(out, d.productPlaceholder(p))
	}
	return out
}

// Cover returns a record's cover photo for a card, or its category's icon.
func (d *Data) Cover(p *catalog.Product) Img {
	if len(p.Images) > 0 {
		im := p.Images[0]
		if pic := d.picture(&p.Record, im.File); pic != nil {
			alt := d.Text(im.Alt)
			if alt == "" {
				alt = d.Name(p)
			}
			return d.img(&p.Record, pic, alt)
		}
	}
	return d.productPlaceholder(p)
}

// Logo returns a subject's logo, or the placeholder icon for subjects.
func (d *Data) Logo(s *catalog.Subject) Img {
	if s.Logo != "" {
		if pic := d.picture(&s.Record, s.Logo); pic != nil {
			return d.img(&s.Record, pic, "Logo "+d.Name(s))
		}
	}
	return d.placeholder("subject")
}

// share returns the page's share picture: a product's or tourism record's
// cover, cropped to 1200×630, or a subject's logo centred on white.
func (d *Data) share() (*catalog.Record, *images.Variant) {
	if p := d.Page.Product; p != nil && len(p.Images) > 0 {
		if pic := d.picture(&p.Record, p.Images[0].File); pic != nil && pic.Share != nil {
			return &p.Record, pic.Share
		}
	}
	if s := d.Page.Subject; s != nil && s.Logo != "" {
		if pic := d.picture(&s.Record, s.Logo); pic != nil && pic.Share != nil {
			return &s.Record, pic.Share
		}
	}
	return nil, nil
}

// OGImage returns the absolute URL of the page's share (Open Graph) picture,
// 1200×630 for a photo of at least that size, or "" when the page has none.
func (d *Data) OGImage() string {
	rec, v := d.share()
	if v == nil {
		return ""
	}
	return d.Abs(d.r.urls.MediaURL(rec, v.Name))
}

// OGImageWidth is the width of OGImage in pixels (0 when there is none).
func (d *Data) OGImageWidth() int {
	if _, v := d.share(); v != nil {
		return v.Width
	}
	return 0
}

// OGImageHeight is the height of OGImage in pixels (0 when there is none).
func (d *Data) OGImageHeight() int {
	if _, v := d.share(); v != nil {
		return v.Height
	}
	return 0
}

// OGImageType is the media type of OGImage ("image/jpeg" or "image/png").
func (d *Data) OGImageType() string {
	if _, v := d.share(); v != nil && strings.HasSuffix(v.Name, ".png") {
		return "image/png"
	}
	return "image/jpeg"
}
