//! JSON text to and from Rust values, for every front-end module (HTTP
//! bodies, Web Storage, the loader's mount config, events to the host page).
//!
//! In the browser the text is parsed and printed by the browser's own `JSON`
//! (native code) and serde walks the JavaScript values, so no JSON parser or
//! number printer is compiled into the wasm: serde_json's were about a tenth
//! of a view bundle's code. Values are written with serde-wasm-bindgen and
//! read with the small walker below (`walk`), whose errors carry no detail.
//! Native builds (unit tests, the build-time shell) use serde_json; both read
//! and write the same JSON.
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Decodes JSON `text` as `T`; the error only says that it did not fit.
#[cfg(target_arch = "wasm32")]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_owned())?;
    T::deserialize(walk::JsDeserializer(value)).map_err(|e| e.to_string())
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

/// Reads a value `JSON.parse` made into Rust types (browser only).
#[cfg(target_arch = "wasm32")]
mod walk {
    /// Why a JavaScript value did not decode. Deliberately without detail: serde
    /// words its messages with `Display` of whatever did not fit (floats,
    /// escaped strings), and that formatting code was a few per cent of a view
    /// bundle, for messages no visitor reads (the views say "could not load").
    #[derive(Debug)]
    pub(super) struct Mismatch;

    impl std::fmt::Display for Mismatch {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the JSON does not have the expected shape")
        }
    }

    impl std::error::Error for Mismatch {}

    /// Every constructor returns the same [`Mismatch`] without formatting its
    /// arguments (serde's defaults would format them, keeping their code alive).
    impl serde::de::Error for Mismatch {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Mismatch
        }
        fn invalid_type(_: serde::de::Unexpected, _: &dyn serde::de::Expected) -> Self {
            Mismatch
        }
        fn invalid_value(_: serde::de::Unexpected, _: &dyn serde::de::Expected) -> Self {
            Mismatch
        }
        fn invalid_length(_: usize, _: &dyn serde::de::Expected) -> Self {
            Mismatch
        }
        fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
            Mismatch
        }
        fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
            Mismatch
        }
        fn missing_field(_: &'static str) -> Self {
            Mismatch
        }
        fn duplicate_field(_: &'static str) -> Self {
            Mismatch
        }
    }

    /// Walks a value `JSON.parse` made, as serde_json would walk its text: `null`
    /// is unit or `None`, a number an integer when it is a safe one, an object a
    /// map (or a struct, or an enum variant with data), a string also a unit
    /// enum variant.
    pub(super) struct JsDeserializer(pub(super) wasm_bindgen::JsValue);

    impl<'de> serde::Deserializer<'de> for JsDeserializer {
        type Error = Mismatch;

        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            visitor: V,
        ) -> Result<V::Value, Mismatch> {
            use wasm_bindgen::JsCast;
            let v = self.0;
            if v.is_null() || v.is_undefined() {
                visitor.visit_unit()
            } else if let Some(b) = v.as_bool() {
                visitor.visit_bool(b)
            } else if let Some(n) = v.as_f64() {
                // Whole numbers within 2^53 are integers, as serde_json reads them.
                if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 {
                    if n >= 0.0 {
                        visitor.visit_u64(n as u64)
                    } else {
                        visitor.visit_i64(n as i64)
                    }
                } else {
                    visitor.visit_f64(n)
                }
            } else if let Some(s) = v.as_string() {
                visitor.visit_string(s)
            } else if js_sys::Array::is_array(&v) {
                let items = v.unchecked_into::<js_sys::Array>();
                visitor.visit_seq(Items { items, next: 0 })
            } else if v.is_object() {
                let object = v.unchecked_into::<js_sys::Object>();
                let keys = js_sys::Object::keys(&object);
                visitor.visit_map(Entries {
                    object,
                    keys,
                    next: 0,
                    value: None,
                })
            } else {
                Err(Mismatch)
            }
        }

        fn deserialize_option<V: serde::de::Visitor<'de>>(
            self,
            visitor: V,
        ) -> Result<V::Value, Mismatch> {
            if self.0.is_null() || self.0.is_undefined() {
                visitor.visit_none()
            } else {
                visitor.visit_some(self)
            }
        }

        fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Mismatch> {
            visitor.visit_newtype_struct(self)
        }

        fn deserialize_enum<V: serde::de::Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Mismatch> {
            use serde::de::IntoDeserializer;
            match self.0.as_string() {
                // A unit variant: its name.
                Some(s) => visitor.visit_enum(s.into_deserializer()),
                // A variant with data: `{"Name": data}`.
                None => self.deserialize_any(visitor),
            }
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
            identifier ignored_any
        }
    }

    struct Items {
        items: js_sys::Array,
        next: u32,
    }

    impl<'de> serde::de::SeqAccess<'de> for Items {
        type Error = Mismatch;

        fn next_element_seed<T: serde::de::DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, Mismatch> {
            if self.next >= self.items.length() {
                return Ok(None);
            }
            let item = self.items.get(self.next);
            self.next += 1;
            seed.deserialize(JsDeserializer(item)).map(Some)
        }
    }

    struct Entries {
        object: js_sys::Object,
        keys: js_sys::Array,
        next: u32,
        value: Option<wasm_bindgen::JsValue>,
    }

    impl<'de> serde::de::MapAccess<'de> for Entries {
        type Error = Mismatch;

        fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Mismatch> {
            use serde::de::IntoDeserializer;
            if self.next >= self.keys.length() {
                return Ok(None);
            }
            let key = self.keys.get(self.next);
            self.next += 1;
            self.value = Some(js_sys::Reflect::get(&self.object, &key).map_err(|_| Mismatch)?);
            let key: String = key.as_string().ok_or(Mismatch)?;
            seed.deserialize(key.into_deserializer()).map(Some)
        }

        fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
            &mut self,
            seed: V,
        ) -> Result<V::Value, Mismatch> {
            seed.deserialize(JsDeserializer(self.value.take().ok_or(Mismatch)?))
        }
    }
}
