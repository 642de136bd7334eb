/**
 * InvalidRequestError: a request body that fits its JSON schema but whose content cannot be used —
 * base64 that is not base64, bytes that are not a PNG, JPEG or WAV Sprout reads, audio at another
 * sample rate, prompt characters outside a language model's vocabulary. The service answers it as it
 * answers a schema failure: 400 with `field` (a JSON Pointer into the body, e.g. `/images/2`) and
 * `reason`, so a client learns which item to fix without reading the server's logs.
 */
import { DataError } from '../core/index.js';

/**
 * @example
 * throw new InvalidRequestError('/audio/0', 'is not a WAV file (expected RIFF/WAVE)');
 */
export class InvalidRequestError extends DataError {
  /**
   * @param field JSON Pointer of the offending part of the body.
   * @param reason Why it cannot be used, in words a client developer can act on.
   */
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid request body: ${field === '' ? 'the body' : field}: ${reason}`);
  }
}
