/**
 * Generated screening lists (issue 13's scale benchmark): N rows over three sources' CSV files, as the
 * lists of 2020 looked — telecom (phone + division, no ID), police (name, ID, phone, household
 * division), health (name, ID, phone, residence, address, origin, arrival). Realistic noise:
 *
 * - ≈ 20 % of the rows are people another source's file also names (written the way that source
 *   writes them: a 15-digit ID, +86 and dashes in the phone, full-width digits, a bare county name);
 * - ≈ 2 % are bad rows (a wrong ID check character, an impossible birth date, a 7-digit phone, an
 *   unknown division, neither ID nor phone).
 *
 * Deterministic: the same seed and size give the same files. Written by streaming (constant memory).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { DEYANG_COUNTIES, idNumberOf, prng } from './city.ts';

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰春梅海燕鹏飞文博宇欣怡浩然子涵'];
const ORIGINS = ['湖北省武汉市', '湖北省孝感市', '湖北省黄冈市', '浙江省温州市', '广东省深圳市', '重庆市', '北京市朝阳区'];
const STREETS = ['长江路', '泰山路', '岷江路', '庐山路', '黄河路', '珠江路', '天山路', '嵩山路'];

export interface ListFile {
  source: 'telecom' | 'police' | 'health';
  path: string;
  rows: number;
  bytes: number;
}

interface Person {
  name: string;
  id: string;
  phone: string;
  county: { code: string; name: string };
  birth: string;
}

function personOf(k: number, seed: number): Person {
  const rand = prng(seed * 7919 + k);
  const county = DEYANG_COUNTIES[Math.floor(rand() * DEYANG_COUNTIES.length)];
  const year = 1945 + Math.floor(rand() * 65);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  const male = rand() < 0.5;
  const name = SURNAMES[Math.floor(rand() * SURNAMES.length)] + GIVEN[Math.floor(rand() * GIVEN.length)] + (rand() < 0.7 ? GIVEN[Math.floor(rand() * GIVEN.length)] : '');
  // Unique per person: the sequence number and the phone come from k.
  const id = idNumberOf(county.code, `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, k % 500, male);
  const phone = `1${[3, 5, 7, 8, 9][k % 5]}${String(100_000_000 + ((k * 7_654_321) % 900_000_000)).slice(0, 9)}`;
  return { name, id, phone, county, birth };
}

/** The 15-digit form of an 18-digit ID born in the 1900s (the old cards), else the 18 digits. */
function fifteen(id: string): string {
  return id.slice(6, 8) === '19' ? id.slice(0, 6) + id.slice(8, 17) : id;
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

const csv = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';

/** A bad row of a source (one of the reject reasons). */
function badRow(source: ListFile['source'], p: Person, kind: number, reported: string): string[] {
  const wrongCheck = p.id.slice(0, 17) + (p.id[17] === '1' ? '2' : '1');
  const impossible = p.id.slice(0, 10) + '1332' + p.id.slice(14);
  switch (source) {
    case 'telecom':
      return kind % 2 === 0 ? [p.phone.slice(0, 7), p.county.name, reported] : ['', '未知县', reported];
    case 'police':
      return [p.name, kind % 3 === 0 ? wrongCheck : kind % 3 === 1 ? impossible : '', kind % 3 === 2 ? '' : p.phone, p.county.code, reported];
    default:
      return [p.name, kind % 2 === 0 ? wrongCheck : p.id, p.phone, kind % 2 === 0 ? p.county.name : '火星县', '', '', '2020-01-24', reported];
  }
}

const HEADERS: Record<ListFile['source'], string[]> = {
  telecom: ['手机号', '现住地', '信令时间'],
  police: ['姓名', '身份证号', '手机号', '户籍地', '报告时间'],
  health: ['姓名', '身份证号', '联系电话', '现住地', '现住址', '来源地', '抵达日期', '报告时间'],
};

function goodRow(source: ListFile['source'], p: Person, rand: () => number, reported: string, variant: boolean): string[] {
  switch (source) {
    case 'telecom':
      return [variant ? `+86 ${p.phone.slice(0, 3)}-${p.phone.slice(3, 7)}-${p.phone.slice(7)}` : p.phone, variant ? `德阳${p.county.name}` : p.county.code, reported];
    case 'police':
      return [p.name, variant ? fifteen(p.id) : p.id, p.phone, p.county.code, reported];
    default:
      return [
        variant ? ` ${p.name} ` : p.name,
        variant ? FULL_WIDTH(p.id) : p.id,
        variant ? `0086-${p.phone}` : p.phone,
        variant ? `四川省德阳市${p.county.name}` : p.county.name,
        `${STREETS[Math.floor(rand() * STREETS.length)]}${1 + Math.floor(rand() * 300)}号`,
        ORIGINS[Math.floor(rand() * ORIGINS.length)],
        `2020-01-${String(18 + Math.floor(rand() * 8)).padStart(2, '0')}`,
        reported,
      ];
  }
}

/**
 * Writes three lists of `rows` rows in total (40 % telecom, 30 % police, 30 % health) into `dir`.
 * Each source's rows are mostly its own people; ≈ 20 % of all rows repeat a person of an earlier file.
 */
export async function writeLists(dir: string, rows: number, seed = 13): Promise<ListFile[]> {
  const shares: [ListFile['source'], number][] = [['telecom', 0.4], ['police', 0.3], ['health', 0.3]];
  const files: ListFile[] = [];
  let nextPerson = 0;
  const duplicateShare = 0.2 / (1 - 0.4); // the telecom file is first: the other two carry all the repeats
  for (const [source, share] of shares) {
    const n = Math.round(rows * share);
    const path = join(dir, `${source}.csv`);
    const out = createWriteStream(path);
    const rand = prng(seed * 31 + files.length);
    let bytes = 0;
    const write = async (line: string) => {
      bytes += Buffer.byteLength(line);
      if (!out.write(line)) await once(out, 'drain');
    };
    await write(csv(HEADERS[source]));
    const firstOfFile = nextPerson;
    for (let i = 0; i < n; i++) {
      const minutes = Math.floor((i / n) * 6 * 24 * 60);
      const reported = new Date(Date.UTC(2020, 0, 20, 0, minutes)).toISOString().slice(0, 16).replace('T', ' ');
      const repeat = source !== 'telecom' && firstOfFile > 0 && rand() < duplicateShare;
      const k = repeat ? Math.floor(rand() * firstOfFile) : nextPerson++;
      const p = personOf(k, seed);
      const cells = rand() < 0.02 ? badRow(source, p, i, reported) : goodRow(source, p, rand, reported, rand() < 0.3);
      await write(csv(cells));
    }
    out.end();
    await once(out, 'finish');
    files.push({ source, path, rows: n, bytes });
  }
  return files;
}

if (import.meta.main) {
  const [dir = '.', n = '1000'] = process.argv.slice(2);
  const files = await writeLists(dir, Number(n));
  console.log(JSON.stringify(files, null, 2));
}
