// Package render turns planned pages into HTML with html/template.
//
// Templates are looked up by name in the site's templates/ folder first and in
// the built-in ones second, so a site may override any single file. Every page is
// rendered by templates/base.html, which calls the blocks "title", "head" and "main"
// that the page kind's template (templates/<kind>.html) defines; templates/partials/
// holds the shared pieces (header, footer, card, the OCOP star badge, pagination).
// UI strings come from templates/i18n/<lang>.yaml. Templates are parsed once per
// Renderer; a Renderer is safe for concurrent use.
//
// Templates get a *Data value: the page, its language, the catalogue and methods
// for everything that depends on the language (T, Name, Price, Date, URL …), so a
// template never builds a path or formats a number by hand. Each method
// that takes arguments is also a function of the same name in lower camel
// case, the Data first ({{name . $p}}, {{isoDate $ .Issued}}), which is
// what the built-in templates call: cheaper for text/template than a method.
//
// seo.go gives the head of every page (templates/partials/meta.html) what
// search engines and chat apps read: Open Graph and Twitter card values with a
// cover picture, the RSS feed link, and JSON-LD (Product, TouristAttraction,
// Organization or LocalBusiness, WebSite, and a BreadcrumbList everywhere),
// marshalled with encoding/json so that <, > and & are escaped and a block
// can never close its script element.
package render
