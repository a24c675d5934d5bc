/**
 * Decides whether a rendered text is an instance of an approved AlimTalk template.
 * A template body holds `#{variable}` placeholders; the text matches when it equals
 * the body with every placeholder replaced by some non-empty text. Everything else,
 * line breaks included, must match literally.
 *
 * This deliberately is not a regex: `^lit(.+?)lit(.+?)…$` built from a template backtracks
 * polynomially (n^k for k placeholders) on texts that almost match, and the text comes
 * from the client. A template is a glob whose wildcards are literal-separated, and for
 * such patterns taking the leftmost occurrence of each middle literal is optimal, so
 * matching is one indexOf per literal: linear, and no escaping of specials to get wrong.
 */

const PLACEHOLDER = /#\{[^{}]+\}/g;

export interface CompiledTemplate {
  readonly body: string;
  readonly variables: readonly string[];
  matches(text: string): boolean;
}

/** Compile once when the template is approved, not on every send. */
export function compileTemplate(body: string): CompiledTemplate {
  const variables: string[] = [];
  // literals[i] is the text before gap i; gaps[i] is how many placeholders sit
  // back to back there, each needing at least one character.
  const literals: string[] = [];
  const gaps: number[] = [];
  let cursor = 0;
  for (const placeholder of body.matchAll(PLACEHOLDER)) {
    variables.push(placeholder[0].slice(2, -1));
    const literal = body.slice(cursor, placeholder.index);
    if (literal === '' && gaps.length > 0) gaps[gaps.length - 1]!++;
    else {
      literals.push(literal);
      gaps.push(1);
    }
    cursor = placeholder.index + placeholder[0].length;
  }
  const suffix = body.slice(cursor);

  return {
    body,
    variables,
    matches: (text) => matchesGlob(text, literals, gaps, suffix),
  };
}

function matchesGlob(text: string, literals: readonly string[], gaps: readonly number[], suffix: string): boolean {
  if (gaps.length === 0) return text === suffix;
  const prefix = literals[0]!;
  if (!text.startsWith(prefix)) return false;
  let position = prefix.length + gaps[0]!;
  for (let i = 1; i < literals.length; i++) {
    const found = text.indexOf(literals[i]!, position);
    if (found < 0) return false;
    position = found + literals[i]!.length + gaps[i]!;
  }
  // The suffix must close the text without overlapping what the last gap needs.
  return text.length - suffix.length >= position && text.endsWith(suffix);
}
