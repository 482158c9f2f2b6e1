//# allFunctionsCalledOnLoad
/* Privacy Widget loader: the one script a host page includes.
 * It runs on every page view of the host site, so it does what cannot wait
 * and draws the first screen itself, without wasm:
 *  1. applies the visitor's stored consent choices at once (script gating);
 *  2. on a first visit, or when a consent type needs a new answer (one small
 *     manifest request, revalidated with its ETag), draws the banner; Accept
 *     all and Reject all are stored, applied and recorded right here;
 *  3. otherwise draws the launcher and, on demand, the menu;
 *  4. fetches a view bundle (wasm) only for the rich views: the preferences
 *     (Customise) and the DSR form, each mounted into a slot of the panel.
 * The build (src/bin/shell.rs) replaces the build marker below with the
 * shell's markup in every language (Leptos components of src/shell.rs), the
 * widget stylesheet, the versioned bundle paths and public/consent-rules.js.
 * It creates no inline script or style, so a strict host CSP holds.
 * The first line asks V8 to compile every function while the file streams in,
 * off the main thread (explicit compile hints, Chrome 136+; other browsers
 * read a comment): most of them run on the first page view, and compiling
 * each on its first call was about a quarter of its main-thread time. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || window.PrivacyWidget) return; // included twice: the first one wins
  /*@build@*/
  var d = me.dataset;
  var base = new URL(".", me.src);
  var views = (d.view || "dsr,consent").split(",").map(function (v) { return v.trim(); });
  var hasConsent = views.indexOf("consent") >= 0, hasDsr = views.indexOf("dsr") >= 0;
  var api = (d.api || base.origin).replace(/\/+$/, "");
  var project = api + "/organizations/" + encodeURIComponent(d.organization || "") +
    "/projects/" + encodeURIComponent(d.project || "");
  var storeKey = "pw-consent:" + (d.project || "");
  var inline = !!d.target;
  var locales = LOCALES; // narrowed to the workspace's languages by its settings
  var locale = negotiate(d.locale, navigator.languages, locales);
  var manifest = null; // Promise of the manifest {types, settings}, once asked
  var settingsKey = "pw-settings:" + (d.project || "");
  var settings = null; // the workspace's widget settings (last manifest, or cached)
  var dark = window.matchMedia && matchMedia("(prefers-color-scheme: dark)");
  var typesKey = "pw-types:" + (d.project || ""); // the last manifest's types (Consent Mode)
  var gpc = navigator.globalPrivacyControl === true;
  var regionKey = "pw-region:" + (d.project || "");
  var region = d.region || null; // the host's data-region, else the manifest's (its CDN header)
  var modePushed = false; // a Consent Mode `default` went to the dataLayer
  var known = null; // the active types as the last manifest had them
  var sheet = null; // the widget's stylesheet, shared by every shadow root
  try { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); } catch (e) { /* very old browser: unstyled, still usable */ }
  var host = null, root = null, box = null; // <privacy-widget>, its shadow root, .pw-root
  var shown = null; // the view drawn: "banner", "menu", "preferences", "dsr" or "" (closed)
  var reask = false;
  var bundles = {}; // view -> Promise of its initialised glue module
  var mounted = null; // glue module whose view is in the slot
  var fresh = null; // the types of this view's manifest, once it answered
  var running = []; // Promises of the host scripts gating let in, until they ran

  function now() { return Date.now(); }
  function stored() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function save(s) {
    try { localStorage.setItem(storeKey, JSON.stringify(s)); } catch (e) { /* private mode: this page only */ }
  }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = "";
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h += (i === 4 || i === 6 || i === 8 || i === 10 ? "-" : "") + (b[i] + 256).toString(16).slice(1);
    return h;
  }

  /** Turns `<script type="text/plain" data-consent="a b">` into a real script
   * once every label it names is accepted (inline ones only run where the
   * host CSP allows inline scripts; `src` ones always can), and loads embeds
   * (`<iframe data-consent="a" data-src="...">`, any element with both) the
   * same way; until then an embed stays empty behind a placeholder. */
  function gate(ch) {
    embeds(ch);
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
      if (el.src) {
        if (!el.hasAttribute("async")) s.async = false; // in the page's order, as it wrote them
        track(s);
      } else {
        s.text = el.text;
      }
      el.parentNode.replaceChild(s, el);
    }
  }

  /** Each waiting embed: loaded (its `data-src` becomes `src`) once every
   * label it names is accepted, else hidden behind a placeholder in its own
   * shadow root that names the missing type and offers to load it. */
  function embeds(ch) {
    var list = document.querySelectorAll("[data-consent][data-src]:not(script)");
    for (var i = 0; i < list.length; i++) {
      var el = list[i], labels = el.getAttribute("data-consent").split(/\s+/).filter(Boolean);
      var missing = labels.filter(function (l) { return ch[l] !== true; });
      var ph = el.previousElementSibling;
      if (!ph || ph.localName !== "privacy-widget-placeholder") ph = null;
      if (labels.length && !missing.length) {
        var src = webLink(el.getAttribute("data-src"));
        if (src && el.getAttribute("src") !== src) el.setAttribute("src", src);
        el.hidden = false;
        if (ph) ph.remove();
        continue;
      }
      el.hidden = true;
      if (!ph) {
        ph = document.createElement("privacy-widget-placeholder");
        var r = ph.attachShadow({ mode: "open" });
        if (sheet) r.adoptedStyleSheets = [sheet];
        r.appendChild(document.createElement("div")).className = "pw-root";
        r.firstChild.addEventListener("click", function (e) {
          var b = e.target.closest("[data-pw=load]");
          if (b) answerOne(b.getAttribute("data-label"));
        });
        el.parentNode.insertBefore(ph, el);
      }
      paint(ph);
      var box = ph.shadowRoot.firstChild, names = missing.map(nameOf).join(", ");
      if (box.lang !== locale || box.getAttribute("data-names") !== names) {
        box.lang = locale;
        box.setAttribute("data-names", names);
        box.innerHTML = SHELL[locale].placeholder;
        box.querySelector("[data-pw-name]").textContent = names;
        box.querySelector("[data-pw=load]").setAttribute("data-label", missing[0]);
      }
    }
  }

  /** A type's name for the visitor (the last manifest's), else its label. */
  function nameOf(label) {
    var t = (known || []).filter(function (t) { return labelOf(t) === label; })[0];
    return (t && t.name) || label;
  }

  /** The compact manifest: the project's active consent types and the
   * workspace's widget settings (a simple CORS GET, no preflight; the browser
   * revalidates it with its ETag). */
  function fetchManifest() {
    if (!manifest) {
      manifest = !d.organization || !d.project ? Promise.reject(0) :
        fetch(project + "/consent-manifest?key=" + encodeURIComponent(d.key || ""))
          .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
      manifest.then(function (m) {
        var list = m.types || [];
        known = fresh = list;
        if (!d.region) region = m.region || null;
        try {
          localStorage.setItem(typesKey, JSON.stringify(list));
          localStorage.setItem(regionKey, region || "");
        } catch (e) { /* this page only */ }
        var changed = m.settings && JSON.stringify(m.settings) !== JSON.stringify(settings);
        if (m.settings) settings = m.settings; // its policy and refusal period apply at once
        if (document.body) gate(current()); // names, and what runs under the policy
        // A mapping this view did not know yet (first visit, or a change), or
        // a policy under which undecided types run.
        if (maps(list) && (!modePushed || policy() !== "opt-in")) consentMode(list, null);
        if (!changed) return; // as cached: drawn so
        drawSettings();
        try { localStorage.setItem(settingsKey, JSON.stringify(m.settings)); } catch (e) { /* this page only */ }
      }, function () { manifest = null; }); // a later click asks again
    }
    return manifest;
  }
  function types() { return fetchManifest().then(function (m) { return m.types || []; }); }

  /** The region policy that applies now: opt-in until the region is known. */
  function policy() { return policyFor(settings, region); }
  /** {label: runs} under the stored choices and the policy. */
  function current() { return effective(known || [], stored(), now(), policy(), gpc); }
  /** Under opt-out: every refusable type declined (the visitor opted out). */
  function optedOut() {
    var s = summary(stored(), now());
    return (known || []).filter(function (t) { return isActive(t) && !isLocked(t); })
      .every(function (t) { return s[labelOf(t)] === false; });
  }

  /** Draws the workspace's settings anew: languages, colours, name and
   * policy link. */
  function drawSettings() {
    var allowed = (settings.locales || []).filter(function (l) { return LOCALES.indexOf(l) >= 0; });
    if (allowed.length) locales = allowed;
    paint();
    var next = negotiate(d.locale, navigator.languages, locales);
    if (next !== locale) setLocale(next, false);
    else if (box && !mounted && shown !== null) show(shown, false);
  }

  /** Theme and accents of the settings on our element: an attribute and
   * CSSOM custom properties, which a strict CSP allows (style attributes in
   * markup it does not). */
  function paint(el) {
    el = el || host;
    if (!el) return;
    var s = settings || {}, theme = s.theme === "light" || s.theme === "dark" ? s.theme : dark && dark.matches ? "dark" : "light";
    el.setAttribute("data-theme", theme);
    if (s.accentLight) el.style.setProperty("--pw-accent-light", s.accentLight);
    if (s.accentDark) el.style.setProperty("--pw-accent-dark", s.accentDark);
  }

  /** Sends the record the server has not confirmed (this view's answer, or
   * one a closed tab could not send); forgets it once the server took it or
   * refused it for good. */
  function sendUnsent() {
    var pending = stored().unsent;
    if (!pending) return;
    fetch(project + "/consent-records", {
      method: "POST", keepalive: true, body: JSON.stringify(pending[0]),
      headers: { "content-type": "application/json", "x-api-key": d.key || "", "idempotency-key": pending[1] },
    }).then(function (r) {
      if (!r.ok && (r.status < 400 || r.status > 499 || r.status === 408 || r.status === 429)) return;
      var s = stored();
      if (s.unsent && s.unsent[1] === pending[1]) { delete s.unsent; save(s); }
    }, function () { /* offline: the next page view sends it */ });
  }

  /** Google Consent Mode v2: `default` while the page parses (so before the
   * Google tag placed after us), `update` after every choice; only once a
   * type maps a signal, or before the first manifest (all denied). */
  function gtag() { (window.dataLayer = window.dataLayer || []).push(arguments); }
  function maps(list) { return list.some(function (t) { return t.consentMode && t.consentMode.length; }); }
  function consentMode(list, choice) {
    var signals = consentSignals(list, stored(), now(), gpc, policy());
    if (!modePushed) signals.wait_for_update = 500;
    gtag("consent", modePushed ? "update" : "default", signals);
    modePushed = true;
    if (choice) window.dataLayer.push({ event: "privacywidget_consent", privacywidget_choices: choice });
  }

  /** Dispatches `name` on our element; it bubbles to the host page. */
  function emit(name, detail) {
    host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail: detail }));
  }

  /** Accept all / Reject all from the banner, "Do not sell or share" (source
   * "opt-out"), or, with `only`, accepting one type from an embed's
   * placeholder: stored, applied and recorded with no wasm. */
  function answer(accepted, only, source) {
    source = only ? "placeholder" : source || "banner";
    var decide = function (list) {
      var s = stored(), at = now();
      if (!s.subjectId) s.subjectId = uuid();
      if (only) list = list.filter(function (t) { return labelOf(t) === only; });
      var record = decideAll(s, list, accepted, source, at);
      record.gpc = gpc;
      record.policy = policy();
      if (region) record.region = region;
      if (record.decisions.length) s.unsent = [record, uuid()];
      save(s);
      emit("privacywidget:consent", { choices: summary(s, at), source: source });
      afterHostScripts(sendUnsent);
    };
    // In this click's task when the manifest has answered: the host's
    // scripts start loading before anything else happens.
    if (fresh) return decide(fresh);
    types().then(decide, function () {
      var status = box && box.querySelector("[data-testid=pw-consent-status]");
      if (status) status.textContent = text("error");
    });
  }

  /** Keeps `script` in `running` until it has loaded (or failed). */
  function track(script) {
    var loaded = new Promise(function (done) { script.onload = script.onerror = done; });
    running.push(loaded);
    loaded.then(function () { running.splice(running.indexOf(loaded), 1); });
  }

  /** Runs `fn` once the host scripts a choice let in have loaded and run
   * (or after 300 ms): on a slow device the widget's own work (the record,
   * redrawing) must not hold them up. */
  function afterHostScripts(fn) {
    var wait = running.slice();
    var late = new Promise(function (done) { setTimeout(done, 300); });
    Promise.race([Promise.all(wait), late]).then(function () { setTimeout(fn); });
  }
  /** Runs `fn` once the frame being prepared is drawn (a hidden tab draws
   * none: at most 100 ms later). The manifest's request starts so: its
   * fetch() call takes 3-4 ms of main thread (four times that on a slow
   * phone) that the first screen's frame need not wait for, and the request
   * still runs while the browser paints (BENCHMARKS.md, "Where this
   * widget's first screen waits"). */
  function afterFrame(fn) {
    var done = false, go = function () { if (!done) { done = true; fn(); } };
    requestAnimationFrame(function () { setTimeout(go); });
    setTimeout(go, 100);
  }
  function answerOne(label) { ensureRoot(); answer(true, label); }

  function text(piece) {
    var t = document.createElement("div");
    t.innerHTML = SHELL[locale][piece];
    return t.textContent;
  }

  /** Creates our element, its shadow root and the root box, once. */
  function ensureRoot() {
    if (box) return;
    host = document.createElement("privacy-widget");
    var target = d.target && document.querySelector(d.target);
    (target || document.body).appendChild(host);
    paint();
    if (dark && dark.addEventListener) dark.addEventListener("change", function () { paint(); });
    root = host.attachShadow({ mode: "open" });
    if (sheet) root.adoptedStyleSheets = [sheet];
    box = document.createElement("div");
    box.className = inline ? "pw-root" : "pw-root pw-root--floating";
    root.appendChild(box);
    box.addEventListener("click", onClick);
    box.addEventListener("change", function (e) {
      if (e.target.getAttribute("data-pw") === "locale") setLocale(e.target.value, true);
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !inline && shown) close(true);
    });
    // A saved choice (banner or preferences): apply it, and a floating panel
    // has done its job.
    host.addEventListener("privacywidget:consent", function (e) {
      gate(current());
      types().then(function (list) { if (maps(list) || modePushed) consentMode(list, e.detail.choices || {}); }, function () {});
      if (e.detail.source === "placeholder") return; // the panel or banner stays as it was
      if (e.detail.source === "opt-out") return show("optout", false); // says it is done
      if (inline) {
        var status = box.querySelector("[data-testid=pw-consent-status]");
        if (status) status.textContent = SHELL[locale].saved;
        return;
      }
      // After the dispatching code returned: a bundle must not be unmounted
      // from inside its own click handler. Keyboard focus goes to the launcher.
      var focused = !!root.activeElement;
      afterHostScripts(function () { close(focused); });
    });
  }

  function onClick(e) {
    var el = e.target.closest && e.target.closest("[data-pw]");
    if (!el || el.tagName === "SELECT") return;
    var action = el.getAttribute("data-pw");
    if (action === "launcher") open("menu", true);
    else if (action === "close") close(true);
    else if (action === "accept" || action === "reject") answer(action === "accept");
    else if (action === "do-not-sell") answer(false, null, "opt-out");
    else if (action === "acknowledge") {
      var s = stored();
      s.acknowledged = now();
      save(s);
      close(!!root.activeElement);
    }
    else if (action === "customise") show("preferences", true); // re-ask mode if the banner re-asked
    else {
      if (action === "preferences") reask = false; // from the menu: every type
      show(action, true); // "preferences", "dsr"
    }
  }

  /** The view a menu of one entry stands for. */
  function menuOrOnly() {
    return hasConsent && (hasDsr || policy() === "opt-out") ? "menu" : hasDsr ? "dsr" : "preferences";
  }

  /** Draws `view` in the panel ("" closes it to the launcher). `focus`: the
   * visitor asked for it, so keyboard focus moves into it. */
  function show(view, focus) {
    ensureRoot();
    if (mounted) { mounted.unmount(); mounted = null; }
    if (!view && inline) view = menuOrOnly(); // an inline block always shows something
    shown = view;
    box.lang = locale;
    var shell = SHELL[locale];
    if (!view) {
      box.innerHTML = shell.launcher;
      if (focus) box.firstElementChild.focus();
      return;
    }
    var slot = drawFrame();
    if (view === "banner" || view === "notice" || view === "optout") {
      slot.innerHTML = shell[view];
      var link = slot.querySelector("[data-pw-policy]");
      var url = webLink((settings && settings.privacyPolicyUrl) || d.policy);
      if (url) link.href = url; else link.remove();
      if (view === "banner") slot.querySelector("[data-pw-reask]").hidden = !reask;
      if (view === "optout" && optedOut()) {
        slot.querySelector("[data-pw-opted-out]").hidden = false;
        slot.querySelector("[data-pw=do-not-sell]").remove();
      }
    } else if (view === "menu") {
      slot.innerHTML = shell.menu;
      var drop = [hasConsent ? "" : "preferences", hasDsr ? "" : "dsr", hasConsent && policy() === "opt-out" ? "" : "optout"];
      drop.forEach(function (a) { var b = a && slot.querySelector("[data-pw=" + a + "]"); if (b) b.remove(); });
    } else {
      slot.innerHTML = shell.loading;
      mount(view, slot, focus);
    }
    if (focus) focusIn(slot);
  }

  /** Draws the panel frame in the current language (no close button inline)
   * and returns its empty view slot. */
  function drawFrame() {
    box.lang = locale;
    box.innerHTML = SHELL[locale].frame;
    if (inline) box.querySelector("[data-pw=close]").remove();
    box.querySelector("[data-pw-org]").textContent = (settings && settings.organisationName) || "";
    var options = box.querySelectorAll("[data-pw=locale] option");
    for (var i = 0; i < options.length; i++) if (locales.indexOf(options[i].value) < 0) options[i].remove();
    return box.querySelector("[data-pw-view]");
  }

  /** `href` resolved against the host page if it is a web link, else "". */
  function webLink(href) {
    try {
      var url = new URL(href, location.href);
      return href && /^https?:$/.test(url.protocol) ? url.href : "";
    } catch (e) { return ""; }
  }

  function focusIn(el) {
    var f = el.querySelector("button, input, select, textarea, a[href]");
    if (f) f.focus();
  }

  /** Fetches the glue and the wasm of `view`'s bundle in parallel, once. */
  function bundle(view) {
    var path = BUNDLES[view === "dsr" ? "dsr" : "prefs"];
    if (!bundles[view]) {
      var wasm = fetch(new URL(path + "_bg.wasm", base));
      bundles[view] = import(new URL(path + ".js", base).href).then(function (glue) {
        return glue.default({ module_or_path: wasm }).then(function () { return glue; });
      });
      bundles[view].catch(function (e) {
        delete bundles[view]; // a later open tries again
        console.warn("Privacy Widget: could not load a view", e);
      });
    }
    return bundles[view];
  }

  function mount(view, slot, focus) {
    // The form needs the workspace's settings (required fields, offered
    // types); without a manifest it uses the defaults and the server decides.
    var known = fetchManifest().then(function (m) { return m.settings || null; }, function () { return null; });
    Promise.all([bundle(view), known]).then(function (both) {
      var glue = both[0];
      if (shown !== view || !slot.isConnected) return; // closed or changed meanwhile
      slot.innerHTML = "";
      glue.mount(slot, JSON.stringify({
        api: api, workspace: d.workspace || "", organization: d.organization || "",
        project: d.project || "", key: d.key || "", widgetId: d.widgetId ? Number(d.widgetId) : null,
        locale: locale, required: d.required || "", reask: reask, settings: both[1] || settings,
        region: region, policy: policy(),
      }));
      mounted = glue;
      if (focus) setTimeout(function () { focusIn(slot); });
    }, function () {
      if (shown === view) slot.innerHTML = SHELL[locale].error;
    });
  }

  function open(view, focus) {
    view = !view || view === "menu" ? menuOrOnly() : view === "consent" ? "preferences" : view;
    if (["banner", "menu", "preferences", "dsr", "optout", "notice"].indexOf(view) < 0) return;
    show(view, focus);
  }

  function close(focus) { if (shown !== "") show("", focus); }

  /** Switches the language; `focus`: the visitor chose it in our switcher,
   * which keeps keyboard focus. */
  function setLocale(tag, focus) {
    var next = negotiate(tag, [], locales);
    if (next === locale && tag !== locale) return;
    locale = next;
    if (!box || shown === null) return;
    if (mounted) {
      // Keep the mounted view: move its slot into the frame drawn anew.
      var slot = box.querySelector("[data-pw-view]");
      drawFrame().replaceWith(slot);
      mounted.setLocale(locale);
    } else {
      show(shown, false);
    }
    var select = box.querySelector("[data-pw=locale]");
    if (focus && select) select.focus();
  }

  window.PrivacyWidget = {
    /** Shows `view`: "preferences", "dsr", "banner", "optout" or "menu" (default). */
    open: function (view) { open(view, true); },
    /** Closes the panel (the launcher stays). */
    close: function () { close(false); },
    /** Switches the language: "en", "fr", "nl" or "de". */
    setLocale: function (tag) { setLocale(tag, false); },
    /** What runs, {label: accepted}, without any request: the visitor's live
     * choices and, under an opt-out or notice policy, the undecided types. */
    choices: function () { return current(); },
  };

  try { settings = JSON.parse(localStorage.getItem(settingsKey)); } catch (e) { /* none yet */ }
  if (settings) {
    locales = (settings.locales || []).filter(function (l) { return LOCALES.indexOf(l) >= 0; });
    if (!locales.length) locales = LOCALES;
    locale = negotiate(d.locale, navigator.languages, locales);
  }
  var atLoad = stored(); // read once for what runs before anything is drawn
  try {
    known = JSON.parse(localStorage.getItem(typesKey));
    if (!region) region = localStorage.getItem(regionKey) || null;
  } catch (e) { /* none yet */ }
  if (!Array.isArray(known)) known = null;
  if (!known || maps(known)) consentMode(known || [], null);
  gate(current());
  var first = hasConsent && !Object.keys(atLoad.choices || {}).length;
  afterFrame(fetchManifest); // while the browser draws the first screen

  /** What the first screen asks under the policy: the banner (opt-in), the
   * notice until acknowledged, nothing under opt-out (the launcher's menu
   * has the opt-out entry). */
  function firstView(asked) {
    var p = policy();
    if (p === "opt-out") return "";
    if (p === "notice") return first && !stored().acknowledged ? "notice" : "";
    return asked ? "banner" : "";
  }
  function start() {
    sendUnsent();
    if (first) show(firstView(true), false); // strictest until the manifest says otherwise
    else if (!hasConsent) show("", false);
    if (!hasConsent) return;
    afterFrame(function () { types().then(function (list) {
      var asked = needsAsk(list, stored(), now(), settings && settings.declinedDuration).length > 0;
      var view = firstView(asked);
      if ((shown === "banner" || shown === "notice") && shown !== view) show(view, false); // not to be asked after all
      else if (shown === null || shown === "") {
        reask = asked && !first && view === "banner";
        show(view, false);
      }
    }, function () { if (shown === null) show("", false); }); });
  }
  // Gated scripts below the loader exist once the document is parsed; the
  // first screen need not wait for that, only for a body to draw in.
  function parsed() { gate(current()); if (!started) start(); }
  var started = !!document.body;
  if (started) start();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", parsed, { once: true });
  else if (!started) parsed();
})();
