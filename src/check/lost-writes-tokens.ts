// The convention that makes lost and stale writes visible in a key-value history: every
// `append` adds one unique token that ends in ';' (`7.1.12;`), so the value of a key is a
// run of tokens and a read shows exactly which appends it saw. Rule: a token is the text
// up to and including its ';'; an append whose value is not exactly one such token is
// bad input (a RangeError naming its line), because the checkers could not tell what it
// added. The lost-writes and stale-reads checkers both read values through this file.
import { formatHistoryValue, type HistoryValue } from './history/history-event.ts';
import type { Operation } from './history/operation.ts';

export const TOKEN_END = ';';

/** The tokens of a value: a string of tokens, or a list of such strings (siblings a store returned unmerged). */
export function tokensOf(value: HistoryValue, line: number): string[] {
  if (typeof value === 'string') return splitTokens(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return (value as readonly string[]).flatMap(splitTokens);
  throw new RangeError(`line ${line}: expected a read of appended tokens (a string such as "1.1.0;2.1.3;", or a list of such strings), got ${formatHistoryValue(value)}`);
}

function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    if (text[index] === TOKEN_END) {
      tokens.push(text.slice(start, index + 1));
      start = index + 1;
    }
  }
  return tokens;
}

/** The one token an append adds. */
export function appendedToken(operation: Operation): string {
  const value = operation.input;
  if (typeof value === 'string' && value.length > 1 && value.indexOf(TOKEN_END) === value.length - 1) return value;
  throw new RangeError(`line ${operation.invokeLine}: expected an append of one unique token ending in "${TOKEN_END}" (such as "3.1.7;"), got ${formatHistoryValue(value)}`);
}
