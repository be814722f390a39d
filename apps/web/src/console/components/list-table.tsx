/** A console list: the table showing a loaded list, and the card it sits in with the load error above. */
import type { ReactNode } from 'react';
import { Alert, Card, Table, type TableProps } from 'antd';
import type { Loaded } from '../../staff-health/use-load.ts';

/** The page's card, with the list's load error (if any) shown above it. */
export function ListCard({ error, children }: { error: string | null; children: ReactNode }) {
  return (
    <>
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      <Card className="fx-card">{children}</Card>
    </>
  );
}

type ListTableProps<T> = Omit<TableProps<T>, 'loading'> & { list: Loaded<T[]> };

/**
 * An antd table over a loaded list: its rows (none until the first load ends) and its spinner, rows
 * keyed by `id` unless `rowKey` says otherwise. Pass `dataSource` to show rows made from the list
 * (filtered, or with further pages appended).
 */
export function ListTable<T extends object>({ list, ...table }: ListTableProps<T>) {
  return <Table<T> rowKey="id" loading={list.loading} dataSource={list.data ?? []} {...table} />;
}
