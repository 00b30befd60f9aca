// End-to-end journey in Debian Chromium (headless), driven by playwright-core, against a running api + Keycloak.
// Started by the api's io.consentry.ui.BrowserJourneyTest, which prepares the tenant, purposes and admin login and
// passes them as environment variables. Prints one line per step; exits non-zero on the first failure.
// The dashboard step expects what BrowserJourneyTest set up through the api before starting the browser: one device
// online (site "Lobby", whose 1:1 verification runs under purpose E2E_GRANT_PURPOSE), two subjects enrolled (a
// resident, and the admin of this journey as a subject of their own tenant, whose face the fake camera shows), today
// one face decision of each kind (granted, sent to an alternative, denied) and one PIN used; the device registered here
// is never seen. Invitations travel by e-mail: the subject reads theirs in the test stack's web mailbox.
import { BASE, context, env, linkFromMailbox, menu, run, shot, signInToConsole, step } from './lib.mjs';

const TENANT = env('E2E_TENANT');
const USER = env('E2E_ADMIN_USER');
const PASSWORD = env('E2E_ADMIN_PASSWORD');
const UPLOAD = env('E2E_UPLOAD_PHOTO');
const CAMERA = env('E2E_CAMERA_FILE'); // .y4m made from a test photo, for the fake camera
const MAILBOX = env('E2E_MAILBOX_URL'); // the test stack's web mailbox (every address's inbox)
const SUBJECT_EMAIL = env('E2E_SUBJECT_EMAIL');
const GRANT = env('E2E_GRANT_PURPOSE');
const REFUSE = env('E2E_REFUSE_PURPOSE');

await run(async (browser) => {
  const admin = await context(browser);
  await admin.grantPermissions(['camera'], { origin: BASE }); // the engine view analyses the admin's own face, live
  const page = await admin.newPage();

  step('admin opens the console and signs in on the Keycloak login page');
  await page.goto(`${BASE}/console/${TENANT}`);
  await shot(page, '01-console-signed-out');
  // admins sign in with a second factor: signInToConsole types the authenticator code when Keycloak asks
  await signInToConsole(page, TENANT, USER, PASSWORD, '02-keycloak-login');
  await page.getByText('Audit entries').waitFor();
  await shot(page, '03-dashboard');

  step('admin creates a subject and e-mails an invitation (the admin never sees a link that opens the portal)');
  await page.getByRole('link', { name: 'Subjects' }).click();
  await page.fill('input[name=externalRef]', 'unit-12a');
  await page.fill('input[name=displayName]', 'Li Wei');
  await page.fill('input[name=contact]', SUBJECT_EMAIL);
  await page.getByRole('button', { name: 'Create subject' }).click();
  await page.getByRole('heading', { name: /Li Wei/ }).waitFor();
  await page.getByRole('button', { name: 'Send invitation by e-mail' }).click();
  await page.getByTestId('invitation-sent').getByText(/Invitation e-mailed to l\*\*\*@/).waitFor();
  if ((await page.content()).includes('#invitation=')) throw new Error('the admin page holds an invitation link');
  await shot(page, '04-subject-invitation');

  step('subject reads the invitation in their mailbox and opens it');
  const phone = await context(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.grantPermissions(['camera'], { origin: BASE });
  const p = await phone.newPage();
  const invitation = await linkFromMailbox(p, MAILBOX, SUBJECT_EMAIL);
  await shot(p, '04b-mailbox-invitation');
  await p.goto(invitation);

  step('subject grants one purpose, refuses another; the portal says where each purpose applies');
  const grantCard = p.locator(`[data-purpose="${GRANT}"]`);
  const refuseCard = p.locator(`[data-purpose="${REFUSE}"]`);
  await grantCard.getByText('Not decided').waitFor();
  if (new URL(p.url()).hash !== '') throw new Error('token left in the address bar');
  if ((await p.getByRole('checkbox').count()) !== 0) throw new Error('a checkbox is present');
  await grantCard.getByText('Applies at: Lobby (1:1 verification)').waitFor(); // the site BrowserJourneyTest tied to it
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

  step('another face through the (fake) camera is refused: it does not match the enrolled one');
  await p.getByRole('button', { name: 'Use camera' }).click();
  await p.locator('[data-guidance]:not([data-guidance="tooDark"])').waitFor(); // frames of the photo are arriving
  await shot(p, '07-portal-camera');
  await p.getByRole('button', { name: 'Take photo' }).click();
  await p.getByRole('button', { name: 'Enrol this photo' }).click();
  await p.getByTestId('enrol-refused').getByText(/does not match your enrolled face/).waitFor();
  if ((await p.getByTestId('enrolled').count()) !== 0) throw new Error('the mismatching face was enrolled');
  await shot(p, '07b-portal-mismatch-refused');

  step('opened from a fresh invitation, the subject may replace the enrolled face explicitly');
  await p.getByRole('button', { name: 'Replace my enrolled face with this photo' }).click();
  await p.getByTestId('enrolled').waitFor();
  await shot(p, '07c-portal-face-replaced');

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
  // right of access: the subject downloads a copy of their data, which lists the withdrawal and no template vector
  const [exported] = await Promise.all([
    p.waitForResponse((r) => /\/exports\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname)),
    p.getByRole('button', { name: 'Download my data' }).click(),
  ]);
  const data = await exported.json();
  if (exported.status() !== 200 || !data.consentHistory.some((e) => e.event === 'WITHDRAWN') || JSON.stringify(data).includes('vector'))
    throw new Error('data export incomplete');
  await p.getByText(/Your data was downloaded/).waitFor();

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

  step('admin creates a site');
  await menu(page, 'Sites & policies').click();
  await page.fill('input[name=siteName]', 'North gate');
  await page.fill('input[name=siteDescription]', 'Pedestrian gate on the north side');
  await page.getByRole('button', { name: 'Create site' }).click();
  await page.getByText('Site “North gate” created.').waitFor();
  await page.getByTestId('sites-table').getByRole('link', { name: 'North gate', exact: true }).waitFor();
  await shot(page, '13-sites');

  step('admin registers a device: the secret is shown once, with a copy button');
  await menu(page, 'Devices').click();
  await page.fill('input[name=deviceName]', 'North gate turnstile');
  await page.locator('select[name=deviceSite]').selectOption({ label: 'North gate' });
  await page.getByRole('button', { name: 'Register device' }).click();
  const panel = page.getByTestId('device-secret');
  await panel.getByText('you will not see it again').waitFor();
  await panel.getByRole('button', { name: 'Copy' }).waitFor();
  const secret = await page.getByTestId('device-secret-value').inputValue();
  if (secret.length < 16) throw new Error('no secret shown after registering');
  await shot(page, '14-device-secret-once');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Rotate the secret of North gate turnstile' }).click();
  await page.getByText('New secret for “North gate turnstile”').waitFor();
  const rotated = await page.getByTestId('device-secret-value').inputValue();
  if (rotated === secret || rotated.length < 16) throw new Error('rotation did not show a new secret');
  await page.getByRole('button', { name: 'I have stored the secret' }).click();
  await page.getByTestId('device-secret').waitFor({ state: 'detached' });
  await page.reload();
  const turnstile = page.locator('[data-device="North gate turnstile"]');
  await turnstile.getByText('Never seen').waitFor();
  await page.locator('[data-device="Lobby kiosk"]').getByText('Online').waitFor();
  const html = await page.content();
  if (html.includes(secret) || html.includes(rotated)) throw new Error('a device secret is still in the page');
  await shot(page, '15-devices');

  step('admin opens the policy form: face cannot become the only way in');
  await menu(page, 'Sites & policies').click();
  await page.getByTestId('sites-table').getByRole('link', { name: 'North gate', exact: true }).click();
  await page.getByRole('heading', { name: 'Access policy · North gate' }).waitFor();
  await page.getByRole('checkbox', { name: 'Face identification (1:N)' }).check();
  // the site's 1:N runs under one purpose: the gate will check consent to exactly that one
  await page.getByLabel('Purpose of 1:N identification at this site').selectOption('member-identification');
  for (const m of ['PIN', 'QR code', 'Access card']) await page.getByRole('checkbox', { name: m, exact: true }).uncheck();
  const guard = page.getByRole('checkbox', { name: /^Guard’s check/ });
  if ((await guard.getAttribute('aria-disabled')) !== 'true') throw new Error('the last way in without a face can be unticked');
  // tries to make face the only way in, from the keyboard (the box is aria-disabled: focusable, not toggled)
  await guard.focus();
  await page.keyboard.press('Space');
  await page.getByText('cannot be unticked: it is the last way in without a face').waitFor();
  if (!(await guard.isChecked())) throw new Error('the last way in without a face was unticked');
  await shot(page, '16-policy-face-only-refused');
  await page.getByRole('checkbox', { name: 'PIN', exact: true }).check();
  // by value: the label shows the pack's threshold, which changes whenever the pack is re-calibrated
  const far = page.getByLabel('Target false-accept rate');
  await far.selectOption('0.001');
  if (!/1 in 1,000 impostors \(score ≥ 0\.\d+\)/.test(await far.locator('option:checked').innerText())) {
    throw new Error('the false-accept rate is not shown with its threshold');
  }
  await page.getByRole('button', { name: 'Save policy' }).click();
  await page.getByTestId('policy-status').getByText(/Policy saved/).waitFor();
  await page.reload();
  await page.getByRole('checkbox', { name: 'Face identification (1:N)' }).waitFor();
  if (!(await page.getByRole('checkbox', { name: 'Face identification (1:N)' }).isChecked())) throw new Error('policy not saved');
  const purpose = page.getByLabel('Purpose of 1:N identification at this site');
  await purpose.locator('option[value="member-identification"]').waitFor({ state: 'attached' }); // purposes load after the policy
  if ((await purpose.inputValue()) !== 'member-identification') throw new Error('the purpose of the site was not saved');
  await shot(page, '17-policy-saved');

  step('admin sees their own face in the engine view (a consenting subject of their tenant; live camera only)');
  await menu(page, 'Engine').click();
  await page.getByTestId('calibration-chart').waitFor();
  if ((await page.locator('input[type=file]').count()) !== 0) throw new Error('the engine view offers a photo upload');
  await page.getByRole('button', { name: 'Use my camera' }).click();
  await page.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0);
  await page.getByRole('button', { name: 'Capture and analyse' }).click();
  await page.getByTestId('engine-summary').getByText(/Your face \(match/).waitFor();
  const boxes = await page.getByTestId('engine-overlay').locator('g[data-face]').count();
  if (boxes !== 1) throw new Error(`expected the admin's own face only, found ${boxes}`);
  await page.getByTestId('engine-faces').waitFor();
  await shot(page, '18-engine-own-face');

  step('admin sees the counts on the dashboard');
  await menu(page, 'Dashboard').click();
  const verifications = page.getByTestId('stat-verifications');
  await verifications.getByText('1 granted').waitFor();
  await verifications.getByText('1 sent to an alternative').waitFor();
  await verifications.getByText('1 denied').waitFor();
  await page.getByTestId('stat-alternatives').getByText('1 granted · 0 denied').waitFor();
  await page.getByTestId('stat-devices').getByText('1 / 2').waitFor();
  // resident-7 and the admin enrolled through the api; Li Wei enrolled, was refused a mismatching face, replaced it,
  // then withdrew (templates deleted)
  await page.getByTestId('stat-enrolled').getByText('enrolments today: 4', { exact: false }).waitFor();
  await shot(page, '19-dashboard-counts');
}, CAMERA);
