/**
 * Set keys for ids kept for a whole file (N_ZAP, ID_PAC: over a million each in a 2 GB register).
 * A whole number becomes a number (no string at all); any other id a copy of its own. A string read by
 * the XML parser is a slice of the text chunk it came from, and keeping the slice keeps the whole chunk:
 * holding every ID_PAC of an L-file as read kept all of the file's text alive (measured: 400 MB heap
 * for a 230 MB L-file).
 */
const WHOLE = /^[1-9]\d{0,15}$/;

export function idKey(id: string): string | number {
  if (WHOLE.test(id)) {
    const n = Number(id);
    if (Number.isSafeInteger(n)) return n;
  }
  return detach(id);
}

/** The same text, not sharing memory with the string it was cut from. */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}
