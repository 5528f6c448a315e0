//! The commands' logic, called by the thin binary (`src/main.rs`): each
//! `run` takes the parsed arguments and returns the exit code, or an error
//! whose message (Chinese) says what went wrong and what to do.

pub mod audit;
pub mod check;
pub mod extract;
pub mod report;
pub mod scan;

use std::io::{self, Write};

/// Local lexicon additions from `--lexicons DIR`, else from the
/// `taizhang.toml` of the scanned folder or the working directory; every file
/// is validated before any work.
pub fn load_lexicons(
    flag: Option<&std::path::Path>,
    scanned: &[std::path::PathBuf],
) -> Result<(), crate::lexicon::LexiconError> {
    use crate::lexicon;
    let dir = match flag {
        Some(d) => Some(d.to_path_buf()),
        None => match crate::config::find(scanned) {
            Some(config) => lexicon::dir_from_config(&config)?,
            None => None,
        },
    };
    let Some(dir) = dir else {
        return Ok(());
    };
    lexicon::set_local_dir(Some(&dir))?;
    crate::detect::init()?;
    crate::origin::init()?;
    crate::basis::load_registry(&lexicon::sources("basis.tsv"))?;
    Ok(())
}

/// The worker threads (`-j`); 0 or none: one per core.
pub fn set_threads(jobs: Option<usize>) {
    if let Some(n) = jobs.filter(|&n| n > 0) {
        // Fails only when a pool already exists; then the default pool is used.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// Today's date (UTC) as (year, month, day), from the system clock.
pub fn today() -> (i32, u32, u32) {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_civil_date() {
        let (y, m, d) = today();
        assert!(y >= 2024, "{y}");
        assert!((1..=12).contains(&m) && (1..=31).contains(&d), "{m}-{d}");
    }
}
