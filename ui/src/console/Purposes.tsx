import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { diffLines } from '../common/diff';
import { Problem } from '../common/api';
import { TEXT_FIELDS, contentOf, type Controller, type NoticeContent, type NoticeTexts, type StructuredNotice } from '../common/notice';
import type { ConsoleApi } from './consoleApi';
import { AssessmentFields, assessmentComplete, emptyForm, type AssessmentForm } from './Assessments';

interface Notice { version: number; text: string; language: string; content: StructuredNotice | null }
interface Purpose { code: string; title: string; kind: string; retentionDays: number; notice: Notice }
interface Template { tenantKind: string; purposeKind: string; code: string; title: string; retentionDays: number; content: NoticeContent }
interface ControllerView { controller: Controller; missing: string[] }

const LANGS = ['en', 'zh'] as const;
const CONTROLLER_FIELDS = ['name', 'address', 'email', 'phone', 'policyUrl', 'jurisdiction'] as const;

/** The field names a 400/409 problem lists in errors[], for the admin to see at once. */
function problemFields(e: unknown): string | null {
  const errors = (e instanceof Problem ? (e.body as { errors?: { field: string }[] })?.errors : undefined) ?? [];
  return errors.length ? errors.map((x) => x.field).join(', ') : null;
}

export function Purposes({ api }: { api: ConsoleApi }) {
  const { t } = useI18n();
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [editing, setEditing] = useState<Purpose | null>(null);
  const [draft, setDraft] = useState<NoticeContent | null>(null);
  const [allSections, setAllSections] = useState(false);
  const [material, setMaterial] = useState(false);
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.get<Purpose[]>('/purposes').then(setPurposes).catch((e) => setError(e.message));
  useEffect(() => {
    void load();
    api.get<Template[]>('/purposes/templates').then(setTemplates).catch(() => setTemplates([]));
  }, [api]);

  const fail = (e: unknown) => {
    const fields = problemFields(e);
    setError(fields ? `${(e as Error).message} ${t('purposes.fieldErrors', { fields })}` : (e as Error).message);
  };

  /** A new version starts from the current one; a notice from before structured notices starts from the template. */
  const startEditing = (p: Purpose) => {
    const lang = p.notice.language;
    let start: NoticeContent;
    if (p.notice.content) {
      start = contentOf(p.notice.content);
    } else {
      const template = templates.find((x) => x.purposeKind === p.kind)?.content;
      const base = template ?? { method: '', processingLocation: 'PLATFORM', purposeCategory: [], piiCategory: [], consentType: 'EXPLICIT',
        thirdPartyDisclosure: false, texts: {} };
      const own = base.texts[lang] ?? base.texts.en ?? emptyTexts();
      start = { ...base, texts: { ...base.texts, [lang]: { ...own, purpose: p.notice.text } } };
    }
    setEditing(p);
    setDraft(start);
    setAllSections(false);
    setMessage(null);
    setError(null);
  };

  const publish = async () => {
    if (!editing || !draft) return;
    try {
      const n = await api.post<Notice & { material: boolean }>(`/purposes/${editing.code}/notices`,
        { content: draft, language: editing.notice.language, material });
      setMessage(t(n.material ? 'purposes.publishedMaterial' : 'purposes.published', { version: n.version }));
      setMaterial(false);
      setEditing(null);
      load();
    } catch (e) {
      fail(e);
    }
  };

  const lang = editing?.notice.language ?? 'en';
  const before = editing ? (editing.notice.content?.texts[lang]?.purpose ?? editing.notice.text) : '';
  const after = draft?.texts[lang]?.purpose ?? '';

  return (
    <>
      <h2>{t('nav.purposes')}</h2>
      <div aria-live="polite">{message && <p className="ok">{message}</p>}</div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      <ControllerCard api={api} onSaved={() => { setMessage(t('controller.saved')); void load(); }} onError={fail} />
      <table>
        <thead><tr><th>{t('purposes.code')}</th><th>{t('subjects.displayName')}</th><th>{t('purposes.kind')}</th><th>{t('purposes.version')}</th><th /></tr></thead>
        <tbody>
          {purposes.map((p) => (
            <tr key={p.code}>
              <td><code>{p.code}</code></td><td>{p.title}</td><td>{p.kind}</td><td>{p.notice.version}</td>
              <td><button onClick={() => startEditing(p)}>{t('purposes.publish')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {!creating && !editing && (
        <p><button onClick={() => { setCreating(true); setMessage(null); setError(null); }}>{t('purposes.fromTemplate')}</button></p>
      )}
      {creating && <NewPurpose api={api} templates={templates}
        onDone={(code) => { setCreating(false); setMessage(t('purposes.created', { code })); void load(); }}
        onCancel={() => setCreating(false)} onError={fail} />}
      {editing && draft && (
        <div className="card">
          <h3>{t('purposes.publish')}: {editing.title}</h3>
          <label>{t('notice.field.purpose')} ({lang})
            <textarea rows={6} value={after} onChange={(e) => setDraft(withText(draft, lang, 'purpose', e.target.value))} />
          </label>
          <h4>{t('purposes.diff', { version: editing.notice.version })}</h4>
          <pre className="diff" data-testid="diff">
            {diffLines(before, after).map((d, i) => (
              <div key={i} className={`diff-${d.kind}`}>{d.kind === 'added' ? '+ ' : d.kind === 'removed' ? '- ' : '  '}{d.text}</div>
            ))}
          </pre>
          {allSections
            ? <NoticeFields content={draft} onChange={setDraft} skipPurposeOf={lang} />
            : <p><button type="button" onClick={() => setAllSections(true)}>{t('purposes.allSections')}</button></p>}
          <label className="check">
            <input type="checkbox" name="material" checked={material} onChange={() => setMaterial(!material)} />
            <span>{t('purposes.material')}</span>
          </label>
          <p className="muted">{t('purposes.materialHint')}</p>
          <button className="primary" disabled={after.trim() === ''} onClick={publish}>{t('purposes.publish')}</button>
        </div>
      )}
    </>
  );
}

function emptyTexts(): NoticeTexts {
  return { title: '', summary: '', purpose: '', retention: '', rights: '', necessityAndImpact: '', alternatives: '', termination: '' };
}

function withText(c: NoticeContent, lang: string, field: keyof NoticeTexts, value: string): NoticeContent {
  return { ...c, texts: { ...c.texts, [lang]: { ...(c.texts[lang] ?? emptyTexts()), [field]: value } } };
}

/** The controller profile: notices freeze it at publication, receipts carry it. */
function ControllerCard({ api, onSaved, onError }: { api: ConsoleApi; onSaved: () => void; onError: (e: unknown) => void }) {
  const { t } = useI18n();
  const [view, setView] = useState<ControllerView | null>(null);
  const [form, setForm] = useState<Controller | null>(null);
  useEffect(() => {
    api.get<ControllerView>('/controller').then((v) => { setView(v); setForm(v.controller); }).catch(onError);
  }, [api]);
  if (!view || !form) return null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const v = await api.put<ControllerView>('/controller', form);
      setView(v);
      setForm(v.controller);
      onSaved();
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form className="card" onSubmit={save} data-testid="controller">
      <h3>{t('controller.title')}</h3>
      <p className="muted">{t('controller.explain')}</p>
      {CONTROLLER_FIELDS.map((f) => (
        <label key={f}>{t(`controller.${f}` as Key)}
          <input name={`controller-${f}`} value={form[f] ?? ''} onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
        </label>
      ))}
      {view.missing.length > 0
        ? <p className="warning" data-testid="controller-missing">{t('controller.missing', { fields: view.missing.map((f) => t(`controller.${f}` as Key)).join(', ') })}</p>
        : <p className="ok">{t('controller.complete')}</p>}
      <button className="primary" type="submit">{t('controller.save')}</button>
    </form>
  );
}

/** Every structured field of a notice, both languages. */
function NoticeFields({ content, onChange, skipPurposeOf }: { content: NoticeContent; onChange: (c: NoticeContent) => void; skipPurposeOf?: string }) {
  const { t } = useI18n();
  const list = (v: string) => v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return (
    <fieldset className="notice-fields">
      <label>{t('notice.field.method')}
        <select name="method" value={content.method} onChange={(e) => onChange({ ...content, method: e.target.value })}>
          {['ONE_TO_ONE', 'ONE_TO_N', 'ATTRIBUTE_ANALYSIS', 'PHOTO_RETENTION'].map((m) => <option key={m} value={m}>{t(`notice.method.${m}` as Key)}</option>)}
        </select>
      </label>
      <label>{t('notice.field.processingLocation')}
        <select name="processingLocation" value={content.processingLocation} onChange={(e) => onChange({ ...content, processingLocation: e.target.value })}>
          {['PLATFORM', 'DEVICE'].map((m) => <option key={m} value={m}>{t(`notice.where.${m}` as Key)}</option>)}
        </select>
      </label>
      <label>{t('notice.field.purposeCategory')}
        <input name="purposeCategory" value={content.purposeCategory.join(', ')} onChange={(e) => onChange({ ...content, purposeCategory: list(e.target.value) })} />
      </label>
      <label>{t('notice.field.piiCategory')}
        <input name="piiCategory" value={content.piiCategory.join(', ')} onChange={(e) => onChange({ ...content, piiCategory: list(e.target.value) })} />
      </label>
      <label className="check">
        <input type="checkbox" name="thirdPartyDisclosure" checked={content.thirdPartyDisclosure}
          onChange={() => onChange({ ...content, thirdPartyDisclosure: !content.thirdPartyDisclosure })} />
        <span>{t('notice.field.thirdPartyDisclosure')}</span>
      </label>
      {content.thirdPartyDisclosure && (
        <label>{t('notice.field.thirdPartyName')}
          <input name="thirdPartyName" value={content.thirdPartyName ?? ''} onChange={(e) => onChange({ ...content, thirdPartyName: e.target.value })} />
        </label>
      )}
      {LANGS.map((l) => (
        <fieldset key={l} data-lang={l}>
          <legend>{t(`notice.lang.${l}` as Key)}</legend>
          <label>{t('notice.field.title')}
            <input name={`${l}-title`} value={content.texts[l]?.title ?? ''} onChange={(e) => onChange(withText(content, l, 'title', e.target.value))} />
          </label>
          {TEXT_FIELDS.filter((f) => !(f === 'purpose' && l === skipPurposeOf)).map((f) => (
            <label key={f}>{t(`notice.field.${f}` as Key)}
              <textarea name={`${l}-${f}`} rows={3} value={content.texts[l]?.[f] ?? ''} onChange={(e) => onChange(withText(content, l, f, e.target.value))} />
            </label>
          ))}
        </fieldset>
      ))}
    </fieldset>
  );
}

/** A new purpose, its notice prefilled from the template for this kind of tenant (both languages). */
function NewPurpose({ api, templates, onDone, onCancel, onError }: {
  api: ConsoleApi; templates: Template[]; onDone: (code: string) => void; onCancel: () => void; onError: (e: unknown) => void;
}) {
  const { t, lang } = useI18n();
  const [chosen, setChosen] = useState<Template | null>(templates[0] ?? null);
  const [code, setCode] = useState(chosen?.code ?? '');
  const [title, setTitle] = useState(chosen?.title ?? '');
  const [days, setDays] = useState(chosen?.retentionDays ?? 365);
  const [language, setLanguage] = useState<string>(lang);
  const [content, setContent] = useState<NoticeContent | null>(chosen?.content ?? null);
  // every purpose kind processes face data, so a new purpose comes with its approved impact assessment (PIPL art. 55)
  const [assessment, setAssessment] = useState<AssessmentForm>(emptyForm());
  const choose = (kind: string) => {
    const tpl = templates.find((x) => x.purposeKind === kind) ?? null;
    setChosen(tpl);
    if (tpl) {
      setCode(tpl.code);
      setTitle(tpl.title);
      setDays(tpl.retentionDays);
      setContent(tpl.content);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen || !content) return;
    try {
      await api.post('/purposes', { code, title, kind: chosen.purposeKind, retentionDays: days, language, noticeContent: content, assessment });
      onDone(code);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form className="card" onSubmit={submit} data-testid="new-purpose">
      <h3>{t('purposes.fromTemplate')}</h3>
      <label>{t('purposes.template')}
        <select name="template" value={chosen?.purposeKind ?? ''} onChange={(e) => choose(e.target.value)}>
          {templates.map((x) => <option key={x.purposeKind} value={x.purposeKind}>{x.content.texts[lang]?.title ?? x.title} ({x.purposeKind})</option>)}
        </select>
      </label>
      <label>{t('purposes.code')}<input name="code" value={code} onChange={(e) => setCode(e.target.value)} /></label>
      <label>{t('purposes.titleField')}<input name="title" value={title} onChange={(e) => setTitle(e.target.value)} /></label>
      <label>{t('purposes.retentionDays')}
        <input name="retentionDays" type="number" min={1} max={3650} value={days} onChange={(e) => setDays(Number(e.target.value))} />
      </label>
      <label>{t('purposes.language')}
        <select name="language" value={language} onChange={(e) => setLanguage(e.target.value)}>
          <option value="en">English</option>
          <option value="zh">中文</option>
        </select>
      </label>
      {content && <NoticeFields content={content} onChange={setContent} />}
      <fieldset data-testid="new-purpose-assessment">
        <legend>{t('purposes.assessment')}</legend>
        <AssessmentFields form={assessment} onChange={setAssessment} />
      </fieldset>
      <div className="actions">
        <button className="primary" type="submit" disabled={!assessmentComplete(assessment)}>{t('purposes.create')}</button>
        <button type="button" onClick={onCancel}>{t('purposes.cancel')}</button>
      </div>
    </form>
  );
}
