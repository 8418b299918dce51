// The three history formats, read into the same events, and the line-numbered errors
// for lines that do not parse.
import { describe, expect, it } from 'vitest';
import { formatJsonlHistory } from '../../../src/check/history/format-jsonl-history.ts';
import type { HistoryEvent } from '../../../src/check/history/history-event.ts';
import { detectHistoryFormat, parseHistory } from '../../../src/check/history/history-format.ts';
import { parseEdnHistory } from '../../../src/check/history/parse-edn-history.ts';
import { parseJepsenLog } from '../../../src/check/history/parse-jepsen-log.ts';
import { parseJsonlHistory } from '../../../src/check/history/parse-jsonl-history.ts';

const strip = (events: readonly HistoryEvent[]) => events.map(({ process, type, f, key, value }) => ({ process, type, f, key, value }));

const CAS_HISTORY = [
  { process: 0, type: 'invoke', f: 'cas', key: null, value: [1, 2] },
  { process: 1, type: 'invoke', f: 'read', key: null, value: null },
  { process: 0, type: 'fail', f: 'cas', key: null, value: [1, 2] },
  { process: 1, type: 'info', f: 'read', key: null, value: ':timed-out' },
];

describe('JSON Lines', () => {
  it('reads one event per line, skipping blank lines and nemesis events, keeping times and lines', () => {
    const text = [
      '{"process":0,"type":"invoke","f":"put","key":"a","value":"x","time":5}',
      '',
      '{"process":"nemesis","type":"info","f":"start-partition","value":null,"time":6}',
      '{"process":"client-1","type":"ok","f":"get","key":"a","value":"x","time":7,"extra":true}',
    ].join('\n');
    expect(parseJsonlHistory(text)).toEqual([
      { process: 0, type: 'invoke', f: 'put', key: 'a', value: 'x', time: 5, line: 1 },
      { process: 'client-1', type: 'ok', f: 'get', key: 'a', value: 'x', time: 7, line: 4 },
    ]);
  });

  it('reads back what formatJsonlHistory writes', () => {
    const events = [
      { process: 3, type: 'invoke', f: 'cas', key: null, value: [1, 2], time: 10 },
      { process: 3, type: 'ok', f: 'cas', key: null, value: [1, 2], time: 12 },
      { process: 'p', type: 'invoke', f: 'append', key: 'k', value: 'a"b', time: 12 },
    ] as const;
    const text = formatJsonlHistory(events);
    expect(text.split('\n')[0]).toBe('{"process":3,"type":"invoke","f":"cas","value":[1,2],"time":10}');
    expect(parseJsonlHistory(text)).toEqual(events.map((event, index) => ({ ...event, line: index + 1 })));
  });

  it.each([
    ['{"process":0,"type":"invoke","f":"read","time":1}\nnot json', /^line 2: expected a JSON object, got invalid JSON/],
    ['[1,2]', /^line 1: expected a JSON object with process, type, f, value and time, got \[1,2\]$/],
    ['{"process":-1,"type":"invoke","f":"read","time":1}', /^line 1: expected "process" to be an integer from 0 or a non-empty string, got -1$/],
    ['{"process":0,"type":"done","f":"read","time":1}', /^line 1: expected "type" to be one of "invoke", "ok", "fail", "info", got "done"$/],
    ['{"process":0,"type":"invoke","f":"","time":1}', /^line 1: expected "f" to be a non-empty string/],
    ['{"process":0,"type":"invoke","f":"read","key":[1],"time":1}', /^line 1: expected "key" to be a string or an integer/],
    ['{"process":0,"type":"invoke","f":"write","value":{"a":1},"time":1}', /^line 1: expected "value" to be null, a boolean, a number, a string or an array/],
    ['{"process":0,"type":"invoke","f":"read"}', /^line 1: expected "time" to be an integer from 0 \(virtual microseconds\), got nothing$/],
    ['{"process":0,"type":"invoke","f":"read","time":9}\n{"process":0,"type":"ok","f":"read","time":8}', /^line 2: time 8 is earlier than the previous event's 9: expected events in time order$/],
  ])('rejects %j, naming the line and what was expected', (text, message) => {
    expect(() => parseJsonlHistory(text)).toThrow(message);
  });
});

describe('Jepsen EDN', () => {
  it('reads a sequence of maps, keywords in values as strings with their colon', () => {
    const text = [
      '{:process 0, :type :invoke, :f :cas, :value [1 2]}',
      '{:process 1 :type :invoke :f :read :value nil}',
      '{:process :nemesis, :type :info, :f :start, :value nil}',
      '{:process 0, :type :fail, :f :cas, :value [1 2]}',
      '{:process 1, :type :info, :f :read, :value :timed-out}',
    ].join('\n');
    const events = parseEdnHistory(text);
    expect(strip(events)).toEqual(CAS_HISTORY);
    expect(events.map((event) => event.line)).toEqual([1, 2, 4, 5]);
    expect(events.every((event) => event.time === undefined)).toBe(true);
  });

  it('reads maps inside one vector, with keys, string fs and times', () => {
    const events = parseEdnHistory('[{:process 0 :type :invoke :f "put" :key :a :value "x" :time 100 :index 0}\n {:process 0 :type :ok :f "put" :key :a :value "x" :time 250}]');
    expect(events).toEqual([
      { process: 0, type: 'invoke', f: 'put', key: ':a', value: 'x', time: 100, line: 1 },
      { process: 0, type: 'ok', f: 'put', key: ':a', value: 'x', time: 250, line: 2 },
    ]);
  });

  it.each([
    ['{:process 0 :type :invoke :f :read}\n[1 2]', /^line 2: expected an operation map such as \{:process 0, :type :invoke, :f :read, :value nil\}, got a vector$/],
    ['{:process 0 :type :invoke :f :read}\n:oops', /^line 2: expected an operation map .*, got :oops$/],
    ['[{:process 0 :type :invoke :f :read}\n 7]', /^line 2: expected an operation map .*, got 7$/],
    ['{:type :invoke :f :read}', /^line 1: expected :process to be an integer from 0 \(or :nemesis\), got nothing$/],
    ['{:process 0 :type :done :f :read}', /^line 1: expected :type to be one of :invoke, :ok, :fail, :info, got :done$/],
    ['{:process 0 :type :invoke :f 3}', /^line 1: expected :f to be a keyword such as :read, :write or :cas, got 3$/],
    ['{:process 0 :type :invoke :f :write :value {:a 1}}', /^line 1: expected a value that is nil, a number, a string, a keyword or a vector, got a map$/],
    ['{:process 0 :type :invoke :f :read :time 5}\n{:process 0 :type :ok :f :read}', /^line 2: the event has no time but earlier events have one: expected times on every event or on none$/],
    ['{:process 0 :type :invoke :f :read}\n{:process 0 :type :ok :f :read', /^line 2: expected "}" to close the map opened on line 2/],
  ])('rejects %j, naming the line and what was expected', (text, message) => {
    expect(() => parseEdnHistory(text)).toThrow(message);
  });
});

describe('jepsen.util log', () => {
  it('reads tab- and space-separated lines alike', () => {
    const text = [
      'INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2]',
      'INFO  jepsen.util - 1   :invoke :read   nil',
      'INFO  jepsen.util - 0\t:fail\t:cas\t[1 2]',
      'INFO  jepsen.util - 1   :info   :read   :timed-out',
      '',
    ].join('\n');
    const events = parseJepsenLog(text);
    expect(strip(events)).toEqual(CAS_HISTORY);
    expect(events.map((event) => event.line)).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.core - starting', /^line 2: expected "INFO jepsen.util - <process> :<type> :<f> <value>"/],
    ['INFO  jepsen.util - x\t:invoke\t:read\tnil', /^line 1: expected the process to be an integer from 0, got "x"$/],
    ['INFO  jepsen.util - 0\t:done\t:read\tnil', /^line 1: expected the type to be one of :invoke, :ok, :fail, :info, got ":done"$/],
    ['INFO  jepsen.util - 0\t:ok\t:read\t[1 2', /^line 1: expected one value such as nil, 3, \[3 0\] or :timed-out, got "\[1 2"/],
    ['INFO  jepsen.util - 0\t:ok\t:read\t1 2', /^line 1: expected one value such as nil, 3, \[3 0\] or :timed-out, got "1 2"$/],
  ])('rejects %j, naming the line and what was expected', (text, message) => {
    expect(() => parseJepsenLog(text)).toThrow(message);
  });
});

describe('format detection', () => {
  it('tells the three formats apart by their first non-blank line', () => {
    expect(detectHistoryFormat('\n{"process":0,"type":"invoke","f":"read","time":0}')).toBe('jsonl');
    expect(detectHistoryFormat('{:process 0, :type :invoke, :f :read}')).toBe('edn');
    expect(detectHistoryFormat('[{:process 0, :type :invoke, :f :read}]')).toBe('edn');
    expect(detectHistoryFormat('INFO  jepsen.util - 0\t:invoke\t:read\tnil')).toBe('jepsen-log');
    expect(detectHistoryFormat('')).toBe('jsonl');
  });

  it('refuses a text it cannot place, naming the line', () => {
    expect(() => detectHistoryFormat('\n\nprocess,type,f')).toThrow(/^line 3: cannot tell the history format: expected a JSON object/);
  });

  it('parses in the format it was told, whatever the text looks like', () => {
    expect(() => parseHistory('INFO  jepsen.util - 0\t:invoke\t:read\tnil', 'jsonl')).toThrow(/^line 1: expected a JSON object, got invalid JSON/);
    expect(parseHistory('INFO  jepsen.util - 0\t:invoke\t:read\tnil', 'auto').format).toBe('jepsen-log');
  });
});
