/** Display masking used by every presenter, as deployed in the field. */

/** 张三 → 张*, 欧阳娜娜 → 欧***, John Smith → J*** */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const trimmed = name.trim();
  const chars = [...trimmed];
  if (chars.length === 0) return '';
  // Latin names: a fixed-length mask, so the length does not hint at the name.
  if (/^[\x00-\x7F]+$/.test(trimmed)) return `${chars[0]}***`;
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 510603199001011234 → 5106**********1234; other documents keep their first 2 and last 3 characters. */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '';
  const s = id.trim();
  if (s.length === 18 || s.length === 15) return s.slice(0, 4) + '*'.repeat(s.length - 8) + s.slice(-4);
  if (s.length <= 5) return '*'.repeat(s.length);
  return s.slice(0, 2) + '*'.repeat(s.length - 5) + s.slice(-3);
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  let s = phone.replace(/\D/g, '');
  // +86 / 0086 country prefix on a mainland mobile number: mask the national number.
  if (/^(0086|86)1\d{10}$/.test(s)) s = s.slice(s.length - 11);
  if (s.length < 7) return '*'.repeat(s.length);
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}

/** Keeps the first 6 characters of an address (district level) and hides the rest. */
export function maskAddress(address: string | null | undefined): string {
  if (!address) return '';
  const chars = [...address.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length <= 6) return chars[0] + '*'.repeat(chars.length - 1);
  return chars.slice(0, 6).join('') + '****';
}
