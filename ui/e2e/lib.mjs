// Shared pieces of the browser journeys (each *.e2e.mjs script is started by a Java test in io.consentry.ui through
// io.consentry.ui.BrowserRun, which passes E2E_BASE_URL, E2E_SCREENSHOTS, E2E_CHROMIUM and the script's own
// variables). A journey prints one "[e2e] ..." line per step and "[e2e] done" at the end; it exits non-zero on the
// first failure, after a screenshot of every open page.
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`missing ${name}`);
  return v;
};
export const BASE = env('E2E_BASE_URL').replace(/\/$/, '');
export const SHOTS = env('E2E_SCREENSHOTS');
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 60000);
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

export const step = (s) => console.log(`[e2e] ${s}`);
// a main-menu entry (other links on a screen may mention the same word, e.g. "2 active devices at Lobby")
export const menu = (page, name) => page.getByRole('navigation', { name: 'main' }).getByRole('link', { name, exact: true });
export const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Headless Debian Chromium; camera: a .y4m file for the fake camera, or nothing. */
export async function launch(camera) {
  mkdirSync(SHOTS, { recursive: true });
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', // playwright gives every launch a fresh temporary profile
  ];
  if (camera) args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${camera}`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** A browser context with the journey's timeout; options as for browser.newContext (viewport, locale, ...). */
export async function context(browser, options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', ...options });
  ctx.setDefaultTimeout(TIMEOUT);
  return ctx;
}

/**
 * The authenticator secret of the test stack's admins and auditors (io.consentry.testing.Totp.TEST_SECRET): Keycloak
 * keys the codes with its UTF-8 bytes.
 */
export const TEST_TOTP_SECRET = 'consentry-test-totp-secret';

/** RFC 6238 code (HMAC-SHA1, 6 digits, 30 s) for a key (a Buffer), as an authenticator app shows it. */
export function totp(key, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const hash = createHmac('sha1', key).update(counter).digest();
  const offset = hash[hash.length - 1] & 0xf;
  return String((hash.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/** RFC 4648 base32 to bytes (Keycloak shows an authenticator key that way, in groups of four). */
export function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = [];
  let buffer = 0, bits = 0;
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    buffer = (buffer << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { bytes.push((buffer >> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(bytes);
}

/**
 * Signs in to a tenant's console on Keycloak's real login page and waits for the dashboard. Admins and auditors are
 * asked for their authenticator app's code; test users have the known secret (or pass otpKey).
 */
export async function signInToConsole(page, tenant, user, password, shotName, otpKey = Buffer.from(TEST_TOTP_SECRET)) {
  await page.goto(`${BASE}/console/${tenant}`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.waitForSelector('#username');
  if (shotName) await shot(page, shotName);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#kc-login');
  const signedIn = page.getByText(`Signed in as ${user}`);
  const otp = page.locator('#otp');
  await otp.or(signedIn).first().waitFor();
  if (await otp.isVisible()) {
    await otp.fill(totp(otpKey));
    await page.click('#kc-login');
  }
  await signedIn.waitFor();
}

/**
 * Waits until the test stack's web mailbox shows a link matching selector for the address and returns it, rebased on
 * BASE (mails name the configured public address; the test app listens elsewhere: path and fragment are kept).
 */
export async function linkFromMailbox(page, mailboxUrl, address, selector = 'a[href*="#invitation="]') {
  const link = page.locator(selector).first();
  for (const deadline = Date.now() + TIMEOUT; ; ) { // the api sends right after the commit; the inbox page is static
    await page.goto(`${mailboxUrl.replace(/\/$/, '')}/mailbox/${encodeURIComponent(address)}`);
    if ((await link.count()) > 0) break;
    if (Date.now() > deadline) throw new Error(`no mail with ${selector} reached ${address}`);
    await page.waitForTimeout(250);
  }
  const url = new URL(await link.getAttribute('href'));
  return `${BASE}${url.pathname}${url.search}${url.hash}`;
}

/** Runs a journey: journey(browser) does the steps; prints "[e2e] done" or the failure, closes the browser, exits. */
export async function run(journey, camera) {
  const browser = await launch(camera);
  let failed = false;
  try {
    await journey(browser);
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
}
