/** An organisation administrator's day: who reported, who did not, abnormal first; remind the missing; import members. */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Card, ErrorBlock, List, Space, Tag, TextArea } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { checkinApi, checkinKeys, dayExportUrl, joinQrUrl, MEMBERS_TEMPLATE_URL, orgDayQuery, orgQuery, orgStreaksQuery, orgTrendQuery, parseImportText, type ImportOutcome } from '../../shared/checkin/checkin.api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { DayPager, useDayPages } from './day-pager.tsx';
import './checkin.css';

/** The organisation page. */
export function OrgAdminPage() {
  const { t } = useTranslation('checkin');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const org = useQuery(orgQuery(id));
  const approved = org.data?.status === 'approved';
  const pages = useDayPages();
  const day = useQuery({ ...orgDayQuery(id, undefined, pages.after), enabled: approved, placeholderData: (previous) => previous });
  const trend = useQuery({ ...orgTrendQuery(id), enabled: approved });
  const streaks = useQuery({ ...orgStreaksQuery(id), enabled: approved });
  const loadError = useLoadError(org.error ?? day.error);
  const [importText, setImportText] = useState('');
  const [outcomes, setOutcomes] = useState<{ row: number; outcome: ImportOutcome }[] | null>(null);
  const remind = useCitizenAction({
    send: () => checkinApi.remind(id),
    success: (r) => t('admin.reminded', { delivered: r.delivered, missing: r.missing }),
  });
  const importRows = useCitizenAction({
    send: async (text: string) => {
      const rows = parseImportText(text);
      if (rows.length === 0) throw new InputError(t('admin.importHint'));
      return checkinApi.importMembers(id, rows);
    },
    invalidates: [checkinKeys.orgDay],
    onDone: (result) => setOutcomes(result),
  });
  const importFile = useCitizenAction({
    send: (file: File) => checkinApi.importXlsx(id, file),
    invalidates: [checkinKeys.orgDay],
    onDone: (result) => setOutcomes(result),
  });
  if (org.isPending) return <PageLoading />;
  const total = day.data?.total;
  return (
    <MobilePage title={org.data?.name ?? t('admin.title')} back>
      {loadError && <ErrorBlock status="disconnected" title={loadError} description="" />}
      {org.data && !approved && <p className="fx-page-intro">{t('admin.pending')}</p>}
      {org.data?.inviteCode && <p className="fx-page-intro" data-testid="invite-code">{t('admin.inviteCode', { code: org.data.inviteCode })}</p>}
      {org.data && (
        <p className="fx-page-intro">
          <Button size="small" onClick={() => navigate(`/m/checkin/orgs/${id}/settings`)} data-testid="org-settings-link">
            {t('settings.open')}
          </Button>
        </p>
      )}
      {approved && (
        <Card className="fx-card" title={t('admin.joinQr')}>
          <img src={joinQrUrl(id)} alt={t('admin.joinQrAlt', { name: org.data?.name ?? '' })} className="fx-checkin-qr" data-testid="join-qr" width={200} height={200} />
          <p className="fx-page-intro">{t('admin.joinQrHint')}</p>
        </Card>
      )}
      {day.data && total && (
        <Card className="fx-card" title={`${t('admin.title')} · ${day.data.day}`}>
          <p data-testid="org-day-total">{t('admin.total', total)}</p>
          <Space wrap>
            <Button size="small" color="primary" loading={remind.pending} onClick={() => void remind.run()}>
              {t('admin.remind')}
            </Button>
            <a href={dayExportUrl(id, day.data.day)} download data-testid="day-export">
              {t('admin.export')}
            </a>
          </Space>
          <FormError error={remind.error} />
          {day.data.members.length === 0 ? (
            <ErrorBlock status="empty" title={t('admin.empty')} description="" />
          ) : (
            <List data-testid="org-day">
              {day.data.members.map((m) => (
                <List.Item
                  key={m.citizenId}
                  className={m.report?.abnormal ? 'fx-checkin-abnormal' : undefined}
                  description={
                    m.report
                      ? `${m.report.temperature.toFixed(1)} ℃ · ${formatDateTime(m.report.submittedAt)}${m.report.abnormalReasons.length ? ` · ${m.report.abnormalReasons.map((r) => t(`reason.${r}`)).join('、')}` : ''}`
                      : `${m.phone}${m.department ? ` · ${m.department}` : ''}`
                  }
                  extra={
                    m.report ? (
                      <Tag color={m.report.abnormal ? 'danger' : 'success'} fill="solid">
                        {m.report.abnormal ? t('report.abnormal') : t('report.normal')}
                      </Tag>
                    ) : (
                      <Tag color="warning">{t('admin.notReported')}</Tag>
                    )
                  }
                >
                  {m.name}
                  {m.department ? ` · ${m.department}` : ''}
                </List.Item>
              ))}
            </List>
          )}
          <DayPager page={day.data.page} shown={day.data.members.length} pages={pages} />
        </Card>
      )}
      {day.data && day.data.departmentTree.some((d) => d.id !== null) && (
        <Card className="fx-card" title={t('admin.departmentTree')}>
          <List data-testid="org-department-tree">
            {day.data.departmentTree.map((d) => (
              <List.Item key={d.id ?? ''} style={{ paddingLeft: 12 + d.depth * 16 }} extra={d.abnormal > 0 ? <Tag color="danger">{t('report.abnormal')} {d.abnormal}</Tag> : undefined}>
                {d.id ? d.name : t('admin.noDepartment')} · {d.reported}/{d.members}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
      {day.data && day.data.byDepartment.length > 1 && (
        <Card className="fx-card" title={t('admin.byDepartment')}>
          <List data-testid="org-departments">
            {day.data.byDepartment.map((d) => (
              <List.Item key={d.department ?? ''} extra={d.abnormal > 0 ? <Tag color="danger">{t('report.abnormal')} {d.abnormal}</Tag> : undefined}>
                {d.department ?? t('admin.noDepartment')} · {d.reported}/{d.members}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
      {trend.data && (
        <Card className="fx-card" title={t('admin.trend')}>
          <div className="fx-checkin-trend" data-testid="org-trend" role="img" aria-label={t('admin.trend')}>
            {trend.data.days.map((d) => (
              <div key={d.day} className="fx-checkin-bar" title={`${d.day} · ${d.reported}/${trend.data.members} · ${t('report.abnormal')} ${d.abnormal}`}>
                <span style={{ height: `${trend.data.members ? Math.round((d.reported / trend.data.members) * 100) : 0}%` }} className={d.abnormal > 0 ? 'fx-checkin-bar-abnormal' : undefined} />
              </div>
            ))}
          </div>
        </Card>
      )}
      {streaks.data && streaks.data.length > 0 && (
        <Card className="fx-card" title={t('admin.streaks')}>
          <List data-testid="org-streaks">
            {streaks.data.slice(0, 20).map((m) => (
              <List.Item key={m.citizenId} extra={t('admin.streakDays', { n: m.streak })}>
                {m.name}
                {m.department ? ` · ${m.department}` : ''}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
      {approved && (
        <Card className="fx-card" title={t('admin.import')}>
          <TextArea value={importText} onChange={setImportText} rows={4} placeholder={t('admin.importHint')} aria-label={t('admin.import')} />
          <Space>
            <Button size="small" color="primary" loading={importRows.pending} onClick={() => void importRows.run(importText)}>
              {t('admin.importSubmit')}
            </Button>
          </Space>
          <FormError error={importRows.error} />
          <p className="fx-page-intro">
            {t('admin.importXlsx')} <a href={MEMBERS_TEMPLATE_URL} download>{t('admin.template')}</a>
          </p>
          <input
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-label={t('admin.importXlsx')}
            data-testid="import-xlsx"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile.run(file);
              e.target.value = '';
            }}
          />
          <FormError error={importFile.error} />
          {outcomes && (
            <List header={t('admin.importResult')} data-testid="import-result">
              {outcomes.map((o) => (
                <List.Item key={o.row} extra={<Tag color={o.outcome === 'invited' ? 'success' : 'danger'}>{t(`outcome.${o.outcome}`)}</Tag>}>
                  {t('admin.row', { n: o.row })}
                </List.Item>
              ))}
            </List>
          )}
        </Card>
      )}
    </MobilePage>
  );
}
