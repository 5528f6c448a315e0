//! Plain text in any Chinese encoding: UTF-8 (with or without BOM), UTF-16
//! LE/BE (BOM, or detected from the NUL pattern), GB18030/GBK (detected with
//! chardetng, never assumed from the machine's locale).

use super::{ErrorKind, ExtractError, Extracted, Result};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

pub fn extract(bytes: &[u8]) -> Result<Extracted> {
    let (text, enc) = decode(bytes);
    if text.trim().is_empty() {
        return Err(ExtractError::new(
            ErrorKind::Empty,
            if bytes.is_empty() {
                "0 bytes".to_string()
            } else {
                format!("{} bytes, no visible text", bytes.len())
            },
        ));
    }
    let mut out = Extracted::single(text, "text");
    out.engine = enc;
    Ok(out)
}

/// Decode bytes of unknown encoding. Returns the text and the encoding's name.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc_name(enc));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (text.into_owned(), enc_name(enc));
    }
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return (s.to_string(), "utf-8");
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Allow);
    // chardetng answers GBK for GB18030 files; the GB18030 decoder is a
    // superset (4-byte sequences such as 𠮷), so always decode with it.
    let enc = if guess == encoding_rs::GBK || guess == GB18030 {
        GB18030
    } else {
        guess
    };
    let (text, _, _) = enc.decode(bytes);
    (text.into_owned(), enc_name(enc))
}

fn enc_name(enc: &'static Encoding) -> &'static str {
    if enc == UTF_8 {
        "utf-8"
    } else if enc == UTF_16LE {
        "utf-16le"
    } else if enc == UTF_16BE {
        "utf-16be"
    } else if enc == GB18030 {
        "gb18030"
    } else {
        enc.name()
    }
}

/// UTF-16 without a BOM shows as NUL bytes in every other position for ASCII
/// (and often for CJK punctuation). chardetng never detects it.
pub fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let sample = &sample[..sample.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0, 0);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    // ASCII-heavy UTF-16: one side of each pair is mostly NUL, the other never.
    if odd_nul * 10 >= pairs * 3 && even_nul == 0 {
        return Some(UTF_16LE);
    }
    if even_nul * 10 >= pairs * 3 && odd_nul == 0 {
        return Some(UTF_16BE);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "第一条　为加强信用管理，根据《辽宁省公共信用信息管理条例》制定本办法。𠮷";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(TEXT.as_bytes()).0, TEXT);
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(TEXT.as_bytes());
        assert_eq!(decode(&b), (TEXT.to_string(), "utf-8"));
    }

    #[test]
    fn utf16_both_ways() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in TEXT.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le), (TEXT.to_string(), "utf-16le"));
        assert_eq!(decode(&be), (TEXT.to_string(), "utf-16be"));
        let ascii_le: Vec<u8> = "Article 1 credit 2021"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&ascii_le).0, "Article 1 credit 2021");
    }

    #[test]
    fn gb18030_including_four_byte_sequences() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        let (text, enc) = decode(&bytes);
        assert_eq!(text, TEXT);
        assert_eq!(enc, "gb18030");
        // A very short GBK text is still detected.
        let (short, _, _) = encoding_rs::GBK.encode("信用修复");
        assert_eq!(decode(&short).0, "信用修复");
    }

    #[test]
    fn empty_and_blank_are_errors() {
        assert_eq!(extract(b"").unwrap_err().kind, ErrorKind::Empty);
        assert_eq!(extract(b" \r\n ").unwrap_err().kind, ErrorKind::Empty);
    }
}
