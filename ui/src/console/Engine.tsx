import { useEffect, useRef, useState } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { Problem } from '../common/api';
import type { ConsoleApi } from './consoleApi';
import { bars, linear, log, logTicks, percent, polyline, ticks } from './chart';
import { IdentificationSection, LivenessSection } from './OperatingCharts';
import type { IdentificationCalibration, LivenessCurve } from './operatingPoints';

export interface CalibrationChart {
  packId: string;
  data: string;
  genuine: number;
  impostor: number;
  failures: number;
  histogram: { lo: number; hi: number; genuine: number[]; impostor: number[] };
  curves: { threshold: number[]; far: number[]; frr: number[] };
  eer: { rate: number; threshold: number };
  atFar: { far: number; threshold: number; tar: number; measuredFar: number; resolvable: boolean }[];
}

export interface Calibration {
  packId: string;
  packVersion: string;
  data: string | null;
  defaultFar: number | null;
  eerThreshold: number | null;
  livenessThreshold: number;
  thresholds: { far: number; threshold: number; evidence?: string }[];
  chart: CalibrationChart | null;
  chartConsistent: boolean | null;
  /** 1:N operating points by target FPIR and gallery size (null: the pack cannot identify). */
  identification: IdentificationCalibration | null;
  /** BPCER/APCER by liveness threshold and the data they were measured on (null: not measured). */
  liveness: LivenessCurve | null;
}

interface FaceView {
  box: { x: number; y: number; width: number; height: number; score: number };
  landmarks: [number, number][];
  points: [number, number][];
  quality: { pass: boolean; reasons: string[]; faceSize: number; sharpness: number; brightness: number; yaw: number; roll: number; score: number };
  liveness: number | null;
  live: boolean | null;
}
interface AnalysisView { width: number; height: number; packId: string; livenessThreshold: number; purpose: string; matchScore: number; faces: FaceView[] }

/** The test photo with what the engine found drawn over it, in the image's own pixel coordinates. */
function Overlay({ url, analysis, landmarks }: { url: string; analysis: AnalysisView; landmarks: boolean }) {
  const { t } = useI18n();
  const { width: w, height: h } = analysis;
  const r = Math.max(w, h) / 300;
  return (
    <div className="overlay" style={{ aspectRatio: `${w} / ${h}` }}>
      <img src={url} alt={t('engine.photoAlt')} />
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-label={t('engine.found', { count: analysis.faces.length })} data-testid="engine-overlay">
        {analysis.faces.map((f, i) => {
          const good = f.quality.pass && f.live !== false;
          return (
            <g key={i} className={good ? 'face-ok' : 'face-warn'} data-face={i + 1}>
              <rect x={f.box.x} y={f.box.y} width={f.box.width} height={f.box.height} fill="none" strokeWidth={3} vectorEffect="non-scaling-stroke" />
              <text x={f.box.x + r} y={Math.max(f.box.y - r, 6 * r)} fontSize={6 * r} className="face-label">{i + 1}</text>
              {landmarks && f.landmarks.map(([x, y], j) => <circle key={j} cx={x} cy={y} r={r * 0.7} className="landmark" />)}
              {f.points.map(([x, y], j) => <circle key={`p${j}`} cx={x} cy={y} r={r * 1.4} className="point" />)}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function FaceList({ analysis }: { analysis: AnalysisView }) {
  const { t } = useI18n();
  if (analysis.faces.length === 0) return <p className="warning" data-testid="engine-faces">{t('engine.noFace')}</p>;
  return (
    <table data-testid="engine-faces">
      <thead>
        <tr><th>#</th><th>{t('engine.detector')}</th><th>{t('engine.eyeDistance')}</th><th>{t('engine.quality')}</th><th>{t('engine.liveness')}</th></tr>
      </thead>
      <tbody>
        {analysis.faces.map((f, i) => (
          <tr key={i}>
            <td>{i + 1}</td>
            <td>{f.box.score.toFixed(2)}</td>
            <td>{t('engine.pixels', { n: f.quality.faceSize.toFixed(0) })}</td>
            <td>
              {f.quality.pass
                ? <span className="ok">{t('engine.qualityPass', { score: f.quality.score.toFixed(2) })}</span>
                : <span className="warn">{f.quality.reasons.map((r) => t(`engine.reason.${r}` as Key)).join(', ')}</span>}
              <div className="muted">{t('engine.qualityDetail', { sharpness: f.quality.sharpness.toFixed(0), brightness: f.quality.brightness.toFixed(0), yaw: f.quality.yaw.toFixed(2), roll: f.quality.roll.toFixed(0) })}</div>
            </td>
            <td>
              {f.liveness === null ? '—' : (
                <span className={f.live ? 'ok' : 'warn'}>
                  {f.liveness.toFixed(3)} {f.live ? t('engine.live') : t('engine.spoof', { threshold: analysis.livenessThreshold })}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const W = 640, H = 240, M = { l: 52, r: 12, t: 12, b: 40 };

/** Genuine and impostor score distributions with the calibrated thresholds. */
function Histogram({ c, cal }: { c: CalibrationChart; cal: Calibration }) {
  const { t } = useI18n();
  const { lo, hi } = c.histogram;
  const top = Math.max(...c.histogram.genuine.map((n) => n / c.genuine), ...c.histogram.impostor.map((n) => n / c.impostor)) * 1.1;
  const x = linear([lo, hi], [M.l, W - M.r]);
  const y = linear([0, top], [H - M.b, M.t]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-labelledby="hist-title">
      <title id="hist-title">{t('engine.histTitle', { genuine: c.genuine, impostor: c.impostor })}</title>
      {ticks(0, top, 4).map((v) => (
        <g key={v}><line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} className="grid" /><text x={M.l - 6} y={y(v) + 4} textAnchor="end">{percent(v)}</text></g>
      ))}
      {ticks(lo, hi, 8).map((v) => <text key={v} x={x(v)} y={H - M.b + 16} textAnchor="middle">{v}</text>)}
      <text x={(M.l + W - M.r) / 2} y={H - 4} textAnchor="middle">{t('engine.score')}</text>
      {bars(c.histogram.impostor, lo, hi, c.impostor, x, y).map((b, i) => <rect key={`i${i}`} {...rect(b)} className="impostor" />)}
      {bars(c.histogram.genuine, lo, hi, c.genuine, x, y).map((b, i) => <rect key={`g${i}`} {...rect(b)} className="genuine" />)}
      <Thresholds cal={cal} x={x} y0={M.t} y1={H - M.b} />
      <g className="legend" transform={`translate(${M.l + 8}, ${M.t + 8})`}>
        <rect width={10} height={10} className="impostor" /><text x={14} y={9}>{t('engine.impostor')}</text>
        <rect y={16} width={10} height={10} className="genuine" /><text x={14} y={25}>{t('engine.genuine')}</text>
      </g>
    </svg>
  );
}

/** FAR and FRR against the threshold, on a log scale so that 0.1 % and 0.01 % are visible at all. */
function Curves({ c, cal }: { c: CalibrationChart; cal: Calibration }) {
  const { t } = useI18n();
  const floor = 10 ** Math.floor(Math.log10(1 / Math.max(c.impostor, c.genuine)));
  const x = linear([c.histogram.lo, c.histogram.hi], [M.l, W - M.r]);
  const y = log([floor, 1], [H - M.b, M.t]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-labelledby="curves-title">
      <title id="curves-title">{t('engine.curvesTitle', { eer: percent(c.eer.rate), threshold: c.eer.threshold.toFixed(4) })}</title>
      {logTicks(floor).map((v) => (
        <g key={v}><line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} className="grid" /><text x={M.l - 6} y={y(v) + 4} textAnchor="end">{percent(v)}</text></g>
      ))}
      {ticks(c.histogram.lo, c.histogram.hi, 8).map((v) => <text key={v} x={x(v)} y={H - M.b + 16} textAnchor="middle">{v}</text>)}
      <text x={(M.l + W - M.r) / 2} y={H - 4} textAnchor="middle">{t('engine.threshold')}</text>
      <polyline points={polyline(c.curves.threshold, c.curves.far, x, y)} className="far" fill="none" />
      <polyline points={polyline(c.curves.threshold, c.curves.frr, x, y)} className="frr" fill="none" />
      <Thresholds cal={cal} x={x} y0={M.t} y1={H - M.b} />
      <g className="legend" transform={`translate(${W - M.r - 190}, ${M.t + 8})`}>
        <line x2={14} y1={5} y2={5} className="far" /><text x={18} y={9}>{t('engine.far')}</text>
        <line y1={21} x2={14} y2={21} className="frr" /><text x={18} y={25}>{t('engine.frr')}</text>
      </g>
    </svg>
  );
}

function Thresholds({ cal, x, y0, y1 }: { cal: Calibration; x: (v: number) => number; y0: number; y1: number }) {
  return (
    <g className="thresholds">
      {cal.thresholds.map((th, i) => (
        <g key={th.far} className={th.far === cal.defaultFar ? 'threshold default' : 'threshold'}>
          <line x1={x(th.threshold)} x2={x(th.threshold)} y1={y0} y2={y1} />
          <text x={x(th.threshold) + 3} y={y0 + 12 + i * 12}>FAR {percent(th.far)}</text>
        </g>
      ))}
    </g>
  );
}

const rect = (b: { x: number; y: number; width: number; height: number }) => ({ x: b.x, y: b.y, width: Math.max(0, b.width - 0.5), height: b.height });

function CalibrationSection({ cal }: { cal: Calibration }) {
  const { t } = useI18n();
  const c = cal.chart;
  return (
    <section aria-labelledby="cal-heading">
      <h3 id="cal-heading">{t('engine.calibration', { pack: cal.packId })}</h3>
      {cal.data && <p className="muted">{t('engine.calibratedOn', { data: cal.data })}</p>}
      {!c ? <p className="warning">{t('engine.noChart')}</p> : (
        <>
          {cal.chartConsistent === false && <p className="warning">{t('engine.chartMismatch')}</p>}
          <div className="charts" data-testid="calibration-chart">
            <figure><Histogram c={c} cal={cal} /><figcaption>{t('engine.histCaption')}</figcaption></figure>
            <figure><Curves c={c} cal={cal} /><figcaption>{t('engine.curvesCaption', { eer: percent(c.eer.rate), threshold: c.eer.threshold.toFixed(4) })}</figcaption></figure>
          </div>
        </>
      )}
      <table>
        <caption className="sr-only">{t('engine.thresholdsCaption')}</caption>
        <thead><tr><th>{t('engine.targetFar')}</th><th>{t('engine.threshold')}</th><th>{t('engine.tar')}</th><th>{t('engine.note')}</th></tr></thead>
        <tbody>
          {cal.thresholds.map((th) => {
            const at = c?.atFar.find((a) => a.far === th.far);
            return (
              <tr key={th.far}>
                <td>{percent(th.far)}</td>
                <td>{th.threshold.toFixed(4)}</td>
                <td>{at ? percent(at.tar) : '—'}</td>
                <td>
                  {th.far === cal.defaultFar && <span>{t('policy.farDefault')} </span>}
                  {at && !at.resolvable && <span className="warn">{t('engine.notResolvable', { n: c!.impostor })}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {cal.identification && <IdentificationSection id={cal.identification} />}
      {cal.liveness && <LivenessSection l={cal.liveness} threshold={cal.livenessThreshold} />}
    </section>
  );
}

/**
 * Engine view: the signed-in admin's own face, captured live by their camera, is sent to the engine and drawn with
 * what it found. The server analyses it only if the admin is a consenting, enrolled subject of this tenant and the
 * face is theirs; there is no upload of other photos. The frame stays in this page (an object URL) and in the api's
 * memory for the one call; nothing is stored.
 */
export function Engine({ api }: { api: ConsoleApi }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [photo, setPhoto] = useState<{ url: string } | null>(null);
  const [analysis, setAnalysis] = useState<AnalysisView | null>(null);
  const [busy, setBusy] = useState(false);
  const [landmarks, setLandmarks] = useState(true);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [cal, setCal] = useState<Calibration | null>(null);

  useEffect(() => void api.get<Calibration>('/engine/calibration').then(setCal).catch((e) => setError({ code: 'error', message: e.message })), [api]);
  useEffect(() => () => { if (photo) URL.revokeObjectURL(photo.url); }, [photo]);
  useEffect(() => () => stream?.getTracks().forEach((tr) => tr.stop()), [stream]);

  const startCamera = async () => {
    setError(null);
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
      setStream(s);
      if (video.current) {
        video.current.srcObject = s;
        await video.current.play().catch(() => undefined);
      }
    } catch (e) {
      setError({ code: 'camera', message: t('engine.cameraError', { detail: (e as Error).name || String(e) }) });
    }
  };

  const stopCamera = () => {
    stream?.getTracks().forEach((tr) => tr.stop());
    setStream(null);
  };

  const capture = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    stopCamera();
    canvas.toBlob((blob) => { if (blob) void analyse(blob); }, 'image/jpeg', 0.92);
  };

  const analyse = async (frame: Blob) => {
    setError(null);
    setAnalysis(null);
    setPhoto({ url: URL.createObjectURL(frame) });
    setBusy(true);
    try {
      setAnalysis(await api.upload<AnalysisView>('/engine/analysis', frame));
    } catch (e) {
      setError({ code: e instanceof Problem ? e.code : 'error', message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2>{t('nav.engine')}</h2>
      <p className="reassure">{t('engine.privacy')}</p>
      <div className="card">
        <p>{t('engine.rule')}</p>
        <div className="actions">
          {!stream ? (
            <button className="primary" onClick={startCamera} data-testid="engine-camera">{t('engine.camera')}</button>
          ) : (
            <>
              <button className="primary" onClick={capture}>{t('engine.capture')}</button>
              <button onClick={stopCamera}>{t('portal.selfie.stop')}</button>
            </>
          )}
        </div>
        <div className="viewfinder" hidden={!stream}>
          <video ref={video} playsInline muted aria-label={t('engine.camera')} />
        </div>
        <label className="check">
          <input type="checkbox" checked={landmarks} onChange={() => setLandmarks(!landmarks)} />
          <span>{t('engine.showLandmarks')}</span>
        </label>
        <div aria-live="polite">{busy && <p>{t('engine.analysing')}</p>}</div>
        {error && (
          <div role="alert" className="error" data-testid="engine-refused" data-code={error.code}>
            <p>{error.code === 'self_consent_required' ? t('engine.selfConsentRequired') : t('error', { detail: error.message })}</p>
          </div>
        )}
        {photo && analysis && (
          <div className="engine-result">
            <Overlay url={photo.url} analysis={analysis} landmarks={landmarks} />
            <div>
              <p className="big" data-testid="engine-summary">{t('engine.yourFace', { score: analysis.matchScore.toFixed(3), purpose: analysis.purpose })}</p>
              <p className="muted">{t('engine.imageSize', { width: analysis.width, height: analysis.height, pack: analysis.packId })}</p>
              <FaceList analysis={analysis} />
            </div>
          </div>
        )}
      </div>
      {cal && <CalibrationSection cal={cal} />}
    </>
  );
}
