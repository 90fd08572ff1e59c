// The app package sits at the repository root with its sources in src-tauri/,
// so the capabilities path is given relative to the root.
fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"))
        .expect("tauri-build failed");
}
