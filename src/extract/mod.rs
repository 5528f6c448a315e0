//! Extraction: bytes of one file → raw text per page, one module per format.
//!
//! Every reader takes the whole file as bytes and returns [`Extracted`] or an
//! [`ExtractError`]. Readers never print and never panic on purpose; the
//! guard in [`guard`] still wraps each call in `catch_unwind` and a time
//! budget, because third-party parsers (pdf-extract above all) do panic.

pub mod doc;
pub mod docx;
pub mod guard;
pub mod html;
pub mod odt;
pub mod ofd;
pub mod pdf;
pub mod rtf;
pub mod sniff;
pub mod txt;
pub mod xml;
pub mod zip;

use std::fmt;

/// Largest total of decompressed bytes read out of one zip-based file
/// (docx, odt, ofd, zip archives). Guards against zip bombs.
pub const MAX_UNZIPPED_BYTES: u64 = 256 * 1024 * 1024;
/// Largest single member read out of a zip-based file.
pub const MAX_MEMBER_BYTES: u64 = 64 * 1024 * 1024;

/// What a reader got out of one file.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// Body text, one entry per page. Formats without pages (txt, docx, doc,
    /// html) give one entry. Lines are separated by `\n`; table cells by `\t`.
    pub pages: Vec<String>,
    /// Running headers, footers, footnotes, endnotes, comments: kept apart
    /// from the body so they never break a clause.
    pub extras: Vec<Extra>,
    /// Problems that did not stop the reading (a bad page, a skipped part).
    pub warnings: Vec<String>,
    /// Which engine produced the text (for the user's trust and for debugging).
    pub engine: &'static str,
}

impl Extracted {
    pub fn single(text: String, engine: &'static str) -> Self {
        Extracted {
            pages: vec![text],
            engine,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extra {
    pub kind: ExtraKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraKind {
    Header,
    Footer,
    Footnote,
    Endnote,
    TextBox,
    Comment,
}

impl ExtraKind {
    /// Chinese label used in text output.
    pub fn label(self) -> &'static str {
        match self {
            ExtraKind::Header => "页眉",
            ExtraKind::Footer => "页脚",
            ExtraKind::Footnote => "脚注",
            ExtraKind::Endnote => "尾注",
            ExtraKind::TextBox => "文本框",
            ExtraKind::Comment => "批注",
        }
    }
}

/// Why a file could not be read. Each kind maps to a Chinese message for the
/// user; `detail` carries the technical cause (the parser's own words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractError {
    pub kind: ErrorKind,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Zero bytes, or nothing but whitespace after decoding.
    Empty,
    /// Needs a password to open (user password on a PDF, encrypted doc/docx).
    Encrypted,
    /// The bytes are not the format they claim, or the structure is broken.
    Corrupt,
    /// Cut off (truncated download, half-copied file).
    Truncated,
    /// A PDF whose pages carry no text (scanned): needs OCR. A warning, not an error.
    NoTextLayer,
    /// Over a size cap (zip bomb, giant file).
    TooLarge,
    /// The parser did not finish within the time budget.
    Timeout,
    /// A third-party parser panicked.
    Panic,
    /// A document format we recognise but do not read (e.g. Word 6/95 binary).
    Unsupported,
    /// A picture (a scanned page or a photo of one, or anything else): no text.
    Image,
    /// An archive other than zip (rar, 7z, gzip): its documents are not read.
    Archive,
    /// Not a document at all: a spreadsheet, a presentation, a program, a
    /// data or notes file. Nothing to do about it.
    NotDocument,
    /// Reading the file from disk failed.
    Io,
}

/// The message of a file that is not a document (a spreadsheet, a
/// program …): skipped with nothing for the user to do, and so not counted
/// among the files that could not be read.
pub const NOT_DOCUMENT: &str =
    "不是公文文件（电子表格、演示文稿、程序、数据或说明文件），已跳过；如是单位报送的台账表格，请用 audit 命令核查";

/// Whether a file's message says it is not a document at all.
pub fn is_not_document(message: &str) -> bool {
    message.starts_with(NOT_DOCUMENT)
}

impl ErrorKind {
    /// A file not read because of what it is (a format we do not read, a
    /// picture, an archive other than zip, not a document), not because it
    /// is damaged: skipped, and its format is "other".
    pub fn is_skip(self) -> bool {
        matches!(
            self,
            ErrorKind::Unsupported | ErrorKind::Image | ErrorKind::Archive | ErrorKind::NotDocument
        )
    }
}

impl ExtractError {
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        ExtractError {
            kind,
            detail: detail.into(),
        }
    }

    /// The Chinese message shown to the user: what went wrong and what to do.
    pub fn message(&self) -> String {
        let what = match self.kind {
            ErrorKind::Empty => "文件为空，没有可读的文字；请确认文件是否完整",
            ErrorKind::Encrypted => "文件有打开密码，无法读取；请去除密码后重新扫描",
            ErrorKind::Corrupt => {
                "文件已损坏或格式与扩展名不符，无法读取；请用原软件打开后另存一份"
            }
            ErrorKind::Truncated => "文件不完整（可能下载或复制中断），无法读取；请重新获取原文件",
            ErrorKind::NoTextLayer => "无文本层，需OCR",
            ErrorKind::TooLarge => {
                "文件解压后过大（可能是压缩炸弹），已跳过；如确为正常文件，请拆分后扫描"
            }
            ErrorKind::Timeout => "读取超时，已跳过；请将该文件另存为 docx 或 txt 后重新扫描",
            ErrorKind::Panic => {
                "读取组件内部出错，无法读取；请将该文件另存为 docx 或 txt 后重新扫描"
            }
            ErrorKind::Unsupported => {
                "暂不支持该文件格式，已跳过；请用原软件打开后另存为 docx、pdf 或 txt 再扫描"
            }
            ErrorKind::Image => {
                "图片文件，没有可读取的文字，已跳过；如是公文的扫描件或照片，请先做文字识别（OCR），另存为 docx 或 txt 再扫描"
            }
            ErrorKind::Archive => {
                "该压缩包不是 zip 格式，其中的文件未读取；请解压后扫描解压出的文件夹（zip 压缩包可直接扫描）"
            }
            ErrorKind::NotDocument => NOT_DOCUMENT,
            ErrorKind::Io => "无法打开文件；请检查文件是否存在、是否有读取权限",
        };
        if self.kind == ErrorKind::NoTextLayer {
            // The fixed wording users and tests look for; detail follows in brackets.
            if self.detail.is_empty() {
                return what.to_string();
            }
            return format!("{what}（{}）", self.detail);
        }
        if self.detail.is_empty() {
            what.to_string()
        } else {
            format!("{what}（技术原因：{}）", self.detail)
        }
    }
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ExtractError {}

pub type Result<T> = std::result::Result<T, ExtractError>;

/// The formats taizhang recognises, from the content first and the extension second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Docx,
    Doc,
    Wps,
    Pdf,
    Ofd,
    Html,
    Odt,
    Rtf,
    Zip,
    /// Recognised but not a document we read (image, spreadsheet, executable…).
    Other,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Wps => "wps",
            Format::Pdf => "pdf",
            Format::Ofd => "ofd",
            Format::Html => "html",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Zip => "zip",
            Format::Other => "other",
        }
    }
}

/// Read one file's bytes with the reader for `format`. Not guarded: callers
/// go through [`guard::extract_guarded`].
pub fn extract_format(format: Format, bytes: &[u8]) -> Result<Extracted> {
    match format {
        Format::Txt => txt::extract(bytes),
        Format::Docx => docx::extract(bytes),
        Format::Doc | Format::Wps => doc::extract(bytes),
        Format::Pdf => pdf::extract(bytes),
        Format::Ofd => ofd::extract(bytes),
        Format::Html => html::extract(bytes),
        Format::Odt => odt::extract(bytes),
        Format::Rtf => rtf::extract(bytes),
        Format::Zip | Format::Other => Err(ExtractError::new(
            ErrorKind::Unsupported,
            format!("{} is not a single document", format.name()),
        )),
    }
}
