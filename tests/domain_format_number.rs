#![cfg(not(target_arch = "wasm32"))]
//! `rules::format_number` (integer arithmetic only) gives what the float formatting it replaced gave.

use proptest::prelude::*;
use zhibu::domain::rules::format_number;

/// The former implementation, with core's float formatting.
fn reference(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.1}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[test]
fn examples() {
    for (x, text) in [
        (32.0, "32"),
        (1.5, "1.5"),
        (0.25, "0.2"),
        (0.75, "0.8"),
        (1.25, "1.2"),
        (0.05, "0.1"),
        (0.1 + 0.2, "0.3"),
        (1.96, "2"),
        (9.96, "10"),
        (-0.04, "-0"),
        (-2.25, "-2.2"),
        (-3.0, "-3"),
        (0.0, "0"),
        (-0.0, "0"),
        (1e15, "1000000000000000"),
        (2.5e15 + 0.5, "2500000000000000.5"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
        (f64::NAN, "NaN"),
    ] {
        assert_eq!(format_number(x), text, "{x:?}");
    }
}

#[test]
fn extremes_match_reference() {
    for x in [
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        5e-324,
        1e300,
        2f64.powi(52),
        2f64.powi(53) + 2.0,
        2f64.powi(64),
        1e19 + 1e4,
        4503599627370495.5,
        0.95,
        0.45,
        1000.0,
        999.95,
    ] {
        assert_eq!(format_number(x), reference(x), "{x:?}");
    }
}

#[test]
fn every_tenth_and_twentieth_up_to_a_thousand() {
    for i in 0..=40_000 {
        let x = f64::from(i) / 40.0;
        assert_eq!(format_number(x), reference(x), "{x:?}");
        let y = f64::from(i) * 0.05;
        assert_eq!(format_number(y), reference(y), "{y:?}");
    }
}

proptest! {
    #[test]
    fn any_f64_matches_reference(x in any::<f64>()) {
        prop_assert_eq!(format_number(x), reference(x));
    }

    #[test]
    fn any_bits_match_reference(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        prop_assert_eq!(format_number(x), reference(x));
    }

    #[test]
    fn hours_match_reference(x in 0.0f64..2000.0) {
        prop_assert_eq!(format_number(x), reference(x));
    }

    #[test]
    fn sums_of_hours_match_reference(parts in prop::collection::vec(0u32..80, 0..30)) {
        let x: f64 = parts.iter().map(|&p| f64::from(p) * 0.1).sum();
        prop_assert_eq!(format_number(x), reference(x));
    }
}
