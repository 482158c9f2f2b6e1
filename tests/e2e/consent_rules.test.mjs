// The loader's consent rules (public/consent-rules.js, inlined into the built
// loader) against the table of cases the Rust side is tested with
// (tests/vectors/consent_rules.json, read by src/widget/consent_store.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const root = new URL("../../", import.meta.url);
const source = readFileSync(new URL("public/consent-rules.js", root), "utf8");
const vectors = JSON.parse(readFileSync(new URL("tests/vectors/consent_rules.json", root), "utf8"));
const rules = vm.runInNewContext(`${source}; ({ needsAsk, decideAll, addDuration, negotiate, consentSignals, policyFor, effective })`, {});
// Objects from another vm context compare by structure only after a JSON trip.
const plain = (v) => JSON.parse(JSON.stringify(v));

for (const c of vectors.needsAsk) {
  test(`needsAsk: ${c.name}`, () => {
    assert.deepEqual(plain(rules.needsAsk(c.types, c.stored, c.now, c.declinedFor)), c.expect);
  });
}

for (const c of vectors.decideAll) {
  test(`decideAll: ${c.name}`, () => {
    const stored = structuredClone(c.stored);
    const record = rules.decideAll(stored, c.types, c.accepted, "banner", c.now);
    assert.deepEqual(plain(stored.choices), c.expectChoices);
    assert.deepEqual(plain(record.decisions), c.expectDecisions);
    assert.equal(record.subjectId, c.stored.subjectId);
  });
}

for (const c of vectors.addDuration) {
  test(`addDuration: ${c.duration} from ${c.from}`, () => {
    assert.equal(rules.addDuration(c.duration, c.from), c.expect);
  });
}

for (const c of vectors.negotiate) {
  test(`negotiate: ${JSON.stringify(c)}`, () => {
    assert.equal(rules.negotiate(c.explicit, c.languages, ["en", "fr", "nl", "de"]), c.expect);
  });
}

// Consent Mode v2 signals: a loader-only rule (no Rust twin), in the same table.
for (const c of vectors.consentMode) {
  test(`consentSignals: ${c.name}`, () => {
    assert.deepEqual(plain(rules.consentSignals(c.types, c.stored, c.now, c.gpc, c.policy)), c.expect);
  });
}

for (const c of vectors.regionPolicy) {
  test(`policyFor: ${c.name}`, () => {
    assert.equal(rules.policyFor(c.settings, c.region), c.expect);
  });
}

for (const c of vectors.effective) {
  test(`effective: ${c.name}`, () => {
    assert.deepEqual(plain(rules.effective(c.types, c.stored, c.now, c.policy, c.gpc)), c.expect);
  });
}
