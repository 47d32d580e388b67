package schema

import (
	"github.com/khanhson-ocop/ocop/internal/content"
)

// Type is the kind of value a field holds.
type Type string

// The value types.
const (
	Text     Type = "text"     // one line of text
	LongText Type = "longtext" // text that may be long (still one YAML value)
	Integer  Type = "integer"
	Bool     Type = "bool"
	Date     Type = "date"   // YYYY-MM-DD
	Words    Type = "words"  // a list of words
	Geo      Type = "geo"    // {lat, lng}
	Price    Type = "price"  // {amount, currency, unit}
	Ticket   Type = "ticket" // {amount, currency, unit} or {free: true}
	Cert     Type = "cert"   // {number, issued, issuer, expires}
	Images   Type = "images" // list of files or {file, alt}
	Shops    Type = "shops"  // list of {name, address, phone, url}
	Enum     Type = "enum"   // one of a list of words
	Ref      Type = "ref"    // the slug of another record
	Slug     Type = "slug"   // a URL slug
	URL      Type = "url"    // a web address
	Email    Type = "email"  // an e-mail address
	Phone    Type = "phone"  // a phone number
	File     Type = "file"   // a file of the bundle
	Category Type = "category"
	Subgroup Type = "subgroup"
)

// Field describes one field of a record kind.
type Field struct {
	Name     string
	Type     Type
	Required bool              // required in a published record (a draft's missing fields are warnings)
	Doc      map[string]string // what it means and the values allowed, per language ("vi", "en")
	Enum     []string          // the allowed values of an Enum field
	Example  string            // a YAML value shown in comments, e.g. {lat: 11.97, lng: 108.99}
}

// Kinds lists the record kinds by the name ocop new and ocop schema use.
var Kinds = []string{"product", "subject", "tourism", "page"}

// ContentKind maps a kind name to its content folder.
func ContentKind(kind string) (content.Kind, bool) {
	switch kind {
	case "product":
		return content.Products, true
	case "subject":
		return content.Subjects, true
	case "tourism":
		return content.Tourism, true
	case "page":
		return content.Pages, true
	}
	return "", false
}

func doc(vi, en string) map[string]string { return map[string]string{"vi": vi, "en": en} }

var (
	subjectTypes = []string{"cooperative", "cooperative-group", "enterprise", "household"}
	tourismKinds = []string{"eco-tourism", "community-tourism", "tourist-spot", "homestay", "experience"}
	menus        = []string{"header", "footer"}
)

// Common fields, shared by several kinds.
var (
	fSlug = Field{Name: "slug", Type: Slug, Doc: doc(
		"địa chỉ riêng của trang (chữ thường không dấu, số, dấu gạch ngang); để trống thì dùng tên thư mục",
		"the page's own address (lowercase letters, digits, hyphens); leave empty to use the folder name")}
	fWeight = Field{Name: "weight", Type: Integer, Doc: doc(
		"số thứ tự khi sắp xếp: số nhỏ đứng trước; để trống thì xếp theo tên",
		"ordering: smaller numbers come first; leave empty to order by name")}
	fDraft = Field{Name: "draft", Type: Bool, Doc: doc(
		"true: bản nháp, chưa xuất bản; đổi thành false (hoặc xóa dòng) khi đã điền xong",
		"true: a draft, not published; set to false (or delete the line) when it is complete")}
	fCommune = Field{Name: "commune", Type: Text, Doc: doc(
		"xã, phường nơi sản xuất (đơn vị hành chính hiện nay), ví dụ Khánh Sơn",
		"the commune where it is made (the current unit), e.g. Khánh Sơn")}
	fLegacyCommune = Field{Name: "legacy_commune", Type: Text, Doc: doc(
		"tên xã cũ trước khi sáp nhập (nếu có), ví dụ Sơn Bình",
		"the former commune before the 2025 merger (optional), e.g. Sơn Bình")}
	fDistrict = Field{Name: "district", Type: Text, Doc: doc(
		"huyện cũ (không bắt buộc; cấp huyện đã bỏ từ 1/7/2025)",
		"the former district (optional; districts were abolished on 1 July 2025)")}
	fGeoOptional = Field{Name: "geo", Type: Geo, Example: "{lat: 11.97, lng: 108.99}", Doc: doc(
		"vị trí trên bản đồ: vĩ độ lat và kinh độ lng, số thập phân có dấu chấm",
		"the position on the map: latitude lat and longitude lng, decimals with a dot")}
	fTags = Field{Name: "tags", Type: Words, Example: "[quà biếu, đặc sản]", Doc: doc(
		"các từ khóa, viết trong ngoặc vuông, cách nhau bằng dấu phẩy",
		"keywords, in square brackets, separated by commas")}
	fImages = Field{Name: "images", Type: Images, Example: "[bia.jpg, chi-tiet.jpg]", Doc: doc(
		"danh sách ảnh đặt trong thư mục này (JPEG hoặc PNG); ảnh đầu tiên là ảnh bìa; có thể viết {file: anh.jpg, alt: mô tả ảnh}",
		"photos in this folder (JPEG or PNG); the first is the cover; each may be {file: photo.jpg, alt: what it shows}")}
	fWhereToBuy = Field{Name: "where_to_buy", Type: Shops, Example: `[{name: Cửa hàng A, address: "…", phone: "0258 …", url: https://…}]`, Doc: doc(
		"nơi bán: danh sách, mỗi nơi có name (tên), address, phone, url",
		"where to buy: a list, each with name, address, phone, url")}
	fFeatured = Field{Name: "featured", Type: Bool, Doc: doc(
		"true: giới thiệu trên trang chủ; false: không",
		"true: shown on the home page; false: not")}
	fStars = Field{Name: "stars", Type: Enum, Enum: []string{"3", "4", "5"}, Doc: doc(
		"hạng OCOP: 3, 4 hoặc 5 sao; để trống nếu chưa được xếp hạng",
		"the OCOP rank: 3, 4 or 5 stars; leave empty if not ranked")}
	fScore = Field{Name: "score", Type: Integer, Doc: doc(
		"điểm đánh giá trên 100, phải khớp số sao (3★ 50–69, 4★ 70–89, 5★ 90–100); không bắt buộc",
		"the evaluation score out of 100, matching the stars (3★ 50–69, 4★ 70–89, 5★ 90–100); optional")}
	fRatedYear = Field{Name: "rated_year", Type: Integer, Doc: doc(
		"năm được công nhận hạng sao, ví dụ 2024; bắt buộc khi có stars",
		"the year the stars were awarded, e.g. 2024; required with stars")}
	fCertificate = Field{Name: "certificate", Type: Cert, Example: `{number: "1234/QĐ-UBND", issued: 2024-11-20, issuer: UBND huyện Khánh Sơn}`, Doc: doc(
		"quyết định công nhận OCOP: number (số), issued (ngày cấp, năm-tháng-ngày), issuer (nơi cấp), expires (ngày hết hạn; mặc định 36 tháng sau ngày cấp)",
		"the OCOP decision: number, issued (date, year-month-day), issuer, expires (default: 36 months after issued)")}
	fPrice = Field{Name: "price", Type: Price, Example: `{amount: 150000, currency: VND, unit: "hộp 500 g"}`, Doc: doc(
		"giá: amount (số đồng, chỉ chữ số), currency (VND), unit (đơn vị bán)",
		"price: amount (digits only), currency (VND), unit (what is sold)")}
	fSubcategory = Field{Name: "subcategory", Type: Subgroup, Doc: doc(
		"nhóm con trong ngành (khóa trong categories.yaml); không bắt buộc",
		"the sub-group within the category (a key from categories.yaml); optional")}
)

// fieldsOf lists the fields of a record kind in the order skeletons show them.
func fieldsOf(kind string) []Field {
	switch kind {
	case "product":
		return []Field{
			{Name: "name", Type: Text, Required: true, Doc: doc("tên sản phẩm, hiển thị làm tiêu đề trang", "the product's name, shown as the page title")},
			{Name: "summary", Type: LongText, Required: true, Doc: doc("một hai câu giới thiệu, hiện trên thẻ sản phẩm và trong kết quả tìm kiếm", "one or two sentences, shown on cards and in search results")},
			{Name: "subject", Type: Ref, Required: true, Doc: doc("chủ thể OCOP làm ra sản phẩm: tên thư mục trong content/subjects/", "the OCOP subject (producer): its folder name under content/subjects/")},
			{Name: "category", Type: Category, Required: true, Doc: doc("ngành sản phẩm: một khóa trong content/categories.yaml (trừ tourism)", "the product group: a key from content/categories.yaml (not tourism)")},
			fSubcategory, fStars, fScore, fRatedYear, fCertificate, fPrice, fImages,
			fCommune, fLegacyCommune, fDistrict, fTags, fWhereToBuy, fFeatured, fWeight, fSlug, fDraft,
		}
	case "tourism":
		return []Field{
			{Name: "name", Type: Text, Required: true, Doc: doc("tên điểm hoặc dịch vụ du lịch, hiển thị làm tiêu đề trang", "the name of the place or tourism service, shown as the page title")},
			{Name: "summary", Type: LongText, Doc: doc("một hai câu giới thiệu, hiện trên thẻ và trong kết quả tìm kiếm", "one or two sentences, shown on cards and in search results")},
			{Name: "kind", Type: Enum, Required: true, Enum: tourismKinds, Doc: doc(
				"loại hình: eco-tourism (sinh thái), community-tourism (cộng đồng), tourist-spot (điểm du lịch), homestay, experience (trải nghiệm)",
				"the kind: eco-tourism, community-tourism, tourist-spot, homestay, experience")},
			{Name: "geo", Type: Geo, Required: true, Example: "{lat: 11.97, lng: 108.99}", Doc: doc(
				"vị trí trên bản đồ (bắt buộc): vĩ độ lat và kinh độ lng, số thập phân có dấu chấm",
				"the position on the map (required): latitude lat and longitude lng, decimals with a dot")},
			{Name: "subject", Type: Ref, Doc: doc("đơn vị vận hành: tên thư mục trong content/subjects/; bắt buộc khi có stars", "the operator: its folder name under content/subjects/; required with stars")},
			{Name: "category", Type: Category, Doc: doc("luôn là tourism; có thể bỏ trống", "always tourism; may be left empty")},
			fSubcategory, fStars, fScore, fRatedYear, fCertificate,
			{Name: "opening_hours", Type: Text, Doc: doc("giờ mở cửa, ví dụ \"07:00–17:00 hằng ngày\"", "opening hours, e.g. \"07:00–17:00 daily\"")},
			{Name: "ticket", Type: Ticket, Example: "{amount: 30000, currency: VND, unit: người}", Doc: doc(
				"giá vé: {amount, currency, unit}, hoặc {free: true} nếu miễn phí",
				"the ticket: {amount, currency, unit}, or {free: true} when free")},
			fPrice,
			{Name: "activities", Type: Words, Example: "[tắm suối, cắm trại]", Doc: doc("các hoạt động, trong ngoặc vuông, cách nhau bằng dấu phẩy", "activities, in square brackets, separated by commas")},
			{Name: "best_season", Type: LongText, Doc: doc("mùa nên đến", "the best season to visit")},
			{Name: "how_to_get_there", Type: LongText, Doc: doc("đường đi", "how to get there")},
			fImages, fCommune, fLegacyCommune, fDistrict, fTags, fWhereToBuy, fFeatured, fWeight, fSlug, fDraft,
		}
	case "subject":
		return []Field{
			{Name: "name", Type: Text, Required: true, Doc: doc("tên chủ thể, ví dụ Hợp tác xã Nông nghiệp Sơn Bình", "the subject's name, e.g. Hợp tác xã Nông nghiệp Sơn Bình")},
			{Name: "type", Type: Enum, Required: true, Enum: subjectTypes, Doc: doc(
				"loại chủ thể: cooperative (hợp tác xã), cooperative-group (tổ hợp tác), enterprise (doanh nghiệp), household (hộ kinh doanh)",
				"the kind of subject: cooperative, cooperative-group, enterprise, household (household business)")},
			{Name: "summary", Type: LongText, Doc: doc("một câu giới thiệu", "one sentence")},
			{Name: "representative", Type: Text, Doc: doc("người đại diện", "the representative's name")},
			{Name: "address", Type: Text, Required: true, Doc: doc("địa chỉ: thôn, xóm, xã, tỉnh", "the address: village, commune, province")},
			{Name: "commune", Type: Text, Doc: doc("xã, phường hiện nay", "the current commune")},
			fDistrict,
			{Name: "province", Type: Text, Required: true, Doc: doc("tỉnh, ví dụ Khánh Hòa", "the province, e.g. Khánh Hòa")},
			{Name: "phone", Type: Phone, Doc: doc("số điện thoại, viết trong dấu nháy, ví dụ \"0258 3870 123\"", "the phone number, in quotes, e.g. \"0258 3870 123\"")},
			{Name: "email", Type: Email, Doc: doc("địa chỉ thư điện tử", "the e-mail address")},
			{Name: "website", Type: URL, Doc: doc("trang web, bắt đầu bằng https://", "the website, starting with https://")},
			{Name: "facebook", Type: URL, Doc: doc("trang Facebook, bắt đầu bằng https://", "the Facebook page, starting with https://")},
			{Name: "zalo", Type: Phone, Doc: doc("số Zalo, viết trong dấu nháy", "the Zalo number, in quotes")},
			fGeoOptional,
			{Name: "logo", Type: File, Doc: doc("tệp logo đặt trong thư mục này, ví dụ logo.png", "the logo file in this folder, e.g. logo.png")},
			{Name: "founded", Type: Integer, Doc: doc("năm thành lập, ví dụ 2015", "the year founded, e.g. 2015")},
			fWeight, fSlug, fDraft,
		}
	case "page":
		return []Field{
			{Name: "name", Type: Text, Required: true, Doc: doc("tiêu đề trang", "the page title")},
			{Name: "summary", Type: LongText, Doc: doc("một câu mô tả trang (cho công cụ tìm kiếm)", "one sentence describing the page (for search engines)")},
			{Name: "menu", Type: Enum, Enum: menus, Doc: doc(
				"header: liên kết ở đầu mọi trang; footer: ở cuối mọi trang; để trống: không có trong menu",
				"header: linked at the top of every page; footer: at the bottom; empty: not in a menu")},
			fWeight, fSlug, fDraft,
		}
	}
	return nil
}

// Fields returns the fields of a record kind ("product", "subject", "tourism",
// "page"), or of its translation files, in the order skeletons show them.
func Fields(kind string, translation bool) []Field {
	all := fieldsOf(kind)
	if !translation {
		return all
	}
	ck, _ := ContentKind(kind)
	var out []Field
	for _, f := range all {
		if !translatable(ck, f.Name) {
			continue
		}
		f.Required = false
		switch f.Name {
		case "price", "ticket":
			f.Example = ""
			f.Doc = doc("chỉ ghi phần unit (đơn vị) đã dịch: {unit: …}", "only the translated unit: {unit: …}")
		case "images":
			f.Example = ""
			f.Doc = doc("chỉ ghi mô tả (alt) đã dịch của từng ảnh, theo thứ tự trong tệp gốc: [{alt: …}]",
				"only each photo's translated description, in the record's order: [{alt: …}]")
		case "slug":
			f.Doc = doc("địa chỉ trang bằng ngôn ngữ này (chữ thường không dấu, số, dấu gạch ngang); để trống thì dùng địa chỉ gốc",
				"the page's address in this language (lowercase letters, digits, hyphens); leave empty to use the record's")
		default:
			f.Doc = doc("bản dịch của "+f.Doc["vi"], "translated: "+f.Doc["en"])
		}
		out = append(out, f)
	}
	return out
}
