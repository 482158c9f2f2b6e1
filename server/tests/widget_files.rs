//! `/widget/` served like a CDN, over real HTTP on a fake `dist/`: precompressed
//! variants by Accept-Encoding, an ETag per variant and 304s, Cache-Control by
//! hashed name, `application/wasm` when precompressed, CORS `*` and CORP; and no
//! redirect that leaves the origin (`//widget`).
mod common;

use std::path::Path;

use common::*;
use reqwest::{Method, StatusCode};

const WASM: &str = "privacy-widget-0123456789abcdef_bg.wasm";
const GLUE: &str = "privacy-widget-0123456789abcdef.js";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=300";

fn write(dir: &Path, name: &str, body: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

/// A server over a temp `dist/` with a widget build and its precompressed files.
async fn serve() -> (TestServer, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    write(d, "index.html", "<!doctype html><title>admin</title>");
    write(
        d,
        "widget/index.html",
        "<!doctype html><title>widget</title>",
    );
    write(d, "widget/loader.js", "/* loader */");
    write(d, "widget/loader.js.br", "BROTLI(loader)");
    write(d, "widget/loader.js.gz", "GZIP(loader)");
    write(d, &format!("widget/{GLUE}"), "/* glue */");
    write(d, &format!("widget/{WASM}"), "\0asm-identity");
    write(d, &format!("widget/{WASM}.br"), "BROTLI(wasm)");
    write(
        d,
        "widget/dsr/index.html",
        "<!doctype html><title>dsr</title>",
    );
    let path = d.to_owned();
    let s = start_with(move |c| c.dist = path).await;
    (s, dist)
}

async fn get(s: &TestServer, path: &str, headers: &[(&str, &str)]) -> Resp {
    s.send(Method::GET, path, None, None, headers).await
}

fn vary_lists(r: &Resp, name: &str) -> bool {
    r.headers
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case(name))
}

#[tokio::test]
async fn precompressed_variants_with_their_own_etags() {
    let (s, _dist) = serve().await;
    let cases = [
        (None, None, "/* loader */"),
        (Some("br, gzip"), Some("br"), "BROTLI(loader)"),
        (Some("gzip, deflate, br;q=0"), Some("gzip"), "GZIP(loader)"),
        (Some("identity"), None, "/* loader */"),
    ];
    let mut tags = Vec::new();
    for (accept, encoding, body) in cases {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("Accept-Encoding", a)).into_iter().collect();
        let r = get(&s, "/widget/loader.js", &headers).await;
        assert_eq!(r.status, StatusCode::OK, "{accept:?}");
        assert_eq!(r.text, body, "{accept:?}");
        assert_eq!(r.header("content-encoding"), encoding, "{accept:?}");
        assert_eq!(r.header("content-type"), Some("text/javascript"));
        assert_eq!(
            r.header("content-length"),
            Some(body.len().to_string().as_str())
        );
        assert!(vary_lists(&r, "accept-encoding"), "{:?}", r.headers);
        assert!(!vary_lists(&r, "origin"), "{:?}", r.headers);
        assert_eq!(r.header("cache-control"), Some(SHORT));
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        assert_eq!(
            r.header("cross-origin-resource-policy"),
            Some("cross-origin")
        );
        let etag = r.header("etag").unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
        tags.push((headers, etag));
    }
    // Identity twice (no header, `identity`): same tag; br, gzip, identity: three tags.
    assert_eq!(tags[0].1, tags[3].1);
    assert_ne!(tags[0].1, tags[1].1);
    assert_ne!(tags[0].1, tags[2].1);
    assert_ne!(tags[1].1, tags[2].1);
    // Each variant revalidates against its own tag only.
    for (headers, etag) in &tags {
        let mut h = headers.clone();
        h.push(("If-None-Match", etag.as_str()));
        let r = get(&s, "/widget/loader.js", &h).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED, "{h:?}");
        assert_eq!(r.text, "");
        assert_eq!(r.header("etag"), Some(etag.as_str()));
        assert_eq!(r.header("cache-control"), Some(SHORT));
        assert!(vary_lists(&r, "accept-encoding"));
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        assert_eq!(
            r.header("cross-origin-resource-policy"),
            Some("cross-origin")
        );
    }
    let r = get(
        &s,
        "/widget/loader.js",
        &[("Accept-Encoding", "br"), ("If-None-Match", &tags[0].1)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text, "BROTLI(loader)");
    // If-None-Match wins over If-Modified-Since (a date in the future here).
    let r = get(
        &s,
        "/widget/loader.js",
        &[
            ("If-None-Match", "\"stale\""),
            ("If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    // HEAD: the same validators, no body.
    let r = s
        .send(Method::HEAD, "/widget/loader.js", None, None, &[])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text, "");
    assert_eq!(r.header("etag"), Some(tags[0].1.as_str()));
}

#[tokio::test]
async fn hashed_files_are_immutable_and_wasm_stays_wasm() {
    let (s, _dist) = serve().await;
    let wasm = format!("/widget/{WASM}");
    let r = get(&s, &wasm, &[("Accept-Encoding", "gzip, br")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text, "BROTLI(wasm)");
    assert_eq!(r.header("content-encoding"), Some("br"));
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    assert_eq!(r.header("cache-control"), Some(IMMUTABLE));
    // No gzip variant: gzip-only clients get the identity file.
    let r = get(&s, &wasm, &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(r.text, "\0asm-identity");
    assert_eq!(r.header("content-encoding"), None);
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    let r = get(&s, &format!("/widget/{GLUE}"), &[]).await;
    assert_eq!(r.header("cache-control"), Some(IMMUTABLE));
    assert!(r.header("etag").is_some());
    // Unhashed names and the directory index: short.
    for path in ["/widget/loader.js", "/widget/", "/widget/dsr/"] {
        let r = get(&s, path, &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("cache-control"), Some(SHORT), "{path}");
    }
    // A missing file, even with a hashed name, is not cached for a year.
    let r = get(&s, "/widget/privacy-widget-fedcba9876543210.js", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header("cache-control"), None);
    assert_eq!(r.header("etag"), None);
}

#[tokio::test]
async fn a_changed_file_gets_a_new_etag() {
    let (s, dist) = serve().await;
    let r = get(&s, "/widget/loader.js", &[]).await;
    let old = r.header("etag").unwrap().to_owned();
    write(dist.path(), "widget/loader.js", "/* loader v2 */");
    let r = get(&s, "/widget/loader.js", &[("If-None-Match", &old)]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text, "/* loader v2 */");
    assert_ne!(r.header("etag"), Some(old.as_str()));
}

#[tokio::test]
async fn redirects_stay_on_the_origin() {
    let (s, _dist) = serve().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cases = [
        ("//widget", "/widget/"),
        ("///widget", "/widget/"),
        ("//widget/dsr", "/widget/dsr/"),
        ("/widget/dsr", "/widget/dsr/"),
        ("/widget/dsr?v=1", "/widget/dsr/?v=1"),
        ("//widget/dsr?v=1", "/widget/dsr/?v=1"),
    ];
    for (path, expected) in cases {
        let r = client
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .unwrap();
        let r = Resp::read(r).await;
        assert!(r.status.is_redirection(), "{path}: {}", r.status);
        assert_eq!(r.header("location"), Some(expected), "{path}");
    }
    // Whatever the path, a Location is a path on this origin.
    for path in [
        "//widget",
        "//widget/dsr",
        "/%2F/widget",
        "//%2Fwidget",
        "/\\widget",
    ] {
        let Ok(r) = client.get(format!("{}{path}", s.base)).send().await else {
            continue;
        };
        if let Some(loc) = r.headers().get("location") {
            let loc = loc.to_str().unwrap();
            assert!(
                loc.starts_with('/') && !loc.starts_with("//") && !loc.starts_with("/\\"),
                "{path} -> {loc}"
            );
        }
    }
}
