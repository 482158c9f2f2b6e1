// Proof of consent (issue 15, point 2) against the release loader and the
// real server: three visitors answer the banner (accept, reject, accept); the
// chain of records verifies; the JSON export has every answer with its text
// hash, GPC flag and policy; then one stored record is changed in the SQLite
// file behind the server's back (sqlite3, as someone with disk access would)
// and the verify endpoint names exactly that record.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { watchedPage } from "./lib/browser.mjs";
import { startHost } from "./lib/host.mjs";
import { adminFetch, ORGANIZATION, PROJECT, PUBLIC_KEY } from "./lib/server.mjs";

const RECORDS = `/organizations/${ORGANIZATION}/projects/${PROJECT}/consent-records`;

let server, browser, host, routes, stop;
before(async () => {
  ({ server, browser, host, routes, stop } = await startHost());
  routes["/page.html"] = {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page</title></head><body><h1>Page</h1>
<script src="${server.url}/widget/loader.js" data-api="${server.url}" data-workspace="1"
  data-organization="${ORGANIZATION}" data-project="${PROJECT}" data-key="${PUBLIC_KEY}"></script></body></html>`,
  };
});
after(async () => { await stop?.(); });

/** A first visit that answers the banner; resolves to the visitor's subject id
 * once the server has the record. */
async function answer(button) {
  const { page, problems } = await watchedPage(browser);
  await page.goto(`${host.url}/page.html`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator(`privacy-widget [data-testid=${button}]`).click();
  const subject = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).subjectId, `pw-consent:${PROJECT}`);
  for (let i = 0; i < 100; i++) {
    if ((await adminFetch(server, `${RECORDS}?subjectId=${subject}`)).body.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(problems, []);
  await page.close();
  return subject;
}

test("records are chained, exported with their evidence, and a changed one is named", async () => {
  const subjects = [];
  for (const b of ["pw-accept-all", "pw-reject-all", "pw-accept-all"]) subjects.push(await answer(b));

  const verified = await adminFetch(server, `${RECORDS}/verify`);
  assert.equal(verified.status, 200);
  assert.equal(verified.body.valid, true, JSON.stringify(verified.body));
  assert.ok(verified.body.checked >= 3);

  const res = await fetch(`${server.url}${RECORDS}/export?format=json`, { headers: { "x-api-key": server.adminKey } });
  assert.equal(res.status, 200);
  const all = await res.json();
  const refused = all.filter((r) => r.subjectId === subjects[1]);
  assert.ok(refused.length && refused.some((r) => r.state === "declined"), JSON.stringify(refused));
  for (const r of refused) {
    assert.equal(r.source, "banner");
    assert.equal(r.policy, "opt-in");
    assert.equal(r.gpc, false);
    assert.match(r.textHash, /^[0-9a-f]{64}$/);
    assert.match(r.hash, /^[0-9a-f]{64}$/);
  }
  // Someone with access to the file turns the refusal into an acceptance.
  const target = refused.find((r) => r.state === "declined");
  execFileSync("sqlite3", ["-cmd", ".timeout 10000", server.db, `UPDATE consent_records SET state = 'accepted' WHERE id = '${target.id}'`]);
  const broken = (await adminFetch(server, `${RECORDS}/verify`)).body;
  assert.equal(broken.valid, false);
  assert.equal(broken.firstBroken.id, target.id);
  assert.equal(broken.firstBroken.seq, target.seq);
});
