//! One input file as read: its status, metadata and normalized text.
//!
//! Every input file becomes a `Document`, read or not, so nothing is ever
//! silently dropped: a file that could not be read carries its status and a
//! Chinese message saying why and what to do.

use crate::extract::{ErrorKind, Extra, ExtractError, Format};
use crate::meta::Meta;
use crate::normalize::NormText;
use serde::Serialize;

/// How reading a file went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    /// Read, but something needs a person's attention (no text layer, a bad page).
    Warning,
    /// Not read: broken, encrypted, empty, timed out.
    Error,
    /// Not a document taizhang reads (image, spreadsheet, program…).
    Skipped,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "正常",
            Status::Warning => "警告",
            Status::Error => "错误",
            Status::Skipped => "跳过",
        }
    }

    /// The status an extraction error gives a file.
    pub fn of_error(e: &ExtractError) -> Status {
        match e.kind {
            ErrorKind::NoTextLayer => Status::Warning,
            k if k.is_skip() => Status::Skipped,
            _ => Status::Error,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    /// Path as shown to the user; zip members as `archive.zip/inner/file.docx`.
    pub path: String,
    pub format: Format,
    pub status: Status,
    /// Chinese message for the user (empty when all is well).
    pub message: String,
    /// Engine that produced the text (pdf-extract, taizhang-pdf, gb18030 …).
    pub engine: String,
    pub meta: Meta,
    pub norm: NormText,
    pub extras: Vec<Extra>,
    pub warnings: Vec<String>,
}

impl Document {
    /// A file that was not read.
    pub fn failed(path: String, format: Format, err: &ExtractError) -> Document {
        Document {
            path,
            format,
            status: Status::of_error(err),
            message: err.message(),
            engine: String::new(),
            meta: Meta::default(),
            norm: NormText::default(),
            extras: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn page_count(&self) -> usize {
        self.norm.page_starts.len()
    }

    /// The JSON object of `taizhang extract --json` (one per line).
    pub fn to_json(&self) -> serde_json::Value {
        let pages: Vec<serde_json::Value> = (1..=self.page_count())
            .map(|n| serde_json::json!({"number": n, "text": self.norm.page_text(n)}))
            .collect();
        let extras: Vec<serde_json::Value> = self
            .extras
            .iter()
            .map(|e| serde_json::json!({"kind": e.kind, "text": e.text}))
            .collect();
        serde_json::json!({
            "path": self.path,
            "format": self.format,
            "status": self.status,
            "message": self.message,
            "engine": self.engine,
            "title": self.meta.title,
            "carried_title": self.meta.carried_title,
            "docno": self.meta.docno,
            "issuer": self.meta.issuer,
            "date": self.meta.date,
            "attachments": self.meta.attachments,
            "warnings": self.warnings,
            "pages": pages,
            "extras": extras,
        })
    }
}
