/**
 * The checks of `promtool check metrics` (Prometheus' promlint) that apply to our exposition, for the
 * tests: promtool itself is a Go binary we do not ship. Parses the text format and answers one message
 * per problem ([] when clean):
 * - format: a TYPE and a HELP line at most once per family, before its samples; a sample belongs to
 *   a declared family; valid metric and label names; numeric values;
 * - promlint: counters end in `_total`, and nothing else does; `_count`/`_sum`/`_bucket` only on
 *   histograms and summaries; histogram buckets carry `le`; every family has HELP text; snake_case
 *   names without the type in them; base units, no abbreviations (`_ms`, `_sec`, …).
 */

type Kind = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Family {
  name: string;
  type: Kind;
  help: string | null;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const NON_BASE_UNITS = ['_milliseconds', '_microseconds', '_nanoseconds', '_minutes', '_hours', '_days', '_kilobytes', '_megabytes', '_gigabytes', '_bits', '_percent', '_celsius', '_fahrenheit'];
// promlint's list (unitAbbreviations).
const ABBREVIATIONS = ['_s', '_ms', '_us', '_ns', '_sec', '_b', '_kb', '_mb', '_gb', '_tb', '_pb', '_m', '_h', '_d'];

/** The family a sample name belongs to (histogram and summary samples carry suffixes). */
function familyOf(sample: string, families: Map<string, Family>): Family | undefined {
  const exact = families.get(sample);
  if (exact) return exact;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sample.endsWith(suffix)) continue;
    const f = families.get(sample.slice(0, -suffix.length));
    if (f && (f.type === 'histogram' || f.type === 'summary') && (suffix !== '_bucket' || f.type === 'histogram')) return f;
  }
  return undefined;
}

function parseLabels(text: string, problems: string[], line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const re = /\s*([^=\s,]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) {
      problems.push(`unparsable labels: ${line}`);
      return labels;
    }
    if (!LABEL.test(m[1]) || m[1].startsWith('__')) problems.push(`invalid label name "${m[1]}": ${line}`);
    if (m[1] in labels) problems.push(`duplicate label "${m[1]}": ${line}`);
    labels[m[1]] = m[2];
    at = re.lastIndex;
  }
  return labels;
}

/** Parses the exposition into families (in order), collecting format problems. */
export function parseExposition(text: string, problems: string[] = []): Map<string, Family> {
  const families = new Map<string, Family>();
  const sampled = new Set<string>();
  const get = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: 'untyped', help: null, samples: [] }));
    return f;
  };
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (meta) {
      const [, what, name, rest = ''] = meta;
      if (!NAME.test(name)) problems.push(`invalid metric name "${name}"`);
      if (sampled.has(name)) problems.push(`${what} line for ${name} after its samples`);
      const f = get(name);
      if (what === 'TYPE') {
        if (typed.has(name)) problems.push(`second TYPE line for ${name}`);
        typed.add(name);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest.trim())) problems.push(`unknown type "${rest}" of ${name}`);
        f.type = rest.trim() as Kind;
      } else {
        if (f.help !== null) problems.push(`second HELP line for ${name}`);
        f.help = rest;
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([^{\s]+)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (!m) {
      problems.push(`unparsable sample: ${line}`);
      continue;
    }
    const [, name, labelText = '', raw] = m;
    if (!NAME.test(name)) problems.push(`invalid metric name "${name}"`);
    // Go's ParseFloat, as Prometheus reads values: NaN and ±Inf in any letter case.
    const special: Record<string, number> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity };
    const value = raw.toLowerCase() in special ? special[raw.toLowerCase()] : Number(raw);
    if (Number.isNaN(value) && raw.toLowerCase() !== 'nan') problems.push(`non-numeric value: ${line}`);
    const f = familyOf(name, families);
    if (!f) {
      problems.push(`sample ${name} has no TYPE line (family not declared)`);
      continue;
    }
    sampled.add(f.name);
    f.samples.push({ name, labels: parseLabels(labelText, problems, line), value });
  }
  return families;
}

/** Every problem promtool would report for this exposition (format errors and lint findings). */
export function lintExposition(text: string): string[] {
  const problems: string[] = [];
  const families = parseExposition(text, problems);
  for (const f of families.values()) {
    const n = f.name;
    if (!f.help?.trim()) problems.push(`${n}: no help text`);
    if (f.type === 'counter' && !n.endsWith('_total')) problems.push(`${n}: counter metrics should have "_total" suffix`);
    if (f.type !== 'counter' && n.endsWith('_total')) problems.push(`${n}: non-counter metrics should not have "_total" suffix`);
    if (f.type !== 'histogram' && f.type !== 'summary') {
      for (const suffix of ['_count', '_sum', '_bucket']) if (n.endsWith(suffix)) problems.push(`${n}: non-histogram and non-summary metrics should not have "${suffix}" suffix`);
    }
    if (f.type === 'histogram') {
      for (const s of f.samples) if (s.name.endsWith('_bucket') && !('le' in s.labels)) problems.push(`${n}: histogram bucket without "le"`);
    } else {
      for (const s of f.samples) if ('le' in s.labels && f.type !== 'summary') problems.push(`${n}: "le" label on a ${f.type}`);
    }
    if (/[A-Z]/.test(n)) problems.push(`${n}: metric names should be written in 'snake_case' not 'camelCase'`);
    if (f.type !== 'untyped' && (n.includes(`_${f.type}_`) || n.endsWith(`_${f.type}`))) problems.push(`${n}: metric name should not include type '${f.type}'`);
    for (const unit of NON_BASE_UNITS) if (n.includes(`${unit}`) && (n.endsWith(unit) || n.includes(`${unit}_`))) problems.push(`${n}: use base unit instead of "${unit.slice(1)}"`);
    for (const abbr of ABBREVIATIONS) if (n.endsWith(abbr) || n.includes(`${abbr}_`)) problems.push(`${n}: metric names should not contain abbreviated units ("${abbr.slice(1)}")`);
    if (n.includes(':')) problems.push(`${n}: metric names should not contain ':' (reserved for recording rules)`);
    for (const s of f.samples) for (const label of Object.keys(s.labels)) if (/[A-Z]/.test(label)) problems.push(`${n}: label names should be written in 'snake_case': ${label}`);
  }
  return problems;
}
