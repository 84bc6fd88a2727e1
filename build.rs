//! Embeds every file in `routines/` into the binary, so a routine added there
//! can't be forgotten: the list is generated, not written by hand.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo::rerun-if-changed=routines");
    // Read when the script runs, not baked in when it was compiled: a build script compiled
    // in one checkout and reused from a copied `target/` must still read this one.
    let Some(manifest) = env::var_os("CARGO_MANIFEST_DIR") else {
        println!("cargo::error=CARGO_MANIFEST_DIR is not set");
        return;
    };
    let dir = Path::new(&manifest).join("routines");
    let mut names: Vec<String> = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect(),
        Err(e) => {
            println!("cargo::error=cannot read {}: {e}", dir.display());
            return;
        }
    };
    names.sort();
    let mut out = String::from("/// Every `routines/*.toml` file: (file name, contents).\n");
    out.push_str("pub static EMBEDDED: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("embedded.rs");
    if let Err(e) = fs::write(&dest, out) {
        println!("cargo::error=cannot write {}: {e}", dest.display());
    }
}
