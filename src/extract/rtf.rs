//! RTF: a small tokenizer over groups and control words. `\uN` escapes and
//! `\'xx` bytes in the document's code page (`\ansicpg936` → GBK) become
//! text; font tables, styles, pictures and other destinations are skipped;
//! headers, footers and footnotes go to `extras`.

use super::{ErrorKind, Extra, ExtraKind, ExtractError, Extracted, Result};
use encoding_rs::Encoding;

/// Destinations whose text is not body text.
const SKIP: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "themedata",
    "datastore",
    "latentstyles",
    "xmlnsstbl",
    "fldinst",
    "filetbl",
    "revtbl",
    "bkmkstart",
    "bkmkend",
    "xe",
    "tc",
    "nonshppict",
    "shpinst",
    "mmathPr",
    "wgrffmtfilter",
    "pgdsctbl",
    "colorschememapping",
    "userprops",
];

#[derive(Clone)]
struct State {
    skip: bool,
    /// Where text goes: 0 body, else an extra.
    target: Option<ExtraKind>,
    /// Characters to skip after `\uN` (`\ucN`).
    uc: usize,
}

pub fn extract(bytes: &[u8]) -> Result<Extracted> {
    if !bytes.starts_with(b"{\\rtf") {
        return Err(ExtractError::new(
            ErrorKind::Corrupt,
            "not an RTF file ({\\rtf missing)",
        ));
    }
    let mut enc: &'static Encoding = encoding_rs::WINDOWS_1252;
    let mut stack: Vec<State> = Vec::new();
    let mut st = State {
        skip: false,
        target: None,
        uc: 1,
    };
    let mut body = String::new();
    let mut extras: Vec<(ExtraKind, String)> = Vec::new();
    let mut pending: Vec<u8> = Vec::new(); // \'xx bytes decoded together (GBK is 2-byte)
    let mut skip_fallback = 0usize;
    let mut high_surrogate: Option<u16> = None;
    let mut i = 0;

    fn sink<'a>(
        st: &State,
        body: &'a mut String,
        extras: &'a mut Vec<(ExtraKind, String)>,
    ) -> Option<&'a mut String> {
        if st.skip {
            return None;
        }
        match st.target {
            None => Some(body),
            Some(k) => {
                if extras.last().map(|e| e.0) != Some(k) {
                    extras.push((k, String::new()));
                }
                extras.last_mut().map(|e| &mut e.1)
            }
        }
    }
    let flush = |pending: &mut Vec<u8>, enc: &'static Encoding, out: Option<&mut String>| {
        if !pending.is_empty() {
            let (t, _) = enc.decode_without_bom_handling(pending);
            if let Some(o) = out {
                o.push_str(&t);
            }
            pending.clear();
        }
    };

    while i < bytes.len() {
        let c = bytes[i];
        // Bytes of \'xx accumulate; anything else flushes them first.
        let is_hex = c == b'\\' && bytes.get(i + 1) == Some(&b'\'');
        if !is_hex && !pending.is_empty() {
            flush(&mut pending, enc, sink(&st, &mut body, &mut extras));
        }
        match c {
            b'{' => {
                stack.push(st.clone());
                i += 1;
                // {\* ...} is an ignorable destination.
                if bytes.get(i..i + 2) == Some(b"\\*") {
                    st.skip = true;
                    i += 2;
                }
            }
            b'}' => {
                st = stack.pop().unwrap_or(State {
                    skip: false,
                    target: None,
                    uc: 1,
                });
                i += 1;
            }
            b'\\' => {
                let Some(&n) = bytes.get(i + 1) else { break };
                if n == b'\'' {
                    let hex = bytes
                        .get(i + 2..i + 4)
                        .and_then(|h| std::str::from_utf8(h).ok());
                    if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        if skip_fallback > 0 {
                            skip_fallback -= 1;
                        } else {
                            pending.push(b);
                        }
                    }
                    i += 4;
                    continue;
                }
                if !n.is_ascii_alphabetic() {
                    // Control symbols: \\ \{ \} \~ \- \_
                    let ch = match n {
                        b'\\' | b'{' | b'}' => Some(n as char),
                        b'~' => Some(' '),
                        b'_' => Some('-'),
                        _ => None,
                    };
                    if let (Some(ch), Some(o)) = (ch, sink(&st, &mut body, &mut extras)) {
                        o.push(ch);
                    }
                    i += 2;
                    continue;
                }
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
                    j += 1;
                }
                let word = std::str::from_utf8(&bytes[start..j]).unwrap_or("");
                let nstart = j;
                if j < bytes.len() && (bytes[j] == b'-' || bytes[j].is_ascii_digit()) {
                    j += 1;
                    while j < bytes.len() && bytes[j].is_ascii_digit() {
                        j += 1;
                    }
                }
                let param: Option<i32> = std::str::from_utf8(&bytes[nstart..j])
                    .ok()
                    .and_then(|s| s.parse().ok());
                if j < bytes.len() && bytes[j] == b' ' {
                    j += 1;
                }
                i = j;
                match word {
                    "ansicpg" => {
                        if let Some(cp) = param {
                            enc = codepage(cp as u32);
                        }
                    }
                    // A GB2312/Big5 font in the font table: the document's 8-bit text is Chinese.
                    "fcharset"
                        if (param == Some(134) || param == Some(136))
                            && enc == encoding_rs::WINDOWS_1252 =>
                    {
                        enc = if param == Some(134) {
                            encoding_rs::GBK
                        } else {
                            encoding_rs::BIG5
                        };
                    }
                    "uc" => st.uc = param.unwrap_or(1).max(0) as usize,
                    "u" => {
                        let v = param.unwrap_or(0);
                        let unit = if v < 0 { (v + 65536) as u16 } else { v as u16 };
                        let ch = match (high_surrogate.take(), unit) {
                            (None, 0xD800..=0xDBFF) => {
                                high_surrogate = Some(unit);
                                None
                            }
                            (Some(h), 0xDC00..=0xDFFF) => {
                                char::decode_utf16([h, unit]).next().and_then(|r| r.ok())
                            }
                            (_, u) => char::from_u32(u32::from(u)),
                        };
                        if let (Some(ch), Some(o)) = (ch, sink(&st, &mut body, &mut extras)) {
                            o.push(ch);
                        }
                        skip_fallback = st.uc;
                    }
                    "par" | "line" | "sect" | "page" => {
                        if let Some(o) = sink(&st, &mut body, &mut extras) {
                            o.push('\n');
                        }
                    }
                    "tab" | "cell" => {
                        if let Some(o) = sink(&st, &mut body, &mut extras) {
                            o.push('\t');
                        }
                    }
                    "row" => {
                        if let Some(o) = sink(&st, &mut body, &mut extras) {
                            while o.ends_with('\t') {
                                o.pop();
                            }
                            o.push('\n');
                        }
                    }
                    "header" | "headerl" | "headerr" | "headerf" => {
                        st.target = Some(ExtraKind::Header)
                    }
                    "footer" | "footerl" | "footerr" | "footerf" => {
                        st.target = Some(ExtraKind::Footer)
                    }
                    "footnote" => st.target = Some(ExtraKind::Footnote),
                    "annotation" => st.target = Some(ExtraKind::Comment),
                    "emdash" | "endash" | "bullet" | "lquote" | "rquote" | "ldblquote"
                    | "rdblquote" => {
                        let ch = match word {
                            "emdash" => '—',
                            "endash" => '–',
                            "bullet" => '•',
                            "lquote" => '‘',
                            "rquote" => '’',
                            "ldblquote" => '“',
                            _ => '”',
                        };
                        if let Some(o) = sink(&st, &mut body, &mut extras) {
                            o.push(ch);
                        }
                    }
                    w if SKIP.contains(&w) => st.skip = true,
                    _ => {}
                }
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                if skip_fallback > 0 {
                    skip_fallback -= 1;
                } else if let Some(o) = sink(&st, &mut body, &mut extras) {
                    if c.is_ascii() {
                        o.push(c as char);
                    } else {
                        pending.push(c);
                    }
                }
                i += 1;
            }
        }
    }
    flush(&mut pending, enc, sink(&st, &mut body, &mut extras));
    let body: String = body
        .lines()
        .map(|l| l.trim_end_matches('\t'))
        .collect::<Vec<_>>()
        .join("\n");
    if body.trim().is_empty() {
        return Err(ExtractError::new(ErrorKind::Empty, "RTF has no body text"));
    }
    let mut out = Extracted::single(body, "rtf");
    for (kind, text) in extras {
        let text = text.trim().to_string();
        if !text.is_empty() {
            out.extras.push(Extra { kind, text });
        }
    }
    Ok(out)
}

fn codepage(cp: u32) -> &'static Encoding {
    match cp {
        936 | 54936 => encoding_rs::GB18030,
        950 => encoding_rs::BIG5,
        65001 => encoding_rs::UTF_8,
        1250 => encoding_rs::WINDOWS_1250,
        1251 => encoding_rs::WINDOWS_1251,
        _ => encoding_rs::WINDOWS_1252,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_bytes_unicode_escapes_tables_and_footnotes() {
        let rtf = br"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fcharset134 \'cb\'ce\'cc\'e5;}}{\*\generator x;}{\header \'d2\'b3\'c3\'bc}
\pard \'d0\'c5\'d3\'c3\u20462?\u22797?\par
\u-10174?\u-8265?\par
\trowd \intbl A\cell B\cell\row
{\footnote \'bd\'c5\'d7\'a2}\par}";
        let x = extract(rtf).unwrap();
        assert_eq!(x.pages[0], "信用修复\n𠮷\nA\tB\n");
        assert_eq!(x.extras.len(), 2);
        assert_eq!(x.extras[0].text, "页眉");
        assert_eq!(x.extras[1].kind, ExtraKind::Footnote);
        assert_eq!(x.extras[1].text, "脚注");
    }

    #[test]
    fn not_rtf_and_empty() {
        assert_eq!(extract(b"hello").unwrap_err().kind, ErrorKind::Corrupt);
        assert_eq!(
            extract(br"{\rtf1{\fonttbl x}}").unwrap_err().kind,
            ErrorKind::Empty
        );
    }
}
