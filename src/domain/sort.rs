//! One shared stable sort, so the wasm holds one copy of the standard library's sort instead of one per call site.
//!
//! `slice::sort_by` is generic over the element type and the comparator: every call site with its own closure
//! is a separate instance of std's driftsort (each about 2 KB of wasm after `-Oz`). twiggy on the release main
//! module (809 KB raw) counted 42 KB of `core::slice::sort` in it, and the lazily loaded chunks held more.
//!
//! Here the sorting itself happens in [`sorted_order`], which is not generic: it sorts the indices `0..n` with
//! a `dyn` comparator, so std's sort is instantiated once (for `usize` with one closure type). The generic
//! wrappers only build that comparator and move the elements into place with [`apply_order`], also
//! non-generic, through a `dyn` swap; what remains per call site is a few small closures.
//!
//! All functions are stable and give exactly the result of the `slice` method of the same name. Use them
//! instead of `slice::sort*` everywhere in the crate (the `sort_unstable*` methods too: for the keys sorted
//! here the stable order is the same as an unstable one).

use std::cmp::Ordering;

/// Sorts `v` like [`slice::sort_by`] (stable).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    apply_order(order, &mut |a, b| v.swap(a, b));
}

/// Sorts `v` like [`slice::sort_by_key`] (stable; `key` is called twice per comparison, as there).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` like [`slice::sort`] (stable).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The indices `0..n` in sorted order: entry `i` is the index of the element that belongs at position `i`.
/// Ties keep their index order (stable). The only place that calls std's sort.
fn sorted_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Rearranges a slice so that position `i` holds the element that was at `order[i]`, using only `swap`s.
/// Follows each cycle of the permutation once, marking finished positions in `order` itself.
fn apply_order(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut i = start;
        // Position `i` still waits for the element at `order[i]`, which has not moved yet.
        while order[i] != start {
            let next = order[i];
            swap(i, next);
            order[i] = i;
            i = next;
        }
        order[i] = i;
    }
}
