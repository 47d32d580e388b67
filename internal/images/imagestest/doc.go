// Package imagestest makes test images: photos stored as a camera stores
// them under each EXIF orientation, EXIF blocks carrying a GPS position, an
// owner's name and a camera serial, and decompression bombs.
package imagestest
