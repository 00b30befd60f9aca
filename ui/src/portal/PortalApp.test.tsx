import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nProvider } from '../common/i18n';
import { PortalApp } from './PortalApp';
import { PortalApi, type PortalPurpose } from './portalApi';

const notice = (v: number) => ({ id: 'n', version: v, language: 'en', text: 'We compare your face at the gate.', contentHash: 'h' + v, publishedAt: '2025-01-01T00:00:00Z' });
const purposes = (): PortalPurpose[] => [
  { code: 'gate', title: 'Gate verification', kind: 'FACE_VERIFICATION', retentionDays: 365, notice: notice(1), state: 'NONE', expiresAt: null,
    sites: [{ name: 'North gate', method: 'FACE_1_1' }] },
  { code: 'mood', title: 'Mood analysis', kind: 'ATTRIBUTE_ANALYSIS', retentionDays: 30, notice: notice(2), state: 'NONE', expiresAt: null },
];

function fakeFetch() {
  const state: Record<string, string> = { gate: 'NONE', mood: 'NONE' };
  const calls: { url: string; body?: any; auth?: string }[] = [];
  const fn = vi.fn(async (url: string, init: RequestInit = {}) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ url, body, auth: (init.headers as any)?.Authorization });
    const json = (x: unknown, status = 200) => new Response(JSON.stringify(x), { status, headers: { 'content-type': 'application/json' } });
    if (url.endsWith('/purposes')) return json(purposes().map((p) => ({ ...p, state: state[p.code] })));
    if (url.endsWith('/receipts')) return json([]);
    if (url.endsWith('/exports') && init.method === 'POST')
      return json({ id: 'e1', createdAt: '2026-11-27T10:00:00Z', expiresAt: '2026-12-27T10:00:00Z', available: true }, 201);
    if (url.endsWith('/exports/e1')) return json({ format: 'consentry-subject-export/1' });
    if (url.endsWith('/decisions')) {
      state[body.purpose] = body.decision === 'GRANT' ? 'GRANTED' : 'REFUSED';
      return json({ purpose: body.purpose, state: state[body.purpose], receiptId: null, personalLink: null }, 201);
    }
    if (url.includes('/withdraw')) {
      state.gate = 'WITHDRAWN';
      return json({ purpose: 'gate', state: 'WITHDRAWN', receiptId: null, personalLink: null });
    }
    return json({}, 404);
  });
  return { fn, calls, state };
}

function renderPortal() {
  return render(
    <I18nProvider lang="en">
      <PortalApp location={{ pathname: '/consent/demo', hash: '' }} api={new PortalApi('demo', 'tok')} />
    </I18nProvider>,
  );
}

describe('consent portal', () => {
  it('shows each purpose separately, nothing decided, no accept-all, and says refusing costs nothing', async () => {
    const f = fakeFetch();
    vi.stubGlobal('fetch', f.fn);
    renderPortal();
    await screen.findByText('Gate verification');
    expect(screen.getAllByText('Not decided')).toHaveLength(2);
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /all/i })).toBeNull();
    expect(screen.getByText(/Refusing costs you nothing/)).toBeTruthy();
    expect(screen.getByText(/one-time QR code/)).toBeTruthy();
  });

  it('sends one decision per purpose with the notice hash and the portal token, then allows withdrawal', async () => {
    const f = fakeFetch();
    vi.stubGlobal('fetch', f.fn);
    const { container } = renderPortal();
    fireEvent.click(await screen.findByRole('button', { name: 'I agree to “Gate verification”' }));
    await screen.findByRole('button', { name: 'Withdraw “Gate verification”' });
    fireEvent.click(screen.getByRole('button', { name: 'I refuse “Mood analysis”' }));
    await waitFor(() => expect(within(container.querySelector('[data-purpose="mood"]') as HTMLElement).getByText('Refused')).toBeTruthy());
    const decisions = f.calls.filter((c) => c.url.endsWith('/decisions'));
    expect(decisions.map((d) => d.body)).toEqual([
      { purpose: 'gate', decision: 'GRANT', noticeHash: 'h1' },
      { purpose: 'mood', decision: 'REFUSE', noticeHash: 'h2' },
    ]);
    expect(decisions.every((d) => d.auth === 'Portal tok')).toBe(true);
    // enrolment becomes available only with a granted verification purpose
    expect(screen.getByRole('button', { name: 'Use camera' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw “Gate verification”' }));
    await waitFor(() => expect(f.state.gate).toBe('WITHDRAWN'));
    await screen.findByText('Enrolment is only possible after you grant a verification or identification purpose.');
  });

  it('downloads a copy of my data: prepares an export, then fetches it with the portal token', async () => {
    const f = fakeFetch();
    vi.stubGlobal('fetch', f.fn);
    const createObjectURL = vi.fn(() => 'blob:my-data');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const save = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderPortal();
    fireEvent.click(await screen.findByRole('button', { name: 'Download my data' }));
    await screen.findByText(/Your data was downloaded/);
    const exportCalls = f.calls.filter((c) => c.url.includes('/exports'));
    expect(exportCalls.map((c) => c.url)).toEqual(['/portal/demo/exports', '/portal/demo/exports/e1']);
    expect(exportCalls.every((c) => c.auth === 'Portal tok')).toBe(true);
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledTimes(1);
    save.mockRestore();
  });

  it('switches to Chinese', async () => {
    vi.stubGlobal('fetch', fakeFetch().fn);
    render(
      <I18nProvider lang="zh">
        <PortalApp location={{ pathname: '/consent/demo', hash: '' }} api={new PortalApi('demo', 'tok')} />
      </I18nProvider>,
    );
    expect(await screen.findByText('您的同意选择')).toBeTruthy();
    expect(await screen.findAllByText('未决定')).toHaveLength(2);
  });

  it('shows where each purpose applies', async () => {
    vi.stubGlobal('fetch', fakeFetch().fn);
    const { container } = renderPortal();
    await screen.findByText('Gate verification');
    expect(within(container.querySelector('[data-purpose="gate"]') as HTMLElement).getByText('Applies at: North gate (1:1 verification)')).toBeTruthy();
  });

  it('asks again after a material notice change: agree to the new notice, or withdraw', async () => {
    const f = fakeFetch();
    f.state.gate = 'NEEDS_RECONSENT';
    vi.stubGlobal('fetch', f.fn);
    renderPortal();
    expect(await screen.findByText('Needs your decision again')).toBeTruthy();
    expect(screen.getByText(/Your earlier consent is paused/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Withdraw “Gate verification”' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'I agree to the new notice of “Gate verification”' }));
    await waitFor(() => expect(f.state.gate).toBe('GRANTED'));
  });

  it('opens a printed letter only with the code mailed to the subject', async () => {
    const calls: any[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ url, body });
      const json = (x: unknown, status = 200) => new Response(JSON.stringify(x), { status, headers: { 'content-type': 'application/json' } });
      if (url.endsWith('/session') && !body.contactCode)
        return json({ contactCodeSent: true, sentTo: 'l***@example.test', codeExpiresAt: '2026-11-30T12:15:00Z' }, 202);
      if (url.endsWith('/session')) return json({ sessionToken: 'sess', expiresAt: '2026-11-30T14:00:00Z', scheme: 'Portal' }, 201);
      if (url.endsWith('/purposes')) return json(purposes());
      if (url.endsWith('/receipts')) return json([]);
      return json({}, 404);
    }));
    vi.spyOn(history, 'replaceState').mockImplementation(() => {});
    render(<I18nProvider lang="en"><PortalApp location={{ pathname: '/consent/demo', hash: '#invitation=abcdefghijklmnopqrstuvwx' }} /></I18nProvider>);
    expect(await screen.findByText(/we have just sent to l\*\*\*@example.test/)).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Code from your e-mail' }), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open my consent page' }));
    await screen.findByText('Gate verification');
    expect(calls.filter((c) => c.url.endsWith('/session')).map((c) => c.body)).toEqual([
      { invitation: 'abcdefghijklmnopqrstuvwx' }, { invitation: 'abcdefghijklmnopqrstuvwx', contactCode: '123456' },
    ]);
  });
});

describe('ways in (refusing costs nothing)', () => {
  const ways = {
    sites: [{ name: 'North gate', ways: [
      { method: 'FACE_1_1', usableNow: false, purpose: 'Gate verification', why: 'no_consent' },
      { method: 'QR', usableNow: false, purpose: null, why: 'no_credential' },
      { method: 'GUARD', usableNow: true, purpose: null, why: null },
    ] }],
    selfIssuable: ['QR_ONE_TIME', 'QR_TOTP'],
    credentials: [],
  };

  it('lists only what the sites accept and gives a refuser a one-time QR code without an admin', async () => {
    const base = fakeFetch();
    const issued: unknown[] = [];
    const fn = vi.fn(async (url: string, init: RequestInit = {}) => {
      const json = (x: unknown, status = 200) => new Response(JSON.stringify(x), { status, headers: { 'content-type': 'application/json' } });
      if (url.endsWith('/ways-in')) return json(ways);
      if (url.endsWith('/ways-in/credentials')) {
        issued.push(JSON.parse(String(init.body)));
        return json({ credential: { id: 'c1', kind: 'QR_ONE_TIME', status: 'ACTIVE', createdAt: '2026-11-30T10:00:00Z',
          expiresAt: '2026-12-01T10:00:00Z', usedAt: null }, pin: null, qrPayload: 'CQ1.O.c1.tok',
          qrImage: 'data:image/png;base64,iVBORw0KGgo=', refreshSeconds: null }, 201);
      }
      return base.fn(url, init);
    });
    vi.stubGlobal('fetch', fn);
    const { container } = renderPortal();
    await screen.findByText('Your ways in');
    // the reassurance names only the non-face ways the sites accept: no PIN, no card here
    expect(screen.getByText(/you get in with a QR code or a check by staff instead/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Get a PIN' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Get a one-time QR code' }));
    const img = await screen.findByRole('img', { name: /Your QR code/ });
    expect(img.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(issued).toEqual([{ kind: 'QR_ONE_TIME' }]);
    expect(container.querySelector('li[data-method="GUARD"][data-usable="true"]')).toBeTruthy();
  });
});
