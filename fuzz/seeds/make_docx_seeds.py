#!/usr/bin/env python3
"""Write the docx seeds of the read_docx fuzz target (fuzz/seeds/read_docx/).

The fixtures seed the target with ordinary documents; coverage
(`bash fuzz/coverage.sh read_docx`, 18th session) showed that their corpus
never entered the reader's imported parts (`w:altChunk`: HTML, RTF, text or
a whole docx inside a docx, the one recursive path of the reader) nor most
list-number formats (roman, letters, enclosed, chinese legal, ...). These
seeds reach them; the fuzzer mutates from there.

    python3 fuzz/seeds/make_docx_seeds.py      (from the repository root)

Deterministic: fixed member order and timestamps, so the same bytes each run.
"""
import io
import os
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "read_docx")
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


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in [("altchunk-kinds.docx", alt_chunks()), ("numbering-formats.docx", numbering_formats())]:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(os.path.join(OUT, name), len(data), "bytes")


if __name__ == "__main__":
    main()
