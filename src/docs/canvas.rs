//! A tiny top-down layout canvas: text with measured widths, rules, boxes,
//! pictures, Code128 and QR codes, in millimetres from the top-left,
//! written as PDF by `pdf`.
//!
//! Fonts and measuring live in `fonts`.

pub use super::fonts::wrap;
use super::fonts::Face;
use super::pdf::{self, Mark};

#[derive(Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// What the canvas holds: the writer's marks, in mm from the page's
/// top-left until `marks` turns them into points from its bottom-left.
type Item = Mark;

/// A page size; `height: None` is a receipt roll that grows with its content.
pub struct Paper {
    pub width: f32,
    pub height: Option<f32>,
    pub margin: f32,
}

impl Paper {
    pub const A4: Paper = Paper {
        width: 210.0,
        height: Some(297.0),
        margin: 15.0,
    };
    pub const A5: Paper = Paper {
        width: 148.0,
        height: Some(210.0),
        margin: 10.0,
    };
    pub const A6: Paper = Paper {
        width: 105.0,
        height: Some(148.0),
        margin: 7.0,
    };
    pub const ROLL80: Paper = Paper {
        width: 80.0,
        height: None,
        margin: 4.0,
    };
}

pub struct Canvas {
    pub paper: Paper,
    pages: Vec<Vec<Item>>,
    /// Cursor: distance from the top of the current page, mm.
    pub y: f32,
    images: Vec<pdf::Image>,
}

impl Canvas {
    pub fn new(paper: Paper) -> Canvas {
        let y = paper.margin;
        Canvas {
            paper,
            pages: vec![Vec::new()],
            y,
            images: Vec::new(),
        }
    }

    pub fn left(&self) -> f32 {
        self.paper.margin
    }

    pub fn right(&self) -> f32 {
        self.paper.width - self.paper.margin
    }

    pub fn content_width(&self) -> f32 {
        self.right() - self.left()
    }

    pub fn narrow(&self) -> bool {
        self.paper.width < 100.0
    }

    fn items(&mut self) -> &mut Vec<Item> {
        self.pages.last_mut().expect("a page exists")
    }

    /// Starts a new page when `needed` mm do not fit on this one.
    pub fn ensure(&mut self, needed: f32) {
        if let Some(h) = self.paper.height {
            if self.y + needed > h - self.paper.margin {
                self.pages.push(Vec::new());
                self.y = self.paper.margin;
            }
        }
    }

    pub fn face(bold: bool) -> &'static Face {
        super::fonts::face(bold)
    }

    /// Places text with its baseline at the cursor line + the font's ascent.
    pub fn text_at(&mut self, x: f32, text: &str, size: f32, bold: bool, align: Align) {
        let w = Self::face(bold).width_mm(text, size);
        let x = match align {
            Align::Left => x,
            Align::Right => x - w,
            Align::Center => x - w / 2.0,
        };
        let y = self.y + size * 0.3528 * 0.8;
        self.items().push(Item::Text {
            x,
            y,
            size,
            bold,
            text: text.to_string(),
        });
    }

    /// A full line of text, advancing the cursor.
    pub fn line(&mut self, text: &str, size: f32, bold: bool) {
        self.ensure(size * 0.45);
        let x = self.left();
        self.text_at(x, text, size, bold, Align::Left);
        self.y += size * 0.45;
    }

    pub fn centered(&mut self, text: &str, size: f32, bold: bool) {
        self.ensure(size * 0.45);
        let x = self.paper.width / 2.0;
        self.text_at(x, text, size, bold, Align::Center);
        self.y += size * 0.45;
    }

    /// "Label: value" with the value right-aligned.
    pub fn pair(&mut self, label: &str, value: &str, size: f32, bold: bool) {
        self.ensure(size * 0.45);
        let (l, r) = (self.left(), self.right());
        self.text_at(l, label, size, bold, Align::Left);
        self.text_at(r, value, size, bold, Align::Right);
        self.y += size * 0.45;
    }

    /// Word-wrapped paragraph within [x, x + width].
    pub fn paragraph(&mut self, x: f32, width: f32, text: &str, size: f32, bold: bool) {
        for line in wrap(text, width, size, bold) {
            self.ensure(size * 0.45);
            self.text_at(x, &line, size, bold, Align::Left);
            self.y += size * 0.45;
        }
    }

    pub fn rule(&mut self, width: f32) {
        let (l, r, y) = (self.left(), self.right(), self.y);
        self.items().push(Item::Line {
            x1: l,
            y1: y,
            x2: r,
            y2: y,
            width,
        });
        self.y += 1.5;
    }

    pub fn rule_at(&mut self, x1: f32, x2: f32, y: f32) {
        self.items().push(Item::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width: 0.3,
        });
    }

    pub fn gap(&mut self, mm: f32) {
        self.y += mm;
    }

    pub(crate) fn fill(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.items().push(Item::Fill { x, y, w, h });
    }

    /// A picture `width` mm wide with its top-left at (x, cursor); returns its height in mm.
    pub fn picture(&mut self, x: f32, pic: &super::picture::Picture, width: f32) -> f32 {
        let h = width * pic.height as f32 / pic.width as f32;
        let image = self.images.len();
        self.images.push(pdf::Image {
            width: pic.width,
            height: pic.height,
            rgb: pic.rgb.clone(),
        });
        let y = self.y;
        self.items().push(Item::Image {
            x,
            y,
            w: width,
            h,
            image,
        });
        h
    }

    /// Writes all pages as PDF bytes.
    pub fn finish(self, title: &str) -> Vec<u8> {
        self.document(title).write()
    }

    /// The pages as laid out, in PDF points, before they are written.
    pub fn document(self, title: &str) -> pdf::Document {
        let width = self.paper.width;
        let height = self.paper.height.unwrap_or(self.y + self.paper.margin);
        let pages: Vec<pdf::Page> = self
            .pages
            .into_iter()
            .map(|items| pdf::Page {
                width: pt(width),
                height: pt(height),
                marks: marks(items, height),
            })
            .collect();
        pdf::Document {
            title: title.to_string(),
            pages,
            images: self.images,
        }
    }
}

fn pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// The items in PDF points from the bottom-left of a page `page_h` mm high.
fn marks(items: Vec<Item>, page_h: f32) -> Vec<Mark> {
    items
        .into_iter()
        .map(|item| match item {
            Item::Text {
                x,
                y,
                size,
                bold,
                text,
            } => Mark::Text {
                x: pt(x),
                y: pt(page_h - y),
                size,
                bold,
                text,
            },
            Item::Image { x, y, w, h, image } => Mark::Image {
                x: pt(x),
                y: pt(page_h - y - h),
                w: pt(w),
                h: pt(h),
                image,
            },
            Item::Fill { x, y, w, h } => Mark::Fill {
                x: pt(x),
                y: pt(page_h - y - h),
                w: pt(w),
                h: pt(h),
            },
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => Mark::Line {
                x1: pt(x1),
                y1: pt(page_h - y1),
                x2: pt(x2),
                y2: pt(page_h - y2),
                width,
            },
        })
        .collect()
}
