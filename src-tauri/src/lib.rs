//! HES Console desktop shell: opens the local workspace, registers thin commands, logs.
//! All logic lives in `crates/`; a command parses, calls one service, and maps the result.

mod commands;
pub use commands::about::AboutInfo;
pub use commands::window::{PageStep, PageTimeline};
pub use hes_service::licenses::LicenseSource;
mod logging;
mod startup;
mod state;

use tauri::Manager;

pub use state::AppState;

/// Register the commands. Generic over the runtime so tests can use `tauri::test`'s MockRuntime.
pub fn setup<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    // A fn pointer: generate_handler!'s closure names its argument's type only through this.
    let handler: fn(tauri::ipc::Invoke<R>) -> bool = tauri::generate_handler![
        commands::window::ui_ready,
        commands::about::about_info,
        commands::settings::workspace_info,
        commands::settings::settings_get,
        commands::settings::secret_show,
        commands::sections::licensing_set,
        commands::sections::licensing_delete,
        commands::sections::splunk_set,
        commands::sections::splunk_delete,
        commands::sections::email_set,
        commands::sections::email_delete,
        commands::sections::fido_set,
        commands::sections::customization_set,
        commands::items::domain_save,
        commands::items::domain_delete,
        commands::items::oidc_save,
        commands::items::oidc_delete,
        commands::items::saml_save,
        commands::items::saml_delete,
        commands::oidc::oidc_add,
        commands::oidc::oidc_regenerate_secret,
        commands::oidc::oidc_set_enabled,
        commands::saml::saml_certificate_inspect,
        commands::saml::saml_metadata_import,
        commands::logo::logo_set,
        commands::logo::logo_reset,
        commands::connections::connections_list,
        commands::connections::connection_save,
        commands::connections::connection_delete,
        commands::connections::connection_test,
        commands::connections::connection_trust_certificate,
        commands::connections::connection_trust_host_key,
        commands::connections::connection_open,
        commands::connections::dp_unlock,
        commands::connections::dp_unlock_cancel,
        commands::connections::acknowledge_newer_release,
        commands::connections::dp_protect_now,
        commands::connections::dp_recover,
        commands::stage::stage_preview,
        commands::stage::stage_apply,
        commands::history::history_list,
        commands::history::history_revert_preview,
        commands::history::history_revert,
        commands::history::config_export,
        commands::history::config_import_preview,
        commands::history::backups_list,
        commands::history::backup_restore_preview,
        commands::diagnostics::diagnostics_run,
        commands::diagnostics::check_form,
        commands::diagnostics::checks_cancel,
        commands::diagnostics::ad_trust_certificate,
        commands::files::pick_file,
        commands::licenses::licenses_preview,
        commands::licenses::licenses_report_save,
        commands::licenses::licenses_apply,
        commands::licenses::licenses_cancel,
        commands::licenses::licenses_summary,
    ];
    builder.invoke_handler(move |invoke| {
        startup::ipc(invoke.message.command());
        handler(invoke)
    })
}

pub fn run() {
    let started = startup::started();
    // Without a home folder there is no private place for the workspace: the start screen
    // shows the error (no fallback to a shared temporary folder); logged once logging is set up.
    let workspace = hes_store::paths::default_workspace().map(|p| p.to_string_lossy().into_owned());
    // The workspace opens first thing, before the window: see `AppState::start_opening`.
    let state = AppState::opening(workspace.as_deref().unwrap_or(""), None, started);
    state.start_opening();
    // Remember the window's size and place, but never its visibility: it stays hidden until the
    // first screen with data is painted (ui_ready).
    let window_state = tauri_plugin_window_state::Builder::default()
        .with_state_flags(tauri_plugin_window_state::StateFlags::all() - tauri_plugin_window_state::StateFlags::VISIBLE)
        .build();
    setup(tauri::Builder::default())
        .manage(state)
        .plugin(window_state)
        .plugin(tauri_plugin_dialog::init())
        .on_page_load(|_, payload| {
            let step = match payload.event() {
                tauri::webview::PageLoadEvent::Started => "page_load_started",
                tauri::webview::PageLoadEvent::Finished => "page_loaded",
            };
            startup::mark(step);
        })
        .setup(move |app| {
            let setup_ms = startup::elapsed_ms();
            let log_dir = app.path().app_log_dir().ok();
            let guard = logging::init(log_dir.as_deref());
            startup::mark_at("tauri_setup", setup_ms);
            if app.get_webview_window("main").is_some() {
                startup::mark("webview_created");
            }
            match &workspace {
                Ok(path) => tracing::info!(workspace = %path, "starting"),
                Err(e) => tracing::error!(code = %e.code, "{}", e.message),
            }
            app.manage(guard);
            // The open started before the window; its outcome is logged now that logging is set up.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                startup::mark_at("workspace_open", state.open_first().await);
                if let Err(e) = state.console().await {
                    tracing::error!(code = %e.code, message = %e.message, "cannot open the workspace");
                }
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running HES Console");
}
