// The EDN subset: what it reads, and the line-numbered errors for what it does not.
import { describe, expect, it } from 'vitest';
import { readEdnForms } from '../../../src/check/history/edn-reader.ts';

describe('EDN reader', () => {
  it('reads maps, vectors, lists, keywords, integers, strings, nil, true and false', () => {
    const [{ value: form } = { value: null }] = readEdnForms('{:process 0, :type :invoke, :f :cas, :value [1 -2 (3 4N)], :note "a \\"b\\"\\n", :ok true, :no false, :none nil}');
    expect(form).toEqual({
      kind: 'map',
      line: 1,
      entries: new Map<string, unknown>([
        ['process', 0],
        ['type', { kind: 'keyword', name: 'invoke' }],
        ['f', { kind: 'keyword', name: 'cas' }],
        [
          'value',
          {
            kind: 'vector',
            line: 1,
            items: [1, -2, { kind: 'list', line: 1, items: [3, 4], itemLines: [1, 1] }],
            itemLines: [1, 1, 1],
          },
        ],
        ['note', 'a "b"\n'],
        ['ok', true],
        ['no', false],
        ['none', null],
      ]),
    });
  });

  it('reads several top-level forms, skipping commas and ; comments, and knows their lines', () => {
    const forms = readEdnForms('; a history\n{:a 1}\n\n{:b 2} ; trailing\n,:c');
    expect(forms.map((form) => form.line)).toEqual([2, 4, 5]);
  });

  it.each([
    ['{:a 1', /^line 1: expected "}" to close the map opened on line 1, got the end of the text$/],
    ['[1 2\n 3', /^line 2: expected "\]" to close the vector opened on line 1/],
    ['{:a 1}\n{"a" 1}', /^line 2: expected a keyword as map key, got "a"$/],
    ['{:a}', /^line 1: expected a value for :a$/],
    ['{:a 1 :a 2}', /^line 1: the key :a appears twice in one map$/],
    ['\n\n{:value 1.5}', /^line 3: unexpected "1.5": expected a map, vector, list, keyword, integer, string, nil, true or false$/],
    ['{:value foo}', /^line 1: unexpected "foo"/],
    ['{:value #{1}}', /^line 1: unexpected "#"/],
    ['"abc', /^line 1: expected a closing quote for the string that starts there$/],
    ['"a\\q"', /^line 1: unknown escape \\q in a string/],
    ['99999999999999999999', /^line 1: integer 99999999999999999999 is too large/],
    ['}', /^line 1: unexpected "}": expected a value$/],
    ['[:]', /^line 1: expected a keyword name after ":", got ""$/],
    ['['.repeat(100), /^line 1: nesting deeper than 64 levels$/],
  ])('rejects %j with the line and what was expected', (text, message) => {
    expect(() => readEdnForms(text)).toThrow(RangeError);
    expect(() => readEdnForms(text)).toThrow(message);
  });
});
