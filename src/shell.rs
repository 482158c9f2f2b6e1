//! The widget's first screen, drawn by `public/loader.js` without any wasm:
//! the launcher, the panel frame (language, close), the consent banner and the
//! menu. They are Leptos components like the rest of the widget, rendered to
//! plain HTML once per language at build time (`src/bin/shell.rs`, Leptos
//! `ssr`) and inlined into the built loader, so the markup and its strings
//! have one source: these components and `src/i18n`.
//!
//! The loader finds its way around the markup by data attributes only:
//! `data-pw="<action>"` on every control it handles, `data-pw-view` on the
//! slot where a view goes, `data-pw-policy` on the privacy-policy link and
//! `data-pw-reask` on the re-ask note; `data-testid` is for tests.
use leptos::prelude::*;
use serde::Serialize;

use crate::i18n::{t, Key, Locale};

/// The floating button a visitor opens the widget with.
#[component]
pub fn Launcher(locale: Locale) -> impl IntoView {
    view! {
        <button class="pw-launcher" type="button" data-testid="pw-launcher" aria-haspopup="dialog" data-pw="launcher">
            {t(locale, Key::PrivacyChoices)}
        </button>
    }
}

/// The panel around every view: language switcher, close button (floating
/// only: the loader removes it inline) and the slot the view is drawn in.
#[component]
pub fn Frame(locale: Locale) -> impl IntoView {
    view! {
        <div class="pw-panel" role="dialog" aria-label=t(locale, Key::PrivacyChoices) data-testid="pw-panel">
            <div class="pw-toolbar">
                <span class="pw-org" data-pw-org></span>
                <label class="pw-sr-only" for="pw-locale">{t(locale, Key::Language)}</label>
                <select id="pw-locale" class="pw-locale" data-testid="pw-locale" data-pw="locale">
                    {Locale::ALL.into_iter().map(|l| {
                        let selected = l == locale;
                        view! { <option value=l.tag() lang=l.tag() selected=selected>{l.native_name()}</option> }
                    }).collect_view()}
                </select>
                <button class="pw-icon-button" type="button" data-testid="pw-close" data-pw="close" aria-label=t(locale, Key::Close)>"×"</button>
            </div>
            <div class="pw-view" data-pw-view></div>
        </div>
    }
}

/// The first-visit and re-ask banner: one sentence, a link to the privacy
/// policy, and three equally weighted answers.
#[component]
pub fn Banner(locale: Locale) -> impl IntoView {
    view! {
        <section class="pw-consent" data-testid="pw-banner" aria-labelledby="pw-banner-title">
            <h2 class="pw-title" id="pw-banner-title">{t(locale, Key::ConsentTitle)}</h2>
            <p class="pw-note" data-testid="pw-reask-notice" data-pw-reask hidden>{t(locale, Key::ReaskBanner)}</p>
            <p class="pw-intro">
                {t(locale, Key::ConsentIntro)}" "
                <a class="pw-link" data-pw-policy target="_blank" rel="noopener noreferrer">{t(locale, Key::PrivacyPolicy)}</a>
            </p>
            <div class="pw-actions pw-actions--equal" role="group" aria-labelledby="pw-banner-title">
                <button class="pw-button" type="button" data-testid="pw-accept-all" data-pw="accept">{t(locale, Key::AcceptAll)}</button>
                <button class="pw-button" type="button" data-testid="pw-reject-all" data-pw="reject">{t(locale, Key::RejectAll)}</button>
                <button class="pw-button" type="button" data-testid="pw-customise" data-pw="customise">{t(locale, Key::Customise)}</button>
            </div>
            <p class="pw-status" role="status" aria-live="polite" data-testid="pw-consent-status"></p>
        </section>
    }
}

/// The banner of a notice-only region: the sentence, the policy link, and an
/// acknowledgement beside Customise (optional types run unless refused).
#[component]
pub fn Notice(locale: Locale) -> impl IntoView {
    view! {
        <section class="pw-consent" data-testid="pw-notice" aria-labelledby="pw-notice-title">
            <h2 class="pw-title" id="pw-notice-title">{t(locale, Key::ConsentTitle)}</h2>
            <p class="pw-intro">
                {t(locale, Key::NoticeIntro)}" "
                <a class="pw-link" data-pw-policy target="_blank" rel="noopener noreferrer">{t(locale, Key::PrivacyPolicy)}</a>
            </p>
            <div class="pw-actions pw-actions--equal" role="group" aria-labelledby="pw-notice-title">
                <button class="pw-button" type="button" data-testid="pw-acknowledge" data-pw="acknowledge">{t(locale, Key::Acknowledge)}</button>
                <button class="pw-button" type="button" data-testid="pw-customise" data-pw="customise">{t(locale, Key::Customise)}</button>
            </div>
        </section>
    }
}

/// The opt-out entry of an opt-out region (US state laws): what happens by
/// default, and the one button that opts out of every optional type.
/// `data-pw-opted-out` is shown instead of the button once opted out.
#[component]
pub fn OptOut(locale: Locale) -> impl IntoView {
    view! {
        <section class="pw-consent" data-testid="pw-opt-out" aria-labelledby="pw-opt-out-title">
            <h2 class="pw-title" id="pw-opt-out-title">{t(locale, Key::ConsentTitle)}</h2>
            <p class="pw-intro">
                {t(locale, Key::OptOutIntro)}" "
                <a class="pw-link" data-pw-policy target="_blank" rel="noopener noreferrer">{t(locale, Key::PrivacyPolicy)}</a>
            </p>
            <p class="pw-note" role="status" data-testid="pw-opted-out" data-pw-opted-out hidden>{t(locale, Key::OptedOut)}</p>
            <div class="pw-actions">
                <button class="pw-button" type="button" data-testid="pw-do-not-sell" data-pw="do-not-sell">{t(locale, Key::DoNotSell)}</button>
            </div>
        </section>
    }
}

/// A choice between the views (the loader drops an entry the site or the
/// region does not use, and skips the menu when one entry is left).
#[component]
pub fn Menu(locale: Locale) -> impl IntoView {
    view! {
        <nav class="pw-menu" aria-label=t(locale, Key::PrivacyChoices)>
            <button class="pw-button" type="button" data-testid="pw-open-opt-out" data-pw="optout">{t(locale, Key::DoNotSell)}</button>
            <button class="pw-button" type="button" data-testid="pw-open-consent" data-pw="preferences">{t(locale, Key::PrivacyChoices)}</button>
            <button class="pw-button" type="button" data-testid="pw-open-dsr" data-pw="dsr">{t(locale, Key::MakeRequest)}</button>
        </nav>
    }
}

/// While a view's bundle loads.
#[component]
pub fn Loading(locale: Locale) -> impl IntoView {
    view! { <p class="pw-hint" aria-busy="true" data-testid="pw-loading">{t(locale, Key::Loading)}</p> }
}

/// When a bundle or the consent types could not be loaded.
#[component]
pub fn LoadError(locale: Locale) -> impl IntoView {
    view! { <p class="pw-alert" role="alert" data-testid="pw-load-error">{t(locale, Key::ConsentLoadError)}</p> }
}

/// What stands in for an embed (`data-consent` + `data-src`) until its
/// consent type is accepted; the loader writes the type's name as text.
#[component]
pub fn Placeholder(locale: Locale) -> impl IntoView {
    view! {
        <div class="pw-placeholder" role="group" data-testid="pw-placeholder">
            <p class="pw-placeholder__text">{t(locale, Key::EmbedBlocked)}" "<strong data-pw-name></strong></p>
            <button class="pw-button" type="button" data-testid="pw-load" data-pw="load">{t(locale, Key::LoadEmbed)}</button>
        </div>
    }
}

/// Everything the loader draws, in one language.
#[derive(Debug, Serialize)]
pub struct Shell {
    /// [`Launcher`].
    pub launcher: String,
    /// [`Frame`].
    pub frame: String,
    /// [`Banner`].
    pub banner: String,
    /// [`Notice`].
    pub notice: String,
    /// [`OptOut`].
    pub optout: String,
    /// [`Menu`].
    pub menu: String,
    /// [`Loading`].
    pub loading: String,
    /// [`LoadError`].
    pub error: String,
    /// Spoken after a choice is saved from the banner (inline mode keeps it).
    pub saved: &'static str,
    /// [`Placeholder`].
    pub placeholder: String,
}

impl Shell {
    /// Renders every piece in `locale`.
    pub fn render(locale: Locale) -> Self {
        // `<!>` marks text-node boundaries for hydration, which this HTML never has.
        let html = |view: AnyView| view.to_html().replace("<!>", "");
        Self {
            launcher: html(view! { <Launcher locale /> }.into_any()),
            frame: html(view! { <Frame locale /> }.into_any()),
            banner: html(view! { <Banner locale /> }.into_any()),
            notice: html(view! { <Notice locale /> }.into_any()),
            optout: html(view! { <OptOut locale /> }.into_any()),
            menu: html(view! { <Menu locale /> }.into_any()),
            loading: html(view! { <Loading locale /> }.into_any()),
            error: html(view! { <LoadError locale /> }.into_any()),
            saved: t(locale, Key::ChoicesSaved),
            placeholder: html(view! { <Placeholder locale /> }.into_any()),
        }
    }
}

/// The widget stylesheet with comments and layout whitespace removed; the
/// loader adopts it into the shadow root for every view, the bundles' too.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut min = String::with_capacity(words.len());
    for (i, c) in words.char_indices() {
        let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
        if c == ' ' {
            let prev = words[..i].chars().next_back();
            let next = words[i + 1..].chars().next();
            if prev.is_some_and(tight) || next.is_some_and(tight) {
                continue;
            }
        }
        min.push(c);
    }
    min.replace(";}", "}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_renders_every_piece_with_its_hooks() {
        for l in Locale::ALL {
            let s = Shell::render(l);
            assert!(s.banner.contains(t(l, Key::AcceptAll)), "{l:?}");
            for hook in [
                "data-pw=\"accept\"",
                "data-pw=\"reject\"",
                "data-pw=\"customise\"",
                "data-pw-policy",
                "data-pw-reask",
            ] {
                assert!(s.banner.contains(hook), "{l:?} banner lacks {hook}");
            }
            assert!(s.frame.contains("data-pw-view") && s.frame.contains("data-pw=\"close\""));
            assert!(
                s.frame.contains("data-pw-org"),
                "{l:?} frame lacks the name's slot"
            );
            assert!(
                s.placeholder.contains("data-pw=\"load\"")
                    && s.placeholder.contains("data-pw-name"),
                "{l:?} placeholder lacks its hooks"
            );
            assert!(s.frame.contains(&format!(
                "value=\"{}\" lang=\"{}\" selected",
                l.tag(),
                l.tag()
            )));
            assert!(
                s.menu.contains("data-pw=\"dsr\"")
                    && s.menu.contains("data-pw=\"preferences\"")
                    && s.menu.contains("data-pw=\"optout\"")
            );
            assert!(
                s.notice.contains("data-pw=\"acknowledge\"") && s.notice.contains("data-pw-policy")
            );
            assert!(
                s.optout.contains("data-pw=\"do-not-sell\"")
                    && s.optout.contains("data-pw-opted-out")
                    && s.optout.contains(t(l, Key::DoNotSell))
            );
            assert!(s.launcher.contains(t(l, Key::PrivacyChoices)));
            // Plain HTML: no hydration markers, no inline style or script.
            let all = [
                &s.launcher,
                &s.frame,
                &s.banner,
                &s.menu,
                &s.loading,
                &s.error,
                &s.notice,
                &s.optout,
                &s.placeholder,
            ];
            for html in all {
                assert!(
                    !html.contains("<!") && !html.contains("style=") && !html.contains("<script")
                );
            }
        }
    }

    #[test]
    fn css_minifier_keeps_rules() {
        let css = "/* c */ :host {\n  all: initial !important;\n}\n.a > .b , .c { x: 1px; }";
        assert_eq!(
            minify_css(css),
            ":host{all: initial !important}.a > .b,.c{x: 1px}"
        );
    }
}
