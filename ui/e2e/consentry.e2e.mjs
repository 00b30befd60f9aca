// End-to-end journey in Debian Chromium (headless), driven by playwright-core, against a running api + Keycloak.
// Started by the api's io.consentry.ui.BrowserJourneyTest, which prepares the tenant, purposes and admin login and
// passes them as environment variables. Prints one line per step; exits non-zero on the first failure.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`missing ${name}`);
  return v;
};
const BASE = env('E2E_BASE_URL').replace(/\/$/, '');
const TENANT = env('E2E_TENANT');
const USER = env('E2E_ADMIN_USER');
const PASSWORD = env('E2E_ADMIN_PASSWORD');
const UPLOAD = env('E2E_UPLOAD_PHOTO');
const CAMERA = env('E2E_CAMERA_FILE'); // .y4m made from a test photo, for the fake camera
const SHOTS = env('E2E_SCREENSHOTS');
const GRANT = env('E2E_GRANT_PURPOSE');
const REFUSE = env('E2E_REFUSE_PURPOSE');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 60000);

mkdirSync(SHOTS, { recursive: true });
const step = (s) => console.log(`[e2e] ${s}`);
const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', // playwright gives every launch a fresh temporary profile
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${CAMERA}`,
  ],
});
let failed = false;
try {
  const admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  admin.setDefaultTimeout(TIMEOUT);
  const page = await admin.newPage();

  step('admin opens the console and signs in on the Keycloak login page');
  await page.goto(`${BASE}/console/${TENANT}`);
  await shot(page, '01-console-signed-out');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.waitForSelector('#username');
  await shot(page, '02-keycloak-login');
  await page.fill('#username', USER);
  await page.fill('#password', PASSWORD);
  await page.click('#kc-login');
  await page.getByText(`Signed in as ${USER}`).waitFor();
  await page.getByText('Audit entries').waitFor();
  await shot(page, '03-dashboard');

  step('admin creates a subject and an invitation');
  await page.getByRole('link', { name: 'Subjects' }).click();
  await page.fill('input[name=externalRef]', 'unit-12a');
  await page.fill('input[name=displayName]', 'Li Wei');
  await page.getByRole('button', { name: 'Create subject' }).click();
  await page.getByRole('heading', { name: /Li Wei/ }).waitFor();
  await page.getByRole('button', { name: 'Create invitation' }).click();
  const link = await page.getByTestId('invitation-link').inputValue();
  await shot(page, '04-subject-invitation');
  // the link names the configured public address; the test app listens elsewhere: keep path and fragment
  const url = new URL(link);
  const portalUrl = `${BASE}${url.pathname}${url.hash}`;

  step('subject opens the link: grants one purpose, refuses another');
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  phone.setDefaultTimeout(TIMEOUT);
  await phone.grantPermissions(['camera'], { origin: BASE });
  const p = await phone.newPage();
  await p.goto(portalUrl);
  const grantCard = p.locator(`[data-purpose="${GRANT}"]`);
  const refuseCard = p.locator(`[data-purpose="${REFUSE}"]`);
  await grantCard.getByText('Not decided').waitFor();
  if (new URL(p.url()).hash !== '') throw new Error('token left in the address bar');
  if ((await p.getByRole('checkbox').count()) !== 0) throw new Error('a checkbox is present');
  await shot(p, '05-portal-notices');
  await grantCard.getByRole('button', { name: /^I agree/ }).click();
  await grantCard.getByText('Granted').waitFor();
  await refuseCard.getByRole('button', { name: /^I refuse/ }).click();
  await refuseCard.getByText('Refused').waitFor();

  step('subject enrols a photo by upload');
  await p.getByTestId('selfie-file').setInputFiles(UPLOAD);
  await p.locator('[data-guidance]').waitFor();
  await p.getByRole('button', { name: 'Enrol this photo' }).click();
  await p.getByTestId('enrolled').waitFor();
  await shot(p, '06-portal-enrolled-upload');

  step('subject enrols through the (fake) camera');
  await p.getByRole('button', { name: 'Use camera' }).click();
  await p.locator('[data-guidance]:not([data-guidance="tooDark"])').waitFor(); // frames of the photo are arriving
  await shot(p, '07-portal-camera');
  await p.getByRole('button', { name: 'Take photo' }).click();
  await p.getByRole('button', { name: 'Enrol this photo' }).click();
  await p.getByTestId('enrolled').waitFor(); // a new photo clears the previous result, so this is the camera's

  step('subject switches to Chinese and back, downloads a receipt, withdraws');
  await p.getByLabel('Language').selectOption('zh');
  await p.getByText('您的同意选择').waitFor();
  await shot(p, '08-portal-zh');
  await p.getByLabel('语言').selectOption('en');
  // the signed receipt is fetched with the portal token and saved from a blob
  const [receipt] = await Promise.all([
    p.waitForResponse((r) => /\/receipts\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname)),
    p.getByRole('button', { name: /Download receipt/ }).first().click(),
  ]);
  if (receipt.status() !== 200 || !(await receipt.json()).signature) throw new Error('receipt not served');
  await grantCard.getByRole('button', { name: /^Withdraw/ }).click();
  await grantCard.getByText('Withdrawn').waitFor();
  await shot(p, '09-portal-withdrawn');

  step('admin sees each step in the timeline and the audit view');
  await page.reload();
  const timeline = page.getByTestId('timeline');
  for (const text of ['GRANTED', 'REFUSED', 'WITHDRAWN']) await timeline.getByText(text, { exact: false }).first().waitFor();
  await shot(page, '10-subject-timeline');
  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByTestId('audit-table').getByText('invitation.created').first().waitFor();
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await page.getByTestId('verification').getByText(/Chain intact/).waitFor();
  await shot(page, '11-audit-verified');

  step('admin reviews a notice change with its diff');
  await page.getByRole('link', { name: 'Purposes & notices' }).click();
  await page.locator('tr', { has: page.locator('code', { hasText: new RegExp(`^${GRANT}$`) }) }).getByRole('button').click();
  await page.locator('textarea').fill('We compare your face with your enrolment at the gate.\nNothing else.');
  await page.getByTestId('diff').locator('.diff-added').first().waitFor();
  await shot(page, '12-purposes-diff');
  step('done');
} catch (e) {
  failed = true;
  console.error(`[e2e] FAILED: ${e?.stack ?? e}`);
  for (const ctx of browser.contexts())
    for (const pg of ctx.pages()) await pg.screenshot({ path: join(SHOTS, `failure-${Date.now()}.png`), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
