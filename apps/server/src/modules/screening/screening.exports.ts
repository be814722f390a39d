import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { REJECT_REASON_TEXT, type RejectReason } from './screening.normalise.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { maskIdNumber, maskName, maskPhone } from '../../platform/crypto/masking.ts';
import { divisionFullName } from '../../platform/divisions/index.ts';
import * as repo from './screening.repository.ts';
import type { ScreeningFigures } from '@fangxian/contracts/screening';

/**
 * Streamed XLSX downloads: rows are fetched a page at a time and written through ExcelJS's streaming
 * writer (each row committed as it is written), so an export of any length holds one page in memory.
 */

const PAGE = 2000;

/** An XLSX stream of one sheet, filled from `pages` (each page an array of rows; an empty page ends it). */
export function xlsxStream(sheetName: string, headers: string[], pages: () => AsyncGenerator<unknown[][]>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  (async () => {
    sheet.addRow(headers).commit();
    for await (const page of pages()) {
      for (const row of page) sheet.addRow(row).commit();
      // Let the response drain before the next page.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err) => out.destroy(err));
  return out;
}

/** The rejected rows of an import: row number, reason (Chinese and English) and the row as it was given. */
export function rejectedRowsXlsx(ctx: AppContext, importId: string): Readable {
  return xlsxStream('rejected', ['行号 line', '原因 reason', 'reason code', '原始内容 row'], async function* () {
    let after = 0;
    for (;;) {
      const page = await repo.rejectedRowsPage(ctx.db, importId, after, PAGE);
      if (page.length === 0) return;
      after = page[page.length - 1].line;
      yield page.map((r) => {
        const text = REJECT_REASON_TEXT[r.reason as RejectReason];
        const cells = JSON.parse(ctx.cipher.decrypt(r.rawCipher)) as unknown[];
        return [r.line, text ? `${text.zh} / ${text.en}` : r.reason, r.reason, ...cells.map((c) => (c === null || c === undefined ? '' : String(c)))];
      });
    }
  });
}

/** Persons reported by A and not B (masked): for following up why the other list misses them. */
export function onlyInFirstXlsx(ctx: AppContext, a: string, b: string, regionPrefix: string): Readable {
  return xlsxStream('only-in-a', ['人员 id', '姓名 name', '证件号 ID', '手机 phone', '现住地 residence', '首报时间 first reported by A'], async function* () {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await repo.onlyInFirstPage(ctx.db, a, b, regionPrefix, after, PAGE);
      if (page.length === 0) return;
      after = page[page.length - 1].id;
      yield page.map((p) => personCells(ctx.cipher, p).concat([p.aAt.toISOString()]));
    }
  });
}

function personCells(cipher: FieldCipher, p: repo.PersonRow): unknown[] {
  return [
    p.id,
    maskName(cipher.decrypt(p.nameCipher)),
    maskIdNumber(cipher.decrypt(p.documentNumberCipher)),
    maskPhone(cipher.decrypt(p.phoneCipher)),
    p.residenceDivision ? divisionFullName(p.residenceDivision) : '',
  ];
}

/** The task list as the officer filtered it (masked), a page at a time. */
export function tasksXlsx(ctx: AppContext, filter: Omit<repo.TaskFilter, 'limit' | 'before'>): Readable {
  const headers = ['任务 id', '姓名 name', '证件号 ID', '手机 phone', '现住地 residence', '指挥部 command post', '任务状态 task', '人员状态 person', '下发 dispatched', '联系时限 contact due', '反馈时限 feedback due', '已联系 contacted', '已反馈 fed back', '上报至 escalated to', '销号 closed'];
  const iso = (d: Date | null) => (d ? d.toISOString() : '');
  return xlsxStream('tasks', headers, async function* () {
    let before: repo.Cursor | null = null;
    for (;;) {
      const page = await repo.listTasks(ctx.db, { ...filter, limit: PAGE, before });
      if (page.length === 0) return;
      const last = page[page.length - 1].task;
      before = { at: last.dispatchedAt, id: last.id };
      yield page.map(({ task, person }) => [
        task.id,
        ...personCells(ctx.cipher, person).slice(1),
        divisionFullName(task.regionCode) || task.regionCode,
        task.status,
        person.status,
        iso(task.dispatchedAt),
        iso(task.contactDueAt),
        iso(task.feedbackDueAt),
        iso(task.contactedAt),
        iso(task.feedbackAt),
        task.escalatedTo ?? '',
        iso(task.closedAt),
      ]);
      if (page.length < PAGE) return;
    }
  });
}

/** The dashboard figures (aggregates, no personal data) as one sheet, with the totals last. */
export function figuresXlsx(figures: ScreeningFigures): Readable {
  const head = { county: '区县 county', source: '来源 source', day: '日期 day' }[figures.by];
  return xlsxStream(`by-${figures.by}`, [head, '名称 name', '接收 received', '下发 dispatched', '已联系 reached', '隔离中 in quarantine', '超时 overdue', '已销号 closed'], async function* () {
    yield figures.rows.map((r) => [r.key, r.label ?? '', r.received, r.dispatched, r.reached, r.quarantined, r.overdue, r.closed]);
    const t = figures.totals;
    yield [['合计 total', '', t.received, t.dispatched, t.reached, t.quarantined, t.overdue, t.closed]];
  });
}
