//! What a file is, by its first bytes (never by its name or a MIME type someone claims).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Png,
    Jpeg,
    WebP,
    Svg,
    /// Something else; the name is for the message ("GIF", "PDF"), `None` when unknown.
    Other(Option<&'static str>),
}

pub fn sniff(bytes: &[u8]) -> Kind {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Kind::Png;
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Kind::Jpeg;
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Kind::WebP;
    }
    if looks_like_svg(bytes) {
        return Kind::Svg;
    }
    let other = if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("GIF")
    } else if starts(b"BM") {
        Some("BMP")
    } else if starts(&[0, 0, 1, 0]) {
        Some("ICO")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("TIFF")
    } else if starts(b"%PDF") {
        Some("PDF")
    } else if starts(&[0x1F, 0x8B]) {
        Some("gzip (perhaps a compressed SVG)")
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        Some("AVIF/HEIC")
    } else {
        None
    };
    Kind::Other(other)
}

/// Text whose first markup is `<?xml`, `<!DOCTYPE svg`, `<svg` (or a comment), with `<svg` early on.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Ok(text) = std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()])) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('<') && text.to_ascii_lowercase().contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_magic() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Kind::Png);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Kind::Jpeg);
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Kind::WebP);
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVEfmt "), Kind::Other(None));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Kind::Svg
        );
        assert_eq!(sniff(b"<!-- logo --><SVG></SVG>"), Kind::Svg);
        assert_eq!(sniff(b"<html><body>no</body></html>"), Kind::Other(None));
        assert_eq!(sniff(b"GIF89a\x01\0"), Kind::Other(Some("GIF")));
        assert_eq!(sniff(b""), Kind::Other(None));
    }
}
