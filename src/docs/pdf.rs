//! The PDF writer under the canvas: pages of positioned text, rules, filled
//! boxes and RGB pictures, written straight as PDF 1.7.
//!
//! Every document embeds the same two faces, so their objects (the Type0
//! font, its CIDFontType2 with the glyph widths, the descriptor, the font
//! program and the ToUnicode map) are written once per process with fixed
//! object numbers and copied into each document as bytes. A document then
//! costs only its content streams and the cross-reference table: that is
//! what took an A4 invoice from 1.6 ms through printpdf to a fraction of it.
//! Text is written as 2-byte glyph ids (Identity-H) with the ToUnicode map,
//! so `pdftotext` and copy-paste read it back.

use super::fonts::{fonts, Face};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// One thing on a page, in PDF points from the bottom-left.
pub enum Mark {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// Picture `image` (an index into the document's images) drawn `w`×`h`.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: usize,
    },
}

/// An RGB picture, 8 bits a channel.
pub struct Image {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<u8>,
}

pub struct Page {
    pub width: f32,
    pub height: f32,
    pub marks: Vec<Mark>,
}

/// Objects 1 and 2 are the catalog and the page tree, 3-12 the two faces
/// (five objects each), 13 the document information; images and pages
/// follow.
const FIRST_FONT: usize = 3;
const INFO: usize = 13;
const HEADER: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

/// The two faces' objects as bytes, and where each object starts in them.
struct FontObjects {
    bytes: Vec<u8>,
    offsets: Vec<usize>,
}

fn font_objects() -> &'static FontObjects {
    static OBJECTS: OnceLock<FontObjects> = OnceLock::new();
    OBJECTS.get_or_init(|| {
        let f = fonts();
        let mut out = FontObjects {
            bytes: vec![],
            offsets: vec![],
        };
        for (i, (face, name)) in [
            (&f.regular, "DejaVuSans-Konter"),
            (&f.bold, "DejaVuSans-Bold-Konter"),
        ]
        .into_iter()
        .enumerate()
        {
            write_face(&mut out, FIRST_FONT + 5 * i, face, name);
        }
        out
    })
}

fn write_face(out: &mut FontObjects, first: usize, face: &Face, name: &str) {
    let font = &face.font;
    let upem = f32::from(font.units_per_em.max(1));
    let scale = |v: i32| (v as f32 * 1000.0 / upem).round() as i32;
    let m = &font.pdf_font_metrics;
    let (type0, cid, descriptor, file, unicode) =
        (first, first + 1, first + 2, first + 3, first + 4);
    let obj = |out: &mut FontObjects, n: usize, body: &[u8]| {
        out.offsets.push(out.bytes.len());
        out.bytes
            .extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.bytes.extend_from_slice(body);
        out.bytes.extend_from_slice(b"\nendobj\n");
    };
    obj(
        out,
        type0,
        format!("<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{cid} 0 R] /ToUnicode {unicode} 0 R >>").as_bytes(),
    );
    let glyphs = font
        .glyph_widths
        .keys()
        .max()
        .map_or(1, |g| *g as usize + 1);
    let mut widths = String::from("[0 [");
    for gid in 0..glyphs {
        let w = font.glyph_widths.get(&(gid as u16)).copied().unwrap_or(0);
        let _ = write!(widths, "{} ", scale(i32::from(w)));
    }
    widths.push_str("]]");
    obj(
        out,
        cid,
        format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /W {widths} >>").as_bytes(),
    );
    let ascent = scale(i32::from(font.font_metrics.ascent));
    let descent = scale(i32::from(font.font_metrics.descent));
    obj(
        out,
        descriptor,
        format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{} {} {} {}] /ItalicAngle 0 /Ascent {ascent} /Descent {descent} /CapHeight {ascent} /StemV {} /FontFile2 {file} 0 R >>",
            scale(i32::from(m.x_min)),
            scale(i32::from(m.y_min)),
            scale(i32::from(m.x_max)),
            scale(i32::from(m.y_max)),
            if m.us_weight_class >= 600 { 140 } else { 80 },
        )
        .as_bytes(),
    );
    let program = &font.original_bytes;
    let mut body = format!(
        "<< /Length {} /Length1 {} >>\nstream\n",
        program.len(),
        program.len()
    )
    .into_bytes();
    body.extend_from_slice(program);
    body.extend_from_slice(b"\nendstream");
    obj(out, file, &body);
    let mut pairs: Vec<(u16, u32)> = font
        .codepoint_to_glyph
        .iter()
        .map(|(cp, gid)| (*gid, *cp))
        .collect();
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    let mut cmap = String::from("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for chunk in pairs.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (gid, cp) in chunk {
            let mut units = [0u16; 2];
            let utf16: String = char::from_u32(*cp)
                .map(|c| {
                    c.encode_utf16(&mut units)
                        .iter()
                        .map(|u| format!("{u:04X}"))
                        .collect()
                })
                .unwrap_or_else(|| "FFFD".into());
            let _ = writeln!(cmap, "<{gid:04X}> <{utf16}>");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend");
    let mut body = format!("<< /Length {} >>\nstream\n", cmap.len()).into_bytes();
    body.extend_from_slice(cmap.as_bytes());
    body.extend_from_slice(b"\nendstream");
    obj(out, unicode, &body);
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// A number as PDF writes it: at most two decimals, no exponent.
fn num(out: &mut Vec<u8>, v: f32) {
    let h = (f64::from(v) * 100.0).round() as i64;
    if h < 0 {
        out.push(b'-');
    }
    let a = h.unsigned_abs();
    let (int, frac) = (a / 100, a % 100);
    let mut digits = [0u8; 20];
    let mut n = int;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if frac % 10 != 0 {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

fn content(page: &Page) -> Vec<u8> {
    let f = fonts();
    let mut c = Vec::with_capacity(page.marks.len() * 48);
    c.extend_from_slice(b"0 g 0 G\n");
    for m in &page.marks {
        match m {
            Mark::Text {
                x,
                y,
                size,
                bold,
                text,
            } => {
                let face = if *bold { &f.bold } else { &f.regular };
                c.extend_from_slice(if *bold { b"BT /F2 " } else { b"BT /F1 " });
                num(&mut c, *size);
                c.extend_from_slice(b" Tf ");
                num(&mut c, *x);
                c.push(b' ');
                num(&mut c, *y);
                c.extend_from_slice(b" Td <");
                for ch in text.chars() {
                    let g = face.glyph(ch);
                    for shift in [12, 8, 4, 0] {
                        c.push(HEX[usize::from((g >> shift) & 0xF)]);
                    }
                }
                c.extend_from_slice(b"> Tj ET\n");
            }
            Mark::Fill { x, y, w, h } => {
                for v in [x, y, w, h] {
                    num(&mut c, *v);
                    c.push(b' ');
                }
                c.extend_from_slice(b"re f\n");
            }
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                num(&mut c, *width);
                c.extend_from_slice(b" w ");
                num(&mut c, *x1);
                c.push(b' ');
                num(&mut c, *y1);
                c.extend_from_slice(b" m ");
                num(&mut c, *x2);
                c.push(b' ');
                num(&mut c, *y2);
                c.extend_from_slice(b" l S\n");
            }
            Mark::Image { x, y, w, h, image } => {
                c.extend_from_slice(b"q ");
                for v in [w, &0.0, &0.0, h, x, y] {
                    num(&mut c, *v);
                    c.push(b' ');
                }
                c.extend_from_slice(format!("cm /Im{image} Do Q\n").as_bytes());
            }
        }
    }
    c
}

/// The PDF's title as a UTF-16 text string.
fn text_string(s: &str) -> String {
    let mut out = String::from("<FEFF");
    for u in s.encode_utf16() {
        let _ = write!(out, "{u:04X}");
    }
    out.push('>');
    out
}

/// A laid-out document, ready to write.
pub struct Document {
    pub title: String,
    pub pages: Vec<Page>,
    pub images: Vec<Image>,
}

impl Document {
    pub fn write(&self) -> Vec<u8> {
        write(&self.title, &self.pages, &self.images)
    }
}

/// Writes the document.
pub fn write(title: &str, pages: &[Page], images: &[Image]) -> Vec<u8> {
    let fonts = font_objects();
    let first_image = INFO + 1;
    let first_page = first_image + images.len();
    let count = first_page + 2 * pages.len();
    let mut offsets = vec![0usize; count];
    let mut out = Vec::with_capacity(fonts.bytes.len() + 16 * 1024);
    out.extend_from_slice(HEADER);
    let obj = |out: &mut Vec<u8>, offsets: &mut Vec<usize>, n: usize, body: &[u8]| {
        offsets[n] = out.len();
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    obj(
        &mut out,
        &mut offsets,
        1,
        b"<< /Type /Catalog /Pages 2 0 R >>",
    );
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    obj(
        &mut out,
        &mut offsets,
        2,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    let base = out.len();
    for (i, o) in fonts.offsets.iter().enumerate() {
        offsets[FIRST_FONT + i] = base + o;
    }
    out.extend_from_slice(&fonts.bytes);
    obj(
        &mut out,
        &mut offsets,
        INFO,
        format!("<< /Title {} /Producer (Konter) >>", text_string(title)).as_bytes(),
    );
    for (i, img) in images.iter().enumerate() {
        let mut body = format!(
            "<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length {} >>\nstream\n",
            img.width,
            img.height,
            img.rgb.len()
        )
        .into_bytes();
        body.extend_from_slice(&img.rgb);
        body.extend_from_slice(b"\nendstream");
        obj(&mut out, &mut offsets, first_image + i, &body);
    }
    let xobjects: String = (0..images.len())
        .map(|i| format!("/Im{i} {} 0 R ", first_image + i))
        .collect();
    for (i, page) in pages.iter().enumerate() {
        let (p, c) = (first_page + 2 * i, first_page + 2 * i + 1);
        let mut size = Vec::new();
        num(&mut size, page.width);
        size.push(b' ');
        num(&mut size, page.height);
        obj(
            &mut out,
            &mut offsets,
            p,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {}] /Resources << /Font << /F1 {FIRST_FONT} 0 R /F2 {} 0 R >> /XObject << {xobjects}>> >> /Contents {c} 0 R >>",
                String::from_utf8_lossy(&size),
                FIRST_FONT + 5
            )
            .as_bytes(),
        );
        let stream = content(page);
        let mut body = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        body.extend_from_slice(&stream);
        body.extend_from_slice(b"\nendstream");
        obj(&mut out, &mut offsets, c, &body);
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {count}\n0000000000 65535 f \n").as_bytes());
    for o in &offsets[1..] {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {count} /Root 1 0 R /Info {INFO} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}
