//! A walk over the BIFF records of an xls Workbook stream that refuses,
//! before calamine reads it, a workbook that would make calamine ask for
//! more memory than any ledger needs. calamine 0.30.1 sizes its buffers
//! from what the records say, and a failed allocation aborts the process
//! (no guard catches it):
//! - each sheet becomes one grid of rows × columns spanning every cell's
//!   position (`Range::from_sparse`, lib.rs:818): one cell at row 18,802,
//!   column 12,900 asked for 7.7 GB (found by the `ledger` fuzz target,
//!   corpus/fixtures/fuzz/ledger/calamine-xls-huge-alloc.xls);
//! - a DIMENSIONS record reserves rows × columns cells (xls.rs:453);
//! - each LabelSst cell copies its shared string, so a long string named
//!   by many small records multiplies.
//!
//! Records are read as calamine reads them (xls.rs `RecordIter`,
//! `parse_sst`); where calamine would stop with an error the walk counts
//! at least as much as calamine would have allocated.

/// Cells calamine may lay out for the values of all sheets together, and
/// apart for their formulas: as many as one full xls sheet (65,536 rows ×
/// 256 columns), about 1.5 GB with the audit's copies. A real ledger has
/// fewer than 100,000.
const MAX_CELLS: u64 = 65_536 * 256;
/// Characters of shared text the cells may copy, all sheets together
/// (100,000 cells of 300 characters need 30 million).
const MAX_CHARS: u64 = 32 << 20;

use crate::audit::RESAVE_ADVICE as ADVICE;

/// Why calamine must not read this Workbook stream, or None.
pub fn refused(stream: &[u8]) -> Option<String> {
    // The globals: where each sheet starts, and the shared strings.
    let mut sheets = Vec::new();
    let mut sst = Vec::new();
    let mut globals = records(stream, 0).peekable();
    while let Some((typ, data)) = globals.next() {
        match typ {
            0x000A => break,                          // EOF
            0x0085 => sheets.extend(u32_at(data, 0)), // BoundSheet8
            0x00FC => {
                // SST, run on into the CONTINUE records that follow
                let mut parts = vec![data];
                while let Some((_, d)) = globals.next_if(|(t, _)| *t == 0x003C) {
                    parts.push(d);
                }
                sst = sst_lengths(&parts);
            }
            _ => {}
        }
    }
    let (mut cells, mut formula_cells, mut chars) = (0u64, 0u64, 0u64);
    for pos in sheets {
        let (mut values, mut formulas) = (Extent::default(), Extent::default());
        let mut formula_at = Some((0, 0));
        for (typ, d) in records(stream, pos as usize) {
            match typ {
                0x000A => break, // EOF
                0x0200 => {
                    let n = dimension_cells(d);
                    if n > MAX_CELLS {
                        return Some(format!(
                            "文件已损坏（表格声明的范围有 {n} 个单元格，超出 xls 表格的上限 {MAX_CELLS} 个），无法读取；{ADVICE}"
                        ));
                    }
                }
                // Number, Label, BoolErr, RK
                0x0203 | 0x0204 | 0x0205 | 0x027E => values.add(cell_at(d)),
                0x00FD => {
                    // LabelSst
                    values.add(cell_at(d));
                    let i = u32_at(d, 6).map_or(usize::MAX, |i| i as usize);
                    chars += sst.get(i).copied().unwrap_or(0);
                }
                0x0006 => {
                    // Formula: its value, and its text in the formula grid
                    formula_at = cell_at(d);
                    values.add(formula_at);
                    formulas.add(formula_at);
                }
                0x0207 => values.add(formula_at), // String: a formula's value
                0x00BD => {
                    // MulRk: one row, six bytes a cell from the first column
                    let n = (d.len().saturating_sub(6) / 6) as u64;
                    if let (Some((row, col)), true) = (cell_at(d), n > 0) {
                        values.add(Some((row, col)));
                        values.add(Some((row, col + n - 1)));
                    }
                }
                _ => {}
            }
        }
        cells += values.cells();
        formula_cells += formulas.cells();
        let n = cells.max(formula_cells);
        if n > MAX_CELLS {
            return Some(format!(
                "文件已损坏（单元格的位置超出表格范围：读取要展开 {n} 个单元格，一张完整的 xls 表也只有 {MAX_CELLS} 个），无法读取；{ADVICE}"
            ));
        }
        if chars > MAX_CHARS {
            return Some(format!(
                "文件已损坏（单元格共引用 {chars} 个字的共享文字，远超台账可能的大小），无法读取；{ADVICE}"
            ));
        }
    }
    None
}

/// The records of a BIFF stream from `pos`: type and data. Ends at a record
/// that runs past the stream's end, where calamine stops with an error.
fn records(stream: &[u8], pos: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream.get(pos..).unwrap_or(&[]);
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let end = 4 + usize::from(u16_at(rest, 2)?);
        let data = rest.get(4..end)?;
        rest = rest.get(end..)?;
        Some((typ, data))
    })
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// A cell record's row and column.
fn cell_at(d: &[u8]) -> Option<(u64, u64)> {
    Some((u16_at(d, 0)?.into(), u16_at(d, 2)?.into()))
}

/// The rows and columns the cells of a sheet span.
#[derive(Default)]
struct Extent(Option<(u64, u64, u64, u64)>);

impl Extent {
    fn add(&mut self, cell: Option<(u64, u64)>) {
        let Some((r, c)) = cell else { return };
        self.0 = Some(match self.0 {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        });
    }

    /// Cells in the grid calamine lays out for them.
    fn cells(&self) -> u64 {
        self.0
            .map_or(0, |(r0, r1, c0, c1)| (r1 - r0 + 1) * (c1 - c0 + 1))
    }
}

/// Cells calamine reserves for a DIMENSIONS record, counted as calamine
/// counts them (xls.rs `parse_dimensions`, then lines 451-453, whose u32
/// arithmetic wraps when the first row is past the last).
fn dimension_cells(d: &[u8]) -> u64 {
    let u16_as_u32 = |i| u16_at(d, i).map(u32::from);
    let dims = match d.len() {
        10 => (u16_as_u32(0), u16_as_u32(2), u16_as_u32(4), u16_as_u32(6)),
        14 => (u32_at(d, 0), u32_at(d, 4), u16_as_u32(8), u16_as_u32(10)),
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(cf), Some(cl)) = dims else {
        return 0;
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return 1;
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
    u64::from(rows) * u64::from(cols)
}

/// The SST record's data and its CONTINUE records' data, read in turn.
struct Parts<'a> {
    d: &'a [u8],
    rest: std::slice::Iter<'a, &'a [u8]>,
}

impl<'a> Parts<'a> {
    /// On to the next CONTINUE record (calamine's `continue_record`).
    fn next(&mut self) -> bool {
        self.rest.next().map(|p| self.d = p).is_some()
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = (self.d.get(..n)?, self.d.get(n..)?);
        self.d = tail;
        Some(head)
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.d.is_empty() && !self.next() {
                return None;
            }
            let l = n.min(self.d.len());
            self.d = self.d.get(l..)?;
            n -= l;
        }
        Some(())
    }
}

/// Character counts of the shared strings, as calamine's `parse_sst` reads
/// them: each an `XLUnicodeRichExtendedString`, whose characters may run on
/// into the next CONTINUE record, which then starts with its own flags.
fn sst_lengths(parts: &[&[u8]]) -> Vec<u64> {
    let mut out = Vec::new();
    let Some((first, rest)) = parts.split_first() else {
        return out;
    };
    let mut r = Parts {
        d: first.get(8..).unwrap_or(&[]), // after cstTotal and cstUnique
        rest: rest.iter(),
    };
    while !r.d.is_empty() || r.next() {
        let Some(n) = string_len(&mut r) else { break };
        out.push(n);
    }
    out
}

fn string_len(r: &mut Parts) -> Option<u64> {
    let &[lo, hi, flags] = r.take(3)? else {
        return None;
    };
    let cch = u16::from_le_bytes([lo, hi]);
    let runs = if flags & 0x8 != 0 {
        usize::from(u16_at(r.take(2)?, 0)?) * 4
    } else {
        0
    };
    let ext = if flags & 0x4 != 0 {
        // calamine reads cbExtRst as i32 and casts: negative is huge
        i32::from_le_bytes(r.take(4)?.try_into().ok()?) as usize
    } else {
        0
    };
    let (mut left, mut wide) = (usize::from(cch), flags & 0x1 != 0);
    loop {
        let unit = if wide { 2 } else { 1 };
        let l = left.min(r.d.len() / unit);
        r.d = r.d.get(l * unit..)?;
        left -= l;
        if left == 0 {
            break;
        }
        if !r.next() {
            return None;
        }
        let (&f, tail) = r.d.split_first()?;
        wide = f & 0x1 != 0;
        r.d = tail;
    }
    r.skip(runs)?;
    r.skip(ext)?;
    Some(cch.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    /// A LabelSst cell at (row, col) naming shared string `i`.
    fn label_sst(row: u16, col: u16, i: u32) -> Vec<u8> {
        let mut d = [row.to_le_bytes(), col.to_le_bytes(), [0x0F, 0]].concat();
        d.extend(i.to_le_bytes());
        rec(0x00FD, &d)
    }

    /// A workbook: globals (BOF, one BoundSheet8, an SST of `strings` in
    /// UTF-16, its records split after `split` bytes into CONTINUE
    /// records, EOF), then one sheet of `cells` records.
    fn workbook(strings: &[&str], split: usize, cells: &[Vec<u8>]) -> Vec<u8> {
        let n = (strings.len() as u32).to_le_bytes();
        let mut parts = vec![[n, n].concat()];
        for s in strings {
            let units: Vec<u16> = s.encode_utf16().collect();
            let p = parts.last_mut().unwrap();
            p.extend((units.len() as u16).to_le_bytes());
            p.push(0x01); // UTF-16 characters
            for u in units {
                if parts.last().unwrap().len() >= split {
                    parts.push(vec![0x01]); // a CONTINUE starts with its flags
                }
                parts.last_mut().unwrap().extend(u.to_le_bytes());
            }
        }
        let sst: Vec<u8> = parts
            .iter()
            .enumerate()
            .flat_map(|(i, p)| rec(if i == 0 { 0x00FC } else { 0x003C }, p))
            .collect();
        let bof = rec(0x0809, &[0, 6, 5, 0]);
        let sheet_at = (bof.len() + 14 + sst.len() + 4) as u32;
        let bound = [&sheet_at.to_le_bytes()[..], &[0, 0, 2, 0, b'S', b'1']].concat();
        let mut out = [bof, rec(0x0085, &bound), sst, rec(0x000A, &[])].concat();
        assert_eq!(out.len(), sheet_at as usize);
        out.extend(rec(0x0809, &[0, 6, 0x10, 0]));
        out.extend(cells.concat());
        out.extend(rec(0x000A, &[]));
        out
    }

    /// The first sheet as calamine reads `stream` as an xls.
    fn calamine_reads(stream: &[u8]) -> calamine::Range<calamine::Data> {
        use calamine::Reader;
        use std::io::{Cursor, Write};
        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        cf.create_stream("/Workbook")
            .unwrap()
            .write_all(stream)
            .unwrap();
        cf.flush().unwrap();
        let file = Cursor::new(cf.into_inner().into_inner());
        let mut xls: calamine::Xls<_> = calamine::open_workbook_from_rs(file).unwrap();
        xls.worksheet_range("S1").unwrap()
    }

    #[test]
    fn a_sound_small_workbook_passes() {
        let cells = vec![
            label_sst(0, 0, 0),
            label_sst(0, 1, 1),
            label_sst(40, 13, 1),
            rec(0x0200, &[0, 0, 0, 0, 41, 0, 0, 0, 0, 0, 14, 0, 0, 0]),
        ];
        let long = "处置方式".repeat(300);
        let wb = workbook(&["文件名称", &long], 100, &cells);
        assert_eq!(refused(&wb), None);
        let range = calamine_reads(&wb);
        assert_eq!(
            range.get_value((40, 13)),
            Some(&calamine::Data::String(long))
        );
        // The strings are counted across the CONTINUE records.
        let sst_at = wb.windows(2).position(|w| w == [0xFC, 0]).unwrap();
        let mut parts = vec![];
        let mut r = records(&wb, sst_at).peekable();
        parts.push(r.next().unwrap().1);
        while let Some((_, d)) = r.next_if(|(t, _)| *t == 0x3C) {
            parts.push(d);
        }
        assert!(parts.len() > 10);
        assert_eq!(sst_lengths(&parts), vec![4, 1200]);
    }

    #[test]
    fn a_cell_far_out_is_refused() {
        // The fuzz finding: one cell at row 18,802, column 12,900.
        let far = workbook(
            &["a"],
            100,
            &[label_sst(0, 0, 0), label_sst(18802, 12900, 0)],
        );
        let why = refused(&far).unwrap();
        assert!(
            why.contains("242577503") && why.contains("另存为 xlsx"),
            "{why}"
        );
        // A full xls sheet (its last cell filled) and a formula are within
        // the bounds.
        let mut formula = [1, 0, 10, 0].to_vec();
        formula.resize(20, 0);
        let cells = [
            label_sst(0, 0, 0),
            label_sst(65535, 255, 0),
            rec(0x0006, &formula),
        ];
        let full = workbook(&["a"], 100, &cells);
        assert_eq!(refused(&full), None);
    }

    #[test]
    fn a_dimensions_record_past_the_sheet_is_refused() {
        // First row after the last: calamine's arithmetic wraps to 4 billion rows.
        let dims = rec(0x0200, &[5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
        assert!(refused(&workbook(&["a"], 100, &[dims])).is_some());
        let full = rec(0x0200, &[0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
        assert_eq!(refused(&workbook(&["a"], 100, &[full])), None);
    }

    #[test]
    fn a_long_string_named_by_many_cells_is_refused() {
        let long = "信".repeat(30_000);
        let many: Vec<Vec<u8>> = (0..1200).map(|i| label_sst(i, 0, 0)).collect();
        assert!(refused(&workbook(&[&long], 8000, &many)).is_some());
        assert_eq!(refused(&workbook(&[&long], 8000, &many[..1000])), None);
    }
}
