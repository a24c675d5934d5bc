/** `#{name}`: AlimTalk's placeholder syntax; names may be Korean. */
export const PLACEHOLDER = /#\{([^{}]+)\}/g;

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

export function placeholdersOf(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/**
 * Fills placeholders with their values, exactly: no trimming, no escaping, because
 * the vendor rejects text that differs from the approved template by one character.
 * Only the caller's own variables count: `#{constructor}` or `#{toString}` without
 * such a variable is missing, never a value found through Object's prototype.
 */
export function renderTemplate(body: string, variables: Record<string, string>): RenderResult {
  const missing = placeholdersOf(body).filter((name) => !Object.hasOwn(variables, name));
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, text: body.replace(PLACEHOLDER, (_, name: string) => variables[name]!) };
}
