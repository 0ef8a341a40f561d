//! The payment proof a customer uploads: a JPEG, PNG or PDF, told by its
//! first bytes (never by its name or the browser's word), and no larger
//! than [`MAX_BYTES`].

/// The largest proof taken (2 MiB: a phone photo of a transfer slip).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// The proof's media type read from its content, if it is one we take.
pub fn media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// Why a proof is refused: `None` when it is taken.
pub fn refusal(bytes: &[u8]) -> Option<&'static str> {
    if bytes.is_empty() {
        Some("required")
    } else if bytes.len() > MAX_BYTES {
        Some("too_large")
    } else if media_type(bytes).is_none() {
        Some("wrong_type")
    } else {
        None
    }
}

/// The file extension for a media type this module returns.
pub fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "pdf",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(
            media_type(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some("image/jpeg")
        );
        assert_eq!(media_type(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(media_type(b"%PDF-1.7\n"), Some("application/pdf"));
        // A script named proof.png, an HTML page, a GIF, a truncated PNG.
        for bad in [&b"#!/bin/sh\n"[..], b"<html>", b"GIF89a", b"\x89PNG"] {
            assert_eq!(media_type(bad), None);
            assert_eq!(refusal(bad), Some("wrong_type"));
        }
        assert_eq!(refusal(b""), Some("required"));
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_BYTES + 1, b' ');
        assert_eq!(refusal(&big), Some("too_large"));
        big.truncate(MAX_BYTES);
        assert_eq!(refusal(&big), None);
        assert_eq!(extension("image/png"), "png");
    }
}
