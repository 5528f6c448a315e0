//! Decide a file's format from its bytes first and its extension second.
//!
//! Government folders are full of mislabeled files: a docx saved as `.doc`,
//! an HTML page saved as `.doc` or `.pdf`, a Word 97 binary named `.wps`.
//! Magic bytes decide; the extension only breaks ties (doc vs wps, or which
//! reader should report a truncated zip).

use super::{ErrorKind, ExtractError, Format};
use std::io::Cursor;

/// The outcome of sniffing: a format to read with, or a reason not to read.
pub fn sniff(bytes: &[u8], ext: &str) -> Result<Format, ExtractError> {
    let ext = ext.to_ascii_lowercase();
    if bytes.is_empty() {
        return Ok(match ext.as_str() {
            "docx" => Format::Docx,
            "doc" => Format::Doc,
            "wps" => Format::Wps,
            "pdf" => Format::Pdf,
            "ofd" => Format::Ofd,
            "htm" | "html" | "shtml" => Format::Html,
            _ => Format::Txt,
        });
    }
    if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return sniff_cfb(bytes, &ext);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(sniff_zip(bytes, &ext));
    }
    let head = strip_bom(&bytes[..bytes.len().min(2048)]);
    if head.starts_with(b"{\\rtf") {
        return Ok(Format::Rtf);
    }
    if looks_like_html(head) {
        return Ok(Format::Html);
    }
    if let Some((what, kind)) = binary_kind(bytes) {
        return Err(ExtractError::new(kind, format!("{what}, not a document")));
    }
    // A csv is a table (a submitted ledger, a data export), and source code,
    // configuration and data files are not policy texts either.
    if matches!(ext.as_str(), "csv" | "tsv") {
        return Err(ExtractError::new(
            ErrorKind::NotDocument,
            "spreadsheet (csv), not a document",
        ));
    }
    if matches!(
        ext.as_str(),
        "py" | "rs"
            | "js"
            | "sh"
            | "bat"
            | "ps1"
            | "toml"
            | "json"
            | "jsonl"
            | "yml"
            | "yaml"
            | "ini"
            | "cfg"
            | "log"
            | "md"
            | "css"
            | "sql"
    ) {
        return Err(ExtractError::new(
            ErrorKind::NotDocument,
            format!("program, data or notes file (.{ext}), not a document"),
        ));
    }
    if looks_like_text(bytes) {
        return Ok(Format::Txt);
    }
    // Binary we do not recognise. A known document extension means the file
    // is damaged; anything else is simply not ours.
    match ext.as_str() {
        "docx" | "doc" | "wps" | "pdf" | "ofd" | "odt" | "zip" => Err(ExtractError::new(
            ErrorKind::Corrupt,
            format!("content is not a valid .{ext} file (unrecognised bytes)"),
        )),
        _ => Err(ExtractError::new(
            ErrorKind::Unsupported,
            "unrecognised binary content",
        )),
    }
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(b)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn looks_like_html(head: &[u8]) -> bool {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let rest = &head[start..];
    let starts = |p: &[u8]| {
        rest.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    starts(b"<!doctype html")
        || starts(b"<html")
        || starts(b"<head")
        || starts(b"<meta")
        || starts(b"<body")
        || ((starts(b"<?xml") || starts(b"<!--"))
            && find(&rest.to_ascii_lowercase(), b"<html").is_some())
}

fn binary_kind(b: &[u8]) -> Option<(&'static str, ErrorKind)> {
    use ErrorKind::{Archive, Image, NotDocument};
    let table: &[(&[u8], &str, ErrorKind)] = &[
        (b"\x89PNG", "PNG image", Image),
        (b"\xFF\xD8\xFF", "JPEG image", Image),
        (b"GIF8", "GIF image", Image),
        (b"BM", "BMP image", Image),
        (b"II*\x00", "TIFF image", Image),
        (b"MM\x00*", "TIFF image", Image),
        (b"7z\xBC\xAF\x27\x1C", "7z archive", Archive),
        (b"Rar!", "RAR archive", Archive),
        (b"\x1F\x8B", "gzip archive", Archive),
        (b"MZ", "Windows executable", NotDocument),
        (b"\x7FELF", "ELF executable", NotDocument),
    ];
    table
        .iter()
        .find(|(magic, _, _)| b.starts_with(magic))
        .map(|(_, what, kind)| (*what, *kind))
}

/// Text if it has a BOM, decodes as UTF-8, or has few control bytes (GBK and
/// other legacy encodings).
fn looks_like_text(b: &[u8]) -> bool {
    if b.starts_with(&[0xFF, 0xFE])
        || b.starts_with(&[0xFE, 0xFF])
        || b.starts_with(&[0xEF, 0xBB, 0xBF])
    {
        return true;
    }
    let sample = &b[..b.len().min(8192)];
    if super::txt::utf16_without_bom(sample).is_some() {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    controls * 100 <= sample.len()
}

fn sniff_cfb(bytes: &[u8], ext: &str) -> Result<Format, ExtractError> {
    let cf = match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(cf) => cf,
        // A damaged OLE file: let the Word reader produce the precise error.
        Err(_) => {
            return Ok(if ext == "wps" {
                Format::Wps
            } else {
                Format::Doc
            })
        }
    };
    let has = |name: &str| cf.exists(name);
    if has("/EncryptionInfo") || has("/EncryptedPackage") {
        return Err(ExtractError::new(
            ErrorKind::Encrypted,
            "password-protected Office file (EncryptedPackage)",
        ));
    }
    if has("/WordDocument") {
        return Ok(if ext == "wps" {
            Format::Wps
        } else {
            Format::Doc
        });
    }
    Err(if has("/Workbook") || has("/Book") {
        ExtractError::new(ErrorKind::NotDocument, "Excel 97 workbook")
    } else if has("/PowerPoint Document") {
        ExtractError::new(ErrorKind::NotDocument, "PowerPoint 97 presentation")
    } else {
        ExtractError::new(
            ErrorKind::Unsupported,
            "OLE2 file without a Word document stream",
        )
    })
}

fn sniff_zip(bytes: &[u8], ext: &str) -> Format {
    let by_ext = || match ext {
        "docx" | "docm" | "dotx" => Format::Docx,
        "odt" => Format::Odt,
        "ofd" => Format::Ofd,
        "doc" | "wps" => Format::Docx,
        _ => Format::Zip,
    };
    let archive = match ::zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(_) => return by_ext(),
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_ascii_lowercase()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("word/document.xml") {
        Format::Docx
    } else if has("ofd.xml") {
        Format::Ofd
    } else if has("content.xml") && has("mimetype") {
        if names.iter().any(|n| n == "mimetype") && ext != "ods" && ext != "odp" {
            Format::Odt
        } else {
            Format::Other
        }
    } else if names
        .iter()
        .any(|n| n.starts_with("xl/") || n.starts_with("ppt/"))
    {
        Format::Other
    } else {
        Format::Zip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_beats_extension() {
        assert_eq!(sniff(b"%PDF-1.4\n...", "doc").ok(), Some(Format::Pdf));
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><body>x</body></html>", "doc").ok(),
            Some(Format::Html)
        );
        assert_eq!(sniff(b"{\\rtf1\\ansi x}", "doc").ok(), Some(Format::Rtf));
        assert_eq!(
            sniff("第一条 本办法".as_bytes(), "doc").ok(),
            Some(Format::Txt)
        );
    }

    #[test]
    fn pictures_archives_and_data_are_told_apart_and_random_docx_is_corrupt() {
        let png = sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "png").unwrap_err();
        assert_eq!(png.kind, ErrorKind::Image);
        let rar = sniff(b"Rar!\x1A\x07\x00\xCF\x90\x73\0\0", "rar").unwrap_err();
        assert_eq!(rar.kind, ErrorKind::Archive);
        let csv = sniff("序号,文件名称\n1,办法\n".as_bytes(), "csv").unwrap_err();
        assert_eq!(csv.kind, ErrorKind::NotDocument);
        assert!(crate::extract::is_not_document(&csv.message()));
        assert!(!crate::extract::is_not_document(&png.message()));
        let mut noise = Vec::new();
        let mut x: u32 = 12345;
        for _ in 0..4096 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            noise.push((x >> 16) as u8);
        }
        let e = sniff(&noise, "docx").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Corrupt);
    }

    #[test]
    fn empty_files_go_to_the_reader_of_their_extension() {
        assert_eq!(sniff(b"", "pdf").ok(), Some(Format::Pdf));
        assert_eq!(sniff(b"", "txt").ok(), Some(Format::Txt));
    }
}
