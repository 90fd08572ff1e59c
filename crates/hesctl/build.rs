#[path = "build_commit.rs"]
mod build_commit;

fn main() {
    build_commit::emit();
}
