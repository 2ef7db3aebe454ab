#![cfg(not(target_arch = "wasm32"))]
//! Share links: round trip, size of a year's link, and every way a link can be broken.

mod domain_support;

use domain_support::*;
use zhibu::domain::plan::{generate_skeleton, SkeletonOptions};
use zhibu::domain::schedule::{year_items, Audience};
use zhibu::domain::*;
use zhibu::export::share::*;

/// Ids as the app makes them: creation time in ms (hex) and 32 random bits.
fn app_ids() -> impl FnMut() -> ActivityId {
    let mut millis = 1_767_225_600_000u64; // 2026-01-01
    let mut seed = 0x2545_f491u32;
    move || {
        millis += 3;
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        ActivityId::generate(millis, seed)
    }
}

const THEMES: [&str; 12] = [
    "学习贯彻新年贺词精神，谋划全年支部工作",
    "重温入党誓词，开展新春走访慰问",
    "学雷锋志愿服务：走进社区清洁家园",
    "清明祭英烈，传承红色基因",
    "学习《中国共产党章程》第一章至第三章",
    "喜迎七一，重温入党誓词",
    "庆祝建党节：参观红色教育基地",
    "廉政警示教育：观看警示教育片并交流",
    "学习党的二十大报告专题研讨",
    "国庆主题教育：我和我的祖国",
    "学习贯彻全会精神交流研讨",
    "年终总结：对照检查，交流心得",
];

/// A branch with three groups and a full year of planned entries, every one with a theme, times and a place:
/// a realistic upper case for one year's link.
fn full_year() -> Dataset {
    let mut data = dataset(
        vec![
            group("g-1", "第一党小组"),
            group("g-2", "第二党小组"),
            group("g-3", "机关第三党小组"),
        ],
        vec![full("m-1", "张书记")],
    );
    data.branch.name = "××市××局机关第一党支部".to_owned();
    let mut opts = SkeletonOptions::new(2026);
    opts.start = Some(Time::hm(14, 30));
    opts.end = Some(Time::hm(16, 30));
    opts.location = "机关三楼党员活动室".to_owned();
    let mut plan = generate_skeleton(&data, &opts, &mut app_ids());
    for a in &mut plan {
        let m = usize::from(a.date.month()) - 1;
        a.theme = match a.kind {
            ActivityKind::ThemeDay => THEMES[m].to_owned(),
            ActivityKind::CommitteeMeeting => format!("研究部署{}月支部工作和党员发展事项", m + 1),
            ActivityKind::GroupMeeting => format!("学习传达支部{}月工作安排，交流思想工作情况", m + 1),
            ActivityKind::GeneralMeeting => format!("审议支部第{}季度工作，讨论决定重要事项", a.date.quarter()),
            ActivityKind::PartyLecture => "以高质量党建引领机关业务工作高质量发展".to_owned(),
            ActivityKind::OrgLifeMeeting => "2026年度组织生活会：对照检查，开展批评与自我批评".to_owned(),
            ActivityKind::MemberReview => "2026年度民主评议党员".to_owned(),
            _ => String::new(),
        };
        if a.kind == ActivityKind::GroupMeeting {
            a.location = "各党小组自行安排".to_owned();
            a.start = Some(Time::hm(16, 0));
            a.end = Some(Time::hm(17, 0));
        }
    }
    data.activities = plan;
    data
}

fn year_schedule(data: &Dataset) -> SharedSchedule {
    let items = year_items(data, Audience::Branch, 2026, true);
    from_activities(data, "2026年支部活动安排", &items)
}

fn link_of_json(json: &str) -> String {
    format!("#/s/1.{}", base64url_encode(&zlib_compress(json.as_bytes())))
}

#[test]
fn round_trip_of_a_full_year() {
    let data = full_year();
    let schedule = year_schedule(&data);
    assert_eq!(schedule.items.len(), 70);
    let link = encode(&schedule).unwrap();
    assert!(link.starts_with("#/s/1."));
    assert!(link[6..]
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let back = decode(&link).unwrap();
    assert_eq!(back, schedule);
    assert_eq!(back.branch, "××市××局机关第一党支部");
    let first = &back.items[0];
    assert_eq!(first.kind, ActivityKind::CommitteeMeeting);
    assert_eq!(first.date, d(2026, 1, 5));
    assert_eq!(
        (first.start, first.end),
        (Some(Time::hm(14, 30)), Some(Time::hm(16, 30)))
    );
    assert_eq!(first.status, ActivityStatus::Planned);
    assert_eq!(first.id, Some(data.activities[0].id.clone()));
    let g = back
        .items
        .iter()
        .find(|i| i.kind == ActivityKind::GroupMeeting)
        .unwrap();
    assert_eq!(g.group.as_deref(), Some("第一党小组"));

    // A whole address, and line breaks a chat app may insert, are fine.
    let url = format!("https://zhibu.example/app/{link}");
    assert_eq!(decode(&url).unwrap(), schedule);
    let broken: String = link
        .chars()
        .enumerate()
        .flat_map(|(i, c)| if i % 60 == 59 { vec![c, '\n', ' '] } else { vec![c] })
        .collect();
    assert_eq!(decode(&broken).unwrap(), schedule);
    assert_eq!(decode(&link[1..]).unwrap(), schedule, "without the #");
}

#[test]
fn a_years_link_stays_well_under_8_kb() {
    let data = full_year();
    let link = encode(&year_schedule(&data)).unwrap();
    let json_len = {
        // The compact JSON, for the report.
        let packed = base64url_decode(&link[6..]).unwrap();
        zlib_decompress(&packed, MAX_PAYLOAD_BYTES).unwrap().len()
    };
    println!(
        "year link, 3 groups, 70 items: json {json_len} B, fragment {} chars",
        link.len()
    );
    assert!(link.len() < 8 * 1024, "fragment is {} chars", link.len());
}

#[test]
fn nothing_personal_goes_into_a_link() {
    let mut data = full_year();
    data.members[0].phone = "13800138000".to_owned();
    data.activities[0].status = ActivityStatus::Held;
    data.activities[0].host = Some(mid("m-1"));
    data.activities[0].attendance = vec![entry("m-1", AttendanceStatus::Present)];
    data.activities[0].content = "会议内容保密".to_owned();
    let link = encode(&year_schedule(&data)).unwrap();
    let json = zlib_decompress(&base64url_decode(&link[6..]).unwrap(), MAX_PAYLOAD_BYTES).unwrap();
    let json = String::from_utf8(json).unwrap();
    for secret in ["13800138000", "张书记", "m-1", "会议内容保密", "present"] {
        assert!(!json.contains(secret), "{secret} leaked");
    }
    assert!(json.starts_with(r#"{"b":"××市××局机关第一党支部","t":"2026年支部活动安排","g":["第一党小组","第二党小组","机关第三党小组"],"i":[["a-"#));
}

#[test]
fn texts_are_made_link_safe_and_bad_times_dropped() {
    let mut data = full_year();
    data.activities[0].theme = format!("第一行\n第二行{}", "长".repeat(300));
    data.activities[0].end = Some(Time::hm(9, 0)); // before the 14:30 start
    data.activities[1].start = None; // an end without a start
    let schedule = year_schedule(&data);
    let first = &schedule.items[0];
    assert!(first.theme.starts_with("第一行 第二行长"));
    assert_eq!(first.theme.chars().count(), 200);
    assert_eq!(first.end, None);
    assert_eq!((schedule.items[1].start, schedule.items[1].end), (None, None));
    let back = decode(&encode(&schedule).unwrap()).unwrap();
    assert_eq!(back, schedule);
}

#[test]
fn empty_input() {
    for text in ["", "   ", "\n", "#/s/", "#/s/1.", "https://x.example/#/s/1."] {
        let err = decode(text).unwrap_err();
        assert_eq!(err, ShareError::Empty, "{text:?}");
        assert_eq!(
            err.to_string(),
            "链接里没有日程内容，可能只复制了一部分，请向支部书记重新索取完整链接"
        );
    }
    // An empty schedule is a valid (if dull) link.
    let empty = SharedSchedule {
        branch: String::new(),
        title: String::new(),
        items: vec![],
    };
    assert_eq!(decode(&encode(&empty).unwrap()).unwrap(), empty);
}

#[test]
fn not_a_share_link() {
    for text in ["https://example.com/", "#/schedule", "#", "hello", "#/x/1.abc"] {
        let err = decode(text).unwrap_err();
        assert_eq!(err, ShareError::NotShareLink, "{text:?}");
        assert_eq!(
            err.to_string(),
            "这不是支部日程分享链接，请确认复制的是支部书记发来的完整链接"
        );
    }
}

#[test]
fn tampered_links_are_caught_at_every_position() {
    let data = full_year();
    let schedule = year_schedule(&data);
    let link = encode(&schedule).unwrap();
    let bytes = link.as_bytes();
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut harmless = Vec::new();
    for pos in 6..link.len() {
        let mut flipped = bytes.to_vec();
        // Another character of the alphabet: still "valid" base64url.
        let i = alphabet.iter().position(|&c| c == bytes[pos]).unwrap();
        flipped[pos] = alphabet[(i + 1 + pos % 7) % 64];
        match decode(std::str::from_utf8(&flipped).unwrap()) {
            Err(e) => assert_eq!(e, ShareError::Damaged, "flip at {pos}"),
            // A changed match distance can point at an identical earlier copy of the same text: the link
            // differs but says exactly the same. Any change of content is caught by the checksum.
            Ok(same) => {
                assert!(same == schedule, "flip at {pos} changed the content undetected");
                harmless.push(pos);
            }
        }
    }
    assert!(
        harmless.len() * 100 < link.len(),
        "{} harmless flips of {}",
        harmless.len(),
        link.len()
    );
    assert_eq!(
        ShareError::Damaged.to_string(),
        "链接不完整或已损坏，请向支部书记重新索取"
    );
}

#[test]
fn truncated_links_are_caught_at_every_length() {
    let data = full_year();
    let link = encode(&year_schedule(&data)).unwrap();
    for cut in 7..link.len() {
        assert_eq!(decode(&link[..cut]), Err(ShareError::Damaged), "cut at {cut}");
    }
    assert_eq!(decode("#/s/1"), Err(ShareError::Damaged), "no dot");
    assert_eq!(decode("#/s"), Err(ShareError::NotShareLink));
    // Something appended is damage too.
    assert_eq!(decode(&format!("{link}AAAA")), Err(ShareError::Damaged));
}

#[test]
fn wrong_version() {
    let data = full_year();
    let link = encode(&year_schedule(&data)).unwrap();
    let data_part = &link[6..];
    let err = decode(&format!("#/s/2.{data_part}")).unwrap_err();
    assert_eq!(err, ShareError::UnsupportedVersion(2));
    assert_eq!(
        err.to_string(),
        "这个链接由更新版本的支部台账生成（格式 2），请刷新页面或更新应用后再打开"
    );
    for bad in ["0", "v1", "1a", "-1", "9999999"] {
        assert_eq!(
            decode(&format!("#/s/{bad}.{data_part}")),
            Err(ShareError::Damaged),
            "{bad}"
        );
    }
}

#[test]
fn characters_outside_base64url() {
    let data = full_year();
    let link = encode(&year_schedule(&data)).unwrap();
    for bad in ['*', '+', '/', '%', '=', '中', '.'] {
        let mut s = link.clone();
        s.insert(40, bad);
        let err = decode(&s).unwrap_err();
        assert_eq!(err, ShareError::BadCharacters, "{bad}");
        assert_eq!(
            err.to_string(),
            "链接中含有不应出现的字符，可能在转发时被改动，请向支部书记重新索取"
        );
    }
    // Trailing padding is tolerated.
    let padded = format!("{link}{}", "=".repeat((4 - (link.len() - 6) % 4) % 4));
    assert!(decode(&padded).is_ok());
}

#[test]
fn oversized_payloads_stop_at_the_cap() {
    // 1 MiB of spaces compresses to a few KB: a zip bomb in a link.
    let bomb = vec![b' '; 1024 * 1024];
    let link = format!("#/s/1.{}", base64url_encode(&zlib_compress(&bomb)));
    assert!(link.len() < MAX_LINK_CHARS, "{}", link.len());
    let err = decode(&link).unwrap_err();
    assert_eq!(err, ShareError::TooLarge);
    assert_eq!(
        err.to_string(),
        "链接内容超出上限（解压后超过 256 KB），不是有效的支部日程链接"
    );
    // Exactly at the cap is allowed by the inflater (then rejected as JSON).
    let at_cap = vec![b' '; MAX_PAYLOAD_BYTES];
    assert_eq!(
        zlib_decompress(&zlib_compress(&at_cap), MAX_PAYLOAD_BYTES)
            .unwrap()
            .len(),
        MAX_PAYLOAD_BYTES
    );
    let over = vec![b' '; MAX_PAYLOAD_BYTES + 1];
    assert_eq!(
        zlib_decompress(&zlib_compress(&over), MAX_PAYLOAD_BYTES),
        Err(ShareError::TooLarge)
    );

    // A link longer than any real one is refused before decoding.
    let long = format!("#/s/1.{}", "A".repeat(MAX_LINK_CHARS));
    let err = decode(&long).unwrap_err();
    assert_eq!(err, ShareError::TooLong);
    assert_eq!(err.to_string(), "链接过长（超过 32768 个字符），不是有效的支部日程链接");
}

#[test]
fn too_many_items_cannot_be_encoded_nor_decoded() {
    let item = SharedItem {
        id: None,
        date: d(2026, 1, 1),
        start: None,
        end: None,
        kind: ActivityKind::ThemeDay,
        status: ActivityStatus::Planned,
        theme: String::new(),
        location: String::new(),
        group: None,
    };
    let big = SharedSchedule {
        branch: "支部".to_owned(),
        title: String::new(),
        items: vec![item; MAX_ITEMS + 1],
    };
    let err = encode(&big).unwrap_err();
    assert_eq!(err, ShareEncodeError::TooManyItems(1001));
    assert_eq!(err.to_string(), "日程条目太多（1001 条，最多 1000 条），请缩短时间范围");
    let items = vec![r#"["","2026-01-01","","","td",0,"","",-1]"#; MAX_ITEMS + 1].join(",");
    let link = link_of_json(&format!(r#"{{"b":"","t":"","g":[],"i":[{items}]}}"#));
    let err = decode(&link).unwrap_err();
    assert_eq!(err, ShareError::Invalid("条目超过 1000 条".to_owned()));
    assert_eq!(
        err.to_string(),
        "链接中的日程数据有误（条目超过 1000 条），请向支部书记重新索取"
    );
}

#[test]
fn crafted_contents_with_a_good_checksum_are_still_checked() {
    let ok_item = r#"["a-1","2026-03-10","14:30","16:30","td",0,"主题","地点",0]"#;
    let wrap = |item: &str| link_of_json(&format!(r#"{{"b":"支部","t":"","g":["一组"],"i":[{item}]}}"#));
    let ok = decode(&wrap(ok_item)).unwrap();
    assert_eq!(ok.items[0].group.as_deref(), Some("一组"));
    let cases = [
        (r#"["a-1","2026-02-30","","","td",0,"","",-1]"#, "第 1 项的日期无效"),
        (r#"["a-1","2026-3-10","","","td",0,"","",-1]"#, "第 1 项的日期无效"),
        (
            r#"["a-1","2026-03-10","25:00","","td",0,"","",-1]"#,
            "第 1 项的时间无效",
        ),
        (
            r#"["a-1","2026-03-10","","16:30","td",0,"","",-1]"#,
            "第 1 项的时间无效",
        ),
        (
            r#"["a-1","2026-03-10","16:30","14:30","td",0,"","",-1]"#,
            "第 1 项的时间无效",
        ),
        (r#"["a-1","2026-03-10","","","xx",0,"","",-1]"#, "第 1 项的类别无效"),
        (r#"["a-1","2026-03-10","","","td",7,"","",-1]"#, "第 1 项的状态无效"),
        (r#"["a-1","2026-03-10","","","td",0,"","",1]"#, "第 1 项的党小组无效"),
        (r#"["a-1","2026-03-10","","","td",0,"","",-2]"#, "第 1 项的党小组无效"),
        (
            r#"["<b>x</b>","2026-03-10","","","td",0,"","",-1]"#,
            "第 1 项的编号无效",
        ),
        (
            r#"["a-1","2026-03-10","","","td",0,"a\u0007b","",-1]"#,
            "第 1 项的主题含有控制字符",
        ),
    ];
    for (item, detail) in cases {
        assert_eq!(
            decode(&wrap(item)),
            Err(ShareError::Invalid(detail.to_owned())),
            "{item}"
        );
    }
    let long_theme = format!(r#"["a-1","2026-03-10","","","td",0,"{}","",-1]"#, "字".repeat(201));
    assert_eq!(
        decode(&wrap(&long_theme)),
        Err(ShareError::Invalid("第 1 项的主题超过 200 个字".to_owned()))
    );
    // Not the expected shape at all: damaged.
    for json in [
        r#"{"b":"","t":"","g":[],"i":[],"x":1}"#,
        "[]",
        "not json",
        r#"{"b":"","t":"","g":[],"i":[[1]]}"#,
    ] {
        assert_eq!(decode(&link_of_json(json)), Err(ShareError::Damaged), "{json}");
    }
}

#[test]
fn base64url_matches_the_rfc_vectors() {
    let cases: [(&[u8], &str); 7] = [
        (b"", ""),
        (b"f", "Zg"),
        (b"fo", "Zm8"),
        (b"foo", "Zm9v"),
        (b"foob", "Zm9vYg"),
        (b"fooba", "Zm9vYmE"),
        (b"foobar", "Zm9vYmFy"),
    ];
    for (raw, text) in cases {
        assert_eq!(base64url_encode(raw), text);
        assert_eq!(base64url_decode(text).unwrap(), raw);
    }
    assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url_decode("Zh"), Err(ShareError::Damaged), "stray bits");
    assert_eq!(base64url_decode("Zm9vY"), Err(ShareError::Damaged), "impossible length");
}

#[test]
fn zlib_interoperates_with_other_implementations() {
    // Adler-32 of "Wikipedia" (the usual worked example).
    assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    // Python: base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)), a dynamic-Huffman stream.
    let text = "支部台账：主题党日重温入党誓词，党小组会学习传达支部工作安排；党员大会审议年度工作计划。组织生活会对照检查，开展批评与自我批评。"
        .repeat(2)
        + &"abcdefghij0123456789".repeat(3);
    let from_python = "eNrVjlkKglAUhrfUPCyneViFVGJBJVlRWFBW2gBdC4Q0b22me47XJ7eQ4gZ67e38h-8fcGb63RPIN24ZAVWZ7fq7JYgqLnRfGqF9BlEPJb9MuTkK6DC84SZ7bo9RFa4Gc7aMbvn7jXHOQ2evNZABjpWAriJ4soTDMYKJxgkBx4KnEWOcaNBXPkInTPNcyZtt0HIj0nQ88Yh7ATd61EgFuM9x4HCzx-wxly7Yn8Qy9OKf7y-VK9VavdFstRPJVDqTzeULxV9_XxN0JiA";
    let packed = base64url_decode(from_python).unwrap();
    assert_eq!(packed[2] >> 1 & 3, 2, "a dynamic-Huffman block");
    assert_eq!(zlib_decompress(&packed, 4096).unwrap(), text.as_bytes());
    // Our own stream round-trips, and a cap below the size refuses it.
    let ours = zlib_compress(text.as_bytes());
    assert_eq!(&ours[..2], &[0x78, 0x01]);
    assert_eq!(zlib_decompress(&ours, 4096).unwrap(), text.as_bytes());
    assert_eq!(zlib_decompress(&ours, 10), Err(ShareError::TooLarge));
    // A stored (uncompressed) block: header 78 01, BFINAL+BTYPE 00, LEN 3, NLEN, "abc", Adler-32.
    let stored = [
        0x78, 0x01, 0x01, 0x03, 0x00, 0xfc, 0xff, b'a', b'b', b'c', 0x02, 0x4d, 0x01, 0x27,
    ];
    assert_eq!(zlib_decompress(&stored, 100).unwrap(), b"abc");
    let mut bad_nlen = stored;
    bad_nlen[5] = 0;
    assert_eq!(zlib_decompress(&bad_nlen, 100), Err(ShareError::Damaged));
    // Header checks: wrong method, preset dictionary, bad check bits.
    for head in [[0x79, 0x01], [0x78, 0x20], [0x78, 0x02]] {
        let mut s = stored;
        s[..2].copy_from_slice(&head);
        assert_eq!(zlib_decompress(&s, 100), Err(ShareError::Damaged), "{head:?}");
    }
    assert_eq!(zlib_decompress(&[], 100), Err(ShareError::Damaged));
    assert_eq!(zlib_decompress(&[0x78], 100), Err(ShareError::Damaged));
}

#[test]
fn compression_round_trips_assorted_inputs() {
    let mut seed = 12345u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let mut inputs: Vec<Vec<u8>> = vec![
        vec![],
        vec![0],
        b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".to_vec(),
        (0..=255u8).collect(),
        "重温入党誓词".repeat(500).into_bytes(),
    ];
    // Random bytes (incompressible) and random text over a small alphabet, up to 70 KB (beyond the window).
    inputs.push((0..5000).map(|_| next() as u8).collect());
    inputs.push((0..70_000).map(|_| b"abcde "[(next() % 6) as usize]).collect());
    for input in inputs {
        let packed = zlib_compress(&input);
        assert_eq!(zlib_decompress(&packed, 1 << 20).unwrap(), input, "len {}", input.len());
    }
}
