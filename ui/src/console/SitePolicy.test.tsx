import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../common/i18n';
import { consoleApi } from './consoleApi';
import { SitePolicy } from './SitePolicy';

const SITE = '11111111-1111-1111-1111-111111111111';
const policy = {
  siteId: SITE, methods: ['PIN', 'GUARD'], faceClaimTypes: [], verificationPurpose: null, identificationPurpose: null,
  livenessRequired: false, livenessThreshold: 0.5,
  targetFar: 0.001, matchThreshold: 0.2971, modelPack: 'faceplugin-0.0.1:0.0.1', faceAttemptsBeforeFallback: 3,
  openingHours: [], updatedAt: '2026-11-27T08:00:00Z',
};
const calibration = {
  packId: 'faceplugin-0.0.1', packVersion: '0.0.1', data: 'lfw-dev', defaultFar: 0.001, eerThreshold: 0.2431, livenessThreshold: 0.5,
  thresholds: [{ far: 0.01, threshold: 0.2412 }, { far: 0.001, threshold: 0.2971 }, { far: 0.0001, threshold: 0.3352 }],
  chart: null, chartConsistent: null,
  identification: {
    calibrationId: 'faceplugin-0.0.1/lfw-dev', fnirCeiling: 0.1, refusalRate: 0.06,
    rates: [
      { fpir: 0.001, largestGallerySize: 200, cells: [{ gallerySize: 100, threshold: 0.474, expectedFnir: 0.061, provisional: false },
        { gallerySize: 200, threshold: 0.4996, expectedFnir: 0.082, provisional: false }, { gallerySize: 500, threshold: 0.53, expectedFnir: 0.12, provisional: true }] },
      { fpir: 0.01, largestGallerySize: 2000, cells: [{ gallerySize: 100, threshold: 0.4124, expectedFnir: 0.032, provisional: false },
        { gallerySize: 1000, threshold: 0.474, expectedFnir: 0.062, provisional: false }, { gallerySize: 2000, threshold: 0.4996, expectedFnir: 0.083, provisional: false }] },
    ],
  },
  liveness: {
    packId: 'faceplugin-0.0.1', data: 'synthesised replays', packThreshold: 0.52, bonaFide: 90, attacks: { print: 72 }, eer: { rate: 0.25, threshold: 0.97 },
    curve: { threshold: [0, 0.5, 0.6, 1], bpcer: [0, 0.033, 0.044, 1], apcerMax: [1, 0.625, 0.61, 0], apcer: { print: [1, 0.06, 0.05, 0] } },
  },
};

function fakeApi(putAnswer: (body: any) => Response) {
  const puts: any[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    const json = (x: unknown, status = 200) => new Response(JSON.stringify(x), { status, headers: { 'content-type': 'application/json' } });
    if (init.method === 'PUT') {
      const body = JSON.parse(String(init.body));
      puts.push(body);
      return putAnswer(body);
    }
    if (url.endsWith(`/sites/${SITE}`)) return json({ id: SITE, name: 'North gate', description: null, timeZone: 'Asia/Shanghai' });
    if (url.endsWith('/policy')) return json(policy);
    if (url.endsWith('/engine/calibration')) return json(calibration);
    if (url.endsWith('/purposes')) return json([
      { code: 'gate', title: 'Gate verification', kind: 'FACE_VERIFICATION' },
      { code: 'lobby', title: 'Lobby verification', kind: 'FACE_VERIFICATION' },
      { code: 'members', title: 'Members', kind: 'FACE_IDENTIFICATION' },
    ]);
    return json({}, 404);
  }));
  return puts;
}

const renderForm = () => render(<I18nProvider lang="en"><SitePolicy api={consoleApi('demo')} siteId={SITE} /></I18nProvider>);

describe('site policy form', () => {
  it('keeps the last way in without a face ticked and says why', async () => {
    fakeApi(() => new Response('{}', { status: 500 }));
    renderForm();
    const pin = await screen.findByRole('checkbox', { name: /^PIN/ });
    fireEvent.click(pin);
    const guard = screen.getByRole('checkbox', { name: /Guard’s check/ });
    expect(guard).toHaveProperty('checked', true);
    expect(guard.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(guard);
    expect(guard).toHaveProperty('checked', true);
    expect(screen.getByText(/cannot be unticked: it is the last way in without a face/)).toBeTruthy();
  });

  it('offers the calibrated rates and checks fields before sending', async () => {
    const puts = fakeApi((body) => new Response(JSON.stringify({ ...policy, ...body, updatedAt: '2026-11-27T09:00:00Z' }), { status: 200, headers: { 'content-type': 'application/json' } }));
    renderForm();
    fireEvent.click(await screen.findByRole('checkbox', { name: /Face verification \(1:1/ }));
    const far = screen.getByRole('combobox', { name: /Target false-accept rate/ }) as HTMLSelectElement;
    expect([...far.options].map((o) => o.textContent)).toEqual([
      '1 in 100 impostors (score ≥ 0.2412)', '1 in 1,000 impostors (score ≥ 0.2971) — pack default', '1 in 10,000 impostors (score ≥ 0.3352)',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText(/Choose at least one way to claim an identity/)).toBeTruthy();
    expect(puts).toHaveLength(0);
    expect(screen.getByText('Choose the purpose this face method runs under.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: /Reference typed in/ }));
    const purpose = screen.getByRole('combobox', { name: /Purpose of 1:1 verification/ }) as HTMLSelectElement;
    // only purposes of the method's kind are offered
    expect([...purpose.options].map((o) => o.value)).toEqual(['', 'gate', 'lobby']);
    fireEvent.change(purpose, { target: { value: 'lobby' } });
    fireEvent.change(far, { target: { value: '0.0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    await screen.findByText(/Policy saved/);
    expect(puts[0]).toMatchObject({ methods: ['FACE_1_1', 'PIN', 'GUARD'], faceClaimTypes: ['SUBJECT_REF'], verificationPurpose: 'lobby',
      livenessRequired: true, targetFar: 0.0001 });
  });

  it('shows the server’s policy_invalid sentence next to the field it names', async () => {
    fakeApi(() => new Response(JSON.stringify({
      type: 'https://consentry.io/problems/policy_invalid', code: 'policy_invalid', status: 400,
      detail: 'targetFar 1.0E-4 is stricter than the model pack faceplugin-0.0.1:0.0.1 was calibrated for; calibrated rates: [0.001].',
    }), { status: 400, headers: { 'content-type': 'application/problem+json' } }));
    renderForm();
    fireEvent.click(await screen.findByRole('checkbox', { name: /Face identification/ }));
    await screen.findByRole('option', { name: /Members/ });
    fireEvent.change(screen.getByRole('combobox', { name: /Purpose of 1:N identification/ }), { target: { value: 'members' } });
    fireEvent.change(screen.getByRole('combobox', { name: /Target false-accept rate/ }), { target: { value: '0.0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    const error = await screen.findByText(/is stricter than the model pack/);
    expect(error.id).toBe('err-targetFar');
    await waitFor(() => expect(screen.getByRole('combobox', { name: /Target false-accept rate/ }).getAttribute('aria-describedby')).toBe('err-targetFar'));
  });

  it('asks a 1:N site for a target FPIR and says when the gallery is too large for it', async () => {
    (policy as Record<string, unknown>).identification = { targetFpir: 0.001, maxFnir: null, gallerySize: 261, meetable: false, reason: 'gallery_too_large_for_pack',
      threshold: null, expectedFnir: null, largestGallerySize: 200, fnirCeiling: 0.1, calibrationId: 'x', cells: [] } as never;
    (policy as Record<string, unknown>).targetFpir = 0.001;
    const puts = fakeApi((body) => new Response(JSON.stringify({ ...policy, ...body, updatedAt: '2026-11-27T09:00:00Z' }), { status: 200, headers: { 'content-type': 'application/json' } }));
    renderForm();
    fireEvent.click(await screen.findByRole('checkbox', { name: /Face identification/ }));
    fireEvent.change(await screen.findByRole('combobox', { name: /Purpose of 1:N identification/ }), { target: { value: 'members' } });
    const fpir = screen.getByRole('combobox', { name: /Target false-positive identification rate/ }) as HTMLSelectElement;
    expect([...fpir.options].map((o) => o.textContent)).toEqual([
      '1 in 1,000 non-members taken for a member (up to 200 templates)', '1 in 100 non-members taken for a member (up to 2,000 templates)',
    ]);
    expect(screen.getByTestId('identification-outlook').textContent).toMatch(/cannot keep this rate/);
    expect(screen.getByTestId('fnir-chart')).toBeTruthy();
    fireEvent.change(fpir, { target: { value: '0.01' } });
    expect(screen.getByTestId('identification-outlook').textContent).toMatch(/With 261 templates in the gallery, the pack expects to miss 6.2 %/);
    expect(screen.getByRole('checkbox', { name: /Require the liveness check/ })).toHaveProperty('checked', true);
    fireEvent.change(screen.getByRole('spinbutton', { name: /Liveness threshold/ }), { target: { value: '0.5' } });
    expect(screen.getByTestId('liveness-expectation').textContent).toMatch(/refused 3.3 % of real people \(BPCER\) and accepted 62.5 %/);
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    await screen.findByText(/Policy saved/);
    expect(puts[0]).toMatchObject({ methods: ['FACE_1_N', 'PIN', 'GUARD'], identificationPurpose: 'members', targetFpir: 0.01 });
    delete (policy as Record<string, unknown>).identification;
    delete (policy as Record<string, unknown>).targetFpir;
  });
});
