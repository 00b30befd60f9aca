import { call } from '../common/api';
import type { StructuredNotice } from '../common/notice';

/** A notice version; content is the structured notice (null for one published before notices were structured). */
export interface Notice {
  id: string; version: number; language: string; text: string; contentHash: string; publishedAt: string;
  content?: StructuredNotice | null; rendered?: Record<string, string>;
}
/** A site where the purpose applies, and the face method it runs there (FACE_1_1 or FACE_1_N). */
export interface PortalSite { name: string; method: string }
export interface PortalPurpose {
  code: string; title: string; kind: string; retentionDays: number; notice: Notice; state: string; expiresAt: string | null;
  sites?: PortalSite[];
}
export interface PersonalLink { url: string; token: string; expiresAt: string }
export interface DecisionResult { purpose: string; state: string; receiptId: string | null; personalLink: PersonalLink | null }
export interface ReceiptSummary { receiptId: string; eventId: string; createdAt: string }
export interface DataExport { id: string; createdAt: string; expiresAt: string; available: boolean }
export interface Enrolled { templateId: string; quality: number; liveness: number; imageRetained: boolean; templates: number; templatesRemoved: number }
/** Minors: a person the portal user is the guardian of; {@code decides} is false once they came of age. */
export interface Ward { id: string; name: string; decides: boolean }
export type RequestType = 'ACCESS' | 'CORRECTION' | 'ERASURE';
/** A data-subject request as its filer sees it. */
export interface SubjectRequest {
  id: string; type: RequestType; details: string | null; status: 'OPEN' | 'IN_PROGRESS' | 'ANSWERED' | 'REJECTED';
  filedAt: string; dueAt: string; overdue: boolean; answer: string | null; answeredAt: string | null;
}
/** One way into a site and whether the subject can use it now ({@code why}: what is missing). */
export interface Way { method: string; usableNow: boolean; purpose: string | null; why: string | null }
export interface SiteWays { name: string; ways: Way[] }
export interface Credential { id: string; kind: string; status: string; createdAt: string; expiresAt: string | null; usedAt: string | null }
export interface WaysIn { sites: SiteWays[]; selfIssuable: string[]; credentials: Credential[] }
/** A credential the subject just got: the PIN shown once, a QR code as a PNG data URL. */
export interface IssuedCredential { credential: Credential; pin: string | null; qrPayload: string | null; qrImage: string | null; refreshSeconds: number | null }
export interface CurrentQr { qrPayload: string; qrImage: string; validUntil: string }
/** A printed letter was opened: its code went to the subject's address. */
export interface CodeSent { contactCodeSent: true; sentTo: string; codeExpiresAt: string }

/**
 * The portal API, authorised by the subject's own token, which lives in memory only (never in storage).
 * {@code fresh}: the session was opened from an invitation just now (not the personal link), which is what replacing
 * the enrolled face needs.
 */
export interface PlaceWindow { days: string[]; from: string; to: string }
export interface Place {
  siteId: string; siteName: string; timeZone: string; restricted: boolean;
  via: { group: string; weekly: PlaceWindow[]; validFrom: string | null; validUntil: string | null }[];
  exceptions: { date: string; closed: boolean; hours: { from: string; to: string }[]; note: string | null }[];
}

export class PortalApi {
  /**
   * {@code ward}: set when a guardian acts for a minor; the consent routes then go to {@code wards/<id>/…} and requests
   * are filed for the ward.
   */
  constructor(private tenant: string, private token: string, readonly fresh = false, readonly ward: Ward | null = null) {}

  /** The same session, deciding for {@code ward} (the server checks the link and the ward's age). */
  forWard = (ward: Ward) => new PortalApi(this.tenant, this.token, this.fresh, ward);

  private get scope() {
    return this.ward ? `wards/${this.ward.id}/` : '';
  }

  /**
   * Redeems an invitation. A mailed invitation opens at once; a printed letter first answers that a code was mailed to
   * the subject, and opens when called again with that code.
   */
  static async redeem(tenant: string, invitation: string, contactCode?: string): Promise<PortalApi | CodeSent> {
    const s = await call<{ sessionToken: string } | CodeSent>(`/portal/${tenant}/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(contactCode ? { invitation, contactCode } : { invitation }),
    });
    return 'sessionToken' in s ? new PortalApi(tenant, s.sessionToken, true) : s;
  }

  private req<T>(path: string, init: RequestInit = {}): Promise<T> {
    return call<T>(`/portal/${this.tenant}/${path}`, {
      ...init,
      headers: { ...(init.headers ?? {}), Authorization: `Portal ${this.token}` },
    });
  }

  purposes = () => this.req<PortalPurpose[]>(`${this.scope}purposes`);
  wards = () => this.req<Ward[]>('wards');

  /** One purpose per call, by design: the api refuses bundles. */
  decide = (p: PortalPurpose, decision: 'GRANT' | 'REFUSE') =>
    this.req<DecisionResult>(`${this.scope}decisions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ purpose: p.code, decision, noticeHash: p.notice.contentHash }),
    });

  withdraw = (code: string) => this.req<DecisionResult>(`${this.scope}consents/${encodeURIComponent(code)}/withdraw`, { method: 'POST' });
  receipts = () => this.req<ReceiptSummary[]>(`${this.scope}receipts`);
  receipt = (id: string) => this.req<unknown>(`${this.scope}receipts/${id}`);
  private get forQuery() {
    return this.ward ? `?for=${this.ward.id}` : '';
  }
  requests = () => this.req<SubjectRequest[]>(`requests${this.forQuery}`);
  fileRequest = (type: RequestType, details: string) =>
    this.req<SubjectRequest>(`requests${this.forQuery}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type, details: details.trim() || null }),
    });
  /** Prepares a copy of everything held about the subject, then fetches it (a JSON document). */
  exportMyData = async () => {
    const created = await this.req<DataExport>('exports', { method: 'POST' });
    return { export: created, document: await this.req<unknown>(`exports/${created.id}`) };
  };
  /** Per site the ways in its policy accepts, whether the subject can use each now, and what they can get here. */
  waysIn = () => this.req<WaysIn>('ways-in');
  /** Where the subject may go: open sites, and sites that allow one of their groups (with the hours). */
  places = () => this.req<Place[]>('places');
  /** A PIN or QR code the subject gets without an admin; it replaces their active one of that kind. */
  issueCredential = (kind: string) =>
    this.req<IssuedCredential>('ways-in/credentials', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind }),
    });
  /** The QR code a time-based credential shows now (it changes every 30 seconds). */
  currentQr = (id: string) => this.req<CurrentQr>(`ways-in/credentials/${id}/qr`);
  /** Adds a face (it must match the enrolled one), or with {@code replaceAll} replaces the enrolled face (fresh sessions only). */
  enrol = (image: Blob, replaceAll = false) =>
    this.req<Enrolled>(`${this.scope}enrolment${replaceAll ? '?replaceAll=true' : ''}`, {
      method: 'POST', headers: { 'Content-Type': image.type || 'image/jpeg' }, body: image,
    });
}

export const BIOMETRIC_KINDS = ['FACE_VERIFICATION', 'FACE_IDENTIFICATION'];

/** Enrolment needs a live verification or identification consent (the server enforces it too). */
export const canEnrol = (purposes: PortalPurpose[]) =>
  purposes.some((p) => BIOMETRIC_KINDS.includes(p.kind) && p.state === 'GRANTED');
