//! The review page (`scan --html`, `report`), rendered for the whole of
//! corpus/ in headless Chromium (Debian's chromium, installed by .ci/run):
//! highlights and findings are where the json says, filters hide what they
//! should, a document with `<script>` in it runs nothing, and the same input
//! gives the same bytes. A screenshot is left in target/test-artifacts/.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_taizhang");

fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("review");
    std::fs::create_dir_all(&d).expect("tmp dir");
    d.join(name)
}

/// `taizhang scan corpus -o JSON --html HTML`.
fn scan_corpus(json: &Path, html: &Path) {
    let st = Command::new(BIN)
        .args(["scan", "corpus", "-q", "-o"])
        .arg(json)
        .arg("--html")
        .arg(html)
        .stderr(Stdio::null())
        .status()
        .expect("run taizhang");
    assert!(st.success(), "scan failed");
}

fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("TAIZHANG_CHROMIUM") {
        return PathBuf::from(p);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Some(dir) = std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .find(|d| d.join(name).is_file())
        {
            return dir.join(name);
        }
    }
    panic!(
        "this test needs headless Chromium: apt-get install chromium (.ci/run installs it), \
         or set TAIZHANG_CHROMIUM to the browser"
    );
}

/// Run headless Chromium with the flags that keep it off the network; kill
/// it after a minute.
fn browse(args: &[String]) -> String {
    let profile = tempdir("chromium-profile");
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().expect("reader")
}

fn tempdir(name: &str) -> PathBuf {
    let d = tmp(&format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("profile dir");
    d
}

fn url(html: &Path, hash: &str) -> String {
    let abs = std::fs::canonicalize(html).expect("html path");
    format!("file://{}{hash}", abs.display())
}

/// The DOM after the page's script ran.
fn dom(html: &Path, hash: &str) -> String {
    let d = browse(&["--dump-dom".to_string(), url(html, hash)]);
    assert!(
        d.contains("data-ready=\"1\""),
        "the page's script did not run to its end"
    );
    d
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// One `<article class="doc">` of the DOM.
struct Doc {
    id: String,
    path: String,
    hidden: bool,
    body: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')?;
    Some(unescape(&tag[i..i + j]))
}

fn docs(dom: &str) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find("<article class=\"doc\"") {
        let after = &rest[i..];
        let tag_end = after.find('>').expect("tag end");
        let tag = &after[..tag_end];
        let end = after.find("</article>").expect("article end");
        out.push(Doc {
            id: attr(tag, "id").expect("id"),
            path: attr(tag, "data-path").expect("data-path"),
            // Chromium serialises the attribute as hidden="" once the
            // script sets it.
            hidden: tag.contains(" hidden"),
            body: after[tag_end..end].to_string(),
        });
        rest = &after[end..];
    }
    out
}

/// Every start tag `<name ...>` of a fragment whose class list starts with
/// `class`.
fn tags<'a>(body: &'a str, name: &str, class: &str) -> Vec<&'a str> {
    let open = format!("<{name} class=\"{class}");
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find(&open) {
        let t = &rest[i..];
        let e = t.find('>').expect("tag end");
        out.push(&t[..e]);
        rest = &t[e..];
    }
    out
}

/// For each highlight and each finding beside the text: (which, its cite,
/// the cite of the innermost clause around it). Findings that have no clause
/// (listed above the text) are left out.
fn placements(body: &str) -> Vec<(&'static str, String, Option<String>)> {
    let mut out = Vec::new();
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        if tag.starts_with("<div") {
            let unit = tag.starts_with("<div class=\"u ");
            stack.push(if unit { attr(tag, "data-cite") } else { None });
            if tag.contains("class=\"loose\"") {
                stack.push(Some("(loose)".into()));
            }
        } else if tag.starts_with("</div") {
            if stack
                .last()
                .is_some_and(|c| c.as_deref() == Some("(loose)"))
            {
                stack.pop();
            }
            stack.pop();
        } else if tag.starts_with("<mark class=\"k") || tag.starts_with("<aside class=\"fd") {
            let inner = stack.iter().rev().find_map(|c| c.clone());
            if inner.as_deref() != Some("(loose)") {
                let what = if tag.starts_with("<mark") {
                    "highlight"
                } else {
                    "finding"
                };
                out.push((what, attr(tag, "data-cite").unwrap_or_default(), inner));
            }
        }
        rest = &rest[end..];
    }
    out
}

/// The text of an HTML fragment (tags dropped, entities of the escaper
/// undone).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// Loads the page in a frame, presses j, j, k, k and writes where the
/// current finding was after each key, and whether it has the focus.
const KEY_HARNESS: &str = r#"<!DOCTYPE html><html><body><div id="out">pending</div>
<iframe id="f" src="PAGE" style="width:1000px;height:800px"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {
  var w = this.contentWindow, d = this.contentDocument, out = [];
  function key(k) { d.dispatchEvent(new w.KeyboardEvent("keydown", { key: k, bubbles: true })); }
  function cur() {
    var a = d.querySelector("aside.fd.cur");
    return a ? a.getAttribute("data-rule") + "@" + a.closest("article").id : "none";
  }
  key("j"); out.push(cur()); key("j"); out.push(cur());
  key("k"); out.push(cur()); key("k"); out.push(cur());
  out.push(String(!!d.activeElement && d.activeElement.classList.contains("cur")));
  document.getElementById("out").textContent = out.join(" | ");
});
</script></body></html>"#;

type Marks = BTreeMap<String, Vec<(String, String)>>;

/// (kind, cite) of each provision per document, and (rule, cite) of each
/// finding per document, as the json has them.
fn from_json(json: &Path) -> (Marks, Marks) {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(json).expect("json")).expect("parse json");
    let mut provisions: Marks = BTreeMap::new();
    for d in v["documents"].as_array().expect("documents") {
        let path = d["path"].as_str().expect("path").to_string();
        for p in d["provisions"].as_array().expect("provisions") {
            provisions.entry(path.clone()).or_default().push((
                p["kind"].as_str().expect("kind").to_string(),
                p["cite"].as_str().expect("cite").to_string(),
            ));
        }
    }
    let mut findings: Marks = BTreeMap::new();
    for f in v["findings"].as_array().expect("findings") {
        findings
            .entry(f["path"].as_str().expect("path").to_string())
            .or_default()
            .push((
                f["rule"].as_str().expect("rule").to_string(),
                f["cite"].as_str().expect("cite").to_string(),
            ));
    }
    for m in provisions.values_mut().chain(findings.values_mut()) {
        m.sort();
        m.dedup();
    }
    (provisions, findings)
}

#[test]
fn the_review_page_shows_what_the_json_says_filters_and_runs_no_document_script() {
    let (json, html) = (tmp("corpus.json"), tmp("corpus.html"));
    scan_corpus(&json, &html);
    let (want_marks, want_findings) = from_json(&json);
    assert!(want_marks.len() > 50, "corpus/ should give many documents");

    // Highlights and findings, document by document, as in the json.
    let page = dom(&html, "");
    let all = docs(&page);
    assert!(!all.is_empty());
    assert!(all.iter().all(|d| !d.hidden), "no filter, nothing hidden");
    let (mut got_marks, mut got_findings): (Marks, Marks) = Default::default();
    for d in &all {
        for t in tags(&d.body, "mark", "k") {
            let cite = attr(t, "data-cite").expect("mark cite");
            for k in attr(t, "data-kinds")
                .expect("mark kinds")
                .split_whitespace()
            {
                got_marks
                    .entry(d.path.clone())
                    .or_default()
                    .push((k.to_string(), cite.clone()));
            }
        }
        for t in tags(&d.body, "aside", "fd") {
            got_findings.entry(d.path.clone()).or_default().push((
                attr(t, "data-rule").expect("rule"),
                attr(t, "data-cite").expect("cite"),
            ));
        }
    }
    for m in got_marks.values_mut().chain(got_findings.values_mut()) {
        m.sort();
        m.dedup();
    }
    assert_eq!(got_marks, want_marks, "highlights differ from the json");
    // Each highlight and each finding sits inside the clause of its cite.
    let mut placed = 0;
    for d in &all {
        for (what, cite, unit) in placements(&d.body) {
            placed += 1;
            assert_eq!(
                unit.as_deref(),
                Some(cite.as_str()),
                "{what} of {cite} in {} is not in its clause",
                d.path
            );
        }
    }
    let marks_and_findings: usize = all
        .iter()
        .map(|d| tags(&d.body, "mark", "k").len() + tags(&d.body, "aside", "fd").len())
        .sum();
    assert!(
        placed * 10 >= marks_and_findings * 9,
        "most highlights and findings are beside the text: {placed} of {marks_and_findings}"
    );
    assert_eq!(got_findings, want_findings, "findings differ from the json");
    // A highlight sits in the unit of its cite.
    let t02 = all
        .iter()
        .find(|d| d.path.ends_with("t02-lajifenlei-banfa.txt"))
        .expect("t02");
    let unit = t02.body.find("data-cite=\"第四条\">").expect("unit 第四条");
    let next_unit = t02.body[unit..]
        .find("data-cite=\"第五条\">")
        .map_or(t02.body.len(), |i| unit + i);
    assert!(
        t02.body[unit..next_unit].contains(" k-blacklist"),
        "第四条 of t02 has its blacklist highlight"
    );

    // The kind filter hides documents without the kind and un-highlights
    // other kinds; the rule filter keeps only that rule's findings.
    let by_kind = docs(&dom(&html, "#kind=repair"));
    let with_repair: Vec<&String> = want_marks
        .iter()
        .filter(|(_, m)| m.iter().any(|(k, _)| k == "repair"))
        .map(|(p, _)| p)
        .collect();
    assert!(!with_repair.is_empty());
    for d in &by_kind {
        assert_eq!(
            d.hidden,
            !with_repair.contains(&&d.path),
            "kind filter on {}",
            d.path
        );
        if !d.hidden {
            for t in tags(&d.body, "mark", "k") {
                let kinds = attr(t, "data-kinds").unwrap_or_default();
                let off = attr(t, "class").unwrap_or_default().contains("off");
                assert_eq!(off, !kinds.contains("repair"), "mark {t} in {}", d.path);
            }
        }
    }
    let by_rule = docs(&dom(&html, "#rule=XY303"));
    let shown: Vec<&Doc> = by_rule.iter().filter(|d| !d.hidden).collect();
    let want: Vec<&String> = want_findings
        .iter()
        .filter(|(_, f)| f.iter().any(|(r, _)| r == "XY303"))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(
        shown.iter().map(|d| &d.path).collect::<Vec<_>>(),
        want,
        "rule filter shows exactly the documents with XY303"
    );
    for d in shown {
        for t in tags(&d.body, "aside", "fd") {
            let off = attr(t, "class").unwrap_or_default().contains("off");
            assert_eq!(off, attr(t, "data-rule").as_deref() != Some("XY303"));
        }
    }

    // The search box: only documents whose text holds the words stay, and
    // the words are marked in them.
    let query = "垃圾分类";
    let searched = docs(&dom(&html, "#q=%E5%9E%83%E5%9C%BE%E5%88%86%E7%B1%BB"));
    let mut shown = 0;
    for d in &searched {
        // The document's own words: without the findings beside them.
        let mut text = String::new();
        let mut rest = d.body.as_str();
        while let Some(i) = rest.find("<span class=\"t\">") {
            let from = &rest[i..];
            let end = from.find("</span>").unwrap_or(from.len());
            text.push_str(&strip_tags(&from[..end]));
            rest = &from[end..];
        }
        if d.hidden {
            assert!(
                !text.contains(query),
                "{} hidden but holds the words",
                d.path
            );
        } else {
            shown += 1;
            assert!(
                d.body.contains("<span class=\"hit\">垃圾分类</span>"),
                "{}",
                d.path
            );
        }
    }
    assert!(shown > 0 && shown < searched.len());

    // The document with <script> and an onerror handler in it: shown as
    // text, nothing of it runs, and its page script is the only script.
    let xss = all
        .iter()
        .find(|d| d.path.ends_with("xss-jiaoyu-mingdan.txt"))
        .expect("the script document has a section");
    assert!(xss.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(xss.body.contains("&lt;img src=x onerror="));
    let html_tag = &page[page.find("<html").expect("html")..];
    let html_tag = &html_tag[..html_tag.find('>').expect("html tag end")];
    assert!(html_tag.contains("data-ready"), "{html_tag}");
    assert!(
        !html_tag.contains("data-pwned"),
        "a handler from a document ran"
    );
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(!page.contains("<img"), "no element made from document text");

    // Keyboard: j and k move between the findings, in page order, wrapping
    // around, and focus the one they land on. Real key events are sent to
    // the page from a harness page that holds it in a frame.
    let order: Vec<String> = all
        .iter()
        .flat_map(|d| {
            tags(&d.body, "aside", "fd")
                .into_iter()
                .map(|t| format!("{}@{}", attr(t, "data-rule").unwrap_or_default(), d.id))
        })
        .collect();
    assert!(order.len() > 2);
    let harness = tmp("keys.html");
    std::fs::write(&harness, KEY_HARNESS.replace("PAGE", "corpus.html")).expect("harness");
    let out = browse(&[
        "--allow-file-access-from-files".to_string(),
        "--dump-dom".to_string(),
        url(&harness, ""),
    ]);
    let got = out
        .split("<div id=\"out\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .expect("harness output");
    let want = format!(
        "{} | {} | {} | {} | true",
        order[0],
        order[1],
        order[0],
        order[order.len() - 1]
    );
    assert_eq!(got, want, "j, j, k, k");

    // A screenshot for the record.
    let art = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("..")
        .join("test-artifacts");
    std::fs::create_dir_all(&art).expect("artifact dir");
    let shot = art.join("review-corpus.png");
    let _ = std::fs::remove_file(&shot);
    browse(&[
        "--window-size=1280,2400".to_string(),
        format!("--screenshot={}", shot.display()),
        url(&html, ""),
    ]);
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000);
}

#[test]
fn the_page_is_the_same_bytes_from_a_scan_and_from_its_saved_json() {
    let (json, html) = (tmp("same.json"), tmp("same.html"));
    scan_corpus(&json, &html);
    let first = std::fs::read(&html).expect("html");
    scan_corpus(&json, &html);
    assert_eq!(
        first,
        std::fs::read(&html).expect("html"),
        "same input, same bytes"
    );
    let again = tmp("from-json.html");
    let st = Command::new(BIN)
        .arg("report")
        .arg(&json)
        .arg("-o")
        .arg(&again)
        .stderr(Stdio::null())
        .status()
        .expect("run report");
    assert!(st.success());
    assert_eq!(
        first,
        std::fs::read(&again).expect("report html"),
        "report from the json gives the page of the scan"
    );
    // The page stands alone: nothing is fetched from anywhere (document
    // text is escaped, so these can only come from the page itself).
    let page = String::from_utf8(first).expect("utf-8");
    for needle in ["<link", " src=\"", "href=\"http", "<iframe", "<object"] {
        assert!(!page.contains(needle), "the page refers outside: {needle}");
    }
    let style = &page[page.find("<style>").expect("style")..page.find("</style>").expect("end")];
    for needle in ["@import", "url(", "http"] {
        assert!(
            !style.contains(needle),
            "the style refers outside: {needle}"
        );
    }
}

#[test]
fn report_names_a_missing_original_and_still_writes_the_page() {
    let dir = tempdir("moved");
    let src = dir.join("docs");
    std::fs::create_dir_all(&src).expect("dir");
    std::fs::copy(
        "corpus/docs/t/t02-lajifenlei-banfa.txt",
        src.join("t02.txt"),
    )
    .expect("copy");
    let json = dir.join("scan.json");
    let st = Command::new(BIN)
        .current_dir(&dir)
        .args(["scan", "docs", "-q", "-o", "scan.json"])
        .stderr(Stdio::null())
        .status()
        .expect("scan");
    assert!(st.success());
    std::fs::remove_file(src.join("t02.txt")).expect("remove");
    let out = Command::new(BIN)
        .arg("report")
        .arg(&json)
        .output()
        .expect("report");
    assert!(out.status.success());
    let page = std::fs::read_to_string(dir.join("scan.html")).expect("page beside the json");
    assert!(
        page.contains("未能显示原文"),
        "the page says the text is missing"
    );
    assert!(page.contains("已移动或删除"));
    // Its provisions are still listed, with their findings.
    assert!(page.contains("<mark class=\"k k-blacklist\""));
    assert!(page.contains("<aside class=\"fd"));
}
