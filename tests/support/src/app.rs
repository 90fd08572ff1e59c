//! The desktop app's commands through `tauri::test`'s mock runtime (no window system): the same
//! IPC the UI uses, with its argument names and JSON shapes. Per-call channels (`onStep`,
//! `onProgress`) are recorded, so a test sees the progress a run sent to its own caller.

use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Builder, WebviewWindow, WebviewWindowBuilder};

/// Messages sent over each channel, by the channel's id.
type Sent = Arc<Mutex<HashMap<u32, Vec<Value>>>>;

pub struct AppHarness {
    pub app: App<MockRuntime>,
    pub webview: WebviewWindow<MockRuntime>,
    sent: Sent,
    next_channel: AtomicU32,
}

impl AppHarness {
    /// `setup` registers the app's commands and state on the mock builder.
    pub fn new(setup: impl FnOnce(Builder<MockRuntime>) -> Builder<MockRuntime>) -> Self {
        let sent: Sent = Arc::default();
        let record = sent.clone();
        let builder = mock_builder().channel_interceptor(move |_, callback: CallbackFn, _, body| {
            if let InvokeResponseBody::Json(json) = body {
                let v = serde_json::from_str(json).unwrap_or(Value::Null);
                record.lock().expect("lock").entry(callback.0).or_default().push(v);
            }
            true
        });
        let app = setup(builder).build(mock_context(noop_assets())).expect("app builds");
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");
        AppHarness { app, webview, sent, next_channel: AtomicU32::new(1000) }
    }

    /// A fresh channel argument (`"__CHANNEL__:<id>"`, as the UI's `Channel` serializes) and its id.
    pub fn channel(&self) -> (String, u32) {
        let id = self.next_channel.fetch_add(1, Ordering::SeqCst);
        (format!("__CHANNEL__:{id}"), id)
    }

    /// What was sent over channel `id` so far.
    pub fn sent(&self, id: u32) -> Vec<Value> {
        self.sent.lock().expect("lock").get(&id).cloned().unwrap_or_default()
    }

    /// Invoke a command as the UI does; Ok is the returned JSON, Err the serialized error.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.webview, cmd, args)
    }

    #[track_caller]
    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    #[track_caller]
    pub fn err(&self, cmd: &str, args: Value) -> Value {
        match self.invoke(cmd, args) {
            Ok(v) => panic!("{cmd} should fail, returned {v}"),
            Err(e) => e,
        }
    }
}

/// Invoke `cmd` on `webview` (usable from another thread with a cloned webview).
pub fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let req = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    tauri::test::get_ipc_response(webview, req).map(|b| b.deserialize::<Value>().expect("JSON response"))
}
