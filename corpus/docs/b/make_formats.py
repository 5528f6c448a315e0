#!/usr/bin/env python3
"""Convert ten of the b-corpus documents from their UTF-8 .txt sources into the
formats a unit's folder holds, then delete the .txt so each document exists once.

    python3 make_formats.py [--src DIR] [--keep]

--src  folder holding the NNN-slug.txt sources (default: this folder)
--keep do not delete the .txt sources

Tools: LibreOffice (soffice --headless, tested with 7.4) for docx/doc/pdf; the
.wps is a byte copy of the .doc (what WPS Office files usually are); the .html
is written here in a government-website layout; the GBK text is re-encoded here.
docx/doc/pdf go through a simple HTML (one <p> per source line) so that every
paragraph, 款 and 项 stays its own paragraph.
"""
import argparse, html, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

PLAN = [  # (source stem, target format)
    ("041-wuye-banfa", "docx"),
    ("057-geren-xinyongfen-banfa", "docx"),
    ("062-jiaoyu-chengjie-xize", "docx"),
    ("047-zhaobiao-pingfen-banfa", "doc"),
    ("055-shequ-chengxin-jifen", "doc"),
    ("043-yanglao-pingjia-banfa", "pdf"),
    ("073-yaopin-fenji-fujian", "pdf"),
    ("048-caigou-xinyong-banfa", "html"),
    ("051-wenming-xingwei-tongzhi", "gbk.txt"),
    ("049-nongmingong-mingdan-xize", "wps"),
]

HEADING = re.compile(r"^(第[一二三四五六七八九十百]+章|附件\d*$)")


def paragraphs(text):
    return [l.strip() for l in text.splitlines() if l.strip()]


def is_title(i, line):
    """Red-head, 文号 and title lines at the top are centred."""
    if i > 4:
        return False
    return not line.endswith(("。", "：", "；")) and len(line) < 60


def doc_title(text):
    """The document's title: among the first lines, the longest that is not a 文号 or red head."""
    cands = [l for l in paragraphs(text)[:5]
             if not re.search(r"〔\d{4}〕\d+号", l) and not l.endswith("文件")
             and not l.endswith(("。", "："))]
    return max(cands, key=len) if cands else ""


def simple_html(stem, text):
    out = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">",
           f"<title>{html.escape(doc_title(text))}</title>",
           "<style>body{font-family:'Noto Serif CJK SC',serif;font-size:16pt;}"
           "p{margin:0 0 6pt 0;text-indent:2em;line-height:1.6;}"
           "p.c{text-align:center;text-indent:0;font-weight:bold;}"
           "p.red{text-align:center;text-indent:0;color:#c00;font-size:22pt;font-weight:bold;}"
           "p.h{text-align:center;text-indent:0;font-weight:bold;}</style>",
           "</head><body>"]
    for i, line in enumerate(paragraphs(text)):
        esc = html.escape(line)
        if i == 0 and line.endswith("文件"):
            out.append(f"<p class=\"red\">{esc}</p>")
        elif is_title(i, line) or HEADING.match(line):
            out.append(f"<p class=\"c\">{esc}</p>")
        else:
            out.append(f"<p>{esc}</p>")
    out.append("</body></html>")
    return "\n".join(out)


def soffice(src_html, fmt, outdir):
    filt = {"docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97",
            "pdf": "pdf:writer_pdf_Export"}[fmt]
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--infilter=HTML (StarWriter)", "--convert-to", filt,
                        "--outdir", outdir, src_html],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def gov_html(stem, text):
    """A county/district website article page: header, nav, breadcrumb, meta line, body, footer."""
    ps = paragraphs(text)
    title = ps[0]
    docno = ps[1] if len(ps) > 1 and re.search(r"〔\d{4}〕\d+号", ps[1]) else ""
    body = ps[1:]
    parts = []
    for line in body:
        esc = html.escape(line)
        if re.match(r"^第[一二三四五六七八九十]+条", line):
            head, _, rest = line.partition(" ")
            parts.append(f"<p style=\"text-indent:2em;\"><strong>{html.escape(head)}</strong>&nbsp;{html.escape(rest)}</p>")
        elif line == docno:
            parts.append(f"<p style=\"text-align:center;\">{esc}</p>")
        else:
            parts.append(f"<p style=\"text-indent:2em;\">{esc}</p>")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="2021-04-20 09:30">
<meta name="ContentSource" content="浦澄区财政局">
<title>{html.escape(title)}_政策文件_上海市浦澄区人民政府</title>
<link rel="stylesheet" href="/css/common.css">
</head>
<body>
<div class="top-bar"><div class="w1200"><span>欢迎访问上海市浦澄区人民政府网站</span><a href="/wza/">无障碍</a> | <a href="/en/">English</a></div></div>
<div class="header"><div class="w1200"><img src="/images/logo.png" alt="上海市浦澄区人民政府"></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjpc/">走进浦澄</a></li></ul></div>
<div class="w1200 main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a> &gt; 区政府部门文件</div>
<table class="xxgk-meta">
<tr><td>索引号：</td><td>PC-CZJ-2021-00187</td><td>发布机构：</td><td>浦澄区财政局</td></tr>
<tr><td>发文字号：</td><td>{html.escape(docno)}</td><td>成文日期：</td><td>2021年4月16日</td></tr>
<tr><td>有效性：</td><td>有效</td><td>主题分类：</td><td>财政、金融、审计</td></tr>
</table>
<div class="article">
<h1 class="article-title">{html.escape(title)}</h1>
<div class="article-info">发布时间：2021-04-20　来源：浦澄区财政局　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>　<a href="javascript:window.print()">打印</a></div>
<div class="TRS_Editor" id="zoom">
{chr(10).join(parts)}
<p style="text-align:right;">浦澄区财政局</p>
<p style="text-align:right;">2021年4月16日</p>
</div>
<div class="article-attach">附件：无</div>
</div>
<div class="share-bar">分享到：<a href="#">微信</a> <a href="#">微博</a>　<a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer"><div class="w1200">
<p>主办：上海市浦澄区人民政府办公室　承办：浦澄区大数据中心</p>
<p>网站标识码：3101990001　沪ICP备00000000号-1　沪公网安备31019902000001号</p>
</div></div>
</body>
</html>
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=HERE)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    for stem, fmt in PLAN:
        src = os.path.join(a.src, stem + ".txt")
        if not os.path.exists(src):
            print(f"skip {stem}: no source {src}", file=sys.stderr)
            continue
        text = open(src, encoding="utf-8").read()
        target = os.path.join(HERE, f"{stem}.{fmt}")
        if fmt in ("docx", "doc", "pdf", "wps"):
            with tempfile.TemporaryDirectory() as tmp:
                h = os.path.join(tmp, stem + ".html")
                open(h, "w", encoding="utf-8").write(simple_html(stem, text))
                real = "doc" if fmt == "wps" else fmt
                soffice(h, real, tmp)
                shutil.copyfile(os.path.join(tmp, f"{stem}.{real}"), target)
        elif fmt == "html":
            open(target, "w", encoding="utf-8").write(gov_html(stem, text))
        elif fmt == "gbk.txt":
            # GBK with CRLF line ends, as such files usually come from Windows editors.
            data = text.replace("\n", "\r\n").encode("gbk")
            open(target, "wb").write(data)
        print(f"{stem}.txt -> {os.path.basename(target)}")
        if not a.keep and os.path.abspath(src) != os.path.abspath(target):
            os.remove(src)


if __name__ == "__main__":
    main()
