import { call } from '../common/api';

export interface Notice { id: string; version: number; language: string; text: string; contentHash: string; publishedAt: string }
export interface PortalPurpose { code: string; title: string; kind: string; retentionDays: number; notice: Notice; state: string; expiresAt: string | null }
export interface PersonalLink { url: string; token: string; expiresAt: string }
export interface DecisionResult { purpose: string; state: string; receiptId: string | null; personalLink: PersonalLink | null }
export interface ReceiptSummary { receiptId: string; eventId: string; createdAt: string }
export interface DataExport { id: string; createdAt: string; expiresAt: string; available: boolean }
export interface Enrolled { templateId: string; quality: number; liveness: number; imageRetained: boolean }

/** The portal API, authorised by the subject's own token, which lives in memory only (never in storage). */
export class PortalApi {
  constructor(private tenant: string, private token: string) {}

  static async redeem(tenant: string, invitation: string): Promise<PortalApi> {
    const s = await call<{ sessionToken: string }>(`/portal/${tenant}/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ invitation }),
    });
    return new PortalApi(tenant, s.sessionToken);
  }

  private req<T>(path: string, init: RequestInit = {}): Promise<T> {
    return call<T>(`/portal/${this.tenant}/${path}`, {
      ...init,
      headers: { ...(init.headers ?? {}), Authorization: `Portal ${this.token}` },
    });
  }

  purposes = () => this.req<PortalPurpose[]>('purposes');

  /** One purpose per call, by design: the api refuses bundles. */
  decide = (p: PortalPurpose, decision: 'GRANT' | 'REFUSE') =>
    this.req<DecisionResult>('decisions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ purpose: p.code, decision, noticeHash: p.notice.contentHash }),
    });

  withdraw = (code: string) => this.req<DecisionResult>(`consents/${encodeURIComponent(code)}/withdraw`, { method: 'POST' });
  receipts = () => this.req<ReceiptSummary[]>('receipts');
  receipt = (id: string) => this.req<unknown>(`receipts/${id}`);
  /** Prepares a copy of everything held about the subject, then fetches it (a JSON document). */
  exportMyData = async () => {
    const created = await this.req<DataExport>('exports', { method: 'POST' });
    return { export: created, document: await this.req<unknown>(`exports/${created.id}`) };
  };
  enrol = (image: Blob) =>
    this.req<Enrolled>('enrolment', { method: 'POST', headers: { 'Content-Type': image.type || 'image/jpeg' }, body: image });
}

export const BIOMETRIC_KINDS = ['FACE_VERIFICATION', 'FACE_IDENTIFICATION'];

/** Enrolment needs a live verification or identification consent (the server enforces it too). */
export const canEnrol = (purposes: PortalPurpose[]) =>
  purposes.some((p) => BIOMETRIC_KINDS.includes(p.kind) && p.state === 'GRANTED');
