/** A console list: the table showing a list query's rows, and the card it sits in with the load error above. */
import type { ReactNode } from 'react';
import { Alert, Card, Table, type TableProps } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useLoadError } from '../shared/query/use-load-error.ts';

/** The page's card, with the query's load error (if any) shown above it. */
export function ListCard({ query, children }: { query: Pick<UseQueryResult, 'error'>; children: ReactNode }) {
  const error = useLoadError(query.error);
  return (
    <>
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      <Card className="fx-card">{children}</Card>
    </>
  );
}

type ListTableProps<T> = Omit<TableProps<T>, 'loading'> & { query: Pick<UseQueryResult<T[]>, 'data' | 'isLoading'> };

/**
 * An antd table over a list query: its rows (none until the first load ends) and its spinner while
 * the first load runs (later reloads spin the page's refresh button), rows keyed by `id` unless
 * `rowKey` says otherwise. Pass `dataSource` to show rows made from the list (filtered, or paged).
 */
export function ListTable<T extends object>({ query, ...table }: ListTableProps<T>) {
  return <Table<T> rowKey="id" loading={query.isLoading} dataSource={query.data ?? []} {...table} />;
}
