/**
 * What Postgres cannot store in a text or jsonb column: NUL (U+0000), and a lone UTF-16
 * surrogate (valid in a JavaScript string, refused by jsonb and not UTF-8 at all). A
 * request carrying one is refused at the edge with a 400 naming the field; otherwise it
 * would fail the shared statement that stores it together with other requests' rows.
 */
// NUL is the point of this pattern, not a typo.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface UnstorableText {
  /** Where: `variables.name`, `notifications.3.to`; a key itself is named by its own path. */
  field: string;
  reason: string;
}

/** The first string (value or key) in `value` that Postgres cannot store, or undefined. */
export function findUnstorableText(value: unknown, path: string[] = []): UnstorableText | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? describe(path, value) : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) return describe([...path, key], key);
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function describe(path: string[], text: string): UnstorableText {
  const reason = text.includes('\u0000') ? 'must not contain a NUL character (U+0000)' : 'must not contain a lone UTF-16 surrogate';
  return { field: path.length > 0 ? path.join('.') : '(body)', reason };
}
