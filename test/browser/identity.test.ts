import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { totpCode } from '../../src/auth/totp.ts';
import { grantRole } from '../../src/staff/accounts.ts';
import { createSession, sessionCookieName } from '../../src/access/sessions.ts';
import { axeViolations, useBrowserSuite, withPage } from './helpers.ts';

const NOW = new Date('2026-11-26T10:00:00+02:00');
const PHONE = { viewport: { width: 360, height: 740 } };
const NO_JS = { ...PHONE, javaScriptEnabled: false };

let setupPath = '';
let orgId = '';
let serviceId = '';
const EMAIL = 'thandi@outreach.example';
const PASSWORD = 'river-stone-lantern-42';

const suite = useBrowserSuite(NOW, async (harbour) => {
  // An organisation of the demo data that owns a service, and a coordinator its admin added.
  const service = await harbour.db.db
    .selectFrom('service')
    .select(['id', 'organization_id'])
    .where('organization_id', 'is not', null)
    .orderBy('name')
    .limit(1)
    .executeTakeFirstOrThrow();
  serviceId = service.id;
  orgId = service.organization_id!;
  const link = await grantRole(harbour.db.db, null, orgId, EMAIL, 'coordinator', NOW);
  setupPath = link.path!;
});
const h = () => suite.harbour();
const b = () => suite.browser();

/** Submits the form holding `button` and waits for the next document. */
async function submit(page: Page, button: ReturnType<Page['getByRole']>): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  return response?.status() ?? 0;
}

let inviteCode = '';

describe('without JavaScript', () => {
  test('a coordinator sets a password, signs in, enrols two-factor, makes an invite card, edits and verifies a listing', async () => {
    await withPage(b(), { allow: [h().url], context: NO_JS }, async (page, _context, offsite) => {
      await page.goto(`${h().url}${setupPath}`);
      await page.getByLabel('New password').fill(PASSWORD);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Set password' })), 200);
      assert.match(page.url(), /\/staff\/sign-in\?done=setup$/);

      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill(PASSWORD);
      await submit(page, page.getByRole('button', { name: 'Sign in' }));
      assert.match(page.url(), /\/staff\/two-factor$/, 'a coordinator must enrol before anything else');
      assert.equal(await page.locator('[data-totp-qr] svg').count(), 1, 'the QR code is drawn by the server');
      const secret = (await page.locator('[data-totp-secret]').textContent())!.trim();
      await page.getByLabel('Code from the app').fill(totpCode(secret, NOW.getTime()));
      await submit(page, page.getByRole('button', { name: 'Turn on two-factor sign-in' }));
      assert.equal(await page.locator('[data-recovery-codes] li').count(), 10);

      await page.goto(`${h().url}/staff/orgs/${orgId}`);
      await page.getByLabel('How many').fill('1');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Make invite cards' })), 200);
      inviteCode = (await page.locator('[data-invite-code]').first().textContent())!.trim();
      assert.match(inviteCode, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      const card = (await page.locator('[data-invite-card]').first().textContent())!;
      assert.doesNotMatch(card, /harbour|sex|drug/i, 'the card names nothing about what it is for');

      await editAndVerifyListing(page);
      assert.deepEqual(offsite, []);
    });
  });

  test('a member joins with the invite, sees what is kept, signs out and signs in again', async () => {
    assert.ok(inviteCode, 'the staff test made an invite');
    await withPage(b(), { allow: [h().url], context: NO_JS }, async (page, context) => {
      await page.goto(`${h().url}/join`);
      await page.getByLabel('Invite code').fill(inviteCode.toLowerCase());
      await page.getByLabel('Working name').fill('Naledi');
      await page.getByLabel('Passphrase').fill('blue kettle morning');
      await submit(page, page.getByRole('button', { name: 'Create my account' }));
      assert.match(page.url(), /\/account$/);
      assert.equal((await page.locator('[data-working-name]').textContent())!.trim(), 'Naledi');
      const cookies = await context.cookies();
      const member = cookies.find((c) => c.name === 'hb_member');
      assert.ok(member?.httpOnly && member.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict');

      await submit(page, page.getByRole('button', { name: 'Sign out' }));
      assert.match(page.url(), /\/sign-in\?done=out$/);
      await page.getByLabel('Working name').fill('NALEDI');
      await page.getByLabel('Passphrase').fill('blue kettle morning');
      await submit(page, page.getByRole('button', { name: 'Sign in' }));
      assert.match(page.url(), /\/account$/);

      // The same code again: used, refused with a message she can act on.
      await page.goto(`${h().url}/join`);
      await page.getByLabel('Invite code').fill(inviteCode);
      await page.getByLabel('Working name').fill('Someone Else');
      await page.getByLabel('Passphrase').fill('another long phrase');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Create my account' })), 400);
      assert.match((await page.locator('[data-error]').textContent())!, /invite code does not work/);
    });
  });
});

describe('accessibility', () => {
  test('axe finds no WCAG 2.2 AA violation on the sign-in, join, account and staff pages', async () => {
    const db = h().db.db;
    const staff = await db.selectFrom('staff').select('id').where('email', '=', EMAIL).executeTakeFirstOrThrow();
    const member = await db.selectFrom('member').select('id').executeTakeFirstOrThrow();
    const cookie = async (kind: 'staff' | 'member', id: string) => ({
      name: sessionCookieName(h().config, kind),
      value: await createSession(db, h().config, kind, id, NOW),
      url: h().url,
    });
    const cookies = [await cookie('staff', staff.id), await cookie('member', member.id)];
    await withPage(b(), { allow: [h().url], context: { ...PHONE, bypassCSP: true } }, async (page, context) => {
      await context.addCookies(cookies);
      const problems: string[] = [];
      for (const path of ['/join', '/sign-in', '/account', '/staff/sign-in', '/staff', `/staff/orgs/${orgId}`]) {
        const res = await page.goto(`${h().url}${path}`);
        assert.equal(res?.status(), 200, path);
        for (const v of await axeViolations(page)) problems.push(`${path}: ${v}`);
      }
      assert.deepEqual(problems, []);
    });
  });
});

/** From the organisation's page: its listings, one service's alert changed, then verified. */
async function editAndVerifyListing(page: Page): Promise<void> {
  await page.goto(`${h().url}/staff/orgs/${orgId}`);
  await Promise.all([
    page.waitForURL(`${h().url}/staff/orgs/${orgId}/listings`),
    page.getByRole('link', { name: 'Listings' }).first().click(),
  ]);
  await Promise.all([
    page.waitForURL(`${h().url}/staff/listings/${serviceId}`),
    page.locator(`a[href="/staff/listings/${serviceId}"]`).click(),
  ]);
  await page.getByLabel('Alert').fill('Closed on Friday 4 December for training');
  assert.equal(await submit(page, page.getByRole('button', { name: 'Save details' })), 200);
  assert.ok(await page.locator('[data-ok]').count(), 'the change is confirmed');
  assert.equal(await submit(page, page.getByRole('button', { name: 'These details are right' })), 200);
  assert.match((await page.locator('[data-verified]').textContent())!, /2026-11-26|26 November 2026/);
  await page.goto(`${h().url}/services/${serviceId}`);
  assert.match(await page.content(), /Closed on Friday 4 December for training/, 'the public listing shows the alert');
  assert.doesNotMatch(await page.content(), new RegExp(EMAIL), 'and never the staff email');
}
