#![cfg(not(target_arch = "wasm32"))]
//! `study::hours_text`, the one formatter of study hours (record pages, Word files, the study plan, the forms).

use zhibu::domain::study::hours_text;

#[test]
fn whole_hours_have_no_decimal_point() {
    for (h, text) in [
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (2.0, "2"),
        (32.0, "32"),
        (100.0, "100"),
    ] {
        assert_eq!(hours_text(h), text, "{h:?}");
    }
}

#[test]
fn other_hours_show_exactly_as_stored() {
    // A form shows what it will save again: no rounding.
    for (h, text) in [
        (0.5, "0.5"),
        (1.5, "1.5"),
        (2.5, "2.5"),
        (0.25, "0.25"),
        (1.75, "1.75"),
        (99.5, "99.5"),
    ] {
        assert_eq!(hours_text(h), text, "{h:?}");
        assert_eq!(hours_text(h).parse::<f64>(), Ok(h));
    }
}

#[test]
fn round_trips_through_the_form() {
    for tenths in 0..=1000 {
        let h = f64::from(tenths) / 10.0;
        assert_eq!(hours_text(h).parse::<f64>(), Ok(h), "{h}");
    }
}
