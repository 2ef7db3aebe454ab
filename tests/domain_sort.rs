#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::disallowed_methods,
    reason = "std's sort is the reference the shared sort is compared with"
)]
//! The shared sort (`domain::sort`) gives exactly what std's stable sort gives, ties included.

use proptest::prelude::*;
use std::cmp::Ordering;
use zhibu::domain::sort::{sort, sort_by, sort_by_key};

/// (key, original position): sorting by the key alone shows stability in the positions.
fn tagged(keys: &[u8]) -> Vec<(u8, usize)> {
    keys.iter().copied().zip(0..).collect()
}

fn by_key(a: &(u8, usize), b: &(u8, usize)) -> Ordering {
    a.0.cmp(&b.0)
}

fn by_key_desc(a: &(u8, usize), b: &(u8, usize)) -> Ordering {
    b.0.cmp(&a.0)
}

fn check_sort_by(keys: &[u8]) {
    let mut ours = tagged(keys);
    let mut std = ours.clone();
    sort_by(&mut ours, by_key);
    std.sort_by(by_key);
    assert_eq!(ours, std, "keys {keys:?}");
}

#[test]
fn edge_cases_match_std() {
    for keys in [
        &[][..],
        &[7],
        &[1, 2],
        &[2, 1],
        &[1, 1],
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        &[10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
        &[3, 3, 3, 3, 3, 3],
        &[2, 1, 2, 1, 2, 1, 2, 1],
    ] {
        check_sort_by(keys);
    }
}

#[test]
fn long_inputs_match_std() {
    // Past the small-sort threshold of std's sort, sorted, reversed and with many ties.
    let sorted: Vec<u8> = (0..=255).collect();
    let reversed: Vec<u8> = (0..=255).rev().collect();
    let ties: Vec<u8> = (0..1000).map(|i| (i * 7 % 5) as u8).collect();
    check_sort_by(&sorted);
    check_sort_by(&reversed);
    check_sort_by(&ties);
}

#[test]
fn stable_for_ties() {
    let mut v = vec![("b", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5), ("a", 6)];
    sort_by(&mut v, |x, y| x.0.cmp(y.0));
    assert_eq!(v, [("a", 2), ("a", 4), ("a", 6), ("b", 1), ("b", 3), ("c", 5)]);
}

#[test]
fn sort_by_key_reverse_and_owned_keys() {
    let mut v = vec![
        (1, "x".to_string()),
        (3, "y".to_string()),
        (2, "z".to_string()),
        (3, "w".to_string()),
    ];
    sort_by_key(&mut v, |a| std::cmp::Reverse(a.0));
    assert_eq!(v.iter().map(|a| a.1.as_str()).collect::<Vec<_>>(), ["y", "w", "z", "x"]);
    sort_by_key(&mut v, |a| a.1.clone());
    assert_eq!(v.iter().map(|a| a.1.as_str()).collect::<Vec<_>>(), ["w", "x", "y", "z"]);
}

#[test]
fn sort_of_references_and_strings() {
    let words = ["支部", "党员", "b", "a", "党员"];
    let mut refs: Vec<&&str> = words.iter().collect();
    sort(&mut refs);
    let mut expected: Vec<&&str> = words.iter().collect();
    expected.sort();
    assert_eq!(refs, expected);
}

#[test]
fn large_input_matches_std() {
    // 200 000 elements with many ties, from a simple linear congruential generator.
    let mut x: u32 = 12345;
    let keys: Vec<u8> = (0..200_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 24) as u8
        })
        .collect();
    check_sort_by(&keys);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn long_vectors_match_std(keys in prop::collection::vec(any::<u8>(), 0..3000)) {
        let mut ours = tagged(&keys);
        let mut std = ours.clone();
        sort_by(&mut ours, by_key);
        std.sort_by(by_key);
        prop_assert_eq!(ours, std);
    }
}

proptest! {
    #[test]
    fn sort_by_matches_std(keys in prop::collection::vec(0u8..8, 0..200)) {
        let mut ours = tagged(&keys);
        let mut std = ours.clone();
        sort_by(&mut ours, by_key);
        std.sort_by(by_key);
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn sort_by_reverse_matches_std(keys in prop::collection::vec(any::<u8>(), 0..100)) {
        let mut ours = tagged(&keys);
        let mut std = ours.clone();
        sort_by(&mut ours, by_key_desc);
        std.sort_by(by_key_desc);
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn sort_by_key_matches_std(keys in prop::collection::vec(0u8..20, 0..150)) {
        let mut ours = tagged(&keys);
        let mut std = ours.clone();
        sort_by_key(&mut ours, |a| a.0 / 3);
        std.sort_by_key(|a| a.0 / 3);
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn sort_matches_std(items in prop::collection::vec(("[ab]{0,2}", 0u8..4), 0..100)) {
        let mut ours = items.clone();
        let mut std = items;
        sort(&mut ours);
        std.sort();
        prop_assert_eq!(ours, std);
    }
}
