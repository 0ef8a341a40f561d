//! PNG pictures on paper (the customer's signature on a visit report):
//! decoded with the `png` crate to 8-bit RGB on white paper, so printpdf
//! needs none of its image codecs. Decoding is limited to 16 MB so a
//! hostile file cannot exhaust memory.

use crate::error::{Error, Result};
use std::io::Cursor;

/// Decoded pixels, RGB, row by row.
pub struct Picture {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<u8>,
}

/// The largest picture accepted, in pixels per side.
const MAX_SIDE: u32 = 4000;

fn decoder(bytes: &[u8]) -> png::Decoder<Cursor<&[u8]>> {
    png::Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: 16 * 1024 * 1024,
        },
    )
}

/// Width and height of a well-formed PNG within the size limit.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let reader = decoder(bytes).read_info().ok()?;
    let info = reader.info();
    let ok = (1..=MAX_SIDE).contains(&info.width) && (1..=MAX_SIDE).contains(&info.height);
    ok.then_some((info.width, info.height))
}

/// A PNG sent as base64 (a `data:` URL is fine), at most `max_bytes`,
/// refused at `field` unless it is a well-formed PNG within the size limit.
pub fn png_from_base64(field: &str, input: &str, max_bytes: usize) -> Result<Vec<u8>> {
    use base64::Engine;
    let b64 = input
        .trim()
        .strip_prefix("data:image/png;base64,")
        .unwrap_or(input.trim());
    let bad = || Error::validation(field, "invalid_image", "a PNG image");
    if b64.len() > max_bytes * 4 / 3 + 4 {
        return Err(Error::validation(
            field,
            "too_large",
            format!("at most {} KB", max_bytes / 1024),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| bad())?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || png_size(&bytes).is_none() {
        return Err(bad());
    }
    Ok(bytes)
}

/// Decodes a PNG; transparency is laid over white paper.
pub fn decode(bytes: &[u8]) -> Result<Picture> {
    let bad = |e: String| Error::Document {
        message: format!("png: {e}"),
    };
    png_size(bytes).ok_or_else(|| bad("not a usable PNG".into()))?;
    let mut d = decoder(bytes);
    d.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = d.read_info().map_err(|e| bad(e.to_string()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| bad("too large".into()))?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| bad(e.to_string()))?;
    let px = &buf[..info.buffer_size()];
    let over_white =
        |v: u8, a: u8| ((u16::from(v) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
    let rgb: Vec<u8> = match info.color_type {
        png::ColorType::Rgb => px.to_vec(),
        png::ColorType::Rgba => px
            .chunks_exact(4)
            .flat_map(|p| {
                [
                    over_white(p[0], p[3]),
                    over_white(p[1], p[3]),
                    over_white(p[2], p[3]),
                ]
            })
            .collect(),
        png::ColorType::Grayscale => px.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => px
            .chunks_exact(2)
            .flat_map(|p| {
                let g = over_white(p[0], p[1]);
                [g, g, g]
            })
            .collect(),
        png::ColorType::Indexed => return Err(bad("palette not expanded".into())),
    };
    Ok(Picture {
        width: info.width as usize,
        height: info.height as usize,
        rgb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2×1 RGBA PNG: one opaque black pixel, one fully transparent.
    fn tiny() -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, 2, 1);
            enc.set_color(png::ColorType::Rgba);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            w.write_image_data(&[0, 0, 0, 255, 0, 0, 0, 0]).unwrap();
        }
        out
    }

    #[test]
    fn transparency_becomes_white_paper() {
        let p = decode(&tiny()).unwrap();
        assert_eq!((p.width, p.height), (2, 1));
        assert_eq!(p.rgb, [0, 0, 0, 255, 255, 255]);
    }

    #[test]
    fn garbage_and_truncated_files_are_refused() {
        assert!(png_size(b"not a png").is_none());
        let t = tiny();
        assert!(decode(&t[..t.len() / 2]).is_err());
    }
}
