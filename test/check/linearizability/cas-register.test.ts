// The cas-register rules, one tiny history each: real-time order, indeterminate
// operations (info and never completed), failed cas as a cas that returned false,
// failed and timed-out reads that constrain nothing, failed writes that did not happen.
import { describe, expect, it } from 'vitest';
import { checkRegister, register } from './histories.ts';

const verdictOf = (...lines: string[]): string => checkRegister(register(...lines)).verdict;

describe('cas-register: real-time order', () => {
  it('accepts a read of the value written before it', () => {
    expect(verdictOf('0 :invoke :write 1', '0 :ok :write 1', '1 :invoke :read nil', '1 :ok :read 1')).toBe('linearizable');
  });

  it('reads nil before anything is written', () => {
    expect(verdictOf('0 :invoke :read nil', '0 :ok :read nil')).toBe('linearizable');
    expect(verdictOf('0 :invoke :read nil', '0 :ok :read 3')).toBe('not-linearizable');
  });

  it('rejects a stale read that starts after a newer write completed', () => {
    expect(
      verdictOf('0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :write 2', '0 :ok :write 2', '1 :invoke :read nil', '1 :ok :read 1'),
    ).toBe('not-linearizable');
  });

  it('lets a read concurrent with a write see the old value or the new one', () => {
    const around = (value: string) => ['0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :write 2', '1 :invoke :read nil', `1 :ok :read ${value}`, '0 :ok :write 2'];
    expect(verdictOf(...around('1'))).toBe('linearizable');
    expect(verdictOf(...around('2'))).toBe('linearizable');
    expect(verdictOf(...around('3'))).toBe('not-linearizable');
  });

  it('rejects two sequential reads that see a concurrent write undone', () => {
    expect(
      verdictOf('0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :write 2', '1 :invoke :read nil', '1 :ok :read 2', '1 :invoke :read nil', '1 :ok :read 1', '0 :ok :write 2'),
    ).toBe('not-linearizable');
  });
});

describe('cas-register: compare-and-set', () => {
  it('changes the value when the compare holds', () => {
    expect(verdictOf('0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :cas [1 2]', '0 :ok :cas [1 2]', '1 :invoke :read nil', '1 :ok :read 2')).toBe('linearizable');
  });

  it('rejects a successful cas whose expected value was not there', () => {
    expect(verdictOf('0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :cas [3 2]', '0 :ok :cas [3 2]')).toBe('not-linearizable');
  });

  it('reads a failed cas as one that returned false: the value differed, and it stays', () => {
    expect(verdictOf('0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :cas [3 2]', '0 :fail :cas [3 2]', '1 :invoke :read nil', '1 :ok :read 1')).toBe('linearizable');
    expect(verdictOf('0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :cas [1 2]', '0 :fail :cas [1 2]')).toBe('not-linearizable');
    expect(verdictOf('0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :cas [3 2]', '0 :fail :cas [3 2]', '1 :invoke :read nil', '1 :ok :read 2')).toBe('not-linearizable');
  });

  it('lets a failed cas be ordered before a concurrent write that makes its compare true', () => {
    expect(verdictOf('0 :invoke :write 1', '1 :invoke :cas [1 2]', '1 :fail :cas [1 2]', '0 :ok :write 1')).toBe('linearizable');
  });
});

describe('cas-register: indeterminate operations', () => {
  it('lets an info write take effect after its invocation, even long after it', () => {
    expect(verdictOf('0 :invoke :write 1', '0 :info :write :timed-out', '1 :invoke :read nil', '1 :ok :read nil', '1 :invoke :read nil', '1 :ok :read 1')).toBe(
      'linearizable',
    );
  });

  it('lets an info write never take effect', () => {
    expect(verdictOf('0 :invoke :write 1', '0 :info :write :timed-out', '1 :invoke :read nil', '1 :ok :read nil')).toBe('linearizable');
  });

  it('never lets an info write take effect before its invocation', () => {
    expect(verdictOf('1 :invoke :read nil', '1 :ok :read 1', '0 :invoke :write 1', '0 :info :write :timed-out')).toBe('not-linearizable');
  });

  it('lets an info write take effect at most once', () => {
    expect(
      verdictOf('0 :invoke :write 1', '0 :info :write :timed-out', '1 :invoke :read nil', '1 :ok :read 1', '2 :invoke :write 2', '2 :ok :write 2', '1 :invoke :read nil', '1 :ok :read 1'),
    ).toBe('not-linearizable');
  });

  it('treats an invocation never completed like an info', () => {
    expect(verdictOf('0 :invoke :write 1', '1 :invoke :read nil', '1 :ok :read nil', '1 :invoke :read nil', '1 :ok :read 1')).toBe('linearizable');
    expect(verdictOf('1 :invoke :read nil', '1 :ok :read 1', '0 :invoke :write 1')).toBe('not-linearizable');
  });

  it('lets an info cas succeed later only if its compare holds then', () => {
    const setUp = ['0 :invoke :write 1', '0 :ok :write 1', '2 :invoke :cas [1 5]', '2 :info :cas :timed-out'];
    expect(verdictOf(...setUp, '1 :invoke :read nil', '1 :ok :read 5')).toBe('linearizable');
    expect(verdictOf(...setUp, '1 :invoke :read nil', '1 :ok :read 1')).toBe('linearizable');
    expect(verdictOf('0 :invoke :write 1', '0 :ok :write 1', '2 :invoke :cas [7 5]', '2 :info :cas :timed-out', '1 :invoke :read nil', '1 :ok :read 5')).toBe(
      'not-linearizable',
    );
  });

  it('lets two info writes of the same value take effect at different times', () => {
    const twoInfoWrites = ['0 :invoke :write 1', '0 :info :write :timed-out', '1 :invoke :write 1', '1 :info :write :timed-out'];
    const readOneThenTwoThenOne = ['2 :invoke :read nil', '2 :ok :read 1', '3 :invoke :write 2', '3 :ok :write 2', '2 :invoke :read nil', '2 :ok :read 1'];
    expect(verdictOf(...twoInfoWrites, ...readOneThenTwoThenOne)).toBe('linearizable');
    expect(verdictOf(...twoInfoWrites.slice(0, 2), ...readOneThenTwoThenOne)).toBe('not-linearizable');
  });

  it('lets a process whose operation is info invoke again', () => {
    expect(verdictOf('0 :invoke :write 1', '0 :info :write :timed-out', '0 :invoke :read nil', '0 :ok :read 1')).toBe('linearizable');
  });
});

describe('cas-register: operations that constrain nothing', () => {
  it('ignores a read that failed with :timed-out, whatever it carries', () => {
    const result = checkRegister(register('0 :invoke :write 1', '0 :ok :write 1', '1 :invoke :read nil', '1 :fail :read :timed-out'));
    expect(result.verdict).toBe('linearizable');
    expect(result.ignored).toBe(1);
  });

  it('ignores an info read', () => {
    expect(checkRegister(register('1 :invoke :read nil', '1 :info :read :timed-out')).ignored).toBe(1);
  });

  it('takes a failed write as one that did not happen', () => {
    const write = ['0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :write 2', '0 :fail :write 2'];
    expect(verdictOf(...write, '1 :invoke :read nil', '1 :ok :read 1')).toBe('linearizable');
    expect(verdictOf(...write, '1 :invoke :read nil', '1 :ok :read 2')).toBe('not-linearizable');
  });

  it('calls an empty history linearizable', () => {
    expect(checkRegister([]).verdict).toBe('linearizable');
  });
});

describe('cas-register: input the model cannot read', () => {
  it('names the line of an unknown operation', () => {
    expect(() => checkRegister(register('0 :invoke :read nil', '0 :ok :read nil', '0 :invoke :delete 1', '0 :ok :delete 1'))).toThrow(
      /^line 3: the cas-register model has no operation "delete": expected read, write or cas$/,
    );
  });

  it('names the line of a cas whose value is not [expected new]', () => {
    expect(() => checkRegister(register('0 :invoke :cas [1 2 3]', '0 :ok :cas [1 2 3]'))).toThrow(/^line 1: expected a cas value \[expected new\], got \[1,2,3\]$/);
  });

  it('names the completion line of a read that returned a vector', () => {
    expect(() => checkRegister(register('0 :invoke :read nil', '0 :ok :read [1 2]'))).toThrow(/^line 2: expected a read to return nil, a number or a string, got \[1,2\]$/);
  });
});
