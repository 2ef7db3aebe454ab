//! `zhibu::html`: escaping and the fragment writer (the UI's static parts, e.g. 概览's grid, are drawn from it
//! with `inner_html`, so anything from the data must come out as text, never as markup).

use zhibu::html::{escape, Html};

#[test]
fn escape_leaves_plain_text_alone_and_escapes_the_five_markup_characters() {
    assert!(matches!(escape("第一党小组 3/4人 ✓"), std::borrow::Cow::Borrowed(_)));
    assert_eq!(escape("a & b"), "a &amp; b");
    assert_eq!(
        escape("<script>alert(1)</script>"),
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    );
    assert_eq!(escape(r#"say "hi" & 'bye'"#), "say &quot;hi&quot; &amp; &#39;bye&#39;");
    // Already escaped text is escaped again: what the user typed is shown as typed.
    assert_eq!(escape("&amp;"), "&amp;amp;");
    assert_eq!(escape(""), "");
}

#[test]
fn the_writer_escapes_attribute_values_and_text_and_nests_in_order() {
    let mut h = Html::new();
    assert!(h.is_empty());
    h.open("li", &[("class", "alert-item"), ("data-x", r#"" onmouseover="x"#)])
        .element("a", &[("href", "/stats?tab=members&year=2026")], "<b>王五</b>")
        .close("li");
    assert_eq!(
        h.into_string(),
        r#"<li class="alert-item" data-x="&quot; onmouseover=&quot;x"><a href="/stats?tab=members&amp;year=2026">&lt;b&gt;王五&lt;/b&gt;</a></li>"#
    );
    let mut h = Html::with_capacity(16);
    h.open("p", &[]).text("").close("p");
    assert_eq!(h.into_string(), "<p></p>");
}
