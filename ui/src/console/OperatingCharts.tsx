import { useI18n } from '../common/i18n';
import { linear, log, percent, polyline, ticks } from './chart';
import { livenessAt, type Cell, type LivenessCurve } from './operatingPoints';

const W = 520, H = 240;
const M = { l: 56, r: 16, t: 14, b: 36 };

/**
 * Expected share of members missed (FNIR) against the gallery's size, at one target FPIR: the larger the gallery,
 * the stricter the threshold and the more members go to an alternative. Provisional points (too few impostor pairs
 * behind them) are drawn hollow and never used; the dashed line is the most misses the pack (or site) accepts.
 */
export function IdentificationChart({ fpir, cells, ceiling, gallerySize }: { fpir: number; cells: Cell[]; ceiling: number; gallerySize?: number }) {
  const { t } = useI18n();
  if (cells.length === 0) return null;
  const sizes = cells.map((c) => c.gallerySize);
  const x = log([Math.min(...sizes), Math.max(...sizes)], [M.l, W - M.r]);
  const top = Math.min(1, Math.max(ceiling * 1.5, ...cells.filter((c) => !c.provisional).map((c) => c.expectedFnir * 1.2)));
  const y = linear([0, top], [H - M.b, M.t]);
  const solid = cells.filter((c) => !c.provisional);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-labelledby={`fnir-${fpir}`} data-testid="fnir-chart">
      <title id={`fnir-${fpir}`}>{t('op.fnirTitle', { fpir: percent(fpir) })}</title>
      {ticks(0, top, 5).map((v) => (
        <g key={v}><line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} className="grid" /><text x={M.l - 6} y={y(v) + 4} textAnchor="end">{percent(v)}</text></g>
      ))}
      {sizes.map((s) => <text key={s} x={x(s)} y={H - M.b + 16} textAnchor="middle">{s.toLocaleString('en-GB')}</text>)}
      <text x={(M.l + W - M.r) / 2} y={H - 4} textAnchor="middle">{t('op.gallerySize')}</text>
      <line x1={M.l} x2={W - M.r} y1={y(ceiling)} y2={y(ceiling)} className="ceiling" strokeDasharray="6 4" />
      <text x={W - M.r - 4} y={y(ceiling) - 4} textAnchor="end">{t('op.ceiling', { ceiling: percent(ceiling) })}</text>
      <polyline points={polyline(solid.map((c) => c.gallerySize), solid.map((c) => c.expectedFnir), x, y)} className="frr" fill="none" />
      {cells.map((c) => (
        <circle key={c.gallerySize} cx={x(c.gallerySize)} cy={y(Math.min(c.expectedFnir, top))} r={3.5}
          className={c.provisional ? 'point provisional' : 'point'} fill={c.provisional ? 'none' : undefined} />
      ))}
      {gallerySize !== undefined && gallerySize > 0 && (
        <g className="threshold default">
          <line x1={x(Math.max(gallerySize, sizes[0]))} x2={x(Math.max(gallerySize, sizes[0]))} y1={M.t} y2={H - M.b} />
          <text x={x(Math.max(gallerySize, sizes[0])) + 3} y={M.t + 12}>{t('op.now', { n: gallerySize })}</text>
        </g>
      )}
    </svg>
  );
}

/**
 * Liveness errors against the threshold, as ISO/IEC 30107-3 names them: bona fide people refused (BPCER) and attacks
 * accepted (APCER, the worst attack species), with the threshold in use marked.
 */
export function LivenessChart({ liveness, threshold }: { liveness: LivenessCurve; threshold: number }) {
  const { t } = useI18n();
  const x = linear([0, 1], [M.l, W - M.r]);
  const y = linear([0, 1], [H - M.b, M.t]);
  const at = livenessAt(liveness, threshold);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-labelledby="liveness-title" data-testid="liveness-chart">
      <title id="liveness-title">{t('op.livenessTitle', { eer: percent(liveness.eer.rate) })}</title>
      {ticks(0, 1, 5).map((v) => (
        <g key={v}>
          <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} className="grid" />
          <text x={M.l - 6} y={y(v) + 4} textAnchor="end">{percent(v)}</text>
          <text x={x(v)} y={H - M.b + 16} textAnchor="middle">{v}</text>
        </g>
      ))}
      <text x={(M.l + W - M.r) / 2} y={H - 4} textAnchor="middle">{t('op.livenessThreshold')}</text>
      <polyline points={polyline(liveness.curve.threshold, liveness.curve.bpcer, x, y)} className="frr" fill="none" />
      <polyline points={polyline(liveness.curve.threshold, liveness.curve.apcerMax, x, y)} className="far" fill="none" />
      {at && (
        <g className="threshold default">
          <line x1={x(threshold)} x2={x(threshold)} y1={M.t} y2={H - M.b} />
          <text x={x(threshold) + 3} y={M.t + 12}>{threshold}</text>
        </g>
      )}
      <g className="legend" transform={`translate(${W - M.r - 200}, ${M.t + 8})`}>
        <line x2={14} y1={5} y2={5} className="frr" /><text x={18} y={9}>{t('op.bpcer')}</text>
        <line y1={21} x2={14} y2={21} className="far" /><text x={18} y={25}>{t('op.apcer')}</text>
      </g>
    </svg>
  );
}

/** One sentence: what the liveness threshold means on the pack's own measurement. */
export function LivenessExpectation({ liveness, threshold }: { liveness: LivenessCurve; threshold: number }) {
  const { t } = useI18n();
  const at = livenessAt(liveness, threshold);
  if (!at) return null;
  return (
    <p className="muted" data-testid="liveness-expectation">
      {t('op.livenessAt', { bpcer: percent(at.bpcer), apcer: percent(at.apcerMax), data: liveness.data })}
    </p>
  );
}

/** The engine view's 1:N part: per target FPIR, FNIR by gallery size (what a FACE_1_N site can expect as it grows). */
export function IdentificationSection({ id }: { id: import('./operatingPoints').IdentificationCalibration }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="ident-heading" data-testid="identification-calibration">
      <h3 id="ident-heading">{t('op.identTitle')}</h3>
      <p className="muted">{t('op.identIntro', { ceiling: percent(id.fnirCeiling), refused: percent(id.refusalRate) })}</p>
      <div className="charts">
        {id.rates.map((r) => (
          <figure key={r.fpir}>
            <IdentificationChart fpir={r.fpir} cells={r.cells} ceiling={id.fnirCeiling} />
            <figcaption>{t('op.fnirCaption', { fpir: percent(r.fpir), largest: r.largestGallerySize.toLocaleString('en-GB') })}</figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}

/** The engine view's liveness part: APCER and BPCER against the threshold, on what data. */
export function LivenessSection({ l, threshold }: { l: LivenessCurve; threshold: number }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="liveness-heading">
      <h3 id="liveness-heading">{t('op.livenessHeading')}</h3>
      <figure><LivenessChart liveness={l} threshold={threshold} /><figcaption><LivenessExpectation liveness={l} threshold={threshold} /></figcaption></figure>
    </section>
  );
}
