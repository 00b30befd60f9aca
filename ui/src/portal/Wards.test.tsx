import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nProvider } from '../common/i18n';
import { PortalApp } from './PortalApp';
import { PortalApi, type PortalPurpose } from './portalApi';

const gate = (state: string): PortalPurpose => ({
  code: 'gate', title: 'Gate verification', kind: 'FACE_VERIFICATION', retentionDays: 365, state, expiresAt: null,
  notice: { id: 'n', version: 1, language: 'en', text: 'We compare the face at the gate.', contentHash: 'h1', publishedAt: '2025-01-01T00:00:00Z' },
});

function fakeFetch() {
  const states: Record<string, string> = { self: 'NONE', kid: 'NONE' };
  const calls: { url: string; method: string; body?: any }[] = [];
  const fn = vi.fn(async (url: string, init: RequestInit = {}) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ url, method: init.method ?? 'GET', body });
    const json = (x: unknown, status = 200) => new Response(JSON.stringify(x), { status, headers: { 'content-type': 'application/json' } });
    const who = url.includes('/wards/kid/') ? 'kid' : 'self';
    if (url.endsWith('/wards')) return json([{ id: 'kid', name: 'Little Li', decides: true }]);
    if (url.endsWith('/purposes')) return json([gate(states[who])]);
    if (url.endsWith('/receipts')) return json([]);
    if (url.includes('/requests')) {
      if (init.method === 'POST')
        return json({ id: 'r1', type: body.type, details: body.details, status: 'OPEN', filedAt: '2026-11-30T10:00:00Z',
          dueAt: '2026-12-15T10:00:00Z', overdue: false, answer: null, answeredAt: null }, 201);
      return json([]);
    }
    if (url.endsWith('/decisions')) {
      states[who] = 'GRANTED';
      return json({ purpose: 'gate', state: 'GRANTED', receiptId: 'rc', personalLink: null }, 201);
    }
    return json({}, 404);
  });
  return { fn, calls };
}

describe('a guardian in the portal', () => {
  it('picks the child and decides for them through the ward routes; files a request for the child', async () => {
    const f = fakeFetch();
    vi.stubGlobal('fetch', f.fn);
    render(
      <I18nProvider lang="en">
        <PortalApp location={{ pathname: '/consent/demo', hash: '' }} api={new PortalApi('demo', 'tok')} />
      </I18nProvider>,
    );
    const wards = await screen.findByTestId('wards');
    fireEvent.click(within(wards).getByRole('button', { name: 'Little Li' }));
    await screen.findByText(/You are deciding for Little Li, as their guardian/);
    fireEvent.click(await screen.findByRole('button', { name: /I agree to .Gate verification/ }));
    await waitFor(() => expect(f.calls.some((c) => c.method === 'POST' && c.url === '/portal/demo/wards/kid/decisions')).toBe(true));
    expect(f.calls.some((c) => c.method === 'POST' && c.url === '/portal/demo/decisions')).toBe(false);
    // A child's data export is not offered to the guardian here; requests are filed for the child.
    expect(screen.queryByText('Your data')).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Request' }), { target: { value: 'ERASURE' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    await screen.findByText(/Your request was sent/);
    expect(f.calls.find((c) => c.method === 'POST' && c.url.includes('/requests'))).toMatchObject({
      url: '/portal/demo/requests?for=kid', body: { type: 'ERASURE', details: null },
    });
  });

  it('does not send a correction without saying what is wrong', async () => {
    const f = fakeFetch();
    vi.stubGlobal('fetch', f.fn);
    render(
      <I18nProvider lang="en">
        <PortalApp location={{ pathname: '/consent/demo', hash: '' }} api={new PortalApi('demo', 'tok')} />
      </I18nProvider>,
    );
    await screen.findByTestId('requests');
    fireEvent.change(screen.getByRole('combobox', { name: 'Request' }), { target: { value: 'CORRECTION' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    await screen.findByText(/Say what is wrong/);
    expect(f.calls.some((c) => c.method === 'POST' && c.url.includes('/requests'))).toBe(false);
  });
});
