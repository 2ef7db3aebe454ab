//! The look of the Word files, as two switches the user can change: the page (GB/T 9704—2012 margins, or
//! Word's usual ones) and the fonts (the official-document fonts, or the fonts every Chinese Windows and WPS
//! has). Which default follows which standard is written down in docs/word-format.md; the numbers are here.
//!
//! Units: Word measures in twentieths of a point ("twips", 1 mm = 56.7 twips) and font sizes in half points.

/// Page size and margins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// GB/T 9704—2012 《党政机关公文格式》 5.2.1: A4, top margin (天头) 37 mm, left (订口) 28 mm, type area
    /// 156 mm × 225 mm (so right 26 mm, bottom 35 mm); 5.2.3: 22 lines a page, 28 characters a line; 7.5: page
    /// numbers "— 1 —" in 4号宋体 below the type area, odd pages right, even pages left, one character in.
    #[default]
    Gb9704,
    /// Word's default A4 page in Chinese Windows: 2.54 cm top and bottom, 3.17 cm left and right; page
    /// numbers centred; 1.5 line spacing.
    Plain,
}

/// The font families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Fonts {
    /// GB/T 9704—2012 7.3.1 / 5.2.2 / 7.3.3: title 方正小标宋简体, body 仿宋_GB2312, headings 黑体 and
    /// 楷体_GB2312 — each declared with a fallback a computer without it uses (宋体, 仿宋, 楷体).
    #[default]
    Official,
    /// The fonts that come with every Chinese Windows and WPS: title 宋体 (bold), body 仿宋, headings 黑体 and
    /// 楷体.
    Common,
}

/// What the user chose; the default is GB/T 9704 with the official fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Format {
    pub layout: Layout,
    pub fonts: Fonts,
}

/// A font as Word's font table declares it: its name, the font a computer without it should use instead
/// (`w:altName`), and its family (`roman` = serif, `modern` = fixed-pitch CJK, `swiss` = sans).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Font {
    pub name: &'static str,
    pub alt: Option<&'static str>,
    pub family: &'static str,
}

pub const TIMES: Font = Font {
    name: "Times New Roman",
    alt: None,
    family: "roman",
};
pub const SONG: Font = Font {
    name: "宋体",
    alt: Some("SimSun"),
    family: "auto",
};
pub const HEI: Font = Font {
    name: "黑体",
    alt: Some("SimHei"),
    family: "modern",
};
pub const FANGSONG: Font = Font {
    name: "仿宋",
    alt: Some("FangSong"),
    family: "modern",
};
pub const KAI: Font = Font {
    name: "楷体",
    alt: Some("KaiTi"),
    family: "modern",
};
pub const XIAOBIAOSONG: Font = Font {
    name: "方正小标宋简体",
    alt: Some("宋体"),
    family: "auto",
};
pub const FANGSONG_GB2312: Font = Font {
    name: "仿宋_GB2312",
    alt: Some("仿宋"),
    family: "modern",
};
pub const KAI_GB2312: Font = Font {
    name: "楷体_GB2312",
    alt: Some("楷体"),
    family: "modern",
};

/// Font sizes in half points (Word's `w:sz`), by their Chinese names.
pub mod size {
    /// 一号, 26 pt.
    pub const YI: u16 = 52;
    /// 二号, 22 pt.
    pub const ER: u16 = 44;
    /// 三号, 16 pt.
    pub const SAN: u16 = 32;
    /// 四号, 14 pt.
    pub const SI: u16 = 28;
    /// 小四, 12 pt.
    pub const XIAO_SI: u16 = 24;
    /// 五号, 10.5 pt.
    pub const WU: u16 = 21;
    /// 小五, 9 pt.
    pub const XIAO_WU: u16 = 18;
}

/// Page geometry in twips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub width: u32,
    pub height: u32,
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
    /// From the page's top edge to the header, and from the bottom edge to the footer.
    pub header: u32,
    pub footer: u32,
}

impl Page {
    /// The width text and tables run in.
    pub fn text_width(&self) -> u32 {
        self.width - self.left - self.right
    }

    /// The same page turned on its side: the margin of the bound edge (订口) becomes the top one.
    pub fn landscape(&self) -> Page {
        Page {
            width: self.height,
            height: self.width,
            top: self.left,
            bottom: self.right,
            left: self.top,
            right: self.bottom,
            header: self.header,
            footer: self.footer,
        }
    }
}

/// Millimetres to twips, rounded.
pub const fn mm(tenths_of_mm: u32) -> u32 {
    (tenths_of_mm * 567 + 50) / 100
}

/// A4, 210 mm × 297 mm.
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;

impl Format {
    pub fn page(&self) -> Page {
        match self.layout {
            // 37 + 225 + 35 = 297; 28 + 156 + 26 = 210. The footer: the page number's line sits about 7 mm below
            // the type area (7.5), i.e. its text bottom about 22 mm above the page's edge.
            Layout::Gb9704 => Page {
                width: A4_WIDTH,
                height: A4_HEIGHT,
                top: mm(370),
                bottom: mm(350),
                left: mm(280),
                right: mm(260),
                header: mm(200),
                footer: mm(220),
            },
            Layout::Plain => Page {
                width: A4_WIDTH,
                height: A4_HEIGHT,
                top: 1440,
                bottom: 1440,
                left: 1797,
                right: 1797,
                header: 851,
                footer: 992,
            },
        }
    }

    /// Title font (and whether it is set bold).
    pub fn title_font(&self) -> (Font, bool) {
        match self.fonts {
            Fonts::Official => (XIAOBIAOSONG, false),
            Fonts::Common => (SONG, true),
        }
    }

    pub fn body_font(&self) -> Font {
        match self.fonts {
            Fonts::Official => FANGSONG_GB2312,
            Fonts::Common => FANGSONG,
        }
    }

    /// 一级标题 (一、): 黑体 in both sets.
    pub fn heading1_font(&self) -> Font {
        HEI
    }

    /// 二级标题 （一）.
    pub fn heading2_font(&self) -> Font {
        match self.fonts {
            Fonts::Official => KAI_GB2312,
            Fonts::Common => KAI,
        }
    }

    /// Every font the files use, for Word's font table.
    pub fn fonts(&self) -> Vec<Font> {
        let mut out = vec![TIMES, SONG, HEI];
        for f in [self.title_font().0, self.body_font(), self.heading2_font()] {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }

    /// Body line spacing: exactly 28.95 pt (GB/T 9704 5.2.3: 22 lines in the 225 mm type area), or 1.5 lines.
    /// `(value, exact)`: twips when exact, 240ths of a line otherwise.
    pub fn body_line(&self) -> (u32, bool) {
        match self.layout {
            Layout::Gb9704 => (579, true),
            Layout::Plain => (360, false),
        }
    }

    /// Character spacing of body text in twentieths of a point: −0.25 pt in GB/T 9704 layout, so that 28
    /// characters of 3号 fit the 156 mm line (5.2.3); 0 otherwise.
    pub fn body_char_spacing(&self) -> i32 {
        match self.layout {
            Layout::Gb9704 => -5,
            Layout::Plain => 0,
        }
    }

    /// Page numbers on odd pages at the right and on even pages at the left (GB/T 9704 7.5), or centred.
    pub fn outer_page_numbers(&self) -> bool {
        self.layout == Layout::Gb9704
    }

    /// The short names shown to the user and in the docs.
    pub fn label(&self) -> String {
        let layout = match self.layout {
            Layout::Gb9704 => "公文版式（GB/T 9704）",
            Layout::Plain => "常规版式",
        };
        let fonts = match self.fonts {
            Fonts::Official => "公文字体",
            Fonts::Common => "常见字体",
        };
        format!("{layout}，{fonts}")
    }

    /// The choice as a short code, for keeping it between visits ("gb-official", "plain-common", …).
    pub fn code(&self) -> &'static str {
        match (self.layout, self.fonts) {
            (Layout::Gb9704, Fonts::Official) => "gb-official",
            (Layout::Gb9704, Fonts::Common) => "gb-common",
            (Layout::Plain, Fonts::Official) => "plain-official",
            (Layout::Plain, Fonts::Common) => "plain-common",
        }
    }

    /// Reads [`Format::code`]; anything else is the default.
    pub fn from_code(code: &str) -> Format {
        let layout = if code.starts_with("plain") {
            Layout::Plain
        } else {
            Layout::Gb9704
        };
        let fonts = if code.ends_with("common") {
            Fonts::Common
        } else {
            Fonts::Official
        };
        Format { layout, fonts }
    }
}
