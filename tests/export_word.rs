#![cfg(not(target_arch = "wasm32"))]
//! The Word files (`export::word`): what each document holds (the model: text, tables and their cell
//! counts, sections), and what the writer makes of it (a ZIP package whose every part is well-formed XML,
//! the page set up as the format says, user text only ever as escaped text, never markup or a field),
//! for a small hand-made branch, the demo branch and the demo branch with hostile text everywhere.

mod domain_support;

use domain_support::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::record_sheet::{year_book_sheets, RecordSheet};
use zhibu::domain::*;
use zhibu::export::deflate::inflate;
use zhibu::export::word::docx::{write_docx, write_parts};
use zhibu::export::word::format::{Fonts, Format, Layout};
use zhibu::export::word::model::{Block, Document, Inline, Para, Section, Style, Table};
use zhibu::export::word::xml::escape;
use zhibu::export::word::zip::crc32;
use zhibu::export::word::{document, make, WordError, WordRequest};
use AttendanceStatus::{Absent, Elsewhere, Leave, Observer, Present};

fn today() -> Date {
    Date::ymd(2026, 11, 21)
}

// ---------- reading a package back ----------

/// The parts of a ZIP as `zip::write_zip` writes it (deflated or stored entries), checked entry by entry:
/// local header, method, sizes, CRC of the inflated data, and the central directory agreeing with them.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let eocd = bytes.len() - 22;
    assert_eq!(u32_at(eocd), 0x0605_4b50, "end of central directory");
    let count = u16_at(eocd + 10);
    let cd_size = u32_at(eocd + 12) as usize;
    let cd_offset = u32_at(eocd + 16) as usize;
    assert_eq!(cd_offset + cd_size, eocd);
    let mut parts = BTreeMap::new();
    let mut p = cd_offset;
    for _ in 0..count {
        assert_eq!(u32_at(p), 0x0201_4b50, "central directory entry");
        let method = u16_at(p + 10);
        let crc = u32_at(p + 16);
        let packed = u32_at(p + 20) as usize;
        let size = u32_at(p + 24) as usize;
        let name_len = u16_at(p + 28);
        let local = u32_at(p + 42) as usize;
        let name = std::str::from_utf8(&bytes[p + 46..p + 46 + name_len])
            .unwrap()
            .to_owned();
        assert_eq!(u32_at(local), 0x0403_4b50, "local header of {name}");
        assert_eq!(u16_at(local + 8), method, "{name}: method");
        assert_eq!(u32_at(local + 14), crc);
        assert_eq!(u32_at(local + 18) as usize, packed);
        assert_eq!(u32_at(local + 22) as usize, size);
        let start = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let body = &bytes[start..start + packed];
        let data = match method {
            0 => body.to_vec(),
            8 => {
                let (data, used) = inflate(body, size).expect("inflates");
                assert_eq!(used, packed, "{name}: the stream ends with the entry");
                data
            }
            m => panic!("{name}: method {m}"),
        };
        assert_eq!(data.len(), size, "{name}: size");
        assert_eq!(crc32(&data), crc, "CRC of {name}");
        parts.insert(name, String::from_utf8(data).expect("UTF-8 part"));
        p += 46 + name_len + u16_at(p + 30) + u16_at(p + 32);
    }
    assert_eq!(p, eocd);
    parts
}

/// Every part of a .docx file parses as XML; returns them.
fn parts_of(bytes: &[u8]) -> BTreeMap<String, String> {
    well_formed(unzip(bytes))
}

fn well_formed(parts: BTreeMap<String, String>) -> BTreeMap<String, String> {
    for (name, xml) in &parts {
        if let Err(e) = roxmltree::Document::parse(xml) {
            panic!("{name} is not well-formed: {e}");
        }
    }
    parts
}

/// The parts the writer makes for `doc`, before they are zipped (the tests that make many files skip the
/// ZIP, which `every_file_is_a_complete_package_of_well_formed_parts` checks).
fn xml_parts(doc: &Document, format: &Format) -> BTreeMap<String, String> {
    well_formed(write_parts(doc, format, Some(today())).into_iter().collect())
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The text of a part as Word reads it: `w:t` contents, `w:br` as a line break, `w:tab` as a tab.
fn body_text(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut out = String::new();
    for n in doc.descendants().filter(|n| n.tag_name().namespace() == Some(W)) {
        match n.tag_name().name() {
            "t" => out.push_str(n.text().unwrap_or("")),
            "br" => out.push('\n'),
            "tab" => out.push('\t'),
            _ => {}
        }
    }
    out
}

/// Every `w:instrText` (field code) in the part.
fn field_codes(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().namespace() == Some(W) && n.tag_name().name() == "instrText")
        .map(|n| n.text().unwrap_or("").to_owned())
        .chain(
            doc.descendants()
                .filter(|n| n.tag_name().namespace() == Some(W) && n.tag_name().name() == "fldSimple")
                .map(|n| n.attribute((W, "instr")).unwrap_or("").to_owned()),
        )
        .collect()
}

/// The element names used in a part (to find anything that is not plain formatting).
fn element_names(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut v: Vec<String> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name().to_owned())
        .collect();
    zhibu::domain::sort::sort(&mut v);
    v.dedup();
    v
}

// ---------- a small branch ----------

/// 测试党支部: 5 members in two groups (甲 full, 乙 full in group 1, 丙 probationary in group 2, 丁 activist,
/// 戊 left in June); committee 甲 (书记) and 乙; a held 党员大会 with every kind of mark and a vote, a held
/// 党小组会, a planned 主题党日 and a cancelled 党课; two study items.
fn small() -> Dataset {
    let mut data = dataset(
        vec![group("g1", "第一党小组"), group("g2", "第二党小组")],
        vec![
            in_group(full("m1", "甲"), "g1"),
            in_group(full("m2", "乙"), "g1"),
            in_group(member("m3", "丙", MemberKind::Probationary), "g2"),
            member("m4", "丁", MemberKind::Activist),
            Member {
                left_branch: Some(d(2026, 6, 1)),
                mobile: true,
                ..full("m5", "戊")
            },
        ],
    );
    data.branch.parent_org = "测试党委".to_owned();
    data.branch.set_holder(CommitteeRole::Secretary, Some(mid("m1")));
    data.branch.set_holder(CommitteeRole::Organization, Some(mid("m2")));
    data.groups[0].group_leader = Some(mid("m2"));
    data.members[0].phone = "13800000000".to_owned();

    let mut gm = activity("a1", ActivityKind::GeneralMeeting, d(2026, 3, 15));
    gm.theme = "学习党章".to_owned();
    gm.location = "三楼会议室".to_owned();
    gm.start = Some(Time::hm(9, 0));
    gm.end = Some(Time::hm(11, 0));
    gm.host = Some(mid("m1"));
    gm.recorder = Some(mid("m2"));
    gm.agenda = vec!["传达上级精神".to_owned(), "讨论发展党员".to_owned()];
    gm.content = "第一段。\n第二段。".to_owned();
    gm.resolution = "同意接收。".to_owned();
    gm.vote = Some(Vote {
        eligible: 3,
        present: 2,
        in_favour: 2,
        against: 0,
        abstain: 0,
    });
    gm.study_hours = 2.0;
    gm.attendance = vec![
        entry("m1", Present),
        AttendanceEntry {
            reason: "出差".to_owned(),
            make_up: Some(MakeUp {
                date: d(2026, 3, 20),
                way: MakeUpWay::SelfStudy,
                note: String::new(),
            }),
            ..entry("m2", Leave)
        },
        AttendanceEntry {
            reason: "病假".to_owned(),
            ..entry("m3", Absent)
        },
        entry("m4", Observer),
        entry("m5", Elsewhere),
    ];
    let mut gr = activity("a2", ActivityKind::GroupMeeting, d(2026, 4, 20));
    gr.group = Some(gid("g1"));
    gr.attendance = vec![entry("m1", Present), entry("m2", Present)];
    let mut td = activity("a3", ActivityKind::ThemeDay, d(2026, 12, 10));
    td.status = ActivityStatus::Planned;
    let mut pl = activity("a4", ActivityKind::PartyLecture, d(2026, 5, 10));
    pl.status = ActivityStatus::Cancelled;
    pl.lecturer_name = "外请专家".to_owned();
    let talk = {
        let mut t = activity("a5", ActivityKind::HeartTalk, d(2026, 7, 1));
        t.attendance = vec![entry("m1", Present), entry("m3", Present)];
        t
    };
    data.activities = vec![td, gr, gm, pl, talk];
    data.study_items = vec![
        StudyItem {
            id: StudyItemId::from("s2"),
            date: d(2026, 6, 1),
            whole_week: true,
            topic: "学习条例".to_owned(),
            materials: "《支部工作条例》".to_owned(),
            format: StudyFormat::SelfStudy,
            study_leader: None,
            study_hours: 1.5,
            activity: None,
            done: false,
        },
        StudyItem {
            id: StudyItemId::from("s1"),
            date: d(2026, 3, 15),
            whole_week: false,
            topic: "学习党章".to_owned(),
            materials: "《中国共产党章程》".to_owned(),
            format: StudyFormat::Group,
            study_leader: Some(mid("m1")),
            study_hours: 2.0,
            activity: Some(ActivityId::from("a1")),
            done: false,
        },
    ];
    data
}

fn doc(data: &Dataset, r: WordRequest) -> (Document, String) {
    let (d, name) = document(data, &r, today()).unwrap();
    assert_eq!(d.problems(), Vec::<String>::new(), "{r:?}");
    (d, name)
}

fn texts(t: &Table) -> Vec<Vec<String>> {
    t.texts()
}

/// The row of a record grid whose label is `label`: its value cell's text.
fn grid_value(t: &Table, label: &str) -> Option<String> {
    t.texts().into_iter().find(|r| r[0] == label).map(|r| r[1].clone())
}

// ---------- the model of each file ----------

#[test]
fn one_record_holds_every_line_of_the_paper_page() {
    let data = small();
    let (d, name) = doc(&data, WordRequest::Record(ActivityId::from("a1")));
    assert_eq!(name, "党员大会记录-测试党支部-2026-03-15.docx");
    assert_eq!(d.sections.len(), 1);
    let s = &d.sections[0];
    assert!(!s.landscape && s.page_numbers && !s.plain_first_page);
    assert_eq!(
        s.header,
        Some(("测试党支部".to_owned(), "2026年 三会一课记录".to_owned()))
    );
    let paras = d.paras();
    assert_eq!(paras[0].style, Style::Title);
    assert_eq!(paras[0].text(), "测试党支部 党员大会 记录");
    assert_eq!(paras[1].text(), "（本年第1次）");
    let tables = d.tables();
    assert_eq!(tables.len(), 1);
    let t = tables[0];
    assert_eq!(t.columns.len(), 4);
    // 主持人 / 记录人 share a row of four cells; every other row is a label and a value spanning three.
    assert_eq!(t.rows[2].cells.len(), 4);
    assert_eq!(texts(t)[2], vec!["主持人", "甲", "记录人", "乙"]);
    assert!(t
        .rows
        .iter()
        .enumerate()
        .all(|(i, r)| i == 2 || (r.cells.len() == 2 && r.cells[1].span == 3)));
    let labels: Vec<String> = texts(t).into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        labels,
        [
            "时间",
            "地点",
            "主持人",
            "主题",
            "出勤",
            "出席",
            "请假",
            "缺席",
            "异地参加",
            "列席",
            "议题",
            "内容\n发言摘要",
            "表决",
            "决议",
            "补学"
        ]
    );
    assert_eq!(grid_value(t, "时间").unwrap(), "2026年3月15日（星期日）09:00—11:00");
    assert_eq!(grid_value(t, "地点").unwrap(), "三楼会议室");
    assert_eq!(grid_value(t, "主题").unwrap(), "学习党章");
    // 戊 left in June: still expected in March. 应到 4 (甲 乙 丙 戊), 实到 2 (甲 出席, 戊 异地参加).
    assert_eq!(
        grid_value(t, "出勤").unwrap(),
        "应到：4人（正式3、预备1）　实到：2人　学时：2学时"
    );
    assert_eq!(grid_value(t, "出席").unwrap(), "甲");
    assert_eq!(grid_value(t, "请假").unwrap(), "乙（出差）");
    assert_eq!(grid_value(t, "缺席").unwrap(), "丙（病假）");
    assert_eq!(grid_value(t, "异地参加").unwrap(), "戊");
    assert_eq!(grid_value(t, "列席").unwrap(), "丁");
    assert_eq!(grid_value(t, "议题").unwrap(), "1. 传达上级精神\n2. 讨论发展党员");
    // Each line of the content is a paragraph of its own.
    let content = &t
        .rows
        .iter()
        .find(|r| r.cells[0].text_content() == "内容\n发言摘要")
        .unwrap()
        .cells[1];
    assert_eq!(content.paras.len(), 2);
    // Room to write: the row is at least 40 mm tall, its text from the top.
    let content_row = t
        .rows
        .iter()
        .find(|r| r.cells[0].text_content() == "内容\n发言摘要")
        .unwrap();
    assert_eq!(content_row.min_height_mm, 40);
    assert!(content.top);
    assert_eq!(content.text_content(), "第一段。\n第二段。");
    assert!(grid_value(t, "表决")
        .unwrap()
        .starts_with("应到有表决权3人、实到2人；赞成2人，反对0人，弃权0人\n"));
    assert_eq!(grid_value(t, "决议").unwrap(), "同意接收。");
    assert_eq!(grid_value(t, "补学").unwrap(), "乙—2026年3月20日—自学\n尚未补学：丙");
    let sign = paras.last().unwrap();
    assert_eq!(sign.style, Style::Sign);
    assert!(sign.text().starts_with("主持人签字："));
    assert!(sign.text().contains("记录人签字："));
    assert!(sign.inlines.iter().any(|i| matches!(i, Inline::Blank(_))));
}

#[test]
fn a_review_and_an_org_life_meeting_carry_their_results_their_examinations_and_their_items() {
    use zhibu::domain::member_review::{Ballots, MemberReview, RatedMember, Rating};
    use zhibu::domain::org_life::{Examination, Rectification};
    let mut data = small();
    let mut a = activity("a-r", ActivityKind::OrgLifeMeeting, d(2026, 12, 10));
    a.attendance = vec![
        entry("m1", AttendanceStatus::Present),
        entry("m2", AttendanceStatus::Present),
    ];
    a.review = Some(MemberReview {
        ballot: Some(d(2026, 12, 10)),
        members: vec![
            RatedMember {
                ballots: Ballots {
                    excellent: 2,
                    ..Ballots::default()
                },
                rating: Some(Rating::Excellent),
                ..RatedMember::new(mid("m2"))
            },
            RatedMember {
                ballots: Ballots {
                    unqualified: 2,
                    ..Ballots::default()
                },
                rating: Some(Rating::Unqualified),
                handling: "限期改正".into(),
                follow_up: Some(d(2027, 3, 1)),
                ..RatedMember::new(mid("m1"))
            },
            RatedMember::new(mid("m3")),
        ],
        ..MemberReview::default()
    });
    a.examinations = vec![Examination {
        member: mid("m1"),
        points: "学习不够".into(),
        criticism: "准备不足".into(),
    }];
    a.rectifications = vec![
        Rectification {
            problem: "<学习>不系统".into(),
            measure: "制定计划".into(),
            owner: Some(mid("m2")),
            due: Some(d(2027, 1, 31)),
            closed: Some(d(2027, 1, 20)),
            evidence: "笔记".into(),
            ..Rectification::new("r1".into())
        },
        Rectification {
            problem: "谈心不够".into(),
            ..Rectification::new("r2".into())
        },
    ];
    data.activities.push(a);
    let (d, _) = doc(&data, WordRequest::Record(ActivityId::from("a-r")));
    let tables = d.tables();
    assert_eq!(tables.len(), 3, "the grid, the review's results, the 整改清单");
    assert_eq!(
        texts(tables[1]),
        [
            vec!["姓名", "优秀", "合格", "基本合格", "不合格", "评定等次", "处置意见"],
            // 按姓氏笔画: 乙 (1 stroke), then 丙 and 甲 (5 each; 丙 starts with 横, 甲 with 竖).
            vec!["乙", "2", "0", "0", "0", "优秀", ""],
            vec!["丙", "0", "0", "0", "0", "未评定", ""],
            vec!["甲", "0", "0", "0", "2", "不合格", "限期改正（2027年3月1日跟进）"],
        ]
    );
    assert_eq!(
        texts(tables[2]),
        [
            vec!["序号", "存在问题", "整改措施", "责任人", "完成时限", "完成情况"],
            vec![
                "1",
                "<学习>不系统",
                "制定计划",
                "乙",
                "2027年1月31日",
                "2027年1月20日完成；笔记"
            ],
            vec!["2", "谈心不够", "", "支部委员会", "", "整改中"],
        ]
    );
    let paras: Vec<String> = d.paras().iter().map(|p| p.text()).collect();
    assert!(
        paras.contains(&"参评3人：优秀1人、不合格1人、未评定1人".to_owned()),
        "{paras:?}"
    );
    assert!(paras.contains(&"民主测评2026年12月10日".to_owned()));
    assert!(paras.contains(&"甲：学习不够（批评意见：准备不足）".to_owned()));
}

#[test]
fn a_planned_or_cancelled_entry_says_so_and_has_no_roll() {
    let data = small();
    let (d, _) = doc(&data, WordRequest::Record(ActivityId::from("a3")));
    let paras = d.paras();
    assert_eq!(paras[1].text(), "本活动为计划，尚未开展");
    let labels: Vec<String> = texts(d.tables()[0]).into_iter().map(|r| r[0].clone()).collect();
    assert!(!labels.iter().any(|l| l == "出勤" || l == "出席" || l == "表决"));
    assert_eq!(grid_value(d.tables()[0], "内容\n发言摘要").unwrap(), "无");
    let (d, _) = doc(&data, WordRequest::Record(ActivityId::from("a4")));
    assert_eq!(d.paras()[1].text(), "本活动已取消");
    assert_eq!(grid_value(d.tables()[0], "授课人").unwrap(), "外请专家");
    assert_eq!(grid_value(d.tables()[0], "议题").unwrap(), "无");
}

#[test]
fn a_record_that_is_gone_is_an_error_in_chinese() {
    let data = small();
    let e = document(&data, &WordRequest::Record(ActivityId::from("nope")), today()).unwrap_err();
    assert_eq!(e, WordError::NotFound);
    assert!(e.to_string().contains("找不到这条记录"));
    assert!(make(
        &data,
        &WordRequest::Record(ActivityId::from("nope")),
        &Format::default(),
        today()
    )
    .is_err());
}

#[test]
fn the_year_book_has_a_cover_contents_with_page_references_and_each_record_on_a_new_page() {
    let data = small();
    let (d, name) = doc(&data, WordRequest::YearBook { year: 2026, kind: None });
    assert_eq!(name, "三会一课记录本-测试党支部-2026年.docx");
    assert_eq!(d.title, "测试党支部2026年三会一课记录本");
    let s = &d.sections[0];
    assert_eq!(d.sections.len(), 1);
    assert!(s.plain_first_page && s.page_numbers);
    assert_eq!(
        s.header,
        Some(("测试党支部".to_owned(), "2026年 三会一课记录本".to_owned()))
    );
    let paras = d.paras();
    assert_eq!(
        paras.iter().take(3).map(|p| (p.style, p.text())).collect::<Vec<_>>(),
        [
            (Style::CoverBranch, "测试党支部".to_owned()),
            (Style::CoverTitle, "三会一课记录本".to_owned()),
            (Style::CoverYear, "2026年度".to_owned()),
        ]
    );
    let tables = d.tables();
    // Cover table, contents, then one grid per held record (a1 in March, a2 and the heart talk a5 later).
    assert_eq!(tables.len(), 2 + 3);
    assert_eq!(texts(tables[0])[1], vec!["上级党组织", "测试党委"]);
    assert_eq!(texts(tables[0])[2], vec!["记录条数", "3条"]);
    let contents = tables[1];
    assert_eq!(contents.cell_counts(), vec![6; 4]);
    assert!(contents.rows[0].header);
    assert_eq!(
        texts(contents)[0],
        vec!["序号", "日期", "类别", "本年次数", "主题 / 题目", "页号"]
    );
    assert_eq!(
        texts(contents)[1][..5],
        ["1", "2026-03-15", "党员大会", "第1次", "学习党章"]
    );
    assert_eq!(texts(contents)[2][2], "党小组会（第一党小组）");
    assert_eq!(texts(contents)[3][2], "谈心谈话");
    // Each contents row points at its record's title; the titles start new pages.
    let titles: Vec<&&Para> = paras.iter().filter(|p| p.bookmark.is_some()).collect();
    assert_eq!(titles.len(), 3);
    for (i, t) in titles.iter().enumerate() {
        assert!(t.page_break_before);
        assert_eq!(t.bookmark.as_deref(), Some(format!("rec{}", i + 1).as_str()));
        let cell = &contents.rows[i + 1].cells[5].paras[0];
        match &cell.inlines[0] {
            Inline::PageRef { bookmark, estimate } => {
                assert_eq!(bookmark, &format!("rec{}", i + 1));
                // Cover 1, contents 2, first record 3.
                assert_eq!(*estimate, 3 + i as u32);
            }
            other => panic!("not a page reference: {other:?}"),
        }
    }
    assert!(paras.iter().any(|p| p.text() == "卷内目录" && p.page_break_before));

    // One kind only.
    let (d, name) = doc(
        &data,
        WordRequest::YearBook {
            year: 2026,
            kind: Some(ActivityKind::GroupMeeting),
        },
    );
    assert_eq!(name, "党小组会记录本-测试党支部-2026年.docx");
    assert_eq!(d.tables().len(), 3);
    assert_eq!(d.paras()[1].text(), "党小组会记录本");
    // A year without records.
    let (d, _) = doc(&data, WordRequest::YearBook { year: 2020, kind: None });
    assert!(d.text().contains("本年度还没有已开展的活动记录。"));
    assert_eq!(d.tables().len(), 1);
}

#[test]
fn the_book_estimates_longer_records_to_take_more_pages() {
    let mut data = small();
    data.activities[2].content = "长".repeat(5_000);
    let sheets = year_book_sheets(&data, 2026, None);
    assert_eq!(sheets.len(), 3);
    assert!(zhibu::export::word::record::estimated_pages(&sheets[0]) >= 5);
    assert_eq!(zhibu::export::word::record::estimated_pages(&sheets[1]), 1);
}

#[test]
fn the_summary_has_its_figures_tables_and_a_landscape_member_sheet() {
    let data = small();
    let (d, name) = doc(&data, WordRequest::Summary { year: 2026 });
    assert_eq!(name, "年度总结-测试党支部-2026年.docx");
    assert_eq!(d.sections.len(), 2);
    assert!(!d.sections[0].landscape);
    assert!(d.sections[1].landscape);
    assert!(d.sections.iter().all(|s| s.page_numbers && s.header.is_none()));
    let summary = zhibu::domain::summary::year_summary(&data, 2026, today());
    let text = d.text();
    assert!(text.starts_with("测试党支部2026年度组织生活情况总结\n"));
    assert!(text.contains("上级党组织：测试党委　统计期间：2026年1月1日至2026年11月21日　制表日期：2026年11月21日"));
    // This year is not over: the draft note.
    assert!(text.contains("（截至2026年11月21日的统计"));
    assert!(text.contains(&summary.sentence()));
    for f in summary.figure_lines() {
        assert!(text.contains(&f), "{f}");
    }
    assert!(text.contains("学习计划2项，已完成0项"));
    for h in ["一、总体情况", "二、组织生活情况统计表", "三、全年组织生活一览"] {
        let p = d.paras().into_iter().find(|p| p.text() == h).unwrap();
        assert_eq!(p.style, Style::Heading1);
    }
    let tables = d.tables();
    assert_eq!(tables.len(), 4);
    // Per kind: header + one row per summary row, five cells each.
    assert_eq!(tables[0].cell_counts(), vec![5; summary.rows.len() + 1]);
    assert_eq!(
        texts(tables[0])[0],
        vec!["类别", "要求次数", "实际开展", "平均参会率", "未完成期间"]
    );
    assert!(texts(tables[0]).iter().any(|r| r[0] == "党员大会" && r[2] == "1"));
    // Every held activity: a1, a2, a5.
    assert_eq!(tables[1].cell_counts(), vec![7; 4]);
    assert_eq!(texts(tables[1])[1][..4], ["1", "2026-03-15", "党员大会", "学习党章"]);
    assert!(tables[1].compact);
    // The landscape section: the figures (14 columns, the last the 评议等次) and the month sheet (name + 12
    // months).
    let annex_tables: Vec<&Table> = d.sections[1]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Para(_) => None,
        })
        .collect();
    assert_eq!(annex_tables.len(), 2);
    assert_eq!(annex_tables[0].cell_counts(), vec![14; summary.members.len() + 1]);
    assert_eq!(texts(annex_tables[0])[0][13], "评议等次");
    assert_eq!(annex_tables[1].cell_counts(), vec![13; summary.members.len() + 1]);
    assert_eq!(texts(annex_tables[1])[0][12], "12月");
    let jia = texts(annex_tables[1]).into_iter().find(|r| r[0] == "甲").unwrap();
    assert_eq!(jia[3], "出席");
    assert_eq!(jia[4], "出席");
    let yi = texts(annex_tables[1]).into_iter().find(|r| r[0] == "乙").unwrap();
    assert_eq!(yi[3], "补学");
    let sign = d.sections[0].blocks.last().unwrap();
    assert!(matches!(sign, Block::Para(p) if p.style == Style::Sign && p.text().starts_with("党支部书记（签字）：")));

    // A past year is judged at its end: no draft note.
    let (d, _) = doc(&data, WordRequest::Summary { year: 2025 });
    assert!(!d.text().contains("截至"));
    assert!(d.text().contains("统计期间：2025年1月1日至2025年12月31日"));
}

#[test]
fn the_study_plan_lists_the_items_in_date_order() {
    let data = small();
    let (d, name) = doc(&data, WordRequest::StudyPlan { year: 2026 });
    assert_eq!(name, "学习计划表-测试党支部-2026年.docx");
    assert!(d.sections[0].landscape);
    let text = d.text();
    assert!(text.starts_with("测试党支部2026年度学习计划表\n"));
    // s1 is done because its activity a1 was held; s2 is self-study (not counted in the hours).
    assert!(text.contains("共2项，已完成1项；计划集中学习（不含自学）2学时"));
    let t = d.tables()[0];
    assert_eq!(t.cell_counts(), vec![8; 3]);
    assert_eq!(
        texts(t),
        vec![
            vec![
                "序号",
                "时间",
                "学习主题",
                "学习材料",
                "形式",
                "领学人",
                "学时",
                "完成情况"
            ],
            vec![
                "1",
                "3月15日 周日",
                "学习党章",
                "《中国共产党章程》",
                "集中学习",
                "甲",
                "2",
                "已完成"
            ],
            vec![
                "2",
                "6月1日起一周",
                "学习条例",
                "《支部工作条例》",
                "自学",
                "",
                "1.5",
                ""
            ],
        ]
    );
    let (d, _) = doc(&data, WordRequest::StudyPlan { year: 2024 });
    assert!(d.text().contains("本年度还没有学习安排。"));
    assert!(d.tables().is_empty());
}

#[test]
fn the_year_plan_goes_month_by_month_without_heart_talks() {
    let data = small();
    let (d, name) = doc(&data, WordRequest::YearPlan { year: 2026 });
    assert_eq!(name, "年度计划-测试党支部-2026年.docx");
    assert!(d.sections[0].landscape);
    let t = d.tables()[0];
    let rows = texts(t);
    assert_eq!(
        rows[0],
        vec!["日期", "时间", "活动", "主题 / 内容", "地点", "授课人", "状态"]
    );
    // Month rows span the table; entries: a1 (Mar), a2 (Apr), a4 (May, cancelled), a3 (Dec, planned).
    let months: Vec<&str> = rows.iter().filter(|r| r.len() == 1).map(|r| r[0].as_str()).collect();
    assert_eq!(months, ["3月", "4月", "5月", "12月"]);
    let entries: Vec<&Vec<String>> = rows.iter().skip(1).filter(|r| r.len() == 7).collect();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[0][..4], ["3月15日 周日", "09:00—11:00", "党员大会", "学习党章"]);
    assert_eq!(entries[0][6], "已开展");
    assert_eq!(entries[1][2], "党小组会（第一党小组）");
    assert_eq!((entries[2][5].as_str(), entries[2][6].as_str()), ("外请专家", "已取消"));
    assert_eq!((entries[3][3].as_str(), entries[3][6].as_str()), ("（待定）", "计划"));
    assert!(!d.text().contains("谈心谈话"));
    assert!(d.text().contains("全年计划：党员大会1次（已开展1次）"));
    let (d, _) = doc(&data, WordRequest::YearPlan { year: 2024 });
    assert!(d.text().contains("本年度还没有计划。"));
}

#[test]
fn the_roster_lists_who_is_in_the_branch_today() {
    let data = small();
    let (d, name) = doc(&data, WordRequest::Roster);
    assert_eq!(name, "党员名册-测试党支部-2026-11-21.docx");
    assert!(d.sections[0].landscape);
    assert!(d
        .text()
        .contains("截至2026年11月21日，共4人：正式党员2名、预备党员1名、入党积极分子1名"));
    let t = d.tables()[0];
    assert_eq!(t.cell_counts(), vec![10; 5]);
    let rows = texts(t);
    // The roster page's order: by group, kind, then name 按姓氏笔画 (乙 has one stroke, 甲 five).
    assert_eq!(
        rows[1][1..5],
        ["乙", "正式党员", "第一党小组", "组织委员、第一党小组组长"]
    );
    assert_eq!(rows[2][1..5], ["甲", "正式党员", "第一党小组", "书记"]);
    assert_eq!(rows[2][9], "13800000000");
    assert_eq!(rows[3][1], "丙");
    assert_eq!(rows[4][1], "丁");
    let page: Vec<&str> = data
        .roster_order()
        .iter()
        .map(|m| m.name.as_str())
        .filter(|n| *n != "戊")
        .collect();
    let word: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(word, page);
    // 按拼音 when the branch chose it: jiǎ before yǐ.
    let mut pinyin = data.clone();
    pinyin.branch.name_order = zhibu::domain::NameOrder::Pinyin;
    let (d, _) = doc(&pinyin, WordRequest::Roster);
    let rows = texts(d.tables()[0]);
    assert_eq!((rows[1][1].as_str(), rows[2][1].as_str()), ("甲", "乙"));
    // 戊 left in June.
    assert!(!d.text().contains("戊"));
}

#[test]
fn a_branch_without_a_name_is_called_this_branch() {
    let mut data = small();
    data.branch.name = String::new();
    let (d, name) = doc(&data, WordRequest::Summary { year: 2026 });
    assert!(d.text().starts_with("本党支部2026年度组织生活情况总结"));
    assert_eq!(name, "年度总结-支部-2026年.docx");
    let (d, _) = doc(&data, WordRequest::YearBook { year: 2026, kind: None });
    assert_eq!(d.paras()[0].text(), "本党支部");
}

#[test]
fn a_long_title_breaks_after_the_branch_name() {
    let mut data = small();
    data.branch.name = "某某市某某区某某局机关第一党支部".to_owned();
    let (d, _) = doc(&data, WordRequest::Summary { year: 2026 });
    assert_eq!(
        d.paras()[0].text(),
        "某某市某某区某某局机关第一党支部\n2026年度组织生活情况总结"
    );
    let (d, _) = doc(&data, WordRequest::Roster);
    assert_eq!(d.paras()[0].text(), "某某市某某区某某局机关第一党支部党员名册");
}

// ---------- the writer ----------

fn all_requests(data: &Dataset, year: i32) -> Vec<WordRequest> {
    let first_held = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held && a.date.year() == year)
        .min_by_key(|a| a.date)
        .unwrap()
        .id
        .clone();
    vec![
        WordRequest::Record(first_held),
        WordRequest::YearBook { year, kind: None },
        WordRequest::Summary { year },
        WordRequest::StudyPlan { year },
        WordRequest::YearPlan { year },
        WordRequest::Roster,
    ]
}

fn formats() -> [Format; 4] {
    [
        Format::default(),
        Format {
            layout: Layout::Gb9704,
            fonts: Fonts::Common,
        },
        Format {
            layout: Layout::Plain,
            fonts: Fonts::Official,
        },
        Format {
            layout: Layout::Plain,
            fonts: Fonts::Common,
        },
    ]
}

#[test]
fn every_file_is_a_complete_package_of_well_formed_parts() {
    let data = generate(&DemoSize::DEMO, today(), 7);
    for r in all_requests(&data, 2026) {
        let file = make(&data, &r, &Format::default(), today()).unwrap();
        assert!(file.name.ends_with(".docx"));
        let parts = parts_of(&file.bytes);
        for p in [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "docProps/app.xml",
            "word/document.xml",
            "word/styles.xml",
            "word/settings.xml",
            "word/fontTable.xml",
            "word/_rels/document.xml.rels",
        ] {
            assert!(parts.contains_key(p), "{r:?}: {p}");
        }
        // Every header and footer the document refers to exists, has a content type and is well-formed.
        let rels = &parts["word/_rels/document.xml.rels"];
        let types = &parts["[Content_Types].xml"];
        let rel_doc = roxmltree::Document::parse(rels).unwrap();
        for rel in rel_doc.descendants().filter(|n| n.has_tag_name("Relationship")) {
            let target = format!("word/{}", rel.attribute("Target").unwrap());
            assert!(parts.contains_key(&target), "{r:?}: {target}");
            if target.contains("header") || target.contains("footer") {
                assert!(types.contains(&format!("PartName=\"/{target}\"")));
            }
        }
        let body = &parts["word/document.xml"];
        let doc_xml = roxmltree::Document::parse(body).unwrap();
        for id in doc_xml
            .descendants()
            .filter(|n| n.has_tag_name((W, "headerReference")) || n.has_tag_name((W, "footerReference")))
            .map(|n| {
                n.attribute((
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                    "id",
                ))
                .unwrap()
            })
        {
            assert!(rels.contains(&format!("Id=\"{id}\"")), "{r:?}: {id}");
        }
        // A table cell always ends with a paragraph, and the body ends with the section properties.
        for tc in doc_xml.descendants().filter(|n| n.has_tag_name((W, "tc"))) {
            assert!(tc.last_element_child().unwrap().has_tag_name((W, "p")));
        }
        let body_el = doc_xml.descendants().find(|n| n.has_tag_name((W, "body"))).unwrap();
        assert!(body_el.last_element_child().unwrap().has_tag_name((W, "sectPr")));
        // The same document gives the same bytes.
        if matches!(r, WordRequest::Record(_) | WordRequest::Roster) {
            assert_eq!(make(&data, &r, &Format::default(), today()).unwrap().bytes, file.bytes);
        }
    }
}

#[test]
fn the_body_reads_as_the_model_says() {
    let data = small();
    let (d, _) = doc(&data, WordRequest::Record(ActivityId::from("a1")));
    let bytes = write_docx(&d, &Format::default(), Some(today())).unwrap();
    let parts = parts_of(&bytes);
    let text = body_text(&parts["word/document.xml"]);
    for line in d.text().lines() {
        assert!(text.contains(line), "{line}");
    }
    assert!(parts["docProps/core.xml"].contains("<dc:title>测试党支部 党员大会 记录（本年第1次）</dc:title>"));
    assert!(parts["docProps/core.xml"].contains("2026-11-21T00:00:00Z"));
    // The header part carries the running header.
    let header: String = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/header"))
        .map(|(_, x)| body_text(x))
        .collect();
    assert!(header.contains("测试党支部\t2026年 三会一课记录"));
}

#[test]
fn the_page_follows_the_chosen_format() {
    let data = small();
    let (d, _) = doc(&data, WordRequest::Summary { year: 2026 });
    let sect = |bytes: &[u8]| -> Vec<BTreeMap<String, String>> {
        let parts = parts_of(bytes);
        let x = roxmltree::Document::parse(&parts["word/document.xml"]).unwrap();
        x.descendants()
            .filter(|n| n.has_tag_name((W, "sectPr")))
            .map(|s| {
                let mut m = BTreeMap::new();
                for c in s.children().filter(|c| c.is_element()) {
                    for a in c.attributes() {
                        m.insert(format!("{}.{}", c.tag_name().name(), a.name()), a.value().to_owned());
                    }
                }
                m
            })
            .collect()
    };
    // GB/T 9704: top 37 mm, bottom 35, left 28, right 26 (twips); the landscape section turned.
    let gb = sect(&write_docx(&d, &Format::default(), None).unwrap());
    assert_eq!(gb.len(), 2);
    for (k, v) in [
        ("pgSz.w", "11906"),
        ("pgSz.h", "16838"),
        ("pgMar.top", "2098"),
        ("pgMar.bottom", "1985"),
        ("pgMar.left", "1588"),
        ("pgMar.right", "1474"),
    ] {
        assert_eq!(gb[0][k], v, "{k}");
    }
    for (k, v) in [
        ("pgSz.w", "16838"),
        ("pgSz.h", "11906"),
        ("pgSz.orient", "landscape"),
        ("pgMar.top", "1588"),
        ("pgMar.left", "2098"),
    ] {
        assert_eq!(gb[1][k], v, "{k}");
    }
    let plain_format = Format {
        layout: Layout::Plain,
        fonts: Fonts::Official,
    };
    let plain = sect(&write_docx(&d, &plain_format, None).unwrap());
    for (k, v) in [
        ("pgMar.top", "1440"),
        ("pgMar.bottom", "1440"),
        ("pgMar.left", "1797"),
        ("pgMar.right", "1797"),
    ] {
        assert_eq!(plain[0][k], v, "{k}");
    }
    // Odd and even page numbers only in GB/T 9704 layout.
    let gb_parts = parts_of(&write_docx(&d, &Format::default(), None).unwrap());
    assert!(gb_parts["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
    assert!(gb_parts["word/document.xml"].contains("w:type=\"even\""));
    let footers: Vec<&String> = gb_parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/footer"))
        .map(|(_, x)| x)
        .collect();
    assert!(footers
        .iter()
        .any(|f| f.contains("<w:jc w:val=\"right\"/>") && f.contains(" PAGE ")));
    assert!(footers
        .iter()
        .any(|f| f.contains("<w:jc w:val=\"left\"/>") && f.contains(" PAGE ")));
    assert!(footers.iter().any(|f| body_text(f).contains("— 1 —")));
    let plain_parts = parts_of(&write_docx(&d, &plain_format, None).unwrap());
    assert!(!plain_parts["word/settings.xml"].contains("evenAndOddHeaders"));
    assert!(!plain_parts["word/document.xml"].contains("w:type=\"even\""));
}

#[test]
fn fonts_are_declared_with_their_fallbacks() {
    let data = small();
    let (d, _) = doc(&data, WordRequest::Summary { year: 2026 });
    let official = parts_of(&write_docx(&d, &Format::default(), None).unwrap());
    let table = &official["word/fontTable.xml"];
    for (font, alt) in [
        ("方正小标宋简体", "宋体"),
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("黑体", "SimHei"),
        ("宋体", "SimSun"),
    ] {
        assert!(
            table.contains(&format!(
                "<w:font w:name=\"{font}\"><w:altName w:val=\"{alt}\"/><w:charset w:val=\"86\"/>"
            )),
            "{font}"
        );
    }
    let styles = &official["word/styles.xml"];
    // Title 2号 (44 half points) in 方正小标宋简体; body 3号 (32) in 仿宋_GB2312, 28.95 pt lines; headings 黑体 and 楷体_GB2312.
    let x = roxmltree::Document::parse(styles).unwrap();
    let style = |id: &str| {
        x.descendants()
            .find(|n| n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some(id))
            .unwrap()
    };
    let attr = |n: roxmltree::Node, tag: &str, a: &str| -> Option<String> {
        n.descendants()
            .find(|c| c.has_tag_name((W, tag)))
            .and_then(|c| c.attribute((W, a)))
            .map(str::to_owned)
    };
    assert_eq!(
        attr(style("Title"), "rFonts", "eastAsia").as_deref(),
        Some("方正小标宋简体")
    );
    assert_eq!(attr(style("Title"), "sz", "val").as_deref(), Some("44"));
    assert_eq!(
        attr(style("Normal"), "rFonts", "eastAsia").as_deref(),
        Some("仿宋_GB2312")
    );
    assert_eq!(attr(style("Normal"), "sz", "val").as_deref(), Some("32"));
    assert_eq!(attr(style("Normal"), "spacing", "line").as_deref(), Some("579"));
    assert_eq!(attr(style("Normal"), "spacing", "lineRule").as_deref(), Some("exact"));
    assert_eq!(attr(style("Heading1"), "rFonts", "eastAsia").as_deref(), Some("黑体"));
    assert_eq!(
        attr(style("Heading2"), "rFonts", "eastAsia").as_deref(),
        Some("楷体_GB2312")
    );
    assert_eq!(attr(style("Body"), "ind", "firstLineChars").as_deref(), Some("200"));
    let common = parts_of(
        &write_docx(
            &d,
            &Format {
                layout: Layout::Gb9704,
                fonts: Fonts::Common,
            },
            None,
        )
        .unwrap(),
    );
    assert!(common["word/styles.xml"].contains("w:eastAsia=\"仿宋\""));
    assert!(!common["word/styles.xml"].contains("GB2312"));
    assert!(common["word/fontTable.xml"].contains("<w:font w:name=\"仿宋\"><w:altName w:val=\"FangSong\"/>"));
}

#[test]
fn hostile_text_stays_text_in_every_file_and_format() {
    let data = hostile_demo(today());
    let hostile = hostile_as_read();
    // Every file in the default format; the record and the roster (portrait and landscape) in all four: the
    // format changes the styles and the page, not how text is written.
    let mut cases: Vec<(Format, WordRequest)> = all_requests(&data, 2026)
        .into_iter()
        .map(|r| (Format::default(), r))
        .collect();
    for format in formats().into_iter().skip(1) {
        cases.push((format, all_requests(&data, 2026).remove(0)));
        cases.push((format, WordRequest::Roster));
    }
    {
        for (format, r) in cases {
            let (model, name) = document(&data, &r, today()).unwrap();
            assert!(
                !name.contains(['<', '>', '"', '/', '\\', ':', '*', '?', '|', '\u{0}']),
                "{name}"
            );
            // The record goes through the whole writer, ZIP included; the rest stop before the ZIP.
            let parts = if matches!(r, WordRequest::Record(_)) {
                parts_of(&make(&data, &r, &format, today()).unwrap().bytes)
            } else {
                xml_parts(&model, &format)
            };
            let body = &parts["word/document.xml"];
            let text = body_text(body);
            // The branch name, as typed (less what XML cannot hold), in the body or the header.
            let all_text: String = parts
                .iter()
                .filter(|(n, _)| n.starts_with("word/"))
                .filter(|(n, _)| !n.contains("_rels"))
                .map(|(_, x)| body_text(x))
                .collect();
            assert!(all_text.contains(&hostile), "{r:?}");
            // Only our own fields: page numbers and the contents' page references.
            for code in parts.values().flat_map(|x| field_codes(x)) {
                assert!(
                    code == " PAGE " || (code.starts_with(" PAGEREF rec") && code.ends_with(" \\h ")),
                    "{code}"
                );
            }
            // No element beyond plain formatting: nothing the user typed became markup.
            let allowed = [
                "body",
                "bookmarkEnd",
                "bookmarkStart",
                "br",
                "cols",
                "document",
                "fldChar",
                "footerReference",
                "gridCol",
                "gridSpan",
                "headerReference",
                "instrText",
                "jc",
                "keepNext",
                "left",
                "p",
                "pPr",
                "pStyle",
                "pageBreakBefore",
                "pgMar",
                "pgSz",
                "r",
                "rPr",
                "right",
                "sectPr",
                "shd",
                "sz",
                "szCs",
                "t",
                "tab",
                "tbl",
                "tblBorders",
                "tblCellMar",
                "tblGrid",
                "tblHeader",
                "tblLayout",
                "tblLook",
                "tblPr",
                "tblW",
                "tc",
                "tcPr",
                "tcW",
                "titlePg",
                "top",
                "bottom",
                "insideH",
                "insideV",
                "tr",
                "trPr",
                "trHeight",
                "vAlign",
                "cantSplit",
                "b",
                "bCs",
            ];
            for name in element_names(body) {
                assert!(allowed.contains(&name.as_str()), "{r:?}: <{name}>");
            }
            assert!(!body.contains('\u{0}') && !body.contains('\u{1b}') && !body.contains('\u{fffe}'));
            if let WordRequest::Record(_) = r {
                // The 10,000-character content and the 10,000-character resolution are there whole.
                let content: String = long_content()
                    .chars()
                    .filter(|&c| zhibu::export::word::xml::allowed(c))
                    .collect();
                for line in content.lines() {
                    assert!(text.contains(line));
                }
                assert!(text.contains(&"X".repeat(10_000)));
            }
        }
    }
}

#[test]
fn escaping_covers_markup_and_drops_what_xml_cannot_hold() {
    assert_eq!(
        escape("<a href=\"x\">&'</a>"),
        "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
    );
    assert_eq!(
        escape("a\u{0}b\u{1}c\u{8}d\u{b}e\u{c}f\u{1f}g\u{7f}h\u{85}i\u{fffe}j\u{ffff}k"),
        "abcdefghijk"
    );
    assert_eq!(escape("tab\tline\ncr\r"), "tab\tline\ncr\r");
    assert_eq!(escape("中文😀👩‍👩‍👧"), "中文😀👩‍👩‍👧");
    assert_eq!(escape("]]>"), "]]&gt;");
}

#[test]
fn crc32_matches_the_standard_check_value() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b""), 0);
}

#[test]
fn an_empty_document_is_still_a_valid_file() {
    let d = Document {
        title: String::new(),
        sections: Vec::new(),
    };
    let parts = parts_of(&write_docx(&d, &Format::default(), None).unwrap());
    assert!(parts["word/document.xml"].contains("<w:sectPr>"));
    let only_table = Document {
        title: "t".to_owned(),
        sections: vec![Section {
            blocks: vec![Table::new(vec![1000])
                .row(zhibu::export::word::model::Row::new(vec![
                    zhibu::export::word::model::Cell::text(""),
                ]))
                .into()],
            ..Section::default()
        }],
    };
    let parts = parts_of(&write_docx(&only_table, &Format::default(), None).unwrap());
    // A paragraph follows the table before the section properties.
    assert!(parts["word/document.xml"].contains("</w:tbl><w:p/><w:sectPr>"));
}

#[test]
fn the_model_reports_rows_that_do_not_fit_their_table() {
    let mut t = Table::new(vec![500, 400]);
    t.rows.push(zhibu::export::word::model::Row::new(vec![
        zhibu::export::word::model::Cell::text("a"),
    ]));
    let d = Document {
        title: String::new(),
        sections: vec![Section {
            blocks: vec![t.into()],
            ..Section::default()
        }],
    };
    let p = d.problems();
    assert_eq!(p.len(), 2, "{p:?}");
}

#[test]
fn every_record_of_the_demo_branch_makes_a_file() {
    let data = generate(&DemoSize::DEMO, today(), 7);
    for a in &data.activities {
        let sheet = RecordSheet::new(a, &data);
        let (d, _) = doc(&data, WordRequest::Record(a.id.clone()));
        assert!(d.text().contains(&sheet.kind_title));
        xml_parts(&d, &Format::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text typed anywhere (here: the branch's name, a theme and the content) gives well-formed parts that
    /// read back as the text, less the characters XML cannot hold.
    #[test]
    fn any_text_round_trips(name in any::<String>(), theme in any::<String>(), content in "(?s).{0,300}") {
        let mut data = small();
        data.branch.name = name.clone();
        data.activities[2].theme = theme.clone();
        data.activities[2].content = content.clone();
        let (model, _) = document(&data, &WordRequest::Record(ActivityId::from("a1")), today()).unwrap();
        let parts = xml_parts(&model, &Format::default());
        let text = body_text(&parts["word/document.xml"]);
        let kept = |s: &str| -> String {
            s.replace("\r\n", "\n").replace('\r', "\n").chars().filter(|&c| zhibu::export::word::xml::allowed(c)).collect()
        };
        for line in kept(&theme).lines().chain(kept(&content).lines()) {
            prop_assert!(text.contains(line), "{:?}", line);
        }
        let header: String = parts.iter().filter(|(n, _)| n.starts_with("word/header")).map(|(_, x)| body_text(x)).collect();
        let branch = kept(&name);
        if !branch.trim().is_empty() {
            prop_assert!(header.contains(branch.trim()));
        }
    }
}

#[test]
fn the_record_sheet_lists_names_in_the_branch_order() {
    let mut data = small();
    let a = data
        .activities
        .iter()
        .position(|a| a.status == ActivityStatus::Held)
        .unwrap();
    // Entered 甲 (5 strokes), 丁 (2), 丙 (5), 乙 (1): the page reads them 按姓氏笔画.
    data.activities[a].attendance = ["m1", "m4", "m3", "m2"].iter().map(|m| entry(m, Present)).collect();
    let sheet = RecordSheet::new(&data.activities[a], &data);
    let strokes: Vec<&str> = sheet.present.iter().map(String::as_str).collect();
    assert_eq!(strokes, ["乙", "丁", "丙", "甲"]);
    data.branch.name_order = zhibu::domain::NameOrder::Pinyin;
    let sheet = RecordSheet::new(&data.activities[a], &data);
    // bǐng, dīng, jiǎ, yǐ.
    assert_eq!(sheet.present, ["丙", "丁", "甲", "乙"]);
}
