import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { after, before, describe, test } from 'node:test';
import type { Json } from '../src/hsds/model.ts';
import { createTestApp, importRecords, type TestApp } from './helpers/app.ts';
import { makeService } from './helpers/factories.ts';

// What a member sends: none of it may reach the log.
const TERM = 'Quixotemethadone';
const PLACE_TERM = 'Zanzibartonville';
const NEAR_TEXT = 'Sunnysidez';
const LAT = -25.76113;
const LNG = 28.22991;
const FORWARDED_IP = '203.0.113.77';
const REMOTE_IP = '198.51.100.9';
const MISSING_PATH = 'no-such-page-Wombatgrove';
const FORBIDDEN = [
  TERM,
  TERM.toLowerCase(),
  PLACE_TERM,
  PLACE_TERM.toLowerCase(),
  NEAR_TEXT,
  NEAR_TEXT.toLowerCase(),
  MISSING_PATH,
  '25.761',
  '28.229',
  FORWARDED_IP,
  REMOTE_IP,
  '203.0.113',
  '198.51.100',
];

/** The requests of a member searching, each with the route pattern its log line must name. */
const REQUESTS: { route: string; status: number; inject: InjectOptions }[] = [
  {
    route: '/api/v1/search',
    status: 200,
    inject: { method: 'GET', url: `/api/v1/search?q=${TERM}&lat=${LAT}&lng=${LNG}&radius_km=5` },
  },
  {
    route: '/api/v1/search',
    status: 200,
    inject: { method: 'POST', url: '/api/v1/search', payload: { q: TERM, lat: LAT, lng: LNG, open_at: 'now' } },
  },
  { route: '/api/v1/places', status: 200, inject: { method: 'GET', url: `/api/v1/places?q=${PLACE_TERM}` } },
  {
    route: '/search',
    status: 200,
    inject: {
      method: 'POST',
      url: '/search',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ q: TERM, near_text: NEAR_TEXT }).toString(),
    },
  },
  {
    route: '/search',
    status: 200,
    inject: {
      method: 'POST',
      url: '/search',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ q: TERM, lat: String(LAT), lng: String(LNG) }).toString(),
    },
  },
  {
    route: '/api/v1/search',
    status: 200,
    inject: {
      method: 'POST',
      url: '/api/v1/search',
      headers: { 'x-forwarded-for': FORWARDED_IP, 'x-real-ip': FORWARDED_IP },
      remoteAddress: REMOTE_IP,
      payload: { q: TERM, lat: LAT, lng: LNG },
    },
  },
  {
    route: '/api/v1/search',
    status: 400,
    inject: {
      method: 'GET',
      url: `/api/v1/search?q=${TERM}&lat=${LAT}&lng=${LNG}&radius_km=500`,
      headers: { 'x-forwarded-for': FORWARDED_IP },
      remoteAddress: REMOTE_IP,
    },
  },
  {
    route: '/api/v1/search',
    status: 400,
    inject: { method: 'POST', url: '/api/v1/search', payload: { q: TERM, lat: LAT, lng: LNG, [PLACE_TERM]: true } },
  },
  {
    route: '',
    status: 404,
    inject: {
      method: 'GET',
      url: `/${MISSING_PATH}?q=${TERM}&lat=${LAT}`,
      headers: { 'x-forwarded-for': FORWARDED_IP },
      remoteAddress: REMOTE_IP,
    },
  },
];

for (const proxied of [false, true]) {
  // Behind a proxy (HARBOUR_PUBLIC_URL set) the forwarded address becomes the request's ip: still not
  // logged. The most verbose level shows that nothing is merely hidden by the level.
  describe(proxied ? 'the log behind a proxy' : 'the log', () => {
    let t: TestApp;
    let lines: Json[];
    before(async () => {
      t = await createTestApp({
        env: { LOG_LEVEL: 'trace', ...(proxied ? { HARBOUR_PUBLIC_URL: 'https://harbour.example' } : {}) },
      });
      await importRecords(t.db, [
        makeService({ name: 'Quixotemethadone clinic', sites: [{ lat: LAT, lng: LNG }], terms: ['free'] }),
      ]);
      const start = t.logs.length;
      for (const r of REQUESTS) {
        const res = await t.app.inject(t.asBrowser({ remoteAddress: REMOTE_IP, ...r.inject }));
        assert.equal(res.statusCode, r.status, `${r.inject.method} ${JSON.stringify(r.inject.url)}: ${res.body.slice(0, 200)}`);
      }
      lines = t.logs.slice(start);
    });
    after(() => t.close());

    test('holds no search terms, coordinates, query strings or IP addresses', () => {
      const text = lines.map((l) => JSON.stringify(l)).join('\n');
      for (const s of FORBIDDEN) assert.ok(!text.includes(s), `the log holds ${s}:\n${text}`);
      assert.ok(!text.includes('?'), `the log holds a URL with a query:\n${text}`);
      for (const line of lines) {
        for (const key of ['req', 'res', 'url', 'ip', 'ips', 'remoteAddress', 'hostname', 'headers'])
          assert.equal(line[key], undefined, `a log line has "${key}": ${JSON.stringify(line)}`);
      }
    });

    test('has one line per response, with the route pattern and the status', () => {
      const responses = lines.filter((l) => l.msg === 'response');
      assert.equal(responses.length, REQUESTS.length, JSON.stringify(lines));
      REQUESTS.forEach((r, i) => {
        const line = responses[i]!;
        assert.equal(line.status, r.status);
        assert.equal(line.method, r.inject.method);
        assert.equal(typeof line.route, 'string');
        assert.ok(!String(line.route).includes('?'), `route ${String(line.route)}`);
        if (r.route) assert.equal(line.route, r.route);
        else assert.ok(!String(line.route).includes(MISSING_PATH), `an unmatched URL is not logged: ${String(line.route)}`);
        assert.equal(typeof line.ms, 'number');
      });
    });
  });
}
