import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { csvRows, detectEncoding, formatOf, xlsxRows } from './screening.readers.ts';
import { commandPostOf, deadlines, dispatchFor, type DispatchRule } from './screening.dispatch.ts';

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};
/** A stream that hands its bytes over in small chunks (a multi-byte character may be cut between two). */
const chunked = (buf: Buffer, size = 7) => Readable.from((function* () {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
})());

describe('list readers', () => {
  const text = '姓名,手机号,现住地\r\n张三,13900000001,"德阳市,旌阳区"\r\n\r\n李四,13900000002,中江县\r\n';

  it('detects UTF-8 (with or without BOM) and GBK, and tells XLSX from CSV', () => {
    expect(detectEncoding(Buffer.from(text))).toBe('utf-8');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe('utf-8');
    expect(detectEncoding(iconv.encode(text, 'gbk'))).toBe('gb18030');
    // A sample that ends inside a character is still UTF-8.
    expect(detectEncoding(Buffer.from(text).subarray(0, 4))).toBe('utf-8');
    expect(formatOf(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('xlsx');
    expect(formatOf(Buffer.from(text))).toBe('csv');
  });

  it('streams CSV rows in any of the encodings with their file line numbers (quoted commas kept, blank lines skipped)', async () => {
    const expected = [
      { line: 1, cells: ['姓名', '手机号', '现住地'] },
      { line: 2, cells: ['张三', '13900000001', '德阳市,旌阳区'] },
      { line: 4, cells: ['李四', '13900000002', '中江县'] },
    ];
    expect(await collect(csvRows(chunked(Buffer.from(text)), 'utf-8'))).toEqual(expected);
    expect(await collect(csvRows(chunked(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), 'utf-8'))).toEqual(expected);
    expect(await collect(csvRows(chunked(iconv.encode(text, 'gbk')), 'gb18030'))).toEqual(expected);
  });

  it('streams the first worksheet of an XLSX with text, numbers and dates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '手机号', '抵达日期']);
    ws.addRow(['张三', 13900000001, new Date(Date.UTC(2020, 0, 25))]);
    ws.addRow([]);
    ws.addRow(['李四', '13900000002', null]);
    wb.addWorksheet('其他').addRow(['不读']);
    const rows = await collect(xlsxRows(Readable.from(Buffer.from(await wb.xlsx.writeBuffer()))));
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(rows[1].cells).toEqual(['张三', 13900000001, new Date(Date.UTC(2020, 0, 25))]);
    expect(rows[2].cells.slice(0, 2)).toEqual(['李四', '13900000002']);
  });
});

describe('dispatch rules', () => {
  const source = { kind: 'province', contactHours: 12, feedbackHours: 24 };
  const rule = (r: Partial<DispatchRule>): DispatchRule => ({ priority: 100, sourceKind: null, divisionPrefix: null, useDivision: 'residence', targetDivision: null, contactHours: null, feedbackHours: null, ...r });

  it('sends a person to the county of their residence (else household) with the source\'s SLA when no rule fits', () => {
    expect(dispatchFor({ residenceDivision: '510603', householdDivision: '510623' }, source, [])).toEqual({ regionCode: '510603', contactHours: 12, feedbackHours: 24 });
    expect(dispatchFor({ residenceDivision: null, householdDivision: '510623' }, source, [])).toMatchObject({ regionCode: '510623' });
    expect(dispatchFor({ residenceDivision: '510603001', householdDivision: null }, source, [])).toMatchObject({ regionCode: '510603' });
    expect(dispatchFor({ residenceDivision: null, householdDivision: null }, source, [])).toBeNull();
    expect(commandPostOf('510600')).toBe('510600');
  });

  it('applies the first fitting rule by priority: source kind, division prefix, household division, a fixed target and SLA', () => {
    const rules = [
      rule({ priority: 5, sourceKind: 'telecom', targetDivision: '510600', contactHours: 2 }),
      rule({ priority: 1, divisionPrefix: '5106', useDivision: 'household', feedbackHours: 48 }),
    ];
    expect(dispatchFor({ residenceDivision: '510603', householdDivision: '510623' }, source, rules)).toEqual({ regionCode: '510623', contactHours: 12, feedbackHours: 48 });
    expect(dispatchFor({ residenceDivision: '420103', householdDivision: '420103' }, { ...source, kind: 'telecom' }, rules)).toEqual({ regionCode: '510600', contactHours: 2, feedbackHours: 24 });
    const at = new Date('2020-01-25T00:00:00Z');
    expect(deadlines(at, { regionCode: 'x', contactHours: 12, feedbackHours: 24 })).toEqual({ contactDueAt: new Date('2020-01-25T12:00:00Z'), feedbackDueAt: new Date('2020-01-26T00:00:00Z') });
  });
});
