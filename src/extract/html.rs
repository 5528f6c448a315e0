//! Saved web pages. The charset comes from the BOM or `<meta>` and the bytes
//! are decoded *before* parsing: government pages are often gb2312, and
//! parsing them as UTF-8 turns every character to mojibake.
//!
//! The walker keeps the visible text: block elements end a line, table rows
//! become one line with cells joined by tabs, scripts and styles are dropped.

use super::{ErrorKind, ExtractError, Extracted, Result};
use ego_tree::NodeRef;
use encoding_rs::{Encoding, GB18030};
use scraper::{Html, Node};

pub fn extract(bytes: &[u8]) -> Result<Extracted> {
    let text = decode_html(bytes);
    let doc = Html::parse_document(&text);
    let root = doc.tree.root();
    let content = main_content(root);
    let mut w = Walker::default();
    w.walk(content);
    w.end_line();
    // The page title (<h1>) and a 发文字号 line often sit outside the article
    // container: keep them above the article.
    let mut head = Vec::new();
    if content.id() != root.id() {
        let mut all = Walker::default();
        all.walk(root);
        all.end_line();
        if let Some(l) = all
            .lines
            .iter()
            .find(|l| l.contains("发文字号") || l.starts_with("文号"))
        {
            head.push(l.clone());
        }
        if let Some(h) = first_heading(root) {
            if !w.lines.iter().any(|l| l.contains(h.as_str())) {
                head.push(h);
            }
        }
    }
    head.retain(|l| !w.lines.contains(l));
    head.extend(w.lines);
    let body = head.join("\n");
    if body.trim().is_empty() {
        return Err(ExtractError::new(
            ErrorKind::Empty,
            "page has no visible text",
        ));
    }
    Ok(Extracted::single(body, "html"))
}

/// Decode by BOM, then `<meta charset>`, then content detection.
pub fn decode_html(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    if let Some(enc) = meta_charset(bytes) {
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    super::txt::decode(bytes).0
}

/// The encoding named by `<meta charset=…>` or `<meta http-equiv … content="…charset=…">`
/// in the first 4 KiB. GBK and gb2312 decode as GB18030 (a superset).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = bytes[..bytes.len().min(4096)]
        .iter()
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let mut from = 0;
    while let Some(pos) = find(&head[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        from = i;
        while i < head.len() && matches!(head[i], b' ' | b'=' | b'"' | b'\'') {
            i += 1;
        }
        let start = i;
        while i < head.len() && (head[i].is_ascii_alphanumeric() || matches!(head[i], b'-' | b'_'))
        {
            i += 1;
        }
        if i > start {
            if let Some(enc) = Encoding::for_label(&head[start..i]) {
                let enc = if enc == encoding_rs::GBK {
                    GB18030
                } else {
                    enc
                };
                // A UTF-16 label inside ASCII-compatible bytes is a lie (HTML spec).
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    return Some(encoding_rs::UTF_8);
                }
                return Some(enc);
            }
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Visible text length under a node (scripts, styles and navigation excluded).
fn text_len(node: NodeRef<'_, Node>) -> usize {
    match node.value() {
        Node::Text(t) => t.chars().filter(|c| !c.is_whitespace()).count(),
        Node::Element(el) if SKIP.contains(&el.name()) => 0,
        _ => node.children().map(text_len).sum(),
    }
}

/// The article of a saved government web page: descend from the root while
/// one child holds most of the visible text, so the site's banner, menus,
/// breadcrumbs and footer fall away. A page without such a container is
/// read whole.
fn main_content(root: NodeRef<'_, Node>) -> NodeRef<'_, Node> {
    let total = text_len(root);
    let mut node = root;
    loop {
        let best = node
            .children()
            .filter(|c| matches!(c.value(), Node::Element(_)))
            .map(|c| (text_len(c), c))
            .max_by_key(|(n, _)| *n);
        match best {
            Some((n, child)) if n * 10 >= total * 7 && n >= 20 => {
                // A table row or paragraph is too small a unit to be "the article".
                let name = match child.value() {
                    Node::Element(el) => el.name(),
                    _ => "",
                };
                if matches!(name, "tr" | "td" | "th" | "p" | "li" | "tbody") {
                    return node;
                }
                node = child;
            }
            _ => return node,
        }
    }
}

/// Text of the first <h1> (else <h2>) of the page.
fn first_heading(root: NodeRef<'_, Node>) -> Option<String> {
    for tag in ["h1", "h2"] {
        let found = root
            .descendants()
            .find(|n| matches!(n.value(), Node::Element(e) if e.name() == tag));
        if let Some(n) = found {
            let mut w = Walker::default();
            for c in n.children() {
                w.walk(c);
            }
            w.end_line();
            let t = w.lines.join("");
            if !t.trim().is_empty() {
                return Some(t);
            }
        }
    }
    None
}

#[derive(Default)]
struct Walker {
    lines: Vec<String>,
    cur: String,
    /// Depth of `<pre>`: whitespace kept as is inside.
    pre: usize,
}

const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "svg", "select", "button",
    "head", "nav",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "dl",
    "dt",
    "dd",
    "center",
    "form",
    "fieldset",
    "address",
    "figure",
    "figcaption",
    "hr",
    "main",
    "caption",
    "body",
    "html",
];

impl Walker {
    fn end_line(&mut self) {
        let line = self.cur.trim().to_string();
        if !line.is_empty() {
            self.lines.push(line);
        }
        self.cur.clear();
    }

    fn push_text(&mut self, t: &str) {
        if self.pre > 0 {
            for (i, part) in t.split('\n').enumerate() {
                if i > 0 {
                    self.end_line();
                }
                self.cur.push_str(part);
            }
            return;
        }
        // Collapse whitespace as a browser does; keep one space between words.
        for c in t.chars() {
            if c.is_whitespace() && c != '\u{3000}' && c != '\u{a0}' {
                if !self.cur.is_empty() && !self.cur.ends_with([' ', '\t']) {
                    self.cur.push(' ');
                }
            } else if c == '\u{a0}' {
                self.cur.push(' ');
            } else {
                self.cur.push(c);
            }
        }
    }

    fn walk(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(t) => self.push_text(t),
            Node::Element(el) => {
                let name = el.name();
                if SKIP.contains(&name) {
                    return;
                }
                match name {
                    "br" => {
                        self.end_line();
                        return;
                    }
                    "tr" => {
                        self.end_line();
                        let mut cells = Vec::new();
                        for child in node.children() {
                            if let Node::Element(c) = child.value() {
                                if c.name() == "td" || c.name() == "th" {
                                    let mut sub = Walker::default();
                                    for gc in child.children() {
                                        sub.walk(gc);
                                    }
                                    sub.end_line();
                                    cells.push(sub.lines.join(" "));
                                }
                            }
                        }
                        while cells.last().is_some_and(|c| c.is_empty()) {
                            cells.pop();
                        }
                        let row = cells.join("\t");
                        if !row.trim().is_empty() {
                            self.lines.push(row);
                        }
                        return;
                    }
                    "img" => {
                        if let Some(alt) = el.attr("alt") {
                            self.push_text(alt);
                        }
                        return;
                    }
                    _ => {}
                }
                let block = BLOCK.contains(&name);
                if block {
                    self.end_line();
                }
                if name == "pre" {
                    self.pre += 1;
                }
                for child in node.children() {
                    self.walk(child);
                }
                if name == "pre" {
                    self.pre -= 1;
                }
                if block {
                    self.end_line();
                }
            }
            Node::Document | Node::Fragment => {
                for child in node.children() {
                    self.walk(child);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="gb2312"><title>t</title>
<style>p{color:red}</style><script>var a="不应出现";</script></head><body>
<div class="top">某某区人民政府<nav>首页 | 政务公开</nav></div>
<div id="zoom">
<h1>关于加强信用管理的通知</h1>
<p>各街道：<br>现将有关事项通知如下。</p>
<table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>记入信用记录 &amp; 公示</td></tr></table>
</div><div class="foot">版权所有</div>
</body></html>"#;

    #[test]
    fn gb2312_page_is_decoded_before_parsing() {
        let (bytes, _, _) = GB18030.encode(PAGE);
        let out = extract(&bytes).unwrap();
        let text = &out.pages[0];
        assert!(text.contains("关于加强信用管理的通知"));
        assert!(text.contains("各街道：\n现将有关事项通知如下。"));
        assert!(text.contains("序号\t任务\n1\t记入信用记录 & 公示"));
        assert!(!text.contains("不应出现"));
        assert!(!text.contains("color"));
        assert!(!text.contains("首页"));
        assert!(!text.contains("版权所有"), "{text}");
        assert!(text.starts_with("关于加强信用管理的通知"), "{text}");
    }

    #[test]
    fn title_and_docno_outside_the_article_are_kept() {
        let page = r#"<html><body><div class="nav">首页 政务公开 互动交流</div>
<table class="meta"><tr><td>发文字号：</td><td>某财规〔2021〕2号</td></tr></table>
<div class="article"><h1>某某区政府采购信用管理办法</h1><div class="info">来源：财政局</div>
<div id="zoom"><p>第一条 为规范政府采购活动，制定本办法。</p><p>第二条 供应商的失信信息记入信用记录，并向社会公开。</p><p>第三条 本办法自发布之日起施行。</p></div></div>
<div class="foot">版权所有</div></body></html>"#;
        let text = &extract(page.as_bytes()).unwrap().pages[0];
        assert!(
            text.starts_with("发文字号：\t某财规〔2021〕2号\n某某区政府采购信用管理办法\n")
                && text.contains("\n第二条 供应商"),
            "{text}"
        );
        assert!(!text.contains("版权所有"));
    }

    #[test]
    fn utf8_page_without_meta() {
        let out = extract("<html><body><p>信用修复</p></body></html>".as_bytes()).unwrap();
        assert_eq!(out.pages[0], "信用修复");
    }

    #[test]
    fn empty_page_is_an_error() {
        let e = extract(b"<html><body><script>x</script></body></html>").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Empty);
    }
}
