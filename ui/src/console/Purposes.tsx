import { useEffect, useState } from 'react';
import { useI18n } from '../common/i18n';
import { diffLines } from '../common/diff';
import type { ConsoleApi } from './consoleApi';

interface Notice { version: number; text: string; language: string }
interface Purpose { code: string; title: string; kind: string; retentionDays: number; notice: Notice }

export function Purposes({ api }: { api: ConsoleApi }) {
  const { t } = useI18n();
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [editing, setEditing] = useState<Purpose | null>(null);
  const [text, setText] = useState('');
  const [material, setMaterial] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.get<Purpose[]>('/purposes').then(setPurposes).catch((e) => setError(e.message));
  useEffect(() => void load(), [api]);

  const publish = async () => {
    if (!editing) return;
    try {
      const n = await api.post<Notice & { material: boolean }>(`/purposes/${editing.code}/notices`,
        { text, language: editing.notice.language, material });
      setMessage(t(n.material ? 'purposes.publishedMaterial' : 'purposes.published', { version: n.version }));
      setMaterial(false);
      setEditing(null);
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <>
      <h2>{t('nav.purposes')}</h2>
      <div aria-live="polite">{message && <p className="ok">{message}</p>}</div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      <table>
        <thead><tr><th>{t('purposes.code')}</th><th>{t('subjects.displayName')}</th><th>{t('purposes.kind')}</th><th>{t('purposes.version')}</th><th /></tr></thead>
        <tbody>
          {purposes.map((p) => (
            <tr key={p.code}>
              <td><code>{p.code}</code></td><td>{p.title}</td><td>{p.kind}</td><td>{p.notice.version}</td>
              <td><button onClick={() => { setEditing(p); setText(p.notice.text); setMessage(null); }}>{t('purposes.publish')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <div className="card">
          <h3>{t('purposes.publish')}: {editing.title}</h3>
          <label>{t('purposes.newText')}<textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} /></label>
          <h4>{t('purposes.diff', { version: editing.notice.version })}</h4>
          <pre className="diff" data-testid="diff">
            {diffLines(editing.notice.text, text).map((d, i) => (
              <div key={i} className={`diff-${d.kind}`}>{d.kind === 'added' ? '+ ' : d.kind === 'removed' ? '- ' : '  '}{d.text}</div>
            ))}
          </pre>
          <label className="check">
            <input type="checkbox" name="material" checked={material} onChange={() => setMaterial(!material)} />
            <span>{t('purposes.material')}</span>
          </label>
          <p className="muted">{t('purposes.materialHint')}</p>
          <button className="primary" disabled={text.trim() === '' || text === editing.notice.text} onClick={publish}>{t('purposes.publish')}</button>
        </div>
      )}
    </>
  );
}
