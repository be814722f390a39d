/** How the browser draws a QR code (qrcode package): shared by every QR image and checked by its test. */
import type { QRCodeToDataURLOptions } from 'qrcode';

/** ISO/IEC 18004 asks for a light margin ("quiet zone") of 4 modules on every side; scanners lock on less reliably with less. */
export const QR_QUIET_ZONE_MODULES = 4;

/** Options for a QR image `size` CSS pixels wide (drawn at twice that for sharp phone screens). */
export function qrImageOptions(size: number, dark: string, level: 'L' | 'M'): QRCodeToDataURLOptions {
  return { errorCorrectionLevel: level, margin: QR_QUIET_ZONE_MODULES, width: size * 2, color: { dark, light: '#ffffff' } };
}
