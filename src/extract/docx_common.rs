//! Small helpers shared by the zip+XML readers (docx, odt, ofd).
//!
//! Declared inside `docx.rs` (as `docx::common`) only because the reader
//! files are owned separately; these would sit more naturally in `xml.rs`.

use super::super::{Extra, ExtraKind};
use quick_xml::events::{BytesCData, BytesStart, BytesText};
use std::borrow::Cow;

/// Bytes of an XML part as UTF-8. Handles a UTF-8 BOM, UTF-16 with a BOM,
/// and a non-UTF-8 `encoding="…"` declaration (GB2312/GBK/GB18030 in some
/// Chinese producers). quick-xml is built without its `encoding` feature,
/// so this must happen before parsing; the declaration is left in place
/// (quick-xml ignores it).
pub(crate) fn to_utf8(bytes: &[u8]) -> Cow<'_, [u8]> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Cow::Borrowed(rest);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, skip) =
            encoding_rs::Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_16LE, 2));
        let (text, _) = enc.decode_without_bom_handling(&bytes[skip..]);
        return Cow::Owned(text.into_owned().into_bytes());
    }
    if let Some(label) = declared_encoding(bytes) {
        if let Some(enc) = encoding_rs::Encoding::for_label(label) {
            if enc != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err() {
                let (text, _) = enc.decode_without_bom_handling(bytes);
                return Cow::Owned(text.into_owned().into_bytes());
            }
        }
    }
    Cow::Borrowed(bytes)
}

/// The `encoding` pseudo-attribute of an XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&[u8]> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let end = bytes.iter().take(256).position(|&b| b == b'>')?;
    let decl = &bytes[..end];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = &decl[at + 8..];
    let q = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    let quote = rest[q];
    let rest = &rest[q + 1..];
    let close = rest.iter().position(|&b| b == quote)?;
    Some(&rest[..close])
}

/// Namespace of element names by prefix, cheaper than quick-xml's
/// `NsReader` (which scans every tag's attributes for declarations; that
/// tripled the cost of a docx pass). Declarations are learnt from any tag
/// that contains `xmlns` and then hold for the rest of the document: a
/// prefix re-bound to a different namespace in a nested scope (practically
/// unseen in office files) would be misread after that scope.
pub(crate) struct Prefixes<K: Copy> {
    map: Vec<(Vec<u8>, K)>,
    classify: fn(&[u8]) -> K,
    unknown: K,
}

impl<K: Copy> Prefixes<K> {
    pub(crate) fn new(classify: fn(&[u8]) -> K, unknown: K) -> Self {
        Prefixes {
            map: Vec::new(),
            classify,
            unknown,
        }
    }

    /// Record the `xmlns` / `xmlns:p` declarations of a start tag.
    pub(crate) fn learn(&mut self, e: &BytesStart<'_>) {
        let raw = e.attributes_raw();
        // Cheap filter first: most tags have no 'x' in their attributes at all.
        if !raw.contains(&b'x') || !raw.windows(5).any(|w| w == b"xmlns") {
            return;
        }
        for a in e.attributes().with_checks(false).flatten() {
            let key = a.key.as_ref();
            let prefix: &[u8] = if key == b"xmlns" {
                b""
            } else if let Some(p) = key.strip_prefix(b"xmlns:") {
                p
            } else {
                continue;
            };
            let class = (self.classify)(a.value.as_ref());
            match self.map.iter_mut().find(|(p, _)| p.as_slice() == prefix) {
                Some(slot) => slot.1 = class,
                None => self.map.push((prefix.to_vec(), class)),
            }
        }
    }

    /// Namespace class of a qualified element name.
    pub(crate) fn class(&self, qname: &[u8]) -> K {
        let prefix = match qname.iter().position(|&b| b == b':') {
            Some(i) => &qname[..i],
            None => b"",
        };
        self.map
            .iter()
            .find(|(p, _)| p.as_slice() == prefix)
            .map_or(self.unknown, |(_, k)| *k)
    }
}

/// Value of the first attribute whose local name (prefix ignored) is `local`.
pub(crate) fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == local {
            // Decoded by hand: quick-xml's own unescape_value changes name
            // when another crate turns on its `encoding` feature.
            let raw = String::from_utf8_lossy(&a.value);
            return Some(match quick_xml::escape::unescape(&raw) {
                Ok(v) => v.into_owned(),
                Err(_) => raw.into_owned(),
            });
        }
    }
    None
}

/// Text of a text event with entity and character references resolved; an
/// unknown entity keeps the raw text rather than losing it.
pub(crate) fn text_of(t: &BytesText<'_>) -> String {
    let raw = String::from_utf8_lossy(t.as_ref());
    match quick_xml::escape::unescape(&raw) {
        Ok(s) => s.into_owned(),
        Err(_) => raw.into_owned(),
    }
}

pub(crate) fn cdata_of(t: &BytesCData<'_>) -> String {
    String::from_utf8_lossy(t.as_ref()).into_owned()
}

/// Word/ODF boolean attribute: absent or anything but false/0/off means true.
pub(crate) fn truthy(v: Option<&str>) -> bool {
    !matches!(v, Some("false") | Some("0") | Some("off"))
}

/// Resolve `target` relative to the folder of `base` (a member path inside a
/// package). A leading `/` means the package root. `.` and `..` segments are
/// folded; backslashes are treated as separators.
pub(crate) fn resolve_path(base_dir: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    let joined;
    let full: &str = if let Some(abs) = target.strip_prefix('/') {
        abs
    } else {
        joined = format!("{base_dir}/{target}");
        &joined
    };
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Folder part of a member path ("" for a root member).
pub(crate) fn dir_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    }
}

/// Add an extra unless it is empty, or a header, footer or text box that is
/// already there (first-page and default headers are often identical).
/// Notes and comments are kept even when repeated.
pub(crate) fn push_extra(extras: &mut Vec<Extra>, kind: ExtraKind, text: String) {
    if text.trim().is_empty() {
        return;
    }
    let dedupe = matches!(
        kind,
        ExtraKind::Header | ExtraKind::Footer | ExtraKind::TextBox
    );
    if dedupe && extras.iter().any(|e| e.kind == kind && e.text == text) {
        return;
    }
    extras.push(Extra { kind, text });
}

/// A body with no text of its own whose text sits in text boxes (layouts made
/// of frames): the text boxes are the body.
pub(crate) fn promote_text_boxes(
    body: &mut String,
    extras: &mut Vec<Extra>,
    warnings: &mut Vec<String>,
) {
    if !body.trim().is_empty() || !extras.iter().any(|e| e.kind == ExtraKind::TextBox) {
        return;
    }
    let (boxes, rest): (Vec<Extra>, Vec<Extra>) = std::mem::take(extras)
        .into_iter()
        .partition(|e| e.kind == ExtraKind::TextBox);
    *extras = rest;
    *body = boxes
        .into_iter()
        .map(|e| e.text)
        .collect::<Vec<_>>()
        .join("\n");
    warnings.push("正文段落为空，文字全部在文本框中：文本框内容作为正文".to_string());
}

/// The finished line(s) of a paragraph: its numbering label, then its text
/// with each line (split at manual breaks) trimmed; blank lines dropped.
pub(crate) fn para_line(label: &str, text: &str) -> String {
    let body = text.trim();
    let mut out = String::with_capacity(label.len() + body.len());
    out.push_str(label);
    if body.contains('\n') {
        let mut first = true;
        for l in body.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
            if !first {
                out.push('\n');
            }
            out.push_str(l);
            first = false;
        }
    } else {
        out.push_str(body);
    }
    let keep = out.trim_end().len();
    out.truncate(keep);
    out
}

/// Strip trailing whitespace from each line and drop empty lines.
pub(crate) fn tidy_lines(lines: &[String]) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim_end();
        if l.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}

/// A table cell being read: its paragraphs (and nested-table rows), and how
/// many grid columns it spans (0 = padding for skipped columns).
#[derive(Debug, Default)]
pub(crate) struct Cell {
    pub blocks: Vec<String>,
    pub span: u32,
}

#[derive(Debug, Default)]
pub(crate) struct Table {
    pub row: Option<Vec<Cell>>,
    pub cell: Option<Cell>,
}

/// One flow of text: the body, a text box, a note, a header part.
///
/// Tables: one line per row, cells joined by `\t`; the paragraphs of a cell
/// are joined by a space, except in a one-cell row (a layout table), whose
/// paragraphs stay lines. A nested table's rows become blocks of the
/// enclosing cell.
#[derive(Debug)]
pub(crate) struct Story<P> {
    pub lines: Vec<String>,
    pub tables: Vec<Table>,
    pub para: Option<P>,
    /// Where the finished text goes: an extra of this kind, or (None) the
    /// enclosing story's lines.
    pub kind: Option<ExtraKind>,
}

impl<P> Story<P> {
    pub(crate) fn new(kind: Option<ExtraKind>) -> Self {
        Story {
            lines: Vec::new(),
            tables: Vec::new(),
            para: None,
            kind,
        }
    }

    pub(crate) fn start_row(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            t.row = Some(Vec::new());
        }
    }

    pub(crate) fn start_cell(&mut self, span: u32) {
        self.end_cell();
        if let Some(t) = self.tables.last_mut() {
            t.cell = Some(Cell {
                blocks: Vec::new(),
                span,
            });
        }
    }

    /// Put a finished block (paragraph or row line) where it belongs: the
    /// open cell of the innermost table, else the story's lines.
    pub(crate) fn push_block(&mut self, block: String) {
        self.push_block_at(self.tables.len(), block);
    }

    /// Same, as seen from table level `depth` (tables[..depth] are open).
    pub(crate) fn push_block_at(&mut self, depth: usize, block: String) {
        if depth > 0 {
            if let Some(cell) = self.tables.get_mut(depth - 1).and_then(|t| t.cell.as_mut()) {
                cell.blocks.push(block);
                return;
            }
        }
        self.lines.push(block);
    }

    pub(crate) fn end_cell(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            if let Some(cell) = t.cell.take() {
                t.row.get_or_insert_with(Vec::new).push(cell);
            }
        }
    }

    pub(crate) fn end_row(&mut self) {
        self.end_cell();
        let depth = self.tables.len();
        let Some(cells) = self.tables.last_mut().and_then(|t| t.row.take()) else {
            return;
        };
        let real = cells.iter().filter(|c| c.span > 0).count();
        if real == 1 && cells.len() == 1 {
            // A one-cell row (layout table): its paragraphs stay lines.
            for b in cells.into_iter().flat_map(|c| c.blocks) {
                self.push_block_at(depth - 1, b);
            }
            return;
        }
        let mut fields: Vec<String> = Vec::with_capacity(cells.len());
        for c in &cells {
            let joined = c
                .blocks
                .iter()
                .map(|b| {
                    b.split(['\t', '\n'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            fields.push(joined);
            for _ in 1..c.span.max(1) {
                fields.push(String::new());
            }
        }
        while fields.last().is_some_and(|f| f.is_empty()) {
            fields.pop();
        }
        if !fields.is_empty() {
            self.push_block_at(depth - 1, fields.join("\t"));
        }
    }

    pub(crate) fn end_table(&mut self) {
        if self
            .tables
            .last()
            .is_some_and(|t| t.row.is_some() || t.cell.is_some())
        {
            self.end_row();
        }
        self.tables.pop();
    }

    /// Close everything still open and return the lines.
    pub(crate) fn close(mut self) -> (Vec<String>, Option<ExtraKind>) {
        while !self.tables.is_empty() {
            self.end_table();
        }
        (self.lines, self.kind)
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    //! Building small zip packages in memory, and scoring text against a
    //! reference (for the `#[ignore]`d measurement tests).
    use std::collections::HashMap;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    /// A zip with the given members (deflated).
    pub fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
        let v: Vec<(&str, &[u8])> = members.iter().map(|(n, b)| (*n, b.as_bytes())).collect();
        zip_of_bytes(&v)
    }

    pub fn zip_of_bytes(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in members {
            w.start_file(*name, opts).expect("start_file");
            w.write_all(body).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    pub fn is_han(c: char) -> bool {
        matches!(c as u32,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
    }

    /// Share of the truth's Han characters (as a multiset) found in `out`.
    pub fn han_recall(truth: &str, out: &str) -> (usize, usize) {
        let mut have: HashMap<char, usize> = HashMap::new();
        for c in out.chars().filter(|&c| is_han(c)) {
            *have.entry(c).or_default() += 1;
        }
        let mut total = 0;
        let mut found = 0;
        for c in truth.chars().filter(|&c| is_han(c)) {
            total += 1;
            if let Some(n) = have.get_mut(&c) {
                if *n > 0 {
                    *n -= 1;
                    found += 1;
                }
            }
        }
        (found, total)
    }

    /// Truth lines containing a tab (table rows) that appear verbatim as a
    /// line of `out` (after trimming).
    pub fn table_rows(truth: &str, out: &str) -> (usize, usize) {
        let lines: std::collections::HashSet<&str> = out.lines().map(str::trim).collect();
        let rows: Vec<&str> = truth.lines().filter(|l| l.contains('\t')).collect();
        let ok = rows.iter().filter(|r| lines.contains(r.trim())).count();
        (ok, rows.len())
    }

    /// `../shared/<rel>` next to the crate, if present.
    pub fn shared(rel: &str) -> Option<Vec<u8>> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared")
            .join(rel);
        std::fs::read(p).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(resolve_path("word", "header1.xml"), "word/header1.xml");
        assert_eq!(
            resolve_path("word", "/word/footer1.xml"),
            "word/footer1.xml"
        );
        assert_eq!(
            resolve_path("Doc_0", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(
            resolve_path("Doc_0/Pages", "../Res/a.xml"),
            "Doc_0/Res/a.xml"
        );
        assert_eq!(resolve_path("", "./OFD.xml"), "OFD.xml");
        assert_eq!(dir_of("Doc_0/Document.xml"), "Doc_0");
        assert_eq!(dir_of("OFD.xml"), "");
    }

    #[test]
    fn gbk_declared_xml_is_transcoded() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("<?xml version=\"1.0\" encoding=\"GBK\"?><a>第一条</a>");
        let u = to_utf8(&gbk);
        assert!(std::str::from_utf8(&u).unwrap_or("").contains("第一条"));
        let plain = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>";
        assert!(matches!(to_utf8(plain), Cow::Borrowed(_)));
    }
}
