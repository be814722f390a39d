import { VENUE_TYPES, type ScanMethod, type VenueType } from '@fangxian/contracts/venues';

// The lists are part of the API contract, so they are defined once in the contracts package.
export { VENUE_TYPES, VENUE_TYPE_NAMES, VENUE_STATUSES, SCAN_METHODS, FLAG_REASONS } from '@fangxian/contracts/venues';
export type { VenueType, VenueStatus, ScanMethod, FlagReason } from '@fangxian/contracts/venues';
// Colours and the door decision are the domain kernel's.
export { COLOURS, decisionFor, type Colour, type Decision } from '@fangxian/contracts/kernel';

/** The default stay length of a venue type, in minutes. */
export function defaultStayMinutes(type: VenueType): number {
  return VENUE_TYPES[type].stayMinutes;
}

/** Whether a scan method proves the person was physically at the venue. */
export function provesPresence(method: ScanMethod): boolean {
  // A poster can be photographed and forwarded; a rotating screen code or the venue's own device
  // scanning the person cannot be used from elsewhere. A visit typed in by staff is only their word:
  // anyone's number can be typed, so it never proves presence.
  return method !== 'citizen_scan_static' && method !== 'manual';
}
