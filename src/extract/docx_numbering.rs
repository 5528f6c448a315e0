//! Word automatic numbering: `word/numbering.xml` + `word/styles.xml` → the
//! label Word would draw in front of a paragraph (第一条, （一）, 1.1 …).
//!
//! Model (ECMA-376 §17.9): a paragraph names a numbering instance `w:num`
//! (numId) and a level (ilvl), directly in `w:pPr/w:numPr` or through its
//! paragraph style. The instance points at an abstract definition
//! (`w:abstractNum`) whose `w:lvl` gives start value, format and level text;
//! the instance may override the start (`w:startOverride`) or a whole level.
//!
//! Counters: instances without overrides that share an abstract definition
//! continue one list (Word's behaviour); an instance with overrides is a list
//! of its own. Using a level resets the deeper levels (subject to
//! `w:lvlRestart`).

use super::common::{attr, to_utf8, truthy};
use quick_xml::events::Event;
use quick_xml::NsReader;
use std::collections::HashMap;

const MAX_LEVELS: usize = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    fmt: Option<String>,
    /// `w:format` of a `custom` numFmt (e.g. "001, 002, 003, ...").
    custom: Option<String>,
    text: Option<String>,
    suffix: Option<Suffix>,
    /// `w:lvlRestart`: 0 = never restart; n = restart after level n (1-based).
    restart: Option<u32>,
    is_lgl: bool,
    pstyle: Option<String>,
}

impl Level {
    fn start(&self) -> u32 {
        // ECMA-376 §17.9.25: an omitted w:start means 0 (Word and LibreOffice
        // both draw 第0条 then).
        self.start.unwrap_or(0)
    }
}

#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: Vec<Option<Level>>,
    num_style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    start_override: [Option<u32>; MAX_LEVELS],
    level_override: Vec<Option<Level>>,
}

impl Num {
    /// Does this instance restart level `ilvl` (a start override, or an
    /// overriding level definition with its own start)?
    fn restarts(&self, ilvl: usize) -> bool {
        self.start_override.get(ilvl).is_some_and(Option::is_some)
            || self
                .level_override
                .get(ilvl)
                .is_some_and(|l| l.as_ref().is_some_and(|l| l.start.is_some()))
    }
}

#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

/// Numbering and paragraph-style definitions of one document.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, Style>,
    default_pstyle: Option<String>,
}

/// Counter state of one story (the body; each header or note part gets its own).
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Per abstract list: the current value of each level.
    lists: HashMap<String, [Option<u32>; MAX_LEVELS]>,
    /// (numId, ilvl) whose start override has been applied.
    restarted: std::collections::HashSet<(String, usize)>,
}

fn parse_ilvl(v: Option<String>) -> Option<u8> {
    v.and_then(|s| s.trim().parse::<u8>().ok())
        .map(|n| n.min(MAX_LEVELS as u8 - 1))
}

fn parse_u32(v: Option<String>) -> Option<u32> {
    v.and_then(|s| s.trim().parse::<i64>().ok())
        .map(|n| n.clamp(0, u32::MAX as i64) as u32)
}

impl Numbering {
    pub(crate) fn is_empty(&self) -> bool {
        self.nums.is_empty()
    }

    /// Read `numbering.xml` (may be absent) and `styles.xml` (may be absent).
    /// Malformed XML keeps whatever was read before the error.
    pub(crate) fn parse(numbering: Option<&[u8]>, styles: Option<&[u8]>) -> Numbering {
        let mut n = Numbering::default();
        if let Some(s) = styles {
            n.parse_styles(&to_utf8(s));
        }
        if let Some(b) = numbering {
            n.parse_numbering(&to_utf8(b));
        }
        n
    }

    fn parse_styles(&mut self, xml: &[u8]) {
        let mut r = NsReader::from_reader(xml);
        let mut cur: Option<(String, Style)> = None;
        let mut depth_in_change = 0u32;
        loop {
            let ev = match r.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    let name = e.local_name();
                    let name = name.as_ref();
                    if name == b"pPrChange" && !empty {
                        depth_in_change += 1;
                        continue;
                    }
                    if depth_in_change > 0 {
                        continue;
                    }
                    match name {
                        b"style" => {
                            let ty = attr(e, b"type").unwrap_or_default();
                            let id = attr(e, b"styleId").unwrap_or_default();
                            if (ty == "paragraph" || ty == "numbering") && !empty {
                                if ty == "paragraph"
                                    && truthy(attr(e, b"default").as_deref())
                                    && attr(e, b"default").is_some()
                                {
                                    self.default_pstyle = Some(id.clone());
                                }
                                cur = Some((id, Style::default()));
                            }
                        }
                        b"basedOn" => {
                            if let Some((_, s)) = cur.as_mut() {
                                s.based_on = attr(e, b"val");
                            }
                        }
                        b"numId" => {
                            if let Some((_, s)) = cur.as_mut() {
                                s.num_id = attr(e, b"val");
                            }
                        }
                        b"ilvl" => {
                            if let Some((_, s)) = cur.as_mut() {
                                s.ilvl = parse_ilvl(attr(e, b"val"));
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) => {
                    let name = e.local_name();
                    if name.as_ref() == b"pPrChange" {
                        depth_in_change = depth_in_change.saturating_sub(1);
                    } else if name.as_ref() == b"style" {
                        if let Some((id, s)) = cur.take() {
                            self.styles.insert(id, s);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn parse_numbering(&mut self, xml: &[u8]) {
        let mut r = NsReader::from_reader(xml);
        // What we are inside of.
        let mut abs: Option<(String, AbstractNum)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut override_ilvl: Option<usize> = None;
        let mut lvl: Option<(usize, Level)> = None;
        loop {
            let ev = match r.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    let name = e.local_name();
                    match name.as_ref() {
                        b"abstractNum" if !empty => {
                            let id = attr(e, b"abstractNumId").unwrap_or_default();
                            abs = Some((id, AbstractNum::default()));
                        }
                        b"num" if !empty => {
                            let id = attr(e, b"numId").unwrap_or_default();
                            num = Some((id, Num::default()));
                        }
                        b"abstractNumId" => {
                            if let Some((_, n)) = num.as_mut() {
                                n.abstract_id = attr(e, b"val").unwrap_or_default();
                            }
                        }
                        b"lvlOverride" if !empty => {
                            override_ilvl = parse_ilvl(attr(e, b"ilvl")).map(usize::from);
                        }
                        b"startOverride" => {
                            if let (Some((_, n)), Some(i)) = (num.as_mut(), override_ilvl) {
                                n.start_override[i] = parse_u32(attr(e, b"val"));
                            }
                        }
                        b"numStyleLink" => {
                            if let Some((_, a)) = abs.as_mut() {
                                a.num_style_link = attr(e, b"val");
                            }
                        }
                        b"lvl" if !empty => {
                            let i = parse_ilvl(attr(e, b"ilvl"))
                                .map(usize::from)
                                .or(override_ilvl)
                                .unwrap_or(0);
                            lvl = Some((i, Level::default()));
                        }
                        b"start" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.start = parse_u32(attr(e, b"val"));
                            }
                        }
                        b"numFmt" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                let v = attr(e, b"val").unwrap_or_default();
                                if v == "custom" {
                                    l.custom = attr(e, b"format");
                                    if l.fmt.is_none() {
                                        l.fmt = Some(v);
                                    }
                                } else if l.fmt.is_none() || l.fmt.as_deref() == Some("custom") {
                                    // mc:Choice (custom) then mc:Fallback (a plain format):
                                    // the plain one wins.
                                    l.fmt = Some(v);
                                }
                            }
                        }
                        b"lvlText" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.text = attr(e, b"val");
                            }
                        }
                        b"suff" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.suffix = Some(match attr(e, b"val").as_deref() {
                                    Some("space") => Suffix::Space,
                                    Some("nothing") => Suffix::Nothing,
                                    _ => Suffix::Tab,
                                });
                            }
                        }
                        b"lvlRestart" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.restart = parse_u32(attr(e, b"val"));
                            }
                        }
                        b"isLgl" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.is_lgl = truthy(attr(e, b"val").as_deref());
                            }
                        }
                        b"pStyle" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.pstyle = attr(e, b"val");
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let Some((i, l)) = lvl.take() {
                            if let Some((_, n)) = num.as_mut() {
                                put(&mut n.level_override, i, l);
                            } else if let Some((_, a)) = abs.as_mut() {
                                put(&mut a.levels, i, l);
                            }
                        }
                    }
                    b"lvlOverride" => override_ilvl = None,
                    b"abstractNum" => {
                        if let Some((id, a)) = abs.take() {
                            self.abstracts.insert(id, a);
                        }
                    }
                    b"num" => {
                        if let Some((id, n)) = num.take() {
                            self.nums.insert(id, n);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// Numbering of a paragraph from its `w:pStyle` and direct `w:numPr`:
    /// `(numId, ilvl)`, or `None` when the paragraph is not numbered.
    pub(crate) fn resolve_para(
        &self,
        pstyle: Option<&str>,
        direct_num: Option<&str>,
        direct_ilvl: Option<u8>,
    ) -> Option<(String, usize)> {
        if self.nums.is_empty() {
            return None;
        }
        // Walk the style chain once, collecting the first numId and ilvl found.
        let mut style_num: Option<&str> = None;
        let mut style_ilvl: Option<u8> = None;
        let mut sid = pstyle.or(self.default_pstyle.as_deref());
        let first_style = sid;
        let mut guard = 0;
        while let Some(id) = sid {
            guard += 1;
            if guard > 16 {
                break;
            }
            let Some(s) = self.styles.get(id) else { break };
            if style_num.is_none() {
                style_num = s.num_id.as_deref();
            }
            if style_ilvl.is_none() {
                style_ilvl = s.ilvl;
            }
            sid = s.based_on.as_deref();
        }
        let num_id = direct_num.or(style_num)?;
        if num_id.trim() == "0" || !self.nums.contains_key(num_id) {
            return None;
        }
        let ilvl = match direct_ilvl.or(style_ilvl) {
            Some(i) => i as usize,
            None => {
                // A level may name the style that selects it (w:lvl/w:pStyle).
                let levels = self.levels_of(num_id);
                first_style
                    .and_then(|st| {
                        levels
                            .iter()
                            .position(|l| l.as_ref().and_then(|l| l.pstyle.as_deref()) == Some(st))
                    })
                    .unwrap_or(0)
            }
        };
        Some((num_id.to_string(), ilvl.min(MAX_LEVELS - 1)))
    }

    /// The abstract definition behind a numbering instance, following
    /// `w:numStyleLink` through numbering styles.
    fn abstract_of(&self, num_id: &str) -> Option<(&str, &AbstractNum)> {
        let mut id = num_id;
        for _ in 0..8 {
            let num = self.nums.get(id)?;
            let (aid, a) = self.abstracts.get_key_value(&num.abstract_id)?;
            match a.num_style_link.as_deref() {
                Some(link) => match self.styles.get(link).and_then(|s| s.num_id.as_deref()) {
                    Some(next) if next != id => id = next,
                    _ => return Some((aid.as_str(), a)),
                },
                None => return Some((aid.as_str(), a)),
            }
        }
        None
    }

    /// Effective level definitions of a numbering instance (overrides applied).
    fn levels_of(&self, num_id: &str) -> Vec<Option<Level>> {
        let mut levels: Vec<Option<Level>> = vec![None; MAX_LEVELS];
        if let Some((_, a)) = self.abstract_of(num_id) {
            for (i, l) in a.levels.iter().enumerate().take(MAX_LEVELS) {
                levels[i] = l.clone();
            }
        }
        if let Some(n) = self.nums.get(num_id) {
            for (i, l) in n.level_override.iter().enumerate().take(MAX_LEVELS) {
                if let Some(l) = l {
                    levels[i] = Some(l.clone());
                }
            }
            for (i, s) in n.start_override.iter().enumerate() {
                if let (Some(s), Some(l)) = (s, levels[i].as_mut()) {
                    l.start = Some(*s);
                }
            }
        }
        levels
    }

    /// Advance the counters for a paragraph at `(num_id, ilvl)` and return the
    /// label with its suffix ("第一条　", "（二）", "1.1 "), or `None` when
    /// the level draws nothing.
    pub(crate) fn next_label(
        &self,
        counters: &mut Counters,
        num_id: &str,
        ilvl: usize,
    ) -> Option<String> {
        let levels = self.levels_of(num_id);
        let level = levels.get(ilvl)?.as_ref()?;
        // Instances sharing an abstract definition share its counters (as
        // Word does); an instance with a start override restarts the level the
        // first time it is used, and the shared list continues from there.
        let key = match self.abstract_of(num_id) {
            Some((aid, _)) => format!("a{aid}"),
            None => format!("n{num_id}"),
        };
        let restart_now = self.nums.get(num_id).is_some_and(|n| n.restarts(ilvl))
            && counters.restarted.insert((num_id.to_string(), ilvl));
        let state = counters.lists.entry(key).or_insert([None; MAX_LEVELS]);
        if restart_now {
            state[ilvl] = None;
        }
        state[ilvl] = Some(match state[ilvl] {
            Some(v) => v.saturating_add(1),
            None => level.start(),
        });
        for (k, slot) in state.iter_mut().enumerate().skip(ilvl + 1) {
            // Default: level k restarts after any shallower level.
            let restart = levels[k]
                .as_ref()
                .and_then(|l| l.restart)
                .unwrap_or(k as u32);
            if restart > 0 && (ilvl as u32) < restart {
                *slot = None;
            }
        }
        let text = level.text.as_deref()?;
        let fmt = level.fmt.as_deref().unwrap_or("decimal");
        let mut label = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    if (1..=MAX_LEVELS as u32).contains(&d) {
                        let k = d as usize - 1;
                        let lk = levels[k].as_ref();
                        let value = state[k].unwrap_or_else(|| lk.map_or(1, Level::start));
                        let kfmt = if level.is_lgl && k != ilvl {
                            "decimal"
                        } else {
                            lk.and_then(|l| l.fmt.as_deref()).unwrap_or("decimal")
                        };
                        let custom = lk.and_then(|l| l.custom.as_deref());
                        label.push_str(&format_number(value, kfmt, custom));
                    }
                    continue;
                }
            }
            label.push(c);
        }
        if fmt == "bullet" {
            // Symbol-font bullets are private-use code points: draw a plain one.
            label = label
                .chars()
                .map(|c| {
                    if ('\u{E000}'..='\u{F8FF}').contains(&c) {
                        '•'
                    } else {
                        c
                    }
                })
                .collect();
        }
        if label.trim().is_empty() {
            return None;
        }
        match level.suffix.unwrap_or_default() {
            Suffix::Tab => label.push('\u{3000}'),
            Suffix::Space => label.push(' '),
            Suffix::Nothing => {}
        }
        Some(label)
    }
}

fn put(v: &mut Vec<Option<Level>>, i: usize, l: Level) {
    if i >= MAX_LEVELS {
        return;
    }
    if v.len() <= i {
        v.resize(i + 1, None);
    }
    v[i] = Some(l);
}

/// Render `n` in a `w:numFmt` format.
pub(crate) fn format_number(n: u32, fmt: &str, custom: Option<&str>) -> String {
    match fmt {
        "decimal" | "decimalHalfWidth" | "ordinal" | "cardinalText" | "ordinalText" => {
            n.to_string()
        }
        "decimalZero" => format!("{n:02}"),
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese_counting(n),
        "japaneseCounting" => japanese_counting(n),
        "chineseLegalSimplified" => chinese_legal(
            n,
            &LEGAL_SIMPLIFIED,
            "零",
            ["拾", "佰", "仟"],
            ["", "万", "亿"],
        ),
        "ideographLegalTraditional" => chinese_legal(
            n,
            &LEGAL_TRADITIONAL,
            "零",
            ["拾", "佰", "仟"],
            ["", "萬", "億"],
        ),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| DIGITS_ZH[d.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "ideographTraditional" => cycle(
            n,
            &["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"],
        ),
        "ideographZodiac" => cycle(
            n,
            &[
                "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
            ],
        ),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => enclosed_circle(n),
        "decimalEnclosedFullstop" => enclosed(n, 0x2488, 20),
        "decimalEnclosedParen" => enclosed(n, 0x2474, 20),
        "ideographEnclosedCircle" => enclosed(n, 0x3220, 10),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "none" | "bullet" => String::new(),
        "custom" => {
            // "001, 002, 003, ..." → zero-padded decimal; anything else: decimal.
            let width = custom
                .and_then(|f| f.split(',').next())
                .map(|f| f.trim())
                .filter(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
                .map_or(0, str::len);
            format!("{n:0width$}")
        }
        _ => n.to_string(),
    }
}

const DIGITS_ZH: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LEGAL_SIMPLIFIED: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const LEGAL_TRADITIONAL: [&str; 10] = ["零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"];

/// Chinese counting numerals as Word draws `chineseCounting`:
/// 1→一, 10→十, 11→十一, 20→二十, 101→一百零一, 110→一百一十, 1000→一千,
/// 10001→一万零一, 0→〇.
pub(crate) fn chinese_counting(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return "〇".to_string();
    }
    let s = grouped(n, &D, "零", ["十", "百", "千"], ["", "万", "亿"]);
    // 十, 十一 … 十九: no leading 一 when the number starts in the tens.
    match s.strip_prefix("一十") {
        Some(rest) => format!("十{rest}"),
        None => s,
    }
}

fn chinese_legal(
    n: u32,
    digits: &[&str; 10],
    zero: &str,
    units: [&str; 3],
    big: [&str; 3],
) -> String {
    if n == 0 {
        return zero.to_string();
    }
    grouped(n, digits, zero, units, big)
}

/// Japanese counting: no 零, and no 一 before 十/百/千 (百十一, 千一).
fn japanese_counting(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return "〇".to_string();
    }
    let units = ["", "十", "百", "千"];
    let big = ["", "万", "億"];
    let mut out = String::new();
    let groups = split_groups(n);
    for (gi, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            continue;
        }
        let ds = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
        for (pos, &d) in ds.iter().enumerate() {
            let unit = 3 - pos;
            if d == 0 {
                continue;
            }
            if !(d == 1 && unit > 0) {
                out.push_str(D[d as usize]);
            }
            out.push_str(units[unit]);
        }
        out.push_str(big[gi]);
    }
    out
}

/// n split into base-10000 groups, lowest first.
fn split_groups(mut n: u32) -> Vec<u32> {
    let mut v = Vec::new();
    while n > 0 {
        v.push(n % 10_000);
        n /= 10_000;
    }
    v
}

/// Positional Chinese numeral: digit + unit, one `zero` for each run of
/// inner zeros, 万/亿 groups.
fn grouped(n: u32, digits: &[&str; 10], zero: &str, units: [&str; 3], big: [&str; 3]) -> String {
    let groups = split_groups(n);
    let mut out = String::new();
    let mut owed = false;
    for (gi, &g) in groups.iter().enumerate().rev() {
        // A zero is owed when a higher group was written and this one is
        // all zeros or starts below the thousands.
        if g == 0 {
            owed |= !out.is_empty();
            continue;
        }
        let mut need_zero = owed || (!out.is_empty() && g < 1000);
        owed = false;
        let ds = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
        let mut started = false;
        for (pos, &d) in ds.iter().enumerate() {
            let unit = 3 - pos;
            if d == 0 {
                need_zero |= started;
                continue;
            }
            if need_zero && !out.is_empty() {
                out.push_str(zero);
            }
            need_zero = false;
            out.push_str(digits[d as usize]);
            if unit > 0 {
                out.push_str(units[unit - 1]);
            }
            started = true;
        }
        out.push_str(big[gi.min(2)]);
    }
    out
}

fn cycle(n: u32, items: &[&str]) -> String {
    if n == 0 {
        return n.to_string();
    }
    items[((n - 1) as usize) % items.len()].to_string()
}

fn enclosed(n: u32, first: u32, count: u32) -> String {
    if (1..=count).contains(&n) {
        if let Some(c) = char::from_u32(first + n - 1) {
            return c.to_string();
        }
    }
    n.to_string()
}

fn enclosed_circle(n: u32) -> String {
    let cp = match n {
        1..=20 => 0x2460 + n - 1,
        21..=35 => 0x3251 + n - 21,
        36..=50 => 0x32B1 + n - 36,
        _ => return n.to_string(),
    };
    char::from_u32(cp).map_or_else(|| n.to_string(), |c| c.to_string())
}

/// A, B, … Z, AA, BB, … (Word repeats the letter).
fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return "0".to_string();
    }
    let idx = (n - 1) % 26;
    let times = ((n - 1) / 26 + 1).min(50) as usize;
    std::iter::repeat((base + idx as u8) as char)
        .take(times)
        .collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_values() {
        let cases = [
            (1, "一"),
            (2, "二"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (12, "十二"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (111, "一百一十一"),
            (120, "一百二十"),
            (200, "二百"),
            (999, "九百九十九"),
            (1000, "一千"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (1100, "一千一百"),
            (1234, "一千二百三十四"),
            (10000, "一万"),
            (10001, "一万零一"),
            (10010, "一万零一十"),
            (10100, "一万零一百"),
            (11000, "一万一千"),
            (100000, "十万"),
            (110000, "十一万"),
            (1000000, "一百万"),
            (100000000, "一亿"),
            (100010000, "一亿零一万"),
            (100001000, "一亿零一千"),
            (101001000, "一亿零一百万一千"),
            (10101000, "一千零一十万一千"),
            (0, "〇"),
        ];
        for (n, want) in cases {
            assert_eq!(chinese_counting(n), want, "n = {n}");
        }
        assert_eq!(format_number(11, "chineseCountingThousand", None), "十一");
    }

    #[test]
    fn other_formats() {
        assert_eq!(format_number(1, "chineseLegalSimplified", None), "壹");
        assert_eq!(format_number(10, "chineseLegalSimplified", None), "壹拾");
        assert_eq!(format_number(23, "chineseLegalSimplified", None), "贰拾叁");
        assert_eq!(
            format_number(105, "chineseLegalSimplified", None),
            "壹佰零伍"
        );
        assert_eq!(format_number(11, "japaneseCounting", None), "十一");
        assert_eq!(format_number(111, "japaneseCounting", None), "百十一");
        assert_eq!(format_number(1001, "japaneseCounting", None), "千一");
        assert_eq!(format_number(3, "ideographTraditional", None), "丙");
        assert_eq!(format_number(11, "ideographTraditional", None), "甲");
        assert_eq!(format_number(10, "ideographDigital", None), "一〇");
        assert_eq!(format_number(12, "decimalFullWidth", None), "１２");
        assert_eq!(format_number(3, "decimalEnclosedCircleChinese", None), "③");
        assert_eq!(format_number(21, "decimalEnclosedCircle", None), "㉑");
        assert_eq!(format_number(36, "decimalEnclosedCircle", None), "㊱");
        assert_eq!(format_number(2, "decimalEnclosedParen", None), "⑵");
        assert_eq!(format_number(1, "ideographEnclosedCircle", None), "㈠");
        assert_eq!(format_number(28, "upperLetter", None), "BB");
        assert_eq!(format_number(3, "lowerLetter", None), "c");
        assert_eq!(format_number(1994, "upperRoman", None), "MCMXCIV");
        assert_eq!(format_number(4, "lowerRoman", None), "iv");
        assert_eq!(
            format_number(7, "custom", Some("001, 002, 003, ...")),
            "007"
        );
        assert_eq!(format_number(7, "decimalZero", None), "07");
        assert_eq!(format_number(7, "none", None), "");
    }
}
