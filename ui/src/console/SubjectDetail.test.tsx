import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../common/i18n';
import { SubjectDetail } from './Subjects';
import type { ConsoleApi } from './consoleApi';

const subject = {
  id: 's1', externalRef: 'resident-7', displayName: 'Ada', contact: 'ada@example.test', contactVerifiedAt: null,
  createdAt: '2026-11-01T08:00:00Z', erasedAt: null,
  reenrolment: { packId: 'faceplugin-dlib-0.1', stalePackId: 'faceplugin-0.0.1', reason: 'no_retention_consent', flaggedAt: '2026-11-27T08:00:00Z' },
};

function fakeApi() {
  const posts: string[] = [];
  const get = vi.fn(async (path: string) => {
    if (path === '/subjects/s1') return subject;
    if (path === '/subjects/s1/consents') return { consents: [], templates: 1, retainedImages: 0 };
    if (path === '/subjects/s1/templates')
      return [{ id: 't1', modelPack: 'faceplugin-0.0.1', quality: 0.87, createdAt: '2026-11-02T08:00:00Z', photoKept: false, current: false }];
    if (path.startsWith('/consent-events')) return { items: [] };
    throw new Error('unexpected ' + path);
  });
  const post = vi.fn(async (path: string, body?: any) => {
    posts.push(path);
    if (path.endsWith('/invitations') && body?.channel === 'EMAIL')
      return { id: 'i1', channel: 'EMAIL', sentTo: 'a***@example.test', contactVerified: false, expiresAt: '2026-12-04T10:00:00Z', letter: null };
    if (path.endsWith('/invitations'))
      return { id: 'i2', channel: 'LETTER', sentTo: 'a***@example.test', contactVerified: false, expiresAt: '2026-12-04T10:00:00Z',
        letter: { link: 'https://x/consent/demo#invitation=abc', qrPngBase64: 'iVBORw0KGgo=', note: 'Opening this link mails a one-time code to a***@example.test.' } };
    return { id: 'e1', createdAt: '2026-11-27T10:00:00Z', expiresAt: '2026-12-27T10:00:00Z', available: true };
  });
  const raw = vi.fn(async () => new Response('{"format":"consentry-subject-export/1"}', { status: 200 }));
  return { api: { get, post, raw } as unknown as ConsoleApi, posts, raw };
}

describe('subject detail', () => {
  it('shows templates as metadata only, marks stale ones and explains a pending re-enrolment', async () => {
    const f = fakeApi();
    render(<I18nProvider lang="en"><SubjectDetail api={f.api} id="s1" /></I18nProvider>);
    expect(await screen.findByText(/faceplugin-0.0.1/)).toBeTruthy();
    expect(screen.getByText('(older model, not used)')).toBeTruthy();
    expect(screen.getByText('0.87')).toBeTruthy();
    expect(screen.getByTestId('reenrolment').textContent).toContain('faceplugin-dlib-0.1');
    expect(screen.queryByRole('img', { name: /photo/i })).toBeNull();
  });

  it('prepares a data export for an offline request and saves it as a file', async () => {
    const f = fakeApi();
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
    const save = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<I18nProvider lang="en"><SubjectDetail api={f.api} id="s1" /></I18nProvider>);
    fireEvent.click(await screen.findByRole('button', { name: 'Export subject data' }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(f.posts).toEqual(['/subjects/s1/exports']);
    expect(f.raw).toHaveBeenCalledWith('/subjects/s1/exports/e1');
    expect(await screen.findByRole('status')).toBeTruthy();
    save.mockRestore();
  });

  it('sends an invitation by e-mail and shows where it went, never a link that opens the portal', async () => {
    const f = fakeApi();
    render(<I18nProvider lang="en"><SubjectDetail api={f.api} id="s1" /></I18nProvider>);
    expect(await screen.findByText('Contact: ada@example.test (not confirmed yet)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation by e-mail' }));
    expect((await screen.findByRole('status')).textContent).toContain('Invitation e-mailed to a***@example.test');
    expect(screen.getByTestId('invitation-sent').textContent).not.toContain('#invitation=');
    expect(screen.queryByRole('img', { name: /QR code/ })).toBeNull();
    // A printed letter shows its link and QR, and says it opens only with the code mailed to the subject.
    fireEvent.click(screen.getByRole('button', { name: 'Print a letter instead' }));
    expect((await screen.findAllByText(/mails a one-time code to a\*\*\*@example.test/)).length).toBeGreaterThan(0);
    expect(screen.getByRole('img', { name: /QR code/ })).toBeTruthy();
  });
});
