//! Who asks and how to reach them: name, e-mail, phone, what they are to the
//! organisation, postal address. Which fields are required comes from the
//! widget's configuration; the labels say it in words.
use leptos::prelude::*;
use pw_model::dsr::PersonCategory;
use pw_model::RequiredFields;

use super::FormState;
use crate::components::{Field, FieldKind, FieldValue};
use crate::i18n::{t, tr, Key};

/// One text field of the draft, labelled "(required)" or "(optional)", its
/// message shown once the visitor tried to send.
#[component]
pub(super) fn DraftField(
    form: FormState,
    /// Element id (also its test id).
    id: &'static str,
    /// The label's text.
    key: Key,
    /// The body's JSON field name, for its message.
    field: &'static str,
    /// Required by the configuration.
    required: bool,
    /// The draft member it edits.
    value: FieldValue,
    #[prop(optional)] kind: FieldKind,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// Help under the label.
    #[prop(optional)]
    hint: Option<Key>,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let locale = form.locale;
    let hint = Signal::derive(move || hint.map(|k| t(locale.get(), k).to_string()));
    view! {
        <Field id label=form.label(key, required) value error=form.error(field) required kind
            autocomplete=autocomplete.unwrap_or_default() hint rows show_errors=true mark_required=false />
    }
}

/// Name, contact, category and address fields.
#[component]
pub(super) fn RequesterFields(form: FormState, required: RequiredFields) -> impl IntoView {
    let r = required;
    view! {
        <div class="pw-row">
            <DraftField form id="pw-given-name" key=Key::FieldGivenName field="givenName" required=r.given_name
                value=form.text(|d| &d.given_name, |d| &mut d.given_name) autocomplete="given-name" />
            <DraftField form id="pw-family-name" key=Key::FieldFamilyName field="familyName" required=r.family_name
                value=form.text(|d| &d.family_name, |d| &mut d.family_name) autocomplete="family-name" />
        </div>
        <DraftField form id="pw-email" key=Key::FieldEmail field="email" required=r.email
            value=form.text(|d| &d.email, |d| &mut d.email) kind=FieldKind::Email autocomplete="email" />
        <DraftField form id="pw-phone" key=Key::FieldPhone field="phoneNumber" required=r.phone_number
            value=form.text(|d| &d.phone_number, |d| &mut d.phone_number) kind=FieldKind::Tel autocomplete="tel" />
        <PersonCategorySelect form />
        <DraftField form id="pw-address" key=Key::FieldAddress field="address" required=r.address
            value=form.text(|d| &d.address, |d| &mut d.address) autocomplete="street-address" />
        <div class="pw-row">
            <DraftField form id="pw-zip" key=Key::FieldZip field="zipCode" required=r.zip_code
                value=form.text(|d| &d.zip_code, |d| &mut d.zip_code) autocomplete="postal-code" />
            <DraftField form id="pw-city" key=Key::FieldCity field="city" required=r.city
                value=form.text(|d| &d.city, |d| &mut d.city) autocomplete="address-level2" />
        </div>
        <DraftField form id="pw-country" key=Key::FieldCountry field="countryCode" required=r.country_code
            value=form.text(|d| &d.country_code, |d| &mut d.country_code) autocomplete="country" />
    }
}

/// What the visitor is to the organisation (customer, employee ...).
#[component]
fn PersonCategorySelect(form: FormState) -> impl IntoView {
    let (draft, locale) = (form.draft, form.locale);
    let error = form.error("personCategory");
    view! {
        <div class="pw-field" class:pw-field--invalid=move || error.get().is_some()>
            <label class="pw-field__label" for="pw-person-category">{form.label(Key::FieldPersonCategory, false)}</label>
            <select
                id="pw-person-category"
                class="pw-field__control"
                prop:value=move || draft.with(|d| d.person_category.clone())
                on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.person_category = v) }
            >
                <option value="">{tr(locale, Key::ChooseOne)}</option>
                {PersonCategory::ALL.iter().map(|c| {
                    let key = person_category_key(c);
                    view! { <option value=c.as_str()>{move || t(locale.get(), key)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

fn person_category_key(c: &PersonCategory) -> Key {
    match c {
        PersonCategory::Customer => Key::PersonCustomer,
        PersonCategory::Employee => Key::PersonEmployee,
        PersonCategory::Candidate => Key::PersonCandidate,
        PersonCategory::Prospect | PersonCategory::Other(_) => Key::PersonProspect,
    }
}
