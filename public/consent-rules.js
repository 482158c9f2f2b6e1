/* Consent rules of the loader: the JavaScript twin of StoredConsent
 * (src/widget/consent_store.rs) and IsoDuration::add_to_unix_millis
 * (model/src/duration.rs). The build inlines this file into loader.js; both
 * sides are tested against one table of cases, tests/vectors/consent_rules.json
 * (a native Rust test and tests/e2e/consent_rules.test.mjs).
 * Types are the manifest's: {id, label, version, requireReacceptVersion,
 * consentDuration, required, validStates, status}; `stored` is the object kept
 * in localStorage["pw-consent:<project>"]. */

function labelOf(t) { return t.label || t.id; }
function isActive(t) { return !t.status || t.status === "active"; }
function live(c, now) { return !!c && (c.expires == null || c.expires > now); }

/** Required, or no refusing state among `validStates`: shown on, never asked. */
function isLocked(t) {
  var vs = t.validStates || [];
  var refusable = !vs.length || vs.some(function (v) {
    return v === "declined" || v === "withdrawn" || v === "implied";
  });
  return !!t.required || !refusable;
}

/** Labels of the active types the visitor must be asked about; a refusal
 * is asked again once `declinedFor` (ISO 8601 duration, or none) has passed. */
function needsAsk(types, stored, now, declinedFor) {
  var choices = (stored && stored.choices) || {};
  return types.filter(function (t) {
    if (!isActive(t) || isLocked(t)) return false;
    var c = choices[labelOf(t)];
    if (!live(c, now)) return true;
    if (c.state === "declined" && declinedFor) {
      var until = addDuration(declinedFor, c.at || 0);
      if (until != null && until <= now) return true;
    }
    return t.requireReacceptVersion != null && t.requireReacceptVersion > c.version;
  }).map(labelOf);
}

/** The policy of `region` (`DE`, `US-CA`) under the settings' rules: the
 * subdivision's, its country's, the default; "opt-in" when the region is
 * unknown (WidgetSettings::policy_for). */
function policyFor(settings, region) {
  region = String(region || "").trim().toUpperCase();
  if (!/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(region)) return "opt-in";
  var rules = (settings && settings.regionRules) || [];
  function rule(code) {
    for (var i = 0; i < rules.length; i++) if (String(rules[i].region).toUpperCase() === code) return rules[i].policy;
  }
  return rule(region) || rule(region.slice(0, 2)) || (settings && settings.defaultPolicy) || "opt-in";
}

/** {label: runs} for gating: the live choices, and under an opt-out or
 * notice policy every undecided active type too (on, except under opt-out
 * with Global Privacy Control, which opts out). The panel's
 * StoredConsent::initial_toggles starts its switches the same way. */
function effective(types, stored, now, policy, gpc) {
  var out = summary(stored, now);
  if (policy !== "opt-out" && policy !== "notice") return out;
  types.filter(isActive).forEach(function (t) {
    var l = labelOf(t);
    if (!(l in out)) out[l] = isLocked(t) || !(gpc && policy === "opt-out");
  });
  return out;
}

/** `ms` plus an ISO 8601 duration, calendar-aware (the day is clamped to the
 * target month: Jan 31 + P1M = Feb 28/29); null if `iso` is not one. */
function addDuration(iso, ms) {
  var m = /^P(?:(\d+)W|(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/.exec(iso || "");
  if (!m || iso === "P" || /T$/.test(iso)) return null;
  var n = function (i) { return Number(m[i] || 0); };
  var day = 86400000, t = new Date(ms);
  var month = t.getUTCFullYear() * 12 + t.getUTCMonth() + n(2) * 12 + n(3);
  var y = Math.floor(month / 12), mo = month - y * 12;
  var last = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  var date = Date.UTC(y, mo, Math.min(t.getUTCDate(), last));
  var timeOfDay = ((ms % day) + day) % day;
  return date + timeOfDay + (7 * n(1) + n(4)) * day + ((n(5) * 60 + n(6)) * 60 + n(7)) * 1000;
}

/** Decides every active type at once (Accept all: true, Reject all: false);
 * locked types are always accepted. Updates `stored.choices` and returns the
 * consent record for the server. */
function decideAll(stored, types, accepted, source, now) {
  stored.choices = stored.choices || {};
  var decisions = [];
  types.filter(isActive).forEach(function (t) {
    var state = isLocked(t) || accepted ? "accepted" : "declined";
    var version = Math.max(t.version || 0, 0);
    var c = { id: t.id, version: version, state: state, at: now, source: source };
    var expires = t.consentDuration ? addDuration(t.consentDuration, now) : null;
    if (expires != null) c.expires = expires;
    stored.choices[labelOf(t)] = c;
    decisions.push({ consentTypeId: t.id, version: version, state: state });
  });
  return { subjectId: stored.subjectId, decisions: decisions, source: source };
}

/** Google Consent Mode v2 signals of the stored choices: denied unless a
 * type that runs (locked, live accepted, or undecided under an opt-out or
 * notice `policy`: `effective`) maps them in its `consentMode`;
 * under Global Privacy Control (`gpc`) an ad signal is granted only by a type
 * accepted on its own in the panel, not by the banner's Accept all. */
var SIGNALS = ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
  "functionality_storage", "personalization_storage", "security_storage"];
function consentSignals(types, stored, now, gpc, policy) {
  var choices = (stored && stored.choices) || {}, out = {}, runs = effective(types, stored, now, policy, gpc);
  SIGNALS.forEach(function (s) { out[s] = "denied"; });
  types.filter(isActive).forEach(function (t) {
    var c = choices[labelOf(t)] || {};
    var accepted = isLocked(t) || runs[labelOf(t)] === true;
    (t.consentMode || []).forEach(function (s) {
      if (!accepted || !out[s]) return;
      if (gpc && /^ad_/.test(s) && !isLocked(t) && c.source !== "panel") return;
      out[s] = "granted";
    });
  });
  return out;
}

/** {label: accepted} for every live choice. */
function summary(stored, now) {
  var choices = (stored && stored.choices) || {}, out = {};
  for (var l in choices) if (live(choices[l], now)) out[l] = choices[l].state === "accepted";
  return out;
}

/** The host's `data-locale` first, then the browser's languages, then the
 * first of `known` (Locale::negotiate). */
function negotiate(explicit, languages, known) {
  var tags = [explicit || ""].concat(languages || []);
  for (var i = 0; i < tags.length; i++) {
    var primary = String(tags[i]).trim().split(/[-_]/)[0].toLowerCase();
    if (known.indexOf(primary) >= 0) return primary;
  }
  return known[0];
}
