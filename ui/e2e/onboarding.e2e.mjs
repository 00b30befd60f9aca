// The onboarding journey (issue 18, item 1), started by io.consentry.ui.OnboardingJourneyTest in two parts (between
// them the test lets the new tenant's realm send the browser back to the test app's random port):
//   E2E_PART=operator  the operator signs in to the operator console and creates a tenant with its first admin;
//   E2E_PART=admin     the admin's mail arrives, the admin sets a password, sets up an authenticator app (the key read
//                      as text from Keycloak's page, the code computed), reaches the console and invites a guard,
//                      sees the staff screen in English and Chinese; the guard's setup mail arrives.
import { base32, BASE, context, env, linkFromMailbox, menu, run, shot, step, totp } from './lib.mjs';

const PART = env('E2E_PART');
const TENANT = env('E2E_TENANT');
const MAILBOX = env('E2E_MAILBOX_URL');
const ADMIN_EMAIL = env('E2E_ADMIN_EMAIL');
const GUARD_EMAIL = env('E2E_GUARD_EMAIL');

async function operatorCreatesTheTenant(browser) {
  const page = await (await context(browser)).newPage();
  step('operator signs in to the operator console (platform realm)');
  await page.goto(`${BASE}/operator`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.waitForSelector('#username');
  await page.fill('#username', env('E2E_OPERATOR_USER'));
  await page.fill('#password', env('E2E_OPERATOR_PASSWORD'));
  await page.click('#kc-login');
  await page.getByTestId('tenants-table').waitFor();
  await shot(page, 'onboarding-01-operator-tenants');

  step('operator creates the tenant with its first admin');
  await page.fill('input[name=slug]', TENANT);
  await page.fill('input[name=displayName]', 'Harbour View Compound');
  await page.locator('select[name=kind]').selectOption('COMPOUND');
  await page.fill('input[name=adminName]', 'Li Wei');
  await page.fill('input[name=adminEmail]', ADMIN_EMAIL);
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await page.getByText(`Tenant ${TENANT} is ready; a setup link was mailed to ${ADMIN_EMAIL}.`).waitFor({ timeout: 120000 });
  await page.getByRole('button', { name: `Admins ${TENANT}` }).click();
  await page.getByText(`Li Wei · ${ADMIN_EMAIL} · Invited`).waitFor();
  await shot(page, 'onboarding-02-tenant-created');

  step("operator opens the usage view across tenants");
  await page.locator('nav[aria-label=main]').getByRole('link', { name: 'Usage' }).click();
  await page.getByRole('heading', { name: 'Usage' }).waitFor();
  await page.getByRole('button', { name: 'Show' }).click();
  // Either the table of recorded days or the sentence saying none were recorded: the view answered.
  await page.locator('table, p:has-text("No usage recorded for these days.")').first().waitFor();
  await shot(page, 'onboarding-02b-operator-usage');
}

async function adminSetsUpAndInvitesAGuard(browser) {
  const page = await (await context(browser)).newPage();
  step("the admin's setup mail arrives");
  const link = await linkFromMailbox(page, MAILBOX, ADMIN_EMAIL, 'a[href*="#token="]');
  await shot(page, 'onboarding-03-admin-mail');

  step('the admin chooses a password on the setup page');
  await page.goto(link);
  const password = `Harbour-${Date.now()}-pw`;
  await page.fill('input[name=password]', password);
  await page.fill('input[name=repeat]', password);
  await shot(page, 'onboarding-04-setup-password');
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByText('Your password is saved.').waitFor();
  await page.getByText('authenticator app').first().waitFor();

  step('the admin signs in; Keycloak makes them set up an authenticator app');
  await page.getByRole('link', { name: 'Sign in to the console' }).click(); // straight to the realm's login page
  await page.waitForSelector('#username');
  await page.fill('#username', ADMIN_EMAIL);
  await page.fill('#password', password);
  await page.click('#kc-login');
  await page.locator('#kc-totp-settings-form').waitFor();
  await page.locator('#mode-manual').click(); // "Unable to scan?": the key as text
  const key = base32(await page.locator('#kc-totp-secret-key').innerText());
  await shot(page, 'onboarding-05-authenticator-app');
  await page.fill('#totp', totp(key));
  if (await page.locator('#userLabel').count()) await page.fill('#userLabel', 'Phone');
  await page.click('#saveTOTPBtn');
  await page.getByText(`Signed in as ${ADMIN_EMAIL}`).waitFor();
  await shot(page, 'onboarding-06-console');

  step('the admin invites a guard');
  await menu(page, 'Staff').click();
  await page.getByTestId('staff-table').waitFor();
  await page.fill('input[name=staffName]', 'Zhang Min');
  await page.fill('input[name=staffEmail]', GUARD_EMAIL);
  await page.locator('select[name=staffRole]').selectOption('guard');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await page.getByText(`Zhang Min is invited: a setup link was mailed to ${GUARD_EMAIL}.`).waitFor();
  await page.getByTestId('staff-table').getByText(GUARD_EMAIL).waitFor();
  await shot(page, 'onboarding-07-staff-en');

  step('the staff screen in Chinese');
  await page.getByLabel('Language').selectOption('zh');
  await page.getByRole('heading', { name: '工作人员', exact: true }).waitFor();
  await page.getByTestId('staff-table').getByText('已邀请').waitFor();
  await shot(page, 'onboarding-08-staff-zh');

  step("the guard's setup mail arrives");
  const guardLink = await linkFromMailbox(page, MAILBOX, GUARD_EMAIL, 'a[href*="#token="]');
  if (!guardLink.includes(`/setup/${TENANT}#token=`)) throw new Error(`unexpected guard link ${guardLink}`);
  await shot(page, 'onboarding-09-guard-mail');
}

await run(PART === 'operator' ? operatorCreatesTheTenant : adminSetsUpAndInvitesAGuard);
