/** Made-up but valid identities for benchmark citizens (not a scenario: exports no `scenario`). */

/** A mainland mobile number for bench citizen i (13900xxxxxx range). */
export function benchPhone(i: number): string {
  return `13900${String(100000 + i).slice(-6)}`;
}

/** A GB 11643 resident ID under 510603 for bench citizen i, with its check character (distinct for every i < 12 million). */
export function benchIdNumber(i: number): string {
  const seq = 100 + (i % 899);
  const d = Math.floor(i / 899); // birth day: 28 days × 12 months × 40 years from 1970
  const birth = `${1970 + Math.floor(d / 336)}${String(1 + (Math.floor(d / 28) % 12)).padStart(2, '0')}${String(1 + (d % 28)).padStart(2, '0')}`;
  const body = `510603${birth}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, k) => s + Number(d) * weights[k], 0);
  return body + '10X98765432'[sum % 11];
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平'];

/** A Chinese name for bench citizen i (names are validated as names: no digits). */
export function benchName(i: number): string {
  return SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + GIVEN[(i * 7) % GIVEN.length];
}
