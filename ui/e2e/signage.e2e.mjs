// Issue 17, signage part, in a real browser: a site's public notice in English and (by the browser's language) in
// Chinese, a refuser who gets a one-time QR code in the consent portal, and the console's links to the notice and
// the sign plus the retention report. Started by io.consentry.ui.SignageJourneyTest, which prepares the tenant,
// renders the sign PDFs itself and presents the QR code printed here ("[e2e] qr-payload ...") at a real device.
import { BASE, context, env, linkFromMailbox, menu, run, shot, signInToConsole, step } from './lib.mjs';

const TENANT = env('E2E_TENANT');
const SITE = env('E2E_SITE');
const SITE_NAME = env('E2E_SITE_NAME');
const MAILBOX = env('E2E_MAILBOX_URL');
const REFUSER_EMAIL = env('E2E_REFUSER_EMAIL');
const ADMIN = env('E2E_ADMIN_USER');
const PASSWORD = env('E2E_ADMIN_PASSWORD');
const PAGE = `${BASE}/public/${TENANT}/sites/${SITE}`;

await run(async (browser) => {
  step('anyone reads the public notice of a site with face processing, without signing in (English)');
  const en = await (await context(browser)).newPage();
  await en.goto(`${PAGE}?lang=en`);
  await en.getByRole('heading', { level: 1, name: 'Face recognition in use' }).waitFor();
  await en.getByText(SITE_NAME).first().waitFor();
  await en.getByRole('heading', { name: 'Other ways in' }).waitFor();
  await en.getByRole('heading', { name: 'How to withdraw' }).waitFor();
  await en.getByRole('heading', { name: 'How long face data is kept' }).waitFor();
  await shot(en, 'signage-public-en');

  step('a browser that prefers Chinese gets the Chinese notice');
  const zh = await (await context(browser, { locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' } })).newPage();
  await zh.goto(PAGE);
  await zh.getByRole('heading', { level: 1, name: '此处使用人脸识别' }).waitFor();
  await zh.getByRole('heading', { name: '其他通行方式' }).waitFor();
  if ((await zh.locator('html').getAttribute('lang')) !== 'zh') throw new Error('the Chinese page does not declare its language');
  await shot(zh, 'signage-public-zh');

  step('a subject refuses face in the portal and gets a one-time QR code without an admin');
  const p = await (await context(browser)).newPage();
  await p.goto(await linkFromMailbox(p, MAILBOX, REFUSER_EMAIL));
  const gate = p.locator('[data-purpose="gate-verification"]');
  await gate.getByText('Not decided').waitFor();
  await gate.getByRole('button', { name: /^I refuse/ }).click();
  await gate.getByText('Refused').waitFor();
  const ways = p.getByTestId('ways-in');
  await ways.getByRole('heading', { name: SITE_NAME }).waitFor();
  // only what the sites accept: this tenant's sites take no card
  if ((await ways.getByText('an access card').count()) !== 0) throw new Error('a card is offered though no site takes one');
  await ways.getByRole('button', { name: 'Get a one-time QR code' }).click();
  const qr = p.getByTestId('issued-qr').getByRole('img', { name: /QR code/ });
  await qr.waitFor();
  console.log(`[e2e] qr-payload ${await qr.getAttribute('data-payload')}`);
  await ways.locator('li[data-method="QR"][data-usable="true"]').waitFor();
  await p.getByTestId('issued-qr').scrollIntoViewIfNeeded();
  await shot(p, 'signage-portal-qr');

  step('the admin finds the notice and the sign on the site screen, and the retention report');
  const c = await (await context(browser)).newPage();
  await signInToConsole(c, TENANT, ADMIN, PASSWORD);
  await c.goto(`${BASE}/console/${TENANT}#/sites/${SITE}`);
  const notice = c.getByTestId('public-notice');
  await notice.getByRole('link', { name: 'sign (PDF) — Chinese' }).waitFor();
  if ((await notice.getByRole('link').count()) !== 6) throw new Error('expected page, PDF and PNG links in English and Chinese');
  await shot(c, 'signage-console-site');
  await menu(c, 'Retention').click();
  await c.getByTestId('retention-schedule').waitFor();
  await shot(c, 'signage-console-retention');
});
