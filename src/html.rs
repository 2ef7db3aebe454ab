//! Static HTML as one string, every text and attribute value escaped: for the parts of a page that hold no
//! event handler and are redrawn only as a whole when their data changes (概览's grid, alerts and lists).
//!
//! The browser parses such a string in one step (`inner_html`), where building the same elements through the
//! DOM costs a call per element, attribute and text, and compiles the rendering code of each view on first
//! use: measured on the cold start with data, the compliance grid alone took about 5 ms more that way. Links
//! in it are plain `<a href>`, which the router follows like any other. Tag and attribute names are
//! `&'static str` (written in the code, never from data); values and text always go through [`escape`].
//!
//! Pure Rust, tested natively (tests/html.rs).

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with the five characters that matter in HTML text and quoted attribute values escaped.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// An HTML fragment being written: elements are opened and closed in order, values escaped.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    pub fn new() -> Html {
        Html(String::new())
    }

    pub fn with_capacity(bytes: usize) -> Html {
        Html(String::with_capacity(bytes))
    }

    /// `<tag name="value" …>`.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            let _ = write!(self.0, r#" {name}="{}""#, escape(value));
        }
        self.0.push('>');
        self
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &'static str) -> &mut Html {
        let _ = write!(self.0, "</{tag}>");
        self
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Html {
        self.0.push_str(&escape(text));
        self
    }

    /// `<tag …>text</tag>`.
    pub fn element(&mut self, tag: &'static str, attrs: &[(&'static str, &str)], text: &str) -> &mut Html {
        self.open(tag, attrs).text(text).close(tag)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_string(self) -> String {
        self.0
    }
}
