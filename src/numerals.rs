//! Chinese numerals both ways, up to the thousands (第一百二十三条 ↔ 123),
//! as policy documents write them: 十一 (not 一十一), 一百零一, 二〇二一.

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' | 'O' | 'o' | '０' | '0' => 0,
        '一' | '壹' | '1' => 1,
        '二' | '两' | '贰' | '2' => 2,
        '三' | '叁' | '3' => 3,
        '四' | '肆' | '4' => 4,
        '五' | '伍' | '5' => 5,
        '六' | '陆' | '6' => 6,
        '七' | '柒' | '7' => 7,
        '八' | '捌' | '8' => 8,
        '九' | '玖' | '9' => 9,
        _ => return None,
    })
}

/// Parse a number written in Chinese numerals (一百二十三, 十一, 一千零五) or
/// ASCII digits. Returns None for anything else or for values of 10,000+.
pub fn parse(s: &str) -> Option<u32> {
    let s = crate::normalize::trim(s);
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            _ => {
                let d = digit(c)?;
                if pending.is_some() && d != 0 {
                    return None; // 二三: not a numeral of this kind
                }
                pending = if d == 0 { None } else { Some(d) };
                continue;
            }
        };
        if unit >= last_unit {
            return None; // 十百: units must fall
        }
        last_unit = unit;
        total += pending.take().unwrap_or(1) * unit;
    }
    total += pending.unwrap_or(0);
    (total > 0 || s.chars().all(|c| digit(c) == Some(0))).then_some(total)
}

/// Read a year written digit by digit: 二〇二一 → 2021.
pub fn parse_digits(s: &str) -> Option<u32> {
    let mut v = 0u32;
    for c in s.chars() {
        v = v.checked_mul(10)?.checked_add(digit(c)?)?;
    }
    (!s.is_empty()).then_some(v)
}

/// Write `n` (1..=9999) in Chinese numerals as documents do: 十一, 一百零一, 一千零二十.
pub fn to_chinese(n: u32) -> String {
    let mut out = String::new();
    push_chinese(&mut out, n);
    out
}

/// 第{n}{unit} (第十二条, 第三款), built in one string: a document's labels
/// and cites are made of these, one per article and paragraph.
pub fn ordinal(n: u32, unit: &str) -> String {
    let mut out = String::with_capacity(3 * 8 + unit.len());
    out.push('第');
    push_chinese(&mut out, n);
    out.push_str(unit);
    out
}

/// [`to_chinese`], appended to `out`.
fn push_chinese(out: &mut String, n: u32) {
    if n == 0 {
        out.push('零');
        return;
    }
    if n >= 10_000 {
        out.push_str(itoa::Buffer::new().format(n));
        return;
    }
    let units = [(1000, '千'), (100, '百'), (10, '十')];
    let mut rest = n;
    let mut started = false;
    let mut zero_pending = false;
    for (value, name) in units {
        let d = rest / value;
        rest %= value;
        if d == 0 {
            if started {
                zero_pending = true;
            }
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        // 十一 rather than 一十一 when the number starts with ten.
        if !(value == 10 && d == 1 && !started) {
            out.push(DIGITS[d as usize]);
        }
        out.push(name);
        started = true;
    }
    if rest > 0 {
        if zero_pending {
            out.push('零');
        }
        out.push(DIGITS[rest as usize]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinal_is_di_number_unit() {
        assert_eq!(ordinal(12, "条"), "第十二条");
        assert_eq!(ordinal(3, "款"), "第三款");
        assert_eq!(ordinal(0, "条"), "第零条");
        for n in (0..12_000).chain([99_999, u32::MAX]) {
            assert_eq!(
                ordinal(n, "条"),
                ["第", &to_chinese(n), "条"].concat(),
                "{n}"
            );
        }
        assert_eq!(to_chinese(10_000), "10000");
    }

    #[test]
    fn both_ways_up_to_the_thousands() {
        for n in 1..=2000 {
            let cn = to_chinese(n);
            assert_eq!(parse(&cn), Some(n), "{n} → {cn}");
        }
        assert_eq!(to_chinese(11), "十一");
        assert_eq!(to_chinese(101), "一百零一");
        assert_eq!(to_chinese(110), "一百一十");
        assert_eq!(to_chinese(123), "一百二十三");
        assert_eq!(to_chinese(1005), "一千零五");
        assert_eq!(to_chinese(1020), "一千零二十");
    }

    #[test]
    fn parses_variants() {
        assert_eq!(parse("一十一"), Some(11));
        assert_eq!(parse("两百"), Some(200));
        assert_eq!(parse("12"), Some(12));
        assert_eq!(parse("二三"), None);
        assert_eq!(parse("条"), None);
        assert_eq!(parse_digits("二〇二一"), Some(2021));
        assert_eq!(parse_digits("二○一九"), Some(2019));
    }
}
