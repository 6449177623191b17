//! The core's modules depend downward only: `error` on none of the others, `money` on `error`,
//! `codes` on `error` and `money`; plans, programs, time and webhooks sit above them. Code (not
//! comments) naming a higher module from a lower one fails here: money and codes must not know plans.

use std::path::Path;

/// Each lower module and the modules it must not name.
const RULES: &[(&str, &[&str])] = &[
    ("error", &["money", "codes", "plan", "program", "time", "webhook", "host"]),
    ("money", &["codes", "plan", "program", "time", "webhook", "host"]),
    ("codes", &["plan", "program", "webhook", "host"]),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn lower_modules_do_not_name_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (module, forbidden) in RULES {
        let mut files = Vec::new();
        rust_files(&src.join(module), &mut files);
        assert!(!files.is_empty(), "no files in src/{module}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                for higher in *forbidden {
                    let grouped = code.contains("crate::{") && code.contains(&format!("{higher}::"));
                    if code.contains(&format!("crate::{higher}")) || grouped {
                        wrong.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "lower modules naming higher ones:\n{}", wrong.join("\n"));
}
