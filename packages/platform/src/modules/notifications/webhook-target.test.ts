import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { refusedAddress, parseIpv6 } from './domain/addresses.js';
import { checkTarget, safeWebhookSender } from './adapters/webhook-target.js';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';

const REFUSED = [
  '127.0.0.1',
  '127.255.0.9',
  '0.0.0.0',
  '10.1.2.3',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '100.127.255.254',
  '224.0.0.1',
  '255.255.255.255',
  '::1',
  '::',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::ffff:169.254.169.254',
  '64:ff9b::a9fe:a9fe',
  '2002:7f00:1::',
  'fd00:ec2::254',
  'fc00::1',
  'fe80::1',
  'fe80::1%eth0',
  'ff02::1',
];
const PUBLIC = ['8.8.8.8', '1.1.1.1', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'];

describe('webhook targets: public addresses only', () => {
  it('refuses loopback, private, link-local, CGNAT, metadata, ULA and IPv4 inside IPv6', () => {
    for (const a of REFUSED) assert.ok(refusedAddress(a), `${a} should be refused`);
    for (const a of PUBLIC) assert.equal(refusedAddress(a), null, a);
    assert.ok(refusedAddress('localhost'));
  });

  it('property: any IPv4 address is judged the same written plainly, mapped and NAT64', () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
        const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        const plain = refusedAddress(v4) === null;
        assert.equal(refusedAddress(`::ffff:${v4}`) === null, plain);
        assert.equal(refusedAddress(`::ffff:${hex}`) === null, plain);
        assert.equal(refusedAddress(`64:ff9b::${hex}`) === null, plain);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: IPv6 text parses to what it says, however it is compressed', () => {
    fc.assert(
      fc.property(fc.ipV6(), (v6) => {
        const g = parseIpv6(v6);
        assert.ok(g && g.length === 8 && g.every((x) => x >= 0 && x <= 0xffff), v6);
      }),
      { numRuns: 2000 },
    );
  });

  it('checks every address a name resolves to, and allows what the operator lists', async () => {
    const resolve = async (h: string) =>
      h === 'mixed.test'
        ? [
            { address: '8.8.8.8', family: 4 },
            { address: '10.0.0.1', family: 4 },
          ]
        : [{ address: '8.8.8.8', family: 4 }];
    await assert.rejects(checkTarget(new URL('http://mixed.test/'), { allowHosts: [], resolve }), {
      code: 'WEBHOOK_TARGET_REFUSED',
    });
    assert.deepEqual(await checkTarget(new URL('http://ok.test/'), { allowHosts: [], resolve }), [
      { address: '8.8.8.8', family: 4 },
    ]);
    assert.equal(await checkTarget(new URL('http://127.0.0.1:9/'), { allowHosts: ['127.0.0.1'] }), null);
  });
});

describe('webhook delivery: checked after resolution, connected to the address checked', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  before(async () => {
    server = createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses a name that resolves to a private address at delivery (rebinding) and never connects', async () => {
    let calls = 0;
    // Public at registration, loopback at delivery: the attacker's DNS answer changed.
    const resolve = async () => [{ address: calls++ === 0 ? '8.8.8.8' : '127.0.0.1', family: 4 }];
    const url = `http://rebind.test:${port}/hook`;
    await checkTarget(new URL(url), { allowHosts: [], resolve });
    const send = safeWebhookSender({ allowHosts: [], resolve });
    const before = hits;
    await assert.rejects(send(url, '{}', {}), /^Error: refused: .*loopback/);
    assert.equal(hits, before);
  });

  it('connects to the address it checked, without resolving the name again', async () => {
    let calls = 0;
    // hook.test exists only in this resolver: the POST can only arrive through the pinned address.
    const resolve = async () => {
      calls++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const send = safeWebhookSender({ allowHosts: ['127.0.0.1'], resolve });
    const before = hits;
    assert.equal(
      await send(`http://hook.test:${port}/x`, '{"a":1}', { 'content-type': 'application/json' }),
      204,
    );
    assert.equal(hits, before + 1);
    assert.equal(calls, 1);
  });

  it('logs a refused target the same way whether its port is open or closed', async () => {
    const send = safeWebhookSender({ allowHosts: [] });
    const open = await send(`http://127.0.0.1:${port}/`, '{}', {}).catch((e: Error) => e.message);
    const closed = await send('http://127.0.0.1:9/', '{}', {}).catch((e: Error) => e.message);
    assert.equal(open, closed);
    assert.match(String(open), /^refused: /);
  });
});

describe('webhook registration over HTTP', () => {
  let t: SharedApp;
  before(async () => {
    t = await sharedApp({ skipClassifier: true });
  });
  after(() => t.close());

  const register = (url: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { authorization: `Bearer ${t.filer}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ url }),
    });

  it('refuses internal targets with 400 WEBHOOK_TARGET_REFUSED', async () => {
    for (const url of [
      'http://127.0.0.1:6379/',
      'http://localhost:8080/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://10.0.0.5/',
      'http://100.64.1.1/',
      'http://[fd00:ec2::254]/',
      'http://[fe80::1]/',
      'http://0x7f000001/',
      'http://2130706433/',
    ]) {
      const res = await register(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.json().code, 'WEBHOOK_TARGET_REFUSED', url);
    }
  });
});
