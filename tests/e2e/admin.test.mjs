// The admin page end to end: the release build served by the real reference
// server, driven in headless Chromium. One browser page walks the privacy
// team's flows in order; axe-core must find nothing on each view, stored XSS
// must stay inert, and no console error may appear.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { launch, watchedPage } from "./lib/browser.mjs";
import { startServer, adminFetch, ROOT } from "./lib/server.mjs";

const DIST = process.env.PW_ADMIN_DIST || process.env.PW_E2E_DIST || join(ROOT, "dist");
const ARTIFACTS = join(ROOT, "tests", "e2e", "artifacts");
const XSS = "<img src=x onerror=window.__xss=1>";
const WS = "/v1/ws/1";

let server, browser, page, problems;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer({ env: { PW_DIST: DIST } });
  browser = await launch();
  ({ page, problems } = await watchedPage(browser));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function axe(name) {
  // Evaluated through the driver: the admin page's CSP (rightly) refuses an
  // injected inline <script>.
  await page.evaluate(readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8"));
  const result = await page.evaluate(() => window.axe.run());
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} (${n.any.map((a) => a.message).join("; ")})`).slice(0, 3).join(", ")}`);
  assert.deepEqual(found, [], `axe on ${name}`);
}

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `admin-${name}.png`), fullPage: true });
}

const byId = (id) => page.getByTestId(id);

test("admin flows against the real server", async (t) => {
  // Data the flows need, created through the API like any other client would.
  const created = await adminFetch(server, `${WS}/DataSubjectRequests`, {
    method: "POST",
    body: {
      title: "E2E access request", givenName: "Ada", familyName: "Lovelace", email: "ada@example.com",
      purposes: ["Access"], message: `Please send my data. ${XSS}`,
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  // The seed has no endpoint for step descriptions (Dastra edits them in its UI): write it in the DB
  // (waiting for the lock: the server may be logging the request's verification e-mail).
  execFileSync("sqlite3", ["-cmd", ".timeout 10000", server.db, `UPDATE workflow_steps SET description_html = '<b>Check</b> ${XSS}'`]);

  await t.test("sign in", async () => {
    await page.goto(`${server.url}/`);
    await byId("sign-in-form").waitFor();
    await axe("sign-in");
    await shot("sign-in");
    await byId("sign-in-key").fill("wrong-key");
    await byId("sign-in-submit").click();
    await byId("sign-in-error").filter({ hasText: "not accepted" }).waitFor();
    assert.equal(await byId("sign-in-key").inputValue(), "wrong-key", "input kept after a refusal");
    problems.length = 0; // the 401 above was expected
    await byId("sign-in-key").fill(server.adminKey);
    await byId("sign-in-submit").click();
    await byId("sign-out").waitFor();
    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.getItem("pw-admin-session") }));
    assert.equal(stored.local, 0, "nothing in localStorage");
    assert.ok(stored.session.includes(server.adminKey), "key kept for this tab");
  });

  await t.test("dashboard", async () => {
    await byId("chart-state").waitFor();
    const label = await byId("chart-state").getAttribute("aria-label");
    assert.match(label, /Open: \d+/);
    await axe("dashboard");
    await shot("dashboard");
  });

  await t.test("inbox: filter by state and purpose", async () => {
    await page.getByRole("link", { name: "Requests", exact: true }).click();
    await byId("dsr-table").waitFor();
    await byId("filter-state-Open").check();
    await page.waitForURL(/states=Open/);
    await byId("filter-purpose-Access").check();
    await page.waitForURL(/states=Open&purposes=Access/);
    await page.locator('[data-testid=dsr-table][data-query*="purposes=Access"]').waitFor();
    const states = await page.locator("[data-testid=dsr-row] [data-testid=state-badge]").allTextContents();
    assert.ok(states.length > 0 && states.every((s) => s === "Open"), states.join());
    await page.locator(`[data-testid=dsr-row][data-id="${id}"]`).waitFor();
    // Sorting by title toggles aria-sort.
    await byId("sort-title").click();
    await page.waitForURL(/sortBy=title&asc=true/);
    assert.equal(await page.locator("th", { has: byId("sort-title") }).getAttribute("aria-sort"), "ascending");
    await axe("inbox");
    await shot("inbox");
    // The filtered view survives a reload (it lives in the URL).
    await page.reload();
    await page.locator(`[data-testid=dsr-row][data-id="${id}"]`).waitFor();
    assert.ok(await byId("filter-purpose-Access").isChecked());
  });

  await t.test("export CSV of the filtered list", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), byId("export-csv").click()]);
    const csv = readFileSync(await download.path(), "utf8");
    const lines = csv.split("\r\n").filter(Boolean);
    assert.equal(lines[0], "id,refId,title,state,purposes,givenName,familyName,email,phoneNumber,workFlowStep,dateCreation,expiryTime,remainingDays,archived");
    const api = await adminFetch(server, `${WS}/DataSubjectRequests?states=Open&purposes=Access&size=500`);
    assert.equal(lines.length - 1, api.body.total, "one row per matching request");
    const ours = lines.find((l) => l.startsWith(`${id},`));
    assert.ok(ours?.includes("E2E access request,Open,Access,Ada,Lovelace,ada@example.com"), ours);
  });

  await t.test("detail: stored XSS is inert and shown as text", async () => {
    await page.locator(`[data-testid=dsr-row][data-id="${id}"] a`).first().click();
    await byId("dsr-heading").filter({ hasText: "E2E access request" }).waitFor();
    assert.equal(await byId("dsr-message").inputValue(), `Please send my data. ${XSS}`);
    assert.equal(await byId("dsr-step-description").textContent(), `<b>Check</b> ${XSS}`);
    assert.equal(await page.locator("[data-testid=dsr-step-description] b, img[src=x]").count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await axe("detail");
    await shot("detail");
  });

  await t.test("detail: move the workflow step", async () => {
    const before = (await adminFetch(server, `${WS}/DataSubjectRequests/${id}`)).body.workFlowStepId;
    const steps = (await adminFetch(server, `${WS}/WorkflowSteps`)).body;
    const target = steps.find((s) => s.id !== before && !s.finalStep) ?? steps.find((s) => s.id !== before);
    await byId("dsr-step").selectOption(String(target.id));
    await byId("dsr-step-apply").click();
    await byId("dsr-status").filter({ hasText: "Moved to the new step" }).waitFor();
    const after = (await adminFetch(server, `${WS}/DataSubjectRequests/${id}`)).body;
    assert.equal(after.workFlowStepId, target.id);
    assert.equal(after.state, target.mappedState);
  });

  await t.test("detail: archive and restore", async () => {
    await byId("dsr-archive").click();
    await byId("dsr-restore").waitFor();
    assert.equal((await adminFetch(server, `${WS}/DataSubjectRequests/${id}`)).body.archived, true);
    await byId("dsr-restore").click();
    await byId("dsr-archive").waitFor();
    assert.equal((await adminFetch(server, `${WS}/DataSubjectRequests/${id}`)).body.archived, false);
    // Extend the deadline with a reason: the server moves expiryTime once.
    const due = (await adminFetch(server, `${WS}/DataSubjectRequests/${id}`)).body.expiryTime;
    assert.equal(await byId("dsr-extend").isDisabled(), true, "no reason, no extension");
    await byId("dsr-extend-reason").fill("Several systems to search.");
    await byId("dsr-extend").click();
    await byId("dsr-status").filter({ hasText: "Deadline extended" }).waitFor();
    const extended = (await adminFetch(server, `${WS}/DataSubjectRequests/${id}`)).body.expiryTime;
    assert.ok(Date.parse(extended) > Date.parse(due), `${due} -> ${extended}`);
    await byId("dsr-audit-row").filter({ hasText: "Several systems to search." }).waitFor();
    // The history has every change so far, with the workflow in clear.
    await byId("dsr-audit-row").filter({ hasText: "archived" }).first().waitFor();
    await byId("dsr-audit-row").filter({ hasText: "state" }).first().waitFor();
    assert.equal(await byId("dsr-audit-row").first().locator("td").nth(2).textContent(), "created");
    await axe("detail-history");
    await byId("dsr-audit").screenshot({ path: join(ARTIFACTS, "admin-detail-history.png") });
  });

  await t.test("detail: edit and save (PUT), invalid input kept", async () => {
    await byId("dsr-email").fill("not-an-email");
    await byId("dsr-email-error").filter({ hasText: "e-mail" }).waitFor();
    await byId("dsr-title").fill("E2E access request (edited)");
    await byId("dsr-save").click();
    await byId("dsr-title").evaluate((e) => e.value); // still there
    assert.equal(await byId("dsr-email").inputValue(), "not-an-email");
    // The form asks for what the server's PUT requires (seed 002's e-mail).
    await byId("dsr-email").fill("");
    await byId("dsr-email-error").filter({ hasText: "required" }).waitFor();
    await byId("dsr-email").fill("ada@example.org");
    await byId("dsr-save").click();
    await byId("dsr-status").filter({ hasText: "Saved" }).waitFor();
    const saved = (await adminFetch(server, `${WS}/DataSubjectRequests/${id}`)).body;
    assert.equal(saved.title, "E2E access request (edited)");
    assert.equal(saved.email, "ada@example.org");
    assert.equal(saved.message, `Please send my data. ${XSS}`, "untouched fields survive the PUT");
  });

  await t.test("detail: delete after a confirmation naming the request", async () => {
    await byId("dsr-delete").click();
    await byId("confirm-dialog").waitFor();
    const message = await byId("confirm-message").textContent();
    assert.ok(message.includes(`#${id}`) && message.includes("E2E access request (edited)"), message);
    await axe("delete-dialog");
    await shot("delete-dialog");
    await byId("confirm-cancel").click();
    assert.equal((await adminFetch(server, `${WS}/DataSubjectRequests/${id}`)).status, 200, "cancel keeps it");
    await byId("dsr-delete").click();
    await byId("confirm-ok").click();
    await page.waitForURL(/\/requests$/);
    assert.equal((await adminFetch(server, `${WS}/DataSubjectRequests/${id}`)).status, 404);
  });

  await t.test("consent types: invalid then valid input", async () => {
    await page.getByRole("link", { name: "Consent types" }).click();
    await byId("ct-form").waitFor();
    await byId("ct-label").fill("E2E Terms!");
    await byId("ct-label-error").filter({ hasText: "lowercase" }).waitFor();
    await byId("ct-name").fill("E2E");
    await byId("ct-submit").click();
    await byId("ct-name-error").filter({ hasText: "at least 5" }).waitFor();
    await axe("consent-types");
    await shot("consent-types-invalid");
    await byId("ct-label").fill("e2e_terms");
    await byId("ct-name").fill("E2E terms of use");
    await byId("ct-duration").fill("P1Y");
    await byId("ct-submit").click();
    await page.locator('[data-testid=ct-row][data-label="e2e_terms"]').waitFor();
    // Edit it (PUT): the name changes in the list.
    await page.locator('[data-testid=ct-row][data-label="e2e_terms"] [data-testid=ct-edit]').click();
    await byId("ct-name").fill("E2E terms of use, v2");
    await byId("ct-submit").click();
    await page.locator('[data-testid=ct-row][data-label="e2e_terms"]', { hasText: "E2E terms of use, v2" }).waitFor();
  });

  await t.test("contacts: data system contact and organisation contact", async () => {
    await page.getByRole("link", { name: "Contacts" }).click();
    await byId("dsc-form").waitFor();
    await byId("dsc-name").fill("E2E Data Owner");
    await byId("dsc-email").fill("owner@example.com");
    await byId("dsc-phone").fill("+33 1 23 45 67 89");
    await byId("dsc-type").fill("not-a-uuid");
    await byId("dsc-submit").click();
    await byId("dsc-type-error").filter({ hasText: "identifier" }).waitFor();
    await byId("dsc-type").fill("5ea4d187-63a3-4cc6-988a-cac0b400805a");
    await byId("dsc-submit").click();
    await byId("dsc-list").filter({ hasText: "E2E Data Owner" }).waitFor();

    await byId("oc-surname").fill("Hopper");
    await byId("oc-forename").fill("Grace");
    await byId("oc-email").fill("grace@example.com");
    await byId("oc-function").fill("DPO");
    await byId("oc-submit").click();
    await byId("oc-list").filter({ hasText: "Grace Hopper" }).waitFor();
    await axe("contacts");
    await shot("contacts");
  });

  await t.test("consent records, the chain check, the consent dashboard and region settings", async () => {
    const project = "/organizations/497f6eca-6276-4993-bfeb-53cbbbba6f08/projects/9ec8a81a-31b2-4a83-bcd8-cef9150932d2";
    const types = (await adminFetch(server, `${project}/consent-types`)).body.filter((t) => t.status === "active");
    for (const [subjectId, state, source] of [
      ["6f1e1b7a-0c43-4a2e-9b1d-3f7f0c9a1e01", "accepted", "banner"],
      ["6f1e1b7a-0c43-4a2e-9b1d-3f7f0c9a1e02", "declined", "banner"],
      ["6f1e1b7a-0c43-4a2e-9b1d-3f7f0c9a1e03", "accepted", "panel"],
    ]) {
      const r = await adminFetch(server, `${project}/consent-records`, {
        method: "POST",
        body: { subjectId, source, policy: "opt-in", gpc: false, region: "DE",
          decisions: types.map((t) => ({ consentTypeId: t.id, version: t.version, state: t.required ? "accepted" : state })) },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    await page.getByRole("link", { name: "Consent records" }).click();
    await byId("record-row").first().waitFor();
    await byId("records-verify-button").click();
    await byId("records-verify-summary").waitFor();
    await axe("consent-records");
    await shot("consent-records");

    await page.getByRole("link", { name: "Dashboard" }).click();
    await byId("consent-type-chart").first().waitFor();
    await axe("dashboard-consent");
    await shot("dashboard-consent");

    await page.getByRole("link", { name: "Widget settings" }).click();
    await byId("settings-regions").waitFor();
    await byId("settings-region-add").click();
    await byId("settings-region-code").last().fill("U$");
    await byId("settings-region-rules-error").waitFor();
    await axe("settings-regions");
    await byId("settings-regions").screenshot({ path: join(ARTIFACTS, "admin-settings-regions.png") });
    await byId("settings-region-code").last().fill("US");
    await byId("settings-deadline-ccpa").check();
    await byId("settings-save").click();
    for (let i = 0; i < 50; i++) {
      if ((await adminFetch(server, `${WS}/settings`)).body.deadlinePolicy === "ccpa") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const saved = (await adminFetch(server, `${WS}/settings`)).body;
    assert.equal(saved.deadlinePolicy, "ccpa");
    assert.deepEqual(saved.regionRules, [{ region: "US", policy: "opt-out" }]);
    await byId("settings-deadlines").screenshot({ path: join(ARTIFACTS, "admin-settings-deadlines.png") });
  });

  await t.test("outbox, the unverified filter and the close form (issue 16)", async () => {
    // A request with an e-mail address: its verification e-mail goes to the
    // outbox (no SMTP server configured).
    const r = await adminFetch(server, `${WS}/DataSubjectRequests`, {
      method: "POST", body: { email: "grace@example.com", givenName: "Grace", purposes: ["Erasure"] },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const open = r.body.id;
    await page.getByRole("link", { name: "Outbox" }).click();
    await byId("outbox-row").first().waitFor();
    await byId("outbox-subject").first().click();
    const body = await byId("outbox-body").first().textContent();
    assert.match(body, /\/request\/#v=/);
    await axe("outbox");
    await shot("outbox");

    await page.getByRole("link", { name: "Requests", exact: true }).click();
    await byId("dsr-list").waitFor();
    await byId("filter-mail-validated").selectOption("false");
    await page.waitForURL(/mailValidated=false/);
    await page.getByText("E-mail not verified").first().waitFor();
    await axe("inbox-unverified");

    await page.goto(`${server.url}/requests/${open}`);
    await byId("close-form").waitFor();
    await byId("close-reason").selectOption("Completed");
    await byId("close-submit").click();
    await byId("close-resolution-error").waitFor();
    assert.notEqual((await byId("close-resolution-error").textContent()).trim(), "");
    await axe("close-form-error");
    await byId("dsr-close").screenshot({ path: join(ARTIFACTS, "admin-close-form.png") });
  });

  await t.test("dark mode and another language", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(20, 23, 27)");
    await page.getByRole("link", { name: "Requests", exact: true }).click();
    await byId("dsr-list").waitFor();
    await byId("locale-top").selectOption("fr");
    await page.getByRole("heading", { name: "Demandes", exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "fr");
    await axe("inbox-dark-fr");
    await shot("inbox-dark-fr");
    await byId("locale-top").selectOption("en");
    await page.emulateMedia({ colorScheme: "light" });
  });

  await t.test("sign out forgets the key", async () => {
    await byId("sign-out").click();
    await byId("sign-in-form").waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem("pw-admin-session")), null);
  });

  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(problems, []);
});
