//! Members pasted from a spreadsheet (Excel, WPS) or typed as comma-separated lines.
//!
//! Columns, in this order: 姓名, 类别, 党小组, 入党日期, 转入日期 (optional), 电话 (optional). When the first
//! non-blank line is a header (it contains "姓名"), columns are found by their header names instead, so a
//! roster with extra columns (序号, 性别, …) in any order can be pasted as it is; unrecognised columns are
//! ignored. Each line becomes either a [`Member`] or the list of what is wrong with it, in Chinese, each
//! message naming the line ("第3行：…").

use super::branch::PartyGroup;
use super::date::{Date, DateError};
use super::id::MemberId;
use super::member::{Member, MemberKind};
use super::validate::{validate_member, Invalid};

/// One pasted line and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct PastedRow {
    /// 1-based line number in the pasted text (blank and header lines count, as the user sees them).
    pub line: usize,
    /// The line as pasted (without the line break).
    pub raw: String,
    /// The member, or every problem of the line as Chinese messages.
    pub result: Result<Member, Vec<String>>,
}

/// Which column holds which field (indexes into a line's cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    name: Option<usize>,
    kind: Option<usize>,
    group: Option<usize>,
    party_joined: Option<usize>,
    joined_branch: Option<usize>,
    phone: Option<usize>,
}

impl Columns {
    const POSITIONAL: Columns = Columns {
        name: Some(0),
        kind: Some(1),
        group: Some(2),
        party_joined: Some(3),
        joined_branch: Some(4),
        phone: Some(5),
    };

    /// Columns found by header names; the first matching header cell wins.
    fn from_header(cells: &[String]) -> Columns {
        let find = |pred: &dyn Fn(&str) -> bool| cells.iter().position(|c| pred(c.trim()));
        Columns {
            name: find(&|c| c.contains("姓名")),
            kind: find(&|c| c.contains("类别") || c.contains("类型") || c.contains("身份")),
            group: find(&|c| c.contains("小组")),
            party_joined: find(&|c| c.contains("入党") && !c.contains("申请")),
            joined_branch: find(&|c| c.contains("转入") || c.contains("加入支部") || c.contains("进入支部")),
            phone: find(&|c| c.contains("电话") || c.contains("手机") || c.contains("联系方式")),
        }
    }
}

/// Splits one line into cells: on tabs if it has any (Excel's copy format), otherwise on ASCII and Chinese
/// commas. A cell that starts with `"` is a quoted CSV cell: separators inside it are kept and `""` stands
/// for one `"`. A quote that is never closed is kept as an ordinary character.
fn split_cells(line: &str) -> Vec<String> {
    let tabbed = line.contains('\t');
    let is_sep = |c: char| if tabbed { c == '\t' } else { c == ',' || c == '，' };
    let chars: Vec<char> = line.chars().collect();
    let mut cells = Vec::new();
    let mut i = 0;
    loop {
        let mut cell = String::new();
        // Leading spaces before an opening quote are allowed (", "a,b"").
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let closing = (j < chars.len() && chars[j] == '"')
            .then(|| find_closing_quote(&chars, j + 1))
            .flatten();
        if let Some(close) = closing {
            let mut k = j + 1;
            while k < close {
                cell.push(chars[k]);
                k += if chars[k] == '"' { 2 } else { 1 };
            }
            i = close + 1;
        }
        while i < chars.len() && !is_sep(chars[i]) {
            cell.push(chars[i]);
            i += 1;
        }
        cells.push(cell);
        if i >= chars.len() {
            return cells;
        }
        i += 1; // the separator
    }
}

/// The index of the quote closing a quoted cell whose content starts at `from` (`""` is an escaped quote).
fn find_closing_quote(chars: &[char], from: usize) -> Option<usize> {
    let mut k = from;
    while k < chars.len() {
        if chars[k] == '"' {
            if chars.get(k + 1) == Some(&'"') {
                k += 2;
                continue;
            }
            return Some(k);
        }
        k += 1;
    }
    None
}

/// Reads a date cell: what [`Date::parse`] accepts, plus `YYYYMMDD` and five-digit Excel serial day numbers
/// (a date cell formatted as a number copies as e.g. `43647`).
fn parse_date_cell(text: &str) -> Result<Date, DateError> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        match t.len() {
            8 => return Date::parse(&format!("{}-{}-{}", &t[..4], &t[4..6], &t[6..])),
            // Five-digit Excel serials: 1927-05-18 … 2173-10-14 (day 25569 is 1970-01-01).
            5 => {
                let serial: i64 = t.parse().map_err(|_| DateError::DateFormat)?;
                return Date::from_days(serial - 25_569).ok_or(DateError::YearRange);
            }
            _ => return Err(DateError::DateFormat),
        }
    }
    Date::parse(t)
}

fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "姓名",
        "phone" => "电话",
        "note" => "备注",
        "group" => "党小组",
        "left_branch" => "转出日期",
        "full_since" => "转正日期",
        "party_joined" => "入党日期",
        "joined_branch" => "转入日期",
        "excused" => "免于应到",
        _ => "",
    }
}

/// Parses tab- or comma-separated rows copied from Excel: 姓名, 类别, 党小组, 入党日期, 转入日期(可选),
/// 电话(可选). A first non-blank row that looks like a header (contains "姓名") is skipped, and its column
/// names decide which column is which. Blank lines are skipped. Group names are matched against `groups`
/// by name (surrounding spaces ignored). An empty 类别 means 正式党员; an empty (or absent) 转入日期 is left
/// unknown (`joined_branch: None`): [`missing_joined`] lists those lines for the preview, and
/// [`set_missing_joined`] fills in the one date the secretary chooses (or leaves them unknown, meaning "in the
/// branch since before any record"). Nothing takes today's date silently. Each remaining line yields either
/// a Member (new id from `make_id(i)`, `i` being the 0-based index of the row in the returned list) or the
/// line's errors. Names are kept verbatim (HTML included: it is data, the UI shows it as text).
pub fn parse_member_rows(
    text: &str,
    groups: &[PartyGroup],
    make_id: &mut dyn FnMut(usize) -> MemberId,
) -> Vec<PastedRow> {
    let mut rows = Vec::new();
    let mut columns = Columns::POSITIONAL;
    let mut first = true;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let cells = split_cells(raw);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if std::mem::take(&mut first) && cells.iter().any(|c| c.contains("姓名")) {
            columns = Columns::from_header(&cells);
            continue;
        }
        let cell = |col: Option<usize>| -> &str { col.and_then(|c| cells.get(c)).map_or("", |s| s.trim()) };
        let mut errors: Vec<String> = Vec::new();

        let name = cell(columns.name);
        let kind_text = cell(columns.kind);
        let kind = if kind_text.is_empty() {
            MemberKind::Full
        } else if let Some(kind) = MemberKind::from_label(kind_text) {
            kind
        } else {
            errors.push(format!(
                "第{line}行：类别“{kind_text}”无法识别，应为 正式党员/预备党员/入党积极分子"
            ));
            MemberKind::Full
        };
        let group_text = cell(columns.group);
        let group = if group_text.is_empty() {
            None
        } else if let Some(g) = groups.iter().find(|g| g.name.trim() == group_text) {
            Some(g.id.clone())
        } else {
            errors.push(format!(
                "第{line}行：党小组“{group_text}”不存在，请先在党小组中添加，或留空"
            ));
            None
        };
        let mut date = |col: Option<usize>, label: &str| -> Option<Date> {
            let text = cell(col);
            if text.is_empty() {
                return None;
            }
            parse_date_cell(text)
                .map_err(|e| errors.push(format!("第{line}行：{label}“{text}”：{e}")))
                .ok()
        };
        let party_joined = date(columns.party_joined, "入党日期");
        let joined_branch = date(columns.joined_branch, "转入日期");
        if kind == MemberKind::Activist && party_joined.is_some() {
            errors.push(format!(
                "第{line}行：入党积极分子还没有入党日期，请留空（或把类别改为正式党员/预备党员）"
            ));
        }
        let phone = cell(columns.phone);

        let member = Member {
            id: make_id(rows.len()),
            name: name.to_owned(),
            kind,
            group,
            party_joined,
            full_since: None,
            joined_branch,
            left_branch: None,
            mobile: false,
            excused: Vec::new(),
            phone: phone.to_owned(),
            note: String::new(),
        };
        for e in validate_member(&member, groups) {
            let message = match e.error {
                Invalid::Required(_) => e.error.to_string(),
                _ => format!("{}：{}", field_label(e.field), e.error),
            };
            errors.push(format!("第{line}行：{message}"));
        }
        rows.push(PastedRow {
            line,
            raw: raw.to_owned(),
            result: if errors.is_empty() { Ok(member) } else { Err(errors) },
        });
    }
    rows
}

/// The good rows without a 转入日期, as (line, name): what the preview names before anything is added.
pub fn missing_joined(rows: &[PastedRow]) -> Vec<(usize, &str)> {
    rows.iter()
        .filter_map(|r| match &r.result {
            Ok(m) if m.joined_branch.is_none() => Some((r.line, m.name.as_str())),
            _ => None,
        })
        .collect()
}

/// Gives every member without a 转入日期 the date `day` (`None` leaves them unknown); those with their own
/// date keep it.
pub fn set_missing_joined(members: &mut [Member], day: Option<Date>) {
    for m in members.iter_mut().filter(|m| m.joined_branch.is_none()) {
        m.joined_branch = day;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(split_cells("a\tb\t\tc"), vec!["a", "b", "", "c"]);
        assert_eq!(split_cells("a,b，c"), vec!["a", "b", "c"]);
        assert_eq!(
            split_cells("\"x, y\",\"say \"\"hi\"\"\",z"),
            vec!["x, y", "say \"hi\"", "z"]
        );
        assert_eq!(split_cells("\"open,b"), vec!["\"open", "b"]);
        assert_eq!(split_cells("a,,"), vec!["a", "", ""]);
        assert_eq!(split_cells("a\t\"b\tc\""), vec!["a", "b\tc"]);
    }

    #[test]
    fn date_cells() {
        assert_eq!(parse_date_cell("19950701"), Ok(Date::ymd(1995, 7, 1)));
        assert_eq!(parse_date_cell("43647"), Ok(Date::ymd(2019, 7, 1)));
        assert_eq!(parse_date_cell("2019/7/1"), Ok(Date::ymd(2019, 7, 1)));
        assert_eq!(parse_date_cell("20191301"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date_cell("12"), Err(DateError::DateFormat));
        assert_eq!(parse_date_cell("2019"), Err(DateError::DateFormat));
    }
}
