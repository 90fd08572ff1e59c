//! The logo pipeline: bytes from an admin's file → a PNG for one slot.
//!
//! 1. type by magic bytes: PNG, JPEG, WebP; SVG refused with a reason; anything else refused;
//! 2. at most 2 MB of input;
//! 3. decode under `image::Limits`: at most 4096 px a side, at most 64 MiB for the decoded
//!    pixels. The dimensions are checked from the header before any pixel is decoded, so a
//!    decompression bomb (a small file claiming 60000×60000) is refused at once, without memory;
//! 4. scale to fit the slot's box, keeping the aspect ratio; encode PNG; SHA-256 of the PNG.
//!
//! Every refusal has its own stable [`ErrorCode`] and names the slot's field (`Logos.<slot>`).

mod sniff;

pub use sniff::{sniff, Kind};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::settings::customization::{LogoStored, LOGO_SLOTS, MAX_LOGO_BYTES};
use base64::Engine;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// Largest width or height decoded.
pub const MAX_SIDE: u32 = 4096;
/// Most bytes the decoded pixels may take: 4096 × 4096 RGBA, 8 bits a channel.
pub const MAX_DECODED_BYTES: u64 = 4096 * 4096 * 4;

/// A logo ready to store: PNG bytes, their size in pixels and SHA-256 (lowercase hex).
#[derive(Clone, PartialEq, Eq)]
pub struct ProcessedLogo {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub sha256: String,
}

impl std::fmt::Debug for ProcessedLogo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ProcessedLogo {{ {}x{}, {} bytes, sha256 {} }}",
            self.width,
            self.height,
            self.png.len(),
            self.sha256
        )
    }
}

impl ProcessedLogo {
    /// The `AppSettings['customization']` form.
    pub fn stored(&self) -> LogoStored {
        LogoStored {
            content_type: "image/png".into(),
            width: self.width,
            height: self.height,
            sha256: self.sha256.clone(),
            data: base64::engine::general_purpose::STANDARD.encode(&self.png),
        }
    }
}

/// The target box of a slot, or a validation error naming the slots.
pub fn slot_size(slot: &str) -> AppResult<(u32, u32)> {
    LOGO_SLOTS.iter().find(|(s, _, _)| *s == slot).map(|(_, w, h)| (*w, *h)).ok_or_else(|| {
        let names: Vec<&str> = LOGO_SLOTS.iter().map(|(s, _, _)| *s).collect();
        AppError::new(ErrorCode::BadRequest, format!("There is no logo slot \"{slot}\"."))
            .with_hint(format!("Slots: {}.", names.join(", ")))
    })
}

fn refuse(code: ErrorCode, slot: &str, message: impl Into<String>) -> AppError {
    AppError::new(code, message).with_field(format!("Logos.{slot}"))
}

/// The refusal of a file over 2 MB (`len` when known: a file reader stops at the limit).
pub fn file_too_large(slot: &str, len: Option<u64>) -> AppError {
    let message = match len {
        Some(n) => format!("The file is {:.1} MB; a logo may be at most 2 MB.", n as f64 / (1024.0 * 1024.0)),
        None => "The file is larger than 2 MB, the most a logo may be.".to_string(),
    };
    refuse(ErrorCode::ImageFileTooLarge, slot, message)
}

/// Run the pipeline for `slot` on the file's bytes.
pub fn process(slot: &str, bytes: &[u8]) -> AppResult<ProcessedLogo> {
    let (box_w, box_h) = slot_size(slot)?;
    if bytes.is_empty() {
        return Err(refuse(ErrorCode::ImageEmpty, slot, "The file is empty."));
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(file_too_large(slot, Some(bytes.len() as u64)));
    }
    let format = match sniff(bytes) {
        Kind::Png => ImageFormat::Png,
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::WebP => ImageFormat::WebP,
        Kind::Svg => {
            return Err(refuse(
                ErrorCode::ImageSvgRefused,
                slot,
                "SVG logos are refused: an SVG can carry script, and HES's e-mails need a raster image.",
            )
            .with_hint("Export the logo as PNG (or JPEG/WebP) and choose that file."))
        }
        Kind::Other(what) => {
            let message = match what {
                Some(name) => format!("This is a {name} file; a logo must be PNG, JPEG or WebP."),
                None => "The file is not a PNG, JPEG or WebP image.".to_string(),
            };
            return Err(refuse(ErrorCode::ImageTypeUnsupported, slot, message));
        }
    };
    let image = decode(slot, bytes, format)?;
    let scaled = image.resize(box_w, box_h, image::imageops::FilterType::Lanczos3).into_rgba8();
    let (width, height) = scaled.dimensions();
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image_rgba(&scaled)
        .map_err(|e| AppError::internal(format!("cannot encode the logo as PNG: {e}")))?;
    let sha256 = Sha256::digest(&png).iter().map(|b| format!("{b:02x}")).collect();
    Ok(ProcessedLogo { png, width, height, sha256 })
}

/// Decode under the limits; the header is read (and checked) before any pixel buffer exists.
fn decode(slot: &str, bytes: &[u8], format: ImageFormat) -> AppResult<DynamicImage> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| image_error(slot, e))?;
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(image_error(slot, memory_limit()));
    }
    // A JPEG from a camera may be stored rotated; show it the way viewers do.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| image_error(slot, e))?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn memory_limit() -> ImageError {
    ImageError::Limits(image::error::LimitError::from_kind(image::error::LimitErrorKind::InsufficientMemory))
}

fn image_error(slot: &str, e: ImageError) -> AppError {
    use image::error::LimitErrorKind;
    match e {
        ImageError::Limits(l) => match l.kind() {
            LimitErrorKind::DimensionError => refuse(
                ErrorCode::ImageDimensionsTooLarge,
                slot,
                format!("The image is larger than {MAX_SIDE}×{MAX_SIDE} pixels."),
            )
            .with_hint("Scale it down first; the logo is stored at most a few hundred pixels wide."),
            _ => refuse(
                ErrorCode::ImageMemoryLimit,
                slot,
                format!("Decoding the image would need more than {} MB of memory.", MAX_DECODED_BYTES >> 20),
            )
            .with_hint("Save it with 8 bits per channel and at most 4096×4096 pixels."),
        },
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            refuse(ErrorCode::ImageCorrupt, slot, "The image cannot be decoded: the file is truncated.")
        }
        other => refuse(ErrorCode::ImageCorrupt, slot, format!("The image cannot be decoded: {other}.")),
    }
}

/// PNG encoding of an RGBA buffer (a small helper so the pipeline reads top to bottom).
trait WriteRgba {
    fn write_image_rgba(self, img: &image::RgbaImage) -> image::ImageResult<()>;
}

impl<W: std::io::Write> WriteRgba for image::codecs::png::PngEncoder<W> {
    fn write_image_rgba(self, img: &image::RgbaImage) -> image::ImageResult<()> {
        use image::ImageEncoder;
        self.write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgba8)
    }
}
