//! A deterministic demo branch: members, groups, committee, years of records and the rest of this year's
//! plan, study items, all plausible and all passing the validators.
//!
//! Used by the "载入示例数据" button ([`DemoSize::DEMO`]), by tests, and by the benchmark
//! ([`DemoSize::LARGE`]). Output depends only on `(size, today, seed)`: a small splitmix64 generator lives in
//! this file, and nothing iterates a hash map.
//!
//! What the branch looks like:
//! - "示范单位机关第一党支部" under "示范单位机关党委"; a committee of five (four people in branches of fewer
//!   than 24: the deputy secretary is also organisation commissioner); party groups "第一党小组"… with leaders.
//! - Members with generated names (no duplicates). Admissions at 党员大会 (one a year, every other year in
//!   large branches; 转正 about a year later at a 党员大会, with a vote), the most recent still probationary;
//!   2–3 activists (one 发展对象, whose admission is on the agenda of the next planned 党员大会); one mobile
//!   member; members transferred out and in during the period; a long illness excused with a note.
//! - Every year from `today.year() - years + 1` to `today.year()`: activities before `today` are Held with
//!   their roll ([`default_roll`], then a few 请假/缺席 with reasons, most with 补学 recorded; the mobile
//!   member mostly 异地参加); from `today` on they are Planned (no roll, no content).
//! - Frequencies follow the 条例: 党员大会 quarterly, 支委会 and 主题党日 (the 15th, off weekends) monthly,
//!   党课 quarterly, 组织生活会 and 民主评议 in December, 谈心谈话 covering every party member each year.
//!   Branches of 60 or more members hold the weekly Monday political study ("坚持每周一组织开展政治学习")
//!   and 党小组会 only every other month: 80 members × 10 years then give about 1,100 activities and 54,000
//!   roll entries, near the benchmark's target (a roll of ~75 people cannot reach 60 entries per activity
//!   with monthly 党小组会 of ~19). Smaller branches hold a monthly 集中学习 and monthly 党小组会 (about 90
//!   activities a year) and meet every default rule in past years.
//! - 谈心谈话 records list only the people who talked (not the whole branch).

use super::activity::{
    Activity, ActivityKind, ActivityStatus, AttendanceEntry, AttendanceStatus, MakeUp, MakeUpWay, Vote,
};
use super::branch::{Branch, CommitteeRole, CommitteeSeat, PartyGroup};
use super::dataset::Dataset;
use super::date::{days_in_month, Date, Time, Weekday, MAX_YEAR, MIN_YEAR};
use super::id::{ActivityId, GroupId, MemberId, StudyItemId};
use super::member::{Excusal, Member, MemberKind};
use super::member_review::{self, Ballots, MemberReview, RatedMember, Rating};
use super::org_life::{Examination, Rectification};
use super::roll::{default_roll, tally};
use super::sort::{sort_by, sort_by_key};
use super::study::{StudyFormat, StudyItem};
use super::templates::default_study_hours;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How big a demo branch to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSize {
    /// Member records, activists and transferred-out members included (at least 24 are made).
    pub members: usize,
    /// Calendar years, the current one included (1–30).
    pub years: u32,
    /// Party groups (1 to members / 8).
    pub groups: usize,
}

impl DemoSize {
    /// The "载入示例数据" branch: 40 members, 3 years, 3 groups (about 270 activities).
    pub const DEMO: DemoSize = DemoSize {
        members: 40,
        years: 3,
        groups: 3,
    };
    /// The benchmark branch: 80 members, 10 years, 4 groups (about 1,100 activities, 54,000 roll entries).
    pub const LARGE: DemoSize = DemoSize {
        members: 80,
        years: 10,
        groups: 4,
    };
}

/// The demo branch's name.
pub const BRANCH_NAME: &str = "示范单位机关第一党支部";
/// The demo branch's parent organisation.
pub const PARENT_ORG: &str = "示范单位机关党委";

/// A realistic branch whose records end at `today` (planned entries after it), deterministic for a seed.
pub fn generate(size: &DemoSize, today: Date, seed: u64) -> Dataset {
    let mut g = Gen::new(size, today, seed);
    g.build_members(size);
    for year in g.first_year..=g.last_year {
        g.year(year);
    }
    g.cover_heart_talks();
    g.finish()
}

/// Removes the held activities of `kind` in `months` of `year` (only those of `group`, when given) and the
/// study items' links to them: a demo branch made behind in a known way, for the roll-up's tests and
/// benchmark. Returns how many were removed.
pub fn drop_held(
    data: &mut Dataset,
    kind: ActivityKind,
    year: i32,
    months: std::ops::RangeInclusive<u8>,
    group: Option<&GroupId>,
) -> usize {
    let hit = |a: &Activity| {
        a.kind == kind
            && a.status == ActivityStatus::Held
            && a.date.year() == year
            && months.contains(&a.date.month())
            && group.is_none_or(|g| a.group.as_ref() == Some(g))
    };
    let gone: BTreeSet<ActivityId> = data
        .activities
        .iter()
        .filter(|a| hit(a))
        .map(|a| a.id.clone())
        .collect();
    data.activities.retain(|a| !gone.contains(&a.id));
    for s in &mut data.study_items {
        if s.activity.as_ref().is_some_and(|a| gone.contains(a)) {
            s.activity = None;
        }
    }
    gone.len()
}

// ---------------------------------------------------------------------------------------------------------
// Randomness and dates
// ---------------------------------------------------------------------------------------------------------

/// splitmix64: tiny, fast, good enough for plausible data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5EED_D3A0_2B7C_91E5)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// lo..=hi (lo when hi < lo).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
        }
    }
    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u32) -> bool {
        (self.next_u64() % 1000) < u64::from(per_mille)
    }
    fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
    fn date_between(&mut self, lo: Date, hi: Date) -> Date {
        let n = self.range(lo.to_days(), hi.to_days());
        Date::from_days(n).unwrap_or(lo)
    }
}

/// A date, clamped into range instead of failing (demo data must never panic).
fn day(year: i32, month: u8, d: u8) -> Date {
    let year = year.clamp(MIN_YEAR, MAX_YEAR);
    let month = month.clamp(1, 12);
    let d = d.clamp(1, days_in_month(year, month));
    Date::new(year, month, d).unwrap_or_else(|| Date::ymd(2000, 1, 1))
}

fn shift(d: Date, days: i64) -> Date {
    d.add_days(days).unwrap_or(d)
}

fn year_after(d: Date) -> Date {
    day(d.year() + 1, d.month(), d.day())
}

/// Weekdays that are not the fixed public holidays (元旦, 劳动节, 国庆). Spring Festival moves: ignored.
fn is_workday(d: Date) -> bool {
    let (m, dd) = (d.month(), d.day());
    let holiday = (m == 1 && dd == 1) || (m == 5 && dd <= 3) || (m == 10 && dd <= 7);
    !d.weekday().is_weekend() && !holiday
}

/// The `n`th (1-based) `weekday` of a month, staying in the month.
fn nth_weekday(year: i32, month: u8, weekday: Weekday, n: u8) -> Date {
    let first = day(year, month, 1);
    let mut d = first;
    while d.weekday() != weekday {
        d = shift(d, 1);
    }
    let d = shift(d, 7 * i64::from(n.saturating_sub(1)));
    if d.month() == month {
        d
    } else {
        shift(d, -7)
    }
}

/// Saturday → Friday before, Sunday → Monday after ("每月相对固定1天", moved off weekends).
fn off_weekend(d: Date) -> Date {
    match d.weekday() {
        Weekday::Sat => shift(d, -1),
        Weekday::Sun => shift(d, 1),
        _ => d,
    }
}

fn t(h: u8, m: u8) -> Option<Time> {
    Time::new(h, m)
}

/// The 党员大会 of quarter `q` (0-based): the second Thursday of March, June, September, November.
fn general_meeting_date(year: i32, q: usize) -> Date {
    nth_weekday(year, [3, 6, 9, 11][q.min(3)], Weekday::Thu, 2)
}

/// The party congress whose report is studied on `d`.
fn congress(d: Date) -> &'static str {
    if d < day(2017, 10, 18) {
        "党的十八大"
    } else if d < day(2022, 10, 16) {
        "党的十九大"
    } else {
        "党的二十大"
    }
}

/// Fills `{congress}` and `{years}` (years since the Party's founding) in a text.
fn fill(text: &str, d: Date) -> String {
    text.replace("{congress}", congress(d))
        .replace("{years}", &(d.year() - 1921).to_string())
}

const CN_DIGITS: [&str; 11] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn cn_number(n: usize) -> String {
    match n {
        0..=10 => CN_DIGITS[n].to_owned(),
        11..=19 => format!("十{}", CN_DIGITS[n - 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", CN_DIGITS[n / 10]),
        20..=99 => format!("{}十{}", CN_DIGITS[n / 10], CN_DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Text pools (tone and wording after real branches' office work reports)
// ---------------------------------------------------------------------------------------------------------

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段",
    "雷", "侯", "龙", "史",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞",
    "平", "刚", "英", "华", "玉", "萍", "红", "玲", "芬", "燕", "彬", "斌", "宇", "浩", "凯", "健", "俊", "帆", "旭",
    "宁", "龙", "林", "欣", "佳", "晨", "鑫", "琳", "婷", "雪", "慧", "颖", "倩", "晶", "鹏", "辉", "峰", "建", "国",
    "志", "文", "海", "波", "立", "新", "春", "晓", "东", "亮", "成", "荣", "嘉", "思", "雨", "睿", "博", "泽", "昊",
    "天", "宏", "振", "德", "永", "清", "雅", "卫", "红", "庆", "晴", "飞", "岚", "然", "悦", "航", "哲", "琦", "蕾",
    "瑶", "毅", "松", "梅", "丹",
];

const LOC_ROOM: &str = "机关三楼党员活动室";
const LOC_HALL: &str = "机关报告厅";
const LOC_SMALL: &str = "二楼小会议室";
const LOC_OFFICE: &str = "支部书记办公室";
const GROUP_ROOMS: &[&str] = &["第一会议室", "第二会议室", "综合科办公室", "党员活动室", "三楼小会议室"];

const LEAVE_REASONS: &[(&str, u32)] = &[
    ("出差", 35),
    ("病假", 20),
    ("参加上级培训", 15),
    ("家中有事", 20),
    ("公务外出", 6),
    ("在岗值班", 4),
];
const ABSENT_REASONS: &[&str] = &["临时承担紧急工作任务，未及时请假", "未请假", "外出办事未能按时返回"];

const CLOSINGS: &[&str] = &[
    "大家一致表示，要把学习成果转化为做好本职工作的实际行动，在办文办会办事中体现党员担当。",
    "支部要求，全体党员要学深悟透、知行合一，以高质量党建引领“三服务”工作提质增效。",
    "书记在总结时强调，要坚持学用结合，立足岗位作表率，做到“事无巨细、事必扎实”。",
    "大家纷纷表示，要进一步增强“四个意识”、坚定“四个自信”，以实际行动践行初心使命。",
    "支部强调，要对照党性要求转作风、对照岗位职责强纪律、对照目标任务增效能。",
];

/// (topic, materials, from year, to year): what a 集中学习, 党小组会 or study item is about.
const STUDY_TOPICS: &[(&str, &str, i32, i32)] = &[
    ("学习《中国共产党章程》总纲", "《中国共产党章程》", 0, 9999),
    ("学习党章关于党员义务和权利的规定", "《中国共产党章程》", 0, 9999),
    ("学习{congress}报告", "{congress}报告", 0, 9999),
    (
        "学习《习近平新时代中国特色社会主义思想学习纲要》",
        "《习近平新时代中国特色社会主义思想学习纲要》",
        2019,
        2022,
    ),
    (
        "学习《习近平新时代中国特色社会主义思想学习纲要（2023年版）》",
        "《习近平新时代中国特色社会主义思想学习纲要（2023年版）》",
        2023,
        9999,
    ),
    (
        "学习《中国共产党支部工作条例（试行）》",
        "《中国共产党支部工作条例（试行）》",
        2019,
        9999,
    ),
    ("学习《中国共产党纪律处分条例》", "《中国共产党纪律处分条例》", 0, 9999),
    (
        "学习《中国共产党廉洁自律准则》",
        "《中国共产党廉洁自律准则》",
        2016,
        9999,
    ),
    (
        "学习《关于新形势下党内政治生活的若干准则》",
        "《关于新形势下党内政治生活的若干准则》",
        2017,
        9999,
    ),
    (
        "学习《中国共产党党员教育管理工作条例》",
        "《中国共产党党员教育管理工作条例》",
        2019,
        9999,
    ),
    (
        "学习《习近平谈治国理政》第四卷",
        "《习近平谈治国理政》第四卷",
        2022,
        9999,
    ),
    ("学习《中国共产党简史》", "《中国共产党简史》", 2021, 9999),
    ("学习《论中国共产党历史》", "《论中国共产党历史》", 2021, 9999),
    (
        "学习《党政机关公文处理工作条例》，提升办文质量",
        "《党政机关公文处理工作条例》",
        2013,
        9999,
    ),
    (
        "学习中央八项规定及其实施细则精神",
        "中央八项规定及其实施细则",
        2018,
        9999,
    ),
    ("学习《中国共产党问责条例》", "《中国共产党问责条例》", 2016, 9999),
    (
        "学习习近平总书记关于办公室工作的重要论述",
        "习近平总书记关于办公室工作的“五个坚持”重要指示精神",
        2014,
        9999,
    ),
    ("学习《共产党宣言》", "《共产党宣言》", 0, 9999),
    (
        "学习保密法律法规，筑牢保密防线",
        "《中华人民共和国保守国家秘密法》",
        0,
        9999,
    ),
];

/// (title, from year) of a 党课.
const LECTURE_TITLES: &[(&str, i32)] = &[
    ("坚定理想信念，筑牢信仰之基", 0),
    ("弘扬伟大建党精神，争做新时代合格党员", 2021),
    ("以案为鉴守底线，廉洁自律促发展", 0),
    ("深刻领悟“两个确立”的决定性意义", 2022),
    ("学思践悟党章，做讲规矩守纪律的表率", 0),
    ("牢记初心使命，立足岗位作贡献", 0),
    ("发扬斗争精神，增强斗争本领", 2019),
    ("加强机关作风建设，提升服务质效", 0),
    ("锤炼党性修养，提升办文办会办事水平", 0),
    ("以高质量党建引领“三服务”工作", 0),
    ("学习贯彻{congress}精神，立足岗位建新功", 0),
    ("传承红色基因，赓续精神血脉", 0),
];

const GUEST_LECTURERS: &[&str] = &["单位党组书记", "机关党委书记", "市委党校教授", "机关党委专职副书记"];

/// One kind of 主题党日.
struct ThemeDef {
    months: &'static [u8],
    /// Years it applies to (`from == to`: that year's special theme, chosen first).
    from: i32,
    to: i32,
    theme: &'static str,
    place: &'static str,
    morning: bool,
    doing: &'static str,
    agenda: &'static [&'static str],
    study: &'static str,
    materials: &'static str,
}

const ANY: i32 = 0;
const NEVER: i32 = 9999;

const THEMES: &[ThemeDef] = &[
    ThemeDef {
        months: &[1],
        from: ANY,
        to: NEVER,
        theme: "新年党员承诺践诺",
        place: LOC_ROOM,
        morning: false,
        doing: "重温入党誓词，逐一作出年度公开承诺，并学习支部年度学习计划",
        agenda: &["重温入党誓词", "党员作年度承诺", "交纳党费"],
        study: "学习支部年度学习计划和重点学习书目",
        materials: "《中国共产党章程》",
    },
    ThemeDef {
        months: &[1, 2],
        from: ANY,
        to: NEVER,
        theme: "节前走访慰问困难党员和老党员",
        place: "老党员和困难党员家中",
        morning: true,
        doing: "分组走访慰问困难党员和老党员，送去组织的关怀和节日的问候，听取对支部工作的意见建议",
        agenda: &["走访慰问困难党员和老党员", "听取意见建议"],
        study: "学习习近平总书记关于关心关爱老党员的重要论述",
        materials: "《中国共产党党员教育管理工作条例》",
    },
    ThemeDef {
        months: &[2],
        from: ANY,
        to: NEVER,
        theme: "观看警示教育片，筑牢廉洁防线",
        place: LOC_ROOM,
        morning: false,
        doing: "集中观看警示教育片，学习《中国共产党廉洁自律准则》，围绕节后收心和廉洁过节开展讨论",
        agenda: &["观看警示教育片", "学习《中国共产党廉洁自律准则》", "交流讨论"],
        study: "学习《中国共产党廉洁自律准则》",
        materials: "《中国共产党廉洁自律准则》",
    },
    ThemeDef {
        months: &[3],
        from: ANY,
        to: NEVER,
        theme: "学雷锋志愿服务进社区",
        place: "示范社区党群服务中心",
        morning: true,
        doing: "到结对共建社区开展环境整治、政策宣传和便民服务等志愿服务",
        agenda: &["学习雷锋精神", "开展志愿服务"],
        study: "学习雷锋精神，弘扬志愿服务精神",
        materials: "习近平总书记关于志愿服务的重要论述",
    },
    ThemeDef {
        months: &[3],
        from: ANY,
        to: NEVER,
        theme: "学习贯彻全国两会精神",
        place: LOC_ROOM,
        morning: false,
        doing: "集中学习《政府工作报告》，围绕做好本职工作开展交流研讨",
        agenda: &["学习《政府工作报告》", "交流研讨", "交纳党费"],
        study: "学习全国两会精神",
        materials: "《政府工作报告》",
    },
    ThemeDef {
        months: &[4],
        from: ANY,
        to: NEVER,
        theme: "清明祭英烈，传承红色基因",
        place: "市革命烈士陵园",
        morning: true,
        doing: "到烈士陵园敬献花篮、重温入党誓词，缅怀革命先烈的丰功伟绩",
        agenda: &["敬献花篮", "重温入党誓词", "参观烈士事迹陈列"],
        study: "学习革命先烈的崇高精神",
        materials: "革命英烈事迹材料",
    },
    ThemeDef {
        months: &[4, 8],
        from: ANY,
        to: NEVER,
        theme: "学习《中国共产党纪律处分条例》，严守党的纪律",
        place: LOC_ROOM,
        morning: false,
        doing: "逐章学习《中国共产党纪律处分条例》，结合典型案例开展警示教育",
        agenda: &["学习《中国共产党纪律处分条例》", "通报典型案例", "交纳党费"],
        study: "学习《中国共产党纪律处分条例》",
        materials: "《中国共产党纪律处分条例》",
    },
    ThemeDef {
        months: &[5],
        from: ANY,
        to: NEVER,
        theme: "弘扬五四精神，青年党员读书分享",
        place: LOC_ROOM,
        morning: false,
        doing: "青年党员围绕支部学习书目作读书分享，老党员进行点评",
        agenda: &["青年党员读书分享", "老党员点评", "交纳党费"],
        study: "青年党员读书分享",
        materials: "《习近平谈治国理政》",
    },
    ThemeDef {
        months: &[5, 9],
        from: 2019,
        to: NEVER,
        theme: "学习《中国共产党支部工作条例（试行）》，规范组织生活",
        place: LOC_ROOM,
        morning: false,
        doing: "集中学习《中国共产党支部工作条例（试行）》，对照条例梳理支部“三会一课”落实情况",
        agenda: &[
            "学习《中国共产党支部工作条例（试行）》",
            "通报“三会一课”落实情况",
            "交纳党费",
        ],
        study: "学习《中国共产党支部工作条例（试行）》",
        materials: "《中国共产党支部工作条例（试行）》",
    },
    ThemeDef {
        months: &[6],
        from: ANY,
        to: NEVER,
        theme: "重温入党誓词，庆祝建党{years}周年",
        place: LOC_ROOM,
        morning: false,
        doing: "举行重温入党誓词仪式，开展党史知识测试，党员代表畅谈入党初心",
        agenda: &["重温入党誓词", "党史知识测试", "畅谈入党初心"],
        study: "学习党的光辉历史",
        materials: "《中国共产党章程》",
    },
    ThemeDef {
        months: &[6, 11],
        from: ANY,
        to: NEVER,
        theme: "学习《中国共产党章程》，增强党章意识",
        place: LOC_ROOM,
        morning: false,
        doing: "原原本本学习党章，党员逐一对照党章查找差距",
        agenda: &["学习《中国共产党章程》", "对照党章查找差距", "交纳党费"],
        study: "学习《中国共产党章程》",
        materials: "《中国共产党章程》",
    },
    ThemeDef {
        months: &[7],
        from: ANY,
        to: NEVER,
        theme: "参观红色教育基地，传承红色基因",
        place: "市革命历史纪念馆",
        morning: true,
        doing: "参观革命历史纪念馆，聆听讲解员讲述革命故事，在党旗下重温入党誓词",
        agenda: &["参观革命历史纪念馆", "重温入党誓词"],
        study: "学习革命历史，传承红色基因",
        materials: "革命历史纪念馆展陈资料",
    },
    ThemeDef {
        months: &[7, 12],
        from: ANY,
        to: NEVER,
        theme: "学习习近平总书记关于党的建设的重要思想",
        place: LOC_ROOM,
        morning: false,
        doing: "集中学习习近平总书记关于党的建设的重要思想，交流学习体会",
        agenda: &["集中学习", "交流学习体会", "交纳党费"],
        study: "学习习近平总书记关于党的建设的重要思想",
        materials: "《习近平关于全面从严治党论述摘编》",
    },
    ThemeDef {
        months: &[8],
        from: ANY,
        to: NEVER,
        theme: "廉政教育基地警示教育",
        place: "市廉政教育基地",
        morning: true,
        doing: "到廉政教育基地接受警示教育，听取典型案例剖析",
        agenda: &["参观廉政教育基地", "听取案例剖析", "交流心得"],
        study: "学习中央八项规定及其实施细则精神",
        materials: "中央八项规定及其实施细则",
    },
    ThemeDef {
        months: &[9],
        from: ANY,
        to: NEVER,
        theme: "保密教育，筑牢保密防线",
        place: LOC_ROOM,
        morning: false,
        doing: "学习保密法律法规，观看保密警示教育片，开展保密知识测试",
        agenda: &["学习保密法律法规", "观看保密警示教育片", "保密知识测试"],
        study: "学习保密法律法规",
        materials: "《中华人民共和国保守国家秘密法》",
    },
    ThemeDef {
        months: &[9],
        from: ANY,
        to: NEVER,
        theme: "学习《党政机关公文处理工作条例》，提升办文质量",
        place: LOC_ROOM,
        morning: false,
        doing: "结合公文办理实际，开展公文写作专题学习，通报公文常见问题",
        agenda: &["学习《党政机关公文处理工作条例》", "通报公文常见问题", "交纳党费"],
        study: "学习《党政机关公文处理工作条例》",
        materials: "《党政机关公文处理工作条例》",
    },
    ThemeDef {
        months: &[10],
        from: ANY,
        to: NEVER,
        theme: "喜迎国庆，讲述身边的党员故事",
        place: LOC_ROOM,
        morning: false,
        doing: "党员代表讲述身边优秀党员的故事，交流立足岗位作贡献的体会",
        agenda: &["讲述身边的党员故事", "交流发言", "交纳党费"],
        study: "学习身边优秀党员先进事迹",
        materials: "优秀共产党员先进事迹材料",
    },
    ThemeDef {
        months: &[10, 11],
        from: ANY,
        to: NEVER,
        theme: "对照党章党规找差距",
        place: LOC_ROOM,
        morning: false,
        doing: "对照党章党规逐条查找差距，为年度组织生活会作准备",
        agenda: &["学习党章党规", "查找差距", "交纳党费"],
        study: "学习党章党规",
        materials: "《中国共产党章程》《关于新形势下党内政治生活的若干准则》",
    },
    ThemeDef {
        months: &[11, 1],
        from: ANY,
        to: NEVER,
        theme: "学习贯彻{congress}精神",
        place: LOC_ROOM,
        morning: false,
        doing: "原原本本学习{congress}报告，党员结合岗位工作交流学习体会",
        agenda: &["学习{congress}报告", "交流学习体会", "交纳党费"],
        study: "学习贯彻{congress}精神",
        materials: "{congress}报告",
    },
    ThemeDef {
        months: &[12],
        from: ANY,
        to: NEVER,
        theme: "国家宪法日宪法学习",
        place: LOC_ROOM,
        morning: false,
        doing: "集中学习宪法，举行宪法宣誓",
        agenda: &["学习宪法", "宪法宣誓", "交纳党费"],
        study: "学习《中华人民共和国宪法》",
        materials: "《中华人民共和国宪法》",
    },
    ThemeDef {
        months: &[12],
        from: ANY,
        to: NEVER,
        theme: "年终党员承诺践诺点评",
        place: LOC_ROOM,
        morning: false,
        doing: "党员逐一报告年度承诺践诺情况，支委会逐一点评",
        agenda: &["党员报告承诺践诺情况", "支委会点评", "交纳党费"],
        study: "学习支部年度工作总结",
        materials: "支部年度工作总结",
    },
    // Special years: chosen before the general themes of the month.
    ThemeDef {
        months: &[7],
        from: 2019,
        to: 2019,
        theme: "“不忘初心、牢记使命”主题教育专题学习",
        place: LOC_ROOM,
        morning: false,
        doing: "围绕“守初心、担使命，找差距、抓落实”开展专题学习研讨",
        agenda: &["专题学习", "交流研讨"],
        study: "“不忘初心、牢记使命”主题教育专题学习",
        materials: "《习近平关于“不忘初心、牢记使命”论述摘编》",
    },
    ThemeDef {
        months: &[4],
        from: 2021,
        to: 2021,
        theme: "学党史、悟思想、办实事、开新局",
        place: LOC_ROOM,
        morning: false,
        doing: "开展党史学习教育专题学习，党员交流学习体会并认领“我为群众办实事”项目",
        agenda: &["党史专题学习", "认领“我为群众办实事”项目"],
        study: "党史学习教育专题学习",
        materials: "《中国共产党简史》",
    },
    ThemeDef {
        months: &[5],
        from: 2023,
        to: 2023,
        theme: "学习贯彻习近平新时代中国特色社会主义思想主题教育专题学习",
        place: LOC_ROOM,
        morning: false,
        doing: "围绕“学思想、强党性、重实践、建新功”总要求开展专题学习研讨",
        agenda: &["专题学习", "交流研讨", "交纳党费"],
        study: "主题教育专题学习",
        materials: "《习近平新时代中国特色社会主义思想专题摘编》",
    },
    ThemeDef {
        months: &[5],
        from: 2024,
        to: 2024,
        theme: "党纪学习教育：学习《中国共产党纪律处分条例》",
        place: LOC_ROOM,
        morning: false,
        doing: "开展党纪学习教育，逐章学习《中国共产党纪律处分条例》，观看警示教育片",
        agenda: &["学习《中国共产党纪律处分条例》", "观看警示教育片", "交纳党费"],
        study: "党纪学习教育",
        materials: "《中国共产党纪律处分条例》",
    },
    ThemeDef {
        months: &[4],
        from: 2025,
        to: 2025,
        theme: "深入贯彻中央八项规定精神学习教育",
        place: LOC_ROOM,
        morning: false,
        doing: "集中学习中央八项规定及其实施细则精神，对照查摆作风方面的问题",
        agenda: &["学习中央八项规定及其实施细则精神", "对照查摆", "交纳党费"],
        study: "深入贯彻中央八项规定精神学习教育",
        materials: "中央八项规定及其实施细则",
    },
];

/// (agenda item, decision) of a 支委会 in a given month; month 0: any month.
const COMMITTEE_ITEMS: &[(u8, &str, &str)] = &[
    (
        1,
        "研究制定支部年度工作计划和学习计划",
        "原则通过支部年度工作计划和学习计划，提交党员大会审议",
    ),
    (
        1,
        "研究春节前走访慰问困难党员和老党员事宜",
        "由书记、组织委员带队走访慰问困难党员和老党员",
    ),
    (3, "研究第一季度党课安排", "第一季度党课由书记讲授，宣传委员做好准备"),
    (4, "研究清明节主题党日活动方案", "同意活动方案，由宣传委员具体组织"),
    (5, "研究“七一”表彰推荐工作", "推荐优秀共产党员人选，报机关党委审核"),
    (
        6,
        "研究上半年党费收缴情况",
        "党费已按时足额收缴，由组织委员在党员大会上通报",
    ),
    (
        7,
        "研究下半年支部学习计划落实情况",
        "调整下半年学习安排，集中学习由支委轮流领学",
    ),
    (9, "研究第三季度党员大会议程", "同意会议议程，由组织委员做好会务准备"),
    (
        10,
        "研究迎接机关党委党建工作检查准备事宜",
        "由组织委员牵头整理“三会一课”记录和支部档案，确保归档有序、齐全",
    ),
    (
        11,
        "研究年度组织生活会和民主评议党员工作方案",
        "同意工作方案，会前由支委分别与党员开展谈心谈话",
    ),
    (12, "研究支部年度工作总结", "原则通过年度工作总结，报机关党委"),
    (
        0,
        "研究本月主题党日活动安排",
        "同意本月主题党日活动方案，由宣传委员负责组织实施",
    ),
    (0, "通报党费收缴情况", "党费按月足额收缴，收缴情况在支部公示"),
    (0, "研究入党积极分子培养考察情况", "明确培养联系人，按季度听取思想汇报"),
    (
        0,
        "研究党员补学落实情况",
        "对请假未参加活动的党员，由所在党小组督促落实补学",
    ),
    (
        0,
        "研究流动党员管理工作",
        "由组织委员每月与流动党员联系一次，及时传达学习内容",
    ),
    (0, "研究支部学习计划落实情况", "按计划推进，下月集中学习由宣传委员领学"),
];

const MAKE_UP_NOTES: &[(MakeUpWay, &str)] = &[
    (MakeUpWay::SelfStudy, "自学会议材料，撰写学习心得"),
    (MakeUpWay::SelfStudy, "通过“学习强国”自学相关内容"),
    (MakeUpWay::Relay, "由党小组长传达会议精神"),
    (MakeUpWay::Relay, "由组织委员传达会议内容"),
    (MakeUpWay::Class, "参加支部集中补课"),
];

// ---------------------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------------------

/// What a member is for in the demo (kept while building, dropped at the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Committee(usize),
    Leader(usize),
    Recorder(usize),
    Mobile,
    Out,
    In,
    Excused,
    Admitted,
    Activist(usize),
    Ordinary,
}

/// Per-size frequencies (see the module comment).
struct Profile {
    weekly_study: bool,
    group_meeting_every: u8,
    extra_heart_talks: bool,
}

/// What a 党员大会 decides about people.
#[derive(Debug, Clone, Default)]
struct MeetingEvents {
    admit: Vec<String>,
    convert: Vec<String>,
}

struct Gen {
    rng: Rng,
    today: Date,
    first_year: i32,
    last_year: i32,
    profile: Profile,
    data: Dataset,
    index: HashMap<MemberId, usize>,
    /// Per member (same order as `data.members`): extra chance of leave, in per mille.
    leave_bias: Vec<u32>,
    committee_people: Vec<MemberId>,
    secretary: MemberId,
    organization: MemberId,
    publicity: MemberId,
    deputy: MemberId,
    /// Per group: who records its 党小组会, and which committee member talks with its members.
    group_recorders: Vec<MemberId>,
    group_liaisons: Vec<MemberId>,
    mobile: Option<MemberId>,
    events: BTreeMap<Date, MeetingEvents>,
    /// (date, 0 morning / 1 afternoon) already taken.
    busy: BTreeSet<(Date, u8)>,
    seq: usize,
    study_items: Vec<StudyItem>,
}

impl Gen {
    fn new(size: &DemoSize, today: Date, seed: u64) -> Gen {
        let years = size.years.clamp(1, 30) as i32;
        let last_year = today.year();
        let first_year = (last_year - years + 1).max(MIN_YEAR + 40);
        let large = size.members >= 60;
        let placeholder = MemberId::from("m-none");
        Gen {
            rng: Rng::new(seed),
            today,
            first_year,
            last_year,
            profile: Profile {
                weekly_study: large,
                group_meeting_every: if large { 2 } else { 1 },
                extra_heart_talks: !large,
            },
            data: Dataset {
                branch: Branch {
                    name: BRANCH_NAME.to_owned(),
                    parent_org: PARENT_ORG.to_owned(),
                    ..Branch::default()
                },
                ..Dataset::default()
            },
            index: HashMap::new(),
            leave_bias: Vec::new(),
            committee_people: Vec::new(),
            secretary: placeholder.clone(),
            organization: placeholder.clone(),
            publicity: placeholder.clone(),
            deputy: placeholder,
            group_recorders: Vec::new(),
            group_liaisons: Vec::new(),
            mobile: None,
            events: BTreeMap::new(),
            busy: BTreeSet::new(),
            seq: 0,
            study_items: Vec::new(),
        }
    }

    fn first_day(&self) -> Date {
        day(self.first_year, 1, 1)
    }

    fn member(&self, id: &MemberId) -> Option<&Member> {
        self.index.get(id).map(|&i| &self.data.members[i])
    }

    fn name(&self, id: &MemberId) -> String {
        self.member(id).map_or_else(String::new, |m| m.name.clone())
    }

    fn unique_name(&mut self, used: &mut BTreeSet<String>) -> String {
        for _ in 0..10_000 {
            let mut name = (*self.rng.pick(SURNAMES)).to_owned();
            name.push_str(self.rng.pick_str(GIVEN));
            if self.rng.chance(620) {
                name.push_str(self.rng.pick_str(GIVEN));
            }
            if used.insert(name.clone()) {
                return name;
            }
        }
        let name = format!("党员{}", used.len() + 1);
        used.insert(name.clone());
        name
    }

    /// A full member who joined the party and this branch well before the period.
    fn old_member(&mut self, name: String) -> Member {
        let first = self.first_day();
        let joined = self
            .rng
            .date_between(day(self.first_year - 32, 1, 1), day(self.first_year - 3, 12, 31));
        let full = year_after(joined);
        let in_branch = self.rng.date_between(full, shift(first, -30));
        Member {
            id: MemberId::from("m-tmp"),
            name,
            kind: MemberKind::Full,
            group: None,
            party_joined: Some(joined),
            full_since: Some(full),
            joined_branch: Some(in_branch),
            left_branch: None,
            mobile: false,
            excused: Vec::new(),
            phone: String::new(),
            note: String::new(),
        }
    }

    /// Days inside the recorded part of the period, for transfers and excusals.
    fn event_window(&self) -> (Date, Date) {
        let lo = shift(self.first_day(), 60);
        let hi = shift(self.today, -45);
        (lo, hi.max(lo))
    }

    fn build_members(&mut self, size: &DemoSize) {
        let years = (self.last_year - self.first_year + 1) as usize;
        let groups = size.groups.clamp(1, (size.members.max(24) / 8).max(1));
        let committee_n = if size.members >= 24 { 5 } else { 4 };
        let large = size.members >= 60;
        let n_out = (years / 4).max(1);
        let n_in = (years / 4).max(1);
        let n_excused = (years / 4).max(1);
        let n_activists = if large { 3 } else { 2 };

        // Admissions happen at held 党员大会: spread over the period, the last two the most recent.
        let all_meetings: Vec<Date> = (self.first_year..=self.last_year)
            .flat_map(|y| (0..4).map(move |q| general_meeting_date(y, q)))
            .collect();
        let held: Vec<Date> = all_meetings.iter().copied().filter(|d| *d < self.today).collect();
        let per_year = if large { years / 2 + 1 } else { years + 1 };
        let wanted = per_year.min(held.len());
        let mut picks = BTreeSet::new();
        if wanted >= 1 {
            picks.insert(held.len() - 1);
        }
        if wanted >= 2 {
            picks.insert(held.len() - 2);
        }
        if wanted > 2 {
            let spread = wanted - 2;
            let span = held.len().saturating_sub(3);
            for j in 0..spread {
                picks.insert(j * span / spread.max(1));
            }
        }
        let admissions: Vec<Date> = picks.into_iter().map(|i| held[i]).collect();

        let fixed = committee_n + 2 * groups + 1 + n_out + n_excused + n_in + n_activists + admissions.len();
        let total = size.members.clamp(24, 900).max(fixed + 2);

        let mut used = BTreeSet::new();
        let mut people: Vec<(Member, Tag)> = Vec::new();
        let mut add_old = |g: &mut Gen, tag: Tag, people: &mut Vec<(Member, Tag)>| {
            let name = g.unique_name(&mut used);
            let m = g.old_member(name);
            people.push((m, tag));
        };
        for i in 0..committee_n {
            add_old(self, Tag::Committee(i), &mut people);
        }
        for g in 0..groups {
            add_old(self, Tag::Leader(g), &mut people);
            add_old(self, Tag::Recorder(g), &mut people);
        }
        add_old(self, Tag::Mobile, &mut people);
        for _ in 0..n_out {
            add_old(self, Tag::Out, &mut people);
        }
        for _ in 0..n_excused {
            add_old(self, Tag::Excused, &mut people);
        }
        for _ in 0..n_in {
            add_old(self, Tag::In, &mut people);
        }
        let n_admitted = admissions.len();
        for _ in 0..n_admitted {
            add_old(self, Tag::Admitted, &mut people);
        }
        for i in 0..n_activists {
            add_old(self, Tag::Activist(i), &mut people);
        }
        while people.len() < total {
            add_old(self, Tag::Ordinary, &mut people);
        }

        // Special people.
        let (lo, hi) = self.event_window();
        let mut admission_iter = admissions.iter();
        for (m, tag) in people.iter_mut() {
            match *tag {
                Tag::Mobile => {
                    m.mobile = true;
                    m.note = "流动党员，长期在外地项目组工作，持《流动党员活动证》就近参加组织生活".to_owned();
                }
                Tag::Out => {
                    let left = self.rng.date_between(lo, hi);
                    m.left_branch = Some(left);
                    m.note = format!("{}组织关系转出至示范单位机关第二党支部", left.chinese());
                }
                Tag::In => {
                    let joined = self.rng.date_between(lo, hi);
                    m.joined_branch = Some(joined);
                    m.note = format!("{}由示范单位下属事业单位党支部转入", joined.chinese());
                }
                Tag::Excused => {
                    let from = self.rng.date_between(lo, shift(hi, -120).max(lo));
                    let to = shift(from, self.rng.range(90, 180));
                    m.excused.push(Excusal {
                        from,
                        to: Some(to),
                        note: "因病住院治疗并居家休养，经支委会研究同意，此期间不列入应到人数".to_owned(),
                    });
                    m.note = "曾因病长期休养".to_owned();
                }
                Tag::Admitted => {
                    let Some(&admitted) = admission_iter.next() else {
                        continue;
                    };
                    m.party_joined = Some(admitted);
                    m.joined_branch = Some(shift(admitted, 1));
                    let due = shift(year_after(admitted), -7);
                    let conversion = all_meetings.iter().copied().find(|d| *d >= due);
                    self.events.entry(admitted).or_default().admit.push(m.name.clone());
                    match conversion {
                        Some(c) if c < self.today => {
                            m.kind = MemberKind::Full;
                            m.full_since = Some(c);
                            m.note = format!(
                                "{}经支部党员大会讨论接收为预备党员，{}转为正式党员",
                                admitted.chinese(),
                                c.chinese()
                            );
                            self.events.entry(c).or_default().convert.push(m.name.clone());
                        }
                        other => {
                            m.kind = MemberKind::Probationary;
                            m.full_since = None;
                            m.note = format!("{}经支部党员大会讨论接收为预备党员", admitted.chinese());
                            if let Some(c) = other {
                                self.events.entry(c).or_default().convert.push(m.name.clone());
                            }
                        }
                    }
                }
                Tag::Activist(i) => {
                    m.kind = MemberKind::Activist;
                    m.party_joined = None;
                    m.full_since = None;
                    if i == 0 {
                        m.joined_branch = Some(shift(self.first_day(), -self.rng.range(60, 400)));
                        m.note = "发展对象，已完成培养考察，待支部党员大会讨论".to_owned();
                        // The next planned 党员大会 this year takes up the admission.
                        if let Some(next) = all_meetings.iter().copied().find(|d| *d >= self.today) {
                            self.events.entry(next).or_default().admit.push(m.name.clone());
                        }
                    } else {
                        let since = self.rng.date_between(lo, hi);
                        m.joined_branch = Some(since);
                        m.note = format!("入党积极分子，{}经支委会研究确定", since.chinese());
                    }
                }
                _ => {}
            }
        }
        // A fallback for a period too short to hold an admission: one probationary member anyway.
        if n_admitted == 0 {
            if let Some((m, tag)) = people.iter_mut().find(|(_, t)| *t == Tag::Ordinary) {
                let admitted = shift(self.today, -100);
                m.kind = MemberKind::Probationary;
                m.party_joined = Some(admitted);
                m.full_since = None;
                m.joined_branch = Some(admitted);
                m.note = format!("{}经支部党员大会讨论接收为预备党员", admitted.chinese());
                *tag = Tag::Admitted;
            }
        }

        // Groups: committee spread over groups, leader and recorder in their group, others to the smallest.
        let mut sizes = vec![0usize; groups];
        let mut order: Vec<usize> = (0..people.len()).collect();
        self.rng.shuffle(&mut order);
        let mut group_of = vec![usize::MAX; people.len()];
        for (i, (_, tag)) in people.iter().enumerate() {
            let g = match *tag {
                Tag::Committee(c) => Some(c % groups),
                Tag::Leader(g) | Tag::Recorder(g) => Some(g),
                _ => None,
            };
            if let Some(g) = g {
                group_of[i] = g;
                sizes[g] += 1;
            }
        }
        for &i in &order {
            if group_of[i] == usize::MAX {
                let g = (0..groups).min_by_key(|&g| (sizes[g], g)).unwrap_or(0);
                group_of[i] = g;
                sizes[g] += 1;
            }
        }
        let group_ids: Vec<GroupId> = (0..groups).map(|g| GroupId(format!("g-demo-{}", g + 1))).collect();
        for (i, (m, _)) in people.iter_mut().enumerate() {
            m.group = Some(group_ids[group_of[i]].clone());
        }

        // Order members by group then name, then number them.
        sort_by(&mut people, |(a, _), (b, _)| {
            (&a.group, &a.name).cmp(&(&b.group, &b.name))
        });
        for (i, (m, _)) in people.iter_mut().enumerate() {
            m.id = MemberId(format!("m-demo-{:03}", i + 1));
        }
        let id_of = |want: Tag| people.iter().find(|(_, t)| *t == want).map(|(m, _)| m.id.clone());

        let committee: Vec<MemberId> = (0..committee_n).filter_map(|c| id_of(Tag::Committee(c))).collect();
        let seat_holders: Vec<usize> = if committee_n == 5 {
            vec![0, 1, 2, 3, 4]
        } else {
            vec![0, 1, 1, 2, 3]
        };
        for (role, &holder) in CommitteeRole::ALL.iter().zip(&seat_holders) {
            if let Some(member) = committee.get(holder) {
                self.data.branch.committee.push(CommitteeSeat {
                    role: *role,
                    member: member.clone(),
                });
            }
        }
        let holder = |role: CommitteeRole, data: &Dataset| data.branch.holder(role).cloned();
        self.secretary = holder(CommitteeRole::Secretary, &self.data).unwrap_or_else(|| MemberId::from("m-none"));
        self.deputy = holder(CommitteeRole::DeputySecretary, &self.data).unwrap_or_else(|| self.secretary.clone());
        self.organization = holder(CommitteeRole::Organization, &self.data).unwrap_or_else(|| self.secretary.clone());
        self.publicity = holder(CommitteeRole::Publicity, &self.data).unwrap_or_else(|| self.secretary.clone());
        self.committee_people = committee.clone();

        for (g, group_id) in group_ids.iter().enumerate() {
            self.data.groups.push(PartyGroup {
                id: group_id.clone(),
                name: format!("第{}党小组", cn_number(g + 1)),
                group_leader: id_of(Tag::Leader(g)),
            });
            self.group_recorders
                .push(id_of(Tag::Recorder(g)).unwrap_or_else(|| self.secretary.clone()));
            // The secretary talks with the committee; the other committee members each take groups.
            let others = committee.len().saturating_sub(1).max(1);
            self.group_liaisons.push(
                committee
                    .get(1 + g % others)
                    .cloned()
                    .unwrap_or_else(|| self.secretary.clone()),
            );
        }
        self.mobile = id_of(Tag::Mobile);

        for (i, (m, _)) in people.iter().enumerate() {
            self.index.insert(m.id.clone(), i);
        }
        self.data.members = people.into_iter().map(|(m, _)| m).collect();
        self.leave_bias = (0..self.data.members.len())
            .map(|_| self.rng.range(0, 45) as u32)
            .collect();
    }

    // ----- scheduling ------------------------------------------------------------------------------------

    /// The first free workday slot from `want` to the end of its month, else the last one before it.
    fn slot(&mut self, want: Date, afternoon: bool) -> Date {
        let half = u8::from(afternoon);
        let (y, m) = (want.year(), want.month());
        let last = days_in_month(y, m);
        let candidates = (want.day()..=last).chain((1..want.day()).rev());
        for d in candidates {
            let date = day(y, m, d);
            if is_workday(date) && !self.busy.contains(&(date, half)) {
                self.busy.insert((date, half));
                return date;
            }
        }
        want
    }

    fn new_activity(&mut self, kind: ActivityKind, date: Date, times: (u8, u8, u8, u8), location: &str) -> Activity {
        self.seq += 1;
        let mut a = Activity::new(ActivityId(format!("a-tmp-{}", self.seq)), kind, date);
        a.status = if date < self.today {
            ActivityStatus::Held
        } else {
            ActivityStatus::Planned
        };
        a.start = t(times.0, times.1);
        a.end = t(times.2, times.3);
        a.location = location.to_owned();
        a.study_hours = default_study_hours(kind);
        a
    }

    fn held(&self, a: &Activity) -> bool {
        a.status == ActivityStatus::Held
    }

    /// A party member in the branch, not excused and not mobile on `date`, outside `exclude`.
    fn someone_on(&mut self, date: Date, exclude: &[&MemberId]) -> Option<MemberId> {
        let pool: Vec<MemberId> = self
            .data
            .members
            .iter()
            .filter(|m| {
                m.in_branch_on(date)
                    && m.kind_on(date) == MemberKind::Full
                    && m.excused_on(date).is_none()
                    && !m.mobile
                    && !exclude.contains(&&m.id)
            })
            .map(|m| m.id.clone())
            .collect();
        (!pool.is_empty()).then(|| self.rng.pick(&pool).clone())
    }

    fn year(&mut self, year: i32) {
        for q in 0..4 {
            self.general_meeting(year, q);
        }
        for month in 1..=12u8 {
            self.theme_day(year, month);
        }
        for month in 1..=12u8 {
            self.committee_meeting(year, month);
        }
        self.org_life(year);
        for q in 0..4 {
            self.lecture(year, q);
        }
        for g in 0..self.data.groups.len() {
            for month in 1..=12u8 {
                if (month - 1) % self.profile.group_meeting_every == 0 {
                    self.group_meeting(year, month, g);
                }
            }
        }
        if self.profile.weekly_study {
            self.weekly_study(year);
        } else {
            self.monthly_study(year);
        }
        self.heart_talks(year);
        for quarter in 0..4u8 {
            self.self_study_item(year, quarter * 3 + 1);
        }
    }

    // ----- attendance ------------------------------------------------------------------------------------

    /// The roll of a held activity: [`default_roll`], then leave, absence, 异地参加 and make-up.
    fn attend(&mut self, a: &mut Activity, must_attend: &[&MemberId]) {
        let roll = default_roll(&self.data, a.kind, a.date, a.group.as_ref());
        a.attendance = roll
            .into_iter()
            .map(|e| self.mark(a.kind, a.date, e, must_attend))
            .collect();
    }

    fn mark(
        &mut self,
        kind: ActivityKind,
        date: Date,
        mut e: AttendanceEntry,
        must_attend: &[&MemberId],
    ) -> AttendanceEntry {
        if e.status == AttendanceStatus::Observer || must_attend.contains(&&e.member) {
            return e;
        }
        let Some(&i) = self.index.get(&e.member) else {
            return e;
        };
        if self.data.members[i].mobile {
            if self.rng.chance(850) {
                e.status = AttendanceStatus::Elsewhere;
            }
            return e;
        }
        let (leave, absent) = match kind {
            ActivityKind::CommitteeMeeting | ActivityKind::OrgLifeMeeting | ActivityKind::MemberReview => (30, 0),
            ActivityKind::GroupStudy => (55, 8),
            ActivityKind::HeartTalk => (0, 0),
            _ => (45, 6),
        };
        let leave = if leave == 0 { 0 } else { leave + self.leave_bias[i] };
        let roll = self.rng.below(1000) as u32;
        if roll < leave {
            e.status = AttendanceStatus::Leave;
            let total: u32 = LEAVE_REASONS.iter().map(|(_, w)| w).sum();
            let mut r = self.rng.below(total as usize) as u32;
            for (reason, w) in LEAVE_REASONS {
                if r < *w {
                    e.reason = (*reason).to_owned();
                    break;
                }
                r -= w;
            }
        } else if roll < leave + absent {
            e.status = AttendanceStatus::Absent;
            e.reason = (*self.rng.pick(ABSENT_REASONS)).to_owned();
        } else {
            return e;
        }
        // Old absences are nearly all made up; the last two months' are often still owed.
        let when = shift(date, self.rng.range(1, 14));
        let recent = shift(date, 60) >= self.today;
        if when < self.today && self.rng.chance(if recent { 700 } else { 993 }) {
            let (way, note) = *self.rng.pick(MAKE_UP_NOTES);
            let note = if kind == ActivityKind::CommitteeMeeting && way == MakeUpWay::Relay {
                "由书记传达会议决定"
            } else {
                note
            };
            e.make_up = Some(MakeUp {
                date: when,
                way,
                note: note.to_owned(),
            });
        }
        e
    }

    /// "应到32人，实到30人，张三（出差）、李四（病假）请假".
    fn roll_sentence(&self, a: &Activity) -> String {
        let t = tally(a, &self.data);
        let mut s = format!("应到{}人，实到{}人", t.expected, t.attended);
        let list = |status: AttendanceStatus| -> Vec<String> {
            a.attendance
                .iter()
                .filter(|e| e.status == status)
                .map(|e| {
                    let name = self.name(&e.member);
                    if e.reason.is_empty() {
                        name
                    } else {
                        format!("{}（{}）", name, e.reason)
                    }
                })
                .collect()
        };
        let leave = list(AttendanceStatus::Leave);
        if !leave.is_empty() {
            s.push_str(&format!("，{}请假", leave.join("、")));
        }
        let absent = list(AttendanceStatus::Absent);
        if !absent.is_empty() {
            s.push_str(&format!("，{}缺席", absent.join("、")));
        }
        if t.elsewhere > 0 {
            s.push_str(&format!("，{}人异地参加", t.elsewhere));
        }
        if t.observers > 0 {
            s.push_str(&format!("，入党积极分子{}人列席", t.observers));
        }
        s.push('。');
        s
    }

    fn push(&mut self, a: Activity) -> ActivityId {
        let id = a.id.clone();
        self.data.activities.push(a);
        id
    }

    fn topic(&mut self, date: Date) -> (String, String) {
        let year = date.year();
        let pool: Vec<&(&str, &str, i32, i32)> = STUDY_TOPICS
            .iter()
            .filter(|(_, _, from, to)| *from <= year && year <= *to)
            .collect();
        let (topic, materials, _, _) = **self.rng.pick(&pool);
        (fill(topic, date), fill(materials, date))
    }

    fn study_item(
        &mut self,
        date: Date,
        (topic, materials): (String, String),
        format: StudyFormat,
        leader: Option<MemberId>,
        hours: f64,
        activity: Option<ActivityId>,
    ) {
        let n = self.study_items.len() + 1;
        self.study_items.push(StudyItem {
            id: StudyItemId(format!("s-demo-{n:04}")),
            date,
            whole_week: format == StudyFormat::SelfStudy,
            topic,
            materials,
            format,
            study_leader: leader,
            study_hours: hours,
            activity,
            done: date < self.today,
        });
    }

    // ----- the kinds -------------------------------------------------------------------------------------

    fn general_meeting(&mut self, year: i32, q: usize) {
        let date = self.slot(general_meeting_date(year, q), true);
        let mut a = self.new_activity(ActivityKind::GeneralMeeting, date, (14, 30, 16, 30), LOC_ROOM);
        let quarter = cn_number(q + 1);
        a.theme = format!("{year}年第{quarter}季度党员大会");
        a.host = Some(self.secretary.clone());
        a.recorder = Some(self.organization.clone());
        let (topic, materials) = self.topic(date);
        let mut agenda: Vec<String> = match q {
            0 => vec![
                "传达学习上级党委全面从严治党工作会议精神".to_owned(),
                "审议支部年度工作计划和学习计划".to_owned(),
            ],
            1 => vec![topic.clone(), "部署“七一”系列活动".to_owned()],
            2 => vec![
                "传达学习上级党委有关会议精神".to_owned(),
                "通报上半年“三会一课”开展情况".to_owned(),
            ],
            _ => vec![topic.clone(), "通报年度民主评议党员和组织生活会安排".to_owned()],
        };
        let events = self.events.get(&date).cloned().unwrap_or_default();
        for name in &events.admit {
            agenda.push(format!("讨论接收{name}同志为中共预备党员"));
        }
        for name in &events.convert {
            agenda.push(format!("讨论{name}同志预备党员转正"));
        }
        agenda.push("通报党费收缴情况".to_owned());
        a.agenda = agenda;
        if self.held(&a) {
            let must = [&self.secretary.clone(), &self.organization.clone()];
            self.attend(&mut a, &must);
            let mut content = format!(
                "会议由支部书记{}主持，{}会议{}，通报了本季度“三会一课”、主题党日开展情况和党费收缴情况。",
                self.name(&self.secretary),
                self.roll_sentence(&a),
                if q == 0 {
                    "传达学习了上级党委全面从严治党工作会议精神，审议通过了支部年度工作计划和学习计划".to_owned()
                } else {
                    format!("学习了{materials}")
                },
            );
            let mut resolution = Vec::new();
            if !events.admit.is_empty() || !events.convert.is_empty() {
                let t = tally(&a, &self.data);
                let abstain = u32::from(t.voting_attended > 8 && self.rng.chance(150));
                let vote = Vote {
                    eligible: t.voting_expected,
                    present: t.voting_attended,
                    in_favour: t.voting_attended - abstain,
                    against: 0,
                    abstain,
                };
                a.vote = Some(vote);
                for name in &events.admit {
                    content.push_str(&format!(
                        "会议听取了{name}同志的入党志愿和培养联系人的情况介绍，审查了入党材料。"
                    ));
                    resolution.push(format!(
                        "经有表决权的正式党员举手表决，同意接收{name}同志为中共预备党员，报机关党委审批。"
                    ));
                }
                for name in &events.convert {
                    content.push_str(&format!("{name}同志汇报了预备期内的思想和工作情况，党员进行了讨论。"));
                    resolution.push(format!(
                        "经有表决权的正式党员举手表决，同意{name}同志按期转为中共正式党员，报机关党委审批。"
                    ));
                }
                content.push_str(&format!(
                    "表决时应到有表决权的正式党员{}人，实到{}人，超过半数；赞成{}票，反对{}票，弃权{}票。",
                    vote.eligible, vote.present, vote.in_favour, vote.against, vote.abstain
                ));
            } else {
                resolution.push(format!("会议同意第{quarter}季度工作安排，由各支委按分工抓好落实。"));
            }
            content.push_str(self.rng.pick_str(CLOSINGS));
            a.content = content;
            a.resolution = resolution.join("");
        }
        self.push(a);
    }

    fn theme_day(&mut self, year: i32, month: u8) {
        let want = off_weekend(day(year, month, 15));
        let candidates: Vec<&ThemeDef> = THEMES
            .iter()
            .filter(|d| d.months.contains(&month) && d.from <= year && year <= d.to)
            .collect();
        let special: Vec<&ThemeDef> = candidates.iter().copied().filter(|d| d.from == d.to).collect();
        let def = if let Some(d) = special.first() {
            *d
        } else if candidates.is_empty() {
            &THEMES[0]
        } else {
            *self.rng.pick(&candidates)
        };
        let date = self.slot(want, !def.morning);
        let times = if def.morning { (8, 30, 11, 30) } else { (14, 30, 17, 0) };
        let mut a = self.new_activity(ActivityKind::ThemeDay, date, times, def.place);
        a.theme = fill(def.theme, date);
        a.host = Some(self.secretary.clone());
        a.recorder = Some(self.organization.clone());
        a.agenda = def.agenda.iter().map(|s| fill(s, date)).collect();
        if self.held(&a) {
            let must = [&self.secretary.clone(), &self.organization.clone()];
            self.attend(&mut a, &must);
            a.content = format!(
                "{}，支部在{}开展“{}”主题党日活动，{}。{}{}",
                date.chinese(),
                def.place,
                a.theme,
                fill(def.doing, date),
                self.roll_sentence(&a),
                self.rng.pick(CLOSINGS)
            );
        }
        let leader = Some(self.publicity.clone());
        let (study, materials) = (fill(def.study, date), fill(def.materials, date));
        let id = self.push(a);
        self.study_item(date, (study, materials), StudyFormat::Group, leader, 1.0, Some(id));
    }

    fn committee_meeting(&mut self, year: i32, month: u8) {
        let mut want = nth_weekday(year, month, Weekday::Tue, 1);
        if want.day() < 3 {
            want = shift(want, 7);
        }
        let date = self.slot(want, false);
        let mut a = self.new_activity(ActivityKind::CommitteeMeeting, date, (9, 0, 10, 30), LOC_SMALL);
        a.theme = format!("研究{month}月份支部工作");
        a.host = Some(self.secretary.clone());
        a.recorder = Some(self.organization.clone());
        let mut items: Vec<(String, String)> = COMMITTEE_ITEMS
            .iter()
            .filter(|(m, _, _)| *m == month)
            .map(|(_, i, d)| ((*i).to_owned(), (*d).to_owned()))
            .collect();
        let generic: Vec<&(u8, &str, &str)> = COMMITTEE_ITEMS.iter().filter(|(m, _, _)| *m == 0).collect();
        let want_items = 2 + self.rng.below(2);
        while items.len() < want_items {
            let (_, i, d) = **self.rng.pick(&generic);
            if !items.iter().any(|(x, _)| x == i) {
                items.push((i.to_owned(), d.to_owned()));
            }
        }
        let month_events: Vec<MeetingEvents> = self
            .events
            .range(day(year, month, 1)..=day(year, month, days_in_month(year, month)))
            .map(|(_, e)| e.clone())
            .collect();
        for e in month_events {
            for name in e.admit {
                items.push((
                    format!("审查发展对象{name}同志入党材料"),
                    format!("同意将{name}同志接收预备党员事项提交支部党员大会讨论"),
                ));
            }
            for name in e.convert {
                items.push((
                    format!("研究预备党员{name}同志转正事项"),
                    format!("同意将{name}同志转正事项提交支部党员大会讨论"),
                ));
            }
        }
        a.agenda = items.iter().map(|(i, _)| i.clone()).collect();
        if self.held(&a) {
            let must = [&self.secretary.clone(), &self.organization.clone()];
            self.attend(&mut a, &must);
            let t = tally(&a, &self.data);
            a.content = format!(
                "书记{}主持召开支委会，应到支委{}人，实到{}人，符合规定人数。会议{}。",
                self.name(&self.secretary),
                t.expected,
                t.attended,
                a.agenda.join("，")
            );
            let decisions: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, (_, d))| format!("{}. {}", i + 1, d))
                .collect();
            a.resolution = format!("会议研究决定：{}。", decisions.join("；"));
        }
        self.push(a);
    }

    fn org_life(&mut self, year: i32) {
        let want = nth_weekday(year, 12, Weekday::Thu, 3);
        let mut date = self.slot(want, false);
        if self.busy.contains(&(date, 1)) {
            self.busy.remove(&(date, 0));
            date = self.slot(shift(want, 1), false);
        }
        self.busy.insert((date, 1));
        let mut a = self.new_activity(ActivityKind::OrgLifeMeeting, date, (9, 0, 11, 30), LOC_ROOM);
        a.theme = format!("{year}年度组织生活会");
        a.host = Some(self.secretary.clone());
        a.recorder = Some(self.organization.clone());
        a.agenda = vec![
            "通报支部年度工作情况和上年度整改落实情况".to_owned(),
            "书记代表支委会作对照检查".to_owned(),
            "党员逐一对照检查，开展批评与自我批评".to_owned(),
            "明确整改措施".to_owned(),
        ];
        let mut m = self.new_activity(ActivityKind::MemberReview, date, (14, 30, 16, 30), LOC_ROOM);
        m.theme = format!("{year}年度民主评议党员");
        m.host = Some(self.secretary.clone());
        m.recorder = Some(self.organization.clone());
        m.agenda = vec![
            "学习合格党员标准".to_owned(),
            "个人自评".to_owned(),
            "党员互评".to_owned(),
            "民主测评".to_owned(),
            "组织评定并反馈评议结果".to_owned(),
        ];
        if self.held(&a) {
            let must = [&self.secretary.clone(), &self.organization.clone()];
            self.attend(&mut a, &must);
            let suggestions = self.rng.range(6, 15);
            let problems = self.rng.range(8, 20);
            a.content = format!(
                "会前，支委之间、支委与党员之间普遍开展谈心谈话，广泛征求意见建议{}条。{}会上，书记{}代表支委会作对照检查，党员逐一对照检查，开展批评与自我批评，共查摆问题{}个，明确整改措施，建立整改清单。",
                suggestions,
                self.roll_sentence(&a),
                self.name(&self.secretary),
                problems
            );
            a.resolution = "会议形成支部班子和党员个人问题整改清单，明确整改时限，由纪检委员跟踪督促落实。".to_owned();

            self.attend(&mut m, &must);
            let t = tally(&m, &self.data);
            m.review = Some(self.review(&m, t.attended));
            let counts = m.review.as_ref().map(|r| r.counts()).unwrap_or_default();
            let excellent = counts.get(Rating::Excellent);
            m.content = format!(
                "按照个人自评、党员互评、民主测评、组织评定的程序开展民主评议党员。{}参加评议党员{}人，评定优秀党员{}名、合格党员{}名，无基本合格和不合格党员；预备党员参加评议，不评定等次。",
                self.roll_sentence(&m),
                t.attended,
                excellent,
                counts.get(Rating::Qualified)
            );
            m.resolution = format!("评定优秀党员{}名，评议结果在支部内公示后报机关党委。", excellent);
            a.examinations = self.examinations(&a);
            a.rectifications = self.rectifications(&a);
        }
        self.push(a);
        self.push(m);
    }

    /// The 民主评议 of a review meeting (no random draws: the rest of the branch stays as it was): every party
    /// member on the roll is on the list; those who took part are rated, one in five 优秀 (rounded up) and the
    /// rest 合格, probationary members without a rating; ballots from the `voters` present.
    fn review(&self, m: &Activity, voters: u32) -> MemberReview {
        let day = m.date;
        let mut list: Vec<RatedMember> = Vec::new();
        for e in &m.attendance {
            let Some(member) = self.data.members.iter().find(|x| x.id == e.member) else {
                continue;
            };
            if !member_review::takes_part(member, day) {
                continue;
            }
            list.push(RatedMember::new(e.member.clone()));
        }
        let full: Vec<usize> = (0..list.len())
            .filter(|&i| {
                let id = &list[i].member;
                self.data
                    .members
                    .iter()
                    .any(|x| &x.id == id && x.kind_on(day) == MemberKind::Full)
            })
            .collect();
        let excellent = (full.len() as u32 * 2).div_ceil(10) as usize;
        for (n, &i) in full.iter().enumerate() {
            let top = n < excellent;
            let spread = (n % 4) as u32;
            let e = if top {
                voters.saturating_sub(spread)
            } else {
                spread.min(voters)
            };
            let b = u32::from(!top && n % 7 == 3).min(voters - e);
            list[i].ballots = Ballots {
                excellent: e,
                qualified: voters - e - b,
                basically_qualified: b,
                unqualified: 0,
            };
            list[i].rating = Some(if top { Rating::Excellent } else { Rating::Qualified });
        }
        MemberReview {
            self_review: Some(day),
            mutual_review: Some(day),
            ballot: Some(day),
            decided: Some(day),
            members: list,
        }
    }

    /// Each committee member's 对照检查 at the 组织生活会 (the secretary's for the committee first).
    fn examinations(&self, a: &Activity) -> Vec<Examination> {
        const POINTS: [&str; 4] = [
            "理论学习不够系统深入，学用结合不够紧密",
            "联系服务群众不够经常，调查研究不够深入",
            "担当作为不够，工作标准有时不够高",
            "开展批评与自我批评有顾虑，提意见不够直接",
        ];
        self.committee_people
            .iter()
            .filter(|id| a.attendance.iter().any(|e| &e.member == *id && e.status.attended()))
            .enumerate()
            .map(|(i, id)| Examination {
                member: id.clone(),
                points: POINTS[i % POINTS.len()].to_owned(),
                criticism: if i == 0 {
                    "希望书记多深入一线了解党员思想状况".to_owned()
                } else {
                    String::new()
                },
            })
            .collect()
    }

    /// The 整改清单 of the 组织生活会: three items due 40, 100 and 160 days later, each closed ten days before it
    /// is due once that day has passed, except the first item of a meeting less than a year old, which stays
    /// open (so the demo shows an item followed into the next year).
    fn rectifications(&self, a: &Activity) -> Vec<Rectification> {
        const ITEMS: [(&str, &str); 3] = [
            (
                "会前谈心谈话覆盖不全，党员之间谈心不够",
                "制定谈心谈话计划，支委分片负责，一季度内实现全覆盖",
            ),
            (
                "集中学习形式单一，党员参与度不高",
                "每季度安排一次研讨式学习，由党员轮流领学",
            ),
            ("上年度部分整改措施落实不到位", "逐项对账销号，纪检委员每月督促一次"),
        ];
        let owners = [Some(self.organization.clone()), Some(self.publicity.clone()), None];
        let recent = a.date.year() >= self.today.year() - 1;
        ITEMS
            .iter()
            .zip(owners)
            .enumerate()
            .map(|(i, ((problem, measure), owner))| {
                let due = a.date.add_days([40, 100, 160][i]);
                let close = due.and_then(|d| d.add_days(-10)).filter(|&d| d < self.today);
                Rectification {
                    id: format!("r{}", i + 1),
                    problem: (*problem).to_owned(),
                    measure: (*measure).to_owned(),
                    owner,
                    due,
                    closed: if recent && i == 0 { None } else { close },
                    evidence: if close.is_some() && !(recent && i == 0) {
                        "已完成，材料存支部台账".to_owned()
                    } else {
                        String::new()
                    },
                }
            })
            .collect()
    }

    fn lecture(&mut self, year: i32, q: usize) {
        let want = [day(year, 3, 26), day(year, 6, 27), day(year, 9, 24), day(year, 11, 26)][q];
        let date = self.slot(want, true);
        let mut a = self.new_activity(ActivityKind::PartyLecture, date, (14, 30, 16, 30), LOC_HALL);
        let titles: Vec<&(&str, i32)> = LECTURE_TITLES.iter().filter(|(_, from)| *from <= year).collect();
        a.theme = fill(self.rng.pick(&titles).0, date);
        a.host = Some(self.secretary.clone());
        a.recorder = Some(self.organization.clone());
        let (lecturer, lecturer_label) = match q {
            0 => (Some(self.secretary.clone()), "支部书记".to_owned()),
            1 => (None, (*self.rng.pick(GUEST_LECTURERS)).to_owned()),
            2 => {
                let who = if year % 2 == 0 {
                    self.deputy.clone()
                } else {
                    self.publicity.clone()
                };
                (Some(who), "支委".to_owned())
            }
            _ => {
                let exclude: Vec<MemberId> = self.committee_people.clone();
                let refs: Vec<&MemberId> = exclude.iter().collect();
                let who = self.someone_on(date, &refs);
                (who, "党员".to_owned())
            }
        };
        match &lecturer {
            Some(id) => a.lecturer = Some(id.clone()),
            None => a.lecturer_name = lecturer_label.clone(),
        }
        let (_, materials) = self.topic(date);
        a.agenda = vec![format!("讲授党课《{}》", a.theme), "交流学习体会".to_owned()];
        if self.held(&a) {
            let host = self.secretary.clone();
            let org = self.organization.clone();
            let mut must = vec![&host, &org];
            if let Some(l) = &lecturer {
                must.push(l);
            }
            self.attend(&mut a, &must);
            let speaker = match &lecturer {
                Some(id) => format!("{}{}", lecturer_label, self.name(id)),
                None => lecturer_label,
            };
            a.content = format!(
                "{}以《{}》为题讲授专题党课，结合{}和本单位工作实际，从提高政治站位、强化理论武装、立足岗位担当三个方面进行了深入阐述。{}{}",
                speaker,
                a.theme,
                materials,
                self.roll_sentence(&a),
                self.rng.pick(CLOSINGS)
            );
        }
        self.push(a);
    }

    fn group_meeting(&mut self, year: i32, month: u8, g: usize) {
        let want = day(year, month, 18 + 2 * g.min(5) as u8);
        let date = self.slot(want, true);
        let group = self.data.groups[g].clone();
        let room = GROUP_ROOMS[g % GROUP_ROOMS.len()];
        let mut a = self.new_activity(ActivityKind::GroupMeeting, date, (16, 0, 17, 0), room);
        a.group = Some(group.id.clone());
        let (topic, materials) = self.topic(date);
        a.theme = topic.clone();
        a.host = group.group_leader.clone();
        a.recorder = Some(self.group_recorders[g].clone());
        a.agenda = vec![
            "传达学习支部有关会议精神".to_owned(),
            topic,
            "党员汇报思想和工作情况".to_owned(),
        ];
        if self.held(&a) {
            let leader = group.group_leader.clone();
            let recorder = self.group_recorders[g].clone();
            let mut must = vec![&recorder];
            if let Some(l) = &leader {
                must.push(l);
            }
            self.attend(&mut a, &must);
            let speakers = self.speakers(&a, 2);
            a.content = format!(
                "党小组长{}主持，{}会议传达了支部近期工作安排，组织学习了{}，{}等同志结合本职工作交流了学习体会，小组成员汇报了思想和工作情况。{}",
                leader.as_ref().map(|l| self.name(l)).unwrap_or_default(),
                self.roll_sentence(&a),
                materials,
                speakers,
                self.rng.pick(CLOSINGS)
            );
        }
        self.push(a);
    }

    /// Up to `n` names of people present, joined with "、".
    fn speakers(&mut self, a: &Activity, n: usize) -> String {
        let present: Vec<&AttendanceEntry> = a
            .attendance
            .iter()
            .filter(|e| e.status == AttendanceStatus::Present && Some(&e.member) != a.host.as_ref())
            .collect();
        let mut names = Vec::new();
        for _ in 0..n.min(present.len()) {
            let id = self.rng.pick(&present).member.clone();
            let name = self.name(&id);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join("、")
    }

    fn group_study(&mut self, date: Date, hours: f64, topic: String, materials: String, link: bool) {
        let times = if hours >= 2.0 { (8, 30, 10, 30) } else { (8, 30, 9, 30) };
        let mut a = self.new_activity(ActivityKind::GroupStudy, date, times, LOC_ROOM);
        a.study_hours = hours;
        a.theme = topic.clone();
        a.host = Some(self.secretary.clone());
        a.recorder = Some(self.organization.clone());
        let leader = if self.rng.chance(500) {
            self.committee_people[self.rng.below(self.committee_people.len())].clone()
        } else {
            let exclude: Vec<MemberId> = Vec::new();
            let refs: Vec<&MemberId> = exclude.iter().collect();
            self.someone_on(date, &refs).unwrap_or_else(|| self.secretary.clone())
        };
        a.agenda = vec![
            format!("{}领学{}", self.name(&leader), materials),
            "交流研讨".to_owned(),
            if self.profile.weekly_study {
                "通报本周重点工作".to_owned()
            } else {
                "书记总结".to_owned()
            },
        ];
        if self.held(&a) {
            let host = self.secretary.clone();
            let org = self.organization.clone();
            let must = [&host, &org, &leader];
            self.attend(&mut a, &must);
            let speakers = self.speakers(&a, 3);
            a.content = format!(
                "{}领学{}有关内容，{}等同志结合工作实际交流发言。{}{}",
                self.name(&leader),
                materials,
                speakers,
                self.roll_sentence(&a),
                self.rng.pick(CLOSINGS)
            );
        }
        let format = if self.rng.chance(300) {
            StudyFormat::Seminar
        } else {
            StudyFormat::Group
        };
        let id = self.push(a);
        if link {
            self.study_item(date, (topic, materials), format, Some(leader), hours, Some(id));
        }
    }

    /// Smaller branches: a 集中学习 on the first Monday of every month, and extra ones in March and July.
    fn monthly_study(&mut self, year: i32) {
        for month in 1..=12u8 {
            let mut want = nth_weekday(year, month, Weekday::Mon, 1);
            if !is_workday(want) {
                want = shift(want, 7);
            }
            let date = self.slot(want, false);
            let (topic, materials) = self.topic(date);
            self.group_study(date, 2.0, topic, materials, true);
            if month == 3 || month == 7 {
                let date = self.slot(nth_weekday(year, month, Weekday::Mon, 3), false);
                let (topic, materials) = if month == 3 {
                    ("学习全国两会精神".to_owned(), "《政府工作报告》".to_owned())
                } else {
                    (
                        "学习习近平总书记关于党的建设的重要思想".to_owned(),
                        "《习近平关于全面从严治党论述摘编》".to_owned(),
                    )
                };
                self.group_study(date, 2.0, topic, materials, false);
            }
        }
    }

    /// Large branches: political study every Monday morning ("坚持每周一组织开展政治学习"), except the New
    /// Year, Spring Festival and National Day weeks.
    fn weekly_study(&mut self, year: i32) {
        let mut d = nth_weekday(year, 1, Weekday::Mon, 1);
        let mut last_month = 0;
        while d.year() == year {
            let (m, dd) = (d.month(), d.day());
            let skip =
                (m == 1 && dd <= 7) || (m == 2 && (8..=14).contains(&dd)) || (m == 10 && dd <= 7) || !is_workday(d);
            if !skip && !self.busy.contains(&(d, 0)) {
                self.busy.insert((d, 0));
                let (topic, materials) = self.topic(d);
                let link = m != last_month;
                last_month = m;
                self.group_study(d, 1.0, topic, materials, link);
            }
            d = shift(d, 7);
        }
    }

    fn heart_talk(&mut self, date: Date, host: MemberId, theme: String, people: Vec<MemberId>) {
        let date = self.slot(date, true);
        let mut a = self.new_activity(ActivityKind::HeartTalk, date, (15, 0, 17, 30), LOC_OFFICE);
        a.theme = theme;
        a.host = Some(host.clone());
        a.agenda = vec![
            "了解思想、工作和生活情况".to_owned(),
            "听取对支部工作的意见建议".to_owned(),
            "指出存在的问题和努力方向".to_owned(),
        ];
        if self.held(&a) {
            let mut ids = vec![host.clone()];
            for p in people {
                let ok = self.member(&p).is_some_and(|m| {
                    m.in_branch_on(date) && m.is_party_member_on(date) && m.excused_on(date).is_none()
                });
                if ok && !ids.contains(&p) {
                    ids.push(p);
                }
            }
            a.attendance = ids
                .iter()
                .map(|id| AttendanceEntry {
                    member: id.clone(),
                    status: if Some(id) == self.mobile.as_ref() && *id != host {
                        AttendanceStatus::Elsewhere
                    } else {
                        AttendanceStatus::Present
                    },
                    reason: String::new(),
                    make_up: None,
                })
                .collect();
            let others: Vec<String> = ids.iter().skip(1).map(|id| self.name(id)).collect();
            let shown = if others.len() > 4 {
                format!("{}等{}名同志", others[..4].join("、"), others.len())
            } else {
                format!("{}同志", others.join("、"))
            };
            let with = if others.len() > 1 { "分别与" } else { "与" };
            a.content = format!(
                "{}{}{}谈心谈话，了解思想、工作和生活情况，听取对支部工作的意见建议，指出存在的不足和努力方向。谈话中大家敞开心扉、坦诚交流，共收集意见建议{}条。",
                self.name(&host),
                with,
                shown,
                self.rng.range(2, 6)
            );
        }
        self.push(a);
    }

    /// Before the 组织生活会, talks that cover every party member; smaller branches also talk with the
    /// probationary members in June and the mobile member in August.
    fn heart_talks(&mut self, year: i32) {
        let secretary = self.secretary.clone();
        let committee: Vec<MemberId> = self.committee_people.clone();
        self.heart_talk(
            day(year, 11, 10),
            secretary.clone(),
            "支部书记与支委谈心谈话".to_owned(),
            committee,
        );
        for g in 0..self.data.groups.len() {
            let host = self.group_liaisons[g].clone();
            let gid = self.data.groups[g].id.clone();
            let members: Vec<MemberId> = self
                .data
                .members
                .iter()
                .filter(|m| m.group.as_ref() == Some(&gid))
                .map(|m| m.id.clone())
                .collect();
            let roles = self.data.branch.roles_of(&host);
            let role = roles.first().map_or("支委", |r| r.label());
            let theme = format!("{}与{}党员谈心谈话", role, self.data.groups[g].name);
            self.heart_talk(day(year, 12, 1 + 3 * g.min(4) as u8), host, theme, members);
        }
        if self.profile.extra_heart_talks {
            let date = day(year, 6, 10);
            let probationary: Vec<MemberId> = self
                .data
                .members
                .iter()
                .filter(|m| m.kind_on(date) == MemberKind::Probationary && m.in_branch_on(date))
                .map(|m| m.id.clone())
                .collect();
            let org = self.organization.clone();
            if probationary.is_empty() {
                let someone = self.someone_on(date, &[&org]).into_iter().collect();
                self.heart_talk(date, org, "组织委员与党员谈心谈话".to_owned(), someone);
            } else {
                self.heart_talk(date, org, "组织委员与预备党员谈心谈话".to_owned(), probationary);
            }
            if let Some(mobile) = self.mobile.clone() {
                self.heart_talk(
                    day(year, 8, 12),
                    secretary,
                    "支部书记与流动党员电话谈心谈话".to_owned(),
                    vec![mobile],
                );
            }
        }
    }

    /// The yearly talk for every party member (条例 art. 19) that the group talks missed: members who left
    /// before them, or were excused or had not joined yet. The secretary talks with each before they leave
    /// (or on the last day they were active that year). For the current year, only members already gone.
    fn cover_heart_talks(&mut self) {
        for year in self.first_year..=self.last_year {
            let (from, to) = (day(year, 1, 1), day(year, 12, 31));
            let mut covered: BTreeSet<MemberId> = BTreeSet::new();
            for a in &self.data.activities {
                if a.kind == ActivityKind::HeartTalk && a.status == ActivityStatus::Held && a.date.year() == year {
                    covered.extend(a.host.iter().cloned());
                    covered.extend(
                        a.attendance
                            .iter()
                            .filter(|e| e.status.attended())
                            .map(|e| e.member.clone()),
                    );
                }
            }
            let active =
                |m: &Member, d: Date| m.in_branch_on(d) && m.is_party_member_on(d) && m.excused_on(d).is_none();
            let mut wanted: Vec<(MemberId, Date, bool)> = Vec::new();
            for m in &self.data.members {
                if covered.contains(&m.id) {
                    continue;
                }
                let gone = m.left_branch.is_some_and(|l| l.year() == year && l <= self.today);
                if year == self.today.year() && !gone {
                    continue;
                }
                let mut end = to.min(shift(self.today, -1));
                if let Some(l) = m.left_branch {
                    end = end.min(shift(l, -1));
                }
                let mut d = end;
                while d >= from {
                    if active(m, d) && is_workday(d) && !self.busy.contains(&(d, 1)) {
                        wanted.push((m.id.clone(), d, m.left_branch.is_some_and(|l| l <= shift(d, 30))));
                        break;
                    }
                    d = shift(d, -1);
                }
            }
            for (id, date, leaving) in wanted {
                let theme = if leaving {
                    "支部书记与转出党员谈心谈话"
                } else {
                    "支部书记与党员谈心谈话"
                };
                let secretary = self.secretary.clone();
                self.heart_talk(date, secretary, theme.to_owned(), vec![id]);
            }
        }
    }

    /// A quarterly self-study item for the second week of `month` (no activity).
    fn self_study_item(&mut self, year: i32, month: u8) {
        let monday = nth_weekday(year, month, Weekday::Mon, 2);
        let (topic, materials) = self.topic(monday);
        self.study_item(
            monday,
            (format!("自学：{topic}"), materials),
            StudyFormat::SelfStudy,
            None,
            2.0,
            None,
        );
    }

    // ----- the end ---------------------------------------------------------------------------------------

    /// Sorts activities by date and time, numbers them, and relinks the study items.
    fn finish(mut self) -> Dataset {
        let groups = self.data.groups.clone();
        let rank = |a: &Activity| {
            a.group
                .as_ref()
                .and_then(|g| groups.iter().position(|x| &x.id == g))
                .unwrap_or(0)
        };
        sort_by_key(&mut self.data.activities, |a| (a.date, a.start, a.kind, rank(a)));
        let mut renamed: HashMap<ActivityId, ActivityId> = HashMap::new();
        for (i, a) in self.data.activities.iter_mut().enumerate() {
            let id = ActivityId(format!("a-demo-{:04}", i + 1));
            renamed.insert(std::mem::replace(&mut a.id, id.clone()), id);
        }
        sort_by(&mut self.study_items, |a, b| {
            (a.date, &a.topic).cmp(&(b.date, &b.topic))
        });
        for (i, s) in self.study_items.iter_mut().enumerate() {
            s.id = StudyItemId(format!("s-demo-{:04}", i + 1));
            s.activity = s.activity.as_ref().and_then(|a| renamed.get(a).cloned());
        }
        self.data.study_items = self.study_items;
        self.data
    }
}
