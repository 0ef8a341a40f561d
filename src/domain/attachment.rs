//! Files kept with a record (issue 17): a site photo or a floor plan with a
//! service order's requirements, the photos of a traded-in unit. A file is
//! known by its bytes, never by its name: PNG, JPEG or PDF, at most 2 MB,
//! at most ten per record.

use crate::error::{check, Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Most bytes one file may have.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Most files one record may keep.
pub const MAX_PER_RECORD: usize = 10;

/// A file as the counter sends it: its name and its bytes in base64
/// (optionally a data URL).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AttachmentInput {
    pub name: String,
    pub data_base64: String,
}

/// A checked file: its name, kind and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// What the bytes are, from their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// Checks one file; errors name `field` (`photos.2`, `file`).
pub fn check_file(field: &str, input: &AttachmentInput) -> Result<CheckedFile> {
    use base64::Engine;
    let name = check::required(&format!("{field}.name"), &input.name, 120)?;
    let data = input.data_base64.trim();
    let b64 = data
        .split_once(";base64,")
        .filter(|(head, _)| head.starts_with("data:"))
        .map_or(data, |(_, b)| b);
    if b64.is_empty() {
        return Err(Error::validation(field, "required", "choose a file"));
    }
    if b64.len() > MAX_BYTES * 4 / 3 + 4 {
        return Err(Error::validation(field, "too_large", "at most 2 MB"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| Error::validation(field, "invalid_file", "a PNG, JPEG or PDF file"))?;
    if bytes.len() > MAX_BYTES {
        return Err(Error::validation(field, "too_large", "at most 2 MB"));
    }
    let mime = sniff(&bytes)
        .ok_or_else(|| Error::validation(field, "invalid_file", "a PNG, JPEG or PDF file"))?;
    Ok(CheckedFile { name, mime, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn input(name: &str, bytes: &[u8]) -> AttachmentInput {
        AttachmentInput {
            name: name.into(),
            data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    #[test]
    fn a_file_is_known_by_its_bytes() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        let ok = check_file("file", &input("denah.jpg", &jpeg)).unwrap();
        assert_eq!((ok.mime, ok.name.as_str()), ("image/jpeg", "denah.jpg"));
        let pdf = check_file("file", &input("denah.png", b"%PDF-1.7\n")).unwrap();
        assert_eq!(pdf.mime, "application/pdf", "the name does not decide");
        let url = AttachmentInput {
            name: "foto.png".into(),
            data_base64: format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\n....")
            ),
        };
        assert_eq!(check_file("file", &url).unwrap().mime, "image/png");
        let code = |r: Result<CheckedFile>| r.unwrap_err().code().map(str::to_string);
        assert_eq!(
            code(check_file("file", &input("x.exe", b"MZ\x90\0"))).as_deref(),
            Some("invalid_file")
        );
        assert_eq!(
            code(check_file("file", &input("", &jpeg))).as_deref(),
            Some("required")
        );
        assert_eq!(
            code(check_file("file", &input("a.jpg", &[]))).as_deref(),
            Some("required")
        );
        let big = vec![0xFFu8; MAX_BYTES + 1];
        assert_eq!(
            code(check_file("file", &input("a.jpg", &big))).as_deref(),
            Some("too_large")
        );
        let bad = AttachmentInput {
            name: "a.jpg".into(),
            data_base64: "not base64 at all!".into(),
        };
        assert_eq!(
            code(check_file("file", &bad)).as_deref(),
            Some("invalid_file")
        );
    }
}
