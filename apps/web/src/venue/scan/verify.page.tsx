/**
 * 扫码验证: venue staff check a citizen's code by camera (getUserMedia + jsQR), by a picture of it
 * (decoded in the browser) or by typing the token; POST /api/health/verify answers and records the visit.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Tabs, Upload } from 'antd';
import { CameraOutlined, InboxOutlined, ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import type { VerifyAnswer } from '../../shared/health/health.types.ts';
import { decodeQrFromFile, startQrCamera, type CameraProblem } from '../../shared/health/qr-decode.ts';
import { useSession } from '../../shared/session/session.tsx';
import { PageContainer, usePageContainerLabels } from '../../staff/page-container.tsx';
import { useAction } from '../../staff/use-action.ts';
import { portalApi, portalKeys } from './portal.api.ts';
import { VerifyResult } from './verify-result.tsx';
import './scan.css';

/** The verification page. */
export function VerifyPage() {
  const { t } = useTranslation('health');
  const labels = usePageContainerLabels('venue');
  const { me } = useSession();
  const [tab, setTab] = useState('upload');
  // The verdict on screen: set by a successful check, cleared by the next attempt, a tap or its timer.
  const [verdict, setVerdict] = useState<{ answer: VerifyAnswer; checkedAt: Date } | null>(null);
  // A check is recorded as a visit of the day: today's list is stale afterwards. A picture without a
  // code is refused here, before any request.
  const verify = useAction({
    send: async (token: string | null) => {
      if (token === null) throw new InputError(t('verify.notFound'));
      return portalApi.verify(token.trim(), me?.venueId);
    },
    invalidates: me?.venueId ? [portalKeys.day(me.venueId)] : [],
    showError: 'inline',
    onDone: (answer) => setVerdict({ answer, checkedAt: new Date() }),
  });
  const latest = useRef(verify);
  useEffect(() => {
    latest.current = verify;
  });
  // Every new attempt first clears the last verdict and error: nothing old is left on screen.
  // (Stable, so the camera is not restarted by a render.)
  const check = useCallback((text: string | null) => {
    setVerdict(null);
    latest.current.reset();
    void latest.current.run(text);
  }, []);
  const dismiss = useCallback(() => setVerdict(null), []);

  return (
    <PageContainer {...labels} title={t('nav.verify')} description={t('verify.intro')}>
      <Card className="fx-card">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'camera', label: <span><CameraOutlined /> {t('verify.camera')}</span>, children: tab === 'camera' && <CameraPane onCode={check} /> },
            { key: 'upload', label: <span><InboxOutlined /> {t('verify.upload')}</span>, children: <UploadPane onCode={check} /> },
            { key: 'typed', label: <span><ScanOutlined /> {t('verify.typed')}</span>, children: <TypedPane busy={verify.pending} onCode={check} /> },
          ]}
        />
      </Card>
      {verify.error && <Alert type="error" showIcon title={verify.error} className="fx-card" data-testid="verify-error" />}
      {verdict && <VerifyResult answer={verdict.answer} checkedAt={verdict.checkedAt} onClose={dismiss} />}
    </PageContainer>
  );
}

function CameraPane({ onCode }: { onCode: (text: string) => void }) {
  const { t } = useTranslation('health');
  const video = useRef<HTMLVideoElement>(null);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<CameraProblem | null>(null);
  useEffect(() => {
    if (!running || !video.current) return;
    setProblem(null);
    return startQrCamera(
      video.current,
      (text) => {
        setRunning(false);
        onCode(text);
      },
      (p) => {
        setProblem(p);
        setRunning(false);
      },
    );
  }, [running, onCode]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div className="fx-verify-camera">
        <video ref={video} muted playsInline />
        {!running && <div className="fx-verify-camera-idle"><CameraOutlined /></div>}
      </div>
      {problem && <Alert type="warning" showIcon title={t(`camera.${problem}`)} />}
      <Button type="primary" size="large" block className="fx-scan-button" onClick={() => setRunning((r) => !r)} icon={<CameraOutlined />} data-testid="verify-camera-button">
        {running ? t('verify.stopCamera') : t('verify.startCamera')}
      </Button>
    </Space>
  );
}

/** Reads the code from a picture in the browser; `onCode(null)` when the picture holds none. */
function UploadPane({ onCode }: { onCode: (text: string | null) => void }) {
  const { t } = useTranslation('health');
  return (
    <div data-testid="verify-upload">
    <Upload.Dragger
      accept="image/*"
      multiple={false}
      showUploadList={false}
      // The picture is read here in the browser; nothing is uploaded to the server but the decoded token.
      beforeUpload={async (file) => {
        onCode(await decodeQrFromFile(file));
        return Upload.LIST_IGNORE;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{t('verify.uploadHint')}</p>
    </Upload.Dragger>
    </div>
  );
}

function TypedPane({ busy, onCode }: { busy: boolean; onCode: (text: string) => void }) {
  const { t } = useTranslation('health');
  const [form] = Form.useForm<{ token: string }>();
  return (
    <Form form={form} layout="inline" onFinish={(v) => onCode(v.token)} style={{ rowGap: 12 }}>
      <Form.Item name="token" rules={[{ required: true, whitespace: true, message: t('verify.tokenRequired') }]} style={{ flex: 1, minWidth: 260 }}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('verify.tokenPlaceholder')} maxLength={2048} data-testid="verify-token" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('verify.check')}
        </Button>
      </Form.Item>
    </Form>
  );
}
