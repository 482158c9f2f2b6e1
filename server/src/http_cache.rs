//! HTTP validators shared by the consent manifest and the widget files: a
//! strong `ETag` computed from the exact bytes sent, and the `If-None-Match`
//! check that turns a repeat view into a body-less 304.
use axum::http::{header, HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

/// A strong entity tag for `body`: the first 128 bits of its SHA-256, quoted.
/// Two different byte sequences (e.g. a file and its Brotli variant) get
/// different tags, so the tag may be strong.
pub fn strong_etag(body: &[u8]) -> HeaderValue {
    let hash = Sha256::digest(body);
    HeaderValue::from_str(&format!("\"{}\"", hex::encode(&hash[..16]))).expect("hex is ASCII")
}

/// `true` when the request's `If-None-Match` names `etag` (or is `*`).
///
/// RFC 9110 section 13.1.2: the weak comparison applies, so `W/"x"` matches
/// `"x"`; a list of tags matches when any of them does.
pub fn if_none_match(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(etag);
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || opaque(t) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_matching() {
        let tag = strong_etag(b"abc");
        let s = tag.to_str().unwrap();
        assert_eq!(s, "\"ba7816bf8f01cfea414140de5dae2223\"");
        assert_ne!(strong_etag(b"abd"), tag);
        let mut h = HeaderMap::new();
        assert!(!if_none_match(&h, &tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert!(!if_none_match(&h, &tag));
        for value in [s.to_owned(), format!("\"x\", W/{s}"), "*".to_owned()] {
            h.insert(
                header::IF_NONE_MATCH,
                HeaderValue::from_str(&value).unwrap(),
            );
            assert!(if_none_match(&h, &tag), "{value}");
        }
    }
}
