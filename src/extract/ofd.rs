//! OFD (GB/T 33190) reader: zip + quick-xml.
//!
//! `OFD.xml` → `ofd:DocBody/ofd:DocRoot` → `Document.xml` → `ofd:Pages/ofd:Page@BaseLoc`
//! (relative to the Document.xml folder, or to the package root with a
//! leading `/`) → each page's `Content.xml`: every `ofd:TextObject`
//! (whatever it is nested in: layers, `PageBlock`, …) with its `Boundary`
//! and the `X`/`Y` of each `ofd:TextCode`.
//!
//! OFD stores glyph positions, not reading order, so a page's text is
//! rebuilt from geometry: text pieces are grouped into rows by baseline
//! (within about 1 mm), each row sorted by x. Neighbours in a row are joined
//! with nothing when they touch (real OFDs often have one TextCode per
//! glyph), with a space when two single glyphs stand a little apart (a
//! space that was not drawn, or spread-out text), and with `\t` across a
//! clear gap (table cells). Rows become lines; one `pages` entry per page.
//!
//! Template pages (`ofd:Template` → `CommonData/TemplatePage`), which hold
//! the 红头 and 版记 in many documents, are read once each into `Header`
//! extras. Text drawn as paths, seals (`Signs/`) and annotations are not read.

use super::docx::common::{attr, dir_of, resolve_path, text_of, to_utf8};
use super::xml::{open_package, read_member, Budget, Package};
use super::{ErrorKind, Extra, ExtraKind, ExtractError, Extracted, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

const ENGINE: &str = "ofd (zip + quick-xml)";

pub fn extract(bytes: &[u8]) -> Result<Extracted> {
    let mut pkg = open_package(bytes)?;
    let mut budget = Budget::default();
    let names = Names::new(&pkg);
    let mut warnings = Vec::new();

    let ofd_xml = match names.find("OFD.xml") {
        Some(n) => read_member(&mut pkg, &n, &mut budget)?,
        None => None,
    };
    let Some(ofd_xml) = ofd_xml else {
        return Err(ExtractError::new(
            ErrorKind::Corrupt,
            "zip has no OFD.xml: not an OFD file",
        ));
    };
    let mut roots = doc_roots(&to_utf8(&ofd_xml));
    if roots.is_empty() {
        warnings.push("OFD.xml names no DocRoot; trying Doc_0/Document.xml".to_string());
        roots.push("Doc_0/Document.xml".to_string());
    }

    let mut pages: Vec<String> = Vec::new();
    let mut extras: Vec<Extra> = Vec::new();
    let mut any_document = false;
    for root in roots {
        let Some(doc_name) = names.find(&root) else {
            warnings.push(format!("DocRoot {root} is missing from the package"));
            continue;
        };
        let Some(doc_xml) = read_member(&mut pkg, &doc_name, &mut budget)? else {
            continue;
        };
        any_document = true;
        let doc_dir = dir_of(&doc_name).to_string();
        let doc = parse_document(&to_utf8(&doc_xml));
        if doc.pages.is_empty() {
            warnings.push(format!("{doc_name} lists no pages"));
        }
        let mut templates_used: Vec<String> = Vec::new();
        for loc in &doc.pages {
            let path = resolve_path(&doc_dir, loc);
            match read_page(&mut pkg, &names, &doc_dir, loc, &mut budget) {
                Ok(Some(page)) => {
                    pages.push(layout(page.pieces));
                    for t in page.templates {
                        if !templates_used.contains(&t) {
                            templates_used.push(t);
                        }
                    }
                }
                Ok(None) => {
                    warnings.push(format!("page {path} is missing"));
                    pages.push(String::new());
                }
                Err(e) if e.kind == ErrorKind::TooLarge => return Err(e),
                Err(e) => {
                    warnings.push(format!("page {path}: {}", e.detail));
                    pages.push(String::new());
                }
            }
        }
        // Template pages: 红头, 版记, running headers. Best effort.
        for id in templates_used {
            let Some(loc) = doc.templates.get(&id) else {
                continue;
            };
            if let Ok(Some(page)) = read_page(&mut pkg, &names, &doc_dir, loc, &mut budget) {
                let text = layout(page.pieces);
                if !text.trim().is_empty() && !extras.iter().any(|e| e.text == text) {
                    extras.push(Extra {
                        kind: ExtraKind::Header,
                        text,
                    });
                }
            }
        }
    }
    if !any_document {
        return Err(ExtractError::new(
            ErrorKind::Corrupt,
            "OFD.xml points to no readable Document.xml",
        ));
    }
    if pages.is_empty() {
        return Err(ExtractError::new(
            ErrorKind::Corrupt,
            "OFD Document.xml lists no pages",
        ));
    }
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(ExtractError::new(
            ErrorKind::NoTextLayer,
            format!("OFD 共{}页，均无文字对象（可能是扫描件）", pages.len()),
        ));
    }
    Ok(Extracted {
        pages,
        extras,
        warnings,
        engine: ENGINE,
    })
}

/// Member names, with a case-insensitive fallback (some producers are loose
/// about `Doc_0` vs `doc_0`, or write paths with a leading `/`).
struct Names {
    lower: HashMap<String, String>,
}

impl Names {
    fn new(pkg: &Package<'_>) -> Self {
        let lower = pkg
            .file_names()
            .filter_map(|n| n.ok())
            .map(|n| (n.trim_start_matches('/').to_lowercase(), n.into_owned()))
            .collect();
        Names { lower }
    }

    fn find(&self, path: &str) -> Option<String> {
        let p = resolve_path("", path.trim());
        self.lower.get(&p.to_lowercase()).cloned()
    }
}

/// `ofd:DocRoot` of each `ofd:DocBody` in OFD.xml.
fn doc_roots(xml: &[u8]) -> Vec<String> {
    let mut r = Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut in_root = false;
    let mut cur = String::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"DocRoot" => {
                in_root = true;
                cur.clear();
            }
            Ok(Event::Text(t)) if in_root => cur.push_str(&text_of(&t)),
            Ok(Event::End(e)) if e.local_name().as_ref() == b"DocRoot" => {
                in_root = false;
                let p = cur.trim();
                if !p.is_empty() {
                    out.push(p.to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

#[derive(Debug, Default)]
struct Document {
    /// Page BaseLoc values in order.
    pages: Vec<String>,
    /// TemplatePage ID → BaseLoc.
    templates: HashMap<String, String>,
}

fn parse_document(xml: &[u8]) -> Document {
    let mut r = Reader::from_reader(xml);
    let mut d = Document::default();
    let mut in_pages = 0u32;
    loop {
        let ev = match r.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"Pages" if !empty => in_pages += 1,
                    b"Page" if in_pages > 0 => {
                        if let Some(loc) = attr(e, b"BaseLoc") {
                            d.pages.push(loc);
                        }
                    }
                    b"TemplatePage" => {
                        if let (Some(id), Some(loc)) = (attr(e, b"ID"), attr(e, b"BaseLoc")) {
                            d.templates.insert(id, loc);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) if e.local_name().as_ref() == b"Pages" => {
                in_pages = in_pages.saturating_sub(1);
            }
            _ => {}
        }
    }
    d
}

/// One run of text placed on the page (a TextCode, or part of one).
#[derive(Debug, Clone)]
struct Piece {
    x: f64,
    /// Baseline.
    y: f64,
    /// Right edge (estimated from DeltaX and the font size, capped by the
    /// object's Boundary).
    end: f64,
    size: f64,
    text: String,
}

#[derive(Debug, Default)]
struct Page {
    pieces: Vec<Piece>,
    templates: Vec<String>,
}

/// Read the page (or template page) at `loc`, a BaseLoc relative to the
/// Document.xml folder. Tolerated deviations: a path relative to the package
/// root instead, and a BaseLoc naming the page folder rather than its
/// Content.xml.
fn read_page(
    pkg: &mut Package<'_>,
    names: &Names,
    doc_dir: &str,
    loc: &str,
    budget: &mut Budget,
) -> Result<Option<Page>> {
    let rel = resolve_path(doc_dir, loc);
    let name = names
        .find(&rel)
        .or_else(|| names.find(loc))
        .or_else(|| names.find(&format!("{rel}/Content.xml")))
        .or_else(|| names.find(&format!("{loc}/Content.xml")));
    let Some(name) = name else { return Ok(None) };
    let Some(xml) = read_member(pkg, &name, budget)? else {
        return Ok(None);
    };
    Ok(Some(parse_page(&to_utf8(&xml))))
}

fn numbers(s: &str) -> Vec<f64> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .filter_map(|t| t.parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .collect()
}

/// `DeltaX="g 3 5.6 2.8"` → [5.6, 5.6, 5.6, 2.8].
fn deltas(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut it = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty());
    // Far more entries than any TextCode has glyphs: stop (memory bound).
    const CAP: usize = 1 << 16;
    while let Some(t) = it.next() {
        if out.len() >= CAP {
            break;
        }
        if t == "g" {
            let n = it
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0)
                .min(CAP - out.len());
            let v = it.next().and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            out.extend(std::iter::repeat(v).take(n));
        } else if let Ok(v) = t.parse::<f64>() {
            out.push(v);
        }
    }
    out
}

/// Advance of a glyph when DeltaX does not say: full-width for CJK and
/// full-width forms, a generous half for the rest (a Latin run drawn
/// without DeltaX must not look like it ends before a gap).
fn default_advance(c: char, size: f64) -> f64 {
    if (c as u32) >= 0x2E80 {
        size
    } else {
        size * 0.6
    }
}

#[derive(Debug, Clone)]
struct TextObj {
    bx: f64,
    by: f64,
    bw: f64,
    size: f64,
    /// a b c d e f
    ctm: Option<[f64; 6]>,
    visible: bool,
}

#[derive(Debug)]
struct CodeCtx {
    x: Option<f64>,
    y: Option<f64>,
    deltas: Vec<f64>,
    text: String,
}

fn parse_page(xml: &[u8]) -> Page {
    let mut r = Reader::from_reader(xml);
    let mut page = Page::default();
    let mut obj: Option<TextObj> = None;
    let mut code: Option<CodeCtx> = None;
    // Pen position after the previous TextCode of the object, for codes
    // that leave X or Y out.
    let mut pen: (f64, f64) = (0.0, 0.0);
    loop {
        let ev = match r.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"TextObject" if !empty => {
                        obj = Some(text_obj(e));
                        pen = (0.0, 0.0);
                    }
                    b"TextCode" if !empty && obj.is_some() => {
                        code = Some(CodeCtx {
                            x: attr(e, b"X").and_then(|v| v.trim().parse().ok()),
                            y: attr(e, b"Y").and_then(|v| v.trim().parse().ok()),
                            deltas: attr(e, b"DeltaX").map(|d| deltas(&d)).unwrap_or_default(),
                            text: String::new(),
                        });
                    }
                    b"Template" => {
                        if let Some(id) = attr(e, b"TemplateID") {
                            page.templates.push(id);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                if let Some(c) = code.as_mut() {
                    c.text.push_str(&text_of(t));
                }
            }
            Event::CData(ref t) => {
                if let Some(c) = code.as_mut() {
                    c.text.push_str(&String::from_utf8_lossy(t.as_ref()));
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"TextCode" => {
                    if let (Some(c), Some(o)) = (code.take(), obj.as_ref()) {
                        if let Some(p) = place(o, &c, &mut pen) {
                            page.pieces.push(p);
                        }
                    }
                }
                b"TextObject" => {
                    obj = None;
                    code = None;
                }
                _ => {}
            },
            _ => {}
        }
    }
    page
}

fn text_obj(e: &BytesStart<'_>) -> TextObj {
    let b = attr(e, b"Boundary")
        .map(|s| numbers(&s))
        .unwrap_or_default();
    let get = |i: usize| b.get(i).copied().unwrap_or(0.0);
    let size = attr(e, b"Size")
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or_else(|| if get(3) > 0.0 { get(3) } else { 3.5 });
    let ctm = attr(e, b"CTM").map(|s| numbers(&s)).and_then(|v| {
        if v.len() == 6 {
            Some([v[0], v[1], v[2], v[3], v[4], v[5]])
        } else {
            None
        }
    });
    let visible = !matches!(attr(e, b"Visible").as_deref(), Some("false") | Some("0"));
    TextObj {
        bx: get(0),
        by: get(1),
        bw: get(2),
        size,
        ctm,
        visible,
    }
}

/// Page position and extent of one TextCode.
fn place(o: &TextObj, c: &CodeCtx, pen: &mut (f64, f64)) -> Option<Piece> {
    let x = c.x.unwrap_or(pen.0);
    let y = c.y.unwrap_or(pen.1);
    // Extent: the advances of all glyphs but the last, plus the last glyph's
    // own width; the pen moves on by all advances.
    let chars: Vec<char> = c.text.chars().collect();
    let adv = |i: usize| {
        c.deltas
            .get(i)
            .copied()
            .unwrap_or_else(|| default_advance(chars[i], o.size))
    };
    let advance: f64 = (0..chars.len()).map(adv).sum();
    let width = match chars.last() {
        Some(&last) => (0..chars.len() - 1).map(adv).sum::<f64>() + default_advance(last, o.size),
        None => 0.0,
    };
    *pen = (x + advance, y);
    if !o.visible || c.text.trim().is_empty() {
        return None;
    }
    // Object space → boundary space (CTM), then page space (Boundary origin).
    let (px, py, scale) = match o.ctm {
        Some([a, b, cc, d, e, f]) => (a * x + cc * y + e, b * x + d * y + f, a.abs().max(1e-6)),
        None => (x, y, 1.0),
    };
    let x0 = o.bx + px;
    let y0 = o.by + py;
    let mut end = x0 + width * scale;
    if o.bw > 0.0 && o.bx + o.bw > x0 {
        end = end.min(o.bx + o.bw);
    }
    if !(x0.is_finite() && y0.is_finite() && end.is_finite()) {
        return None;
    }
    Some(Piece {
        x: x0,
        y: y0,
        end,
        size: o.size * if o.ctm.is_some() { scale } else { 1.0 },
        text: c.text.clone(),
    })
}

fn is_wide(c: char) -> bool {
    (c as u32) >= 0x2E80
}

/// Rebuild a page's text from its pieces: rows by baseline, pieces in a row
/// by x.
fn layout(mut pieces: Vec<Piece>) -> String {
    pieces.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Piece>> = Vec::new();
    let mut row_y = f64::NEG_INFINITY;
    for p in pieces {
        let tol = (0.25 * p.size).clamp(1.0, 2.0);
        match rows.last_mut() {
            Some(row) if (p.y - row_y).abs() <= tol => row.push(p),
            _ => {
                row_y = p.y;
                rows.push(vec![p]);
            }
        }
    }
    let mut lines: Vec<String> = Vec::with_capacity(rows.len());
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut line = String::new();
        let mut prev: Option<&Piece> = None;
        for p in &row {
            if let Some(q) = prev {
                let size = q.size.max(p.size);
                // The same text drawn twice a hair apart (fake bold): once.
                if p.text == q.text && (p.x - q.x).abs() < 0.3 * size {
                    continue;
                }
                let gap = p.x - q.end;
                if gap > 0.5 * size {
                    let single = q.text.chars().count() == 1 && p.text.chars().count() == 1;
                    if single && gap <= 3.0 * size {
                        let wide = q.text.chars().all(is_wide) || p.text.chars().all(is_wide);
                        line.push(if wide { '\u{3000}' } else { ' ' });
                    } else {
                        line.push('\t');
                    }
                }
            }
            line.push_str(&p.text);
            prev = Some(p);
        }
        let line = line.trim();
        if !line.is_empty() {
            lines.push(line.to_string());
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::docx::common::testutil::{han_recall, shared, table_rows, zip_of};
    use super::*;

    const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;

    fn ofd_xml(root: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>{root}</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
        )
    }

    fn document(pages: &[&str], tpl: Option<&str>) -> String {
        let pages: String = pages
            .iter()
            .enumerate()
            .map(|(i, loc)| format!(r#"<ofd:Page ID="{}" BaseLoc="{loc}"/>"#, i + 10))
            .collect();
        let tpl = tpl
            .map(|t| format!(r#"<ofd:TemplatePage ID="2" BaseLoc="{t}"/>"#))
            .unwrap_or_default();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>{tpl}</ofd:CommonData><ofd:Pages>{pages}</ofd:Pages></ofd:Document>"#
        )
    }

    fn obj(x: f64, y: f64, w: f64, size: f64, text: &str) -> String {
        format!(
            r#"<ofd:TextObject ID="1" Boundary="{x} {y} {w} {size}" Font="3" Size="{size}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{size}">{text}</ofd:TextCode></ofd:TextObject>"#
        )
    }

    fn page(objs: &str, tpl: bool) -> String {
        let t = if tpl {
            r#"<ofd:Template TemplateID="2" ZOrder="Background"/>"#
        } else {
            ""
        };
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}>{t}<ofd:Content><ofd:Layer ID="4">{objs}</ofd:Layer></ofd:Content></ofd:Page>"#
        )
    }

    #[test]
    fn column_major_table_comes_out_row_major() {
        // Column by column, as policy.ofd stores its table.
        let mut objs = obj(28.0, 20.0, 150.0, 5.0, "第七条　各类数据见下表。");
        for (col, x) in [(0, 28.0), (1, 45.0), (2, 90.0)] {
            for (row, y) in [(0, 40.0), (1, 49.0), (2, 58.0)] {
                let text = [
                    ["序号", "1", "2"],
                    ["数据类别", "人口基础信息", "法人单位基础信息"],
                    ["共享类型", "无条件共享", "有条件共享"],
                ][col][row];
                objs.push_str(&obj(x, y, 30.0, 4.5, text));
            }
        }
        objs.push_str(&obj(28.0, 70.0, 150.0, 5.0, "第八条　下一条。"));
        let bytes = zip_of(&[
            ("OFD.xml", &ofd_xml("/Doc_0/Document.xml")),
            (
                "Doc_0/Document.xml",
                &document(&["Pages/Page_0/Content.xml"], None),
            ),
            ("Doc_0/Pages/Page_0/Content.xml", &page(&objs, false)),
        ]);
        let x = extract(&bytes).expect("ok");
        assert_eq!(
            x.pages,
            vec!["第七条　各类数据见下表。\n序号\t数据类别\t共享类型\n1\t人口基础信息\t无条件共享\n2\t法人单位基础信息\t有条件共享\n第八条　下一条。".to_string()]
        );
    }

    #[test]
    fn glyph_per_textcode_is_joined_and_pages_kept() {
        // One TextCode per glyph, in scrambled order, inside a PageBlock; one
        // TextObject with several codes; a missing space between 第一条 and text.
        let mut objs = String::from("<ofd:PageBlock ID=\"7\">");
        let line = "第一条本办法自印发之日起施行";
        let mut glyphs: Vec<(usize, char)> = line.chars().enumerate().collect();
        glyphs.reverse();
        for (i, c) in glyphs {
            // a gap of one glyph after 第一条
            let x = 30.0 + 5.0 * i as f64 + if i >= 3 { 5.0 } else { 0.0 };
            objs.push_str(&format!(
                r#"<ofd:TextObject ID="{i}" Boundary="{x} 40 5 5" Size="5"><ofd:TextCode X="0" Y="4.4">{c}</ofd:TextCode></ofd:TextObject>"#
            ));
        }
        objs.push_str("</ofd:PageBlock>");
        objs.push_str(r#"<ofd:TextObject ID="90" Boundary="30 60 150 20" Size="5"><ofd:TextCode X="0" Y="5" DeltaX="g 3 5">第二条</ofd:TextCode><ofd:TextCode X="0" Y="15">GB/T&amp;&#x4E00;</ofd:TextCode></ofd:TextObject>"#);
        let p2 = obj(30.0, 30.0, 150.0, 5.0, "第二页文字");
        let bytes = zip_of(&[
            ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
            (
                "Doc_0/Document.xml",
                &document(&["Pages/Page_0/Content.xml", "Pages/Page_1"], None),
            ),
            ("Doc_0/Pages/Page_0/Content.xml", &page(&objs, false)),
            ("Doc_0/Pages/Page_1/Content.xml", &page(&p2, false)),
        ]);
        let x = extract(&bytes).expect("ok");
        assert_eq!(x.pages.len(), 2);
        assert_eq!(
            x.pages[0],
            "第一条　本办法自印发之日起施行\n第二条\nGB/T&一"
        );
        assert_eq!(x.pages[1], "第二页文字");
    }

    #[test]
    fn template_text_goes_to_extras() {
        let tpl = page(&obj(30.0, 20.0, 150.0, 8.0, "大兴高新区网信办文件"), false);
        let bytes = zip_of(&[
            ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
            (
                "Doc_0/Document.xml",
                &document(
                    &["Pages/Page_0/Content.xml", "Pages/Page_1/Content.xml"],
                    Some("Doc_0/Tpls/Tpl_0/Content.xml"),
                ),
            ),
            ("Doc_0/Tpls/Tpl_0/Content.xml", &tpl),
            (
                "Doc_0/Pages/Page_0/Content.xml",
                &page(&obj(30.0, 60.0, 150.0, 5.0, "正文一"), true),
            ),
            (
                "Doc_0/Pages/Page_1/Content.xml",
                &page(&obj(30.0, 60.0, 150.0, 5.0, "正文二"), true),
            ),
        ]);
        let x = extract(&bytes).expect("ok");
        assert_eq!(x.pages, vec!["正文一".to_string(), "正文二".to_string()]);
        assert_eq!(
            x.extras,
            vec![Extra {
                kind: ExtraKind::Header,
                text: "大兴高新区网信办文件".into()
            }]
        );
    }

    #[test]
    fn errors() {
        let e = extract(&zip_of(&[("Doc_0/Document.xml", "<x/>")])).expect_err("no OFD.xml");
        assert_eq!(e.kind, ErrorKind::Corrupt);
        let img_only = zip_of(&[
            ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
            (
                "Doc_0/Document.xml",
                &document(&["Pages/Page_0/Content.xml"], None),
            ),
            (
                "Doc_0/Pages/Page_0/Content.xml",
                &page(
                    r#"<ofd:ImageObject ID="5" Boundary="0 0 210 297" ResourceID="6"/>"#,
                    false,
                ),
            ),
        ]);
        assert_eq!(
            extract(&img_only).expect_err("no text").kind,
            ErrorKind::NoTextLayer
        );
        let good = zip_of(&[
            ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
            (
                "Doc_0/Document.xml",
                &document(&["Pages/Page_0/Content.xml"], None),
            ),
            (
                "Doc_0/Pages/Page_0/Content.xml",
                &page(&obj(1.0, 1.0, 50.0, 5.0, "文字"), false),
            ),
        ]);
        for cut in [0, 7, good.len() / 2, good.len() - 3] {
            let e = extract(&good[..cut]).expect_err("truncated");
            assert!(
                matches!(e.kind, ErrorKind::Truncated | ErrorKind::Corrupt),
                "{e:?}"
            );
        }
    }

    #[test]
    fn delta_x_parsing() {
        assert_eq!(deltas("g 3 5.6 2.8"), vec![5.6, 5.6, 5.6, 2.8]);
        assert_eq!(deltas("1 2,3"), vec![1.0, 2.0, 3.0]);
        assert!(deltas("g x").is_empty());
    }

    #[test]
    #[ignore]
    fn measure_samples() {
        let read = |p: &str| shared(p).map(|b| String::from_utf8_lossy(&b).into_owned());
        let cases = [
            ("samples/s2.ofd", read("samples/s2.txt")),
            (
                "samples/set2/policy.ofd",
                read("samples/set2/source_body.txt"),
            ),
        ];
        for (path, truth) in cases {
            let (Some(bytes), Some(truth)) = (shared(path), truth) else {
                eprintln!("{path}: absent, skipped");
                continue;
            };
            // Best of 5 batches of 100 (the machine is shared).
            let res = extract(&bytes);
            let mut per = f64::MAX;
            for _ in 0..5 {
                let t0 = std::time::Instant::now();
                for _ in 0..100 {
                    std::hint::black_box(extract(&bytes).is_ok());
                }
                per = per.min(t0.elapsed().as_secs_f64() * 1000.0 / 100.0);
            }
            match res {
                Ok(x) => {
                    let out = x.pages.join("\n");
                    let (f, t) = han_recall(&truth, &out);
                    let (rows, nrows) = table_rows(&truth, &out);
                    eprintln!(
                        "{path}: {} pages, Han {f}/{t} ({:.2}%), table rows {rows}/{nrows}, extras {}, {per:.3} ms",
                        x.pages.len(),
                        100.0 * f as f64 / t.max(1) as f64,
                        x.extras.len()
                    );
                }
                Err(e) => eprintln!("{path}: ERROR {e:?}"),
            }
        }
    }
}
