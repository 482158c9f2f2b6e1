/*! Privacy Widget loader: the one script a host page includes.
 * It runs on every page view of the host site, so it stays small and does
 * only what cannot wait:
 *  1. applies the visitor's stored consent choices at once (script gating);
 *  2. fetches the app (wasm-bindgen glue + wasm, from this script's own
 *     origin) only when something must be shown: first visit, a consent type
 *     that needs a new answer, or the visitor opening the widget. The app is
 *     two bundles: consent (banner, preferences, menu) and the DSR form; each
 *     is fetched only for what is shown.
 * It creates no inline script or style, so a strict host CSP holds. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || window.PrivacyWidget) return; // included twice: the first one wins
  var base = new URL(".", me.src);
  var d = me.dataset;
  var views = (d.view || "dsr,consent").split(",").map(function (v) { return v.trim(); });
  var has = function (v) { return views.indexOf(v) >= 0; };
  var api = (d.api || base.origin).replace(/\/+$/, "");
  var key = "pw-consent:" + (d.project || "");
  var locale = d.locale || "";
  var root = null;
  var launcherEl = null; // the loader's own button, until the app draws its own
  // Bundle name -> path of its glue (the wasm sits beside it as *_bg.wasm).
  var BUNDLES = { consent: "privacy-widget", dsr: "dsr/privacy-dsr" };
  var apps = {}; // bundle name -> Promise of its initialised glue module

  function stored() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function live(c, now) { return !!c && (!c.expires || c.expires > now); }

  /** {label: accepted} for every live choice. */
  function choices() {
    var s = stored().choices || {}, out = {}, now = Date.now();
    for (var l in s) if (live(s[l], now)) out[l] = s[l].state === "accepted";
    return out;
  }

  /** Turns `<script type="text/plain" data-consent="a b">` into a real script
   * once every label it names is accepted. Inline ones only run where the
   * host CSP allows inline scripts; `src` ones always can. */
  function gate(ch) {
    var list = document.querySelectorAll('script[type="text/plain"][data-consent]');
    for (var i = 0; i < list.length; i++) {
      var el = list[i];
      var labels = el.getAttribute("data-consent").split(/\s+/).filter(Boolean);
      if (!labels.length || !labels.every(function (l) { return ch[l] === true; })) continue;
      var s = document.createElement("script");
      for (var j = 0; j < el.attributes.length; j++) {
        var a = el.attributes[j];
        if (a.name !== "type") s.setAttribute(a.name, a.value);
      }
      s.type = el.getAttribute("data-type") || "text/javascript";
      if (!el.src) s.text = el.text;
      el.parentNode.replaceChild(s, el);
    }
  }

  /** Mirrors StoredConsent::needs_ask (src/widget/consent_store.rs) on the
   * server's list, so a returning visitor costs one small JSON request. */
  function needsAsk(types) {
    var s = stored().choices || {}, now = Date.now();
    return types.some(function (t) {
      if (t.status && t.status !== "active") return false;
      var vs = t.validStates || [];
      var refusable = !vs.length || vs.some(function (v) { return v === "declined" || v === "withdrawn" || v === "implied"; });
      if (t.required || !refusable) return false;
      var c = s[t.label || t.id];
      if (!live(c, now)) return true;
      return t.requireReacceptVersion != null && t.requireReacceptVersion > c.version;
    });
  }

  function config(open, bundle) {
    return JSON.stringify({
      api: api, workspace: d.workspace || "", organization: d.organization || "",
      project: d.project || "", key: d.key || "", widgetId: d.widgetId ? Number(d.widgetId) : null,
      locale: locale, view: views.join(","), required: d.required || "", open: open || "",
      inline: !!d.target, noLauncher: bundle !== primary(),
    });
  }

  /** The bundle that draws the launcher and the menu. */
  function primary() { return has("consent") ? "consent" : "dsr"; }
  function bundleFor(view) { return view === "dsr" || !has("consent") ? "dsr" : "consent"; }

  /** The open shadow root everything is drawn in; created on first use. */
  function shadow() {
    if (root) return root;
    var host = document.createElement("privacy-widget");
    var target = d.target && document.querySelector(d.target);
    (target || document.body).appendChild(host);
    root = host.attachShadow({ mode: "open" });
    host.addEventListener("privacywidget:consent", function (e) { gate(e.detail.choices || {}); });
    // A bundle asked for a view it does not carry: load the one that does.
    host.addEventListener("privacywidget:open", function (e) { open(e.detail.view); });
    // A language switch in one bundle applies to the other.
    host.addEventListener("privacywidget:locale", function (e) { setLocale(e.detail.locale); });
    return root;
  }

  // The floating launcher a returning visitor sees, drawn without the app.
  // Its label mirrors i18n Key::PrivacyChoices.
  var LABELS = { en: "Privacy choices", fr: "Choix de confidentialité", nl: "Privacykeuzes", de: "Datenschutz" };
  var SHEET = ":host{all:initial!important;display:block!important}.l{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:600 16px/1.5 system-ui,sans-serif;" +
    "cursor:pointer;border:0;border-radius:999px;padding:.6rem 1.1rem;background:#0b5cad;color:#fff;" +
    "box-shadow:0 8px 28px rgba(0,0,0,.22)}.l:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}";
  function launcher() {
    var r = shadow();
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(SHEET);
      r.adoptedStyleSheets = [sheet];
    } catch (e) { /* very old browser: an unstyled button still works */ }
    var tag = (locale || navigator.language || "en").slice(0, 2).toLowerCase();
    var b = launcherEl = document.createElement("button");
    b.type = "button";
    b.className = "l";
    b.textContent = LABELS[tag] || LABELS.en;
    b.setAttribute("data-testid", "pw-launcher");
    b.setAttribute("aria-haspopup", "dialog");
    b.addEventListener("click", function () {
      open(has("consent") && has("dsr") ? "menu" : has("dsr") ? "dsr" : "preferences");
    });
    r.appendChild(b);
  }

  /** Imports the bundle's glue and fetches its wasm in parallel, then mounts
   * it showing `view`; once loaded, only switches the view. */
  function load(view) {
    var name = bundleFor(view);
    if (apps[name]) return apps[name].then(function (glue) { glue.command("open", view); return glue; });
    var wasm = fetch(new URL(BUNDLES[name] + "_bg.wasm", base));
    var app = apps[name] = import(new URL(BUNDLES[name] + ".js", base).href).then(function (glue) {
      return glue.default({ module_or_path: wasm }).then(function () {
        glue.mount(shadow(), config(view, name));
        if (name === primary() && launcherEl) { launcherEl.remove(); launcherEl = null; }
        return glue;
      });
    });
    app.catch(function (e) {
      delete apps[name]; // let a later open() try again
      console.warn("Privacy Widget failed to load", e);
    });
    return app;
  }

  function open(view) { return load(view || "menu").then(function () {}); }
  function each(name, arg) {
    for (var b in apps) apps[b].then(function (g) { g.command(name, arg); });
  }
  function setLocale(tag) { locale = tag; each("locale", tag); }

  window.PrivacyWidget = {
    /** Loads (if needed) and shows `view`: "dsr", "preferences", "menu". */
    open: open,
    /** Closes the panel (the launcher stays). */
    close: function () { each("close", ""); },
    /** Switches the language: "en", "fr", "nl" or "de". */
    setLocale: setLocale,
    /** The visitor's live choices, {label: accepted}, without loading anything. */
    choices: choices,
  };

  gate(choices());

  function start() {
    gate(choices()); // again: gated scripts below the loader are parsed by now
    var inline = !!d.target;
    if (!has("consent")) return inline ? load("menu") : launcher();
    var s = stored().choices || {};
    if (!Object.keys(s).length) return load("banner"); // first visit
    var url = api + "/organizations/" + d.organization + "/projects/" + d.project + "/consent-types";
    fetch(url, { headers: { "x-api-key": d.key || "" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (types) {
        if (needsAsk(types)) load("banner"); // the panel shows only what needs an answer
        else if (inline) load("menu");
        else launcher();
      }, function () { if (inline) load("menu"); else launcher(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
