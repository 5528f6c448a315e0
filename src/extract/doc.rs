//! Word 97–2003 binary documents (.doc, and .wps as WPS Office saves them):
//! text from the WordDocument stream through the piece table.
//!
//! FIB → `fcClx`/`lcbClx` → the CLX in the table stream (`0Table`/`1Table`)
//! → PlcPcd: character positions and piece descriptors; each piece is 8-bit
//! (cp1252, "compressed") or UTF-16LE. The main story is CPs [0, ccpText);
//! footnotes, headers, comments, endnotes and text boxes follow it and go to
//! `extras`. Every offset is bounds-checked: a damaged file is an error,
//! never a panic.

use super::{ErrorKind, Extra, ExtraKind, ExtractError, Extracted, Result};
use std::io::{Cursor, Read};

const W_IDENT: u16 = 0xA5EC;

fn corrupt(detail: impl Into<String>) -> ExtractError {
    ExtractError::new(ErrorKind::Corrupt, detail)
}

fn u16_at(b: &[u8], off: usize) -> Result<u16> {
    b.get(off..off + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .ok_or_else(|| corrupt(format!("FIB too short at 0x{off:x}")))
}

fn u32_at(b: &[u8], off: usize) -> Result<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| corrupt(format!("offset 0x{off:x} outside the stream")))
}

fn read_stream(cf: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>> {
    let mut s = cf
        .open_stream(name)
        .map_err(|e| corrupt(format!("no {name} stream: {e}")))?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)
        .map_err(|e| ExtractError::new(ErrorKind::Truncated, format!("reading {name}: {e}")))?;
    Ok(out)
}

/// The character counts of the stories, in CP order (FibRgLw97).
struct Stories {
    text: u32,
    ftn: u32,
    hdd: u32,
    atn: u32,
    edn: u32,
    txbx: u32,
    hdr_txbx: u32,
}

pub fn extract(bytes: &[u8]) -> Result<Extracted> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        let kind = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            ErrorKind::Truncated
        } else {
            ErrorKind::Corrupt
        };
        let detail = if kind == ErrorKind::Corrupt {
            format!("not an OLE2 file: {e}")
        } else {
            format!("cfb: {e}")
        };
        ExtractError::new(kind, detail)
    })?;
    let wd = read_stream(&mut cf, "/WordDocument")?;
    if u16_at(&wd, 0)? != W_IDENT {
        return Err(corrupt("WordDocument stream has no Word 97 signature"));
    }
    let n_fib = u16_at(&wd, 2)?;
    if n_fib < 101 {
        return Err(ExtractError::new(
            ErrorKind::Unsupported,
            format!("Word 6/95 binary (nFib {n_fib})"),
        ));
    }
    let flags = u16_at(&wd, 0x0A)?;
    if flags & 0x0100 != 0 {
        return Err(ExtractError::new(
            ErrorKind::Encrypted,
            "Word document is encrypted (fEncrypted)",
        ));
    }
    let table_name = if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = read_stream(&mut cf, table_name)?;

    // FibBase (32 bytes) → csw + fibRgW → cslw + fibRgLw → cbRgFcLcb + fibRgFcLcb.
    let csw = u16_at(&wd, 0x20)? as usize;
    let lw = 0x22 + csw * 2;
    let cslw = u16_at(&wd, lw)? as usize;
    let rg_lw = lw + 2;
    if cslw < 11 {
        return Err(corrupt(format!("FibRgLw too short ({cslw})")));
    }
    let lw_at = |i: usize| u32_at(&wd, rg_lw + i * 4);
    let stories = Stories {
        text: lw_at(3)?,
        ftn: lw_at(4)?,
        hdd: lw_at(5)?,
        atn: lw_at(7)?,
        edn: lw_at(8)?,
        txbx: lw_at(9)?,
        hdr_txbx: lw_at(10)?,
    };
    let fc_lcb = rg_lw + cslw * 4 + 2;
    let fc_clx = u32_at(&wd, fc_lcb + 33 * 8)? as usize;
    let lcb_clx = u32_at(&wd, fc_lcb + 33 * 8 + 4)? as usize;
    let clx = table
        .get(fc_clx..fc_clx.saturating_add(lcb_clx))
        .ok_or_else(|| corrupt("CLX outside the table stream"))?;
    let pieces = piece_table(clx)?;
    let units = decode_pieces(&wd, &pieces)?;

    let mut out = Extracted {
        engine: "doc",
        ..Default::default()
    };
    let mut pos = 0usize;
    // CPs count UTF-16 code units, so stories are cut before decoding.
    let mut story = |len: u32| {
        let start = pos.min(units.len());
        pos = pos.saturating_add(len as usize);
        let end = pos.min(units.len());
        let chars: Vec<char> = char::decode_utf16(units[start..end].iter().copied())
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect();
        render(&chars)
    };
    let body = story(stories.text);
    let extras = [
        (ExtraKind::Footnote, story(stories.ftn)),
        (ExtraKind::Header, story(stories.hdd)),
        (ExtraKind::Comment, story(stories.atn)),
        (ExtraKind::Endnote, story(stories.edn)),
        (ExtraKind::TextBox, story(stories.txbx)),
        (ExtraKind::TextBox, story(stories.hdr_txbx)),
    ];
    for (kind, text) in extras {
        let text: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !text.is_empty() {
            out.extras.push(Extra {
                kind,
                text: text.join("\n"),
            });
        }
    }
    if body.trim().is_empty() {
        return Err(ExtractError::new(
            ErrorKind::Empty,
            "Word document has no body text",
        ));
    }
    out.pages = vec![body];
    Ok(out)
}

struct Piece {
    cp_start: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

/// Skip the Prc entries and read the Pcdt's PlcPcd.
fn piece_table(clx: &[u8]) -> Result<Vec<Piece>> {
    let mut i = 0;
    while i < clx.len() {
        match clx[i] {
            0x01 => {
                let cb = u16_at(clx, i + 1)? as usize;
                i += 3 + cb;
            }
            0x02 => {
                let lcb = u32_at(clx, i + 1)? as usize;
                let plc = clx
                    .get(i + 5..i + 5 + lcb)
                    .ok_or_else(|| corrupt("PlcPcd cut short"))?;
                if lcb < 4 {
                    return Err(corrupt("empty PlcPcd"));
                }
                let n = (lcb - 4) / 12;
                let mut out = Vec::with_capacity(n);
                for k in 0..n {
                    let cp_start = u32_at(plc, k * 4)?;
                    let cp_end = u32_at(plc, (k + 1) * 4)?;
                    let pcd = (n + 1) * 4 + k * 8;
                    let fc_raw = u32_at(plc, pcd + 2)?;
                    out.push(Piece {
                        cp_start,
                        cp_end,
                        fc: fc_raw & 0x3FFF_FFFF,
                        compressed: fc_raw & 0x4000_0000 != 0,
                    });
                }
                return Ok(out);
            }
            other => return Err(corrupt(format!("unexpected CLX entry 0x{other:02x}"))),
        }
    }
    Err(corrupt("no piece table in CLX"))
}

/// All characters of the document in CP order, as UTF-16 code units (one per CP).
fn decode_pieces(wd: &[u8], pieces: &[Piece]) -> Result<Vec<u16>> {
    let mut out = Vec::new();
    for p in pieces {
        let n = p.cp_end.saturating_sub(p.cp_start) as usize;
        if p.compressed {
            let start = (p.fc / 2) as usize;
            let bytes = wd
                .get(start..start + n)
                .ok_or_else(|| corrupt("8-bit piece outside the WordDocument stream"))?;
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            out.extend(text.encode_utf16());
        } else {
            let start = p.fc as usize;
            let bytes = wd
                .get(start..start + n * 2)
                .ok_or_else(|| corrupt("UTF-16 piece outside the WordDocument stream"))?;
            out.extend(
                bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]])),
            );
        }
    }
    Ok(out)
}

/// Word's control characters to text: paragraphs, table cells and rows,
/// fields (instructions dropped, results kept).
fn render(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    // For each open field: are we past its separator (showing the result)?
    let mut fields: Vec<bool> = Vec::new();
    let mut prev_cell = false;
    for &c in chars {
        match c {
            '\u{13}' => {
                fields.push(false);
                continue;
            }
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = true;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ => {}
        }
        if fields.iter().any(|shown| !shown) {
            continue;
        }
        let is_cell = c == '\u{07}';
        match c {
            '\r' | '\u{0b}' | '\u{0c}' => out.push('\n'),
            '\u{07}' => {
                if prev_cell {
                    // The row-end mark right after the last cell mark.
                    while out.ends_with('\t') {
                        out.pop();
                    }
                    out.push('\n');
                } else {
                    out.push('\t');
                }
            }
            '\u{1e}' => out.push('-'),
            '\u{a0}' => out.push(' '),
            '\u{1f}' => {}
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
        prev_cell = is_cell;
    }
    out.lines()
        .map(|l| l.trim_end_matches('\t'))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal Word 97 file: FIB with csw=14, cslw=22, the CLX in 1Table.
    fn build_doc(
        pieces: &[(&[u8], bool, u32)],
        ccp_text: u32,
        ccp_ftn: u32,
        encrypted: bool,
    ) -> Vec<u8> {
        let fib_len = 0x400;
        let mut wd = vec![0u8; fib_len];
        wd[0..2].copy_from_slice(&W_IDENT.to_le_bytes());
        wd[2..4].copy_from_slice(&193u16.to_le_bytes());
        let mut flags = 0x0200u16;
        if encrypted {
            flags |= 0x0100;
        }
        wd[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        wd[0x20..0x22].copy_from_slice(&14u16.to_le_bytes());
        let lw = 0x22 + 28;
        wd[lw..lw + 2].copy_from_slice(&22u16.to_le_bytes());
        let rg_lw = lw + 2;
        wd[rg_lw + 12..rg_lw + 16].copy_from_slice(&ccp_text.to_le_bytes());
        wd[rg_lw + 16..rg_lw + 20].copy_from_slice(&ccp_ftn.to_le_bytes());
        // Piece bytes after the FIB.
        let mut cps = vec![0u32];
        let mut pcds = Vec::new();
        for (bytes, compressed, chars) in pieces {
            let at = wd.len() as u32;
            wd.extend_from_slice(bytes);
            let fc = if *compressed {
                (at * 2) | 0x4000_0000
            } else {
                at
            };
            cps.push(cps.last().unwrap() + chars);
            let mut pcd = vec![0u8; 8];
            pcd[2..6].copy_from_slice(&fc.to_le_bytes());
            pcds.push(pcd);
        }
        let mut plc = Vec::new();
        for cp in &cps {
            plc.extend_from_slice(&cp.to_le_bytes());
        }
        for p in pcds {
            plc.extend_from_slice(&p);
        }
        let mut clx = vec![0x02];
        clx.extend_from_slice(&(plc.len() as u32).to_le_bytes());
        clx.extend_from_slice(&plc);
        let fc_lcb = rg_lw + 22 * 4 + 2;
        wd[fc_lcb + 33 * 8..fc_lcb + 33 * 8 + 4].copy_from_slice(&0u32.to_le_bytes());
        wd[fc_lcb + 33 * 8 + 4..fc_lcb + 33 * 8 + 8]
            .copy_from_slice(&(clx.len() as u32).to_le_bytes());
        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        cf.create_stream("/WordDocument")
            .unwrap()
            .write_all(&wd)
            .unwrap();
        cf.create_stream("/1Table")
            .unwrap()
            .write_all(&clx)
            .unwrap();
        cf.flush().unwrap();
        cf.into_inner().into_inner()
    }

    fn utf16(s: &str) -> (Vec<u8>, u32) {
        let units: Vec<u16> = s.encode_utf16().collect();
        (
            units.iter().flat_map(|u| u.to_le_bytes()).collect(),
            units.len() as u32,
        )
    }

    #[test]
    fn unicode_piece_with_table_field_and_footnote() {
        let body = "第一条　记入信用记录𠮷。\r序号\u{7}任务\u{7}\u{7}1\u{7}公示\u{7}\u{7}\u{13} HYPERLINK \"x\" \u{14}信用中国\u{15}网站\r";
        let ftn = "脚注内容\r";
        let (b1, n1) = utf16(body);
        let (b2, n2) = utf16(ftn);
        let mut all = b1.clone();
        all.extend_from_slice(&b2);
        let doc = build_doc(&[(&all, false, n1 + n2)], n1, n2, false);
        let x = extract(&doc).unwrap();
        assert_eq!(
            x.pages[0],
            "第一条　记入信用记录𠮷。\n序号\t任务\n1\t公示\n信用中国网站"
        );
        assert_eq!(x.extras[0].kind, ExtraKind::Footnote);
        assert_eq!(x.extras[0].text, "脚注内容");
    }

    #[test]
    fn compressed_cp1252_piece() {
        let text = b"Article 1 \x93credit\x94\r";
        let doc = build_doc(
            &[(text, true, text.len() as u32)],
            text.len() as u32,
            0,
            false,
        );
        assert_eq!(
            extract(&doc).unwrap().pages[0],
            "Article 1 \u{201c}credit\u{201d}"
        );
    }

    #[test]
    fn encrypted_truncated_and_foreign_files() {
        let (b, n) = utf16("正文\r");
        let enc = build_doc(&[(&b, false, n)], n, 0, true);
        assert_eq!(extract(&enc).unwrap_err().kind, ErrorKind::Encrypted);
        let ok = build_doc(&[(&b, false, n)], n, 0, false);
        let cut = &ok[..ok.len() / 3];
        assert!(extract(cut).is_err());
        assert_eq!(
            extract(b"PK\x03\x04rest").unwrap_err().kind,
            ErrorKind::Corrupt
        );
    }
}
