//! Writes the share_link target's seed corpus into `share_link_seeds/`: real links made by the app's encoder
//! from the demo branch (the one 「载入示例支部」 loads, dated 2026-11-20), in the three forms a member may
//! paste (whole address, fragment, fragment without `#`), the JSON inside three of them (the target also wraps
//! its input into a link as the JSON), plus two raw zlib streams for the inflater (a
//! dynamic-Huffman stream made by Python's zlib, and a stored block). Run from `fuzz/`:
//! `cargo run --release --bin share_seeds` (stable Rust; the output is deterministic).
use std::fs;
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::schedule::{year_items, Audience};
use zhibu::domain::{Activity, Date};
use zhibu::export::share::{base64url_decode, decode, encode, from_activities, zlib_decompress, MAX_PAYLOAD_BYTES};

fn main() {
    let dir = std::path::Path::new("share_link_seeds");
    fs::create_dir_all(dir).expect("share_link_seeds can be made");
    let data = generate(&DemoSize::DEMO, Date::ymd(2026, 11, 20), 1);
    let link = |title: &str, items: &[&Activity]| {
        let link = encode(&from_activities(&data, title, items)).expect("the demo branch's schedule encodes");
        decode(&link).expect("a link made reads");
        link
    };
    let branch_year = year_items(&data, Audience::Branch, 2026, true);
    let member = &data.members[0].id;
    let member_year = year_items(&data, Audience::Member(member), 2026, false);
    let seeds = [
        (
            "branch-2026-address.txt",
            format!("https://zhibu.example.org/{}", link("2026年支部活动安排", &branch_year)),
        ),
        (
            "branch-2025.txt",
            link("2025年支部活动安排", &year_items(&data, Audience::Branch, 2025, true)),
        ),
        ("member-2026.txt", link("我的2026年安排", &member_year)),
        ("three-items.txt", link("近期安排", &branch_year[..3])),
        (
            "one-item-no-hash.txt",
            link("下次活动", &branch_year[..1])[1..].to_owned(),
        ),
        ("no-items.txt", link("暂无安排", &[])),
    ];
    for (name, text) in &seeds {
        fs::write(dir.join(name), text).expect("a seed is written");
    }
    // The JSON inside: the part after "1.", base64url-decoded and inflated.
    for (name, text) in &seeds[2..5] {
        let data = text.rsplit_once('.').expect("a link has a dot").1;
        let json = zlib_decompress(&base64url_decode(data).expect("base64url"), MAX_PAYLOAD_BYTES).expect("inflates");
        let name = name.replace("-no-hash", "").replace(".txt", ".json");
        fs::write(dir.join(format!("payload-{name}")), json).expect("a seed is written");
    }
    // From tests/export_share.rs (zlib_interoperates_with_other_implementations).
    let python = "eNrVjlkKglAUhrfUPCyneViFVGJBJVlRWFBW2gBdC4Q0b22me47XJ7eQ4gZ67e38h-8fcGb63RPIN24ZAVWZ7fq7JYgqLnRfGqF9BlEPJb9MuTkK6DC84SZ7bo9RFa4Gc7aMbvn7jXHOQ2evNZABjpWAriJ4soTDMYKJxgkBx4KnEWOcaNBXPkInTPNcyZtt0HIj0nQ88Yh7ATd61EgFuM9x4HCzx-wxly7Yn8Qy9OKf7y-VK9VavdFstRPJVDqTzeULxV9_XxN0JiA";
    fs::write(
        dir.join("zlib-dynamic-python.bin"),
        base64url_decode(python).expect("base64url"),
    )
    .expect("written");
    let stored = [
        0x78, 0x01, 0x01, 0x03, 0x00, 0xfc, 0xff, b'a', b'b', b'c', 0x02, 0x4d, 0x01, 0x27,
    ];
    fs::write(dir.join("zlib-stored.bin"), stored).expect("written");
}
