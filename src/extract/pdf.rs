//! PDF: text per page, so a finding can name its page.
//!
//! pdf-extract reads most PDFs, but it panics on Chinese fonts that are not
//! embedded and use a predefined CMap (UniGB-UCS2-H, GBK-EUC-H …) — common in
//! older government output — and its by-pages helper silently stops at the
//! first bad page. So each page is read on its own under `catch_unwind`, and
//! a page that fails, panics or comes out garbled is read again by a small
//! content-stream decoder of our own that understands ToUnicode CMaps and the
//! predefined UCS-2/UTF-16 and GB CMaps.

use super::{ErrorKind, ExtractError, Extracted, Result};
use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};

pub fn extract(bytes: &[u8]) -> Result<Extracted> {
    if bytes.is_empty() {
        return Err(ExtractError::new(ErrorKind::Empty, "0 bytes"));
    }
    let loaded = catch_unwind(AssertUnwindSafe(|| Document::load_mem(bytes)))
        .map_err(|p| ExtractError::new(ErrorKind::Corrupt, super::guard::panic_text(&p)))?;
    let mut doc = loaded.map_err(|e| load_error(&e.to_string(), bytes))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ExtractError::new(
            ErrorKind::Encrypted,
            "PDF needs a user password to open",
        ));
    }
    let pages: BTreeMap<u32, ObjectId> = doc.get_pages();
    if pages.is_empty() {
        return Err(ExtractError::new(ErrorKind::Corrupt, "PDF has no pages"));
    }
    let mut out = Extracted::default();
    let (mut used_primary, mut used_own) = (false, false);
    let last = pages.keys().copied().max().unwrap_or(0);
    let mut texts: Vec<String> = vec![String::new(); last as usize];
    for (&number, &id) in &pages {
        let primary = catch_unwind(AssertUnwindSafe(|| {
            let mut s = String::new();
            {
                let mut sink = pdf_extract::PlainTextOutput::new(&mut s);
                pdf_extract::output_doc_page(&doc, &mut sink, number)?;
            }
            Ok::<String, pdf_extract::OutputError>(s)
        }));
        let primary = match primary {
            Ok(Ok(t)) => Ok(t),
            Ok(Err(e)) => Err(e.to_string()),
            Err(p) => Err(super::guard::panic_text(&p)),
        };
        let needs_own = match &primary {
            Ok(t) => looks_garbled(t),
            Err(_) => true,
        };
        let text = if needs_own {
            let own = catch_unwind(AssertUnwindSafe(|| decode_page(&doc, id)))
                .unwrap_or_else(|p| Err(super::guard::panic_text(&p)));
            match (primary, own) {
                (Ok(p), Ok(o)) if han_count(&o) > han_count(&p) => {
                    used_own = true;
                    o
                }
                (Ok(p), _) => {
                    used_primary = true;
                    p
                }
                (Err(_), Ok(o)) => {
                    used_own = true;
                    o
                }
                (Err(e1), Err(e2)) => {
                    out.warnings
                        .push(format!("第{number}页读取失败（{e1}；{e2}）"));
                    String::new()
                }
            }
        } else {
            used_primary = true;
            primary.unwrap_or_default()
        };
        if let Some(slot) = texts.get_mut((number as usize).saturating_sub(1)) {
            *slot = text;
        }
    }
    if texts.iter().all(|t| t.trim().is_empty()) {
        if !out.warnings.is_empty() {
            return Err(ExtractError::new(
                ErrorKind::Corrupt,
                out.warnings.join("; "),
            ));
        }
        return Err(ExtractError::new(
            ErrorKind::NoTextLayer,
            format!("{}页均为图像，没有文字", pages.len()),
        ));
    }
    out.engine = match (used_primary, used_own) {
        (true, true) => "pdf-extract+taizhang-pdf",
        (false, true) => "taizhang-pdf",
        _ => "pdf-extract",
    };
    out.pages = texts;
    Ok(out)
}

fn load_error(msg: &str, bytes: &[u8]) -> ExtractError {
    let lower = msg.to_ascii_lowercase();
    if lower.contains("decrypt") || lower.contains("password") {
        return ExtractError::new(ErrorKind::Encrypted, format!("pdf: {msg}"));
    }
    let has_eof = bytes.windows(5).rev().take(2048).any(|w| w == b"%%EOF");
    let kind = if bytes.starts_with(b"%PDF") && !has_eof {
        ErrorKind::Truncated
    } else {
        ErrorKind::Corrupt
    };
    ExtractError::new(kind, format!("pdf: {msg}"))
}

fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| crate::normalize::is_han(c)).count()
}

/// Replacement or private-use characters, or control garbage: the font
/// decoding went wrong.
fn looks_garbled(t: &str) -> bool {
    let bad = t
        .chars()
        .filter(|&c| {
            c == '\u{FFFD}'
                || ('\u{E000}'..='\u{F8FF}').contains(&c)
                || (c.is_control() && !c.is_whitespace())
        })
        .count();
    let visible = t.chars().filter(|c| !c.is_whitespace()).count();
    bad > 0 && bad * 20 >= visible.max(1)
}

/// How one font's string bytes become text.
enum FontDecoder {
    /// A ToUnicode CMap: code → text, with the code length in bytes.
    ToUnicode(HashMap<u32, String>, usize),
    /// UniGB-UCS2-H, UniGB-UTF16-H, UniCNS-UCS2-H …: big-endian UTF-16.
    Utf16,
    /// GBK-EUC-H, GB-EUC-H, GBpc-EUC-H, GBK2K-H …: GBK bytes.
    Gbk,
    /// Big5 CMaps (ETen-B5-H, B5pc-H …).
    Big5,
    /// Simple fonts: bytes as Latin-1 (ASCII text survives).
    Latin1,
    /// Identity-H without ToUnicode: glyph ids only; nothing to read.
    Opaque,
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn name_of(o: &Object) -> Option<String> {
    match o {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

fn font_decoder(doc: &Document, font: &Dictionary) -> FontDecoder {
    if let Ok(tu) = font.get(b"ToUnicode") {
        if let Object::Stream(s) = resolve(doc, tu) {
            let data = s
                .decompressed_content()
                .unwrap_or_else(|_| s.content.clone());
            let (map, len) = parse_to_unicode(&data);
            if !map.is_empty() {
                return FontDecoder::ToUnicode(map, len);
            }
        }
    }
    let subtype = font
        .get(b"Subtype")
        .ok()
        .and_then(name_of)
        .unwrap_or_default();
    let encoding = font
        .get(b"Encoding")
        .ok()
        .map(|e| resolve(doc, e))
        .and_then(name_of)
        .unwrap_or_default();
    if subtype == "Type0" {
        let e = encoding.to_ascii_uppercase();
        if e.contains("UCS2") || e.contains("UTF16") {
            FontDecoder::Utf16
        } else if e.starts_with("GB") {
            FontDecoder::Gbk
        } else if e.contains("B5") || e.starts_with("ETEN") || e.starts_with("HKSCS") {
            FontDecoder::Big5
        } else {
            FontDecoder::Opaque
        }
    } else {
        FontDecoder::Latin1
    }
}

impl FontDecoder {
    fn decode(&self, bytes: &[u8]) -> String {
        match self {
            FontDecoder::ToUnicode(map, len) => {
                let mut out = String::new();
                for code in bytes.chunks(*len) {
                    let key = code.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
                    if let Some(t) = map.get(&key) {
                        out.push_str(t);
                    }
                }
                out
            }
            FontDecoder::Utf16 => encoding_rs::UTF_16BE
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            FontDecoder::Gbk => encoding_rs::GBK
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            FontDecoder::Big5 => encoding_rs::BIG5
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            FontDecoder::Latin1 => bytes
                .iter()
                .filter(|b| b.is_ascii_graphic() || **b == b' ')
                .map(|&b| b as char)
                .collect(),
            FontDecoder::Opaque => String::new(),
        }
    }
}

/// Parse the bfchar and bfrange sections of a ToUnicode CMap.
pub fn parse_to_unicode(data: &[u8]) -> (HashMap<u32, String>, usize) {
    let text = String::from_utf8_lossy(data);
    let mut map = HashMap::new();
    let mut code_len = 1usize;
    let hex = |s: &str| -> Option<Vec<u8>> {
        let s: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
        (0..s.len() / 2)
            .map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
            .collect()
    };
    let utf16 = |b: &[u8]| -> String {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| (u16::from(c[0]) << 8) | u16::from(*c.get(1).unwrap_or(&0)))
            .collect();
        char::decode_utf16(units).filter_map(|r| r.ok()).collect()
    };
    let code = |b: &[u8]| b.iter().fold(0u32, |acc, x| (acc << 8) | u32::from(*x));
    let mut section = "";
    let tokens: Vec<&str> = tokenize(&text);
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        match t {
            "beginbfchar" | "beginbfrange" | "begincodespacerange" => {
                section = t;
                i += 1;
                continue;
            }
            "endbfchar" | "endbfrange" | "endcodespacerange" => {
                section = "";
                i += 1;
                continue;
            }
            _ => {}
        }
        match section {
            "begincodespacerange" if t.starts_with('<') => {
                if let Some(b) = hex(t) {
                    code_len = b.len().max(1);
                }
                i += 2;
            }
            "beginbfchar" if t.starts_with('<') => {
                if let (Some(src), Some(dst)) = (hex(t), tokens.get(i + 1).and_then(|d| hex(d))) {
                    code_len = src.len().max(1);
                    map.insert(code(&src), utf16(&dst));
                }
                i += 2;
            }
            "beginbfrange" if t.starts_with('<') => {
                let lo = hex(t).map(|b| (code(&b), b.len()));
                let hi = tokens.get(i + 1).and_then(|d| hex(d)).map(|b| code(&b));
                let Some(((lo, len), hi)) = lo.zip(hi) else {
                    i += 1;
                    continue;
                };
                code_len = len.max(1);
                if tokens.get(i + 2) == Some(&"[") {
                    let mut j = i + 3;
                    let mut c = lo;
                    while j < tokens.len() && tokens[j] != "]" {
                        if let Some(d) = hex(tokens[j]) {
                            map.insert(c, utf16(&d));
                        }
                        c += 1;
                        j += 1;
                    }
                    i = j + 1;
                } else {
                    if let Some(d) = tokens.get(i + 2).and_then(|d| hex(d)) {
                        let base = utf16(&d);
                        let mut chars: Vec<char> = base.chars().collect();
                        for c in lo..=hi.min(lo.saturating_add(0xFFFF)) {
                            map.insert(c, chars.iter().collect());
                            if let Some(last) = chars.last_mut() {
                                *last = char::from_u32(*last as u32 + 1).unwrap_or(*last);
                            }
                        }
                    }
                    i += 3;
                }
            }
            _ => i += 1,
        }
    }
    (map, code_len)
}

fn tokenize(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'<' {
            let end = text[i..]
                .find('>')
                .map(|p| i + p + 1)
                .unwrap_or(bytes.len());
            out.push(&text[i..end]);
            i = end;
        } else if c == b'[' || c == b']' {
            out.push(&text[i..i + 1]);
            i += 1;
        } else {
            let end = text[i..]
                .find(|ch: char| ch.is_ascii_whitespace() || ch == '<' || ch == '[' || ch == ']')
                .map(|p| i + p)
                .unwrap_or(bytes.len());
            out.push(&text[i..end.max(i + 1)]);
            i = end.max(i + 1);
        }
    }
    out
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// Our own reading of one page's content stream: text operators only, a new
/// line whenever the baseline moves.
fn decode_page(doc: &Document, page: ObjectId) -> std::result::Result<String, String> {
    let fonts = doc.get_page_fonts(page).map_err(|e| e.to_string())?;
    let mut decoders: HashMap<Vec<u8>, FontDecoder> = HashMap::new();
    for (name, dict) in &fonts {
        decoders.insert(name.clone(), font_decoder(doc, dict));
    }
    let data = doc.get_page_content(page).map_err(|e| e.to_string())?;
    let content = pdf_extract::content::Content::decode(&data).map_err(|e| e.to_string())?;
    let mut out = String::new();
    let mut font: Vec<u8> = Vec::new();
    let mut size = 12.0f32;
    let (mut y, mut last_y) = (0.0f32, f32::NAN);
    let mut scale = 1.0f32;
    let mut leading = 0.0f32;
    let show =
        |out: &mut String, bytes: &[u8], font: &[u8], y: f32, last_y: &mut f32, size: f32| {
            let Some(dec) = decoders.get(font) else {
                return;
            };
            let t = dec.decode(bytes);
            if t.is_empty() {
                return;
            }
            if !last_y.is_nan()
                && (y - *last_y).abs() > size.abs().max(1.0) * 0.5
                && !out.ends_with('\n')
            {
                out.push('\n');
            }
            *last_y = y;
            out.push_str(&t);
        };
    for op in &content.operations {
        let a = &op.operands;
        match op.operator.as_str() {
            "Tf" => {
                if let Some(Object::Name(n)) = a.first() {
                    font = n.clone();
                }
                size = a.get(1).and_then(num).unwrap_or(size) * scale;
            }
            "Tm" => {
                scale = a.get(3).and_then(num).unwrap_or(1.0).abs().max(0.01);
                y = a.get(5).and_then(num).unwrap_or(y);
            }
            "Td" | "TD" => {
                let ty = a.get(1).and_then(num).unwrap_or(0.0);
                if op.operator == "TD" {
                    leading = -ty;
                }
                y += ty * scale;
            }
            "TL" => leading = a.first().and_then(num).unwrap_or(leading),
            "T*" => y -= leading.max(size) * scale,
            "Tj" | "'" | "\"" => {
                if op.operator != "Tj" {
                    y -= leading.max(size) * scale;
                }
                if let Some(Object::String(b, _)) = a.last() {
                    show(&mut out, b, &font, y, &mut last_y, size);
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = a.first() {
                    for it in items {
                        if let Object::String(b, _) = it {
                            show(&mut out, b, &font, y, &mut last_y, size);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::{dictionary, Stream, StringFormat};

    /// A one-page PDF with a non-embedded Type0 font using `encoding`, and
    /// the given strings shown on successive lines.
    fn pdf_with(encoding: &str, lines: &[Vec<u8>], to_unicode: Option<&str>) -> Vec<u8> {
        let mut doc = Document::with_version("1.4");
        let pages_id = doc.new_object_id();
        let descendant = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("GB1"), "Supplement" => 2 },
        });
        let mut font = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
            "Encoding" => encoding, "DescendantFonts" => vec![descendant.into()],
        };
        if let Some(cmap) = to_unicode {
            let id = doc.add_object(Stream::new(dictionary! {}, cmap.as_bytes().to_vec()));
            font.set("ToUnicode", id);
        }
        let font_id = doc.add_object(font);
        let mut ops = String::from("BT /F1 12 Tf 72 720 Td\n");
        let mut body = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                ops.push_str("0 -20 Td\n");
            }
            let hex: String = l.iter().map(|b| format!("{b:02X}")).collect();
            ops.push_str(&format!("<{hex}> Tj\n"));
        }
        ops.push_str("ET\n");
        body.extend_from_slice(ops.as_bytes());
        let content_id = doc.add_object(Stream::new(dictionary! {}, body));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        let _ = StringFormat::Literal;
        out
    }

    fn ucs2(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
    }

    #[test]
    fn non_embedded_ucs2_font_is_read() {
        let pdf = pdf_with(
            "UniGB-UCS2-H",
            &[ucs2("第一条　记入信用记录。"), ucs2("第二条　信用修复。")],
            None,
        );
        let x = extract(&pdf).unwrap();
        assert_eq!(x.pages.len(), 1);
        assert!(x.pages[0].contains("记入信用记录"), "{:?}", x.pages);
        assert!(x.pages[0].contains("\n第二条"), "{:?}", x.pages);
    }

    #[test]
    fn non_embedded_gbk_font_with_ascii_digits() {
        let (gbk, _, _) = encoding_rs::GBK.encode("大高信办字〔2021〕1号");
        let pdf = pdf_with("GBK-EUC-H", &[gbk.into_owned()], None);
        let x = extract(&pdf).unwrap();
        assert!(
            x.pages[0].contains("大高信办字〔2021〕1号"),
            "{:?}",
            x.pages
        );
    }

    #[test]
    fn to_unicode_cmap_parsing() {
        let cmap = "begincmap\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n2 beginbfchar\n<0001> <4FE1>\n<0002> <7528>\nendbfchar\n1 beginbfrange\n<0010> <0012> <4E00>\nendbfrange\n1 beginbfrange\n<0020> <0021> [<4FEE> <590D>]\nendbfrange\nendcmap";
        let (map, len) = parse_to_unicode(cmap.as_bytes());
        assert_eq!(len, 2);
        assert_eq!(map[&1], "信");
        assert_eq!(map[&2], "用");
        assert_eq!(map[&0x11], "丁");
        assert_eq!(map[&0x21], "复");
        let pdf = pdf_with(
            "Identity-H",
            &[vec![0, 1, 0, 2, 0, 0x20, 0, 0x21]],
            Some(cmap),
        );
        assert!(extract(&pdf).unwrap().pages[0].contains("信用修复"));
    }

    #[test]
    fn broken_pdfs_are_errors() {
        let pdf = pdf_with("UniGB-UCS2-H", &[ucs2("正文")], None);
        let cut = &pdf[..pdf.len() / 2];
        assert!(extract(cut).is_err());
        assert!(extract(b"%PDF-1.4 garbage").is_err());
        assert_eq!(extract(b"").unwrap_err().kind, ErrorKind::Empty);
    }
}
