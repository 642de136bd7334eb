/**
 * imageDimensions: the width and height a PNG or JPEG declares in its header, read without decoding
 * it. The service checks them before decoding because compression lets a small upload declare a
 * huge image (a "decompression bomb": a few hundred kilobytes of PNG can inflate to gigabytes of
 * pixels), and the decoded size, not the body size, is what costs memory.
 */

/**
 * Reads the declared size.
 *
 * @param bytes The file.
 * @returns `{ width, height }`, or null when the header is not a PNG's or JPEG's (the decoder then
 *   says what is wrong).
 * @example
 * imageDimensions(pngBytes); // { width: 28, height: 28 }
 */
export function imageDimensions(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // PNG: 8-byte signature, then the IHDR chunk (length, 'IHDR', width, height as big-endian u32).
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[12] === 0x49 && bytes[13] === 0x48 && bytes[14] === 0x44 && bytes[15] === 0x52) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  // JPEG: segments after the SOI marker; a start-of-frame segment (C0–CF but C4 DHT, C8 JPG, CC DAC)
  // holds the precision byte, then height and width as big-endian u16.
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 <= bytes.length) {
      if (bytes[at] !== 0xff) return null;
      const marker = bytes[at + 1]!;
      if (marker === 0xff) {
        at += 1; // fill byte
        continue;
      }
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        at += 2; // markers without a length
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      }
      at += 2 + view.getUint16(at + 2);
    }
  }
  return null;
}
