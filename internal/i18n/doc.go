// Package i18n holds the language-dependent helpers of the site generator:
// Vietnamese first, English second.
//
// It provides:
//
//   - Fold, Slugify and ValidSlug: one diacritic-folding rule (đ→d, strip
//     combining marks, lowercase) shared by URL slugs and search, so a
//     slug and a search index never disagree about "Đắk Lắk" = "dak lak".
//   - Collator: locale-aware sorting (Vietnamese alphabet order
//     a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư for "vi"), safe for
//     concurrent use.
//   - FormatNumber, FormatPrice, FormatDate, FormatMonthYear: the fixed
//     display formats used in the catalogue ("150.000 ₫" / "150,000 VND",
//     "20/11/2024" / "20 Nov 2024"). They only ever emit ASCII spaces,
//     never NBSP, so output is stable and byte-for-byte testable.
//   - PlainNFC: a fast test that text is made only of runes that are in
//     NFC whatever surrounds them (nearly all Vietnamese and English text),
//     before the full check of golang.org/x/text/unicode/norm; the loader
//     and the search index both use it.
//   - Strings: UI strings loaded from flat (or nested, flattened with '.')
//     YAML files, with Merge for site-over-built-in overrides and T for
//     lookup; a missing key renders as "[key]" so it is visible.
//
// Promises: every function is deterministic and safe for concurrent use;
// the package has no package-level mutable state; a *Strings is immutable
// once returned (Merge builds a new value). A language argument is a BCP 47
// tag; anything whose base language is Vietnamese ("vi", "vi-VN") selects
// Vietnamese, anything else (including "") selects English.
package i18n
