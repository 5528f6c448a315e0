//! `taizhang.toml`: the unit's details for the ledger and the local lexicon
//! folder. Looked up in the scanned folder, then in the working directory;
//! command-line flags win over both.
//!
//! ```toml
//! [unit]
//! name = "青石区交通运输局"        # 责任单位
//! owner = "张三，法规科科长"       # 责任人姓名及职务
//! phone = "0411-12345678"          # 电话
//! deadline = "2021年10月底"        # 完成时间（不填则按处置方式取通知规定的时限）
//! level = "区县"                   # 本单位层级：省、市、区县、乡镇（默认区县）
//! issuers = ["青石区人民政府"]     # 还有哪些发文机关的文件算本单位文件
//! include_higher = false           # 上位及参考文件也起草台账行（默认否）
//!
//! [lexicons]
//! dir = "本区词表"                 # 本地词表目录，相对于本文件
//! ```

use crate::ledger::UnitInfo;
use crate::lexicon::LexiconError;
use std::path::{Path, PathBuf};

/// The config file that applies to a scan of `dirs`: the first folder that
/// has one, else the working directory's.
pub fn find(dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter()
        .map(|d| {
            if d.is_dir() {
                d.join("taizhang.toml")
            } else {
                d.parent().unwrap_or(Path::new(".")).join("taizhang.toml")
            }
        })
        .chain(std::iter::once(PathBuf::from("taizhang.toml")))
        .find(|p| p.is_file())
}

/// The `[unit]` table of a config file.
pub fn unit(path: &Path) -> Result<UnitInfo, LexiconError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| LexiconError {
        file: shown.clone(),
        line: 0,
        message: format!("无法读取（{e}）"),
    })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| LexiconError {
        file: shown.clone(),
        line: e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
            .unwrap_or(0),
        message: format!("格式错误：{}", e.message()),
    })?;
    let mut u = UnitInfo::default();
    let Some(section) = table.get("unit") else {
        return Ok(u);
    };
    let get = |key: &str| -> Result<Option<String>, LexiconError> {
        match section.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(|s| Some(s.trim().to_string()))
                .ok_or(LexiconError {
                    file: shown.clone(),
                    line: 0,
                    message: format!("[unit] {key} 应为带引号的文字"),
                }),
        }
    };
    u.name = get("name")?.unwrap_or_default();
    u.owner = get("owner")?.unwrap_or_default();
    u.phone = get("phone")?.unwrap_or_default();
    u.deadline = get("deadline")?.filter(|d| !d.is_empty());
    if let Some(level) = get("level")? {
        if crate::origin::Level::parse(&level).is_none() {
            return Err(LexiconError {
                file: shown.clone(),
                line: 0,
                message: format!("[unit] level “{level}”无法识别，应为 省、市、区县 或 乡镇"),
            });
        }
        u.level = level;
    }
    match section.get("issuers") {
        None => {}
        Some(toml::Value::Array(a)) => {
            for v in a {
                let Some(name) = v.as_str() else {
                    return Err(LexiconError {
                        file: shown.clone(),
                        line: 0,
                        message: "[unit] issuers 应为带引号的文字列表，如 [\"青石区交通运输局\"]"
                            .into(),
                    });
                };
                u.issuers.push(name.trim().to_string());
            }
        }
        Some(_) => {
            return Err(LexiconError {
                file: shown.clone(),
                line: 0,
                message: "[unit] issuers 应为带引号的文字列表，如 [\"青石区交通运输局\"]".into(),
            })
        }
    }
    match section.get("include_higher") {
        None => {}
        Some(toml::Value::Boolean(b)) => u.include_higher = *b,
        Some(_) => {
            return Err(LexiconError {
                file: shown.clone(),
                line: 0,
                message: "[unit] include_higher 应为 true 或 false".into(),
            })
        }
    }
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_unit_and_names_bad_values() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("taizhang.toml");
        std::fs::write(
            &p,
            "[unit]\nname = \"青石区交通运输局\"\nowner = \"张三，法规科科长\"\nphone = \"0411-1234\"\n",
        )
        .expect("write");
        let u = unit(&p).expect("valid");
        assert_eq!(u.name, "青石区交通运输局");
        assert_eq!(u.deadline, None);
        assert_eq!(find(&[dir.path().to_path_buf()]), Some(p.clone()));
        std::fs::write(&p, "[unit]\nphone = 12345\n").expect("write");
        assert!(unit(&p).expect_err("number").message.contains("phone"));
    }
}
