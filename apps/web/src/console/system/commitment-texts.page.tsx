/**
 * 承诺书文本: the current confidentiality commitment text, and new versions proposed by one
 * city-or-wider administrator and approved by another (maker-checker); a published version makes
 * every account sign again.
 */
import { useState } from 'react';
import { Card, Form, Input, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CommitmentTextProposal, ProposeCommitmentTextRequest } from '@fangxian/contracts/identity';
import { formatDateTime } from '../../shared/format.ts';
import { FormModal } from '../components/form-modal.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { ProposalsCard } from '../components/proposals-card.tsx';
import { commitmentTextsApi, commitmentTextsQuery, systemKeys } from './system.api.ts';

interface TextForm {
  titleZh: string;
  titleEn: string;
  textZh: string;
  textEn: string;
}

/** The commitment text page. */
export function CommitmentTextsPage() {
  const { t, i18n } = useTranslation('console');
  const [proposing, setProposing] = useState(false);
  const texts = useQuery(commitmentTextsQuery());
  const current = texts.data?.current;
  const en = i18n.language === 'en';
  const proposals = { data: texts.data?.proposals, isLoading: texts.isLoading };
  return (
    <PageContainer
      title={t('nav.commitmentTexts')}
      section={t('nav.section.security')}
      description={t('commitmentTexts.description')}
      extra={
        <Space>
          <RefreshButton query={texts} />
          <CreateButton onClick={() => setProposing(true)}>{t('commitmentTexts.propose')}</CreateButton>
        </Space>
      }
    >
      <ProposalsCard<CommitmentTextProposal>
        query={proposals}
        testId="commitment-text-proposals"
        decide={commitmentTextsApi.decide}
        invalidates={[systemKeys.commitmentTexts, systemKeys.commitments]}
        describe={(p) => t('commitmentTexts.change', { version: p.baseVersion + 1, title: en ? p.title.en : p.title.zh })}
      />
      <Card
        className="fx-card"
        loading={texts.isLoading}
        data-testid="commitment-text-current"
        title={current ? `${t('commitmentTexts.current', { version: current.version })} · ${en ? current.title.en : current.title.zh}` : null}
        extra={
          current && (
            <Typography.Text type="secondary">
              {current.publishedAt ? t('commitmentTexts.publishedAt', { time: formatDateTime(current.publishedAt) }) : t('commitmentTexts.firstVersion')}
            </Typography.Text>
          )
        }
      >
        {current && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{en ? current.text.en : current.text.zh}</Typography.Paragraph>}
      </Card>
      {proposing && current && <ProposeModal initial={{ titleZh: current.title.zh, titleEn: current.title.en, textZh: current.text.zh, textEn: current.text.en }} onClose={() => setProposing(false)} />}
    </PageContainer>
  );
}

function ProposeModal({ initial, onClose }: { initial: TextForm; onClose: () => void }) {
  const { t } = useTranslation('console');
  const required = { required: true, whitespace: true, message: t('commitmentTexts.required') };
  const send = (v: TextForm) => {
    const body: ProposeCommitmentTextRequest = { title: { zh: v.titleZh.trim(), en: v.titleEn.trim() }, text: { zh: v.textZh.trim(), en: v.textEn.trim() } };
    return commitmentTextsApi.propose(body);
  };
  return (
    <FormModal<TextForm> width={720} title={t('commitmentTexts.propose')} onClose={onClose} send={send} invalidates={[systemKeys.commitmentTexts]} success={t('commitmentTexts.proposed')} initialValues={initial}>
      <Form.Item name="titleZh" label={t('commitmentTexts.titleZh')} rules={[required, { min: 2, max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="titleEn" label={t('commitmentTexts.titleEn')} rules={[required, { min: 2, max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="textZh" label={t('commitmentTexts.textZh')} rules={[required, { min: 20, max: 10_000 }]}>
        <Input.TextArea rows={8} maxLength={10_000} />
      </Form.Item>
      <Form.Item name="textEn" label={t('commitmentTexts.textEn')} rules={[required, { min: 20, max: 10_000 }]}>
        <Input.TextArea rows={8} maxLength={10_000} />
      </Form.Item>
    </FormModal>
  );
}
