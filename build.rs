//! Builds the shipped gazetteer and query library into the binary, so that
//! hpkg behaves the same whatever directory it runs from.

use std::fs;
use std::path::Path;

fn embed(dir: &str, ext: &str, out_name: &str, const_name: &str) {
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    let mut code = format!(
        "/// Files built in from `{dir}`.\npub static {const_name}: &[(&str, &str)] = &[\n"
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        // Relative to CARGO_MANIFEST_DIR at compile time, not an absolute
        // path baked in here: a clone elsewhere sharing the same
        // CARGO_TARGET_DIR (as CI does) reuses this output without rerunning
        // the script, and must still find its own files.
        let name = f.file_name().unwrap().to_string_lossy();
        code.push_str(&format!(
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),\n",
            format!("/{dir}/{name}")
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join(out_name);
    fs::write(out, code).unwrap();
}

fn main() {
    embed(
        "data/gazetteer",
        "json",
        "gazetteer_files.rs",
        "GAZETTEER_FILES",
    );
    embed("queries", "rq", "query_files.rs", "QUERY_FILES");
}
