// The app package sits at the repository root with its sources in src-tauri/,
// so the capabilities path is given relative to the root.
#[path = "../crates/hesctl/build_commit.rs"]
mod build_commit;

fn main() {
    build_commit::emit();
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"))
        .expect("tauri-build failed");
}
