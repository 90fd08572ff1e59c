//! Baseline for the start-up benchmark (scripts/bench-startup.sh): an empty Tauri window with the
//! same Tauri build and config, minus the app: it loads `ui/public/bench-empty.html` from the same
//! embedded assets. Prints `empty_ms=<n>` when that blank page has loaded,
//! the counterpart of the app's `ready_ms=<n>`.

use std::time::Instant;
use tauri::webview::PageLoadEvent;
use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() {
    let started = Instant::now();
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(move |app| {
            eprintln!("empty step=tauri_setup ms={}", started.elapsed().as_millis());
            WebviewWindowBuilder::new(app, "empty", WebviewUrl::App("bench-empty.html".into()))
                .title("empty")
                .inner_size(1100.0, 720.0)
                .on_page_load(move |_, payload| {
                    let ms = started.elapsed().as_millis();
                    match payload.event() {
                        PageLoadEvent::Started => eprintln!("empty step=page_load_started ms={ms}"),
                        PageLoadEvent::Finished => {
                            eprintln!("empty step=page_loaded ms={ms}");
                            eprintln!("empty_ms={ms}");
                        }
                    }
                })
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("empty window");
}
