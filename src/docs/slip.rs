//! The roll receipts' one layout model: what a 58/80 mm paper says, as a
//! list of blocks, drawn either as a PDF on the 80 mm roll (the viewer,
//! a saved copy) or as ESC/POS for the thermal printer (real text, a
//! double-size shop name, the number as a native Code128, the tracking
//! code as a native QR, a cut). Each receipt is written once, as a
//! [`Slip`]; neither drawing adds or drops a word.

use super::canvas::{wrap, Canvas, Paper};
use crate::domain::print::escpos::{Align, Receipt};
use crate::domain::print::settings::ReceiptPrinter;
use crate::domain::shop::ShopProfile;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Normal,
    Bold,
    Small,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The shop's name: the largest line.
    Shop(String),
    /// The document's title.
    Title(String),
    Centered(String, Style),
    /// Left-aligned, wrapped.
    Text(String, Style),
    /// A label on the left, its value on the right.
    Pair(String, String, Style),
    /// The amount due, larger.
    Total(String, String),
    Rule,
    Gap,
    /// A Code128 with its text under it.
    Code128(String),
    Qr(String),
    /// Lines for the customer's and the staff's signatures.
    Signatures(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// The PDF's title.
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Slip {
    /// A slip starting with the shop's header: name, address, phone, NPWP.
    pub fn new(shop: &ShopProfile, title: impl Into<String>) -> Slip {
        let mut s = Slip {
            title: title.into(),
            blocks: vec![Block::Shop(shop.name.clone())],
        };
        s.centered(&shop.address, Style::Normal);
        s.centered(
            &format!("Telp. {}", crate::domain::phone::national(&shop.phone)),
            Style::Normal,
        );
        if let Some(npwp) = &shop.npwp {
            s.centered(&format!("NPWP {npwp}"), Style::Normal);
        }
        s.push(Block::Rule);
        s
    }

    pub fn push(&mut self, b: Block) -> &mut Self {
        self.blocks.push(b);
        self
    }
    pub fn title(&mut self, t: &str) -> &mut Self {
        self.push(Block::Title(t.to_string()))
    }
    pub fn centered(&mut self, t: &str, s: Style) -> &mut Self {
        self.push(Block::Centered(t.to_string(), s))
    }
    pub fn text(&mut self, t: &str, s: Style) -> &mut Self {
        self.push(Block::Text(t.to_string(), s))
    }
    pub fn pair(&mut self, l: &str, v: &str, s: Style) -> &mut Self {
        self.push(Block::Pair(l.to_string(), v.to_string(), s))
    }
    pub fn rule(&mut self) -> &mut Self {
        self.push(Block::Rule)
    }
    pub fn gap(&mut self) -> &mut Self {
        self.push(Block::Gap)
    }

    /// The slip as a PDF on the 80 mm roll.
    pub fn pdf(&self) -> Result<Vec<u8>> {
        let mut c = Canvas::new(Paper::ROLL80);
        let size = |s: Style| match s {
            Style::Small => 6.5,
            _ => 7.5,
        };
        for b in &self.blocks {
            match b {
                Block::Shop(t) => centered(&mut c, t, 11.0, true),
                Block::Title(t) => {
                    c.gap(1.0);
                    centered(&mut c, t, 10.0, true);
                    c.gap(0.5);
                }
                Block::Centered(t, s) => centered(&mut c, t, size(*s), *s == Style::Bold),
                Block::Text(t, s) => {
                    let (x, w) = (c.left(), c.content_width());
                    c.paragraph(x, w, t, size(*s), *s == Style::Bold);
                }
                Block::Pair(l, v, s) => c.pair(l, v, size(*s), *s == Style::Bold),
                Block::Total(l, v) => c.pair(l, v, 9.5, true),
                Block::Rule => c.rule(0.3),
                Block::Gap => c.gap(1.5),
                Block::Code128(n) => {
                    c.ensure(16.0);
                    let x = c.left();
                    c.code128(x, n, 0.25, 10.0)?;
                    c.y += 11.0;
                    centered(&mut c, n, 8.5, true);
                }
                Block::Qr(data) => {
                    c.ensure(26.0);
                    let q = 24.0;
                    let x = (c.paper.width - q) / 2.0;
                    c.qr(x, data, q)?;
                    c.y += q + 1.0;
                }
                Block::Signatures(customer) => {
                    super::repairs::intake::signatures(&mut c, 7.5, customer)
                }
            }
        }
        Ok(c.finish(&self.title))
    }

    /// The slip as ESC/POS for `printer`: its width, code page and cut; a
    /// drawer pulse first when `drawer` (so it opens as the paper prints).
    pub fn escpos(&self, printer: &ReceiptPrinter, drawer: bool) -> Result<Vec<u8>> {
        let mut r = Receipt::new(printer.width, printer.code_page, printer.code_table);
        if drawer {
            r.drawer(
                printer.drawer_pin,
                printer.drawer_pulse_ms,
                printer.drawer_pulse_ms * 2,
            );
        }
        let cols = printer.width.columns();
        let code = |e: &'static str| Error::Document {
            message: format!("a code on the receipt cannot print: {e}"),
        };
        for b in &self.blocks {
            match b {
                Block::Shop(t) => {
                    r.align(Align::Center).bold(true).double(true).text(t);
                    r.double(false).bold(false).align(Align::Left);
                }
                Block::Title(t) => {
                    r.text("");
                    r.align(Align::Center).bold(true).text(t);
                    r.bold(false).align(Align::Left);
                }
                Block::Centered(t, s) => {
                    r.align(Align::Center).bold(*s == Style::Bold).text(t);
                    r.bold(false).align(Align::Left);
                }
                Block::Text(t, s) => {
                    r.bold(*s == Style::Bold).text(t).bold(false);
                }
                Block::Pair(l, v, s) => {
                    r.bold(*s == Style::Bold).pair(l, v).bold(false);
                }
                Block::Total(l, v) => {
                    r.tall(true).bold(true).pair(l, v);
                    r.bold(false).tall(false);
                }
                Block::Rule => {
                    r.text(&"-".repeat(cols));
                }
                Block::Gap => {
                    r.text("");
                }
                Block::Code128(n) => {
                    r.align(Align::Center);
                    r.code128(n).map_err(code)?;
                    r.align(Align::Left);
                }
                Block::Qr(data) => {
                    r.align(Align::Center);
                    r.qr(data, if cols <= 32 { 5 } else { 6 }).map_err(code)?;
                    r.align(Align::Left);
                }
                Block::Signatures(customer) => {
                    let half = cols / 2 - 1;
                    r.text("");
                    r.pair("Pelanggan", &format!("{:<half$}", "Petugas"));
                    r.feed(3);
                    r.pair(&"_".repeat(half), &"_".repeat(half));
                    r.text(customer);
                }
            }
        }
        r.cut(printer.cut);
        Ok(r.into_bytes())
    }
}

fn centered(c: &mut Canvas, text: &str, size: f32, bold: bool) {
    for l in wrap(text, c.content_width(), size, bold) {
        c.centered(&l, size, bold);
    }
}
