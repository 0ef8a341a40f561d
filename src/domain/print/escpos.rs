//! ESC/POS as Epson documents it (TM-T20III and compatibles: Xprinter,
//! Rongta): the commands Konter sends and a builder for a receipt.

pub use super::codepage::{CodePage, REPLACEMENT};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The paper's width in characters of font A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Width {
    /// 58 mm paper.
    Cols32,
    /// 80 mm paper, 12×24 font.
    Cols42,
    /// 80 mm paper, the narrower font of many 80 mm printers.
    Cols48,
}

impl Width {
    pub fn columns(self) -> usize {
        match self {
            Width::Cols32 => 32,
            Width::Cols42 => 42,
            Width::Cols48 => 48,
        }
    }

    /// Printable dots across the paper (203 dpi heads).
    pub fn dots(self) -> usize {
        match self {
            Width::Cols32 => 384,
            _ => 576,
        }
    }
}

/// The text wrapped to `columns`: at spaces where it can, a word longer
/// than a line split across lines; nothing dropped.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(1);
    let mut lines = vec![];
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let mut word: Vec<char> = word.chars().collect();
            let len = line.chars().count();
            if len > 0 && len + 1 + word.len() <= columns {
                line.push(' ');
                line.extend(word.iter());
                continue;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut line));
            }
            while word.len() > columns {
                lines.push(word.drain(..columns).collect());
            }
            line.extend(word.iter());
        }
        lines.push(line);
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// How the paper is cut at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Cut {
    Full,
    Partial,
    None,
}

/// A receipt as ESC/POS bytes, built line by line.
pub struct Receipt {
    out: Vec<u8>,
    width: Width,
    page: CodePage,
    /// Columns taken by the current text size (double width halves them).
    wide: bool,
}

impl Receipt {
    /// Starts a receipt: the printer reset, then the code page selected by
    /// the printer's table number for `page` (`ESC t n`).
    pub fn new(width: Width, page: CodePage, table: u8) -> Receipt {
        let mut out = vec![0x1B, b'@'];
        out.extend_from_slice(&[0x1B, b't', table]);
        Receipt {
            out,
            width,
            page,
            wide: false,
        }
    }

    fn columns(&self) -> usize {
        if self.wide {
            self.width.columns() / 2
        } else {
            self.width.columns()
        }
    }

    pub fn align(&mut self, a: Align) -> &mut Self {
        let n = match a {
            Align::Left => 0,
            Align::Center => 1,
            Align::Right => 2,
        };
        self.out.extend_from_slice(&[0x1B, b'a', n]);
        self
    }

    /// `ESC E n`: bold on or off.
    pub fn bold(&mut self, on: bool) -> &mut Self {
        self.out.extend_from_slice(&[0x1B, b'E', u8::from(on)]);
        self
    }

    /// `GS ! n`: double width and height, or normal size.
    pub fn double(&mut self, on: bool) -> &mut Self {
        self.out
            .extend_from_slice(&[0x1D, b'!', if on { 0x11 } else { 0x00 }]);
        self.wide = on;
        self
    }

    /// `GS ! n`: double height at the normal width (the columns stay), or
    /// normal size.
    pub fn tall(&mut self, on: bool) -> &mut Self {
        self.out
            .extend_from_slice(&[0x1D, b'!', if on { 0x01 } else { 0x00 }]);
        self.wide = false;
        self
    }

    /// Text, wrapped to the paper and written in the code page, then a line
    /// feed.
    pub fn text(&mut self, text: &str) -> &mut Self {
        for line in wrap(text, self.columns()) {
            self.line(&line);
        }
        self
    }

    /// One line that fits, as it is (its spaces kept).
    fn line(&mut self, line: &str) {
        let page = self.page;
        self.out.extend(line.chars().map(|c| page.byte(c)));
        self.out.push(b'\n');
    }

    /// A label on the left and a value on the right of one line (a value
    /// that does not fit goes on the next line, right-aligned).
    pub fn pair(&mut self, label: &str, value: &str) -> &mut Self {
        let cols = self.columns();
        let (l, v) = (label.chars().count(), value.chars().count());
        if l + 1 + v <= cols {
            self.line(&format!("{label}{}{value}", " ".repeat(cols - l - v)));
        } else {
            self.text(label);
            if v <= cols {
                self.line(&format!("{}{value}", " ".repeat(cols - v)));
            } else {
                self.text(value);
            }
        }
        self
    }

    pub fn feed(&mut self, lines: u8) -> &mut Self {
        self.out.extend_from_slice(&[0x1B, b'd', lines]);
        self
    }

    /// A Code128 barcode in code set B (`GS k 73`), its text printed below
    /// (`GS H 2`), 80 dots high, 2 dots a module where it fits the paper
    /// and 1 where it would not (a long number on 58 mm). Printable ASCII
    /// only, at most 60 characters.
    pub fn code128(&mut self, data: &str) -> Result<&mut Self, &'static str> {
        if data.is_empty() || data.len() > 60 || !data.bytes().all(|b| (0x20..0x7F).contains(&b)) {
            return Err("code128_data");
        }
        // Start, code set, data, check and stop symbols of 11 modules and
        // the stop's 2 more (the paper's unprinted edges are the quiet
        // zones).
        let modules = (data.len() + 3) * 11 + 2;
        let module = if modules * 2 <= self.width.dots() {
            2
        } else {
            1
        };
        self.out
            .extend_from_slice(&[0x1D, b'H', 2, 0x1D, b'w', module, 0x1D, b'h', 80]);
        // `{` selects a code set in this command: a `{` of the data is `{{`.
        let mut body = vec![b'{', b'B'];
        for b in data.bytes() {
            body.push(b);
            if b == b'{' {
                body.push(b'{');
            }
        }
        self.out
            .extend_from_slice(&[0x1D, b'k', 73, body.len() as u8]);
        self.out.extend_from_slice(&body);
        self.out.push(b'\n');
        Ok(self)
    }

    /// A QR code (`GS ( k`): model 2, module size `size` dots, error
    /// correction M, then printed. At most 700 bytes of data.
    pub fn qr(&mut self, data: &str, size: u8) -> Result<&mut Self, &'static str> {
        let bytes = data.as_bytes();
        if bytes.is_empty() || bytes.len() > 700 || !(1..=16).contains(&size) {
            return Err("qr_data");
        }
        let o = &mut self.out;
        o.extend_from_slice(&[0x1D, b'(', b'k', 4, 0, b'1', b'A', b'2', 0]);
        o.extend_from_slice(&[0x1D, b'(', b'k', 3, 0, b'1', b'C', size]);
        o.extend_from_slice(&[0x1D, b'(', b'k', 3, 0, b'1', b'E', b'1']);
        let n = bytes.len() + 3;
        o.extend_from_slice(&[
            0x1D,
            b'(',
            b'k',
            (n % 256) as u8,
            (n / 256) as u8,
            b'1',
            b'P',
            b'0',
        ]);
        o.extend_from_slice(bytes);
        o.extend_from_slice(&[0x1D, b'(', b'k', 3, 0, b'1', b'Q', b'0']);
        o.push(b'\n');
        Ok(self)
    }

    /// `ESC p m t1 t2`: a pulse on drawer pin `pin` (2 or 5), `on_ms`
    /// on and `off_ms` off (in 2 ms units on the wire).
    pub fn drawer(&mut self, pin: u8, on_ms: u16, off_ms: u16) -> &mut Self {
        let m = if pin == 5 { 1 } else { 0 };
        let t = |ms: u16| (ms / 2).clamp(1, 255) as u8;
        self.out
            .extend_from_slice(&[0x1B, b'p', m, t(on_ms), t(off_ms)]);
        self
    }

    /// Feeds past the cutter and cuts (`GS V 66 n`), or only feeds.
    pub fn cut(&mut self, cut: Cut) -> &mut Self {
        match cut {
            Cut::Full => self.out.extend_from_slice(&[0x1D, b'V', 65, 3]),
            Cut::Partial => self.out.extend_from_slice(&[0x1D, b'V', 66, 3]),
            Cut::None => self.out.extend_from_slice(&[0x1B, b'd', 4]),
        }
        self
    }

    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

/// `DLE EOT 2` (why offline) and `DLE EOT 4` (the paper roll), asked
/// before a receipt; real-time, answered even while the printer is stopped.
pub const STATUS_REQUEST: [u8; 6] = [0x10, 0x04, 2, 0x10, 0x04, 4];

/// What stops a printer, from its answers to [`STATUS_REQUEST`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    CoverOpen,
    PaperOut,
}

/// Reads the two status bytes (each `0xx1xx10`): cover open is bit 2 of
/// the first, paper out bits 5-6 of the second or bit 5 of the first.
/// Bytes that are not status bytes say nothing.
pub fn stopped(offline: u8, paper: u8) -> Option<Stopped> {
    let status = |b: u8| b & 0x93 == 0x12;
    if status(offline) && offline & 0x04 != 0 {
        return Some(Stopped::CoverOpen);
    }
    if (status(paper) && paper & 0x60 != 0) || (status(offline) && offline & 0x20 != 0) {
        return Some(Stopped::PaperOut);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commands_are_the_documented_bytes() {
        let mut r = Receipt::new(Width::Cols42, CodePage::Pc857, 13);
        assert_eq!(r.bytes(), b"\x1b@\x1bt\x0d");
        r.bold(true).double(true).align(Align::Center);
        assert!(r.bytes().ends_with(b"\x1bE\x01\x1d!\x11\x1ba\x01"));
        let mut r = Receipt::new(Width::Cols42, CodePage::Pc437, 0);
        r.drawer(2, 50, 500);
        assert!(r.bytes().ends_with(b"\x1bp\x00\x19\xfa"));
        r.drawer(5, 100, 100);
        assert!(r.bytes().ends_with(b"\x1bp\x01\x32\x32"));
        r.cut(Cut::Partial);
        assert!(r.bytes().ends_with(b"\x1dVB\x03"));
        r.cut(Cut::Full);
        assert!(r.bytes().ends_with(b"\x1dVA\x03"));
        let mut r = Receipt::new(Width::Cols42, CodePage::Pc437, 0);
        r.code128("SV-1").unwrap();
        assert!(
            r.bytes().ends_with(b"\x1dk\x49\x06{BSV-1\n"),
            "{:?}",
            r.bytes()
        );
        let mut r = Receipt::new(Width::Cols42, CodePage::Pc437, 0);
        r.qr("https://x/t/K7QM", 6).unwrap();
        let want: &[u8] = b"\x1d(k\x04\x001A2\x00\x1d(k\x03\x001C\x06\x1d(k\x03\x001E1\x1d(k\x13\x001P0https://x/t/K7QM\x1d(k\x03\x001Q0\n";
        assert!(r.bytes().ends_with(want));
        // A long number on 58 mm paper: 1-dot modules, so it fits.
        let mut r = Receipt::new(Width::Cols32, CodePage::Pc437, 0);
        r.code128("SV-JKT1-K1-2026-000001").unwrap();
        assert!(r.bytes().windows(3).any(|w| w == b"\x1dw\x01"));
        let mut r = Receipt::new(Width::Cols42, CodePage::Pc437, 0);
        r.code128("SV-JKT1-K1-2026-000001").unwrap();
        assert!(r.bytes().windows(3).any(|w| w == b"\x1dw\x02"));
        r.tall(true);
        assert!(r.bytes().ends_with(b"\x1d!\x01"));
        // Status: 0x12 is all well; a cover open, paper out.
        assert_eq!(stopped(0x12, 0x12), None);
        assert_eq!(stopped(0x16, 0x12), Some(Stopped::CoverOpen));
        assert_eq!(stopped(0x12, 0x72), Some(Stopped::PaperOut));
        assert_eq!(stopped(0x32, 0x12), Some(Stopped::PaperOut));
        assert_eq!(stopped(0xFF, 0xFF), None, "not status bytes");
        let mut r = Receipt::new(Width::Cols42, CodePage::Pc437, 0);
        r.qr("https://x/t/K7QM", 6).unwrap();
        let mut r2 = Receipt::new(Width::Cols42, CodePage::Pc437, 0);
        r2.code128("A{B").unwrap();
        assert!(
            r2.bytes().ends_with(b"\x1dk\x49\x06{BA{{B\n"),
            "a data brace doubled"
        );
        // Refused data, nothing written.
        let before = r.bytes().len();
        assert!(r.code128("").is_err() && r.code128("é").is_err() && r.qr("", 6).is_err());
        assert_eq!(r.bytes().len(), before);
    }

    #[test]
    fn text_is_written_in_the_code_page_and_wrapped_never_cut() {
        assert_eq!(CodePage::Pc857.byte('ş'), 0x9F);
        assert_eq!(CodePage::Wpc1254.byte('İ'), 0xDD);
        assert_eq!(
            CodePage::Pc437.byte('ş'),
            b's',
            "an accent dropped, readable"
        );
        assert_eq!(CodePage::Pc437.byte('€'), REPLACEMENT);
        assert_eq!(
            CodePage::Pc437.byte('\u{7}'),
            REPLACEMENT,
            "no control bytes from text"
        );
        let lines = wrap("Roller assembly kit Epson DS-530 dan pembersihan ADF", 20);
        assert_eq!(
            lines,
            vec!["Roller assembly kit", "Epson DS-530 dan", "pembersihan ADF"]
        );
        let long = wrap("SV-JKT1-K1-2026-000001-XYZ", 10);
        assert_eq!(
            long.concat(),
            "SV-JKT1-K1-2026-000001-XYZ",
            "nothing dropped"
        );
        assert!(long.iter().all(|l| l.chars().count() <= 10));
        let mut r = Receipt::new(Width::Cols32, CodePage::Pc437, 0);
        r.pair("Total", "Rp 388.500");
        assert!(r.bytes().ends_with(b"Total                 Rp 388.500\n"));
        r.double(true).pair("TOTAL", "Rp 12.388.500");
        assert!(
            r.bytes().ends_with(b"TOTAL\n   Rp 12.388.500\n"),
            "{:?}",
            String::from_utf8_lossy(r.bytes())
        );
    }
}
