//! Machine-readable marks drawn on the canvas: Code128 barcodes (ticket
//! and order numbers) and QR codes (warranty cards, tracking links).

use super::canvas::Canvas;
use crate::error::{Error, Result};

impl Canvas {
    /// Code128 (set B) barcode, `module` mm per bar module; returns its width.
    pub fn code128(&mut self, x: f32, data: &str, module: f32, height: f32) -> Result<f32> {
        let code = barcoders::sym::code128::Code128::new(format!("Ɓ{data}")).map_err(|e| {
            Error::Document {
                message: format!("barcode: {e}"),
            }
        })?;
        let bars = code.encode();
        let y = self.y;
        let mut i = 0;
        while i < bars.len() {
            if bars[i] == 1 {
                let start = i;
                while i < bars.len() && bars[i] == 1 {
                    i += 1;
                }
                self.fill(
                    x + start as f32 * module,
                    y,
                    (i - start) as f32 * module,
                    height,
                );
            } else {
                i += 1;
            }
        }
        Ok(bars.len() as f32 * module)
    }

    /// QR code of `data` with its top-left at (x, cursor), `size` mm square.
    pub fn qr(&mut self, x: f32, data: &str, size: f32) -> Result<()> {
        let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
            .map_err(|e| Error::Document {
                message: format!("qr: {e}"),
            })?;
        let n = code.width();
        let colors = code.to_colors();
        let module = size / n as f32;
        let y0 = self.y;
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colors[row * n + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < n && colors[row * n + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    self.fill(
                        x + start as f32 * module,
                        y0 + row as f32 * module,
                        (col - start) as f32 * module,
                        module,
                    );
                } else {
                    col += 1;
                }
            }
        }
        Ok(())
    }
}
