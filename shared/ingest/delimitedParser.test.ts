import { describe, expect, it } from 'vitest';
import { DelimitedParser, type Dialect } from './delimitedParser.ts';
import { BatchBuilder } from './records.ts';

const CSV: Dialect = { delimiter: ',', quote: '"', newline: '\n' };

/** Parses `text` fed in pieces of `chunk` characters; returns records, rejects and blank lines. */
function parse(text: string, chunk = text.length, dialect: Dialect = CSV, maxRecordChars?: number): BatchBuilder {
  const p = maxRecordChars === undefined ? new DelimitedParser(dialect) : new DelimitedParser(dialect, maxRecordChars);
  const out = new BatchBuilder();
  for (let i = 0; i < text.length; i += Math.max(1, chunk)) p.push(text.slice(i, i + Math.max(1, chunk)), out);
  p.end(out);
  return out;
}

/** Every physical line is a record start, a continuation of one, a blank line or a reject. */
function lines(text: string): number {
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

describe('DelimitedParser', () => {
  it('numbers records by physical line, counting line breaks inside quoted fields', () => {
    const text = 'a,b,c\n1,"two\nlines",3\n\n4,"x""y",5\r\n6,"three\r\nline\r\nfield",7\n8,9,10';
    for (const chunk of [1, 2, 3, 7, 1000]) {
      const out = parse(text, chunk);
      expect(out.records.map((r) => r.line)).toEqual([1, 2, 5, 6, 9]);
      expect(out.records[1]?.fields).toEqual(['1', 'two\nlines', '3']);
      expect(out.records[2]?.fields).toEqual(['4', 'x"y', '5']);
      expect(out.records[3]?.fields).toEqual(['6', 'three\r\nline\r\nfield', '7']);
      expect(out.records[4]).toEqual({ line: 9, fields: ['8', '9', '10'], unterminated: true });
      expect(out.blankLines).toBe(1);
      expect(out.rejects).toEqual([]);
    }
  });

  it('strips CR of CRLF line ends and counts lines of only delimiters as blank', () => {
    const out = parse('a;b\r\n1;2\r\n;\r\n  \r\n3;4\r\n', 5, { delimiter: ';', quote: '"', newline: '\n' });
    expect(out.records.map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(out.records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(out.blankLines).toBe(2);
  });

  it('accounts for every line after an unbalanced quote at the end of the file', () => {
    const text = 'a,b\n1,"broken\n2,ok\n3,fine\n';
    const out = parse(text, 4);
    expect(out.rejects.map((r) => [r.line, r.code, r.raw])).toEqual([[2, 'UNBALANCED_QUOTE', '1,"broken']]);
    expect(out.records.map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'a', 'b'],
      [3, '2', 'ok'],
      [4, '3', 'fine'],
    ]);
    expect(out.records.length + out.rejects.length + out.blankLines).toBe(lines(text));
  });

  it('splits a record where a broken quote was closed by a later quote several lines down', () => {
    const text = 'a,b,c\n1,"broken,x\n2,y,z\n3,"q",w\n4,5,6\n';
    const out = parse(text, 3);
    expect(out.rejects.map((r) => [r.line, r.code])).toEqual([[2, 'UNBALANCED_QUOTE']]);
    expect(out.records.map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'a', 'b', 'c'],
      [3, '2', 'y', 'z'],
      [4, '3', 'q', 'w'],
      [5, '4', '5', '6'],
    ]);
  });

  it('gives up on a quote that stays open past the record size limit and keeps reading', () => {
    const body = Array.from({ length: 200 }, (_, i) => `${i},row`).join('\n');
    const text = `a,b\n1,"never closed\n${body}\n`;
    const out = parse(text, 64, CSV, 500);
    expect(out.rejects[0]).toMatchObject({ line: 2, code: 'UNBALANCED_QUOTE' });
    expect(out.records).toHaveLength(201);
    expect(out.records.at(-1)).toEqual({ line: 202, fields: ['199', 'row'] });
    expect(out.records.length + out.rejects.length + out.blankLines).toBe(lines(text));
  });

  it('rejects an over-long line and resumes at the next line', () => {
    const text = `a,b\n${'x'.repeat(5000)}\n1,2\n`;
    const out = parse(text, 100, CSV, 1000);
    expect(out.rejects.map((r) => [r.line, r.code])).toEqual([[2, 'ROW_TOO_LONG']]);
    expect(out.rejects[0]?.raw.startsWith('xxxx')).toBe(true);
    expect(out.records.map((r) => r.line)).toEqual([1, 3]);
  });

  it('marks a truncated last line, and an open quote on it as TRUNCATED', () => {
    expect(parse('a,b\n1,2\n3').records.at(-1)).toEqual({ line: 3, fields: ['3'], unterminated: true });
    const out = parse('a,b\n1,2\n3,"cut off');
    expect(out.rejects).toEqual([{ line: 3, code: 'TRUNCATED', raw: '3,"cut off', params: {} }]);
  });

  it('reads a one-value-per-line file literally, commas and quotes included', () => {
    const text = '好用，就是慢,还行\n"引号开头的评论\n第三条\n';
    const out = parse(text, 5, { delimiter: '', quote: null, newline: '\n' });
    expect(out.records.map((r) => r.fields)).toEqual([['好用，就是慢,还行'], ['"引号开头的评论'], ['第三条']]);
  });

  it('keeps a 10,000-column line as one record', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => String(i)).join(',');
    const out = parse(`a,b\n${wide}\n1,2\n`, 4096);
    expect(out.records[1]?.fields).toHaveLength(10_000);
    expect(out.records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('flags text holding NUL or undecodable bytes', () => {
    expect(parse('a,b\n1,2\n').suspect).toBe(false);
    expect(parse('a,b\n1,\u0000\n').suspect).toBe(true);
    expect(parse('a,b\n1,\ufffd\n').suspect).toBe(true);
  });

  it('reads old Mac line breaks', () => {
    const out = parse('a,b\r1,2\r3,4', 3, { delimiter: ',', quote: '"', newline: '\r' });
    expect(out.records.map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
      [3, '3', '4'],
    ]);
  });
});
