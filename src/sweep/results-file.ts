// The results file: JSON Lines, one SeedResult a line, appended as batches finish (one
// write per batch, straight to the OS), so a killed sweep keeps every line it wrote.
// Lines follow completion order; readers sort by seed. Shards' files merge by concatenation.
// Rule: only the LAST line may be broken (a write cut short by a kill); it is reported,
// never silently skipped, and a broken line anywhere else is an error naming its number.
import { closeSync, existsSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { formatResultLine, parseResultLine, type SeedResult } from './seed-result.ts';

/** How much of the file is read at a time; lines may be longer (they are stitched). */
const READ_CHUNK_BYTES = 1 << 18;
/** A longer line cannot be one we wrote; it is reported as broken rather than buffered forever. */
export const MAX_LINE_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const CUT_SHORT = 'cut short (no newline at the end)';

export interface BrokenTail {
  /** 1-based. */
  readonly lineNumber: number;
  readonly problem: string;
  readonly byteLength: number;
}

export interface ResultsFileScan {
  /** Bytes up to and including the newline of the last good line. */
  readonly cleanByteLength: number;
  readonly lineCount: number;
  /** The trailing line that was cut short or is not a result, if any. */
  readonly brokenTail: BrokenTail | undefined;
}

/**
 * Calls `visit` for every good line in file order. A missing file scans as empty.
 * Throws RangeError naming the path and line when a broken line is followed by more lines.
 * A last line without its newline counts as broken (cut short), even when it parses.
 */
export function scanResultsFile(path: string, visit: (result: SeedResult, lineNumber: number) => void): ResultsFileScan {
  if (!existsSync(path)) return { cleanByteLength: 0, lineCount: 0, brokenTail: undefined };
  let cleanByteLength = 0;
  let lineNumber = 0;
  let broken: BrokenTail | undefined;
  const onLine = (bytes: Buffer, hasNewline: boolean): void => {
    lineNumber++;
    if (broken !== undefined) {
      throw new RangeError(`${path} line ${broken.lineNumber} is ${broken.problem} and is not the last line: fix or remove it (only a last line cut short by a killed sweep is tolerated)`);
    }
    const byteLength = bytes.length + (hasNewline ? 1 : 0);
    if (!hasNewline) {
      broken = { lineNumber, problem: CUT_SHORT, byteLength };
      return;
    }
    const parsed = bytes.length > MAX_LINE_BYTES ? { problem: `longer than ${MAX_LINE_BYTES} bytes` } : parseResultLine(bytes.toString('utf8'));
    if ('problem' in parsed) {
      broken = { lineNumber, problem: `not a result (${parsed.problem})`, byteLength };
      return;
    }
    visit(parsed, lineNumber);
    cleanByteLength += byteLength;
  };
  forEachLine(path, onLine);
  return { cleanByteLength, lineCount: lineNumber, brokenTail: broken };
}

/** Splits the file on newlines, reading it in chunks so large files cost little memory. */
function forEachLine(path: string, onLine: (bytes: Buffer, hasNewline: boolean) => void): void {
  const descriptor = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(READ_CHUNK_BYTES);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for (let read = readSync(descriptor, chunk); read > 0; read = readSync(descriptor, chunk)) {
      let start = 0;
      for (let newline = chunk.indexOf(NEWLINE, start); newline !== -1 && newline < read; newline = chunk.indexOf(NEWLINE, start)) {
        const piece = chunk.subarray(start, newline);
        onLine(pendingBytes === 0 ? piece : Buffer.concat([...pending, piece]), true);
        pending = [];
        pendingBytes = 0;
        start = newline + 1;
      }
      if (start < read && pendingBytes <= MAX_LINE_BYTES) {
        pending.push(Buffer.from(chunk.subarray(start, read)));
        pendingBytes += read - start;
      }
    }
    if (pendingBytes > 0) onLine(Buffer.concat(pending), false);
  } finally {
    closeSync(descriptor);
  }
}

/** True when the file is empty or its last byte is a newline. */
function endsCleanly(descriptor: number): boolean {
  const size = fstatSync(descriptor).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(descriptor, last, 0, 1, size - 1);
  return last[0] === NEWLINE;
}

/** Every result in the file, ordered by seed (the merged view of concatenated shards). */
export function readResultsFile(path: string): { readonly results: SeedResult[]; readonly warnings: string[] } {
  const results: SeedResult[] = [];
  const scan = scanResultsFile(path, (result) => results.push(result));
  results.sort((left, right) => left.seed - right.seed);
  const warnings = scan.brokenTail === undefined ? [] : [describeBrokenTail(path, scan.brokenTail, 'ignored it')];
  return { results, warnings };
}

export function describeBrokenTail(path: string, tail: BrokenTail, action: string): string {
  return `${path} line ${tail.lineNumber}, the last line, is ${tail.problem}, most likely a write cut short when a sweep was killed: ${action}`;
}

/** Appends results as whole lines, one write per batch, straight to the file (no buffering in this process). */
export class ResultsAppender {
  private constructor(
    readonly path: string,
    private descriptor: number | undefined,
  ) {}

  /** Refuses a file whose last line was cut short: appending would glue a new line onto it. */
  static open(path: string): ResultsAppender {
    const descriptor = openSync(path, 'a+');
    try {
      if (!endsCleanly(descriptor)) {
        throw new RangeError(`${path} ends with a line cut short (no newline at the end): resume the sweep (--resume), which removes that line, or write to another file`);
      }
    } catch (error) {
      closeSync(descriptor);
      throw error;
    }
    return new ResultsAppender(path, descriptor);
  }

  append(results: readonly SeedResult[]): void {
    if (this.descriptor === undefined) throw new Error(`results file ${this.path} is already closed`);
    if (results.length === 0) return;
    const bytes = Buffer.from(results.map((result) => `${formatResultLine(result)}\n`).join(''), 'utf8');
    for (let written = 0; written < bytes.length; ) written += writeSync(this.descriptor, bytes, written);
  }

  close(): void {
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
  }
}
