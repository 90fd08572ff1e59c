//! Customization: `AppSettings['customization']` = `{"ServerName","Logos":{slot:{...}}}`.
//! Logos are made by the image pipeline (`crate::logo`) and set one slot at a time ([`with_logo`]).

use super::{clean, SingleSection};
use crate::error::AppResult;
use crate::protect::Protector;
use crate::validate::Validator;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// The logo slots and their target sizes (width, height) in pixels.
pub const LOGO_SLOTS: [(&str, u32, u32); 5] =
    [("main", 240, 60), ("sidebar", 180, 40), ("sidebar-small", 40, 40), ("email", 200, 50), ("favicon", 32, 32)];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LogoStored {
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub sha256: String,
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CustomizationStored {
    #[serde(default)]
    pub server_name: Option<String>,
    #[serde(default)]
    pub logos: BTreeMap<String, LogoStored>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct LogoView {
    pub slot: String,
    pub width: u32,
    pub height: u32,
    /// Whether a custom logo is stored; otherwise HES's default is used.
    pub custom: bool,
    #[ts(optional)]
    pub sha256: Option<String>,
    /// The stored PNG as a `data:image/png;base64,…` URL for the preview (a few KB: logos are
    /// stored at their slot's size).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub data_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct CustomizationView {
    pub server_name: String,
    pub logos: Vec<LogoView>,
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CustomizationInput {
    #[serde(default)]
    pub server_name: String,
    /// Absent keeps the stored logos. Given (as `hesctl settings set customization` takes the
    /// stored form), every logo is checked: known slot, PNG bytes, matching SHA-256 and size.
    #[serde(default)]
    #[ts(skip)]
    pub logos: Option<BTreeMap<String, LogoStored>>,
}

pub struct Customization;

impl SingleSection for Customization {
    const KEY: &'static str = "customization";
    const TITLE: &'static str = "customization";
    type Stored = CustomizationStored;
    type View = CustomizationView;
    type Input = CustomizationInput;

    fn view(s: &CustomizationStored) -> CustomizationView {
        CustomizationView {
            server_name: s.server_name.clone().unwrap_or_default(),
            logos: LOGO_SLOTS
                .iter()
                .map(|(slot, w, h)| {
                    let stored = s.logos.get(*slot);
                    LogoView {
                        slot: slot.to_string(),
                        width: *w,
                        height: *h,
                        custom: stored.is_some(),
                        sha256: stored.map(|l| l.sha256.clone()),
                        data_url: stored.map(|l| format!("data:{};base64,{}", l.content_type, l.data)),
                    }
                })
                .collect(),
        }
    }

    fn apply(
        input: CustomizationInput,
        old: Option<&CustomizationStored>,
        _p: &dyn Protector,
    ) -> AppResult<CustomizationStored> {
        let mut v = Validator::new();
        let name = clean(&input.server_name);
        v.max_len("ServerName", "Server Name", &name, 64);
        if name.chars().any(char::is_control) {
            v.error("ServerName", "The Server Name must be a single line of text.");
        }
        if let Some(logos) = &input.logos {
            for (slot, logo) in logos {
                check_logo(&mut v, slot, logo);
            }
        }
        v.finish()?;
        Ok(CustomizationStored {
            server_name: Some(name).filter(|n| !n.is_empty()),
            logos: input.logos.unwrap_or_else(|| old.map(|o| o.logos.clone()).unwrap_or_default()),
        })
    }
}

/// The customization with `slot` set to `logo` (`Some`) or back to HES's default (`None`).
pub fn with_logo(old: Option<&CustomizationStored>, slot: &str, logo: Option<LogoStored>) -> CustomizationStored {
    let mut next = old.cloned().unwrap_or_default();
    match logo {
        Some(l) => next.logos.insert(slot.to_string(), l),
        None => next.logos.remove(slot),
    };
    next
}

/// Largest logo file accepted (and largest stored PNG).
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;

fn check_logo(v: &mut Validator, slot: &str, logo: &LogoStored) {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let field = format!("Logos.{slot}");
    let Some((_, max_w, max_h)) = LOGO_SLOTS.iter().find(|(s, _, _)| *s == slot) else {
        let names: Vec<&str> = LOGO_SLOTS.iter().map(|(s, _, _)| *s).collect();
        v.error(&field, format!("There is no logo slot \"{slot}\" (slots: {}).", names.join(", ")));
        return;
    };
    if logo.content_type != "image/png" {
        v.error(&field, "Logos are stored as PNG (ContentType image/png).");
        return;
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&logo.data) else {
        v.error(&field, "The logo Data is not base64.");
        return;
    };
    if bytes.len() > MAX_LOGO_BYTES || !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        v.error(&field, "The logo Data must be a PNG of at most 2 MB.");
        return;
    }
    let digest: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    if digest != logo.sha256 {
        v.error(&field, "The logo Sha256 does not match its Data.");
    }
    if logo.width == 0 || logo.height == 0 || logo.width > *max_w || logo.height > *max_h {
        v.error(&field, format!("The {slot} logo must fit in {max_w}x{max_h} pixels."));
    }
}
