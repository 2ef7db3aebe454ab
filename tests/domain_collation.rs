#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::disallowed_methods,
    reason = "the tests of the collation itself call NameOrder::compare, which the app reaches only through Dataset::compare_names"
)]
//! The order of names (`domain::collation`): 姓氏笔画 as party documents use it, and 拼音.

use std::cmp::Ordering;
use zhibu::domain::collation::{stroke_rank, NameOrder};
use zhibu::domain::Branch;

fn sorted(order: NameOrder, names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
    zhibu::domain::sort::sort_by(&mut v, |a, b| order.compare(a, b));
    v
}

/// Surnames in the order published lists give them (按姓氏笔画).
const SURNAMES_IN_STROKE_ORDER: [&str; 11] = ["丁", "王", "刘", "李", "吴", "何", "张", "陈", "赵", "郭", "谭"];

#[test]
fn surnames_in_stroke_order() {
    let mut shuffled = SURNAMES_IN_STROKE_ORDER;
    shuffled.reverse();
    shuffled.swap(2, 7);
    assert_eq!(sorted(NameOrder::Strokes, &shuffled), SURNAMES_IN_STROKE_ORDER);
    for w in SURNAMES_IN_STROKE_ORDER.windows(2) {
        assert_eq!(
            NameOrder::Strokes.compare(w[0], w[1]),
            Ordering::Less,
            "{} < {}",
            w[0],
            w[1]
        );
    }
}

#[test]
fn fewer_strokes_first_then_the_strokes_in_writing_order() {
    // Count: 王 4 < 刘 6 < 李 7.
    assert!(stroke_rank('王') < stroke_rank('刘') && stroke_rank('刘') < stroke_rank('李'));
    // Seven strokes each, by the first stroke: 李 横 < 吴 竖 < 何 撇 < 张 折 …
    assert_eq!(
        sorted(NameOrder::Strokes, &["张", "何", "吴", "李"]),
        ["李", "吴", "何", "张"]
    );
    // … and 张 (折横折…) < 陈 (折竖…) by the second.
    assert_eq!(NameOrder::Strokes.compare("张", "陈"), Ordering::Less);
    // Three strokes: 于 横横竖钩 (竖钩 counts as 竖) < 万 横折撇 < 马 折折横.
    assert_eq!(sorted(NameOrder::Strokes, &["马", "万", "于"]), ["于", "万", "马"]);
    // 丁 (横, 竖钩) is 12, before 厂 (横, 撇) 13 and 七 (横, 竖弯钩) 15.
    assert_eq!(sorted(NameOrder::Strokes, &["七", "厂", "丁"]), ["丁", "厂", "七"]);
}

#[test]
fn then_the_given_name_the_same_way() {
    assert_eq!(
        sorted(NameOrder::Strokes, &["王十", "王芳芳", "王二", "王一", "王芳", "丁强"]),
        ["丁强", "王一", "王二", "王十", "王芳", "王芳芳"]
    );
    // Two people of the same name are equal (the callers then keep them in a fixed order).
    assert_eq!(NameOrder::Strokes.compare("张伟", "张伟"), Ordering::Equal);
}

#[test]
fn unknown_characters_come_last_and_spaces_are_ignored() {
    assert_eq!(
        sorted(NameOrder::Strokes, &["Anna", "𠀀", "谭", "丁"]),
        ["丁", "谭", "Anna", "𠀀"]
    );
    assert_eq!(NameOrder::Strokes.compare("欧阳 娜", "欧阳娜"), Ordering::Equal);
    assert_eq!(NameOrder::Pinyin.compare(" 王", "王"), Ordering::Equal);
    assert_eq!(NameOrder::Strokes.compare("", "丁"), Ordering::Less);
}

#[test]
fn pinyin_by_letters_then_tone_then_strokes() {
    assert_eq!(
        sorted(NameOrder::Pinyin, &["赵", "张", "王", "李", "陈", "安"]),
        ["安", "陈", "李", "王", "张", "赵"]
    );
    // wāng < wáng.
    assert_eq!(NameOrder::Pinyin.compare("汪", "王"), Ordering::Less);
    // lǚ (ü after u): 卢 lú < 吕 lǚ.
    assert_eq!(NameOrder::Pinyin.compare("卢", "吕"), Ordering::Less);
}

#[test]
fn pinyin_reads_a_surname_as_a_surname() {
    // 单 as a surname is Shàn (after 丁 dīng, before 尚 shàng); in a given name it is dān.
    assert_eq!(sorted(NameOrder::Pinyin, &["尚", "单", "丁"]), ["丁", "单", "尚"]);
    assert_eq!(NameOrder::Pinyin.compare("王单", "王丁"), Ordering::Less);
    // 曾 as a surname is Zēng: after 陈 chén (read céng it would come before), before 张 zhāng.
    assert_eq!(sorted(NameOrder::Pinyin, &["张", "曾", "陈"]), ["陈", "曾", "张"]);
}

#[test]
fn the_choice_is_stored_with_the_branch_and_defaults_to_strokes() {
    let old: Branch = serde_json::from_str(r#"{"name":"机关第一党支部"}"#).unwrap();
    assert_eq!(old.name_order, NameOrder::Strokes);
    let mut b = old.clone();
    b.name_order = NameOrder::Pinyin;
    let json = serde_json::to_string(&b).unwrap();
    assert!(json.contains(r#""name_order":"pinyin""#), "{json}");
    assert_eq!(serde_json::from_str::<Branch>(&json).unwrap(), b);
    assert!(serde_json::from_str::<Branch>(r#"{"name":"x","name_order":"alphabet"}"#).is_err());
    for o in NameOrder::ALL {
        assert_eq!(NameOrder::from_code(o.code()), Some(o));
    }
}
