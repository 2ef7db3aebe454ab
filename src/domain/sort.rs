//! One shared stable sort, so the wasm holds one copy of the standard library's sort instead of one per call site.
//!
//! `slice::sort_by` is generic over the element type and the comparator: every call site with its own closure
//! is a separate instance of std's driftsort (each about 2 KB of wasm after `-Oz`). twiggy on the release main
//! module (809 KB raw) counted 42 KB of `core::slice::sort` in it, and the lazily loaded chunks held more.
//!
//! Here the sorting itself happens in [`sorted_order`], which is not generic: it sorts the indices `0..n` with
//! a `dyn` comparator. The generic wrappers only build that comparator and move the elements into place with
//! [`apply_order`], also non-generic, through a `dyn` swap; what remains per call site is a few small closures.
//! [`sorted_order`] is a plain merge sort rather than a call of std's sort: one instance of driftsort (with its
//! quicksort, small-sort networks and run detection) is several KB, this is a few hundred bytes, and the lists
//! sorted here (a branch's activities, members, study items) are small enough that the difference in speed
//! does not show.
//!
//! All functions are stable and give exactly the result of the `slice` method of the same name (for a
//! comparator that is a total order). Use them instead of `slice::sort*` everywhere in the crate (the
//! `sort_unstable*` methods too: for the keys sorted here the stable order is the same as an unstable one).

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

/// Length of the runs sorted by insertion before merging.
const RUN: usize = 16;

/// The indices `0..n` in sorted order: entry `i` is the index of the element that belongs at position `i`.
/// Ties keep their index order (stable). Bottom-up merge sort over runs sorted by insertion.
fn sorted_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for run in order.chunks_mut(RUN) {
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 && cmp(run[j - 1], run[j]) == Ordering::Greater {
                run.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    if n <= RUN {
        return order;
    }
    let mut other = vec![0; n];
    let mut width = RUN;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            merge(&order[start..mid], &order[mid..end], &mut other[start..end], cmp);
        }
        std::mem::swap(&mut order, &mut other);
        width *= 2;
    }
    order
}

/// Merges the sorted `left` and `right` into `out` (of their total length); on ties `left` comes first.
fn merge(left: &[usize], right: &[usize], out: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        let take_left = j == right.len() || (i < left.len() && cmp(left[i], right[j]) != Ordering::Greater);
        if take_left {
            *slot = left[i];
            i += 1;
        } else {
            *slot = right[j];
            j += 1;
        }
    }
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
