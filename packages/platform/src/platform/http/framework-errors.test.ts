/**
 * What the router and Node's HTTP parser refuse before any route runs is answered in the API's error
 * shape (`{code, message, path}`, docs/errors.md), not Fastify's own (`{error, message, statusCode}`):
 * a path parameter too long (414) or not decodable (400), headers too large (431), bytes that are
 * not HTTP (400).
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { MAX_PARAM_LENGTH, clientErrorAnswer, createHttpApp } from './app.js';

/** The raw answer of a server to bytes written on a new connection (read until it closes). */
function raw(port: number, request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
    socket.end(request);
  });
}

describe('framework-level errors in the API shape', () => {
  let app: FastifyInstance;
  let port: number;

  before(async () => {
    app = await createHttpApp({
      logLevel: 'silent',
      bodyLimit: 1_000_000,
      version: 'test',
      authenticator: { key: async () => null, session: async () => null },
    });
    app.get('/v1/things/:id', { config: { access: 'public' } }, async (req) => req.params);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  after(() => app.close());

  it('answers a path parameter over the limit 414 URL_TOO_LONG, without echoing it', async () => {
    const ok = await app.inject({ url: `/v1/things/${'a'.repeat(MAX_PARAM_LENGTH)}` });
    assert.equal(ok.statusCode, 200, ok.body);
    const res = await app.inject({ url: `/v1/things/${'a'.repeat(5000)}` });
    assert.equal(res.statusCode, 414);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.deepEqual(res.json(), {
      code: 'URL_TOO_LONG',
      message: `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`,
      path: 'url',
    });
    assert.ok(res.headers['x-request-id'], 'carries a request id like every answer');
  });

  it('answers a path parameter that is not percent-encoded UTF-8 400 URL_INVALID', async () => {
    const res = await app.inject({ url: '/v1/things/%E0%A4%A' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'message', 'path']);
    assert.equal(res.json().code, 'URL_INVALID');
  });

  it('answers headers too large 431 HEADERS_TOO_LARGE over a real connection, and closes it', async () => {
    const res = await raw(
      port,
      `GET /v1/things/x HTTP/1.1\r\nHost: a\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    assert.equal(res.status, 431, res.headers);
    assert.match(res.headers, /content-type: application\/json/i);
    assert.deepEqual(JSON.parse(res.body), {
      code: 'HEADERS_TOO_LARGE',
      message: 'the request line and headers are larger than the server takes',
      path: 'headers',
    });
    // A URL too long for the parser is the same refusal.
    const url = await raw(port, `GET /v1/things/${'u'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
    assert.equal(url.status, 431);
    assert.equal(JSON.parse(url.body).code, 'HEADERS_TOO_LARGE');
  });

  it('answers bytes that are not HTTP 400 REQUEST_INVALID', async () => {
    const res = await raw(port, 'NOT HTTP AT ALL\r\n\r\n');
    assert.equal(res.status, 400, res.headers);
    assert.equal(JSON.parse(res.body).code, 'REQUEST_INVALID');
  });

  it('maps each refusal of the parser to a code of the catalogue and its status', () => {
    assert.deepEqual(
      ['HPE_HEADER_OVERFLOW', 'ERR_HTTP_REQUEST_TIMEOUT', 'HPE_INVALID_METHOD', undefined].map((code) => {
        const a = clientErrorAnswer({ code });
        return `${a.status} ${a.body.code}`;
      }),
      ['431 HEADERS_TOO_LARGE', '408 REQUEST_TIMEOUT', '400 REQUEST_INVALID', '400 REQUEST_INVALID'],
    );
  });
});
