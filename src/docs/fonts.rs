//! The embedded fonts and text measurement.
//!
//! The font is a DejaVu Sans subset (Latin, Latin Extended-A for Turkish and
//! Indonesian, currency signs; see assets/fonts) prepared once at build time
//! and parsed once per process, so a document only embeds ~23 KB per face and
//! never re-subsets: that is what keeps an A4 invoice within its 2 ms budget.

use printpdf::ParsedFont;
use std::sync::OnceLock;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Konter.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold-Konter.ttf");

/// Code points below this have their advance widths in a flat table.
const TABLE: usize = 0x2200;

pub struct Face {
    pub font: ParsedFont,
    /// Advance width in em per code point; 0 = not in the font.
    widths: Vec<f32>,
    /// Glyph id per code point (0 = .notdef).
    gids: Vec<u16>,
    fallback: f32,
}

impl Face {
    fn load(bytes: &[u8]) -> Face {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("bundled font parses");
        let upem = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let mut widths = vec![0.0; TABLE];
        let mut gids = vec![0; TABLE];
        for cp in 0x20..TABLE as u32 {
            if let Some(gid) = font.lookup_glyph_index(cp) {
                gids[cp as usize] = gid;
                if let Some(w) = font.get_glyph_width(gid) {
                    widths[cp as usize] = f32::from(w) / upem;
                }
            }
        }
        let fallback = widths['n' as usize];
        Face {
            font,
            widths,
            gids,
            fallback,
        }
    }

    fn advance(&self, c: char) -> f32 {
        match self.widths.get(c as usize) {
            Some(&w) if w > 0.0 => w,
            _ => self.fallback,
        }
    }

    /// The glyph id that draws `c` (0, the .notdef box, when none does).
    pub fn glyph(&self, c: char) -> u16 {
        match self.gids.get(c as usize) {
            Some(&g) => g,
            None => self.font.lookup_glyph_index(c as u32).unwrap_or(0),
        }
    }

    pub fn has_glyph(&self, c: char) -> bool {
        self.widths.get(c as usize).is_some_and(|w| *w > 0.0)
    }

    /// Width of `text` in mm at `size` pt.
    pub fn width_mm(&self, text: &str, size: f32) -> f32 {
        let em: f32 = text.chars().map(|c| self.advance(c)).sum();
        em * size * 25.4 / 72.0
    }
}

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        regular: Face::load(REGULAR),
        bold: Face::load(BOLD),
    })
}

pub fn face(bold: bool) -> &'static Face {
    if bold {
        &fonts().bold
    } else {
        &fonts().regular
    }
}

/// Greedy word wrap by measured width; over-long words are cut.
pub fn wrap(text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    let face = face(bold);
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut current = String::new();
        for word in para.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_string()
            } else {
                format!("{current} {word}")
            };
            if face.width_mm(&candidate, size) <= width {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            let mut piece = String::new();
            for ch in word.chars() {
                piece.push(ch);
                if face.width_mm(&piece, size) > width {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(ch);
                }
            }
            current = piece;
        }
        if !current.is_empty() || para.trim().is_empty() {
            lines.push(current);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_wraps() {
        let f = &fonts().regular;
        assert!(f.width_mm("WWWW", 10.0) > f.width_mm("iiii", 10.0));
        // Turkish letters are in the subset: measured, not the fallback.
        assert!(f.has_glyph('ğ') && f.has_glyph('İ') && f.has_glyph('₺') && !f.has_glyph('中'));
        let lines = wrap(
            "satu dua tiga empat lima enam tujuh delapan",
            20.0,
            10.0,
            false,
        );
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| f.width_mm(l, 10.0) <= 20.0));
    }
}
