//! Sorting through one instantiation of the standard library's sort.
//!
//! Each element type or key closure given to `sort*` compiles to its own copy of the sorting
//! code, a few kilobytes each in the WebAssembly module. The crate's sorts go through here
//! instead: a key per item, packed with the item's index into a `u64`, sorted as plain numbers.

/// Reorders `items` by `key`, ascending; items with equal keys keep their order.
pub(crate) fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u32) {
    if items.len() < 2 {
        return;
    }
    let mut keyed: Vec<u64> = items
        .iter()
        .enumerate()
        .map(|(i, t)| (u64::from(key(t)) << 32) | (i as u64 & 0xFFFF_FFFF))
        .collect();
    keyed.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(keyed.iter().filter_map(|k| {
        slots
            .get_mut((k & 0xFFFF_FFFF) as usize)
            .and_then(Option::take)
    }));
}

/// A key that sorts `f32` values from the largest down, in `total_cmp`'s order reversed.
pub(crate) fn descending_f32(x: f32) -> u32 {
    let bits = x.to_bits();
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 0x8000_0000
    };
    !ascending
}

/// A `u32` key for a count or position that may not fit (it then sorts last).
pub(crate) fn key_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut v, |&(k, _)| k);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn floats_sort_from_the_largest_down() {
        let mut v = vec![0.5f32, -2.0, 10.0, 0.0, -0.0, 3.25, f32::INFINITY];
        sort_by_key(&mut v, |&x| descending_f32(x));
        assert_eq!(v, [f32::INFINITY, 10.0, 3.25, 0.5, 0.0, -0.0, -2.0]);
    }
}
