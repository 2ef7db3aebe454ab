//! Text made safe for the XML inside a Word file. Whatever a user typed ends up only in element text or in
//! attribute values we quote, with `&`, `<`, `>`, `"` and `'` escaped, and characters XML 1.0 cannot hold
//! (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF) dropped, as are DEL and the
//! C1 controls, which Word shows as boxes. So no name, theme or content can close a tag, add an attribute,
//! or become a field or a macro: Word reads it as text.

/// Whether `c` may appear in the files (see the module comment).
pub fn allowed(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

/// Appends `text` escaped for element content or a double-quoted attribute value.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped (see [`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}
