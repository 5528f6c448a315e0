//! Zip archives of documents (folders are often sent zipped). Members are
//! returned as bytes for the pipeline to read as documents in their own
//! right. Member names written by Chinese Windows are GBK without the UTF-8
//! flag; they are decoded here so `archive.zip/交通/通知.txt` reads right.

use super::xml::{open_package, read_index, Budget};
use super::{ErrorKind, ExtractError, Result};

/// Most members read out of one archive.
pub const MAX_MEMBERS: usize = 10_000;

/// One member of an archive: its decoded path, and its bytes or why not.
#[derive(Debug)]
pub struct Member {
    pub name: String,
    pub bytes: Result<Vec<u8>>,
}

/// List and read the file members of an archive, sorted by name.
pub fn members(bytes: &[u8]) -> Result<Vec<Member>> {
    let mut pkg = open_package(bytes)?;
    let mut budget = Budget::default();
    let mut out = Vec::new();
    if pkg.len() > MAX_MEMBERS {
        return Err(ExtractError::new(
            ErrorKind::TooLarge,
            format!("{} members (cap {MAX_MEMBERS})", pkg.len()),
        ));
    }
    for i in 0..pkg.len() {
        let (name, is_dir) = match pkg.by_index_raw(i) {
            Ok(f) => (decode_name(f.name_raw()), f.is_dir()),
            Err(e) => {
                out.push(Member {
                    name: format!("#{i}"),
                    bytes: Err(ExtractError::new(ErrorKind::Corrupt, format!("zip: {e}"))),
                });
                continue;
            }
        };
        if is_dir || name.ends_with('/') || is_junk(&name) {
            continue;
        }
        let bytes = read_index(&mut pkg, i, &mut budget);
        let stop = matches!(&bytes, Err(e) if e.kind == ErrorKind::TooLarge);
        out.push(Member { name, bytes });
        if stop {
            break;
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Names are UTF-8 when valid as such (flagged or not), GB18030 otherwise.
pub fn decode_name(raw: &[u8]) -> String {
    let name = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    };
    name.replace('\\', "/").trim_start_matches('/').to_string()
}

/// Files that archivers add and nobody wrote.
fn is_junk(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    name.starts_with("__MACOSX/")
        || base == ".DS_Store"
        || base == "Thumbs.db"
        || base.starts_with("~$")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_names_decode() {
        let (raw, _, _) = encoding_rs::GBK.encode("交通/信用管理通知.txt");
        assert_eq!(decode_name(&raw), "交通/信用管理通知.txt");
        assert_eq!(decode_name("旅游/办法.docx".as_bytes()), "旅游/办法.docx");
        assert_eq!(decode_name(b"a\\b.txt"), "a/b.txt");
    }

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut w = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = ::zip::write::SimpleFileOptions::default()
            .compression_method(::zip::CompressionMethod::Deflated);
        for (name, data) in members {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn members_are_read_sorted_and_junk_is_ignored() {
        let z = zip_of(&[
            ("b/2.txt", "二".as_bytes()),
            ("__MACOSX/b/._2.txt", b"junk"),
            ("a/1.txt", "一".as_bytes()),
        ]);
        let m = members(&z).unwrap();
        let names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["a/1.txt", "b/2.txt"]);
        assert_eq!(m[0].bytes.as_deref().unwrap(), "一".as_bytes());
    }

    #[test]
    fn a_zip_bomb_stops_at_the_cap() {
        // 80 MiB of zeros deflate to ~80 KiB: over the per-member cap.
        let zeros = vec![0u8; 80 * 1024 * 1024];
        let z = zip_of(&[("bomb.txt", &zeros), ("ok.txt", b"fine")]);
        assert!(z.len() < 1024 * 1024);
        let m = members(&z).unwrap();
        let bomb = m.iter().find(|m| m.name == "bomb.txt").unwrap();
        assert_eq!(bomb.bytes.as_ref().unwrap_err().kind, ErrorKind::TooLarge);
    }

    #[test]
    fn broken_archive_is_an_error() {
        assert!(members(b"PK\x03\x04 not really").is_err());
    }
}
