//! Fuzz target: any bytes → the share-link decoder (`export::share::decode`: the link's text, base64url, the
//! zlib header, every DEFLATE block of the hand-written inflater, the size cap, Adler-32, the JSON and its
//! checks). Nothing may panic, loop or overflow; a link that decodes must encode again and decode to the same
//! schedule (or be too long for a link of our own: another zlib may compress better than our fixed Huffman codes).
//! The same bytes also go
//! - straight into the inflater (`export::deflate::zlib_decompress`, which never returns more than its cap);
//! - through the compressor and back (`zlib_compress` → `zlib_decompress` gives the bytes again);
//! - into a well-formed link as its JSON (`#/s/1.` + base64url of the compressed bytes), which takes them past
//!   base64url, zlib and Adler-32, which random changes rarely survive, straight to the JSON's checks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhibu::export::deflate::{zlib_compress, zlib_decompress};
use zhibu::export::share::{base64url_encode, decode, encode, ShareEncodeError, MAX_PAYLOAD_BYTES};

/// Decodes `link`; what it accepts must make a link again that reads the same.
fn decode_and_again(link: &str) {
    let Ok(schedule) = decode(link) else {
        return;
    };
    match encode(&schedule) {
        Ok(again) => assert_eq!(decode(&again).expect("the new link reads"), schedule),
        Err(ShareEncodeError::TooLong(_)) => {}
        Err(e) => panic!("a schedule read from a link does not make a link again: {e}"),
    }
}

fuzz_target!(|bytes: &[u8]| {
    // The decoder reads text (the address the member opened): the fuzzer's bytes, where they are UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes) {
        decode_and_again(text);
    }
    // The inflater on the raw bytes: a zlib stream of any shape.
    if let Ok(out) = zlib_decompress(bytes, MAX_PAYLOAD_BYTES) {
        assert!(out.len() <= MAX_PAYLOAD_BYTES);
    }
    // The compressor's output always reads back.
    let packed = zlib_compress(bytes);
    assert_eq!(zlib_decompress(&packed, bytes.len()).as_deref(), Ok(bytes));
    // The bytes as a link's JSON.
    decode_and_again(&format!("#/s/1.{}", base64url_encode(&packed)));
});
