//! What the admin's create and edit forms share: live validation with the
//! model's rules, worded in the admin's language, and one idempotency key per
//! new record.
use leptos::prelude::*;
use pw_model::{FieldError, Validate};

use crate::admin::session::AdminCtx;
use crate::api;
use crate::i18n::{field_message, Key};

/// A form's validation state: the model's errors for the current body, and
/// whether the user tried to submit (from then on every message shows).
#[derive(Clone, Copy)]
pub struct FormCheck {
    ctx: AdminCtx,
    errors: Memo<Vec<FieldError>>,
    /// Set by a submit attempt; a form clears it after a save.
    pub submitted: RwSignal<bool>,
}

impl FormCheck {
    /// A form whose rules give `errors` (live).
    pub fn new(ctx: AdminCtx, errors: Memo<Vec<FieldError>>) -> Self {
        Self {
            ctx,
            errors,
            submitted: RwSignal::new(false),
        }
    }

    /// A form over a model body, checked live with its model rules.
    pub fn validating<T>(ctx: AdminCtx, body: Memo<T>) -> Self
    where
        T: Validate + PartialEq + Send + Sync + 'static,
    {
        Self::new(ctx, Memo::new(move |_| body.with(Validate::validate)))
    }

    /// The message for `field` (its JSON name) in the current language, if
    /// its value breaks a rule.
    pub fn error(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.errors
                .with(|e| field_message(self.ctx.locale.get(), e, field))
        })
    }

    /// A label in the current language.
    pub fn label(self, key: Key) -> Signal<String> {
        Signal::derive(move || self.ctx.t(key).to_owned())
    }

    /// Records a submit attempt; `true` when the body may be sent.
    pub fn try_submit(self) -> bool {
        self.submitted.set(true);
        self.errors.with_untracked(Vec::is_empty)
    }

    /// Whether any rule is broken (tracked).
    pub fn has_errors(self) -> bool {
        self.errors.with(|e| !e.is_empty())
    }
}

/// How many times `action` has succeeded, from its version: a page reloads
/// a list and starts an empty form after each save, while a refused submit
/// keeps what was typed. (The action sets its value after its version, so
/// the value is what is tracked.)
pub fn successes<I, T, E>(action: Action<I, Result<T, E>>) -> Memo<usize>
where
    I: Send + Sync + 'static,
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    Memo::new(move |before: Option<&usize>| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            action.version().get_untracked()
        } else {
            before.copied().unwrap_or(0)
        }
    })
}

/// The idempotency key of the record being created: the same for every retry
/// of that record, renewed once the server confirmed it.
#[derive(Clone, Copy)]
pub struct CreateKey(StoredValue<String>);

impl CreateKey {
    /// A key for a first record.
    pub fn new() -> Self {
        Self(StoredValue::new(api::new_idempotency_key()))
    }

    /// The current key.
    pub fn get(self) -> String {
        self.0.get_value()
    }

    /// The record was created: the next one gets a new key.
    pub fn renew(self) {
        self.0.set_value(api::new_idempotency_key());
    }
}

impl Default for CreateKey {
    fn default() -> Self {
        Self::new()
    }
}
