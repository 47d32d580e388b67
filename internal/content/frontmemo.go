package content

import (
	"encoding/binary"
	"errors"

	"gopkg.in/yaml.v3"

	"github.com/khanhson-ocop/ocop/internal/memo"
)

// Parsed front matter kept between builds (memo.Table).
//
// Parsing YAML is the largest part of reading a record (yaml.v3 takes some
// 40 µs for a product's front matter, 2 s of CPU for a national catalogue);
// decoding the tree it made from a compact form takes a tenth of that. Only
// front matter that parsed without a problem is kept: a file with an error is
// parsed again, and its message made again, every time.
//
// The form of a tree: the number of nodes, the length of its text and the
// text (every string of every node, one after the other), then the nodes in
// pre-order, each as its kind, a byte of flags (which strings it has, whether
// its Content is set), its style, its tag (one byte for the common ones),
// the lengths of its strings, its line and column, and its number of
// children. Anchors and aliases are refused in content files, so a tree has
// none.

// frontKey is the memo key of front matter: its bytes and the line it starts
// on (every node's line is shifted by it).
func frontKey(data []byte, offset int) memo.Key {
	var o [binary.MaxVarintLen64]byte
	return memo.KeyOf([]byte("front"), o[:binary.PutUvarint(o[:], uint64(offset))], data)
}

// Node flags.
const (
	hasValue = 1 << iota
	hasTag
	hasHead
	hasLine
	hasFoot
	hasContent
)

// commonTags are tags written as one byte (their index + 1); 0 is a tag
// written out.
var commonTags = [...]string{"", "!!str", "!!int", "!!bool", "!!float", "!!null", "!!map", "!!seq", "!!timestamp"}

func tagCode(tag string) byte {
	for i, t := range commonTags {
		if t == tag {
			return byte(i + 1)
		}
	}
	return 0
}

// encodeTree appends the compact form of the tree at n to buf.
func encodeTree(buf []byte, n *yaml.Node) []byte {
	count, text := 0, 0
	var measure func(n *yaml.Node)
	measure = func(n *yaml.Node) {
		count++
		text += len(n.Value) + len(n.HeadComment) + len(n.LineComment) + len(n.FootComment)
		if tagCode(n.Tag) == 0 {
			text += len(n.Tag)
		}
		for _, c := range n.Content {
			measure(c)
		}
	}
	measure(n)
	buf = binary.AppendUvarint(buf, uint64(count))
	buf = binary.AppendUvarint(buf, uint64(text))
	var strs func(n *yaml.Node)
	strs = func(n *yaml.Node) {
		if tagCode(n.Tag) == 0 {
			buf = append(buf, n.Tag...)
		}
		buf = append(buf, n.Value...)
		buf = append(buf, n.HeadComment...)
		buf = append(buf, n.LineComment...)
		buf = append(buf, n.FootComment...)
		for _, c := range n.Content {
			strs(c)
		}
	}
	strs(n)
	var nodes func(n *yaml.Node)
	nodes = func(n *yaml.Node) {
		var flags byte
		set := func(cond bool, flag byte) {
			if cond {
				flags |= flag
			}
		}
		tc := tagCode(n.Tag)
		set(n.Value != "", hasValue)
		set(tc == 0, hasTag)
		set(n.HeadComment != "", hasHead)
		set(n.LineComment != "", hasLine)
		set(n.FootComment != "", hasFoot)
		set(n.Content != nil, hasContent)
		buf = append(buf, byte(n.Kind), flags, tc)
		buf = binary.AppendUvarint(buf, uint64(n.Style))
		if tc == 0 {
			buf = binary.AppendUvarint(buf, uint64(len(n.Tag)))
		}
		for _, s := range []string{n.Value, n.HeadComment, n.LineComment, n.FootComment} {
			if s != "" {
				buf = binary.AppendUvarint(buf, uint64(len(s)))
			}
		}
		buf = binary.AppendUvarint(buf, uint64(n.Line))
		buf = binary.AppendUvarint(buf, uint64(n.Column))
		buf = binary.AppendUvarint(buf, uint64(len(n.Content)))
		for _, c := range n.Content {
			nodes(c)
		}
	}
	nodes(n)
	return buf
}

var errTree = errors.New("damaged tree")

// treeDecoder reads one encoded tree.
type treeDecoder struct {
	data  []byte
	text  string
	nodes []yaml.Node  // every node of the tree, in pre-order
	ptrs  []*yaml.Node // the Content of every node, one after the other
	used  int          // nodes given out
	pused int          // ptrs given out
	err   error
}

func (d *treeDecoder) uvarint() int {
	v, n := binary.Uvarint(d.data)
	if n <= 0 || v > 1<<31 {
		d.err = errTree
		d.data = nil
		return 0
	}
	d.data = d.data[n:]
	return int(v)
}

func (d *treeDecoder) str() string {
	n := d.uvarint()
	if n > len(d.text) {
		d.err = errTree
		return ""
	}
	s := d.text[:n]
	d.text = d.text[n:]
	return s
}

// decodeTree decodes a tree encoded by encodeTree. The strings of its nodes
// share one allocation.
func decodeTree(data []byte) (*yaml.Node, error) {
	d := &treeDecoder{data: data}
	count := d.uvarint()
	text := d.uvarint()
	if d.err != nil || count == 0 || text > len(d.data) || count > len(d.data) {
		return nil, errTree
	}
	d.text = string(d.data[:text])
	d.data = d.data[text:]
	d.nodes = make([]yaml.Node, count)
	d.ptrs = make([]*yaml.Node, count-1)
	d.used = 1
	d.node(&d.nodes[0])
	if d.err != nil || len(d.data) != 0 || len(d.text) != 0 || d.used != count {
		return nil, errTree
	}
	return &d.nodes[0], nil
}

// node decodes n and, depth first, its children.
func (d *treeDecoder) node(n *yaml.Node) {
	if len(d.data) < 3 || d.err != nil {
		d.err = errTree
		return
	}
	kind, flags, tc := d.data[0], d.data[1], d.data[2]
	d.data = d.data[3:]
	n.Kind = yaml.Kind(kind)
	n.Style = yaml.Style(d.uvarint())
	switch {
	case flags&hasTag != 0:
		n.Tag = d.str()
	case tc >= 1 && int(tc) <= len(commonTags):
		n.Tag = commonTags[tc-1]
	default:
		d.err = errTree
	}
	if flags&hasValue != 0 {
		n.Value = d.str()
	}
	if flags&hasHead != 0 {
		n.HeadComment = d.str()
	}
	if flags&hasLine != 0 {
		n.LineComment = d.str()
	}
	if flags&hasFoot != 0 {
		n.FootComment = d.str()
	}
	n.Line = d.uvarint()
	n.Column = d.uvarint()
	k := d.uvarint()
	if d.err != nil || k > len(d.nodes)-d.used || k > len(d.ptrs)-d.pused || (k > 0 && flags&hasContent == 0) {
		d.err = errTree
		return
	}
	if flags&hasContent == 0 {
		return
	}
	n.Content = d.ptrs[d.pused : d.pused+k : d.pused+k]
	d.pused += k
	for i := range n.Content {
		if d.used == len(d.nodes) {
			d.err = errTree
			return
		}
		c := &d.nodes[d.used]
		d.used++
		n.Content[i] = c
		d.node(c)
	}
}
