/** "扫一扫": opens the rear camera, reads a venue's place code with jsQR and opens its check-in page. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Button, Popup } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { placeTokenOf } from '../../shared/health/colour.ts';
import { startQrCamera, type CameraProblem } from '../../shared/health/qr-decode.ts';

/** The scanning sheet; closes itself when a place code is read. */
function CameraSheet({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('health');
  const navigate = useNavigate();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<CameraProblem | 'notPlaceCode' | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!video.current) return;
    return startQrCamera(
      video.current,
      (text) => {
        const token = placeTokenOf(text);
        if (!token) return setProblem('notPlaceCode');
        onClose();
        navigate(`/m/scan?c=${encodeURIComponent(token)}`);
      },
      setProblem,
    );
  }, [attempt, navigate, onClose]);

  return (
    <div className="fx-camera" data-testid="camera-sheet">
      <div className="fx-camera-title">{t('camera.title')}</div>
      <div className="fx-camera-view">
        <video ref={video} muted playsInline className="fx-camera-video" />
        <div className="fx-camera-frame" aria-hidden />
      </div>
      <p className={problem ? 'fx-form-error' : 'fx-camera-hint'} role={problem ? 'alert' : undefined}>
        {problem ? t(`camera.${problem}`) : t('camera.hint')}
      </p>
      {problem === 'notPlaceCode' && (
        <Button
          block
          onClick={() => {
            setProblem(null);
            setAttempt((n) => n + 1);
          }}
        >
          {t('scan.again')}
        </Button>
      )}
      <Button block fill="none" onClick={onClose}>
        {t('camera.close')}
      </Button>
    </div>
  );
}

/** A tile that opens the camera sheet. */
export function CameraScanButton({ label, icon, className }: { label: string; icon: ReactNode; className?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)} data-testid="camera-scan-button">
        <span className="fx-service-icon" style={{ background: '#0fa958' }}>{icon}</span>
        <span className="fx-service-title">{label}</span>
      </button>
      <Popup visible={open} onMaskClick={() => setOpen(false)} destroyOnClose bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12 }}>
        {open && <CameraSheet onClose={() => setOpen(false)} />}
      </Popup>
    </>
  );
}
