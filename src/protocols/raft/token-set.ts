// A set of command tokens (client id and request id, see commandToken) as one bit per
// request id for each client: a day of commands at 100 a second takes about 1 MB, where
// a Set of numbers would take tens of times that, and the bound is finite (2^24 bits,
// 2 MB, per client). Rule: tokens must come from commandToken (client ids below 64).
import { RAFT_LIMITS } from './raft-options.ts';

const REQUEST_ID_BITS = 24;
const REQUEST_ID_MASK = 2 ** REQUEST_ID_BITS - 1;
const INITIAL_WORDS = 64;

export class TokenSet {
  /** Bit r of client c's words: request r of client c is in the set. */
  private readonly wordsByClient: (Uint32Array | undefined)[] = [];

  has(token: number): boolean {
    const words = this.wordsByClient[token >>> REQUEST_ID_BITS];
    if (words === undefined) return false;
    const requestId = token & REQUEST_ID_MASK;
    const word = requestId >>> 5;
    return word < words.length && ((words[word] as number) & (1 << (requestId & 31))) !== 0;
  }

  add(token: number): void {
    const clientId = token >>> REQUEST_ID_BITS;
    if (clientId > RAFT_LIMITS.maxClientNodeId) throw new RangeError(`token set: token ${token} names client ${clientId}, above ${RAFT_LIMITS.maxClientNodeId}`);
    const requestId = token & REQUEST_ID_MASK;
    const word = requestId >>> 5;
    let words = this.wordsByClient[clientId];
    if (words === undefined || word >= words.length) words = this.grow(clientId, words, word);
    words[word] = (words[word] as number) | (1 << (requestId & 31));
  }

  private grow(clientId: number, words: Uint32Array | undefined, word: number): Uint32Array {
    let size = words === undefined ? INITIAL_WORDS : words.length;
    while (size <= word) size *= 2;
    const grown = new Uint32Array(size);
    if (words !== undefined) grown.set(words);
    while (this.wordsByClient.length <= clientId) this.wordsByClient.push(undefined);
    this.wordsByClient[clientId] = grown;
    return grown;
  }
}
