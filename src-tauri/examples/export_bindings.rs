//! `cargo run -p vetta --example export_bindings` writes `ui/src/bindings.ts`.
//! An example, not a `[[bin]]`, so the bundler does not ship it.

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    if let Err(error) = vetta_app::export_bindings(&path) {
        eprintln!("could not write {}: {error}", path.display());
        std::process::exit(1);
    }
    println!("wrote {}", path.display());
}
