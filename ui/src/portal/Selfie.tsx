import { useEffect, useRef, useState } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { analyse, type Guidance } from './guidance';
import { Problem } from '../common/api';
import type { Enrolled, PortalApi } from './portalApi';

const ANALYSIS_WIDTH = 160;

/** Draws a source scaled down on a scratch canvas and returns the guidance for it. */
function guide(source: CanvasImageSource, w: number, h: number): Guidance {
  const canvas = document.createElement('canvas');
  canvas.width = ANALYSIS_WIDTH;
  canvas.height = Math.max(1, Math.round((h / w) * ANALYSIS_WIDTH));
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return 'noFace';
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  return analyse(ctx.getImageData(0, 0, canvas.width, canvas.height)).guidance;
}

export function Selfie({ api, onDone }: { api: PortalApi; onDone: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [live, setLive] = useState<Guidance | null>(null);
  const [photo, setPhoto] = useState<{ blob: Blob; url: string; guidance: Guidance } | null>(null);
  const [result, setResult] = useState<Enrolled | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => () => stream?.getTracks().forEach((tr) => tr.stop()), [stream]);

  // live guidance while the camera runs
  useEffect(() => {
    if (!stream) return;
    const id = setInterval(() => {
      const v = video.current;
      if (v && v.videoWidth) setLive(guide(v, v.videoWidth, v.videoHeight));
    }, 400);
    return () => clearInterval(id);
  }, [stream]);

  const startCamera = async () => {
    setError(null);
    setMismatch(false);
    setResult(null);
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
      setStream(s);
      if (video.current) {
        video.current.srcObject = s;
        await video.current.play().catch(() => undefined);
      }
    } catch (e) {
      setError(t('portal.selfie.cameraError', { detail: (e as Error).name || String(e) }));
    }
  };

  const stopCamera = () => {
    stream?.getTracks().forEach((tr) => tr.stop());
    setStream(null);
    setLive(null);
  };

  const capture = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    const guidance = guide(v, v.videoWidth, v.videoHeight);
    canvas.toBlob((blob) => {
      if (blob) setPhoto({ blob, url: URL.createObjectURL(blob), guidance });
      stopCamera();
    }, 'image/jpeg', 0.92);
  };

  const chooseFile = (file: File | undefined) => {
    if (!file) return;
    setResult(null);
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => setPhoto({ blob: file, url, guidance: guide(img, img.naturalWidth, img.naturalHeight) });
    img.onerror = () => setPhoto({ blob: file, url, guidance: 'noFace' });
    img.src = url;
  };

  /**
   * A face that does not match the enrolled one is refused (someone else's face must not be added in your name); from
   * a fresh invitation the subject may then replace the enrolled face explicitly.
   */
  const send = async (replaceAll = false) => {
    if (!photo) return;
    setBusy(true);
    setError(null);
    setMismatch(false);
    try {
      setResult(await api.enrol(photo.blob, replaceAll));
      URL.revokeObjectURL(photo.url);
      setPhoto(null);
      onDone();
    } catch (e) {
      setError((e as Error).message);
      setMismatch(e instanceof Problem && e.code === 'face_not_verified');
    } finally {
      setBusy(false);
    }
  };

  const shown = photo?.guidance ?? live;
  return (
    <section className="card selfie">
      <div className="actions">
        {!stream ? (
          <button onClick={startCamera}>{t('portal.selfie.camera')}</button>
        ) : (
          <>
            <button className="primary" onClick={capture}>{t('portal.selfie.capture')}</button>
            <button onClick={stopCamera}>{t('portal.selfie.stop')}</button>
          </>
        )}
        <label className="button">
          {t('portal.selfie.upload')}
          <input type="file" accept="image/jpeg,image/png" className="sr-only" data-testid="selfie-file"
                 onChange={(e) => chooseFile(e.target.files?.[0])} />
        </label>
      </div>
      <div className="viewfinder" hidden={!stream}>
        <video ref={video} playsInline muted aria-label={t('portal.selfie.camera')} />
        <div className="oval" aria-hidden="true" />
      </div>
      {photo && <img className="preview" src={photo.url} alt="" />}
      {shown && (
        <p aria-live="polite" className={`guidance guidance-${shown}`} data-guidance={shown}>
          {t(`guide.${shown}` as Key)}
        </p>
      )}
      {photo && (
        <button className="primary" disabled={busy} onClick={() => send()}>{t('portal.selfie.send')}</button>
      )}
      {error && <p role="alert" className="error" data-testid="enrol-refused">{t('error', { detail: error })}</p>}
      {mismatch && photo && (api.fresh ? (
        <div className="card warning">
          <p>{t('portal.selfie.replaceExplain')}</p>
          <button disabled={busy} onClick={() => send(true)}>{t('portal.selfie.replace')}</button>
        </div>
      ) : <p className="muted">{t('portal.selfie.replaceNeedsInvitation')}</p>)}
      {result && (
        <p className="ok" data-testid="enrolled">
          {t('portal.selfie.enrolled', {
            quality: result.quality.toFixed(2),
            kept: t(result.imageRetained ? 'portal.selfie.kept' : 'portal.selfie.notKept'),
          })}
        </p>
      )}
    </section>
  );
}
