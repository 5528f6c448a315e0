//! The ledger as a Word document: the title, the 14-column table on A4
//! landscape and the template's notes, as units file it.

use crate::ledger::{Ledger, COLUMNS, NOTES};
use docx_rs::{
    AlignmentType, Docx, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Table,
    TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

/// Column widths in twentieths of a point, summing to the A4 landscape text
/// width (29.7 cm − 2 × 1.5 cm ≈ 15 140 twips).
const WIDTHS: [usize; 14] = [
    500, 1900, 750, 750, 750, 3000, 750, 750, 1900, 700, 900, 1000, 1000, 900,
];

fn text_cell(text: &str, bold: bool, width: usize, center: bool) -> TableCell {
    let mut p = Paragraph::new();
    for (i, line) in text.split('\n').enumerate() {
        let mut run = Run::new().add_text(line).size(18);
        if bold {
            run = run.bold();
        }
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        p = p.add_run(run);
    }
    if center {
        p = p.align(AlignmentType::Center);
    }
    TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
}

pub fn render(ledger: &Ledger) -> anyhow::Result<Vec<u8>> {
    let header = TableRow::new(
        COLUMNS
            .iter()
            .zip(WIDTHS)
            .map(|(h, w)| text_cell(h, true, w, true))
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for r in &ledger.rows {
        let cells = r.cells();
        rows.push(TableRow::new(
            cells
                .iter()
                .zip(WIDTHS)
                .enumerate()
                .map(|(c, (v, w))| text_cell(v, false, w, matches!(c, 0 | 2 | 3 | 4 | 6 | 7 | 9)))
                .collect(),
        ));
    }
    if ledger.rows.is_empty() {
        rows.push(TableRow::new(vec![text_cell(
            "（未发现涉及信用信息纳入共享公开、“黑名单”认定或失信惩戒措施的文件）",
            false,
            WIDTHS.iter().sum(),
            true,
        )
        .grid_span(14)]));
    }
    let table = Table::new(rows)
        .set_grid(WIDTHS.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(WIDTHS.iter().sum(), WidthType::Dxa);
    let mut doc = Docx::new()
        // A4 landscape (twips), fixed creation time for identical bytes.
        .page_size(16838, 11906)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(1000)
                .bottom(1000)
                .left(850)
                .right(850),
        )
        .default_fonts(
            RunFonts::new()
                .east_asia("宋体")
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman"),
        )
        .created_at("2021-01-01T00:00:00Z")
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(ledger.title()).bold().size(36))
                .align(AlignmentType::Center),
        )
        .add_table(table);
    for n in NOTES {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(n).size(20)));
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf)?;
    recompress(&buf.into_inner())
}

/// docx-rs stores its parts uncompressed; deflate them (a tenth of the size)
/// with fixed timestamps, keeping the order of the parts.
fn recompress(stored: &[u8]) -> anyhow::Result<Vec<u8>> {
    use std::io::{Cursor, Read, Write};
    use zip::write::SimpleFileOptions;
    let mut src = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..src.len() {
        let mut f = src.by_index(i)?;
        let name = f.name()?.to_string();
        if f.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    Ok(out.finish()?.into_inner())
}
