/**
 * decodeBase64Item: the bytes of one base64 file in a request body (an image or a recording), with
 * a 400 that names the item when it is not base64. Node's own decoder skips characters it does not
 * know and so would turn a truncated or mangled upload into other bytes without a word; this checks
 * the text first.
 *
 * Accepted: the standard alphabet (RFC 4648 §4) or the URL-safe one (§5), with or without `=`
 * padding, with line breaks and spaces ignored (what `base64 file.png` prints, wrapped at 76
 * columns), optionally behind a data URL prefix such as `data:image/png;base64,`.
 */
import { InvalidRequestError } from './invalid-request-error.js';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const WHITESPACE = /[\t\n\r ]+/g;

/**
 * Decodes one item.
 *
 * @param text The item as the client sent it.
 * @param field Its JSON Pointer in the body, for the error (e.g. `/images/0`).
 * @throws InvalidRequestError for a data URL that is not base64, an empty payload, a character
 *   outside the base64 alphabets (naming it and its position) or a length no base64 text has.
 * @example
 * decodeBase64Item('data:image/png;base64,iVBORw0KGgo=', '/images/0'); // Uint8Array [0x89, 0x50, …]
 */
export function decodeBase64Item(text: string, field: string): Uint8Array {
  let payload = text;
  if (payload.startsWith('data:')) {
    const comma = payload.indexOf(',');
    const header = comma < 0 ? payload.slice(5, 100) : payload.slice(5, comma);
    if (comma < 0 || !header.split(';').includes('base64')) {
      throw new InvalidRequestError(field, `is a data URL without ';base64,' (${JSON.stringify(`data:${header.slice(0, 60)}`)}); send the file base64-encoded`);
    }
    payload = payload.slice(comma + 1);
  }
  payload = payload.replace(WHITESPACE, '');
  if (payload.length === 0) throw new InvalidRequestError(field, 'is empty; send the file base64-encoded');
  if (!BASE64.test(payload)) {
    const at = payload.search(/[^A-Za-z0-9+/_=-]|=(?=[^=])/);
    const shown = at < 0 ? '' : ` (${JSON.stringify(payload[at])} at position ${at})`;
    throw new InvalidRequestError(field, `is not base64: only A-Z, a-z, 0-9, '+', '/' (or '-', '_') and '=' padding at the end may appear${shown}`);
  }
  const padded = payload.endsWith('=');
  if ((padded && payload.length % 4 !== 0) || (!padded && payload.length % 4 === 1)) {
    throw new InvalidRequestError(field, `is not base64: ${payload.length} characters is not a length base64 text has (is it cut short?)`);
  }
  const bytes = Buffer.from(payload, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
