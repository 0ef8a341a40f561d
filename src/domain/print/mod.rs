//! Printing at the counter without a PDF viewer (issue 15): ESC/POS for
//! the 58/80 mm thermal printers, ZPL/TSPL for the label printer, and the
//! device's printer settings. `escpos` builds the bytes a receipt printer
//! takes (text in the printer's code page, bold and double size,
//! alignment, a native Code128 and QR, the cut, the drawer pulse, the
//! status request); `label` lays a label out on its size; `settings` are
//! the printers of one PC, checked field by field.
//!
//! Plain functions over bytes: what the paper says is `docs::slip`,
//! sending it is `docs::print`.

pub mod codepage;
pub mod escpos;
pub mod label;
pub mod settings;
