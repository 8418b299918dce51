// A terminal for runTui in tests: an output stream that keeps what is written (80x24,
// a TTY as far as ink can tell) and a keyboard whose keys the test types.
import { EventEmitter } from 'node:events';

export class FakeScreen extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 80;
  readonly rows = 24;
  written = '';

  write(text: string): boolean {
    this.written += text;
    return true;
  }

  asStream(): NodeJS.WriteStream {
    return this as unknown as NodeJS.WriteStream;
  }
}

export class FakeKeyboard extends EventEmitter {
  readonly isTTY: boolean;
  private pending: string | null = null;

  constructor(isTTY = true) {
    super();
    this.isTTY = isTTY;
  }

  /** Types `keys` as one chunk, as a terminal delivers a key press. */
  type(keys: string): void {
    this.pending = keys;
    this.emit('readable');
  }

  read(): string | null {
    const keys = this.pending;
    this.pending = null;
    return keys;
  }

  setRawMode(): this {
    return this;
  }

  setEncoding(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  resume(): this {
    return this;
  }

  pause(): this {
    return this;
  }

  asStream(): NodeJS.ReadStream {
    return this as unknown as NodeJS.ReadStream;
  }
}
