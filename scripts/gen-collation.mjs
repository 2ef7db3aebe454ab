#!/usr/bin/env node
// Generates src/domain/collation_table.rs: the order of Chinese characters for sorting names 按姓氏笔画
// (and 按拼音), read by src/domain/collation.rs. Run it again only to change the data or its sources:
//
//   apt-get install unicode-data          # Debian: Unihan, in /usr/share/unicode/Unihan_*.txt.bz2
//   node scripts/gen-collation.mjs        # fetches npm cnchar-order with `npm pack` into a temporary folder
//
// Sources (nothing else is read):
//   - npm `cnchar-order` 3.2.6 (MIT): the stroke sequence of 6,939 characters in writing order, one letter per
//     stroke shape (its stroke table names each letter: 横, 提, 竖, 竖钩, 撇, 点, 捺, 横折, …).
//   - Debian `unicode-data` 15.0 (Unihan database, Unicode license): kTGH (the 8,105 characters of
//     通用规范汉字表, 2013: the characters names are written with), kTotalStrokes (stroke counts, for the
//     characters cnchar-order lacks), kMandarin (the usual reading, for 拼音 order).
//
// The stroke rule (《现代汉语通用字笔顺规范》's five stroke classes): 横 (提 counts as 横) < 竖 (竖钩 counts as
// 竖) < 撇 < 点 (捺 counts as 点) < 折 (every stroke with a turn). Characters are ordered by stroke count,
// then by their stroke classes in writing order, first stroke first, then by code point. A character of
// 通用规范汉字表 without a stroke sequence in cnchar-order (1,335, nearly all from its third level, rare) is
// placed by its Unihan stroke count after the characters with a sequence of that count.
//
// Output, all in the order above ("stroke rank" = position in it):
//   STROKE_ORDER: the characters' code points as differences from the previous one (zigzag, LEB128);
//   PINYIN_CLASS: per stroke rank, the reading as syllable * 5 + tone - 1 (u16, little-endian), syllables in
//                 alphabetical order (ü after u, written v), tone 5 for the neutral tone;
//   PINYIN_SURNAMES: characters read differently as a surname (单 Shàn, 曾 Zēng, …), with that reading's class.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "src/domain/collation_table.rs");
const CNCHAR = "cnchar-order@3.2.6";
const UNIHAN = "/usr/share/unicode";

// Surnames read differently from the character's usual reading (百家姓 readings, as dictionaries give
// them for the surname).
const SURNAME_READINGS = {
  单: "shàn", 曾: "zēng", 解: "xiè", 仇: "qiú", 区: "ōu", 朴: "piáo", 查: "zhā", 盖: "gě", 缪: "miào",
  种: "chóng", 覃: "qín", 翟: "zhái", 召: "shào", 繁: "pó", 华: "huà", 任: "rén", 乐: "yuè", 员: "yùn",
  宓: "fú", 秘: "bì", 过: "guō", 折: "shé", 尉: "wèi", 长: "cháng", 沈: "shěn", 柏: "bǎi", 薄: "bó",
};

// cnchar-order's stroke letters → the five classes 1 横 2 竖 3 撇 4 点 5 折.
const CLASS = { j: 1, i: 1, f: 2, g: 2, s: 3, k: 4, l: 4, d: 4 };
const FOLDS = "abcehmnopqrtuvwxyz"; // every other letter of its stroke table is a stroke with a turn
const strokeClass = (letter) => CLASS[letter] ?? (FOLDS.includes(letter) ? 5 : null);

function unihan(file, key) {
  const text = execFileSync("bzcat", [join(UNIHAN, file)], { encoding: "utf8", maxBuffer: 1 << 28 });
  const out = new Map();
  for (const line of text.split("\n")) {
    const [cp, k, value] = line.split("\t");
    if (k === key && cp.startsWith("U+")) out.set(String.fromCodePoint(parseInt(cp.slice(2), 16)), value);
  }
  if (out.size === 0) throw new Error(`${file}: no ${key} (is Debian's unicode-data installed?)`);
  return out;
}

function cncharOrder() {
  const dir = mkdtempSync(join(tmpdir(), "cnchar-"));
  try {
    execFileSync("npm", ["pack", CNCHAR, "--silent"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    execFileSync("tar", ["xzf", tgz], { cwd: dir });
    const src = readFileSync(join(dir, "package/cnchar.order.min.js"), "utf8");
    // The bundle holds its data as JSON.parse('…') literals: the dictionary, then the stroke table.
    const objects = [...src.matchAll(/JSON\.parse\('(.*?)'\)/gs)].map((m) => JSON.parse(m[1]));
    const dict = objects.find((o) => o["一"] === "j");
    const table = objects.find((o) => o.j && o.j.name === "横");
    if (!dict || !table) throw new Error(`${CNCHAR}: data not found in the bundle`);
    for (const [letter, info] of Object.entries(table)) {
      const expected = info.name.split("|")[0];
      const cls = strokeClass(letter);
      const ok = { 1: ["横", "提"], 2: ["竖", "竖钩"], 3: ["撇"], 4: ["点", "点2", "捺"] }[cls];
      if (cls === null || (ok ? !ok.includes(expected) : ["横", "提", "竖", "竖钩", "撇", "点", "捺"].includes(expected))) {
        throw new Error(`${CNCHAR}: stroke letter ${letter} (${info.name}) does not fit its class ${cls}`);
      }
    }
    return dict;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sequences = cncharOrder();
const tgh = unihan("Unihan_OtherMappings.txt.bz2", "kTGH");
const totalStrokes = unihan("Unihan_IRGSources.txt.bz2", "kTotalStrokes");
const mandarin = unihan("Unihan_Readings.txt.bz2", "kMandarin");

const chars = new Set([...tgh.keys(), ...Object.keys(sequences)]);
const rows = [];
let mismatched = [];
for (const c of chars) {
  const letters = sequences[c];
  const seq = letters ? [...letters].map(strokeClass).join("") : null;
  // kTotalStrokes may give two counts (simplified, traditional): the first is the one for zh-Hans.
  const unihanCount = totalStrokes.has(c) ? parseInt(totalStrokes.get(c)) : null;
  if (seq && unihanCount && seq.length !== unihanCount) mismatched.push(`${c} ${seq.length}/${unihanCount}`);
  const count = seq ? seq.length : unihanCount;
  if (!count) throw new Error(`no stroke count for ${c}`);
  rows.push({ c, cp: c.codePointAt(0), seq, count });
}
rows.sort(
  (a, b) =>
    a.count - b.count ||
    (a.seq && b.seq ? (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0) : a.seq ? -1 : b.seq ? 1 : 0) ||
    a.cp - b.cp,
);
const rank = new Map(rows.map((r, i) => [r.c, i]));

// The order documents use (按姓氏笔画): checked before anything is written.
const expected = "丁王刘李吴何张陈赵郭谭";
for (let i = 1; i < expected.length; i++) {
  if (!(rank.get(expected[i - 1]) < rank.get(expected[i]))) throw new Error(`order check: ${expected[i - 1]} ≥ ${expected[i]}`);
}

// Readings.
const TONES = { ā: 1, á: 2, ǎ: 3, à: 4, ē: 1, é: 2, ě: 3, è: 4, ī: 1, í: 2, ǐ: 3, ì: 4, ō: 1, ó: 2, ǒ: 3, ò: 4,
  ū: 1, ú: 2, ǔ: 3, ù: 4, ǖ: 1, ǘ: 2, ǚ: 3, ǜ: 4, ń: 2, ň: 3, ǹ: 4, ḿ: 2 };
const tone = (p) => [...p].map((ch) => TONES[ch]).find(Boolean) ?? 5;
const plain = (p) =>
  p.replace(/[ǖǘǚǜü]/g, "v").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
const reading = (c) => {
  const r = mandarin.get(c);
  return r ? r.split(" ")[0] : null;
};
const noReading = rows.filter((r) => !reading(r.c)).map((r) => r.c);
if (noReading.length) throw new Error(`no kMandarin reading for ${noReading.join("")}`);
const syllables = [...new Set([...rows.map((r) => plain(reading(r.c))), ...Object.values(SURNAME_READINGS).map(plain)])].sort();
const classOf = (p) => syllables.indexOf(plain(p)) * 5 + tone(p) - 1;
if (syllables.length * 5 > 1 << 16) throw new Error("too many syllables for u16 classes");

// STROKE_ORDER: zigzag LEB128 code point differences.
const strokeBytes = [];
let prev = 0;
for (const r of rows) {
  const d = r.cp - prev;
  prev = r.cp;
  let v = d >= 0 ? 2 * d : -2 * d - 1;
  while (v >= 0x80) {
    strokeBytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 0x80);
  }
  strokeBytes.push(v);
}
const pinyinBytes = [];
for (const r of rows) {
  const k = classOf(reading(r.c));
  pinyinBytes.push(k & 0xff, k >> 8);
}
const surnames = Object.entries(SURNAME_READINGS)
  .filter(([c]) => rank.has(c))
  .sort(([a], [b]) => a.codePointAt(0) - b.codePointAt(0));

// One byte string literal over many lines (a backslash at the end of a line continues it).
const byteLiteral = (bytes) => {
  const lines = [];
  for (let i = 0; i < bytes.length; i += 28) {
    lines.push("    " + bytes.slice(i, i + 28).map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("") + "\\");
  }
  return `b"\\\n${lines.join("\n")}\n"`;
};
const gz = (bytes) => gzipSync(Buffer.from(bytes), { level: 9 }).length;
const sha = createHash("sha256").update(Buffer.from(strokeBytes)).update(Buffer.from(pinyinBytes)).digest("hex").slice(0, 16);

const rust = `//! Generated by scripts/gen-collation.mjs (do not edit; run it again to change): the order of Chinese
//! characters for names, from npm \`cnchar-order\` 3.2.6 (stroke sequences) and Debian \`unicode-data\` 15.0
//! (Unihan: kTGH, kTotalStrokes, kMandarin). See src/domain/collation.rs for how it is read.
//! ${rows.length} characters; STROKE_ORDER ${strokeBytes.length} bytes (gzip ${gz(strokeBytes)}), PINYIN_CLASS ${pinyinBytes.length} bytes (gzip ${gz(pinyinBytes)}); sha256 ${sha}.

/// How many characters the table orders.
pub const CHARS: usize = ${rows.length};

/// The characters' code points in stroke order, each as the zigzag LEB128 difference from the previous one
/// (the first from 0).
pub static STROKE_ORDER: &[u8] = ${byteLiteral(strokeBytes)};

/// Per stroke rank, the reading's class (syllable × 5 + tone − 1; syllables alphabetical), u16 little-endian.
pub static PINYIN_CLASS: &[u8] = ${byteLiteral(pinyinBytes)};

/// Characters read differently as a surname, with that reading's class; sorted by character.
pub static PINYIN_SURNAMES: &[(char, u16)] = &[
${surnames.map(([c, p]) => `    ('${c}', ${classOf(p)}), // ${p}`).join("\n")}
];
`;
writeFileSync(OUT, rust);
// As `cargo fmt` would leave it (rustfmt.toml applies), so that a regeneration diffs only where the data changed.
execFileSync("rustfmt", ["--edition", "2021", OUT], { cwd: ROOT, stdio: "inherit" });
console.log(
  `gen-collation: ${rows.length} characters (${rows.filter((r) => !r.seq).length} without a stroke sequence), ` +
    `${syllables.length} syllables; STROKE_ORDER ${strokeBytes.length} B (gzip ${gz(strokeBytes)}), ` +
    `PINYIN_CLASS ${pinyinBytes.length} B (gzip ${gz(pinyinBytes)}); sequence length ≠ kTotalStrokes: ${mismatched.join(", ") || "none"}`,
);
console.log(`gen-collation: wrote ${OUT}`);
