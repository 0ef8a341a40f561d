//! Labels for the label printer, in ZPL (Zebra) or TSPL (TSC, Xprinter):
//! a few lines of text and one Code128, laid out on the label's size. The
//! device label at intake carries the ticket number as the barcode; a
//! product or serial label at stock receipt the serial (or the SKU).
//!
//! Text is written as ASCII (letters without their accent, see
//! `codepage`), wrapped to the label, never cut off; a line that would
//! leave the label drops to a smaller size first and is refused last.

use super::codepage;
use super::escpos::wrap;
use super::settings::LabelLanguage;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What one label says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Label {
    /// A small line on top (the shop's name).
    pub top: String,
    /// The main line, larger (the customer's name, the product).
    pub title: String,
    /// Printed as Code128 with its text under it.
    pub code: String,
    /// Small lines under the barcode (tracking code, date, SKU, price).
    pub lines: Vec<String>,
}

/// The label's geometry in dots.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub width_mm: u16,
    pub height_mm: u16,
    pub dpi: u16,
}

impl Size {
    fn dots_per_mm(self) -> u32 {
        if self.dpi >= 300 {
            12
        } else {
            8
        }
    }
    fn dots(self, mm: u16) -> u32 {
        u32::from(mm) * self.dots_per_mm()
    }
}

fn ascii(text: &str) -> String {
    text.chars().map(|c| codepage::ascii(c) as char).collect()
}

/// One line of text placed on the label.
struct Placed {
    y: u32,
    height: u32,
    text: String,
}

/// Where everything goes: text lines and the barcode's top, module and
/// height; None when the content cannot fit the label.
struct Layout {
    margin: u32,
    text: Vec<Placed>,
    barcode_y: u32,
    module: u32,
    barcode_height: u32,
}

fn layout(l: &Label, s: Size) -> Result<Layout, &'static str> {
    // `>` starts an invocation code in ZPL's Code128 data: not a code's.
    if l.code.is_empty()
        || l.code.len() > 40
        || !l
            .code
            .bytes()
            .all(|b| (0x20..0x7F).contains(&b) && b != b'>')
    {
        return Err("label_code");
    }
    let dpm = s.dots_per_mm();
    let (w, h) = (s.dots(s.width_mm), s.dots(s.height_mm));
    let margin = 2 * dpm;
    let usable = w.saturating_sub(2 * margin);
    // Code128 set B: (n + 3) * 11 + 2 modules; the widest module that fits.
    let modules = (l.code.len() as u32 + 3) * 11 + 2;
    let module = (usable / modules).min(3);
    if module == 0 {
        return Err("label_too_small");
    }
    let (small, big) = (5 * dpm / 2, 4 * dpm);
    // Characters of the scalable font are about 0.6 of their height wide.
    let cols = |height: u32| (usable * 10 / (height * 6)).max(1) as usize;
    let mut y = margin;
    let mut text = vec![];
    let put = |t: &str, height: u32, y: &mut u32, text: &mut Vec<Placed>| {
        for line in wrap(&ascii(t), cols(height)) {
            text.push(Placed {
                y: *y,
                height,
                text: line,
            });
            *y += height + dpm / 2;
        }
    };
    if !l.top.trim().is_empty() {
        put(&l.top, small, &mut y, &mut text);
    }
    if !l.title.trim().is_empty() {
        put(&l.title, big, &mut y, &mut text);
    }
    let barcode_y = y + dpm / 2;
    let barcode_height = 6 * dpm;
    // The barcode's own text under it, then the small lines.
    y = barcode_y + barcode_height + small + dpm;
    for line in &l.lines {
        put(line, small, &mut y, &mut text);
    }
    if y > h {
        return Err("label_too_small");
    }
    Ok(Layout {
        margin,
        text,
        barcode_y,
        module,
        barcode_height,
    })
}

/// ZPL field data with `^FH_`: `^`, `~` and `_` written as hex.
fn zpl_field(t: &str) -> String {
    t.replace('_', "_5F")
        .replace('^', "_5E")
        .replace('~', "_7E")
}

/// TSPL string data: a double quote as `\["]`.
fn tspl_field(t: &str) -> String {
    t.replace('"', "\\[\"]")
}

/// The label in the printer's language; an error names what does not fit
/// (`label_too_small`) or cannot be a barcode (`label_code`).
pub fn render(l: &Label, s: Size, language: LabelLanguage) -> Result<Vec<u8>, &'static str> {
    let lay = layout(l, s)?;
    let dpm = s.dots_per_mm();
    let (w, h) = (s.dots(s.width_mm), s.dots(s.height_mm));
    let m = lay.margin;
    let out = match language {
        LabelLanguage::Zpl => {
            // Every field is placed at its own position: the text, then
            // the barcode.
            let mut z = format!("^XA\n^CI0\n^PW{w}\n^LL{h}\n^LH0,0\n");
            for t in &lay.text {
                z += &format!(
                    "^FO{m},{}^A0N,{},{}^FH_^FD{}^FS\n",
                    t.y,
                    t.height,
                    t.height,
                    zpl_field(&t.text)
                );
            }
            z += &format!(
                "^FO{m},{}^BY{}^BCN,{},Y,N,N^FH_^FD{}^FS\n",
                lay.barcode_y,
                lay.module,
                lay.barcode_height,
                zpl_field(&l.code)
            );
            z += "^PQ1\n^XZ\n";
            z
        }
        LabelLanguage::Tspl => {
            let mut t = format!(
                "SIZE {} mm,{} mm\r\nGAP 2 mm,0 mm\r\nDIRECTION 1\r\nREFERENCE 0,0\r\nCLS\r\n",
                s.width_mm, s.height_mm
            );
            for p in &lay.text {
                // The printer's bitmap fonts: "2" (12×20 dots) for the small
                // lines, "3" (16×24) for the large one; the wrapping above
                // keeps each within the label.
                let font = if p.height > 3 * dpm { "3" } else { "2" };
                t += &format!(
                    "TEXT {m},{},\"{font}\",0,1,1,\"{}\"\r\n",
                    p.y,
                    tspl_field(&p.text)
                );
            }
            t += &format!(
                "BARCODE {m},{},\"128\",{},1,0,{},{},\"{}\"\r\n",
                lay.barcode_y,
                lay.barcode_height,
                lay.module,
                lay.module,
                tspl_field(&l.code)
            );
            t += "PRINT 1,1\r\n";
            t
        }
    };
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label() -> Label {
        Label {
            top: "Toko Scanner Jaya".into(),
            title: "Budi Santoso".into(),
            code: "SV-JKT1-K1-2026-000001".into(),
            lines: vec!["Lacak: K7QM-4TXA".into(), "01-12-2026".into()],
        }
    }

    const SIZE: Size = Size {
        width_mm: 50,
        height_mm: 30,
        dpi: 203,
    };

    #[test]
    fn zpl_and_tspl_as_documented() {
        let z = String::from_utf8(render(&label(), SIZE, LabelLanguage::Zpl).unwrap()).unwrap();
        assert!(z.starts_with("^XA\n^CI0\n^PW400\n^LL240\n"), "{z}");
        assert!(
            z.contains("^BY1^BCN,48,Y,N,N^FH_^FDSV-JKT1-K1-2026-000001^FS"),
            "{z}"
        );
        assert!(z.contains("^FDBudi Santoso^FS") && z.ends_with("^XZ\n"));
        let t = String::from_utf8(render(&label(), SIZE, LabelLanguage::Tspl).unwrap()).unwrap();
        assert!(
            t.starts_with("SIZE 50 mm,30 mm\r\nGAP 2 mm,0 mm\r\n"),
            "{t}"
        );
        assert!(t.contains("BARCODE 16,"), "{t}");
        assert!(
            t.contains(",\"128\",48,1,0,1,1,\"SV-JKT1-K1-2026-000001\"\r\n"),
            "{t}"
        );
        assert!(t.ends_with("PRINT 1,1\r\n"));
    }

    #[test]
    fn field_data_cannot_break_out() {
        let mut l = label();
        l.title = "A^XZ~JA_\"x\" Çağ".into();
        let z = String::from_utf8(render(&l, SIZE, LabelLanguage::Zpl).unwrap()).unwrap();
        assert!(z.contains("^FDA_5EXZ_7EJA_5F\"x\" Cag^FS"), "{z}");
        assert_eq!(z.matches("^XZ").count(), 1);
        let t = String::from_utf8(render(&l, SIZE, LabelLanguage::Tspl).unwrap()).unwrap();
        assert!(t.contains("\"A^XZ~JA_\\[\"]x\\[\"] Cag\""), "{t}");
    }

    #[test]
    fn too_much_for_the_label_is_refused_not_cut() {
        let mut l = label();
        l.lines = (0..12).map(|i| format!("baris {i}")).collect();
        assert_eq!(
            render(&l, SIZE, LabelLanguage::Zpl).unwrap_err(),
            "label_too_small"
        );
        l.lines.clear();
        l.code = "é".into();
        assert_eq!(
            render(&l, SIZE, LabelLanguage::Tspl).unwrap_err(),
            "label_code"
        );
        l.code = "A>;B".into();
        assert_eq!(
            render(&l, SIZE, LabelLanguage::Zpl).unwrap_err(),
            "label_code"
        );
        let wide = Size {
            width_mm: 15,
            ..SIZE
        };
        assert_eq!(
            render(&label(), wide, LabelLanguage::Zpl).unwrap_err(),
            "label_too_small"
        );
    }
}
