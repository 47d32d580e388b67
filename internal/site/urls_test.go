package site

import (
	"net/url"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
)

func testURLs(t *testing.T, base string) *URLs {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return &URLs{Base: u, BasePath: u.Path, Default: "vi"}
}

func TestURLScheme(t *testing.T) {
	u := testURLs(t, "https://x.github.io/ocop/")
	food := &catalog.Category{Key: "food", Name: catalog.NewText("vi", "Thực phẩm", "en", "Food")}
	tea := &catalog.Subgroup{Key: "tea-coffee", Name: catalog.NewText("vi", "Chè, cà phê"), Category: food}
	prod := &catalog.Record{Kind: content.Products, Slug: "ca-phe", URLSlug: catalog.NewText("vi", "ca-phe", "en", "dak-coffee")}
	spot := &catalog.Record{Kind: content.Tourism, Slug: "thac", URLSlug: catalog.NewText("vi", "thac")}
	subj := &catalog.Record{Kind: content.Subjects, Slug: "htx-a", URLSlug: catalog.NewText("vi", "htx-a", "en", "htx-a")}
	page := &catalog.Record{Kind: content.Pages, Slug: "gioi-thieu", URLSlug: catalog.NewText("vi", "gioi-thieu", "en", "about")}
	cm := &catalog.Commune{Name: "Tây Khánh Sơn", Slug: "tay-khanh-son"}
	for _, c := range []struct{ got, want string }{
		{u.Home("vi"), ""},
		{u.Home("en"), "en/"},
		{u.Listing("vi", SegProducts), "san-pham/"},
		{u.Listing("en", SegProducts), "en/products/"},
		{u.Listing("en", SegSubjects), "en/producers/"},
		{u.Record("vi", prod), "san-pham/ca-phe/"},
		{u.Record("en", prod), "en/products/dak-coffee/"},
		{u.Record("en", spot), "en/tourism/thac/"},
		{u.Record("vi", subj), "chu-the/htx-a/"},
		{u.Record("en", page), "en/about/"},
		{u.Category("vi", food), "nhom/thuc-pham/"},
		{u.Category("en", food), "en/groups/food/"},
		{u.Subgroup("vi", tea), "nhom/thuc-pham/che-ca-phe/"},
		{u.Stars("vi", 4), "hang-sao/4-sao/"},
		{u.Stars("en", 3), "en/stars/3-stars/"},
		{u.Commune("vi", cm), "xa/tay-khanh-son/"},
		{u.StatsYear("en", 2024), "en/statistics/2024/"},
		{u.NotFound("en"), "en/404.html"},
		{Paged("san-pham/", 1), "san-pham/"},
		{Paged("san-pham/", 3), "san-pham/page/3/"},
		{u.Rel("san-pham/"), "/ocop/san-pham/"},
		{u.Abs("en/"), "https://x.github.io/ocop/en/"},
		{File(""), "index.html"},
		{File("en/products/"), "en/products/index.html"},
		{File("404.html"), "404.html"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if !u.Reserved("vi", "san-pham") || u.Reserved("vi", "gioi-thieu") {
		t.Error("Reserved is wrong")
	}
}
