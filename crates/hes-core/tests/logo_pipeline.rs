//! Good logos: PNG, JPEG and WebP are scaled to fit their slot keeping the aspect ratio, stored
//! as PNG with the SHA-256 of those bytes, and the stored form passes the customization rules.

#[path = "support/bomb.rs"]
mod bomb;

use base64::Engine;
use hes_core::logo::{self, ProcessedLogo};
use hes_core::protect::Plaintext;
use hes_core::settings::customization::{with_logo, Customization, CustomizationInput};
use hes_core::settings::SingleSection;
use hes_core::ErrorCode;
use image::{ImageFormat, Rgba, RgbaImage};
use sha2::{Digest, Sha256};
use std::io::Cursor;

fn picture(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| Rgba([(x * 255 / w) as u8, (y * 255 / h) as u8, 128, 255]))
}

fn encode(img: &RgbaImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    match format {
        // JPEG has no alpha channel.
        ImageFormat::Jpeg => image::DynamicImage::ImageRgba8(img.clone()).to_rgb8().write_to(&mut out, format),
        _ => img.write_to(&mut out, format),
    }
    .unwrap();
    out.into_inner()
}

fn decoded(l: &ProcessedLogo) -> RgbaImage {
    image::load_from_memory_with_format(&l.png, ImageFormat::Png).unwrap().to_rgba8()
}

#[test]
fn each_format_is_scaled_into_its_slot_keeping_the_aspect_ratio() {
    // (slot, source size, format, expected stored size)
    let cases = [
        ("main", (960, 240), ImageFormat::Png, (240, 60)),
        ("main", (300, 300), ImageFormat::Jpeg, (60, 60)),
        ("sidebar", (720, 80), ImageFormat::WebP, (180, 20)),
        ("sidebar-small", (100, 50), ImageFormat::Png, (40, 20)),
        ("email", (400, 100), ImageFormat::Jpeg, (200, 50)),
        ("favicon", (16, 16), ImageFormat::Png, (32, 32)),
        ("favicon", (64, 32), ImageFormat::WebP, (32, 16)),
    ];
    for (slot, (w, h), format, (ew, eh)) in cases {
        let bytes = encode(&picture(w, h), format);
        let l = logo::process(slot, &bytes).unwrap_or_else(|e| panic!("{slot} {format:?}: {e:?}"));
        assert_eq!((l.width, l.height), (ew, eh), "{slot} from {w}x{h} {format:?}");
        assert!(l.png.starts_with(b"\x89PNG\r\n\x1a\n"), "stored as PNG");
        let img = decoded(&l);
        assert_eq!(img.dimensions(), (ew, eh), "the PNG has the size it claims");
        let hex: String = Sha256::digest(&l.png).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(l.sha256, hex);
    }
}

#[test]
fn the_result_is_deterministic_and_keeps_transparency() {
    let mut img = picture(480, 120);
    img.put_pixel(0, 0, Rgba([0, 0, 0, 0]));
    for x in 0..240 {
        for y in 0..120 {
            img.put_pixel(x, y, Rgba([0, 0, 0, 0]));
        }
    }
    let bytes = encode(&img, ImageFormat::Png);
    let a = logo::process("main", &bytes).unwrap();
    let b = logo::process("main", &bytes).unwrap();
    assert_eq!(a, b, "same file, same PNG and hash");
    let out = decoded(&a);
    assert_eq!(out.get_pixel(10, 30)[3], 0, "the transparent half stays transparent");
    assert_eq!(out.get_pixel(230, 30)[3], 255);
}

#[test]
fn the_stored_form_passes_the_customization_rules_and_resets() {
    let l = logo::process("email", &encode(&picture(800, 200), ImageFormat::Png)).unwrap();
    let stored = l.stored();
    assert_eq!(stored.content_type, "image/png");
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(&stored.data).unwrap(), l.png);
    let c = with_logo(None, "email", Some(stored.clone()));
    // The same JSON through `hesctl settings set customization` is accepted as it is.
    let again = Customization::apply(
        CustomizationInput { server_name: String::new(), logos: Some(c.logos.clone()) },
        None,
        &Plaintext,
    )
    .unwrap();
    assert_eq!(again.logos["email"], stored);
    let view = Customization::view(&c);
    let email = view.logos.iter().find(|v| v.slot == "email").unwrap();
    assert!(email.custom);
    assert_eq!(email.data_url.as_deref(), Some(format!("data:image/png;base64,{}", stored.data).as_str()));
    let reset = with_logo(Some(&c), "email", None);
    assert!(reset.logos.is_empty(), "reset goes back to HES's default");
}

#[test]
fn an_unknown_slot_is_a_bad_request() {
    let e = logo::process("banner", &encode(&picture(10, 10), ImageFormat::Png)).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest);
    assert!(e.hint.unwrap().contains("sidebar-small"));
}

#[test]
fn the_bomb_helper_makes_real_pngs() {
    // The corpus relies on these being valid PNGs of zeros: decode a small one fully.
    for (bit_depth, color_type) in [(1, 0), (8, 2), (16, 6)] {
        let bytes = bomb::zero_png(300, 7, bit_depth, color_type);
        let img = image::load_from_memory_with_format(&bytes, ImageFormat::Png)
            .unwrap_or_else(|e| panic!("{bit_depth}-bit type {color_type}: {e}"));
        assert_eq!((img.width(), img.height()), (300, 7));
        assert!(img.to_rgba16().pixels().all(|p| p[0] == 0 && p[1] == 0 && p[2] == 0));
    }
    let l = logo::process("sidebar", &bomb::zero_png(1800, 400, 8, 6)).unwrap();
    assert_eq!((l.width, l.height), (180, 40), "an allowed zero image is just an image");
}
