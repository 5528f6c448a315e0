//! DOCX (Office Open XML WordprocessingML) reader: zip + one streaming
//! quick-xml pass per part, no DOM.
//!
//! Body (`word/document.xml`) in reading order: paragraphs → lines, tables →
//! one line per row with cells joined by `\t`. Word's automatic numbering
//! (第一条, （一）…) is rendered in front of the paragraph text, because many
//! government documents number their clauses that way and the text itself
//! then has no 第X条 at all. Headers, footers, footnotes, endnotes, comments
//! and text boxes go to `extras`, never into the body.
//!
//! Choices: `w:tab` inside a paragraph → `\t` (as the ODT reader does for
//! `text:tab`); a numbering label's tab suffix → full-width space `　`;
//! several paragraphs in one table cell → joined by a space (a table row stays
//! one line), except in a one-cell row (layout tables that wrap a whole
//! document), whose paragraphs stay separate lines. Deleted revisions, moved-
//! away text, field codes, hidden runs (`w:vanish`) and `mc:Fallback` copies
//! are skipped.

#[path = "docx_common.rs"]
pub(crate) mod common;
#[path = "docx_numbering.rs"]
pub(crate) mod numbering;

use self::common::{
    attr, cdata_of, dir_of, para_line, promote_text_boxes, push_extra, resolve_path, text_of,
    tidy_lines, to_utf8, truthy, Cell, Prefixes, Story, Table,
};
use self::numbering::{Counters, Numbering};
use super::xml::{open_package, read_member, read_member_until, Budget, Package};
use super::{ErrorKind, Extra, ExtraKind, ExtractError, Extracted, Result};
use quick_xml::events::{BytesStart, Event};

const ENGINE: &str = "docx (zip + quick-xml)";

const W_NS: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const M_NS: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    b"http://purl.oclc.org/ooxml/officeDocument/math",
];
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

pub fn extract(bytes: &[u8]) -> Result<Extracted> {
    extract_at(bytes, 0)
}

/// `depth` counts documents embedded as `w:altChunk` (a docx inside a docx).
fn extract_at(bytes: &[u8], depth: u32) -> Result<Extracted> {
    let mut pkg = open_package(bytes)?;
    let mut budget = Budget::default();
    let mut warnings = Vec::new();

    let main = main_part(&mut pkg, &mut budget);
    let Some(doc) = read_member(&mut pkg, &main, &mut budget)? else {
        let hint = if pkg.index_for_name("content.xml").is_some() {
            " (it looks like an OpenDocument file)"
        } else if pkg.index_for_name("xl/workbook.xml").is_some() {
            " (it is an Excel workbook)"
        } else if pkg.index_for_name("OFD.xml").is_some() {
            " (it is an OFD file)"
        } else {
            ""
        };
        return Err(ExtractError::new(
            ErrorKind::Corrupt,
            format!("zip has no {main}: not a Word document{hint}"),
        ));
    };
    let word_dir = dir_of(&main).to_string();
    let file_name = main[word_dir.len()..].trim_start_matches('/');
    let rels_name = if word_dir.is_empty() {
        format!("_rels/{file_name}.rels")
    } else {
        format!("{word_dir}/_rels/{file_name}.rels")
    };
    let rels = match optional(&mut pkg, &rels_name, &mut budget, &mut warnings) {
        Some(r) => parse_rels(&r, &word_dir),
        None => Vec::new(),
    };
    let part = |kind: &str| -> Vec<String> {
        let mut v: Vec<String> = rels
            .iter()
            .filter(|(t, _, _)| t == kind)
            .map(|(_, p, _)| p.clone())
            .collect();
        v.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
        v.dedup();
        v
    };
    let by_name = |pkg: &Package<'_>, prefix: &str| -> Vec<String> {
        let want = resolve_path(&word_dir, prefix);
        let mut v: Vec<String> = member_names(pkg)
            .into_iter()
            .filter(|n| {
                n.starts_with(&want) && n.ends_with(".xml") && !n[want.len()..].contains('/')
            })
            .collect();
        v.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
        v
    };
    let pick = |pkg: &Package<'_>, kind: &str, prefix: &str| -> Vec<String> {
        let v = part(kind);
        if v.is_empty() {
            by_name(pkg, prefix)
        } else {
            v
        }
    };
    let headers = pick(&pkg, "header", "header");
    let footers = pick(&pkg, "footer", "footer");
    let footnotes = pick(&pkg, "footnotes", "footnotes");
    let endnotes = pick(&pkg, "endnotes", "endnotes");
    let comments = pick(&pkg, "comments", "comments.");
    let numbering_part = part("numbering")
        .into_iter()
        .next()
        .unwrap_or_else(|| resolve_path(&word_dir, "numbering.xml"));
    let styles_part = part("styles")
        .into_iter()
        .next()
        .unwrap_or_else(|| resolve_path(&word_dir, "styles.xml"));

    // Numbering is parsed only when the body can use it: a paragraph with its
    // own numPr, or one whose style (or a style it is based on) has one.
    // Templates carry large numbering parts that most documents never use.
    // The styles part (often hundreds of KB from a template) is inflated only
    // as far as the styles the body uses are defined.
    let styles_xml = if memchr::memmem::find(&doc, b"pStyle").is_some()
        || memchr::memmem::find(&doc, b"numPr").is_some()
    {
        match read_member_until(&mut pkg, &styles_part, &mut budget, |start| {
            needs_numbering(&doc, Some(start), false) == Some(false)
        }) {
            Ok(Some((v, complete))) => Some((v, complete)),
            Ok(None) => None,
            Err(e) => {
                warnings.push(format!("{styles_part}: {}", e.detail));
                None
            }
        }
    } else {
        None
    };
    let complete = !matches!(styles_xml, Some((_, false)));
    let styles_xml = styles_xml.map(|(v, _)| v);
    let numbering = if needs_numbering(&doc, styles_xml.as_deref(), complete) != Some(false) {
        let numbering_xml = optional(&mut pkg, &numbering_part, &mut budget, &mut warnings);
        Numbering::parse(numbering_xml.as_deref(), styles_xml.as_deref())
    } else {
        Numbering::parse(None, None)
    };

    // Body.
    let mut body = Walker::new(&numbering, Mode::Body);
    if let Err(e) = body.run(&to_utf8(&doc)) {
        warnings.push(format!("{main}: XML error, text after it is lost: {e}"));
    }
    let mut body_lines = body.finish();
    if body.alt_chunks_skipped > 0 {
        warnings.push(format!(
            "{} imported part(s) (w:altChunk) inside tables or boxes were not read",
            body.alt_chunks_skipped
        ));
    }
    if body_lines.iter().any(|l| l.starts_with(ALT_CHUNK)) {
        body_lines = expand_alt_chunks(
            &mut pkg,
            body_lines,
            &rels,
            &mut budget,
            &mut warnings,
            depth,
        );
    }
    let body_text = tidy_lines(&body_lines);
    let mut extras: Vec<Extra> = Vec::new();

    let mut part_extras =
        |pkg: &mut Package<'_>, names: &[String], mode: Mode, extras: &mut Vec<Extra>| {
            for name in names {
                let Some(xml) = optional(pkg, name, &mut budget, &mut warnings) else {
                    continue;
                };
                let mut w = Walker::new(&numbering, mode);
                if let Err(e) = w.run(&to_utf8(&xml)) {
                    warnings.push(format!("{name}: XML error: {e}"));
                }
                let lines = w.finish();
                if let Some(kind) = mode.whole_part_kind() {
                    push_extra(extras, kind, tidy_lines(&lines));
                }
                for (kind, text) in w.units {
                    push_extra(extras, kind, text);
                }
            }
        };
    part_extras(&mut pkg, &headers, Mode::Header, &mut extras);
    part_extras(&mut pkg, &footers, Mode::Footer, &mut extras);
    for (kind, text) in std::mem::take(&mut body.units) {
        push_extra(&mut extras, kind, text);
    }
    part_extras(&mut pkg, &footnotes, Mode::Notes, &mut extras);
    part_extras(&mut pkg, &endnotes, Mode::Notes, &mut extras);
    part_extras(&mut pkg, &comments, Mode::Notes, &mut extras);

    let mut body_text = body_text;
    promote_text_boxes(&mut body_text, &mut extras, &mut warnings);
    if body_text.trim().is_empty() {
        let media = format!("{}/", resolve_path(&word_dir, "media"));
        let has_images = member_names(&pkg)
            .iter()
            .any(|n| n.starts_with(&media) && n.len() > media.len());
        return Err(if has_images {
            ExtractError::new(ErrorKind::NoTextLayer, "docx 正文只有图片，没有文字")
        } else {
            ExtractError::new(ErrorKind::Empty, "docx body has no text")
        });
    }
    Ok(Extracted {
        pages: vec![body_text],
        extras,
        warnings,
        engine: ENGINE,
    })
}

/// Marker line left in the body where a `w:altChunk` (imported HTML, RTF,
/// text or docx kept as a separate part) sits; replaced by its text.
const ALT_CHUNK: &str = "\u{1}altChunk\u{1}";

fn expand_alt_chunks(
    pkg: &mut Package<'_>,
    lines: Vec<String>,
    rels: &[(String, String, String)],
    budget: &mut Budget,
    warnings: &mut Vec<String>,
    depth: u32,
) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let Some(id) = line.strip_prefix(ALT_CHUNK) else {
            out.push(line);
            continue;
        };
        let Some((_, path, _)) = rels.iter().find(|(_, _, rid)| rid == id) else {
            warnings.push(format!("altChunk {id}: no relationship"));
            continue;
        };
        let Some(bytes) = optional(pkg, path, budget, warnings) else {
            continue;
        };
        let lower = path.to_ascii_lowercase();
        let got = if bytes.starts_with(b"PK\x03\x04") {
            if depth >= 2 {
                warnings.push(format!("altChunk {path}: nested too deep, skipped"));
                continue;
            }
            extract_at(&bytes, depth + 1)
        } else if lower.ends_with(".rtf") || bytes.starts_with(b"{\\rtf") {
            super::rtf::extract(&bytes)
        } else if lower.ends_with(".txt") {
            super::txt::extract(&bytes)
        } else if lower.ends_with(".htm") || lower.ends_with(".html") || lower.ends_with(".xhtml") {
            super::html::extract(&bytes)
        } else {
            warnings.push(format!(
                "altChunk {path}: format not read (MHT or unknown), its text is missing"
            ));
            continue;
        };
        match got {
            Ok(x) => {
                out.extend(x.pages.iter().flat_map(|p| p.lines().map(str::to_string)));
                warnings.extend(
                    x.warnings
                        .into_iter()
                        .map(|w| format!("altChunk {path}: {w}")),
                );
            }
            Err(e) => warnings.push(format!("altChunk {path}: {:?}: {}", e.kind, e.detail)),
        }
    }
    out
}

/// Read an optional part; a failure becomes a warning.
fn optional(
    pkg: &mut Package<'_>,
    name: &str,
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Option<Vec<u8>> {
    match read_member(pkg, name, budget) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(format!("{name}: {}", e.detail));
            None
        }
    }
}

/// Names of all members (names that fail to decode are left out).
fn member_names(pkg: &Package<'_>) -> Vec<String> {
    pkg.file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect()
}

/// The main document part named by `_rels/.rels`, else `word/document.xml`.
fn main_part(pkg: &mut Package<'_>, budget: &mut Budget) -> String {
    const DEFAULT: &str = "word/document.xml";
    if let Ok(Some(rels)) = read_member(pkg, "_rels/.rels", budget) {
        for (kind, target, _) in parse_rels(&rels, "") {
            if kind == "officeDocument" && pkg.index_for_name(&target).is_some() {
                return target;
            }
        }
    }
    DEFAULT.to_string()
}

/// `(type suffix, resolved member path, id)` of each internal relationship.
fn parse_rels(xml: &[u8], base_dir: &str) -> Vec<(String, String, String)> {
    let xml = to_utf8(xml);
    let mut r = quick_xml::Reader::from_reader(xml.as_ref());
    let mut out = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                if e.local_name().as_ref() != b"Relationship" {
                    continue;
                }
                if attr(&e, b"TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External")) {
                    continue;
                }
                let (Some(ty), Some(target)) = (attr(&e, b"Type"), attr(&e, b"Target")) else {
                    continue;
                };
                let kind = ty.rsplit('/').next().unwrap_or("").to_string();
                let id = attr(&e, b"Id").unwrap_or_default();
                out.push((kind, resolve_path(base_dir, &target), id));
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `document.xml`: text boxes become `TextBox` extras.
    Body,
    Header,
    Footer,
    /// footnotes / endnotes / comments: one extra per note.
    Notes,
}

impl Mode {
    fn whole_part_kind(self) -> Option<ExtraKind> {
        match self {
            Mode::Header => Some(ExtraKind::Header),
            Mode::Footer => Some(ExtraKind::Footer),
            Mode::Body | Mode::Notes => None,
        }
    }
}

#[derive(Debug, Default)]
struct Para {
    text: String,
    label: Option<String>,
    label_done: bool,
    pstyle: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

struct Walker<'a> {
    numbering: &'a Numbering,
    counters: Counters,
    mode: Mode,
    stories: Vec<Story<Para>>,
    /// Finished extras found inside the part (text boxes, notes).
    units: Vec<(ExtraKind, String)>,
    skip: u32,
    in_t: u32,
    in_ppr: u32,
    in_tabs: u32,
    in_run: u32,
    run_hidden: bool,
    /// One entry per open mc:AlternateContent: has a Choice been taken?
    alt: Vec<bool>,
    /// Open complex fields (fldChar begin…end): instruction text, and
    /// whether the shown result is dropped (PAGE numbers are stale copies).
    fields: Vec<(String, bool)>,
    in_instr: u32,
    /// `w:altChunk`s that could not be expanded (inside a table, a text box,
    /// a header…).
    alt_chunks_skipped: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    M,
    Mc,
    Other,
}

fn ns_class(uri: &[u8]) -> Ns {
    if W_NS.contains(&uri) {
        Ns::W
    } else if M_NS.contains(&uri) {
        Ns::M
    } else if uri == MC_NS {
        Ns::Mc
    } else {
        Ns::Other
    }
}

/// Fields whose stored result is a page count or number: meaningless once
/// the text leaves the page, so the result is dropped.
fn page_field(instr: &str) -> bool {
    let word = instr.split_whitespace().next().unwrap_or("");
    ["PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
}

/// Elements whose whole content is not part of the visible text.
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"del"
            | b"moveFrom"
            | b"rt"
            | b"delText"
            | b"delInstrText"
            | b"pPrChange"
            | b"rPrChange"
            | b"sectPrChange"
            | b"tblPrChange"
            | b"tblPrExChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"tblGridChange"
            | b"numberingChange"
    )
}

impl<'a> Walker<'a> {
    fn new(numbering: &'a Numbering, mode: Mode) -> Self {
        Walker {
            numbering,
            counters: Counters::default(),
            mode,
            stories: vec![Story::new(None)],
            units: Vec::new(),
            skip: 0,
            in_t: 0,
            in_ppr: 0,
            in_tabs: 0,
            in_run: 0,
            run_hidden: false,
            alt: Vec::new(),
            fields: Vec::new(),
            in_instr: 0,
            alt_chunks_skipped: 0,
        }
    }

    fn story(&mut self) -> &mut Story<Para> {
        if self.stories.is_empty() {
            self.stories.push(Story::new(None));
        }
        let last = self.stories.len() - 1;
        &mut self.stories[last]
    }

    fn para(&mut self) -> &mut Para {
        self.story().para.get_or_insert_with(Para::default)
    }

    fn push_text(&mut self, s: &str) {
        if self.run_hidden || self.fields.iter().any(|f| f.1) {
            return;
        }
        self.para().text.push_str(s);
    }

    fn compute_label(&mut self) {
        let numbering = self.numbering;
        let Some(p) = self.story().para.as_mut() else {
            return;
        };
        if p.label_done {
            return;
        }
        p.label_done = true;
        if numbering.is_empty() {
            return;
        }
        let resolved = numbering.resolve_para(p.pstyle.as_deref(), p.num_id.as_deref(), p.ilvl);
        if let Some((num_id, ilvl)) = resolved {
            let label = numbering.next_label(&mut self.counters, &num_id, ilvl);
            if let Some(p) = self.story().para.as_mut() {
                p.label = label;
            }
        }
    }

    fn end_para(&mut self) {
        self.compute_label();
        let Some(p) = self.story().para.take() else {
            return;
        };
        let text = para_line(p.label.as_deref().unwrap_or(""), &p.text);
        if !text.is_empty() {
            self.story().push_block(text);
        }
    }

    fn push_story(&mut self, kind: Option<ExtraKind>) {
        self.stories.push(Story::new(kind));
    }

    fn pop_story(&mut self) {
        if self.stories.len() <= 1 {
            return;
        }
        self.end_para();
        let Some(story) = self.stories.pop() else {
            return;
        };
        let (lines, kind) = story.close();
        match kind {
            Some(kind) => self.units.push((kind, tidy_lines(&lines))),
            None => {
                let s = self.story();
                s.lines.extend(lines);
            }
        }
    }

    fn finish(&mut self) -> Vec<String> {
        while self.stories.len() > 1 {
            self.pop_story();
        }
        self.end_para();
        match self.stories.pop() {
            Some(s) => s.close().0,
            None => Vec::new(),
        }
    }

    fn run(&mut self, xml: &[u8]) -> std::result::Result<(), quick_xml::Error> {
        let mut r = quick_xml::Reader::from_reader(xml);
        let mut ns = Prefixes::new(ns_class, Ns::Other);
        loop {
            let ev = r.read_event()?;
            if self.skip > 0 {
                match ev {
                    Event::Start(_) => self.skip += 1,
                    Event::End(_) => self.skip -= 1,
                    Event::Eof => break,
                    _ => {}
                }
                continue;
            }
            match ev {
                Event::Start(ref e) => {
                    ns.learn(e);
                    self.start(ns.class(e.name().as_ref()), e, false);
                }
                Event::Empty(ref e) => {
                    ns.learn(e);
                    self.start(ns.class(e.name().as_ref()), e, true);
                }
                Event::End(ref e) => self.end(ns.class(e.name().as_ref()), e.local_name().as_ref()),
                Event::Text(ref t) => {
                    if self.in_instr > 0 {
                        if let Some(f) = self.fields.last_mut() {
                            f.0.push_str(&text_of(t));
                        }
                    } else if self.in_t > 0 {
                        self.push_text(&text_of(t));
                    }
                }
                Event::CData(ref t) if self.in_t > 0 => {
                    let s = cdata_of(t);
                    self.push_text(&s);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    fn start(&mut self, ns: Ns, e: &BytesStart<'_>, empty: bool) {
        let local = e.local_name();
        let name = local.as_ref();
        match ns {
            Ns::Mc => {
                if empty {
                    return;
                }
                match name {
                    b"AlternateContent" => self.alt.push(false),
                    b"Choice" => match self.alt.last_mut() {
                        Some(taken) if *taken => self.skip = 1,
                        Some(taken) => *taken = true,
                        None => {}
                    },
                    b"Fallback" if self.alt.last().copied().unwrap_or(false) => self.skip = 1,
                    _ => {}
                }
                return;
            }
            Ns::M => {
                if name == b"t" && !empty {
                    self.in_t += 1;
                }
                return;
            }
            Ns::Other => return,
            Ns::W => {}
        }
        if skipped(name) {
            if !empty {
                self.skip = 1;
            }
            return;
        }
        match name {
            b"p" => {
                if self.story().para.is_some() {
                    self.end_para();
                }
                if !empty {
                    self.story().para = Some(Para::default());
                }
            }
            b"pPr" if !empty => self.in_ppr += 1,
            b"pStyle" if self.in_ppr > 0 => {
                let v = attr(e, b"val");
                self.para().pstyle = v;
            }
            b"numId" if self.in_ppr > 0 => {
                let v = attr(e, b"val");
                self.para().num_id = v;
            }
            b"ilvl" if self.in_ppr > 0 => {
                let v = attr(e, b"val").and_then(|s| s.trim().parse::<u8>().ok());
                self.para().ilvl = v;
            }
            b"tabs" if !empty => self.in_tabs += 1,
            b"r" if !empty => {
                self.in_run += 1;
                self.run_hidden = false;
            }
            b"vanish" if self.in_run > 0 && self.in_ppr == 0 => {
                self.run_hidden = truthy(attr(e, b"val").as_deref());
            }
            b"t" if !empty => self.in_t += 1,
            b"instrText" if !empty => self.in_instr += 1,
            b"fldChar" => match attr(e, b"fldCharType").as_deref() {
                Some("begin") => self.fields.push((String::new(), false)),
                Some("separate") => {
                    if let Some(f) = self.fields.last_mut() {
                        f.1 = page_field(&f.0);
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            b"fldSimple" if !empty && attr(e, b"instr").is_some_and(|i| page_field(&i)) => {
                self.skip = 1
            }
            b"tab" | b"ptab" if self.in_tabs == 0 && self.in_ppr == 0 => self.push_text("\t"),
            b"br" | b"cr" if self.in_ppr == 0 => self.push_text("\n"),
            b"noBreakHyphen" if self.in_ppr == 0 => self.push_text("-"),
            b"sym" if self.in_ppr == 0 => {
                let c = attr(e, b"char")
                    .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                    .and_then(char::from_u32)
                    .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c));
                if let Some(c) = c {
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            b"tbl" if !empty => {
                // A table starts a new block: close a paragraph left open.
                if self.story().para.is_some() {
                    self.end_para();
                }
                self.story().tables.push(Table::default());
            }
            b"tr" => {
                self.story().start_row();
                if empty {
                    self.story().end_row();
                }
            }
            b"gridBefore" => {
                let n = attr(e, b"val")
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .unwrap_or(0)
                    .min(64);
                if let Some(row) = self.story().tables.last_mut().and_then(|t| t.row.as_mut()) {
                    if row.is_empty() {
                        for _ in 0..n {
                            row.push(Cell {
                                blocks: Vec::new(),
                                span: 0,
                            });
                        }
                    }
                }
            }
            b"tc" => {
                let s = self.story();
                s.start_cell(1);
                if empty {
                    s.end_cell();
                }
            }
            b"gridSpan" => {
                let n = attr(e, b"val")
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                if let Some(c) = self.story().tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    if c.blocks.is_empty() {
                        c.span = n;
                    }
                }
            }
            b"altChunk" => {
                if self.story().para.is_some() {
                    self.end_para();
                }
                // Only top-level body chunks are expanded (into lines).
                let top = self.mode == Mode::Body && self.stories.len() == 1;
                match attr(e, b"id") {
                    Some(id) if top && self.story().tables.is_empty() => {
                        self.story().push_block(format!("{ALT_CHUNK}{id}"));
                    }
                    _ => self.alt_chunks_skipped += 1,
                }
                if !empty {
                    self.skip = 1;
                }
            }
            b"txbxContent" if !empty => {
                let kind = if self.mode == Mode::Body {
                    Some(ExtraKind::TextBox)
                } else {
                    None
                };
                self.push_story(kind);
            }
            b"footnote" | b"endnote" | b"comment" if self.mode == Mode::Notes && !empty => {
                let ty = attr(e, b"type").unwrap_or_default();
                if matches!(
                    ty.as_str(),
                    "separator" | "continuationSeparator" | "continuationNotice"
                ) {
                    self.skip = 1;
                    return;
                }
                let kind = match name {
                    b"footnote" => ExtraKind::Footnote,
                    b"endnote" => ExtraKind::Endnote,
                    _ => ExtraKind::Comment,
                };
                self.push_story(Some(kind));
            }
            _ => {}
        }
    }

    fn end(&mut self, ns: Ns, name: &[u8]) {
        match ns {
            Ns::Mc => {
                if name == b"AlternateContent" {
                    self.alt.pop();
                }
                return;
            }
            Ns::M => {
                if name == b"t" {
                    self.in_t = self.in_t.saturating_sub(1);
                }
                return;
            }
            Ns::Other => return,
            Ns::W => {}
        }
        match name {
            b"p" => self.end_para(),
            b"pPr" => {
                self.in_ppr = self.in_ppr.saturating_sub(1);
                if self.in_ppr == 0 {
                    self.compute_label();
                }
            }
            b"tabs" => self.in_tabs = self.in_tabs.saturating_sub(1),
            b"r" => {
                self.in_run = self.in_run.saturating_sub(1);
                self.run_hidden = false;
            }
            b"t" => self.in_t = self.in_t.saturating_sub(1),
            b"instrText" => self.in_instr = self.in_instr.saturating_sub(1),
            b"tc" => {
                if self.story().para.is_some() {
                    self.end_para();
                }
                self.story().end_cell();
            }
            b"tr" => {
                if self.story().para.is_some() {
                    self.end_para();
                }
                self.story().end_row();
            }
            b"tbl" => {
                if self.story().para.is_some() {
                    self.end_para();
                }
                self.story().end_table();
            }
            b"txbxContent" => self.pop_story(),
            b"footnote" | b"endnote" | b"comment" if self.mode == Mode::Notes => self.pop_story(),
            _ => {}
        }
    }
}

#[cfg(test)]
#[path = "docx_tests.rs"]
mod tests;

/// Whether the body can show automatic numbers: a `numPr` in the body, or a
/// paragraph style used by the body whose definition (or one it is based on)
/// has one. A cheap byte scan; when in doubt, true. `styles` may be only the
/// start of the styles part (`complete` false): then None when the answer
/// depends on what follows.
fn needs_numbering(body: &[u8], styles: Option<&[u8]>, complete: bool) -> Option<bool> {
    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        memchr::memmem::find(hay, needle)
    }
    if find(body, b"numPr").is_some() {
        return Some(true);
    }
    let Some(styles) = styles else {
        return Some(false);
    };
    if complete && find(styles, b"numPr").is_none() {
        return Some(false);
    }
    // Style ids used by the body: w:pStyle w:val="X".
    let mut used: Vec<&[u8]> = Vec::new();
    let mut rest = body;
    while let Some(i) = find(rest, b"pStyle") {
        rest = &rest[i + 6..];
        let Some(q) = rest.iter().position(|&b| b == b'"') else {
            break;
        };
        let after = &rest[q + 1..];
        let Some(end) = after.iter().position(|&b| b == b'"') else {
            break;
        };
        if !used.contains(&&after[..end]) {
            used.push(&after[..end]);
        }
        rest = &after[end..];
    }
    // Follow basedOn a few steps.
    let mut seen = 0;
    while let Some(id) = used.pop() {
        seen += 1;
        if seen > 64 {
            return Some(true);
        }
        let mut key = b"w:styleId=\"".to_vec();
        key.extend_from_slice(id);
        key.push(b'"');
        let Some(at) = find(styles, &key) else {
            if complete {
                continue;
            }
            return None;
        };
        let def = &styles[at..];
        let def = match find(def, b"</w:style>") {
            Some(end) => &def[..end],
            None if complete => def,
            None => return None,
        };
        if find(def, b"numPr").is_some() {
            return Some(true);
        }
        if let Some(b) = find(def, b"basedOn") {
            let r = &def[b..];
            if let Some(q) = r.iter().position(|&c| c == b'"') {
                let a = &r[q + 1..];
                if let Some(e) = a.iter().position(|&c| c == b'"') {
                    used.push(&a[..e]);
                }
            }
        }
    }
    Some(false)
}
