package server

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

func TestStore(t *testing.T) {
	s := newStore()
	page := []byte("<!DOCTYPE html><p>" + strings.Repeat("Mật ong rừng Khánh Sơn. ", 500) + "</p>")
	photo := bytes.Repeat([]byte{0xff, 0xd8, 1, 2, 3}, 400)
	small := []byte("body{}")
	for name, data := range map[string][]byte{"a/index.html": page, "b.css": small, "c.jpg": photo} {
		if err := s.WriteFile(name, data); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CopyFile("d/tai-lieu.txt", fstest.MapFS{"x.txt": {Data: page}}, "x.txt"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{"a/index.html": page, "b.css": small, "c.jpg": photo, "d/tai-lieu.txt": page} {
		got, ok := s.Get(name)
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("Get(%q): %d bytes, %v; want the %d bytes written", name, len(got), ok, len(want))
		}
	}
	held, raw := s.Size()
	if raw != 2*len(page)+len(photo)+len(small) || held*4 > raw {
		t.Errorf("held %d of %d bytes: the text is not compressed", held, raw)
	}
	s.Delete("a/index.html")
	if _, ok := s.Get("a/index.html"); ok {
		t.Errorf("a deleted file is still there")
	}
	for _, bad := range []string{"", "/abs", "../x", "a/../b"} {
		if err := s.WriteFile(bad, nil); err == nil {
			t.Errorf("WriteFile(%q) is accepted", bad)
		}
	}
	if got := s.Paths(); strings.Join(got, " ") != "b.css c.jpg d/tai-lieu.txt" {
		t.Errorf("Paths() = %v", got)
	}
}
