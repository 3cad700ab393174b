//! The records of a page. In WebAssembly they are kept in chunks of [`CHUNK`] ([`Chunked`]): one
//! vector that doubles as it grows is held twice while it is copied, and a WebAssembly memory,
//! which never shrinks, keeps that peak (233 MiB for 877,000 records, against a bound of 140 MiB
//! for their 10 MB page); chunks are filled in place, and indexed like a slice. Natively the
//! vector stays: its growth is a `mremap`, not a copy, and chunks from the heap, once freed, stay
//! resident (a 50 MB page peaked 37 MiB higher).

use super::record::Record;
use std::ops::{Index, IndexMut};

/// Records per chunk (a power of two: an ordinal's chunk is a shift away).
const SHIFT: u32 = 12;
const CHUNK: usize = 1 << SHIFT;

/// Every element's record, by ordinal.
#[cfg(target_arch = "wasm32")]
pub(crate) type Records = Chunked;
/// Every element's record, by ordinal.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type Records = Vec<Record>;

/// Records in chunks, indexed like a slice.
#[derive(Debug, Default)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) struct Chunked {
    chunks: Vec<Vec<Record>>,
    len: usize,
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
impl Chunked {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, r: Record) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(r),
            _ => {
                let mut c = Vec::with_capacity(CHUNK);
                c.push(r);
                self.chunks.push(c);
            }
        }
        self.len += 1;
    }

    pub(crate) fn get(&self, i: usize) -> Option<&Record> {
        self.chunks.get(i >> SHIFT)?.get(i & (CHUNK - 1))
    }

    pub(crate) fn get_mut(&mut self, i: usize) -> Option<&mut Record> {
        self.chunks.get_mut(i >> SHIFT)?.get_mut(i & (CHUNK - 1))
    }

    pub(crate) fn iter(&self) -> Iter<'_> {
        Iter {
            recs: self,
            front: 0,
            back: self.len,
        }
    }
}

impl Index<usize> for Chunked {
    type Output = Record;

    fn index(&self, i: usize) -> &Record {
        &self.chunks[i >> SHIFT][i & (CHUNK - 1)]
    }
}

impl IndexMut<usize> for Chunked {
    fn index_mut(&mut self, i: usize) -> &mut Record {
        &mut self.chunks[i >> SHIFT][i & (CHUNK - 1)]
    }
}

/// The records in order (both ways).
#[derive(Clone)]
pub(crate) struct Iter<'a> {
    recs: &'a Chunked,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Record;

    fn next(&mut self) -> Option<&'a Record> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.recs.get(self.front - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.recs.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Chunked {
    type Item = &'a Record;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_indexed_across_chunks() {
        let mut recs = Chunked::default();
        for i in 0..(CHUNK * 2 + 5) as u32 {
            recs.push(Record {
                parent: i,
                ..Record::default()
            });
        }
        assert_eq!(recs.len(), CHUNK * 2 + 5);
        assert_eq!(recs[CHUNK].parent, CHUNK as u32);
        recs[CHUNK + 1].parent = 7;
        assert_eq!(recs.get(CHUNK + 1).map(|r| r.parent), Some(7));
        assert!(recs.get(CHUNK * 2 + 5).is_none());
        assert_eq!(recs.iter().rposition(|r| r.parent == 7), Some(CHUNK + 1));
        assert_eq!(recs.iter().len(), recs.len());
        assert_eq!(
            recs.iter().next_back().map(|r| r.parent),
            Some((CHUNK * 2 + 4) as u32)
        );
    }
}
