//! Shared helpers for zip-based packages (docx, odt, ofd): opening the
//! archive with clean errors, and reading members under a size budget so a
//! zip bomb cannot exhaust memory.

use super::{ErrorKind, ExtractError, Result, MAX_MEMBER_BYTES, MAX_UNZIPPED_BYTES};
use std::io::{Cursor, Read};

pub type Package<'a> = ::zip::ZipArchive<Cursor<&'a [u8]>>;

/// Open a zip package; a broken or cut-off archive gives `Truncated`/`Corrupt`.
pub fn open_package(bytes: &[u8]) -> Result<Package<'_>> {
    ::zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        let detail = format!("zip: {e}");
        let kind = if detail.contains("end of central directory")
            || detail.contains("EOCD")
            || detail.contains("unexpected end")
        {
            ErrorKind::Truncated
        } else {
            ErrorKind::Corrupt
        };
        ExtractError::new(kind, detail)
    })
}

/// Tracks how many decompressed bytes one file has read so far.
#[derive(Debug)]
pub struct Budget {
    left: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: MAX_UNZIPPED_BYTES,
        }
    }
}

/// Read member `name` (exact path inside the package). `Ok(None)` when absent.
pub fn read_member(
    pkg: &mut Package<'_>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>> {
    let index = match pkg.index_for_name(name) {
        Some(i) => i,
        None => return Ok(None),
    };
    read_index(pkg, index, budget).map(Some)
}

/// Read member number `index` under the caps.
pub fn read_index(pkg: &mut Package<'_>, index: usize, budget: &mut Budget) -> Result<Vec<u8>> {
    read_index_until(pkg, index, budget, |_| false).map(|(v, _)| v)
}

/// Read member `name` until `enough` says the bytes so far are enough (it is
/// asked after each block): a large part of which only the start is needed
/// is not inflated in full. Returns the bytes and whether they are the whole
/// member. `Ok(None)` when absent.
pub fn read_member_until(
    pkg: &mut Package<'_>,
    name: &str,
    budget: &mut Budget,
    enough: impl FnMut(&[u8]) -> bool,
) -> Result<Option<(Vec<u8>, bool)>> {
    let index = match pkg.index_for_name(name) {
        Some(i) => i,
        None => return Ok(None),
    };
    read_index_until(pkg, index, budget, enough).map(Some)
}

fn read_index_until(
    pkg: &mut Package<'_>,
    index: usize,
    budget: &mut Budget,
    mut enough: impl FnMut(&[u8]) -> bool,
) -> Result<(Vec<u8>, bool)> {
    /// Bytes inflated between two questions to `enough`.
    const BLOCK: usize = 16 << 10;
    let file = pkg.by_index(index).map_err(|e| {
        let kind = if e.to_string().contains("assword") {
            ErrorKind::Encrypted
        } else {
            ErrorKind::Corrupt
        };
        ExtractError::new(kind, format!("zip member {index}: {e}"))
    })?;
    let name = String::from_utf8_lossy(file.name_raw()).into_owned();
    let cap = MAX_MEMBER_BYTES.min(budget.left);
    let declared = file.size();
    if declared > cap {
        return Err(ExtractError::new(
            ErrorKind::TooLarge,
            format!("member {name} declares {declared} bytes (cap {cap})"),
        ));
    }
    let mut out = Vec::with_capacity(declared.min(1 << 20) as usize);
    // Read one byte past the cap to notice a member that lies about its size.
    let mut reader = file.take(cap + 1);
    let complete = loop {
        let before = out.len();
        let n = (&mut reader)
            .take(BLOCK as u64)
            .read_to_end(&mut out)
            .map_err(|e| {
                ExtractError::new(ErrorKind::Corrupt, format!("zip member {name}: {e}"))
            })?;
        if out.len() as u64 > cap {
            return Err(ExtractError::new(
                ErrorKind::TooLarge,
                format!("member {name} inflates past {cap} bytes"),
            ));
        }
        if n == 0 || out.len() - before < BLOCK {
            break true;
        }
        if enough(&out) {
            break false;
        }
    };
    budget.left -= out.len() as u64;
    Ok((out, complete))
}
