// The webhooks journey (issue 18, item 3): the admin subscribes a receiver (the secret is shown once and copied into the
// receiver's settings) and a receiver that fails; a decision happens at a device (made by the Java side through the
// api); the log shows it delivered to one and dead-lettered for the other; once that receiver is back, the admin
// redelivers the dead letter. The screen in Chinese. Started by io.consentry.ui.WebhooksJourneyTest.
import { env, run, context, signInToConsole, step, shot, menu } from './lib.mjs';

const TENANT = env('E2E_TENANT');
const USER = env('E2E_ADMIN_USER');
const PASSWORD = env('E2E_ADMIN_PASSWORD');
const OK_URL = env('E2E_RECEIVER_OK');
const FAIL_URL = env('E2E_RECEIVER_FAIL');
const RECEIVER_SETTINGS = env('E2E_RECEIVER_SETTINGS');

async function subscribe(page, url, description) {
  await page.getByLabel('Receiver URL (https)').fill(url);
  await page.getByLabel('Description (optional)').fill(description);
  await page.getByRole('checkbox', { name: /Access decisions/ }).check();
  await page.getByRole('checkbox', { name: /Device health/ }).check();
  await page.getByRole('button', { name: 'Create subscription' }).click();
  const box = page.getByTestId('webhook-secret');
  await box.getByText('Copy the secret now: you will not see it again.').waitFor();
  const secret = await page.getByTestId('webhook-secret-value').inputValue();
  if (!/^whsec_[A-Za-z0-9_-]{43}$/.test(secret)) throw new Error(`unexpected secret format: ${secret.length} characters`);
  return secret;
}

/** The receiver's own settings (a test receiver on 127.0.0.1): its secret per path, and whether a path is failing. */
async function configureReceiver(url, secret, state) {
  const headers = { 'X-Path': new URL(url).pathname };
  if (state) headers['X-State'] = state;
  const answer = await fetch(RECEIVER_SETTINGS, { method: 'POST', body: secret ?? '', headers });
  if (answer.status !== 204) throw new Error(`receiver settings answered ${answer.status}`);
}

run(async (browser) => {
  const page = await (await context(browser)).newPage();

  step('admin signs in and opens Webhooks');
  await signInToConsole(page, TENANT, USER, PASSWORD);
  await menu(page, 'Webhooks').click();
  await page.getByText('No subscriptions yet.').waitFor();
  await shot(page, 'webhooks-01-empty');

  step('admin subscribes the turnstile system; the secret is shown once and set in the receiver');
  const secret = await subscribe(page, OK_URL, 'Turnstile controller');
  await shot(page, 'webhooks-02-secret-once');
  // The integrator copies the secret into the receiver's configuration (here: the test receiver's settings endpoint).
  await configureReceiver(OK_URL, secret);
  await page.getByRole('button', { name: 'I have stored the secret' }).click();
  await page.getByTestId('webhook-secret').waitFor({ state: 'detached' });

  step('admin subscribes a second receiver, which is failing');
  await configureReceiver(FAIL_URL, await subscribe(page, FAIL_URL, 'Bank core (down)'));
  await page.getByRole('button', { name: 'I have stored the secret' }).click();
  const subs = page.getByTestId('webhook-subscriptions');
  await subs.locator(`[data-subscription="${OK_URL}"]`).getByText('Active').waitFor();
  await subs.locator(`[data-subscription="${FAIL_URL}"]`).getByText('Active').waitFor();

  step('a decision at the gate: delivered to the turnstile system, dead-lettered for the failing receiver');
  const log = page.getByTestId('webhook-log');
  await log.locator('[data-status="DELIVERED"][data-type="decision.made"]').first().waitFor();
  const dead = page.getByTestId('webhook-dead');
  const deadRow = dead.locator('[data-status="DEAD"][data-type="decision.made"]').first();
  await deadRow.waitFor();
  await deadRow.getByText('HTTP 500').waitFor();
  await shot(page, 'webhooks-03-delivered-and-dead');

  step('only dead letters, filtered');
  await page.locator('select[name=deliveryStatus]').selectOption('DEAD');
  await log.locator('[data-status="DELIVERED"]').first().waitFor({ state: 'detached' });
  await page.locator('select[name=deliveryStatus]').selectOption('');

  step('the receiver is back: the admin redelivers the dead letter');
  await configureReceiver(FAIL_URL, null, 'back');
  await deadRow.getByRole('button', { name: 'Redeliver' }).click();
  await page.getByTestId('webhook-no-dead').waitFor();
  await log.locator(`[data-status="DEAD"]`).first().waitFor({ state: 'detached' });
  await log.locator(`[data-receiver="${FAIL_URL}"][data-status="DELIVERED"]`).first().waitFor();
  await shot(page, 'webhooks-04-redelivered');

  step('the screen in Chinese');
  await page.getByLabel('Language').selectOption('zh');
  await page.getByRole('heading', { name: '投递记录' }).waitFor();
  await page.getByTestId('webhook-log').getByText('已投递').first().waitFor();
  await shot(page, 'webhooks-05-zh');
  await page.getByLabel('语言').selectOption('en');
});
