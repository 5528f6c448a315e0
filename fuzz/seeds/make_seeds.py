#!/usr/bin/env python3
"""Write the seeds of the read_docx and read_odt fuzz targets
(fuzz/seeds/read_docx/, fuzz/seeds/read_odt/).

The fixtures seed the targets with ordinary documents; coverage
(`bash fuzz/coverage.sh TARGET`, 18th session) showed that their corpora
never entered the docx reader's imported parts (`w:altChunk`: HTML, RTF,
text or a whole docx inside a docx, the one recursive path of the reader)
nor most list-number formats (roman, letters, enclosed, chinese legal, ...),
and never the odt reader's list numbering (list styles, outline numbering,
continued lists). These seeds reach them; the fuzzer mutates from there.

    python3 fuzz/seeds/make_seeds.py      (from the repository root)

Deterministic: fixed member order and timestamps, so the same bytes each run.
"""
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
AF = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def package(members):
    """A docx (zip) of (name, bytes), in the order given, fixed timestamps."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def common(body, rels, extra_types=""):
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        + extra_types + "</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL_NS}">'
        f'<Relationship Id="rId1" Type="{DOC_REL}" Target="word/document.xml"/></Relationships>'
    )
    doc_rels = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL_NS}">' + rels + "</Relationships>"
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    return [
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/document.xml", document),
    ]


def para(text):
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def alt_chunks():
    """Imported parts of every kind the reader takes, and a docx inside a
    docx inside a docx (the reader stops at the second level)."""
    inner = package(
        common(
            para("第三条 嵌套文档中的条款：纳入信用记录。") + '<w:altChunk r:id="rIdIn"/>',
            f'<Relationship Id="rIdIn" Type="{AF}" Target="deeper.docx" TargetMode="Internal"/>',
        )
        + [("word/deeper.docx", package(common(para("第四条 更深一层。"), "")))]
    )
    html = "<html><body><p>第一条 对列入严重失信主体名单的，依法实施联合惩戒。</p></body></html>"
    rtf = r"{\rtf1\ansi{\fonttbl{\f0 SimSun;}}\f0 \u31532?\u20108?\u26465? RTF part\par}"
    body = (
        para("关于信用管理的办法")
        + '<w:altChunk r:id="rId10"/>'
        + '<w:altChunk r:id="rId11"/>'
        + '<w:altChunk r:id="rId12"/>'
        + '<w:altChunk r:id="rId13"/>'
        + '<w:altChunk r:id="rId14"/>'
        + '<w:altChunk r:id="rIdMissing"/>'
        + "<w:tbl><w:tr><w:tc>"
        + '<w:altChunk r:id="rId10"/>'
        + para("表格中的导入部分")
        + "</w:tc></w:tr></w:tbl>"
        + "<w:p><w:r><w:t><![CDATA[第五条 信用修复 <CDATA> 文本。]]></w:t></w:r></w:p>"
    )
    rels = (
        f'<Relationship Id="rId10" Type="{AF}" Target="chunk.html"/>'
        f'<Relationship Id="rId11" Type="{AF}" Target="chunk.rtf"/>'
        f'<Relationship Id="rId12" Type="{AF}" Target="chunk.txt"/>'
        f'<Relationship Id="rId13" Type="{AF}" Target="inner.docx"/>'
        f'<Relationship Id="rId14" Type="{AF}" Target="chunk.mht"/>'
    )
    return package(
        common(body, rels)
        + [
            ("word/chunk.html", html),
            ("word/chunk.rtf", rtf),
            ("word/chunk.txt", "第二条 文本部分：失信惩戒措施。".encode("utf-8")),
            ("word/inner.docx", inner),
            ("word/chunk.mht", "MIME-Version: 1.0\r\n\r\n"),
        ]
    )


FORMATS = [
    "upperRoman", "lowerRoman", "upperLetter", "lowerLetter",
    "chineseLegalSimplified", "ideographLegalTraditional", "chineseCounting",
    "japaneseCounting", "ideographDigital", "ideographTraditional",
    "ideographZodiac", "decimalEnclosedCircle", "decimalEnclosedFullstop",
    "decimalEnclosedParen", "ideographEnclosedCircle", "decimalZero",
    "custom", "bullet", "none",
]


def numbering_formats():
    """One abstract list per format, nine levels each (each level a
    different format, text with %1..%9), paragraphs numbered at every level
    and far past the small formats' ranges (start 3990)."""
    abstract = []
    nums = []
    body = []
    for i, fmt in enumerate(FORMATS):
        lvls = []
        for lvl in range(9):
            f = FORMATS[(i + lvl) % len(FORMATS)]
            custom = ' w:format="001, 002, 003, ..."' if f == "custom" else ""
            start = 3990 if lvl == 8 else 1 + lvl
            text = "".join(f"%{k + 1}." for k in range(lvl + 1))
            legal = "<w:isLgl/>" if lvl == 2 else ""
            restart = '<w:lvlRestart w:val="0"/>' if lvl == 3 else ""
            lvls.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="{start}"/>'
                f'<w:numFmt w:val="{f}"{custom}/>{legal}{restart}'
                f'<w:lvlText w:val="第{text}条"/><w:suff w:val="space"/></w:lvl>'
            )
        abstract.append(f'<w:abstractNum w:abstractNumId="{i}">{"".join(lvls)}</w:abstractNum>')
        nums.append(f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="{i}"/></w:num>')
        for lvl in list(range(9)) + [0, 4, 8, 8]:
            body.append(
                f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{i + 1}"/></w:numPr></w:pPr>'
                f"<w:r><w:t>{fmt} 第{lvl}级：纳入信用记录</w:t></w:r></w:p>"
            )
    # An override that restarts list 1 at level 0.
    nums.append(
        '<w:num w:numId="100"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>'
    )
    body.append(
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="100"/></w:numPr></w:pPr>'
        "<w:r><w:t>重新开始编号</w:t></w:r></w:p>"
    )
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>'
        + "".join(abstract)
        + "".join(nums)
        + "</w:numbering>"
    )
    rels = f'<Relationship Id="rIdNum" Type="{NUMBERING}" Target="numbering.xml"/>'
    types = '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    return package(common("".join(body), rels, types) + [("word/numbering.xml", numbering)])


ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xml="http://www.w3.org/XML/1998/namespace" office:version="1.3"'
)
# num-format values as LibreOffice writes them (the first character picks
# the Word format the numbers are rendered in).
ODT_FORMATS = ["1", "a", "A", "i", "I", "一, 二, 三, ...", "壹, 贰, 叁, ...",
               "壹, 貳, 參, ...", "甲, 乙, 丙, ...", "子, 丑, 寅, ...", "①, ②, ③, ...",
               "⑴, ⑵, ⑶, ...", "⒈, ⒉, ⒊, ...", "㈠, ㈡, ㈢, ...", "１, ２, ３, ...", ""]


def odt_lists():
    """List styles of every num-format on ten levels (prefix, suffix,
    display-levels, start values, a bullet and an image level), an outline
    style numbering the headings, nested lists, a list header, a list
    continued by xml:id and one by continue-numbering, a style override, a
    paragraph that takes its list style from its paragraph style, and the
    numbers a producer already wrote (text:number)."""
    styles = []
    for i, fmt in enumerate(ODT_FORMATS):
        levels = []
        for lvl in range(1, 11):
            f = ODT_FORMATS[(i + lvl - 1) % len(ODT_FORMATS)]
            if lvl == 9:
                levels.append(f'<text:list-level-style-bullet text:level="{lvl}" text:bullet-char="●"/>')
                continue
            if lvl == 10:
                levels.append(f'<text:list-level-style-image text:level="{lvl}"/>')
                continue
            start = ' text:start-value="3990"' if lvl == 8 else ""
            levels.append(
                f'<text:list-level-style-number text:level="{lvl}" style:num-prefix="第" '
                f'style:num-suffix="条" style:num-format="{f}" text:display-levels="{min(lvl, 3)}"{start}>'
                '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
                '<style:list-level-label-alignment text:label-followed-by="space"/>'
                "</style:list-level-properties></text:list-level-style-number>"
            )
        styles.append(f'<text:list-style style:name="L{i}">{"".join(levels)}</text:list-style>')
    auto = (
        "<office:automatic-styles>"
        + "".join(styles)
        + '<style:style style:name="P1" style:family="paragraph" style:list-style-name="L1"/>'
        + '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="P1"/>'
        + "</office:automatic-styles>"
    )

    def items(depth, n, style):
        out = []
        for k in range(n):
            inner = ""
            if depth < 10 and k == 1:
                inner = f"<text:list>{items(depth + 1, 2, style)}</text:list>"
            out.append(f"<text:list-item><text:p>{style} 第{depth}级第{k}项：纳入信用记录。</text:p>{inner}</text:list-item>")
        return "".join(out)

    body = []
    for i in range(len(ODT_FORMATS)):
        body.append(
            f'<text:list xml:id="list{i}" text:style-name="L{i}">'
            + '<text:list-header><text:p>列表标题</text:p></text:list-header>'
            + items(1, 3, f"L{i}")
            + '<text:list-item text:start-value="9"><text:p>从九开始</text:p></text:list-item>'
            + f'<text:list-item text:style-override="L{(i + 1) % len(ODT_FORMATS)}"><text:p>换样式</text:p></text:list-item>'
            + "</text:list>"
        )
    body.append(
        '<text:list text:continue-list="list0" text:style-name="L0">'
        '<text:list-item><text:p>接着第一个列表编号</text:p></text:list-item></text:list>'
        '<text:list text:continue-numbering="true" text:style-name="L0">'
        '<text:list-item><text:p>接着同一样式的列表</text:p></text:list-item></text:list>'
        '<text:list text:continue-numbering="true">'
        '<text:list-item><text:p text:style-name="P2">段落样式给出列表样式</text:p></text:list-item></text:list>'
        '<text:list text:style-name="L2"><text:list-item><text:p>'
        "<text:number>（一）</text:number>已经写出的编号</text:p></text:list-item></text:list>"
    )
    for lvl in [1, 2, 3, 2, 1, 11, 0]:
        body.append(f'<text:h text:outline-level="{lvl}">第{lvl}级标题</text:h>')
    body.append('<text:h text:outline-level="1" text:is-list-header="true">不编号的标题</text:h>')
    body.append('<text:h text:outline-level="2" text:start-value="5">从五开始的标题</text:h>')
    body.append('<text:p>空格<text:s text:c="3"/>制表<text:tab/>换行<text:line-break/>结束</text:p>')
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
        + auto
        + "<office:body><office:text>"
        + "".join(body)
        + "</office:text></office:body></office:document-content>"
    )
    outline_levels = "".join(
        f'<text:outline-level-style text:level="{lvl}" style:num-format="{ODT_FORMATS[lvl % len(ODT_FORMATS)]}" '
        f'style:num-suffix="、" text:display-levels="{1 + lvl % 3}"/>'
        for lvl in range(1, 11)
    )
    styles_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODT_NS}>'
        f'<office:styles><text:outline-style style:name="Outline">{outline_levels}</text:outline-style>'
        "</office:styles></office:document-styles>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        # The mimetype first and stored, as the format requires.
        info = zipfile.ZipInfo("mimetype", date_time=(2021, 1, 1, 0, 0, 0))
        z.writestr(info, "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        for name, data in [("content.xml", content), ("styles.xml", styles_xml), ("META-INF/manifest.xml", manifest)]:
            info = zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0))
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def main():
    seeds = [
        ("read_docx", "altchunk-kinds.docx", alt_chunks()),
        ("read_docx", "numbering-formats.docx", numbering_formats()),
        ("read_odt", "list-numbering.odt", odt_lists()),
    ]
    for target, name, data in seeds:
        os.makedirs(os.path.join(HERE, target), exist_ok=True)
        path = os.path.join(HERE, target, name)
        with open(path, "wb") as f:
            f.write(data)
        print(path, len(data), "bytes")


if __name__ == "__main__":
    main()
