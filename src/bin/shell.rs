//! Build step (native, Leptos `ssr`): writes the loader a host page includes.
//! Reads `public/loader.js` and replaces its `/*@build@*/` line with the shell
//! (`src/shell.rs`) rendered in every language, the widget stylesheet, the
//! versioned paths of the view bundles and the consent rules
//! (`consent-rules.js`, beside the loader's source).
//!
//! Usage: `pw-shell <loader source> [view=path-without-extension ...] > loader.js`
//! e.g. `pw-shell public/loader.js prefs=prefs/privacy-prefs-1a2b3c4d5e6f7a8b`
use std::collections::BTreeMap;
use std::process::ExitCode;

use privacy_widget::i18n::Locale;
use privacy_widget::shell::{minify_css, Shell};

const MARKER: &str = "/*@build@*/";
const WIDGET_CSS: &str = include_str!("../../style/widget.css");

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(source) = args.next() else {
        eprintln!("usage: pw-shell <loader source> [view=path ...]");
        return ExitCode::FAILURE;
    };
    let loader = match std::fs::read_to_string(&source) {
        Ok(text) if text.contains(MARKER) => text,
        Ok(_) => {
            eprintln!("{source} has no {MARKER} line");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("{source}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bundles: BTreeMap<String, String> = args
        .filter_map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    let shells: BTreeMap<&str, Shell> = Locale::ALL
        .into_iter()
        .map(|l| (l.tag(), Shell::render(l)))
        .collect();
    let rules_path = std::path::Path::new(&source).with_file_name("consent-rules.js");
    let rules = match std::fs::read_to_string(&rules_path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: {e}", rules_path.display());
            return ExitCode::FAILURE;
        }
    };
    let locales: Vec<&str> = Locale::ALL.into_iter().map(Locale::tag).collect();
    let generated = format!(
        "var SHELL = {};\nvar LOCALES = {};\nvar CSS = {};\nvar BUNDLES = {};\n{rules}",
        json(&shells),
        json(&locales),
        json(&minify_css(WIDGET_CSS)),
        json(&bundles),
    );
    print!("{}", loader.replacen(MARKER, &generated, 1));
    ExitCode::SUCCESS
}

/// Plain data as a JavaScript literal.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serializes")
}
