//! The ledger as an xlsx workbook: sheet 台账 laid out like the template
//! (merged title row, header, rows, the notes), sheet 上位及参考文件 (the
//! documents the unit did not issue), sheet 全部文件 (every file scanned)
//! and sheet 问题清单 (every rule finding).

use super::neutralise;
use crate::ledger::{Ledger, COLUMNS, NOTES};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

/// Column widths of sheet 台账 (characters), for A4 landscape.
const WIDTHS: [f64; 14] = [
    5.0, 28.0, 9.0, 9.0, 9.0, 48.0, 9.0, 9.0, 30.0, 8.0, 11.0, 14.0, 14.0, 12.0,
];

pub fn render(ledger: &Ledger) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    // A fixed creation time: the same scan gives the same bytes.
    let created = ExcelDateTime::from_ymd(2021, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(ledger.title())
            .set_creation_datetime(&created),
    );
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#D9D9D9");
    let cell = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let centered = cell.clone().set_align(FormatAlign::Center);
    let note = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    // Sheet 台账.
    let ws = wb.add_worksheet();
    ws.set_name("台账")?;
    ws.merge_range(0, 0, 0, 13, &ledger.title(), &title)?;
    ws.set_row_height(0, 30)?;
    for (c, h) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, WIDTHS[c])?;
    }
    ws.set_row_height(1, 45)?;
    let mut row = 2u32;
    for r in &ledger.rows {
        let cells = r.cells();
        ws.set_row_height(row, row_height(&cells, &WIDTHS))?;
        for (c, v) in cells.iter().enumerate() {
            let f = if matches!(c, 0 | 2 | 3 | 4 | 6 | 7 | 9) {
                &centered
            } else {
                &cell
            };
            ws.write_string_with_format(row, c as u16, neutralise(v), f)?;
        }
        row += 1;
    }
    if ledger.rows.is_empty() {
        ws.merge_range(
            row,
            0,
            row,
            13,
            "（未发现涉及信用信息纳入共享公开、“黑名单”认定或失信惩戒措施的文件）",
            &cell,
        )?;
        row += 1;
    }
    row += 1;
    for n in NOTES {
        ws.merge_range(row, 0, row, 13, n, &note)?;
        ws.set_row_height(row, if n.chars().count() > 100 { 32 } else { 18 })?;
        row += 1;
    }
    ws.set_freeze_panes(2, 0)?;
    print_setup(ws, 1)?;

    // Sheet 上位及参考文件: the documents the unit did not issue (laws,
    // regulations, central and higher documents), with the credit
    // provisions they carry: the bases a row can cite.
    let ws = wb.add_worksheet();
    ws.set_name("上位及参考文件")?;
    let cols = [
        ("序号", 5.0),
        ("文件名称", 36.0),
        ("文号", 18.0),
        ("来源", 14.0),
        ("判断依据", 36.0),
        ("涉及的信用条款", 48.0),
        ("文件", 30.0),
    ];
    for (c, (h, w)) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let references = ledger.references();
    for (i, r) in references.iter().enumerate() {
        let cells = [
            (i + 1).to_string(),
            r.title.clone(),
            r.docno.clone(),
            r.origin.clone(),
            r.reason.clone(),
            r.provisions.clone(),
            r.path.clone(),
        ];
        let widths: Vec<f64> = cols.iter().map(|(_, w)| *w).collect();
        ws.set_row_height(i as u32 + 1, row_height(&cells, &widths))?;
        for (c, v) in cells.iter().enumerate() {
            let f = if c == 0 { &centered } else { &cell };
            ws.write_string_with_format(i as u32 + 1, c as u16, neutralise(v), f)?;
        }
    }
    if references.is_empty() {
        ws.merge_range(
            1,
            0,
            1,
            6,
            "（没有法律法规、中央或上级文件：全部文件均按本单位文件处理）",
            &cell,
        )?;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, 0)?;

    // Sheet 全部文件. This sheet and 问题清单 grow with the folder: they are
    // written in constant-memory mode (rows streamed to a temporary file).
    let ws = wb.add_worksheet_with_constant_memory();
    ws.set_name("全部文件")?;
    let cols = [
        ("文件", 40.0),
        ("格式", 7.0),
        ("状态", 7.0),
        ("说明", 40.0),
        ("标题", 40.0),
        ("文号", 20.0),
        ("识别到的条款数", 10.0),
        ("台账序号", 8.0),
        ("来源", 14.0),
    ];
    for (c, (h, w)) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, f) in ledger.files.iter().enumerate() {
        let r = i as u32 + 1;
        let cells = [
            f.path.clone(),
            f.format.clone(),
            f.status.clone(),
            f.message.clone(),
            f.title.clone(),
            f.docno.clone(),
            f.provisions.to_string(),
            f.row.map(|n| n.to_string()).unwrap_or_default(),
            crate::origin::label_of(&f.origin).to_string(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, neutralise(v), &cell)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, 0)?;

    // Sheet 问题清单.
    let ws = wb.add_worksheet_with_constant_memory();
    ws.set_name("问题清单")?;
    let cols = [
        ("文件", 30.0),
        ("页码", 5.0),
        ("条款", 16.0),
        ("规则", 8.0),
        ("规则名称", 22.0),
        ("级别", 6.0),
        ("问题", 40.0),
        ("原文", 45.0),
        ("所引依据", 30.0),
        ("建议处置方式", 10.0),
    ];
    for (c, (h, w)) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let mut r = 1u32;
    for f in &ledger.findings {
        let x = &f.finding;
        let bases = x
            .bases
            .iter()
            .map(|b| b.name.as_str())
            .collect::<Vec<_>>()
            .join("；");
        let cells = [
            x.path.clone(),
            x.page.to_string(),
            if x.cite.is_empty() {
                "全文".to_string()
            } else {
                x.cite.clone()
            },
            x.rule.clone(),
            x.name.clone(),
            x.severity.label().to_string(),
            x.message.clone(),
            x.quote.clone(),
            bases,
            f.disposition.clone(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, neutralise(v), &cell)?;
        }
        r += 1;
    }
    // Reasons and notes of each row, after the findings.
    for row in &ledger.rows {
        let text = if row.notes.is_empty() {
            row.reason.clone()
        } else {
            format!("{}。依据说明：{}", row.reason, row.notes.join("；"))
        };
        let cells = [
            row.path.clone(),
            String::new(),
            "全文".to_string(),
            "处置".to_string(),
            "disposition".to_string(),
            "说明".to_string(),
            text,
            row.name.clone(),
            row.basis_text.clone(),
            row.disposition.clone(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, neutralise(v), &cell)?;
        }
        r += 1;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, 0)?;

    Ok(wb.save_to_buffer()?)
}

/// A4 landscape, one page wide, header rows repeated on every page.
/// A row's height in points, from its cells' text and its columns' widths:
/// LibreOffice does not compute the heights of wrapped rows when it opens
/// an xlsx file (Excel and WPS do), so without one every row shows, and
/// prints, one line. A column `w` characters wide holds about `w - 1`
/// width units a line; a Chinese character takes 2.1 (a CJK font at 11 pt
/// beside Calibri's digit, as Excel on Windows draws it; LibreOffice draws
/// narrower, so its rows have room to spare), other characters 1.1; a line
/// is 16 points. At most Excel's 409.
pub fn row_height(cells: &[String], widths: &[f64]) -> f64 {
    let mut lines = 1usize;
    for (text, width) in cells.iter().zip(widths) {
        let capacity = (width - 1.0).max(1.0);
        let mut n = 0usize;
        for para in text.split('\n') {
            let units: f64 = para
                .chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
                .sum();
            n += ((units / capacity).ceil() as usize).max(1);
        }
        lines = lines.max(n);
    }
    (lines as f64 * 16.0 + 4.0).min(409.0)
}

fn print_setup(ws: &mut Worksheet, header_row: u32) -> anyhow::Result<()> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::row_height;

    #[test]
    fn rows_are_as_tall_as_their_longest_cell() {
        let one = row_height(&["短".to_string()], &[10.0]);
        assert_eq!(one, 20.0);
        // 100 Chinese characters in a column 48 wide: 210 units, 5 lines.
        let long = row_height(&["字".repeat(100), "短".to_string()], &[48.0, 10.0]);
        assert_eq!(long, 5.0 * 16.0 + 4.0);
        // Paragraphs start new lines.
        let paras = row_height(&["一\n二\n三".to_string()], &[48.0]);
        assert_eq!(paras, 3.0 * 16.0 + 4.0);
        assert_eq!(row_height(&["字".repeat(10_000)], &[10.0]), 409.0);
    }
}
