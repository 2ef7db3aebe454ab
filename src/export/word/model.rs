//! The document model of a Word file: sections (page orientation, running header, page numbers), and in
//! them paragraphs (a style and inline pieces) and tables (relative column widths, rows of cells). It says
//! what a file holds, not how Word spells it: [`super::docx`] writes it out, and the tests read it back
//! ([`Document::text`], [`Document::tables`]).

/// One Word file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file's title (shown by Word in 文件 → 属性), e.g. "××党支部2026年度组织生活情况总结".
    pub title: String,
    pub sections: Vec<Section>,
}

/// A run of pages with one orientation, header and footer. Each section starts on a new page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub landscape: bool,
    /// The running header: (left, right), e.g. ("××党支部", "2026年 三会一课记录本"); `None`: no header.
    pub header: Option<(String, String)>,
    /// Page numbers in the footer.
    pub page_numbers: bool,
    /// The section's first page has neither header nor page number (a cover).
    pub plain_first_page: bool,
    pub blocks: Vec<Block>,
}

impl Section {
    /// One landscape section with page numbers and no running header: for tables with many columns (the
    /// plans, the roster, the 汇总表, the summary's annex; GB/T 9704 8: tables may be set across the page).
    pub fn landscape(blocks: Vec<Block>) -> Section {
        Section {
            landscape: true,
            header: None,
            page_numbers: true,
            plain_first_page: false,
            blocks,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// What a paragraph looks like; the fonts, sizes and spacing of each are in `format` and `docx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// The document title (2号, title font, centred).
    Title,
    /// A line under the title: 本年第N次, the period of a summary (楷体, 3号, centred).
    Subtitle,
    /// Small print under the title: who made it and when (仿宋, 小四, centred).
    Meta,
    /// 一、 (黑体, 3号).
    Heading1,
    /// （一） (楷体, 3号).
    Heading2,
    /// Running text: 仿宋 3号, first line indented two characters.
    Body,
    /// Running text without the indent (lists of figures, notes).
    Plain,
    /// A table's title, above it (centred, bold).
    Caption,
    /// Text in a table cell (小四; 五号 in a compact table).
    Cell,
    /// A header cell or a label cell (黑体).
    CellHead,
    /// Signature lines at the end (主持人签字：…).
    Sign,
    /// The year book's cover: the branch, the book's name, the year.
    CoverBranch,
    CoverTitle,
    CoverYear,
}

/// How a paragraph lines up; `None` in [`Para::align`] keeps the style's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text as the user typed it: any character, line breaks (`\n`) and tabs included; the writer makes it safe.
    Text(String),
    /// Bold text.
    Strong(String),
    /// A blank to sign or write on, this many characters wide.
    Blank(u8),
    /// The page on which the paragraph with this bookmark starts (Word field `PAGEREF`), with the number shown
    /// until the reader updates fields (LibreOffice and WPS compute it when they lay the document out).
    PageRef { bookmark: String, estimate: u32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub style: Style,
    pub align: Option<Align>,
    pub inlines: Vec<Inline>,
    /// Start a new page before this paragraph.
    pub page_break_before: bool,
    /// A bookmark on this paragraph, for [`Inline::PageRef`] (made by the builders: ASCII, never user text).
    pub bookmark: Option<String>,
}

impl Para {
    pub fn new(style: Style, text: impl Into<String>) -> Para {
        Para {
            style,
            align: None,
            inlines: vec![Inline::Text(text.into())],
            page_break_before: false,
            bookmark: None,
        }
    }

    pub fn of(style: Style, inlines: Vec<Inline>) -> Para {
        Para {
            style,
            align: None,
            inlines,
            page_break_before: false,
            bookmark: None,
        }
    }

    pub fn aligned(mut self, align: Align) -> Para {
        self.align = Some(align);
        self
    }

    pub fn new_page(mut self) -> Para {
        self.page_break_before = true;
        self
    }

    pub fn bookmarked(mut self, name: impl Into<String>) -> Para {
        self.bookmark = Some(name.into());
        self
    }

    /// The paragraph's text as a reader sees it (a blank as underscores, a page reference as its estimate).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for i in &self.inlines {
            match i {
                Inline::Text(t) | Inline::Strong(t) => out.push_str(t),
                Inline::Blank(n) => out.extend(std::iter::repeat_n('_', usize::from(*n) * 2)),
                Inline::PageRef { estimate, .. } => out.push_str(&estimate.to_string()),
            }
        }
        out
    }
}

impl From<Para> for Block {
    fn from(p: Para) -> Block {
        Block::Para(p)
    }
}

impl From<Table> for Block {
    fn from(t: Table) -> Block {
        Block::Table(t)
    }
}

/// A table with full borders.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths in thousandths of the text width (they add up to 1000), so that one table fits a
    /// portrait or a landscape page and either margin setting.
    pub columns: Vec<u16>,
    pub rows: Vec<Row>,
    /// Smaller text (五号 instead of 小四) and narrower cell padding, for tables with many columns.
    pub compact: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A header row: repeated at the top of each page the table runs onto.
    pub header: bool,
    /// The least height in millimetres (room to write by hand), or 0 for as tall as the text.
    pub min_height_mm: u16,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// At least one paragraph (the writer adds an empty one otherwise: Word requires it).
    pub paras: Vec<Para>,
    /// How many grid columns the cell spans (1 or more).
    pub span: u16,
    /// A header or label cell: shaded, in the heading font.
    pub head: bool,
    /// Text from the cell's top instead of its middle (a tall cell to write in).
    pub top: bool,
}

impl Cell {
    /// A cell with one paragraph of text; each line of `text` becomes its own paragraph.
    pub fn text(text: impl AsRef<str>) -> Cell {
        Cell {
            paras: lines(Style::Cell, text.as_ref()),
            span: 1,
            head: false,
            top: false,
        }
    }

    /// A header or label cell.
    pub fn head(text: impl AsRef<str>) -> Cell {
        Cell {
            paras: lines(Style::CellHead, text.as_ref()),
            span: 1,
            head: true,
            top: false,
        }
    }

    /// A cell holding these paragraphs.
    pub fn paras(paras: Vec<Para>) -> Cell {
        Cell {
            paras,
            span: 1,
            head: false,
            top: false,
        }
    }

    /// Text from the cell's top.
    pub fn from_top(mut self) -> Cell {
        self.top = true;
        self
    }

    pub fn spanning(mut self, span: u16) -> Cell {
        self.span = span.max(1);
        self
    }

    /// Every paragraph of the cell lined up this way.
    pub fn aligned(mut self, align: Align) -> Cell {
        for p in &mut self.paras {
            p.align = Some(align);
        }
        self
    }

    /// The cell's text, paragraphs joined by line breaks.
    pub fn text_content(&self) -> String {
        self.paras.iter().map(Para::text).collect::<Vec<_>>().join("\n")
    }
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            header: false,
            min_height_mm: 0,
        }
    }

    /// At least this tall, in millimetres.
    pub fn at_least_mm(mut self, mm: u16) -> Row {
        self.min_height_mm = mm;
        self
    }

    /// A header row of head cells, centred.
    pub fn header<S: AsRef<str>>(titles: &[S]) -> Row {
        Row {
            cells: titles.iter().map(|t| Cell::head(t).aligned(Align::Center)).collect(),
            header: true,
            min_height_mm: 0,
        }
    }

    /// The grid columns the row covers (the sum of its cells' spans).
    pub fn width(&self) -> usize {
        self.cells.iter().map(|c| usize::from(c.span)).sum()
    }
}

impl Table {
    pub fn new(columns: Vec<u16>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            compact: false,
        }
    }

    pub fn compact(mut self) -> Table {
        self.compact = true;
        self
    }

    pub fn row(mut self, row: Row) -> Table {
        self.rows.push(row);
        self
    }

    /// The number of cells in each row (what a reader such as python-docx counts per row before merging).
    pub fn cell_counts(&self) -> Vec<usize> {
        self.rows.iter().map(|r| r.cells.len()).collect()
    }

    /// Each row's cell texts.
    pub fn texts(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::text_content).collect())
            .collect()
    }
}

/// A document title "{branch}{sep}{what}": on one line when it fits in `per_line` characters, otherwise with
/// a line break after the branch (GB/T 9704 7.3.1: a title broken over lines keeps its words whole).
pub fn title(branch: &str, sep: &str, what: &str, per_line: usize) -> Para {
    let one = format!("{branch}{sep}{what}");
    // Letters, digits and spaces are half as wide as a Chinese character.
    let width: usize = one.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    if width <= per_line * 2 || branch.is_empty() {
        Para::new(Style::Title, one)
    } else {
        Para::new(Style::Title, format!("{branch}\n{what}"))
    }
}

/// Characters of 2号 in a title line: portrait (18, the narrower of the two margin settings) and landscape.
pub const TITLE_PORTRAIT: usize = 18;
pub const TITLE_LANDSCAPE: usize = 26;

/// One paragraph per line of `text` (`\r\n`, `\r` and `\n` all end a line); at least one, even when empty.
pub fn lines(style: Style, text: &str) -> Vec<Para> {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    normalised.split('\n').map(|l| Para::new(style, l)).collect()
}

impl Document {
    /// Every paragraph's text in reading order (tables row by row, cell by cell), one per line. Headers and
    /// footers are not included.
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        for s in &self.sections {
            for b in &s.blocks {
                match b {
                    Block::Para(p) => out.push(p.text()),
                    Block::Table(t) => {
                        for r in &t.rows {
                            for c in &r.cells {
                                out.extend(c.paras.iter().map(Para::text));
                            }
                        }
                    }
                }
            }
        }
        out.join("\n")
    }

    /// Every table, in order.
    pub fn tables(&self) -> Vec<&Table> {
        self.sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Para(_) => None,
            })
            .collect()
    }

    /// Every top-level paragraph (not those in tables), in order.
    pub fn paras(&self) -> Vec<&Para> {
        self.sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .filter_map(|b| match b {
                Block::Para(p) => Some(p),
                Block::Table(_) => None,
            })
            .collect()
    }

    /// Problems that would make a file Word cannot open or lays out wrongly (a row wider or narrower than its
    /// table, widths that do not add up, a cell without a paragraph, no section); empty when sound. The
    /// builders' tests call it on every file.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.sections.is_empty() {
            out.push("no section".to_owned());
        }
        for (si, s) in self.sections.iter().enumerate() {
            for (bi, b) in s.blocks.iter().enumerate() {
                let Block::Table(t) = b else { continue };
                let sum: u32 = t.columns.iter().map(|&w| u32::from(w)).sum();
                if sum != 1000 {
                    out.push(format!("section {si} block {bi}: column widths add up to {sum}"));
                }
                if t.rows.is_empty() {
                    out.push(format!("section {si} block {bi}: table without rows"));
                }
                for (ri, r) in t.rows.iter().enumerate() {
                    if r.width() != t.columns.len() {
                        out.push(format!(
                            "section {si} block {bi} row {ri}: {} columns in a table of {}",
                            r.width(),
                            t.columns.len()
                        ));
                    }
                    if r.cells.iter().any(|c| c.paras.is_empty() || c.span == 0) {
                        out.push(format!("section {si} block {bi} row {ri}: empty cell"));
                    }
                }
            }
        }
        out
    }
}
