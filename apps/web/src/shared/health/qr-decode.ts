/**
 * Reading QR codes in the browser with jsQR: from an uploaded picture or from camera frames. No
 * picture leaves the device; only the decoded text is used.
 */
import jsqrModule from 'jsqr';

type Decode = (typeof jsqrModule)['default'];
// jsqr is a CommonJS bundle: depending on the bundler's interop the default import is the function
// itself or the module object holding it as `default`.
const jsQR: Decode = typeof jsqrModule === 'function' ? (jsqrModule as unknown as Decode) : jsqrModule.default;

// Big photos are scaled down first: jsQR's time grows with the pixel count and a code fills enough of
// a phone picture to survive it. A second, full-size pass catches small codes in big pictures.
const MAX_SIDE = 1200;

function decodeCanvas(source: CanvasImageSource, width: number, height: number, maxSide: number, upscale = 1): string | null {
  const scale = upscale > 1 ? upscale : Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  // Enlarging keeps module edges sharp: jsQR finds the finder patterns more reliably at 4+ px per module.
  context.imageSmoothingEnabled = upscale === 1;
  context.drawImage(source, 0, 0, w, h);
  const pixels = context.getImageData(0, 0, w, h);
  return jsQR(pixels.data, w, h, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

/** Decodes the QR code in an image file; null when the picture holds none (or cannot be read). */
export async function decodeQrFromFile(file: Blob): Promise<string | null> {
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const { naturalWidth: w, naturalHeight: h } = image;
    const side = Math.max(w, h);
    // Small screenshots (a code of 200 px has ~3 px per module) decode better enlarged; big photos
    // first scaled down for speed, then at full size for a small code in a big picture.
    return (
      decodeCanvas(image, w, h, MAX_SIDE) ??
      (side < MAX_SIDE / 2 ? decodeCanvas(image, w, h, MAX_SIDE, 2) : null) ??
      (side > MAX_SIDE ? decodeCanvas(image, w, h, side) : null)
    );
  } catch {
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Decodes one video frame; null when no code is in view yet. */
export function decodeQrFromVideo(video: HTMLVideoElement): string | null {
  if (video.readyState < video.HAVE_CURRENT_DATA || video.videoWidth === 0) return null;
  return decodeCanvas(video, video.videoWidth, video.videoHeight, 720);
}

export type CameraProblem = 'unsupported' | 'denied' | 'unavailable';

/**
 * Opens the rear camera on `video` and calls `onCode` once with the first QR text it reads. Returns
 * a stop function; `onProblem` reports why the camera could not start.
 */
export function startQrCamera(video: HTMLVideoElement, onCode: (text: string) => void, onProblem: (problem: CameraProblem) => void): () => void {
  let stopped = false;
  let stream: MediaStream | null = null;
  let timer: number | undefined;
  const stop = () => {
    stopped = true;
    if (timer !== undefined) window.clearTimeout(timer);
    stream?.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  };
  if (!navigator.mediaDevices?.getUserMedia) {
    onProblem('unsupported');
    return stop;
  }
  navigator.mediaDevices
    .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
    .then(async (media) => {
      if (stopped) return media.getTracks().forEach((track) => track.stop());
      stream = media;
      video.srcObject = media;
      video.setAttribute('playsinline', 'true');
      await video.play().catch(() => undefined);
      // About 6 reads a second: quick enough to feel instant, light enough for a cheap phone.
      const tick = () => {
        if (stopped) return;
        const text = decodeQrFromVideo(video);
        if (text) {
          stop();
          onCode(text);
          return;
        }
        timer = window.setTimeout(tick, 160);
      };
      tick();
    })
    .catch((error: { name?: string }) => {
      if (stopped) return;
      onProblem(error?.name === 'NotAllowedError' || error?.name === 'SecurityError' ? 'denied' : 'unavailable');
    });
  return stop;
}
