/**
 * The access matrix, driven by the OpenAPI document: every operation × every role, the expected
 * answer written once below as data. An operation missing from the table fails the test (a new
 * route declares who may call it here too); so does any difference: a role let in where the table
 * says no is a leak, a role kept out where it says yes is a regression. Keys that are absent,
 * unknown, revoked or expired are refused on every operation that is not public.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../kernel/principal.js';
import { sharedApp, type SharedApp } from '../testing/shared-app.js';
import { sampleShipment, tempDir } from '../testing/support.js';
import type { KyselyStore } from './store/kysely-store.js';

/** Who may call each operation: `public`, or the roles (F filer, O officer, P pga_officer, A analyst, D admin). */
const MATRIX: Readonly<Record<string, string>> = {
  'POST /v1/session': 'public',
  'GET /v1/session': 'FOPAD',
  'DELETE /v1/session': 'FOPAD',
  'GET /v1/keys': 'D',
  'POST /v1/keys': 'D',
  'POST /v1/keys/{id}/revoke': 'D',
  'POST /v1/keys/{id}/rotate': 'D',
  'POST /v1/shipments': 'FD',
  'GET /v1/shipments': 'FOD',
  'GET /v1/dashboard': 'OAD',
  'GET /v1/shipments/{id}': 'FOPD',
  'POST /v1/shipments:batch': 'FD',
  'GET /v1/tariff/{hts}': 'public',
  'GET /v1/tariff': 'public',
  'GET /v1/refdata/status': 'FOPAD',
  'POST /v1/screen': 'FOD',
  'POST /v1/screening/decisions': 'OD',
  'GET /v1/alerts': 'FOD',
  'POST /v1/alerts/{id}/acknowledge': 'OD',
  'GET /v1/entities/{id}': 'FOD',
  'POST /v1/resolve': 'FOD',
  'POST /v1/entities/{id}/merge': 'OD',
  'POST /v1/entities/{id}/split': 'OD',
  'POST /v1/pga/determine': 'FOPD',
  'GET /v1/pga/agencies': 'public',
  'GET /v1/pga/paperless': 'FOPAD',
  'POST /v1/classify': 'FOPAD',
  'GET /v1/classify/model': 'FOPAD',
  'POST /v1/classify/check': 'FOPAD',
  'POST /v1/classify/corrections': 'OD',
  'GET /v1/classify/corrections': 'OAD',
  'POST /v1/classify/model/rebuild': 'OD',
  'GET /v1/queue': 'OPD',
  'POST /v1/shipments/{id}/actions': 'OPD',
  'GET /v1/rules/stats': 'OAD',
  'POST /v1/webhooks': 'FD',
  'GET /v1/webhooks': 'FD',
  'GET /v1/webhooks/{id}/deliveries': 'FD',
  'DELETE /v1/webhooks/{id}': 'FD',
  'GET /v1/events': 'FOD',
  'POST /v1/shipments/{id}/documents': 'FD',
  'GET /v1/shipments/{id}/documents': 'FOPD',
  'POST /v1/trusted-traders/{id}/documents': 'FD',
  'GET /v1/trusted-traders/{id}/documents': 'FOPD',
  'GET /v1/shipments/{id}/documents/{sha256}': 'FOPD',
  'GET /v1/trusted-traders/program': 'public',
  'POST /v1/trusted-traders/applications': 'F',
  'GET /v1/trusted-traders': 'FOAD',
  'GET /v1/trusted-traders/reminders': 'FOD',
  'GET /v1/trusted-traders/{id}': 'FOAD',
  'POST /v1/trusted-traders/{id}/actions': 'FOD',
  'POST /v1/trusted-traders/{id}/requirements/{requirement}/evidence': 'F',
  'POST /v1/trusted-traders/{id}/requirements/{requirement}/verdict': 'OD',
  'PUT /v1/trusted-traders/{id}/supply-chains/{product}': 'F',
  'GET /v1/trusted-traders/{id}/supply-chains/{product}': 'FOD',
  'GET /v1/trusted-traders/{id}/supply-chains/{product}/evidence-pack': 'FOD',
  'GET /v1/benefits/report': 'OAD',
  'GET /v1/benefits/series': 'OAD',
};

const LETTER: Readonly<Record<Role, string>> = {
  filer: 'F',
  officer: 'O',
  pga_officer: 'P',
  analyst: 'A',
  admin: 'D',
};

/** Streams that never end are asked with a key refused or let in before the stream opens. */
const STREAMS = new Set(['GET /v1/events']);

describe('access matrix: every operation × every role, from the OpenAPI document', () => {
  let t: SharedApp;
  const keys = new Map<Role, string>();
  let revoked = '';
  let expired = '';
  let ops: { method: string; path: string }[] = [];

  before(async () => {
    t = await sharedApp({ skipClassifier: true }, { TRADELANE_RATE_LIMIT_HEAVY: '0' });
    for (const role of Object.keys(LETTER) as Role[]) {
      const k = await t.c.apiKeys.create({
        tenant: 'acme',
        role,
        ...(role === 'pga_officer' ? { agency: 'FDA' } : {}),
      });
      keys.set(role, k.key);
    }
    const r = await t.c.apiKeys.create({ tenant: 'acme', role: 'admin' });
    await t.c.apiKeys.revoke(r.record.id);
    revoked = r.key;
    // A key whose expiry has passed (written to the store as time would have made it).
    const e = await t.c.apiKeys.create({ tenant: 'acme', role: 'admin', expires: '1m' });
    await (t.c.store as KyselyStore).db
      .updateTable('api_keys')
      .set({ expires_at: '2001-01-01T00:00:00.000Z' })
      .where('id', '=', e.record.id)
      .execute();
    expired = e.key;
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.keys(byMethod).map((m) => ({ method: m.toUpperCase(), path })),
    );
  });
  after(() => t.close());

  const call = (op: { method: string; path: string }, key: string | null) =>
    t.app.inject({
      method: op.method as 'GET',
      url: op.path.replace(/\{[^}]+\}/g, 'x'),
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
      },
      ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: '{}' }),
    });

  it('has every operation of the OpenAPI document in the table, and nothing else', () => {
    const documented = ops.map((o) => `${o.method} ${o.path}`).sort();
    assert.deepEqual(documented, Object.keys(MATRIX).sort());
  });

  it('lets in exactly the roles the table names, and no one without a valid key', async () => {
    const leaks: string[] = [];
    for (const op of ops) {
      const name = `${op.method} ${op.path}`;
      const allowed = MATRIX[name]!;
      for (const [role, key] of keys) {
        if (STREAMS.has(name) && allowed.includes(LETTER[role])) continue;
        const res = await call(op, key);
        const refused = res.statusCode === 401 || (res.statusCode === 403 && res.json().code === 'FORBIDDEN');
        const want = allowed === 'public' || allowed.includes(LETTER[role]);
        if (want === refused)
          leaks.push(`${name} as ${role}: ${res.statusCode} (table: ${want ? 'allow' : 'deny'})`);
      }
      if (allowed === 'public') continue;
      for (const [what, key] of [
        ['no key', null],
        ['an unknown key', 'tlk_not-a-key'],
        ['a revoked key', revoked],
        ['an expired key', expired],
      ] as const) {
        const res = await call(op, key);
        if (res.statusCode !== 401) leaks.push(`${name} with ${what}: ${res.statusCode}`);
      }
    }
    assert.deepEqual(leaks, []);
  });
});

/** What tenant `acme` owns in the tenant matrix below (ids filled in as it creates them). */
interface Owned {
  shipment: string;
  sha256: string;
  member: string;
  memberDocument: string;
  webhook: string;
  entity: string;
  alert: string;
}

const PDF = Buffer.from('%PDF-1.4\n% tenant matrix\n%%EOF\n');
const UPLOAD = '?media_type=application/pdf&filename=invoice.pdf&type=invoice';
const SUPPLY_CHAIN = {
  nodes: [{ id: 'A', name: 'Saigon Sewing Co', kind: 'supplier', tier: 1, country: 'VN' }],
  edges: [{ from: 'A', to: 'member' }],
};

/**
 * The tenant dimension, written once: for each operation, what another tenant's key of the same
 * role gets when it addresses (or lists) what tenant `acme` owns.
 * - `addresses`: the operation names an acme resource; the roles in `hidden` get 404 from another
 *   tenant (the same answer as an id that never existed, so ids do not tell that they exist) and
 *   change nothing, while acme's own key of that role is let through (not 401, 403 or 404). The
 *   roles in `refused` pass the role check but the operation is not theirs (an applicant's own
 *   step): another tenant's key gets 403 FORBIDDEN and changes nothing.
 * - `lists`: another tenant's key of a role in `hidden` gets 200 and the very answer a tenant that
 *   owns nothing gets (no row, count or total of acme's), while acme's own key gets another answer
 *   (`control`: its rows are there to be hidden; acme has no reminder due, so none to compare).
 * - `customs`: only customs-side roles (officer, PGA officer, analyst, admin) may call it; they act
 *   for the service over every tenant, so there is no other tenant to keep out.
 * - `shared`: it addresses nothing a tenant owns (reference data, the caller's own session, a new
 *   filing, the shared party registry's resolution, admin's key management across tenants).
 * On `addresses` and `lists`, another tenant's key of a role the matrix keeps out of the operation is
 * refused too (403 FORBIDDEN, on acme's real ids), and what acme's filer reads afterwards at each of
 * its resources is what it read before.
 * Every answer another tenant's filer gets, whatever the operation, is searched for acme's ids and
 * names: one found is a leak.
 */
type TenantRule =
  | {
      kind: 'addresses';
      hidden: string;
      refused?: string;
      url: (o: Owned) => string;
      body?: (o: Owned) => unknown;
      bytes?: Buffer;
    }
  | { kind: 'lists'; hidden: string; url: (o: Owned) => string; control: boolean }
  | { kind: 'customs' }
  | { kind: 'shared' }
  | { kind: 'stream' };

const addresses = (
  hidden: string,
  url: (o: Owned) => string,
  { body, bytes, refused }: { body?: (o: Owned) => unknown; bytes?: Buffer; refused?: string } = {},
): TenantRule => ({
  kind: 'addresses',
  hidden,
  url,
  ...(body ? { body } : {}),
  ...(bytes ? { bytes } : {}),
  ...(refused ? { refused } : {}),
});
const lists = (hidden: string, url: (o: Owned) => string, control = true): TenantRule => ({
  kind: 'lists',
  hidden,
  url,
  control,
});
const named = (op: { method: string; path: string }) => `${op.method} ${op.path}`;
const CUSTOMS: TenantRule = { kind: 'customs' };
const SHARED: TenantRule = { kind: 'shared' };

const TENANTS: Readonly<Record<string, TenantRule>> = {
  'GET /v1/session': SHARED,
  'DELETE /v1/session': SHARED,
  'GET /v1/keys': CUSTOMS,
  'POST /v1/keys': CUSTOMS,
  'POST /v1/keys/{id}/revoke': CUSTOMS,
  'POST /v1/keys/{id}/rotate': CUSTOMS,
  'POST /v1/shipments': SHARED,
  'GET /v1/shipments': lists('F', () => '/v1/shipments'),
  'GET /v1/dashboard': CUSTOMS,
  'GET /v1/shipments/{id}': addresses('F', (o) => `/v1/shipments/${o.shipment}`),
  'POST /v1/shipments:batch': SHARED,
  'GET /v1/refdata/status': SHARED,
  'POST /v1/screen': SHARED,
  'POST /v1/screening/decisions': CUSTOMS,
  'GET /v1/alerts': lists('F', () => '/v1/alerts'),
  'POST /v1/alerts/{id}/acknowledge': CUSTOMS,
  // An entity known only from acme's filings is not there for another tenant's filer.
  'GET /v1/entities/{id}': addresses('F', (o) => `/v1/entities/${o.entity}`),
  'POST /v1/resolve': SHARED,
  'POST /v1/entities/{id}/merge': CUSTOMS,
  'POST /v1/entities/{id}/split': CUSTOMS,
  'POST /v1/pga/determine': SHARED,
  'GET /v1/pga/paperless': lists('F', () => '/v1/pga/paperless'),
  'POST /v1/classify': SHARED,
  'GET /v1/classify/model': SHARED,
  'POST /v1/classify/check': SHARED,
  'POST /v1/classify/corrections': CUSTOMS,
  'GET /v1/classify/corrections': CUSTOMS,
  'POST /v1/classify/model/rebuild': CUSTOMS,
  'GET /v1/queue': CUSTOMS,
  'POST /v1/shipments/{id}/actions': CUSTOMS,
  'GET /v1/rules/stats': CUSTOMS,
  'POST /v1/webhooks': SHARED,
  'GET /v1/webhooks': lists('FD', () => '/v1/webhooks'),
  'GET /v1/webhooks/{id}/deliveries': addresses('FD', (o) => `/v1/webhooks/${o.webhook}/deliveries`),
  'DELETE /v1/webhooks/{id}': addresses('FD', (o) => `/v1/webhooks/${o.webhook}`),
  // Filtered by tenant in the event hub (a filer hears its own filings); not probed here: the
  // stream needs a running server with the outbox relay (docs/security.md, known limits).
  'GET /v1/events': { kind: 'stream' },
  'POST /v1/shipments/{id}/documents': addresses(
    'FD',
    (o) => `/v1/shipments/${o.shipment}/documents${UPLOAD}`,
    { bytes: PDF },
  ),
  'GET /v1/shipments/{id}/documents': addresses('F', (o) => `/v1/shipments/${o.shipment}/documents`),
  'POST /v1/trusted-traders/{id}/documents': addresses(
    'FD',
    (o) => `/v1/trusted-traders/${o.member}/documents${UPLOAD}`,
    { bytes: PDF },
  ),
  'GET /v1/trusted-traders/{id}/documents': addresses(
    'F',
    (o) => `/v1/trusted-traders/${o.member}/documents`,
  ),
  'GET /v1/shipments/{id}/documents/{sha256}': addresses(
    'F',
    (o) => `/v1/shipments/${o.shipment}/documents/${o.sha256}`,
  ),
  'POST /v1/trusted-traders/applications': SHARED,
  'GET /v1/trusted-traders': lists('F', () => '/v1/trusted-traders'),
  'GET /v1/trusted-traders/reminders': lists('F', () => '/v1/trusted-traders/reminders', false),
  'GET /v1/trusted-traders/{id}': addresses('F', (o) => `/v1/trusted-traders/${o.member}`),
  // The applicant's own steps: its filer key only. An admin (the customs side, of any tenant) may
  // take the officers' actions on any member but not the applicant's, nor submit its evidence or
  // write its maps (the matrix keeps admins out of those two).
  'POST /v1/trusted-traders/{id}/actions': addresses('F', (o) => `/v1/trusted-traders/${o.member}/actions`, {
    body: () => ({ action: 'respond', answers: { questionnaire_answered: true } }),
    refused: 'D',
  }),
  'POST /v1/trusted-traders/{id}/requirements/{requirement}/evidence': addresses(
    'F',
    (o) => `/v1/trusted-traders/${o.member}/requirements/code_of_conduct/evidence`,
    { body: (o) => ({ documents: [o.memberDocument] }) },
  ),
  'POST /v1/trusted-traders/{id}/requirements/{requirement}/verdict': CUSTOMS,
  'PUT /v1/trusted-traders/{id}/supply-chains/{product}': addresses(
    'F',
    (o) => `/v1/trusted-traders/${o.member}/supply-chains/tees`,
    { body: () => ({ ...SUPPLY_CHAIN, nodes: [{ ...SUPPLY_CHAIN.nodes[0]!, name: 'Globex Sewing Co' }] }) },
  ),
  'GET /v1/trusted-traders/{id}/supply-chains/{product}': addresses(
    'F',
    (o) => `/v1/trusted-traders/${o.member}/supply-chains/tees`,
  ),
  'GET /v1/trusted-traders/{id}/supply-chains/{product}/evidence-pack': addresses(
    'F',
    (o) => `/v1/trusted-traders/${o.member}/supply-chains/tees/evidence-pack`,
  ),
  'GET /v1/benefits/report': CUSTOMS,
  'GET /v1/benefits/series': CUSTOMS,
};

describe('access matrix: own tenant against another tenant, from the OpenAPI document', () => {
  let t: SharedApp;
  /** The keys of acme (the owner) and globex (another tenant), by role letter. */
  const own = new Map<string, string>();
  const other = new Map<string, string>();
  /** A third tenant that owns nothing: what another tenant's list must look like. */
  const empty = new Map<string, string>();
  const o = {} as Owned;
  /** acme's ids and names: none may appear in an answer to globex's filer. */
  let markers: string[] = [];
  let ops: { method: string; path: string }[] = [];

  const send = (method: string, url: string, key: string, body?: unknown, bytes?: Buffer) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(bytes ? { 'content-type': 'application/octet-stream' } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(bytes ? { payload: bytes } : {}),
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  const created = async (res: Awaited<ReturnType<typeof send>>) => {
    assert.ok(res.statusCode < 300, `${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown>;
  };
  /** What acme's filer reads at each of its resources (GET), by URL; the time a pack is made aside. */
  const ownerReads = async () => {
    const seen = new Map<string, string>();
    for (const op of ops) {
      const rule = TENANTS[named(op)];
      if (op.method !== 'GET' || rule?.kind !== 'addresses' || !rule.hidden.includes('F')) continue;
      const res = await send('GET', rule.url(o), own.get('F')!);
      seen.set(rule.url(o), `${res.statusCode} ${res.body.replace(/"generated_at":"[^"]*"/, '')}`);
    }
    return seen;
  };

  before(async () => {
    t = await sharedApp(
      { skipClassifier: true, loadRegistry: true },
      {
        TRADELANE_RATE_LIMIT_HEAVY: '0',
        TRADELANE_DOCUMENTS_DIR: tempDir('tl-tenants-docs'),
        TRADELANE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      },
    );
    for (const [tenant, keys] of [
      ['acme', own],
      ['globex', other],
      ['initech', empty],
    ] as const) {
      for (const role of ['filer', 'admin'] as const)
        keys.set(LETTER[role], (await t.c.apiKeys.create({ tenant, role })).key);
    }
    const filer = own.get('F')!;
    const shipment = await created(
      await send('POST', '/v1/shipments', filer, sampleShipment({ reference: 'ACME-SECRET-REF-7731' })),
    );
    o.shipment = shipment.id as string;
    const doc = await created(
      await send('POST', `/v1/shipments/${o.shipment}/documents${UPLOAD}`, filer, undefined, PDF),
    );
    o.sha256 = doc.sha256 as string;
    const hook = await created(
      await send('POST', '/v1/webhooks', filer, { url: 'http://127.0.0.1:9/acme-secret-hook' }),
    );
    o.webhook = hook.id as string;
    const member = await created(
      await send('POST', '/v1/trusted-traders/applications', filer, {
        company: {
          name: 'Acme Secret Apparel Inc.',
          country: 'US',
          identifiers: [{ scheme: 'EIN', value: '27-7654321' }],
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
      }),
    );
    o.member = member.id as string;
    o.memberDocument = (
      await created(
        await send('POST', `/v1/trusted-traders/${o.member}/documents${UPLOAD}`, filer, undefined, PDF),
      )
    ).id as string;
    await created(
      await send('PUT', `/v1/trusted-traders/${o.member}/supply-chains/tees`, filer, SUPPLY_CHAIN),
    );
    // The seller's registry entity (shared), whose graph lists the filings that name it (the
    // links are recorded by the background worker in the server; at once here).
    await t.c.registry.recordShipments([o.shipment]);
    const seller = (sampleShipment().parties as { name: string; address: { country: string } }[])[0]!;
    const resolved = await created(
      await send('POST', '/v1/resolve', filer, { name: seller.name, country: seller.address.country }),
    );
    o.entity = resolved.entityId as string;
    assert.match(o.entity, /^ent_/, JSON.stringify(resolved));
    // An alert as re-screening raises it when a list change hits one of acme's parties.
    o.alert = 'alr_acme_tenant_matrix';
    await t.c.store.screening.addAlerts([
      {
        id: o.alert,
        tenant: 'acme',
        partyKey: 'acme-party',
        party: { name: 'Acme Secret Supplier' },
        seenIn: o.shipment,
        entryId: 'sdn-1',
        list: 'ofac-sdn',
        score: 0.95,
        matchedName: 'Acme Secret Supplier',
        listsKey: 'k',
        createdAt: '2026-01-01T00:00:00.000Z',
        acknowledgedAt: null,
      },
    ]);
    markers = [
      o.shipment,
      'ACME-SECRET-REF-7731',
      o.sha256,
      o.webhook,
      'acme-secret-hook',
      o.member,
      'Acme Secret Apparel',
      o.memberDocument,
      o.alert,
      'Acme Secret Supplier',
    ];
    const doc2 = (await t.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    ops = Object.entries(doc2.paths).flatMap(([path, byMethod]) =>
      Object.keys(byMethod).map((m) => ({ method: m.toUpperCase(), path })),
    );
  });
  after(() => t.close());

  it('has a tenant rule for every operation that is not public, and nothing else', () => {
    const documented = ops
      .map((op) => `${op.method} ${op.path}`)
      .filter((name) => MATRIX[name] !== 'public')
      .sort();
    assert.deepEqual(documented, Object.keys(TENANTS).sort());
  });

  it("keeps every tenant's resources from another tenant's keys, and lets the owner in", async () => {
    const leaks: string[] = [];
    const leakIn = (body: string) => markers.filter((m) => body.includes(m));
    const before = await ownerReads();
    // Another tenant first: nothing it does may change what the owner then finds.
    for (const op of ops) {
      const name = named(op);
      const rule = TENANTS[name];
      if (!rule || (rule.kind !== 'addresses' && rule.kind !== 'lists')) continue;
      for (const letter of rule.hidden) {
        if (!MATRIX[name]!.includes(letter))
          leaks.push(`${name}: the rule hides it from ${letter}, who may not call it at all`);
      }
      const refused = rule.kind === 'addresses' ? (rule.refused ?? '') : '';
      for (const [letter, key] of other) {
        // 404 (hidden), 403 (kept out by role or by the operation), or a customs-side role that
        // acts over every tenant by design (not probed here).
        const want = rule.hidden.includes(letter)
          ? rule.kind === 'addresses'
            ? 404
            : 200
          : !MATRIX[name]!.includes(letter) || refused.includes(letter)
            ? 403
            : null;
        if (want === null) continue;
        const res = await send(
          op.method,
          rule.url(o),
          key,
          rule.kind === 'addresses' ? rule.body?.(o) : undefined,
          rule.kind === 'addresses' ? rule.bytes : undefined,
        );
        if (res.statusCode !== want || (want === 403 && res.json().code !== 'FORBIDDEN'))
          leaks.push(
            `${name} as globex's ${letter}: ${res.statusCode} (want ${want}) ${res.body.slice(0, 160)}`,
          );
        const seen = leakIn(res.body).filter((m) => !rule.url(o).includes(m));
        if (seen.length) leaks.push(`${name} as globex's ${letter} shows acme's ${seen.join(', ')}`);
      }
    }
    const afterwards = await ownerReads();
    for (const [url, body] of before)
      if (afterwards.get(url) !== body)
        leaks.push(`another tenant changed what acme reads at ${url}: ${afterwards.get(url)?.slice(0, 160)}`);
    // The owner: let in (the rows are there to be hidden). Deleting comes last, by the first role
    // that may (a resource is deleted once).
    const last = (op: { method: string }) => (op.method === 'DELETE' ? 1 : 0);
    for (const op of [...ops].sort((a, b) => last(a) - last(b))) {
      const name = named(op);
      const rule = TENANTS[name];
      if (!rule || (rule.kind !== 'addresses' && rule.kind !== 'lists')) continue;
      for (const letter of op.method === 'DELETE' ? rule.hidden.slice(0, 1) : rule.hidden) {
        if (!MATRIX[name]!.includes(letter)) continue;
        const res = await send(
          op.method,
          rule.url(o),
          own.get(letter)!,
          rule.kind === 'addresses' ? rule.body?.(o) : undefined,
          rule.kind === 'addresses' ? rule.bytes : undefined,
        );
        if ([401, 403, 404].includes(res.statusCode))
          leaks.push(`${name} as acme's own ${letter}: ${res.statusCode} ${res.body.slice(0, 160)}`);
        if (rule.kind === 'lists' && rule.control) {
          const none = await send(op.method, rule.url(o), empty.get(letter)!);
          if (none.body === res.body)
            leaks.push(
              `${name} as acme's own ${letter} is what a tenant with nothing gets: ${res.body.slice(0, 160)}`,
            );
        }
      }
    }
    assert.deepEqual(leaks, []);
  });

  it("shows another tenant's filer none of acme's ids or names on any operation it may call", async () => {
    const filer = other.get('F')!;
    const found: string[] = [];
    for (const op of ops) {
      const name = named(op);
      if (!MATRIX[name]!.includes('F') || STREAMS.has(name)) continue;
      let i = 0;
      const ids = [o.shipment, o.member, o.webhook, o.entity];
      const url = op.path.replace(/\{([^}]+)\}/g, (_, p: string) =>
        p === 'sha256'
          ? o.sha256
          : p === 'requirement'
            ? 'code_of_conduct'
            : p === 'product'
              ? 'tees'
              : ids[i++ % ids.length]!,
      );
      const res = await send(
        op.method,
        url,
        filer,
        op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
      );
      const seen = markers.filter((m) => res.body.includes(m) && !url.includes(m));
      if (seen.length) found.push(`${name}: ${seen.join(', ')}`);
    }
    assert.deepEqual(found, []);
  });

  it("files another tenant's request under its own Idempotency-Key space, never acme's", async () => {
    const post = (key: string, idempotency: string, reference: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/shipments',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'idempotency-key': idempotency,
        },
        payload: JSON.stringify(sampleShipment({ reference })),
      });
    // The same key with another body (would be a conflict naming acme's filing if keys were shared),
    // and with the same body (would replay acme's filing).
    for (const [idempotency, reference] of [
      ['tenant-matrix-1', 'GLOBEX-1'],
      ['tenant-matrix-2', 'ACME-SECRET-REF-7731'],
    ] as const) {
      const first = await post(own.get('F')!, idempotency, 'ACME-SECRET-REF-7731');
      assert.equal(first.statusCode, 201, first.body);
      const res = await post(other.get('F')!, idempotency, reference);
      assert.equal(res.statusCode, 201, res.body);
      assert.notEqual(res.json().id, first.json().id);
      assert.equal(res.headers['idempotent-replayed'], undefined);
    }
  });
});
