//! A minimal ZIP writer for the .docx package: each part compressed with DEFLATE (method 8, by the app's own
//! encoder in `export::deflate`), or stored (method 0) when that would not make it smaller, with its CRC-32;
//! a central directory and the end record (PKWARE APPNOTE 6.3: sections 4.3.7, 4.3.12, 4.3.16). UTF-8 names
//! (the parts' names are ASCII). Entries carry a fixed date (1980-01-01), so the same document always gives
//! the same bytes. No ZIP64: a part or the whole file above 4 GB is refused, which no branch's records come
//! near. The year book of a branch of 80 with 112 records is 1.6 MB of XML and 87 KB zipped.

/// The CRC-32 (IEEE 802.3, as ZIP uses it) of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc = TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// The package was too large for a plain ZIP file (over 4 GB, or over 65,535 parts).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("文件太大，无法生成 Word 文件（超过 4 GB）。请按类别或分年导出。")]
pub struct TooLarge;

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// DOS date of 1980-01-01, time 00:00.
const DOS_DATE: u16 = 0x0021;
const DOS_TIME: u16 = 0;
/// Bit 11: names are UTF-8.
const FLAGS: u16 = 1 << 11;

/// Writes the files `(name, bytes)` in order as a ZIP archive, each deflated (or stored when deflating does
/// not help).
pub fn write_zip(files: &[(&str, &[u8])]) -> Result<Vec<u8>, TooLarge> {
    let raw: usize = files
        .iter()
        .map(|(n, d)| 30 + 46 + 2 * n.len() + d.len())
        .sum::<usize>()
        + 22;
    if raw > u32::MAX as usize || files.len() > usize::from(u16::MAX) {
        return Err(TooLarge);
    }
    let mut out = Vec::with_capacity(raw / 8);
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let deflated = super::super::deflate::deflate(data, super::super::deflate::FAST);
        let (method, body): (u16, &[u8]) = if deflated.len() < data.len() {
            (8, &deflated)
        } else {
            (0, data)
        };
        let size = data.len() as u32;
        let packed = body.len() as u32;
        // Local file header.
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, 20); // version needed: 2.0 (deflate)
        put16(&mut out, FLAGS);
        put16(&mut out, method);
        put16(&mut out, DOS_TIME);
        put16(&mut out, DOS_DATE);
        put32(&mut out, crc);
        put32(&mut out, packed);
        put32(&mut out, size);
        put16(&mut out, name.len() as u16);
        put16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(body);
        // Central directory entry.
        put32(&mut central, 0x0201_4b50);
        put16(&mut central, 20); // made by: 2.0, MS-DOS
        put16(&mut central, 20);
        put16(&mut central, FLAGS);
        put16(&mut central, method);
        put16(&mut central, DOS_TIME);
        put16(&mut central, DOS_DATE);
        put32(&mut central, crc);
        put32(&mut central, packed);
        put32(&mut central, size);
        put16(&mut central, name.len() as u16);
        put16(&mut central, 0); // extra
        put16(&mut central, 0); // comment
        put16(&mut central, 0); // disk
        put16(&mut central, 0); // internal attributes
        put32(&mut central, 0); // external attributes
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend_from_slice(&central);
    // End of central directory.
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, files.len() as u16);
    put16(&mut out, files.len() as u16);
    put32(&mut out, central_size);
    put32(&mut out, central_offset);
    put16(&mut out, 0);
    Ok(out)
}
