// Package images turns the photos producers take with their phones into the
// pictures a catalogue publishes: resized, upright, stripped of metadata, and
// processed once.
//
// # What a source image goes through
//
//   - Probe reads the whole file but decodes only its header: the format is
//     decided from the first bytes (never from the name), the size from the
//     header (image/jpeg or image/png DecodeConfig), the EXIF orientation from
//     the JPEG's APP1 segment (a small parser of its own, see Orientation).
//     A file that is not a JPEG or PNG, that declares more than MaxPixels
//     pixels (a decompression bomb), or that ends before its image data does
//     (a truncated copy) is refused here, with an *Error that says what to do,
//     before anything is decoded; so a hostile file never exhausts memory.
//   - Plan lists what is published for a probed image: one variant per width
//     of Params.Widths that is narrower than the image (never upscaled), the
//     image's own width when it is narrower than the widest, and for a cover
//     the 1200×630 share picture (Open Graph), cropped to fill; for a logo the
//     share picture is the logo centred on white. The widest variant has the
//     source's own name (a link to the file finds it), unless it changes
//     format: then a copy in the source's format has that name (Picture.Own).
//   - Process decodes the image once, resamples it to the widest variant
//     (blocks of k×k pixels averaged first when it is k ≥ 2 times too large,
//     then a Catmull-Rom kernel), turns that upright by its EXIF
//     orientation, makes the narrower variants and the share picture from
//     it, and encodes every file anew: JPEG stays JPEG, PNG (graphics, logos)
//     stays PNG, except a photo saved as a PNG that cannot be transparent
//     (Info.Opaque), whose variants are JPEG (in planes, as a JPEG's) and
//     whose copy under its own name is a PNG (pngchunks.go: the source's
//     own chunks without the ancillary ones, when no resizing is needed).
//     Encoding with image/jpeg and image/png writes no metadata at
//     all, so no GPS position, camera serial or owner name leaves the build.
//   - A JPEG photo or logo is worked on in the planes it decodes to
//     (planar.go: luma and chroma, one byte a sample, chroma at its own
//     resolution, integer weights; a logo's share picture is a white
//     canvas in planes) and encoded from them, and so is a PNG photo once
//     converted to planes (toYCbCr); PNG graphics (and grey or CMYK
//     JPEGs) go through RGBA and golang.org/x/image/draw's kernel, in
//     strips so that its work buffer stays small. A variant that is an upright JPEG itself, saved
//     at the quality or coarser, is not encoded again: its bytes are copied
//     with only the segments a decoder needs (strip.go), which leaves the
//     metadata out just the same.
//
// # The cache
//
// A Cache keeps processed variants in a folder (a site's .cache/ocop/images/),
// one sub-folder per key: the SHA-256 of the source bytes and of the
// processing parameters (Params, the plan's mode, and the pipeline version).
// An unchanged photo is therefore never processed again, in a build or in the
// preview server, and two records that share a photo share its variants. An
// entry is written in a temporary folder and renamed into place, so a build
// interrupted half-way never leaves a half-written entry. The cache also keeps
// an index (index.json) of what it learnt about each source file, keyed by the
// file's path, size and modification time, so an unchanged file is not even
// read again: a cached build costs a stat per photo.
//
// # Work and memory
//
// Run processes jobs on a pool of GOMAXPROCS workers; each worker holds one
// source file and one decoded image at a time (about 40 MB for a 12 MP
// photo), so peak memory grows with the number of workers, not with the
// number of photos. Progress is written to an io.Writer (the
// command line passes the terminal, and nothing in CI).
//
// WebP is not written: golang.org/x/image/webp only decodes, the pure-Go
// encoders are either lossless only (github.com/HugoSmits86/nativewebp, larger
// than JPEG for photos) or young, and github.com/gen2brain/webp runs libwebp
// compiled to WebAssembly (or a system libwebp when one is found, which makes
// the output depend on the machine). JPEG at quality 80 from image/jpeg is
// read by every browser and keeps the build pure Go and reproducible.
package images
