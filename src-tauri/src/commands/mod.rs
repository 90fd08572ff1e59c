//! Thin Tauri commands, grouped by what they touch. Each is a few lines: call one service.

pub mod about;
pub mod connections;
pub mod diagnostics;
pub mod files;
pub mod history;
pub mod items;
pub mod licenses;
pub mod logo;
pub mod oidc;
pub mod saml;
pub mod sections;
pub mod settings;
pub mod stage;
pub mod window;

/// What every command returns: the value, or an `AppError` (`{code, message, hint?, field?}`).
pub type CmdResult<T> = Result<T, hes_core::AppError>;
