//! Baselines for the start-up benchmark (scripts/bench-startup.sh): a Tauri window with the same
//! Tauri build and config, minus the app, loading one page from the same embedded assets.
//! - By default `ui/public/bench-empty.html`, a blank page: prints `empty_ms=<n>` when it has
//!   loaded, the counterpart of the app's `ready_ms=<n>`.
//! - With `BENCH_PAGE=bench-first-screen.html`, the app's first screen as a static page
//!   (`ui/tests/helpers/first-screen-snapshot.mjs`): prints `first_screen_static_ms=<n>` when
//!   the page says it was laid out (its title). This is the floor of showing that screen in this
//!   webview, with none of the UI's JavaScript.

use std::time::Instant;
use tauri::webview::PageLoadEvent;
use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() {
    let started = Instant::now();
    let page = std::env::var("BENCH_PAGE").unwrap_or_else(|_| "bench-empty.html".into());
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(move |app| {
            eprintln!("empty step=tauri_setup ms={}", started.elapsed().as_millis());
            let blank = page == "bench-empty.html";
            WebviewWindowBuilder::new(app, "empty", WebviewUrl::App(page.into()))
                .title("empty")
                .inner_size(1100.0, 720.0)
                .on_document_title_changed(move |_, title| {
                    if title == "first-screen-shown" {
                        eprintln!("first_screen_static_ms={}", started.elapsed().as_millis());
                    }
                })
                .on_page_load(move |_, payload| {
                    let ms = started.elapsed().as_millis();
                    match payload.event() {
                        PageLoadEvent::Started => eprintln!("empty step=page_load_started ms={ms}"),
                        PageLoadEvent::Finished => {
                            eprintln!("empty step=page_loaded ms={ms}");
                            if blank {
                                eprintln!("empty_ms={ms}");
                            }
                        }
                    }
                })
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("empty window");
}
