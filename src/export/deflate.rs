//! DEFLATE (RFC 1951), hand-written: a small encoder (LZ77 with hash chains, one block of fixed Huffman codes)
//! and a complete inflater (stored, fixed and dynamic blocks, with a cap on the output), plus the zlib
//! wrapper (RFC 1950). The share link compresses its JSON with it (see `share` for why not a crate), and the
//! Word files their parts (a ZIP entry holds raw DEFLATE): one codec in the app instead of two.
//!
//! Fixed Huffman codes compress about a fifth worse than zlib's best level; on a Word file's XML, which
//! repeats itself, the ZIP still comes out about fifteen times smaller than stored.

/// Adler-32 of `data`.
pub fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= 65_521;
        b %= 65_521;
    }
    (b << 16) | a
}

struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    /// Writes the low `len` bits of `value`, least significant first.
    fn bits(&mut self, value: u32, len: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// Writes a Huffman code (most significant bit first).
    fn code(&mut self, code: u32, len: u32) {
        self.bits(code.reverse_bits() >> (32 - len), len);
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];

/// Writes literal/length symbol `sym` with the fixed Huffman code.
fn fixed_literal(w: &mut BitWriter, sym: u16) {
    let sym = u32::from(sym);
    match sym {
        0..=143 => w.code(0x30 + sym, 8),
        144..=255 => w.code(0x190 + sym - 144, 9),
        256..=279 => w.code(sym - 256, 7),
        _ => w.code(0xC0 + sym - 280, 8),
    }
}

fn write_match(w: &mut BitWriter, len: usize, dist: usize) {
    let li = LEN_BASE.iter().rposition(|&b| usize::from(b) <= len).unwrap_or(0);
    fixed_literal(w, 257 + li as u16);
    w.bits((len - usize::from(LEN_BASE[li])) as u32, u32::from(LEN_EXTRA[li]));
    let di = DIST_BASE.iter().rposition(|&b| usize::from(b) <= dist).unwrap_or(0);
    w.code(di as u32, 5);
    w.bits((dist - usize::from(DIST_BASE[di])) as u32, u32::from(DIST_EXTRA[di]));
}

/// How hard the matcher looks: candidates followed along a hash chain, and the match length that ends the
/// search early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effort {
    pub max_chain: usize,
    pub good_enough: usize,
}

/// The share link's: small JSON, every byte counts.
pub const THOROUGH: Effort = Effort {
    max_chain: 256,
    good_enough: 258,
};

/// The Word files': megabytes of XML that repeats itself, where long matches come at once and following a
/// long chain costs time for little gain (see docs/word-format.md for the figures).
pub const FAST: Effort = Effort {
    max_chain: 8,
    good_enough: 32,
};

/// Raw DEFLATE of `data` (what a ZIP entry with method 8 holds): LZ77 (32 KiB window, hash chains) and one
/// final block of fixed Huffman codes.
pub fn deflate(data: &[u8], effort: Effort) -> Vec<u8> {
    let mut w = BitWriter {
        out: Vec::with_capacity(data.len() / 4 + 16),
        acc: 0,
        n: 0,
    };
    deflate_into(&mut w, data, effort);
    w.finish()
}

/// zlib-compresses `data`: the zlib header, [`deflate`]'s stream, the Adler-32 checksum.
pub fn zlib_compress(data: &[u8]) -> Vec<u8> {
    let mut w = BitWriter {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    deflate_into(&mut w, data, THOROUGH);
    let mut out = w.finish();
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

fn deflate_into(w: &mut BitWriter, data: &[u8], effort: Effort) {
    const WINDOW: usize = 32 * 1024;
    const HASH_BITS: u32 = 14;
    let hash = |i: usize| -> usize {
        let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
        (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    };
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; data.len()];
    w.bits(1, 1); // BFINAL
    w.bits(1, 2); // BTYPE = 01, fixed Huffman
    let insert = |head: &mut Vec<usize>, prev: &mut Vec<usize>, i: usize| {
        if i + 3 <= data.len() {
            let h = hash(i);
            prev[i] = head[h];
            head[h] = i;
        }
    };
    let mut i = 0;
    while i < data.len() {
        let mut best_len = 0;
        let mut best_dist = 0;
        if i + 3 <= data.len() {
            let max_len = (data.len() - i).min(258);
            let mut cand = head[hash(i)];
            let mut chain = 0;
            while cand != usize::MAX && i - cand <= WINDOW && chain < effort.max_chain {
                let l = data[cand..]
                    .iter()
                    .zip(&data[i..i + max_len])
                    .take_while(|(a, b)| a == b)
                    .count();
                if l > best_len {
                    best_len = l;
                    best_dist = i - cand;
                    if l == max_len || l >= effort.good_enough {
                        break;
                    }
                }
                cand = prev[cand];
                chain += 1;
            }
        }
        if best_len >= 3 {
            write_match(w, best_len, best_dist);
            for j in i..i + best_len {
                insert(&mut head, &mut prev, j);
            }
            i += best_len;
        } else {
            fixed_literal(w, u16::from(data[i]));
            insert(&mut head, &mut prev, i);
            i += 1;
        }
    }
    fixed_literal(w, 256);
}

/// Why inflating stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InflateError {
    /// Malformed or cut stream.
    Damaged,
    /// The output would exceed the cap.
    TooLarge,
}

struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u32,
    n: u32,
}

impl BitReader<'_> {
    fn bits(&mut self, need: u32) -> Result<u32, InflateError> {
        while self.n < need {
            let byte = *self.data.get(self.pos).ok_or(InflateError::Damaged)?;
            self.pos += 1;
            self.acc |= u32::from(byte) << self.n;
            self.n += 8;
        }
        let v = if need == 0 { 0 } else { self.acc & ((1u32 << need) - 1) };
        self.acc = if need >= 32 { 0 } else { self.acc >> need };
        self.n -= need;
        Ok(v)
    }
    fn align(&mut self) {
        self.acc = 0;
        self.n = 0;
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    /// From code lengths (0 = unused). Over-subscribed sets are rejected; incomplete ones are accepted
    /// (decoding an unused code then fails).
    fn new(lengths: &[u8]) -> Result<Huffman, InflateError> {
        let mut counts = [0u16; 16];
        for &l in lengths {
            counts[usize::from(l)] += 1;
        }
        counts[0] = 0;
        let mut left: i32 = 1;
        for &c in &counts[1..] {
            left = left * 2 - i32::from(c);
            if left < 0 {
                return Err(InflateError::Damaged);
            }
        }
        let mut offsets = [0u16; 16];
        for len in 1..15 {
            offsets[len + 1] = offsets[len] + counts[len];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (sym, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbols[usize::from(offsets[usize::from(l)])] = sym as u16;
                offsets[usize::from(l)] += 1;
            }
        }
        Ok(Huffman { counts, symbols })
    }

    fn decode(&self, r: &mut BitReader<'_>) -> Result<u16, InflateError> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= r.bits(1)? as i32;
            let count = i32::from(self.counts[len]);
            if code - first < count {
                return self
                    .symbols
                    .get((index + code - first) as usize)
                    .copied()
                    .ok_or(InflateError::Damaged);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Damaged)
    }
}

/// Inflates raw DEFLATE data (all three block types), refusing to produce more than `cap` bytes. Returns
/// the output and the number of input bytes consumed.
pub fn inflate(data: &[u8], cap: usize) -> Result<(Vec<u8>, usize), InflateError> {
    let mut r = BitReader {
        data,
        pos: 0,
        acc: 0,
        n: 0,
    };
    let mut out: Vec<u8> = Vec::new();
    loop {
        let last = r.bits(1)? == 1;
        match r.bits(2)? {
            0 => {
                r.align();
                let header = data.get(r.pos..r.pos + 4).ok_or(InflateError::Damaged)?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                let nlen = u16::from_le_bytes([header[2], header[3]]);
                if len as u16 != !nlen {
                    return Err(InflateError::Damaged);
                }
                r.pos += 4;
                let block = data.get(r.pos..r.pos + len).ok_or(InflateError::Damaged)?;
                if out.len() + len > cap {
                    return Err(InflateError::TooLarge);
                }
                out.extend_from_slice(block);
                r.pos += len;
            }
            1 => {
                let mut lengths = [0u8; 288];
                lengths[..144].fill(8);
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                lengths[280..].fill(8);
                let lit = Huffman::new(&lengths)?;
                let dist = Huffman::new(&[5u8; 30])?;
                inflate_block(&mut r, &mut out, &lit, &dist, cap)?;
            }
            2 => {
                let (lit, dist) = dynamic_tables(&mut r)?;
                inflate_block(&mut r, &mut out, &lit, &dist, cap)?;
            }
            _ => return Err(InflateError::Damaged),
        }
        if last {
            return Ok((out, r.pos));
        }
    }
}

fn dynamic_tables(r: &mut BitReader<'_>) -> Result<(Huffman, Huffman), InflateError> {
    const ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    let nlit = r.bits(5)? as usize + 257;
    let ndist = r.bits(5)? as usize + 1;
    let ncode = r.bits(4)? as usize + 4;
    if nlit > 286 || ndist > 30 {
        return Err(InflateError::Damaged);
    }
    let mut cl = [0u8; 19];
    for &i in &ORDER[..ncode] {
        cl[i] = r.bits(3)? as u8;
    }
    let cl_code = Huffman::new(&cl)?;
    let mut lengths = vec![0u8; nlit + ndist];
    let mut i = 0;
    while i < nlit + ndist {
        let sym = cl_code.decode(r)?;
        let (value, repeat) = match sym {
            0..=15 => (sym as u8, 1),
            16 => (
                *lengths.get(i.wrapping_sub(1)).ok_or(InflateError::Damaged)?,
                3 + r.bits(2)? as usize,
            ),
            17 => (0, 3 + r.bits(3)? as usize),
            18 => (0, 11 + r.bits(7)? as usize),
            _ => return Err(InflateError::Damaged),
        };
        if i + repeat > nlit + ndist {
            return Err(InflateError::Damaged);
        }
        lengths[i..i + repeat].fill(value);
        i += repeat;
    }
    if lengths[256] == 0 {
        return Err(InflateError::Damaged);
    }
    Ok((Huffman::new(&lengths[..nlit])?, Huffman::new(&lengths[nlit..])?))
}

fn inflate_block(
    r: &mut BitReader<'_>,
    out: &mut Vec<u8>,
    lit: &Huffman,
    dist: &Huffman,
    cap: usize,
) -> Result<(), InflateError> {
    loop {
        let sym = usize::from(lit.decode(r)?);
        match sym {
            0..=255 => {
                if out.len() >= cap {
                    return Err(InflateError::TooLarge);
                }
                out.push(sym as u8);
            }
            256 => return Ok(()),
            257..=285 => {
                let li = sym - 257;
                let len = usize::from(LEN_BASE[li]) + r.bits(u32::from(LEN_EXTRA[li]))? as usize;
                let di = usize::from(dist.decode(r)?);
                if di >= 30 {
                    return Err(InflateError::Damaged);
                }
                let d = usize::from(DIST_BASE[di]) + r.bits(u32::from(DIST_EXTRA[di]))? as usize;
                if d > out.len() {
                    return Err(InflateError::Damaged);
                }
                if out.len() + len > cap {
                    return Err(InflateError::TooLarge);
                }
                let from = out.len() - d;
                for k in 0..len {
                    out.push(out[from + k]);
                }
            }
            _ => return Err(InflateError::Damaged),
        }
    }
}

/// Reads a zlib stream: header, DEFLATE data (at most `cap` bytes out), Adler-32; nothing may follow.
pub fn zlib_decompress(data: &[u8], cap: usize) -> Result<Vec<u8>, InflateError> {
    let [cmf, flg, ..] = *data else {
        return Err(InflateError::Damaged);
    };
    if cmf & 0x0F != 8 || cmf >> 4 > 7 || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0 || flg & 0x20 != 0 {
        return Err(InflateError::Damaged);
    }
    let (out, used) = inflate(&data[2..], cap)?;
    let rest = &data[2 + used..];
    if rest.len() != 4 || u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) != adler32(&out) {
        return Err(InflateError::Damaged);
    }
    Ok(out)
}
