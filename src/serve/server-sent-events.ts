/**
 * serverSentEvents: generated text as a `text/event-stream` (the WHATWG HTML server-sent events
 * format): one `data:` event per generated piece, `{"text": "…"}`, as soon as it is sampled, then a
 * closing `event: done` whose data is the whole answer — what a client reading with `curl -N` or a
 * streaming `fetch` shows as the model writes. JSON keeps each event on one line whatever the text
 * holds (a newline in the text would otherwise end the event).
 */

/**
 * The event stream's chunks.
 *
 * @param pieces The generated text, piece by piece.
 * @param done The closing event's data, given the whole generated text.
 * @example
 * Readable.from(serverSentEvents(lm.generate(request), (text) => ({ model: 'poet', text })));
 * // 'data: {"text":"R"}\n\n', 'data: {"text":"O"}\n\n', …, 'event: done\ndata: {"model":"poet","text":"RO…"}\n\n'
 */
export async function* serverSentEvents(pieces: AsyncIterable<string>, done: (text: string) => object): AsyncGenerator<string, void, undefined> {
  let text = '';
  for await (const piece of pieces) {
    text += piece;
    yield `data: ${JSON.stringify({ text: piece })}\n\n`;
  }
  yield `event: done\ndata: ${JSON.stringify(done(text))}\n\n`;
}
