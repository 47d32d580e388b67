package images

import "image"

// Orient returns img turned upright for an EXIF orientation (see Orientation):
// img itself for 1 (or an unknown value), a new image otherwise.
func Orient(img *image.RGBA, orientation int) *image.RGBA {
	if orientation < 2 || orientation > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if orientation >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+dw*4]
		for x := range dw {
			sx, sy := storedAt(orientation, w, h, x, y)
			i := img.PixOffset(sx+b.Min.X, sy+b.Min.Y)
			copy(row[x*4:x*4+4], img.Pix[i:i+4])
		}
	}
	return dst
}

// storedAt returns the stored pixel (sx, sy) of a w×h image (as stored) that
// the pixel (x, y) of the upright image shows, for an EXIF orientation.
func storedAt(orientation, w, h, x, y int) (sx, sy int) {
	switch orientation {
	case 2: // mirrored
		return w - 1 - x, y
	case 3: // upside down
		return w - 1 - x, h - 1 - y
	case 4: // mirrored upside down
		return x, h - 1 - y
	case 5: // transposed
		return y, x
	case 6: // stored a quarter turn left: turn right
		return y, h - 1 - x
	case 7: // transversed
		return w - 1 - y, h - 1 - x
	case 8: // stored a quarter turn right: turn left
		return w - 1 - y, x
	}
	return x, y
}
