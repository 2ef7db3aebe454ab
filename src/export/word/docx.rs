//! Writes a [`Document`] as a .docx file (Office Open XML, ECMA-376 transitional, the form Word, WPS and
//! LibreOffice open without a repair prompt): the package parts, each element's children in the order the
//! schema requires, every user text escaped by [`super::xml`], then the parts zipped by [`super::zip`].
//!
//! Parts: `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml` and `app.xml`, `word/document.xml`,
//! `word/styles.xml` (one style per [`Style`]), `word/settings.xml`, `word/fontTable.xml` (each font with its
//! fallback), `word/theme/theme1.xml` (a minimal theme), `word/_rels/document.xml.rels`, and header and footer
//! parts for each section (empty ones too, so that a section never inherits the previous one's header).

use super::format::{size, Font, Format, Page, HEI, KAI, KAI_GB2312, SONG, TIMES};
use super::model::{Align, Block, Cell, Document, Inline, Para, Row, Section, Style, Table};
use super::xml::escape_into;
use super::zip::{write_zip, TooLarge};
use crate::domain::Date;
use std::fmt::Write;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// The .docx bytes of `doc` in `format`. `made_on` becomes the file's creation date (文件属性).
pub fn write_docx(doc: &Document, format: &Format, made_on: Option<Date>) -> Result<Vec<u8>, TooLarge> {
    let parts = write_parts(doc, format, made_on);
    let files: Vec<(&str, &[u8])> = parts.iter().map(|(n, x)| (n.as_str(), x.as_bytes())).collect();
    write_zip(&files)
}

/// The package's parts, `(name, XML)`, in the order they are zipped (`[Content_Types].xml` first).
pub fn write_parts(doc: &Document, format: &Format, made_on: Option<Date>) -> Vec<(String, String)> {
    let mut w = Writer::new(format);
    let body = w.document(doc);
    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".to_owned(), w.content_types()),
        ("_rels/.rels".to_owned(), root_rels()),
        ("docProps/core.xml".to_owned(), core(doc, made_on)),
        ("docProps/app.xml".to_owned(), app()),
        ("word/document.xml".to_owned(), body),
        ("word/styles.xml".to_owned(), styles(format)),
        ("word/settings.xml".to_owned(), settings(format)),
        ("word/fontTable.xml".to_owned(), font_table(format)),
        ("word/theme/theme1.xml".to_owned(), THEME.to_owned()),
        ("word/_rels/document.xml.rels".to_owned(), w.document_rels()),
    ];
    parts.append(&mut w.hf_parts);
    parts
}

struct Writer<'f> {
    format: &'f Format,
    /// Header and footer parts: (part name, XML).
    hf_parts: Vec<(String, String)>,
    /// Relationships of document.xml beyond the fixed three: (id, type, target).
    rels: Vec<(String, &'static str, String)>,
    next_bookmark: u32,
    /// Whether the section being written is landscape.
    landscape_now: bool,
}

fn style_id(style: Style) -> &'static str {
    match style {
        Style::Title => "Title",
        Style::Subtitle => "Subtitle",
        Style::Meta => "Meta",
        Style::Heading1 => "Heading1",
        Style::Heading2 => "Heading2",
        Style::Body => "Body",
        Style::Plain => "Normal",
        Style::Caption => "TableCaption",
        Style::Cell => "TableText",
        Style::CellHead => "TableHead",
        Style::Sign => "Sign",
        Style::CoverBranch => "CoverBranch",
        Style::CoverTitle => "CoverTitle",
        Style::CoverYear => "CoverYear",
    }
}

fn jc(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "both",
    }
}

/// A bookmark name Word accepts: ASCII letters, digits and `_`, starting with a letter, at most 40 long.
fn bookmark_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(39)
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert(0, 'b');
    }
    s
}

/// Text as runs: line breaks and tabs become Word's, the rest is escaped.
fn text_runs(out: &mut String, text: &str, rpr: &str) {
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    out.push_str(rpr);
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '\t' {
            if i > start {
                out.push_str("<w:t xml:space=\"preserve\">");
                escape_into(out, &text[start..i]);
                out.push_str("</w:t>");
            }
            out.push_str(if c == '\n' { "<w:br/>" } else { "<w:tab/>" });
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push_str("<w:t xml:space=\"preserve\">");
        escape_into(out, &text[start..]);
        out.push_str("</w:t>");
    }
    out.push_str("</w:r>");
}

/// Run properties: bold and, in a compact table, 五号.
fn rpr(bold: bool, compact: bool) -> String {
    let mut s = String::new();
    if bold || compact {
        s.push_str("<w:rPr>");
        if bold {
            s.push_str("<w:b/><w:bCs/>");
        }
        if compact {
            let _ = write!(s, "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", size::WU);
        }
        s.push_str("</w:rPr>");
    }
    s
}

impl<'f> Writer<'f> {
    fn new(format: &'f Format) -> Writer<'f> {
        Writer {
            format,
            hf_parts: Vec::new(),
            rels: Vec::new(),
            next_bookmark: 1,
            landscape_now: false,
        }
    }

    fn document(&mut self, doc: &Document) -> String {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str(XML_HEAD);
        let _ = write!(out, "<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>");
        let empty = Section::default();
        let sections: Vec<&Section> = if doc.sections.is_empty() {
            vec![&empty]
        } else {
            doc.sections.iter().collect()
        };
        let last = sections.len() - 1;
        for (i, s) in sections.iter().enumerate() {
            let sect = self.sect_pr(s, i);
            let n = s.blocks.len();
            let ends_with_para = matches!(s.blocks.last(), Some(Block::Para(_)));
            for (bi, b) in s.blocks.iter().enumerate() {
                match b {
                    Block::Para(p) => {
                        // A section other than the last ends with the paragraph carrying its properties.
                        let carry = (i < last && bi + 1 == n).then_some(sect.as_str());
                        self.para(&mut out, p, false, carry);
                    }
                    Block::Table(t) => self.table(&mut out, t),
                }
            }
            if i < last && !ends_with_para {
                let _ = write!(out, "<w:p><w:pPr>{sect}</w:pPr></w:p>");
            } else if i == last {
                if !ends_with_para {
                    // A table must not be the body's last element: Word wants a paragraph after it.
                    out.push_str("<w:p/>");
                }
                out.push_str(&sect);
            }
        }
        out.push_str("</w:body></w:document>");
        out
    }

    fn para(&mut self, out: &mut String, p: &Para, compact: bool, sect: Option<&str>) {
        out.push_str("<w:p><w:pPr>");
        let _ = write!(out, "<w:pStyle w:val=\"{}\"/>", style_id(p.style));
        if p.page_break_before {
            out.push_str("<w:pageBreakBefore/>");
        }
        if let Some(a) = p.align {
            let _ = write!(out, "<w:jc w:val=\"{}\"/>", jc(a));
        }
        let plain_rpr = rpr(false, compact);
        out.push_str(&plain_rpr);
        if let Some(s) = sect {
            out.push_str(s);
        }
        out.push_str("</w:pPr>");
        let bookmark = p.bookmark.as_ref().map(|b| {
            let id = self.next_bookmark;
            self.next_bookmark += 1;
            let _ = write!(out, "<w:bookmarkStart w:id=\"{id}\" w:name=\"{}\"/>", bookmark_name(b));
            id
        });
        for i in &p.inlines {
            match i {
                Inline::Text(t) => text_runs(out, t, &plain_rpr),
                Inline::Strong(t) => text_runs(out, t, &rpr(true, compact)),
                Inline::Blank(n) => {
                    let line: String = "_".repeat(usize::from(*n) * 2);
                    text_runs(out, &line, &plain_rpr);
                }
                Inline::PageRef { bookmark, estimate } => {
                    let _ = write!(
                        out,
                        "<w:r>{r}<w:fldChar w:fldCharType=\"begin\"/></w:r>\
                         <w:r>{r}<w:instrText xml:space=\"preserve\"> PAGEREF {} \\h </w:instrText></w:r>\
                         <w:r>{r}<w:fldChar w:fldCharType=\"separate\"/></w:r>\
                         <w:r>{r}<w:t>{estimate}</w:t></w:r>\
                         <w:r>{r}<w:fldChar w:fldCharType=\"end\"/></w:r>",
                        bookmark_name(bookmark),
                        r = plain_rpr
                    );
                }
            }
        }
        if let Some(id) = bookmark {
            let _ = write!(out, "<w:bookmarkEnd w:id=\"{id}\"/>");
        }
        out.push_str("</w:p>");
    }

    /// The width of the text in the section being written; tables are laid out in it.
    fn text_width(&self, landscape: bool) -> u32 {
        let page = self.format.page();
        if landscape {
            page.landscape().text_width()
        } else {
            page.text_width()
        }
    }

    fn table(&mut self, out: &mut String, t: &Table) {
        // The section's properties are made before its blocks are written (see `document`).
        let width = self.text_width(self.landscape_now);
        let mut cols: Vec<u32> = t.columns.iter().map(|&c| width * u32::from(c) / 1000).collect();
        let used: u32 = cols.iter().sum();
        if let Some(last) = cols.last_mut() {
            *last += width.saturating_sub(used);
        }
        let side = if t.compact { 57 } else { 100 };
        let border = |name: &str| format!("<w:{name} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>");
        let _ = write!(
            out,
            "<w:tbl><w:tblPr><w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders>\
             <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"28\" w:type=\"dxa\"/><w:left w:w=\"{side}\" w:type=\"dxa\"/>\
             <w:bottom w:w=\"28\" w:type=\"dxa\"/><w:right w:w=\"{side}\" w:type=\"dxa\"/></w:tblCellMar>\
             <w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
            border("top"),
            border("left"),
            border("bottom"),
            border("right"),
            border("insideH"),
            border("insideV")
        );
        for c in &cols {
            let _ = write!(out, "<w:gridCol w:w=\"{c}\"/>");
        }
        out.push_str("</w:tblGrid>");
        for r in &t.rows {
            self.row(out, r, &cols, t.compact);
        }
        out.push_str("</w:tbl>");
    }

    fn row(&mut self, out: &mut String, r: &Row, cols: &[u32], compact: bool) {
        out.push_str("<w:tr>");
        if r.header || r.min_height_mm > 0 {
            out.push_str("<w:trPr>");
            if r.header {
                out.push_str("<w:cantSplit/>");
            }
            if r.min_height_mm > 0 {
                let _ = write!(
                    out,
                    "<w:trHeight w:val=\"{}\" w:hRule=\"atLeast\"/>",
                    super::format::mm(u32::from(r.min_height_mm) * 10)
                );
            }
            if r.header {
                out.push_str("<w:tblHeader/>");
            }
            out.push_str("</w:trPr>");
        }
        let mut col = 0usize;
        for c in &r.cells {
            let span = usize::from(c.span.max(1));
            let w: u32 = cols.iter().skip(col).take(span).sum();
            col += span;
            self.cell(out, c, w, compact);
        }
        out.push_str("</w:tr>");
    }

    fn cell(&mut self, out: &mut String, c: &Cell, width: u32, compact: bool) {
        let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
        if c.span > 1 {
            let _ = write!(out, "<w:gridSpan w:val=\"{}\"/>", c.span);
        }
        if c.head {
            out.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>");
        }
        out.push_str(if c.top {
            "<w:vAlign w:val=\"top\"/></w:tcPr>"
        } else {
            "<w:vAlign w:val=\"center\"/></w:tcPr>"
        });
        if c.paras.is_empty() {
            self.para(out, &Para::new(Style::Cell, ""), compact, None);
        }
        for p in &c.paras {
            self.para(out, p, compact, None);
        }
        out.push_str("</w:tc>");
    }
}

// Sections: page size and margins, and their header and footer parts.
impl<'f> Writer<'f> {
    fn add_part(&mut self, kind: &'static str, xml: String) -> String {
        let n = self.hf_parts.len() + 1;
        let id = format!("rIdHf{n}");
        let name = format!("{kind}{n}.xml");
        let rel_type = if kind == "header" {
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
        } else {
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
        };
        self.rels.push((id.clone(), rel_type, name.clone()));
        self.hf_parts.push((format!("word/{name}"), xml));
        id
    }

    fn header_xml(&self, text: Option<&(String, String)>, page: &Page) -> String {
        let mut out = String::from(XML_HEAD);
        let _ = write!(out, "<w:hdr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">");
        match text {
            Some((left, right)) => {
                let _ = write!(
                    out,
                    "<w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>\
                     <w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs></w:pPr>",
                    page.text_width()
                );
                text_runs(&mut out, left, "");
                out.push_str("<w:r><w:tab/></w:r>");
                text_runs(&mut out, right, "");
                out.push_str("</w:p>");
            }
            None => out.push_str("<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr></w:p>"),
        }
        out.push_str("</w:hdr>");
        out
    }

    /// A footer with the page number: `outer` = right on odd pages, left on even ones (one character in);
    /// otherwise centred. `None`: an empty footer.
    fn footer_xml(&self, number: Option<Align>) -> String {
        let mut out = String::from(XML_HEAD);
        let _ = write!(out, "<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">");
        match number {
            Some(align) => {
                let indent = match align {
                    Align::Right => "<w:ind w:right=\"280\"/>",
                    Align::Left => "<w:ind w:left=\"280\"/>",
                    _ => "",
                };
                let _ = write!(
                    out,
                    "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/>{indent}<w:jc w:val=\"{}\"/></w:pPr>\
                     <w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>\
                     <w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p>",
                    jc(align)
                );
            }
            None => out.push_str("<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr></w:p>"),
        }
        out.push_str("</w:ftr>");
        out
    }

    /// The section's properties (`w:sectPr`), adding its header and footer parts.
    fn sect_pr(&mut self, s: &Section, _index: usize) -> String {
        self.landscape_now = s.landscape;
        let page = if s.landscape {
            self.format.page().landscape()
        } else {
            self.format.page()
        };
        let outer = self.format.outer_page_numbers();
        let header = self.header_xml(s.header.as_ref(), &page);
        let header_id = self.add_part("header", header);
        let (odd, even) = match (s.page_numbers, outer) {
            (false, _) => (None, None),
            (true, true) => (Some(Align::Right), Some(Align::Left)),
            (true, false) => (Some(Align::Center), Some(Align::Center)),
        };
        let footer = self.footer_xml(odd);
        let footer_id = self.add_part("footer", footer);
        let mut out = String::from("<w:sectPr>");
        let _ = write!(out, "<w:headerReference w:type=\"default\" r:id=\"{header_id}\"/>");
        let _ = write!(out, "<w:footerReference w:type=\"default\" r:id=\"{footer_id}\"/>");
        if outer {
            // Even pages: the same header (a part of its own), the page number on the left.
            let even_header = self.header_xml(s.header.as_ref(), &page);
            let even_header_id = self.add_part("header", even_header);
            let _ = write!(out, "<w:headerReference w:type=\"even\" r:id=\"{even_header_id}\"/>");
            let even_footer = self.footer_xml(even);
            let even_id = self.add_part("footer", even_footer);
            let _ = write!(out, "<w:footerReference w:type=\"even\" r:id=\"{even_id}\"/>");
        }
        if s.plain_first_page {
            let first_header = self.header_xml(None, &page);
            let h = self.add_part("header", first_header);
            let first_footer = self.footer_xml(None);
            let f = self.add_part("footer", first_footer);
            let _ = write!(
                out,
                "<w:headerReference w:type=\"first\" r:id=\"{h}\"/><w:footerReference w:type=\"first\" r:id=\"{f}\"/>"
            );
        }
        let _ = write!(
            out,
            "<w:pgSz w:w=\"{}\" w:h=\"{}\"{}/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/>\
             <w:cols w:space=\"425\"/>",
            page.width,
            page.height,
            if s.landscape { " w:orient=\"landscape\"" } else { "" },
            page.top,
            page.right,
            page.bottom,
            page.left,
            page.header,
            page.footer
        );
        if s.plain_first_page {
            out.push_str("<w:titlePg/>");
        }
        out.push_str("</w:sectPr>");
        out
    }

    fn document_rels(&self) -> String {
        let mut out = String::from(XML_HEAD);
        out.push_str(
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
             <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
             <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>\
             <Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/>",
        );
        for (id, kind, target) in &self.rels {
            let _ = write!(out, "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{target}\"/>");
        }
        out.push_str("</Relationships>");
        out
    }

    fn content_types(&self) -> String {
        let mut out = String::from(XML_HEAD);
        out.push_str(
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
             <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
             <Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
             <Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\
             <Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>\
             <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
             <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
        );
        for (name, _) in &self.hf_parts {
            let kind = if name.starts_with("word/header") {
                "header"
            } else {
                "footer"
            };
            let _ = write!(
                out,
                "<Override PartName=\"/{name}\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml\"/>"
            );
        }
        out.push_str("</Types>");
        out
    }
}

/// A minimal DrawingML theme (the parts Word expects beside the document: colours, fonts, formats). The
/// styles name their fonts directly, so the theme's fonts are only Word's fallback for new text.
const THEME: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"Office\"><a:themeElements>\
<a:clrScheme name=\"Office\"><a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1>\
<a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1><a:dk2><a:srgbClr val=\"44546A\"/></a:dk2>\
<a:lt2><a:srgbClr val=\"E7E6E6\"/></a:lt2><a:accent1><a:srgbClr val=\"4472C4\"/></a:accent1>\
<a:accent2><a:srgbClr val=\"ED7D31\"/></a:accent2><a:accent3><a:srgbClr val=\"A5A5A5\"/></a:accent3>\
<a:accent4><a:srgbClr val=\"FFC000\"/></a:accent4><a:accent5><a:srgbClr val=\"5B9BD5\"/></a:accent5>\
<a:accent6><a:srgbClr val=\"70AD47\"/></a:accent6><a:hlink><a:srgbClr val=\"0563C1\"/></a:hlink>\
<a:folHlink><a:srgbClr val=\"954F72\"/></a:folHlink></a:clrScheme>\
<a:fontScheme name=\"Office\"><a:majorFont><a:latin typeface=\"Times New Roman\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>\
<a:font script=\"Hans\" typeface=\"黑体\"/></a:majorFont><a:minorFont><a:latin typeface=\"Times New Roman\"/>\
<a:ea typeface=\"\"/><a:cs typeface=\"\"/><a:font script=\"Hans\" typeface=\"宋体\"/></a:minorFont></a:fontScheme>\
<a:fmtScheme name=\"Office\"><a:fillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>\
<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:fillStyleLst>\
<a:lnStyleLst><a:ln w=\"6350\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>\
<a:ln w=\"12700\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>\
<a:ln w=\"19050\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln></a:lnStyleLst>\
<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>\
<a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>\
<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:bgFillStyleLst>\
</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>";

fn root_rels() -> String {
    let mut out = String::from(XML_HEAD);
    out.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>",
    );
    out
}

fn core(doc: &Document, made_on: Option<Date>) -> String {
    let mut out = String::from(XML_HEAD);
    out.push_str(
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>",
    );
    escape_into(&mut out, &doc.title);
    out.push_str("</dc:title><dc:creator>支部台账</dc:creator>");
    if let Some(d) = made_on {
        let _ = write!(
            out,
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:created>\
             <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:modified>"
        );
    }
    out.push_str("</cp:coreProperties>");
    out
}

fn app() -> String {
    let mut out = String::from(XML_HEAD);
    out.push_str(
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>支部台账</Application><DocSecurity>0</DocSecurity></Properties>",
    );
    out
}

fn settings(format: &Format) -> String {
    let mut out = String::from(XML_HEAD);
    let _ = write!(
        out,
        "<w:settings xmlns:w=\"{W_NS}\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/>{}\
         <w:characterSpacingControl w:val=\"compressPunctuation\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/><w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/></w:settings>",
        if format.outer_page_numbers() {
            "<w:evenAndOddHeaders/>"
        } else {
            ""
        }
    );
    out
}

fn font_table(format: &Format) -> String {
    let mut out = String::from(XML_HEAD);
    let _ = write!(out, "<w:fonts xmlns:w=\"{W_NS}\">");
    for f in format.fonts() {
        out.push_str("<w:font w:name=\"");
        escape_into(&mut out, f.name);
        out.push_str("\">");
        if let Some(alt) = f.alt {
            out.push_str("<w:altName w:val=\"");
            escape_into(&mut out, alt);
            out.push_str("\"/>");
        }
        let latin = f == TIMES;
        let fixed = f == HEI || f == KAI || f == KAI_GB2312 || f.name.starts_with("仿宋");
        let _ = write!(
            out,
            "<w:charset w:val=\"{}\"/><w:family w:val=\"{}\"/><w:pitch w:val=\"{}\"/></w:font>",
            if latin { "00" } else { "86" },
            f.family,
            if fixed { "fixed" } else { "variable" }
        );
    }
    out.push_str("</w:fonts>");
    out
}

/// `<w:rFonts>` with `east` for Chinese and `latin` for letters and digits.
fn rfonts(latin: Font, east: Font) -> String {
    let mut s = String::from("<w:rFonts w:ascii=\"");
    escape_into(&mut s, latin.name);
    s.push_str("\" w:hAnsi=\"");
    escape_into(&mut s, latin.name);
    s.push_str("\" w:eastAsia=\"");
    escape_into(&mut s, east.name);
    s.push_str("\" w:cs=\"");
    escape_into(&mut s, latin.name);
    s.push_str("\"/>");
    s
}

struct StyleDef {
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    /// Paragraph properties (children of `w:pPr`, in schema order).
    ppr: String,
    /// Run properties (children of `w:rPr`, in schema order).
    rpr: String,
}

fn run_props(fonts: &str, bold: bool, spacing: i32, size: u16) -> String {
    let mut s = fonts.to_owned();
    if bold {
        s.push_str("<w:b/><w:bCs/>");
    }
    if spacing != 0 {
        let _ = write!(s, "<w:spacing w:val=\"{spacing}\"/>");
    }
    let _ = write!(s, "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>");
    s
}

fn styles(format: &Format) -> String {
    let body = format.body_font();
    let (title_font, title_bold) = format.title_font();
    let h1 = format.heading1_font();
    let h2 = format.heading2_font();
    let (line, exact) = format.body_line();
    let body_spacing = if exact {
        format!("<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{line}\" w:lineRule=\"exact\"/>")
    } else {
        format!("<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{line}\" w:lineRule=\"auto\"/>")
    };
    // Two characters of 3号 (16 pt = 320 twips).
    let indent = "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>";
    let single = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>";
    let cs = format.body_char_spacing();
    let body_fonts = rfonts(TIMES, body);
    let defs = vec![
        StyleDef {
            id: "Normal",
            name: "Normal",
            based_on: None,
            ppr: format!("<w:widowControl/>{body_spacing}<w:jc w:val=\"both\"/>"),
            rpr: run_props(&body_fonts, false, cs, size::SAN),
        },
        StyleDef {
            id: "Body",
            name: "正文（首行缩进）",
            based_on: Some("Normal"),
            ppr: indent.to_owned(),
            rpr: String::new(),
        },
        StyleDef {
            id: "Title",
            name: "Title",
            based_on: Some("Normal"),
            ppr: format!(
                "<w:keepNext/><w:spacing w:before=\"0\" w:after=\"{line_after}\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/>",
                line_after = if exact { line } else { 312 }
            ),
            rpr: run_props(&rfonts(title_font, title_font), title_bold, 0, size::ER),
        },
        StyleDef {
            id: "Subtitle",
            name: "Subtitle",
            based_on: Some("Normal"),
            ppr: "<w:keepNext/><w:jc w:val=\"center\"/>".to_owned(),
            rpr: run_props(&rfonts(TIMES, h2), false, 0, size::SAN),
        },
        StyleDef {
            id: "Meta",
            name: "题注说明",
            based_on: Some("Normal"),
            ppr: "<w:keepNext/><w:spacing w:before=\"0\" w:after=\"156\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>"
                .to_owned(),
            rpr: run_props(&body_fonts, false, 0, size::XIAO_SI),
        },
        StyleDef {
            id: "Heading1",
            name: "heading 1",
            based_on: Some("Normal"),
            ppr: format!("<w:keepNext/><w:keepLines/>{indent}<w:outlineLvl w:val=\"0\"/>"),
            rpr: run_props(&rfonts(h1, h1), false, 0, size::SAN),
        },
        StyleDef {
            id: "Heading2",
            name: "heading 2",
            based_on: Some("Normal"),
            ppr: format!("<w:keepNext/><w:keepLines/>{indent}<w:outlineLvl w:val=\"1\"/>"),
            rpr: run_props(&rfonts(TIMES, h2), false, 0, size::SAN),
        },
        StyleDef {
            id: "TableCaption",
            name: "表格标题",
            based_on: Some("Normal"),
            ppr: "<w:keepNext/><w:spacing w:before=\"156\" w:after=\"78\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>"
                .to_owned(),
            rpr: run_props(&rfonts(h1, h1), false, 0, size::XIAO_SI),
        },
        StyleDef {
            id: "TableText",
            name: "表格文字",
            based_on: Some("Normal"),
            ppr: format!("{single}<w:jc w:val=\"left\"/>"),
            rpr: run_props(&body_fonts, false, 0, size::XIAO_SI),
        },
        StyleDef {
            id: "TableHead",
            name: "表头",
            based_on: Some("TableText"),
            ppr: String::new(),
            rpr: run_props(&rfonts(h1, h1), false, 0, size::XIAO_SI),
        },
        StyleDef {
            id: "Sign",
            name: "签字行",
            based_on: Some("Normal"),
            ppr: format!(
                "<w:keepLines/><w:spacing w:before=\"{0}\" w:after=\"0\" w:line=\"{1}\" w:lineRule=\"{2}\"/>",
                line * if exact { 1 } else { 2 },
                line,
                if exact { "exact" } else { "auto" }
            ),
            rpr: String::new(),
        },
        StyleDef {
            id: "CoverBranch",
            name: "封面支部",
            based_on: Some("Normal"),
            ppr: "<w:spacing w:before=\"2400\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>"
                .to_owned(),
            rpr: run_props(&rfonts(title_font, title_font), title_bold, 0, size::ER),
        },
        StyleDef {
            id: "CoverTitle",
            name: "封面书名",
            based_on: Some("Normal"),
            ppr: "<w:spacing w:before=\"1200\" w:after=\"1200\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>"
                .to_owned(),
            // 小初, 36 pt.
            rpr: run_props(&rfonts(title_font, title_font), title_bold, 0, 72),
        },
        StyleDef {
            id: "CoverYear",
            name: "封面年度",
            based_on: Some("Normal"),
            ppr: "<w:spacing w:before=\"0\" w:after=\"1800\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>"
                .to_owned(),
            rpr: run_props(&rfonts(h1, h1), false, 0, size::SAN),
        },
        StyleDef {
            id: "Header",
            name: "header",
            based_on: Some("Normal"),
            ppr: format!("{single}<w:jc w:val=\"left\"/>"),
            rpr: run_props(&rfonts(SONG, SONG), false, 0, size::XIAO_WU),
        },
        StyleDef {
            id: "Footer",
            name: "footer",
            based_on: Some("Normal"),
            ppr: single.to_owned(),
            rpr: run_props(
                &rfonts(SONG, SONG),
                false,
                0,
                if format.outer_page_numbers() {
                    size::SI
                } else {
                    size::WU
                },
            ),
        },
    ];
    let mut out = String::from(XML_HEAD);
    let _ = write!(
        out,
        "<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/>\
         <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        body_fonts,
        size::SAN,
        size::SAN
    );
    for d in defs {
        let _ = write!(
            out,
            "<w:style w:type=\"paragraph\"{} w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            if d.id == "Normal" { " w:default=\"1\"" } else { "" },
            d.id,
            d.name
        );
        if let Some(b) = d.based_on {
            let _ = write!(out, "<w:basedOn w:val=\"{b}\"/>");
        }
        out.push_str("<w:qFormat/>");
        if !d.ppr.is_empty() {
            let _ = write!(out, "<w:pPr>{}</w:pPr>", d.ppr);
        }
        if !d.rpr.is_empty() {
            let _ = write!(out, "<w:rPr>{}</w:rPr>", d.rpr);
        }
        out.push_str("</w:style>");
    }
    out.push_str(
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
    );
    out.push_str("</w:styles>");
    out
}
