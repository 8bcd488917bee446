/**
 * The console end to end: Debian's chromium (driven by playwright-core) against a real
 * `tradelane serve` process on a temporary SQLite database with the real reference data. Each
 * role's main path, deep links that survive a reload, the CSP holding (no violation, no page
 * error), and a screenshot of each page (TRADELANE_CONSOLE_SHOTS=dir keeps them; default a temp dir).
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`; a downloaded browser does not work
 * here) and a built console (`npm run build`): without either the test fails, it never skips.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  CLI,
  refdataDir,
  sampleShipment,
  sharedData,
  soon,
  tempDir,
  tempSqliteUrl,
} from '../testing/support.js';
import { CHROMIUM, CHROMIUM_LAUNCH, CONSOLE_VIEWPORT } from '../testing/browser.js';
import { templateCsv } from '../modules/filing/adapters/templates.js';
import { CONSOLE_DIR } from './console.js';

const SHOTS = process.env.TRADELANE_CONSOLE_SHOTS ?? tempDir('tl-console-shots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** References unique to this run (the test may run against a server that has seen others). */
const RUN = Math.random().toString(36).slice(2, 8).toUpperCase();
const XJ = `XJ-${RUN}`;
const FILED = `FILE-${RUN}`;

describe('the console in a browser', sharedData(), () => {
  let proc: ChildProcess;
  let base: string;
  let browser: BrowserContext;
  const keys: Record<string, string> = {};
  const problems: string[] = [];
  const env = {
    TRADELANE_DATABASE_URL: tempSqliteUrl(),
    TRADELANE_REFDATA_DIR: refdataDir(),
    // The filer's webhook on a closed local port (its deliveries view shows the failures).
    TRADELANE_WEBHOOK_ALLOW_HOSTS: 'localhost',
  };
  let red = ''; // a filing in the red lane with a UFLPA hold
  let hit = ''; // a filing with a screening hit

  const api = async (key: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };

  /** A real `tradelane serve` on the temporary database; answers an admin key made by the CLI. */
  const startServer = async (): Promise<string> => {
    const made = spawnSync(process.execPath, [CLI, 'keys', 'create', '--tenant', 'ops', '--role', 'admin'], {
      env: { ...process.env, TRADELANE_LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(made.status, 0, made.stderr);
    proc = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
      // info: the "listening on" line is Fastify's own, at info level.
      env: { ...process.env, TRADELANE_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the server did not start: ${out}`)), 420_000);
      let started = false;
      proc.stdout!.on('data', (d: Buffer) => {
        if (started) return; // drained, not kept: the request log lines that follow
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          started = true;
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      proc.once('exit', (code) => reject(new Error(`the server exited ${code}: ${out}`)));
    });
    return made.stdout.trim().split('\n').pop()!;
  };

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install -y chromium`);
    assert.ok(
      existsSync(join(CONSOLE_DIR, 'index.html')),
      `no built console in ${CONSOLE_DIR}: npm run build`,
    );
    const given = process.env.TRADELANE_CONSOLE_E2E_URL;
    const admin = given ? process.env.TRADELANE_CONSOLE_E2E_ADMIN_KEY! : await startServer();
    if (given) base = given;
    for (const [role, tenant, agency] of [
      ['officer', 'cbp', undefined],
      ['officer2', 'cbp', undefined],
      ['filer', `acme-${RUN.toLowerCase()}`, undefined],
      ['analyst', 'cbp', undefined],
      ['pga_officer', 'fda', 'FDA'],
    ] as const) {
      const r = await api(admin, 'POST', '/v1/keys', {
        tenant,
        role: role === 'officer2' ? 'officer' : role,
        ...(agency ? { agency } : {}),
      });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      keys[role] = String(r.json.key);
    }
    const xinjiang = await api(
      keys.filer!,
      'POST',
      '/v1/shipments',
      sampleShipment({
        reference: XJ,
        parties: [
          {
            role: 'seller',
            name: 'Hotan Cotton Trading Co., Ltd.',
            address: { city: 'Urumqi', country: 'CN' },
          },
          { role: 'consignee', name: 'Ann Buyer', address: { city: 'Austin', country: 'US' } },
        ],
      }),
    );
    assert.equal(xinjiang.json.lane, 'red', JSON.stringify(xinjiang.json));
    red = String(xinjiang.json.id);
    const sdn = await api(
      keys.filer!,
      'POST',
      '/v1/shipments',
      sampleShipment({
        reference: `SDN-${RUN}`,
        parties: [
          { role: 'seller', name: 'AEROCARIBBEAN AIRLINES', address: { city: 'Havana', country: 'CU' } },
          { role: 'consignee', name: 'Jane Doe', address: { city: 'Austin', country: 'US' } },
        ],
      }),
    );
    hit = String(sdn.json.id);
    assert.ok(
      (sdn.json.findings as { code: string }[]).some((f) => f.code === 'SCREENING_HIT'),
      JSON.stringify(sdn.json),
    );
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launchPersistentContext(tempDir('tl-chromium'), {
      ...CHROMIUM_LAUNCH,
      ...CONSOLE_VIEWPORT,
    });
    browser.setDefaultTimeout(30_000);
  });

  after(async () => {
    await browser?.close();
    if (proc?.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  });

  /** A fresh page that records CSP violations, console errors and uncaught page errors. */
  const newPage = async (): Promise<Page> => {
    const page = await browser.newPage();
    page.on('console', (m) => {
      // A 4xx the page shows (nobody signed in, a refused filing) is an answer, not a fault.
      if (m.type() === 'error' && !/the server responded with a status of 4\d\d/.test(m.text()))
        problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    return page;
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.jpg`), type: 'jpeg', quality: 70 });

  /** axe-core's serious and critical violations on the page as shown (WCAG 2 A and AA rules). */
  const audit = async (page: Page, name: string): Promise<string[]> => {
    // Evaluated over the DevTools protocol, which the page's CSP does not govern.
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
    const found = (await page.evaluate(
      `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`,
    )) as string[];
    return found.map((f) => `${name}: ${f}`);
  };

  /** Signs in with the keyboard only: the key field has focus order and a label. */
  const signIn = async (page: Page, role: string, at = '/') => {
    await browser.clearCookies();
    await page.goto(`${base}${at}`);
    await page.getByLabel('API key').waitFor();
    await page.getByLabel('API key').focus();
    await page.keyboard.type(keys[role]!);
    await page.keyboard.press('Enter');
    await page.getByTestId('who-role').waitFor();
  };
  const signOut = async (page: Page) => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
  };

  it('signs an officer in, works a held shipment from the queue to release, and signs out', async () => {
    const page = await newPage();
    await page.goto(`${base}/queue`);
    await page.getByLabel('API key').waitFor();
    await shot(page, 'sign-in');
    assert.deepEqual(await audit(page, 'sign-in'), []);
    await signIn(page, 'officer', '/queue');
    assert.equal(await page.getByTestId('who-role').textContent(), 'officer');
    assert.equal(await page.getByTestId('who-tenant').textContent(), 'cbp');
    // What an officer may not do is not shown.
    assert.equal(await page.getByRole('link', { name: 'File a shipment' }).count(), 0);
    const row = page.getByRole('link', { name: XJ });
    await row.waitFor();
    await shot(page, 'queue');
    await row.click();
    await page.getByRole('heading', { name: `Shipment ${XJ}` }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/shipments/${red}`);
    await page.getByText('forced_labor_region').first().waitFor();
    await page.getByText('CBP-UFLPA').first().waitFor();
    await shot(page, 'shipment');
    // A deep link survives a reload.
    await page.reload();
    await page.getByRole('heading', { name: `Shipment ${XJ}` }).waitFor();
    await page.getByLabel('release').check();
    await page.getByLabel('Reason').fill('supply chain traced to outside the region');
    await page.getByRole('button', { name: 'Record release' }).click();
    // A UFLPA hold is released by two officers (four eyes): this one asks, a second one releases.
    await page
      .getByText('Release requested: goods held on a list hit are released by a second officer')
      .waitFor();
    assert.match(await page.getByTestId('action-log').innerText(), /release request.*supply chain traced/);
    const second = await api(keys.officer2!, 'POST', `/v1/shipments/${red}/actions`, {
      type: 'release',
      note: 'supply chain map reviewed: no nexus',
    });
    assert.equal(second.status, 200, JSON.stringify(second.json));
    await page.reload();
    await page.getByTestId('customs-status').getByText('released').waitFor();
    assert.match(await page.getByTestId('action-log').innerText(), /release.*supply chain map reviewed/);
    const stored = await api(keys.officer!, 'GET', `/v1/shipments/${red}`);
    assert.equal(stored.json.customs_status, 'released');
    await signOut(page);
    const after = await page.evaluate(async () => (await fetch('/v1/session')).status);
    assert.equal(after, 401, 'the session ended');
    await page.close();
  });

  it('adjudicates a screening hit as a false positive, with a reason', async () => {
    const page = await newPage();
    await signIn(page, 'officer', `/shipments/${hit}`);
    const form = page.getByRole('form', { name: /Screening hit on party 0/ });
    await form.getByLabel('Reason').fill('a charter broker of the same name');
    await shot(page, 'screening-hit');
    await form.getByRole('button', { name: 'False positive' }).click();
    await page.getByText('Adjudication recorded.').waitFor();
    await page.goto(`${base}/alerts`);
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    await shot(page, 'alerts');
    await signOut(page);
    await page.close();
  });

  it('lets a filer file a shipment, see an error at its field, fix it, upload a bulk file and find it in their shipments', async () => {
    const page = await newPage();
    await signIn(page, 'filer', '/file');
    assert.equal(await page.getByRole('link', { name: 'Queue' }).count(), 0, 'no queue for a filer');
    const fill = async (label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
    await fill('Reference (AWB, B/L)', FILED);
    await fill('Port of entry (4-digit code)', '2704');
    await fill('Arrival date', soon());
    await fill('Seller name', 'Example Trading Co.');
    await fill('Seller city', 'Shenzhen');
    await fill('Seller country (ISO alpha-2)', 'CN');
    await fill('Consignee name', 'Jane Doe');
    await fill('Consignee city', 'Austin');
    await fill('Goods description', 'Portable laptop computer');
    await fill('HTS number (10 digits)', '9999999999');
    await fill('Country of origin', 'CN');
    await fill('Quantity', '1');
    await fill('Unit', 'No.');
    await fill('Value (USD)', '19.99');
    await page.getByRole('button', { name: 'File', exact: true }).click();
    const atHts = page.locator('[data-path="lines[0].hts"]');
    await atHts.waitFor();
    assert.match(await atHts.innerText(), /HTS/);
    assert.equal(await page.getByLabel('HTS number (10 digits)').getAttribute('aria-invalid'), 'true');
    await shot(page, 'file-error');
    await fill('HTS number (10 digits)', '8471300100');
    await page.getByRole('button', { name: 'File', exact: true }).click();
    await page.getByTestId('file-outcome').getByText('Accepted').waitFor();
    const filedId = (await page.getByTestId('file-outcome').getByRole('link').innerText()).trim();
    // Bulk: four lines (one refused), the progress reaches the end, the results download.
    const ndjson = join(tempDir('tl-bulk'), 'bulk.ndjson');
    const lines = [1, 2, 3].map((i) => JSON.stringify(sampleShipment({ reference: `BULK-${RUN}-${i}` })));
    lines.push(JSON.stringify(sampleShipment({ reference: `BULK-${RUN}-bad`, type: 'nonsense' })));
    writeFileSync(ndjson, `${lines.join('\n')}\n`);
    const bulkInput = page.getByLabel(/^NDJSON file/);
    await bulkInput.setInputFiles(ndjson);
    const status = page.getByTestId('bulk-status');
    await status.getByText('— done').waitFor();
    assert.match(
      await status.innerText(),
      /4 of 4 shipments — done: 3 accepted, (1 refused, 0 unreadable|0 refused, 1 unreadable)/,
    );
    assert.equal(await page.locator('#bulk-bar').getAttribute('value'), '4');
    await page.getByRole('link', { name: 'Download the results (NDJSON)' }).waitFor();
    await shot(page, 'file-bulk');
    // CSV: one row per line item, two shipments of two rows each; progress counts shipments.
    const csv = join(tempDir('tl-bulk'), 'bulk.csv');
    const [header, ...rows] = templateCsv(soon(7)).trim().split('\n');
    const again = rows.map((r) => r.replace(/^[^,]+/, `CSV-${RUN}-2`));
    writeFileSync(
      csv,
      [header, ...rows.map((r) => r.replace(/^[^,]+/, `CSV-${RUN}-1`)), ...again].join('\n') + '\n',
    );
    await bulkInput.setInputFiles(csv);
    await status.getByText('2 of 2 shipments — done').waitFor();
    assert.match(await status.innerText(), /2 of 2 shipments — done: 2 accepted, 0 refused, 0 unreadable/);
    // PGA pre-check of a draft: seafood wants FDA (and NOAA) data; nothing is filed.
    await fill('Reference (AWB, B/L)', `PGA-${RUN}`);
    await fill('Goods description', 'Frozen shrimp, peeled');
    await fill('HTS number (10 digits)', '0306360020');
    await page.getByRole('button', { name: 'Check partner agencies' }).click();
    const pga = page.getByTestId('pga-result');
    await pga.getByText('FDA').first().waitFor();
    assert.match(await pga.innerText(), /required|may/);
    await shot(page, 'pga-check');
    assert.deepEqual(await audit(page, 'file with the PGA pre-check'), []);
    // Their shipments, from the API: the one filed in the form and the bulk ones.
    await page.getByRole('link', { name: 'My shipments' }).click();
    // The refused filing is kept and listed too: the accepted one is found by its address.
    const accepted = page.locator(`a[href="/shipments/${filedId}"]`);
    await accepted.waitFor();
    assert.equal(await page.getByRole('link', { name: FILED }).count(), 2, 'refused, then accepted');
    await page.getByRole('link', { name: `CSV-${RUN}-2` }).waitFor();
    assert.equal(
      await page.getByRole('link', { name: `PGA-${RUN}` }).count(),
      0,
      'a pre-check files nothing',
    );
    await shot(page, 'my-shipments');
    assert.deepEqual(await audit(page, 'my shipments'), []);
    // A document uploaded on the shipment page, then listed.
    await accepted.click();
    await page.getByRole('heading', { name: `Shipment ${FILED}` }).waitFor();
    const pdf = join(tempDir('tl-doc'), `invoice-${RUN}.pdf`);
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await page.getByLabel('File (PDF, PNG, JPEG, TIFF, XML or JSON)').setInputFiles(pdf);
    await page.getByLabel('Document type').selectOption('invoice');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByTestId('documents').getByText(`invoice-${RUN}.pdf`).waitFor();
    const listed = await api(keys.filer!, 'GET', `/v1/shipments/${filedId}/documents`);
    assert.deepEqual(
      (listed.json.documents as { filename: string }[]).map((d) => d.filename),
      [`invoice-${RUN}.pdf`],
    );
    // A webhook to a private address: the SSRF guard's refusal, shown at the URL field.
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('URL to call (https)').fill('http://127.0.0.1:9/hook');
    await page.getByRole('button', { name: 'Register' }).click();
    const atUrl = page.locator('[data-path="url"]');
    await atUrl.waitFor();
    assert.match(await atUrl.innerText(), /WEBHOOK_TARGET_REFUSED/);
    assert.equal(await page.getByLabel('URL to call (https)').getAttribute('aria-invalid'), 'true');
    await page.getByText('No webhook yet.').waitFor();
    // A webhook the server may call (TRADELANE_WEBHOOK_ALLOW_HOSTS=localhost) on a closed port: the
    // next filing's delivery fails, and its attempts and last error show in the deliveries view.
    await page.getByLabel('URL to call (https)').fill('http://localhost:9/hook');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Its signing secret, shown once').waitFor();
    const wh = await api(keys.filer!, 'POST', '/v1/shipments', sampleShipment({ reference: `WH-${RUN}` }));
    assert.equal(wh.status, 201, JSON.stringify(wh.json));
    await page.getByRole('button', { name: 'Deliveries of the webhook http://localhost:9/hook' }).click();
    const delivery = page.getByTestId('deliveries').locator('tbody tr').first();
    await delivery
      .locator('td')
      .nth(2)
      .filter({ hasText: /^[1-9]/ })
      .waitFor();
    const cells = await delivery.locator('td').allInnerTexts();
    assert.match(cells[0]!, new RegExp(String(wh.json.id)), 'the event of the filing made');
    assert.notEqual(cells[4], '—', 'the last error is shown');
    await shot(page, 'webhooks');
    assert.deepEqual(await audit(page, 'webhooks'), []);
    await signOut(page);
    await page.close();
  });

  it('pages the queue with More, keyset by keyset', async () => {
    // Seventy more filings of one filer.
    const lines = Array.from({ length: 70 }, (_, i) =>
      JSON.stringify(sampleShipment({ reference: `PAGE-${RUN}-${i}` })),
    );
    const r = await fetch(`${base}/v1/shipments:batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.filer!}`, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n') + '\n',
    });
    assert.equal(r.status, 200);
    // The lane most of them went to (split-shipment and random selection move some out of green).
    const byLane = new Map<string, number>();
    for (const l of (await r.text()).trim().split('\n')) {
      const lane = (JSON.parse(l) as { lane?: string }).lane ?? 'none';
      byLane.set(lane, (byLane.get(lane) ?? 0) + 1);
    }
    const [lane, n] = [...byLane].sort((a, b) => b[1] - a[1])[0]!;
    assert.ok(n > 50, `more than a page in one lane: ${JSON.stringify([...byLane])}`);
    const page = await newPage();
    await signIn(page, 'officer', `/queue?lane=${lane}`);
    const rows = page.locator('table.grid tbody tr');
    await page.getByRole('button', { name: 'More' }).waitFor();
    assert.equal(await rows.count(), 50);
    await page.getByRole('button', { name: 'More' }).click();
    await rows.nth(50).waitFor(); // the second page's first row
    const refs = await page.locator('table.grid tbody tr td:first-child a').allInnerTexts();
    assert.equal(new Set(refs).size, refs.length, 'no filing twice');
    assert.ok(refs.length > 50);
    await signOut(page);
    await page.close();
  });

  it('shows an analyst the program and its benefits, and an agency officer its queue, nothing more', async () => {
    const page = await newPage();
    await signIn(page, 'analyst', '/benefits');
    await page.getByRole('heading', { name: 'Benefits' }).waitFor();
    // Over time: the last six months, this month last (the server's clock), each with its figures.
    const months = page.getByTestId('benefits-over-time').locator('[data-period]');
    await months.nth(5).waitFor();
    assert.equal(await months.count(), 6);
    const series = await api(keys.analyst!, 'GET', '/v1/benefits/series?months=6');
    const periods = (series.json.periods as { period: string }[]).map((p) => p.period);
    assert.equal(await months.nth(5).getAttribute('data-period'), periods[5]);
    await shot(page, 'benefits');
    assert.equal(await page.getByRole('link', { name: 'Queue' }).count(), 0);
    await page.getByRole('link', { name: 'Trusted traders' }).click();
    await page.getByRole('heading', { name: 'Trusted traders' }).waitFor();
    await shot(page, 'trusted-traders');
    await signOut(page);
    await signIn(page, 'pga_officer', '/queue');
    assert.equal(await page.getByTestId('who-role').textContent(), 'pga officer');
    await page.getByRole('heading', { name: /Queue/ }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Benefits' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'File a shipment' }).count(), 0);
    await signOut(page);
    await page.close();
  });

  it('opens every page by its address after a reload, at desktop and tablet widths, with no serious accessibility violation', async (t) => {
    const page = await newPage();
    await signIn(page, 'officer');
    // The classifier's age on the home page: when it was built, how old its data is (just imported).
    const model = page.getByTestId('classifier-model');
    await model.getByText(/built .*from data imported 0 days ago/).waitFor();
    assert.equal(await model.locator('.warn').count(), 0, 'data imported today is not stale');
    // First page usable: from navigation to the queue's rows on screen (a warm browser cache is the
    // officer's case; the figure is reported, docs/console.md records it).
    const started = performance.now();
    await page.goto(`${base}/queue?lane=red`);
    await page.locator('table.grid tbody tr, p.empty').first().waitFor();
    const usable = performance.now() - started;
    // Evaluated in the page (browser types are not in this package's lib).
    const nav = (await page.evaluate(
      "(() => { const n = performance.getEntriesByType('navigation')[0]; return { dcl: n.domContentLoadedEventEnd }; })()",
    )) as { dcl: number };
    t.diagnostic(`queue usable in ${Math.round(usable)} ms (DOMContentLoaded ${Math.round(nav.dcl)} ms)`);
    // The filing's parties reach the registry behind the filing (the outbox relay): wait for it.
    let entityId: string | null = null;
    for (const deadline = performance.now() + 30_000; !entityId && performance.now() < deadline;) {
      const r = await api(keys.officer!, 'POST', '/v1/resolve', {
        name: 'Hotan Cotton Trading Co., Ltd.',
        city: 'Urumqi',
        country: 'CN',
      });
      entityId = r.json.method === 'new' ? null : (r.json.entityId as string | null);
      if (!entityId) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(entityId, 'the seller of the red filing is in the registry');
    const pages: [string, RegExp | string][] = [
      ['/', 'Home'],
      ['/queue?lane=red', /Queue/],
      [`/shipments/${red}`, `Shipment ${XJ}`],
      ['/alerts', 'Alerts'],
      ['/trusted-traders', 'Trusted traders'],
      ['/benefits', 'Benefits'],
      ['/refdata', 'Reference data'],
      ['/shipments', 'Shipments'],
      [`/entities/${entityId}`, /Hotan/i],
    ];
    const violations: string[] = [];
    for (const [path, title] of pages) {
      await page.goto(`${base}${path}`);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      // Audited once loaded: no "Loading…" status left on the page.
      // (A locator, not waitForFunction: a string predicate is an eval the page's CSP refuses.)
      await page.locator('p.state[role="status"]').first().waitFor({ state: 'detached' });
      violations.push(...(await audit(page, path)));
      const name = path === '/' ? 'home' : path.slice(1).split(/[/?]/)[0]!;
      if (!['shipments', 'queue', 'alerts', 'trusted-traders', 'benefits'].includes(name))
        await shot(page, name);
    }
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${base}/queue?lane=red`);
    await page.getByRole('heading', { level: 1, name: /Queue/ }).waitFor();
    await shot(page, 'queue-tablet');
    violations.push(...(await audit(page, 'queue at tablet width')));
    assert.deepEqual(violations, [], 'axe-core: no serious or critical violation');
    await page.close();
  });

  it("draws a member's supply-chain map tier by tier, the nexus path in red", async () => {
    const applied = await api(keys.filer!, 'POST', '/v1/trusted-traders/applications', {
      company: {
        name: `Console Apparel ${RUN}`,
        country: 'US',
        identifiers: [{ scheme: 'EIN', value: '27-1234567' }],
      },
      answers: {
        ior_country: 'US',
        import_history_years: 4,
        first_import_date: '2019-05-01',
        ctpat_security_tier: 'III',
        ctpat_security_good_standing: true,
        debts_to_government: false,
        mou_signed: true,
        questionnaire_answered: true,
      },
    });
    assert.equal(applied.status, 201, JSON.stringify(applied.json));
    const member = String(applied.json.id);
    const map = await api(keys.filer!, 'PUT', `/v1/trusted-traders/${member}/supply-chains/tees`, {
      hts: '6109.10.0012',
      nodes: [
        { id: 'A', name: 'Saigon Sewing Co', kind: 'supplier', tier: 1, country: 'VN' },
        { id: 'B', name: 'Example Spinning Mill', kind: 'facility', tier: 2, country: 'CN' },
        {
          id: 'C',
          name: 'Lint',
          kind: 'raw_material',
          tier: 3,
          country: 'CN',
          region: 'Xinjiang',
          material: 'cotton',
        },
        { id: 'D', name: 'Hanoi Trims', kind: 'supplier', tier: 2, country: 'VN' },
      ],
      edges: [
        { from: 'A', to: 'member' },
        { from: 'B', to: 'A' },
        { from: 'D', to: 'A' },
        { from: 'C', to: 'B' },
      ],
    });
    assert.equal(map.status, 200, JSON.stringify(map.json));
    const page = await newPage();
    await signIn(page, 'officer', `/trusted-traders/${member}`);
    await page.reload();
    const figure = page.getByRole('img', { name: /tees: tier by tier/ });
    await figure.waitFor();
    // Member, A, B and C are on the Xinjiang path; D (Vietnam, off the path) is not.
    assert.equal(await page.locator('g.node').count(), 5);
    assert.equal(await page.locator('g.node.marked').count(), 4);
    assert.equal(await page.locator('line.edge.marked').count(), 3);
    await page.getByText('NEXUS_XINJIANG').first().waitFor();
    await shot(page, 'trusted-trader');
    assert.deepEqual(await audit(page, 'trusted-trader'), []);
    await signOut(page);
    await page.close();
  });

  it('raised no CSP violation, console error or page error on any page', () => {
    assert.deepEqual(problems, []);
  });
});
