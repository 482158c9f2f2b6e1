/*! Privacy Widget loader: the one script a host page includes.
 * It runs on every page view of the host site, so it stays small and does
 * nothing it can skip: the app itself (wasm-bindgen glue + wasm, from this
 * script's own origin) is fetched only when something must be shown.
 * No inline script or style is ever created, so a strict host CSP holds. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || window.PrivacyWidget) return; // included twice: the first one wins
  var base = new URL(".", me.src);
  var data = me.dataset;
  var root = null;
  var app = null; // Promise of the initialised module, once loading started

  /** The widget's configuration, from the script tag's data-* attributes. */
  function config() {
    return {
      api: data.api || base.origin,
      workspace: data.workspace || "",
      key: data.key || "",
      locale: data.locale || "",
      view: data.view || "",
    };
  }

  /** The open shadow root everything is drawn in; created on first use. */
  function shadow() {
    if (root) return root;
    var host = document.createElement("privacy-widget");
    var target = data.target && document.querySelector(data.target);
    (target || document.body).appendChild(host);
    root = host.attachShadow({ mode: "open" });
    return root;
  }

  /** Imports the glue and fetches the wasm in parallel, then mounts the app. */
  function load() {
    if (!app) {
      var wasm = fetch(new URL("privacy-widget_bg.wasm", base));
      app = import(new URL("privacy-widget.js", base).href)
        .then(function (glue) {
          return glue.default({ module_or_path: wasm }).then(function () {
            glue.mount(shadow(), JSON.stringify(config()));
            return glue;
          });
        });
      app.catch(function (e) {
        app = null; // let a later open() try again
        console.warn("Privacy Widget failed to load", e);
      });
    }
    return app;
  }

  window.PrivacyWidget = {
    /** Loads (if needed) and shows the widget. */
    open: function () { return load().then(function () {}); },
  };

  function start() { load(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
