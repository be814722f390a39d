/**
 * Venue types with a default stay length. Check-outs are usually missing, so co-presence windows
 * (tracing) use the stay length of the venue's type; the lengths follow common field practice.
 */
export const VENUE_TYPES = {
  mall: { stayMinutes: 120, zh: '商场', en: 'Shopping mall' },
  supermarket: { stayMinutes: 45, zh: '超市', en: 'Supermarket' },
  market: { stayMinutes: 60, zh: '农贸市场', en: 'Fresh market' },
  restaurant: { stayMinutes: 90, zh: '餐饮', en: 'Restaurant' },
  hospital: { stayMinutes: 180, zh: '医疗机构', en: 'Hospital or clinic' },
  school: { stayMinutes: 480, zh: '学校', en: 'School' },
  office: { stayMinutes: 480, zh: '办公场所', en: 'Office' },
  factory: { stayMinutes: 480, zh: '工厂', en: 'Factory' },
  transport: { stayMinutes: 60, zh: '交通场站', en: 'Transport hub' },
  hotel: { stayMinutes: 720, zh: '酒店宾馆', en: 'Hotel' },
  entertainment: { stayMinutes: 150, zh: '娱乐场所', en: 'Entertainment venue' },
  residential: { stayMinutes: 30, zh: '居民小区', en: 'Residential compound' },
  government: { stayMinutes: 60, zh: '政务服务场所', en: 'Government service hall' },
  other: { stayMinutes: 60, zh: '其他', en: 'Other' },
} as const;

export type VenueType = keyof typeof VENUE_TYPES;
export const VENUE_TYPE_NAMES = Object.keys(VENUE_TYPES) as VenueType[];

/** The default stay length of a venue type, in minutes. */
export function defaultStayMinutes(type: VenueType): number {
  return VENUE_TYPES[type].stayMinutes;
}

export const VENUE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type VenueStatus = (typeof VENUE_STATUSES)[number];

export const SCAN_METHODS = ['citizen_scan_static', 'citizen_scan_dynamic', 'venue_scan_citizen', 'manual'] as const;
export type ScanMethod = (typeof SCAN_METHODS)[number];

export const COLOURS = ['green', 'yellow', 'red'] as const;
export type Colour = (typeof COLOURS)[number];

export const FLAG_REASONS = ['far_away', 'volume', 'repeat_person'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** Whether a scan method proves the person was physically at the venue. */
export function provesPresence(method: ScanMethod): boolean {
  // A poster can be photographed and forwarded; a rotating screen code, the venue's own device
  // scanning the person, or staff entering the visit by hand cannot be used from elsewhere.
  return method !== 'citizen_scan_static';
}

/** The door decision for a colour: only green passes without further checks. */
export function decisionFor(colour: Colour): 'pass' | 'stop' {
  return colour === 'green' ? 'pass' : 'stop';
}
