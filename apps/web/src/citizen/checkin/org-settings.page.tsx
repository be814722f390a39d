/** An organisation administrator's settings: the daily window and deadline, the reminder, the extra fields; the department tree; members' departments and roles. */
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, Dialog, ErrorBlock, Input, List, Selector, Space, Switch, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { checkinApi, checkinKeys, departmentsQuery, EXTRA_FIELD_TYPES, orgDayQuery, orgQuery } from '../../shared/checkin/checkin.api.ts';
import { draftOf, settingsOf, type FieldDraft } from '../../shared/checkin/org-settings.ts';
import { deletable, hasSubDepartments, memberTargets, parentChoices } from '../../shared/checkin/department-tree.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { DayPager, useDayPages } from './day-pager.tsx';
import { DepartmentSelect } from './department-select.tsx';
import './checkin.css';

/** The settings page. */
export function OrgSettingsPage() {
  const { t } = useTranslation('checkin');
  const { id = '' } = useParams();
  const org = useQuery(orgQuery(id));
  const approved = org.data?.status === 'approved';
  const departments = useQuery({ ...departmentsQuery(id), enabled: approved });
  const pages = useDayPages();
  // The member list's filter: '' every member, 'none' those in no node, or a node's id.
  const [filter, setFilter] = useState('');
  const day = useQuery({ ...orgDayQuery(id, undefined, pages.after, filter || undefined), enabled: approved, placeholderData: (previous) => previous });
  const loadError = useLoadError(org.error ?? departments.error ?? day.error);
  const [windowStart, setWindowStart] = useState('');
  const [deadline, setDeadline] = useState('');
  const [remind, setRemind] = useState('');
  const [drafts, setDrafts] = useState<FieldDraft[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [deptName, setDeptName] = useState('');
  const [deptParent, setDeptParent] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [editName, setEditName] = useState('');
  const [editParent, setEditParent] = useState('');
  // Where the edited node's members go when it is deleted ('' is no node).
  const [membersTo, setMembersTo] = useState('');
  // Members ticked for a bulk move (on the page shown), or every member matching the filter, and where they go.
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [moveTarget, setMoveTarget] = useState('');
  useEffect(() => {
    if (org.data && !loaded) {
      setWindowStart(org.data.windowStart);
      setDeadline(org.data.deadline);
      setRemind(String(org.data.remindBeforeMinutes));
      setDrafts(org.data.extraFields.map(draftOf));
      setLoaded(true);
    }
  }, [org.data, loaded]);

  const save = useCitizenAction({
    send: async () => {
      const out = settingsOf(windowStart, deadline, remind, drafts);
      if ('problem' in out) throw new InputError(t(`settings.problem.${out.problem}`, { n: out.n }));
      return checkinApi.updateSettings(id, out.settings);
    },
    invalidates: [checkinKeys.org, checkinKeys.today],
    success: t('settings.saved'),
  });
  const addDepartment = useCitizenAction({
    send: async () => {
      if (!deptName.trim()) throw new InputError(t('departments.nameRequired'));
      return checkinApi.addDepartment(id, deptName.trim(), deptParent || null);
    },
    invalidates: [checkinKeys.departments, checkinKeys.orgDay],
    success: t('departments.added'),
    onDone: () => setDeptName(''),
  });
  const updateDepartment = useCitizenAction({
    send: async () => {
      const node = (departments.data ?? []).find((d) => d.id === editing);
      if (!node) return null;
      if (!editName.trim()) throw new InputError(t('departments.nameRequired'));
      const parentId = editParent || null;
      const change = { ...(editName.trim() !== node.name ? { name: editName.trim() } : {}), ...(parentId !== node.parentId ? { parentId } : {}) };
      return Object.keys(change).length > 0 ? checkinApi.updateDepartment(id, node.id, change) : null;
    },
    invalidates: [checkinKeys.departments, checkinKeys.orgDay],
    success: t('departments.saved'),
    onDone: () => setEditing(null),
  });
  const deleteDepartment = useCitizenAction({
    send: (v: { departmentId: string; moveMembersTo?: string | null }) => checkinApi.deleteDepartment(id, v.departmentId, v.moveMembersTo),
    invalidates: [checkinKeys.departments, checkinKeys.orgDay],
    success: t('departments.deleted'),
    onDone: () => setEditing(null),
  });
  const updateMember = useCitizenAction({
    send: (v: { citizenId: string; departmentId?: string | null; role?: 'admin' | 'member' }) => checkinApi.updateMember(id, v.citizenId, { ...(v.departmentId !== undefined ? { departmentId: v.departmentId } : {}), ...(v.role ? { role: v.role } : {}) }),
    invalidates: [checkinKeys.orgDay, checkinKeys.myOrgs],
    success: t('members.saved'),
  });

  const moveMembers = useCitizenAction({
    send: async () => {
      if (selected.size === 0) throw new InputError(t('members.selectFirst'));
      return checkinApi.moveMembers(id, [...selected], moveTarget || null);
    },
    invalidates: [checkinKeys.orgDay, checkinKeys.departments, checkinKeys.myOrgs],
    success: (r) => t('members.moved', { n: r.moved }),
    onDone: () => setSelected(new Set()),
  });
  // "全选 N 人": the server moves every member matching the filter, exactly the N confirmed, or nobody.
  const moveMatching = useCitizenAction({
    send: (n: number) => checkinApi.moveMatchingMembers(id, filter ? { departmentId: filter } : {}, moveTarget || null, n),
    invalidates: [checkinKeys.orgDay, checkinKeys.departments, checkinKeys.myOrgs],
    success: (r) => t('members.moved', { n: r.moved }),
    onDone: () => {
      setAllMatching(false);
      pages.reset();
    },
  });
  const changeFilter = (value: string) => {
    setFilter(value);
    setSelected(new Set());
    setAllMatching(false);
    pages.reset();
  };

  if (org.isPending) return <PageLoading />;
  const setDraft = (i: number, change: Partial<FieldDraft>) => setDrafts((ds) => ds.map((d, j) => (j === i ? { ...d, ...change } : d)));
  const tree = departments.data ?? [];
  const editingNode = editing ? tree.find((d) => d.id === editing) : undefined;
  // How many members match the list's filter (every page), for "全选 N 人".
  const matching = day.data?.page?.count ?? 0;
  return (
    <MobilePage title={t('settings.title')} back>
      {loadError && <ErrorBlock status="disconnected" title={loadError} description="" />}
      {org.data && !approved && <p className="fx-page-intro">{t('admin.pending')}</p>}
      {org.data && (
        <Card className="fx-card" title={t('settings.daily')}>
          <List data-testid="org-settings">
            <List.Item title={t('settings.windowStart')}>
              <Input value={windowStart} onChange={setWindowStart} maxLength={5} placeholder="06:00" aria-label={t('settings.windowStart')} />
            </List.Item>
            <List.Item title={t('settings.deadline')}>
              <Input value={deadline} onChange={setDeadline} maxLength={5} placeholder="10:00" aria-label={t('settings.deadline')} />
            </List.Item>
            <List.Item title={t('settings.remindBefore')} description={t('settings.remindHint')}>
              <Input value={remind} onChange={setRemind} inputMode="numeric" maxLength={3} aria-label={t('settings.remindBefore')} />
            </List.Item>
          </List>
          <h3 className="fx-checkin-subtitle">{t('settings.extraFields')}</h3>
          <p className="fx-page-intro">{t('settings.extraHint')}</p>
          {drafts.map((d, i) => (
            <Card key={i} className="fx-checkin-field" data-testid="extra-field-editor">
              <List>
                <List.Item title={t('settings.field.key')}>
                  <Input value={d.key} onChange={(key) => setDraft(i, { key })} maxLength={32} placeholder="vaccinated" aria-label={`${t('settings.field.key')} ${i + 1}`} />
                </List.Item>
                <List.Item title={t('settings.field.labelZh')}>
                  <Input value={d.zh} onChange={(zh) => setDraft(i, { zh })} maxLength={60} aria-label={`${t('settings.field.labelZh')} ${i + 1}`} />
                </List.Item>
                <List.Item title={t('settings.field.labelEn')}>
                  <Input value={d.en} onChange={(en) => setDraft(i, { en })} maxLength={80} aria-label={`${t('settings.field.labelEn')} ${i + 1}`} />
                </List.Item>
                <List.Item title={t('settings.field.type')}>
                  <Selector
                    columns={4}
                    value={[d.type]}
                    onChange={(v) => v[0] && setDraft(i, { type: v[0] })}
                    options={EXTRA_FIELD_TYPES.map((type) => ({ value: type, label: t(`settings.type.${type}`) }))}
                  />
                </List.Item>
                {d.type === 'choice' && (
                  <List.Item title={t('settings.field.options')} description={t('settings.field.optionsHint')}>
                    <Input value={d.options} onChange={(options) => setDraft(i, { options })} maxLength={500} aria-label={`${t('settings.field.options')} ${i + 1}`} />
                  </List.Item>
                )}
                {d.type === 'number' && (
                  <List.Item title={t('settings.field.range')}>
                    <Space>
                      <Input value={d.min} onChange={(min) => setDraft(i, { min })} inputMode="decimal" placeholder={t('settings.field.min')} aria-label={`${t('settings.field.min')} ${i + 1}`} />
                      <Input value={d.max} onChange={(max) => setDraft(i, { max })} inputMode="decimal" placeholder={t('settings.field.max')} aria-label={`${t('settings.field.max')} ${i + 1}`} />
                    </Space>
                  </List.Item>
                )}
                <List.Item
                  extra={<Switch checked={d.required} onChange={(required) => setDraft(i, { required })} aria-label={`${t('settings.field.required')} ${i + 1}`} />}
                >
                  {t('settings.field.required')}
                </List.Item>
              </List>
              <Button size="mini" color="danger" fill="outline" onClick={() => setDrafts((ds) => ds.filter((_, j) => j !== i))}>
                {t('settings.field.remove')}
              </Button>
            </Card>
          ))}
          <Space wrap>
            <Button
              size="small"
              disabled={drafts.length >= 10}
              onClick={() => setDrafts((ds) => [...ds, { key: '', zh: '', en: '', type: 'text', required: false, options: '', min: '', max: '' }])}
            >
              {t('settings.field.add')}
            </Button>
            <Button size="small" color="primary" loading={save.pending} onClick={() => void save.run()} data-testid="save-settings">
              {t('settings.save')}
            </Button>
          </Space>
          <FormError error={save.error} />
        </Card>
      )}
      {approved && (
        <Card className="fx-card" title={t('departments.title')}>
          {tree.length === 0 ? (
            <p className="fx-page-intro">{t('departments.empty')}</p>
          ) : (
            <List data-testid="department-tree">
              {tree.map((d) => (
                <List.Item
                  key={d.id}
                  style={{ paddingLeft: 12 + d.depth * 16 }}
                  description={t('departments.memberCount', { n: d.members ?? 0 })}
                  extra={
                    <Button
                      size="mini"
                      aria-label={`${t('departments.edit')} ${d.name}`}
                      onClick={() => {
                        setEditing(d.id);
                        setEditName(d.name);
                        setEditParent(d.parentId ?? '');
                        setMembersTo('');
                      }}
                    >
                      {t('departments.edit')}
                    </Button>
                  }
                >
                  {d.name}
                </List.Item>
              ))}
            </List>
          )}
          {editingNode && (
            <div className="fx-checkin-department-editor" data-testid="department-editor">
              <List header={t('departments.editTitle', { name: editingNode.name })}>
                <List.Item title={t('departments.name')}>
                  <Input value={editName} onChange={setEditName} maxLength={60} aria-label={t('departments.editTitle', { name: editingNode.name })} />
                </List.Item>
                <List.Item title={t('departments.moveTo')}>
                  <DepartmentSelect value={editParent} onChange={setEditParent} nodes={parentChoices(tree, editingNode.id)} first={[{ value: '', label: t('departments.root') }]} label={t('departments.moveTo')} />
                </List.Item>
              </List>
              {hasSubDepartments(tree, editingNode.id) && <p className="fx-page-intro">{t('departments.hasSubDepartments')}</p>}
              {!hasSubDepartments(tree, editingNode.id) && (editingNode.members ?? 0) > 0 && (
                <List>
                  <List.Item title={t('departments.membersGoTo')}>
                    <DepartmentSelect
                      value={membersTo}
                      onChange={setMembersTo}
                      nodes={memberTargets(tree, editingNode.id)}
                      first={[{ value: '', label: t('admin.noDepartment') }]}
                      label={t('departments.membersGoTo')}
                    />
                  </List.Item>
                </List>
              )}
              <Space wrap>
                <Button size="small" color="primary" loading={updateDepartment.pending} onClick={() => void updateDepartment.run()}>
                  {t('departments.save')}
                </Button>
                {deletable(tree, editingNode.id) || hasSubDepartments(tree, editingNode.id) ? (
                  <Button
                    size="small"
                    color="danger"
                    fill="outline"
                    disabled={!deletable(tree, editingNode.id)}
                    loading={deleteDepartment.pending}
                    onClick={() => void Dialog.confirm({ content: t('departments.deleteConfirm', { name: editingNode.name }) }).then((ok) => ok && deleteDepartment.run({ departmentId: editingNode.id }))}
                  >
                    {t('departments.delete')}
                  </Button>
                ) : (
                  <Button
                    size="small"
                    color="danger"
                    fill="outline"
                    loading={deleteDepartment.pending}
                    onClick={() =>
                      void Dialog.confirm({
                        content: t('departments.deleteWithMembersConfirm', {
                          name: editingNode.name,
                          n: editingNode.members ?? 0,
                          to: tree.find((d) => d.id === membersTo)?.name ?? t('admin.noDepartment'),
                        }),
                      }).then((ok) => ok && deleteDepartment.run({ departmentId: editingNode.id, moveMembersTo: membersTo || null }))
                    }
                  >
                    {t('departments.deleteWithMembers', { n: editingNode.members ?? 0 })}
                  </Button>
                )}
                <Button size="small" onClick={() => setEditing(null)}>
                  {t('departments.cancel')}
                </Button>
              </Space>
              <FormError error={updateDepartment.error ?? deleteDepartment.error} />
            </div>
          )}
          <List>
            <List.Item title={t('departments.name')}>
              <Input value={deptName} onChange={setDeptName} maxLength={60} aria-label={t('departments.name')} />
            </List.Item>
            <List.Item title={t('departments.parent')}>
              <DepartmentSelect value={deptParent} onChange={setDeptParent} nodes={tree} first={[{ value: '', label: t('departments.root') }]} label={t('departments.parent')} />
            </List.Item>
          </List>
          <Button size="small" color="primary" loading={addDepartment.pending} onClick={() => void addDepartment.run()}>
            {t('departments.add')}
          </Button>
          <FormError error={addDepartment.error} />
        </Card>
      )}
      {approved && day.data && (
        <Card className="fx-card" title={t('members.title')}>
          <p className="fx-page-intro">{t('members.intro')}</p>
          <div className="fx-checkin-bulk-move">
            <DepartmentSelect
              value={filter}
              onChange={changeFilter}
              nodes={tree}
              first={[
                { value: '', label: t('members.filterAll') },
                { value: 'none', label: t('admin.noDepartment') },
              ]}
              label={t('members.filter')}
            />
          </div>
          <List data-testid="org-members">
            {day.data.members.map((m) => (
              <List.Item
                key={m.citizenId}
                description={
                  <DepartmentSelect
                    value={m.departmentId ?? ''}
                    onChange={(v) => void updateMember.run({ citizenId: m.citizenId, departmentId: v || null })}
                    nodes={tree}
                    first={[{ value: '', label: t('admin.noDepartment') }]}
                    label={t('members.department', { name: m.name })}
                  />
                }
                extra={
                  <Button
                    size="mini"
                    onClick={() =>
                      void Dialog.confirm({ content: m.role === 'admin' ? t('members.demoteConfirm', { name: m.name }) : t('members.promoteConfirm', { name: m.name }) }).then(
                        (ok) => ok && updateMember.run({ citizenId: m.citizenId, role: m.role === 'admin' ? 'member' : 'admin' }),
                      )
                    }
                  >
                    {m.role === 'admin' ? t('members.demote') : t('members.promote')}
                  </Button>
                }
                prefix={
                  <input
                    type="checkbox"
                    className="fx-checkin-check"
                    checked={allMatching || selected.has(m.citizenId)}
                    disabled={allMatching}
                    aria-label={t('members.select', { name: m.name })}
                    onChange={(e) =>
                      setSelected((s) => {
                        const next = new Set(s);
                        if (e.target.checked) next.add(m.citizenId);
                        else next.delete(m.citizenId);
                        return next;
                      })
                    }
                  />
                }
              >
                {m.name} <Tag color={m.role === 'admin' ? 'primary' : 'default'}>{t(`role.${m.role}`)}</Tag>
              </List.Item>
            ))}
          </List>
          <DayPager page={day.data.page} shown={day.data.members.length} pages={pages} />
          <div className="fx-checkin-bulk-move" data-testid="bulk-move">
            <span>{allMatching ? t('members.selectedAll', { n: matching }) : t('members.selected', { n: selected.size })}</span>
            {matching > 0 && (
              <Button
                size="mini"
                onClick={() => {
                  setAllMatching((a) => !a);
                  setSelected(new Set());
                }}
              >
                {allMatching ? t('members.clearAll') : t('members.selectAll', { n: matching })}
              </Button>
            )}
            <DepartmentSelect value={moveTarget} onChange={setMoveTarget} nodes={tree} first={[{ value: '', label: t('admin.noDepartment') }]} label={t('members.moveTo')} />
            <Button
              size="small"
              color="primary"
              disabled={!allMatching && selected.size === 0}
              loading={moveMembers.pending || moveMatching.pending}
              onClick={() =>
                allMatching
                  ? void Dialog.confirm({
                      content: t('members.moveAllConfirm', { n: matching, to: tree.find((d) => d.id === moveTarget)?.name ?? t('admin.noDepartment') }),
                    }).then((ok) => ok && moveMatching.run(matching))
                  : void moveMembers.run()
              }
            >
              {t('members.moveSelected')}
            </Button>
          </div>
          <FormError error={updateMember.error ?? moveMembers.error ?? moveMatching.error} />
        </Card>
      )}
    </MobilePage>
  );
}
