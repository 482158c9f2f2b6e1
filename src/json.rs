//! JSON text to and from Rust values, for every front-end module (HTTP
//! bodies, Web Storage, the loader's mount config, events to the host page).
//!
//! In the browser the text is parsed and printed by the browser's own `JSON`
//! (native code) and serde walks the JavaScript values (serde-wasm-bindgen),
//! so no JSON parser or number printer is compiled into the wasm: serde_json's
//! were about a tenth of a view bundle's code. Native builds (unit tests, the
//! build-time shell) use serde_json; both read and write the same JSON.
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Decodes JSON `text` as `T`; the error says what did not fit.
#[cfg(target_arch = "wasm32")]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_owned())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// `value` as JSON text.
#[cfg(target_arch = "wasm32")]
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let js = to_js(value)?;
    js_sys::JSON::stringify(&js)
        .map(String::from)
        .map_err(|_| "not JSON".to_owned())
}

/// `value` as a plain JavaScript value (objects, not `Map`s; `None` as `null`),
/// as `JSON.parse` of its JSON would give (browser only).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<wasm_bindgen::JsValue, String> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())
}

/// Decodes JSON `text` as `T`; the error says what did not fit.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// `value` as JSON text.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}
