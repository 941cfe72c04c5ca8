package incident

import (
	"fmt"
	"io"
)

// treeProblems walks the page tree from the meta page's root, as bbolt's
// own check does, and reports every page element that points outside its
// page or at a page outside the file. bbolt's check runs on a goroutine of
// its own, where a read through such an element is a fatal fault rather
// than a panic that can be recovered, so it must only run on a tree that
// has none.
func treeProblems(f io.ReaderAt, m boltMeta, size int64) []string {
	var problems []string
	seen := map[uint64]bool{}
	var walk func(id uint64, depth int)
	var page func(p []byte, where string, depth int)
	page = func(p []byte, where string, depth int) {
		if len(p) < pageHeaderSize {
			problems = append(problems, where+": shorter than a page header")
			return
		}
		flags, count := le.Uint16(p[8:]), int(le.Uint16(p[10:]))
		if flags != flagBranch && flags != flagLeaf {
			problems = append(problems, fmt.Sprintf("%s: neither a branch nor a leaf (flags %#x)", where, flags))
			return
		}
		for i := range count {
			at := pageHeaderSize + i*leafElementSize // branch elements are 16 bytes too
			if at+leafElementSize > len(p) {
				problems = append(problems, fmt.Sprintf("%s: %d elements do not fit in it", where, count))
				return
			}
			if flags == flagBranch {
				// A branch element: pos, ksize u32, child pgid u64.
				pos, ks := uint64(le.Uint32(p[at:])), uint64(le.Uint32(p[at+4:]))
				if uint64(at)+pos+ks > uint64(len(p)) {
					problems = append(problems, fmt.Sprintf("%s: element %d points outside the page", where, i))
					continue
				}
				walk(le.Uint64(p[at+8:]), depth+1)
				continue
			}
			// A leaf element: flags, pos, ksize, vsize u32.
			pos, ks, vs := uint64(le.Uint32(p[at+4:])), uint64(le.Uint32(p[at+8:])), uint64(le.Uint32(p[at+12:]))
			k0 := uint64(at) + pos
			if k0+ks+vs > uint64(len(p)) {
				problems = append(problems, fmt.Sprintf("%s: element %d points outside the page", where, i))
				continue
			}
			if le.Uint32(p[at:])&bucketLeafFlag == 0 {
				continue
			}
			v := p[k0+ks : k0+ks+vs]
			if len(v) < bucketHeaderSize {
				problems = append(problems, fmt.Sprintf("%s: element %d is a bucket too short for its header", where, i))
				continue
			}
			if root := le.Uint64(v); root != 0 {
				walk(root, depth+1)
			} else {
				page(v[bucketHeaderSize:], fmt.Sprintf("%s, inline bucket %d", where, i), depth+1)
			}
		}
	}
	walk = func(id uint64, depth int) {
		if len(problems) >= maxProblems || depth > 64 || seen[id] {
			return
		}
		seen[id] = true
		where := fmt.Sprintf("page %d", id)
		if id < 2 || id >= m.pgid {
			problems = append(problems, where+": outside the file's pages")
			return
		}
		p := readPage(f, int64(m.pageSize), id, size)
		if p == nil {
			problems = append(problems, where+": not whole in the file")
			return
		}
		page(p, where, depth)
	}
	walk(m.root, 0)
	return problems
}
