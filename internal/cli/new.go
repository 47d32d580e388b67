package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/khanhson-ocop/ocop/internal/build"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/i18n"
	"github.com/khanhson-ocop/ocop/internal/scaffold"
	"github.com/khanhson-ocop/ocop/internal/schema"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// parseInterspersed parses flags that may come before, between or after the
// positional arguments, which it returns.
func parseInterspersed(fl *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fl.Parse(args); err != nil {
			return nil, err
		}
		if fl.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fl.Arg(0))
		args = fl.Args()[1:]
	}
}

// say picks the message in the user's language.
func say(lang, vi, en string) string {
	if lang == diag.Vietnamese {
		return vi
	}
	return en
}

// runNew writes the skeleton of a new record: ocop new KIND SLUG.
func runNew(args []string, env Env) int {
	var c common
	fl := newFlags("new", env, &c)
	subject := fl.String("subject", "", "product and tourism: the subject's folder name")
	category := fl.String("category", "", "product: the category key")
	name := fl.String("name", "", "the record's name, e.g. \"Cà phê Hòn Dung\"")
	pos, err := parseInterspersed(fl, args)
	if err != nil {
		return usageErr(env, err)
	}
	lang, err := c.language(env)
	if err != nil {
		return usageErr(env, err)
	}
	if len(pos) != 2 {
		return usageErr(env, errors.New(say(lang,
			"cách dùng: ocop new product|subject|tourism|page TÊN-THƯ-MỤC [--name \"Tên\"] [--subject …] [--category …]",
			"usage: ocop new product|subject|tourism|page SLUG [--name \"Name\"] [--subject …] [--category …]")))
	}
	kind, slug := pos[0], pos[1]
	ck, ok := schema.ContentKind(kind)
	if !ok {
		return usageErr(env, fmt.Errorf(say(lang, "không có loại hồ sơ %q: dùng product, subject, tourism hoặc page", "unknown kind %q: use product, subject, tourism or page"), kind))
	}
	if !i18n.ValidSlug(slug) {
		s := i18n.Slugify(slug)
		if s == "" {
			s = "ten-moi"
		}
		n := *name
		if n == "" && strings.TrimSpace(slug) != "" {
			n = slug
		}
		return usageErr(env, fmt.Errorf(say(lang,
			"%q không dùng được làm tên thư mục (chỉ chữ thường a–z không dấu, chữ số và dấu gạch ngang); thử:\n  ocop new %s %s --name %q",
			"%q cannot be a folder name (lowercase letters a–z, digits and hyphens only); try:\n  ocop new %s %s --name %q"), slug, kind, s, n))
	}
	if err := siteFolder(c.src); err != nil {
		return usageErr(env, err)
	}
	dir := filepath.Join(c.src, "content", string(ck), slug)
	rel := "content/" + string(ck) + "/" + slug
	if _, err := os.Lstat(dir); err == nil {
		return usageErr(env, fmt.Errorf(say(lang, "%s đã có; không ghi đè, không thay đổi gì", "%s already exists; nothing was overwritten"), rel))
	} else if !errors.Is(err, fs.ErrNotExist) {
		return usageErr(env, err)
	}

	// Read the site for its languages, categories and subjects.
	t, err := today(env)
	if err != nil {
		t = time.Now().UTC()
	}
	cat, _ := build.New(build.Options{Src: c.src, Drafts: true, Today: t, Builtin: env.Builtin}).Load()
	st := schema.FromCatalog(cat)
	if *subject != "" && kind != "product" && kind != "tourism" {
		return usageErr(env, errors.New(say(lang, "--subject chỉ dùng cho product và tourism", "--subject is for product and tourism only")))
	}
	if *subject != "" && !slices.Contains(st.Subjects, *subject) {
		return usageErr(env, fmt.Errorf(say(lang, "không có chủ thể %q trong content/subjects/ (có: %s)", "there is no subject %q under content/subjects/ (there are: %s)"),
			*subject, strings.Join(st.Subjects, ", ")))
	}
	if *category != "" {
		keys := st.CategoryKeys(kind)
		if kind != "product" || !slices.Contains(keys, *category) {
			return usageErr(env, fmt.Errorf(say(lang, "--category %q không dùng được cho %s (có: %s)", "--category %q cannot be used for a %s (there are: %s)"),
				*category, kind, strings.Join(keys, ", ")))
		}
	}
	if cat != nil && cat.Site != nil && cat.Site.BaseURL != nil {
		u := site.NewURLs(cat)
		for _, l := range cat.Site.Codes() {
			if (kind == "page" && u.Reserved(l, slug)) || slug == "page" {
				return usageErr(env, fmt.Errorf(say(lang, "địa chỉ %q đã được chính trang web dùng; chọn tên khác, ví dụ %s-1", "the address %q is used by the site itself; choose another, e.g. %s-1"), slug, slug))
			}
		}
	}

	files, err := scaffold.Files(scaffold.Options{Kind: kind, Name: *name, Subject: *subject, Category: *category, Lang: lang, Site: st})
	if err != nil {
		return usageErr(env, err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return usageErr(env, err)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := writeNew(filepath.Join(dir, n), files[n]); err != nil {
			os.RemoveAll(dir)
			return usageErr(env, err)
		}
	}
	fmt.Fprintf(env.Stdout, say(lang,
		"đã tạo %s/ (%s), đang là bản nháp (draft: true)\nđiền các trường, chạy `ocop check`, rồi xóa dòng draft: true để xuất bản\n",
		"created %s/ (%s), marked as a draft (draft: true)\nfill in the fields, run `ocop check`, then delete draft: true to publish\n"),
		rel, strings.Join(names, ", "))
	return ExitOK
}

// writeNew creates a file that must not exist yet.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
