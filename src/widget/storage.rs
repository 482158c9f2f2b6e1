//! JSON in the host page's Web Storage. Storage can be missing or throw
//! (disabled cookies, sandboxed frames, full quota): every call degrades to
//! "nothing stored" instead of failing the widget.
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::Storage;

/// This tab's sessionStorage: drafts live here, they die with the tab.
pub fn session() -> Option<Storage> {
    crate::browser::session_storage()
}

/// localStorage: consent choices, read by the loader on the next visit.
pub fn local() -> Option<Storage> {
    crate::browser::local_storage()
}

/// Reads and decodes `key`; anything unreadable counts as absent.
pub fn load<T: DeserializeOwned>(storage: Option<Storage>, key: &str) -> Option<T> {
    let text = storage?.get_item(key).ok().flatten()?;
    crate::json::from_str(&text).ok()
}

/// Encodes and writes `value` under `key`, silently if storage refuses.
pub fn save<T: Serialize>(storage: Option<Storage>, key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (storage, crate::json::to_string(value)) {
        let _ = s.set_item(key, &text);
    }
}

/// Forgets `key`.
pub fn remove(storage: Option<Storage>, key: &str) {
    if let Some(s) = storage {
        let _ = s.remove_item(key);
    }
}
