/** A QR code drawn in the browser (qrcode package) from a text such as a signed token or a place-code URL. */
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { qrImageOptions } from './qr-options.ts';

interface Props {
  value: string;
  size: number;
  alt: string;
  className?: string;
  testId?: string;
  /** Dark module colour; black reads best on every scanner. */
  dark?: string;
  /** Error correction: 'M' survives a scuffed poster; 'L' keeps a long token's code coarse enough for a phone screen. */
  level?: 'L' | 'M';
}

/** Renders `value` as a QR image. */
export function QrImage({ value, size, alt, className, testId, dark = '#000000', level = 'M' }: Props) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(value, qrImageOptions(size, dark, level))
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [value, size, dark, level]);
  if (!src) return <div className={className} style={{ width: size, height: size }} aria-busy="true" />;
  return <img src={src} width={size} height={size} alt={alt} className={className} data-testid={testId} style={{ imageRendering: 'pixelated' }} />;
}
