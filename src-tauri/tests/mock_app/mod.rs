//! The desktop app on `tauri::test`'s mock runtime (no window system needed), shared by the command
//! tests: start it on an `AppState`, and invoke commands as the UI does (the same IPC, argument
//! names and JSON shapes).

use hes_console_lib::AppState;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// The app with every command registered and `state` managed, and its main webview.
pub fn start(state: AppState) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = hes_console_lib::setup(mock_builder()).manage(state).build(mock_context(noop_assets())).expect("app");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");
    (app, webview)
}

/// Invoke `cmd` as the UI does; Ok is the returned JSON, Err the serialized error.
pub fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let req = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    tauri::test::get_ipc_response(webview, req).map(|b| b.deserialize::<Value>().expect("JSON response"))
}
