//! A colour of the widget's settings: a `#rrggbb` text field and a colour
//! picker bound to the same value, with its contrast against the ground it is
//! used on, so the rule's 4.5:1 is visible before it is broken.
use leptos::prelude::*;
use pw_model::settings::{contrast_ratio, parse_hex_color};

use crate::admin::session::use_admin;
use crate::components::{Field, FieldValue};
use crate::i18n::Key;

/// The contrast of `color` against `ground`, as "7.1:1", if both are colours.
pub fn contrast_text(color: &str, ground: &str) -> Option<String> {
    let ratio = contrast_ratio(parse_hex_color(color.trim())?, parse_hex_color(ground)?);
    Some(format!("{:.1}:1", (ratio * 10.0).floor() / 10.0))
}

/// A colour field; its ids are `id` (text) and `{id}-picker`.
#[component]
pub fn ColorField(
    /// Id of the text field (also its test id).
    id: &'static str,
    /// The label.
    #[prop(into)]
    label: Signal<String>,
    /// The colour.
    value: FieldValue,
    /// The rule's message.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The colour it must contrast with.
    ground: &'static str,
) -> impl IntoView {
    let ctx = use_admin();
    let current = value.value;
    let on_input = value.on_input;
    let hint = Signal::derive(move || {
        let ratio = current.with(|c| contrast_text(c, ground));
        ratio.map(|r| {
            format!(
                "{} {r}",
                ctx.t(Key::ContrastWith).replace("{ground}", ground)
            )
        })
    });
    let picker = format!("{id}-picker");
    view! {
        <div class="pw-color">
            <Field id label value error hint show_errors=true />
            <input type="color" id=picker.clone() data-testid=picker class="pw-color__picker"
                aria-label=move || format!("{} ({})", label.get(), ctx.t(Key::PickColor))
                prop:value=move || current.get().trim().to_ascii_lowercase()
                on:input:target=move |ev| on_input.run(ev.target().value()) />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_rounded_down() {
        assert_eq!(
            contrast_text("#000000", "#ffffff").as_deref(),
            Some("21.0:1")
        );
        // 4.48:1 must not read as 4.5:1.
        assert_eq!(
            contrast_text("#777777", "#ffffff").as_deref(),
            Some("4.4:1")
        );
        assert_eq!(contrast_text("blue", "#ffffff"), None);
    }
}
