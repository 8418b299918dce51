// A string as JSON text, for the exporters' hand-written JSON. Rule: the result is exactly
// JSON.stringify(text); plain printable ASCII with no quote or backslash (nearly every
// name, status and attribute a run writes) needs no escaping and skips the full encoder,
// which costs several times more per call across hundreds of thousands of values.
const NEEDS_NO_ESCAPING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

export function jsonString(text: string): string {
  return NEEDS_NO_ESCAPING.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** jsonString(text) without its quotes: for a template that writes the quotes itself. */
export function jsonStringBody(text: string): string {
  return NEEDS_NO_ESCAPING.test(text) ? text : JSON.stringify(text).slice(1, -1);
}
