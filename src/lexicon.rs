//! Where the data in `lexicons/` comes from: the copy embedded in the binary,
//! plus, optionally, a folder of local additions (`--lexicons DIR` or
//! `[lexicons] dir` in `taizhang.toml`). A local file with the same name as an
//! embedded one is read after it: its lines add entries, and the consumers
//! give later lines priority (a `-TERM` line removes a term, a registry row
//! with a known name replaces the embedded row).
//!
//! Every consumer parses its files through [`sources`] so that an error can
//! name the file and the line.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The embedded lexicon files, by name.
const EMBEDDED: [(&str, &str); 12] = [
    ("share.txt", include_str!("../lexicons/share.txt")),
    ("blacklist.txt", include_str!("../lexicons/blacklist.txt")),
    ("discipline.txt", include_str!("../lexicons/discipline.txt")),
    ("score.txt", include_str!("../lexicons/score.txt")),
    ("repair.txt", include_str!("../lexicons/repair.txt")),
    ("exclude.txt", include_str!("../lexicons/exclude.txt")),
    (
        "not_provision.txt",
        include_str!("../lexicons/not_provision.txt"),
    ),
    ("dict.txt", include_str!("../lexicons/dict.txt")),
    ("basis.tsv", include_str!("../lexicons/basis.tsv")),
    (
        "basis_rules.txt",
        include_str!("../lexicons/basis_rules.txt"),
    ),
    ("origin.txt", include_str!("../lexicons/origin.txt")),
    ("places.txt", include_str!("../lexicons/places.txt")),
];

/// The entries of an embedded list file: its lines, trimmed, without blank
/// lines and `#` comments (title_endings.txt, head_lines.txt, negation.txt, enacting_words.txt).
pub fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Names a local folder may hold (anything else in it is ignored and reported).
pub fn known_files() -> impl Iterator<Item = &'static str> {
    EMBEDDED.iter().map(|(n, _)| *n)
}

/// One file's text and the name shown in errors.
#[derive(Debug, Clone)]
pub struct Source {
    pub file: String,
    pub text: String,
    /// The file compiled into the program (its patterns are checked by the
    /// tests), not a local one.
    pub builtin: bool,
}

/// A malformed line in a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "词表文件 {}：{}", self.file, self.message)
        } else {
            write!(
                f,
                "词表文件 {} 第 {} 行：{}",
                self.file, self.line, self.message
            )
        }
    }
}

impl std::error::Error for LexiconError {}

static LOCAL_DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
static LOCAL_FILES: OnceLock<Vec<Source>> = OnceLock::new();

/// Set the folder of local additions for this process. Must be called before
/// the first detection; reads the files at once so that a missing folder or an
/// unreadable file is reported before any work starts.
pub fn set_local_dir(dir: Option<&Path>) -> Result<(), LexiconError> {
    let mut files = Vec::new();
    if let Some(dir) = dir {
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| LexiconError {
            file: shown.clone(),
            line: 0,
            message: format!("无法打开词表目录（{e}），请检查路径"),
        })?;
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        for path in names {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if name == "model.tsv" {
                // A local clause model (from `taizhang train -o`) replaces
                // the embedded one.
                let text = std::fs::read_to_string(&path).map_err(|e| LexiconError {
                    file: path.display().to_string(),
                    line: 0,
                    message: format!("无法读取模型文件（{e}）"),
                })?;
                let m = crate::model::Model::parse(&text).map_err(|e| LexiconError {
                    file: path.display().to_string(),
                    line: 0,
                    message: format!("模型文件有误：{e}；请用 taizhang train 重新生成"),
                })?;
                crate::model::set_local(m);
                continue;
            }
            if !known_files().any(|k| k == name) {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| LexiconError {
                file: path.display().to_string(),
                line: 0,
                message: format!("无法读取（{e}）"),
            })?;
            let text = String::from_utf8(bytes).map_err(|_| LexiconError {
                file: path.display().to_string(),
                line: 0,
                message: "不是 UTF-8 编码，请用 UTF-8 保存后重试".to_string(),
            })?;
            files.push(Source {
                file: path.display().to_string(),
                text,
                builtin: false,
            });
        }
    }
    let _ = LOCAL_DIR.set(dir.map(Path::to_path_buf));
    let _ = LOCAL_FILES.set(files);
    Ok(())
}

/// The folder of local additions, if one was set.
pub fn local_dir() -> Option<&'static Path> {
    LOCAL_DIR.get().and_then(|d| d.as_deref())
}

/// The embedded file `name`, then the local file of that name if any.
pub fn sources(name: &str) -> Vec<Source> {
    let mut out = Vec::new();
    if let Some((_, text)) = EMBEDDED.iter().find(|(n, _)| *n == name) {
        out.push(Source {
            file: format!("lexicons/{name}"),
            text: (*text).to_string(),
            builtin: true,
        });
    }
    if let Some(local) = LOCAL_FILES.get() {
        out.extend(
            local
                .iter()
                .filter(|s| Path::new(&s.file).file_name().and_then(|n| n.to_str()) == Some(name))
                .cloned(),
        );
    }
    out
}

/// The directory named by `[lexicons] dir` in a `taizhang.toml`, resolved
/// against the file's folder. `Ok(None)` when the file has no such entry.
pub fn dir_from_config(config: &Path) -> Result<Option<PathBuf>, LexiconError> {
    let shown = config.display().to_string();
    let text = std::fs::read_to_string(config).map_err(|e| LexiconError {
        file: shown.clone(),
        line: 0,
        message: format!("无法读取（{e}）"),
    })?;
    let value: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
            .unwrap_or(0);
        LexiconError {
            file: shown.clone(),
            line,
            message: format!("格式错误：{}", e.message()),
        }
    })?;
    let Some(section) = value.get("lexicons") else {
        return Ok(None);
    };
    let Some(dir) = section.get("dir") else {
        return Ok(None);
    };
    let Some(dir) = dir.as_str() else {
        return Err(LexiconError {
            file: shown,
            line: 0,
            message: "[lexicons] dir 应为字符串（词表目录的路径）".to_string(),
        });
    };
    let base = config.parent().unwrap_or(Path::new("."));
    Ok(Some(base.join(dir)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_is_listed() {
        assert_eq!(known_files().count(), 12);
        assert!(sources("share.txt")[0].text.contains("ctx:"));
        assert!(sources("nonexistent.txt").is_empty());
    }

    #[test]
    fn config_errors_name_the_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("taizhang.toml");
        std::fs::write(
            &p,
            "[unit]\nname = \"区交通运输局\"\n[lexicons\ndir = \"x\"\n",
        )
        .expect("write");
        let e = dir_from_config(&p).expect_err("malformed");
        assert_eq!(e.line, 3, "{e}");
        std::fs::write(&p, "[lexicons]\ndir = \"local\"\n").expect("write");
        assert_eq!(
            dir_from_config(&p).expect("ok"),
            Some(dir.path().join("local"))
        );
    }
}
