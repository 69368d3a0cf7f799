import * as XLSX from '@e965/xlsx';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { ByteSink } from './byteSink.ts';
import { crc32 } from './crc32.ts';
import { CsvWriter, csvField } from './csvWriter.ts';
import { columnName, XlsxWriter } from './xlsxWriter.ts';

describe('crc32', () => {
  it('gives the standard check value, also when continued over chunks', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('ByteSink', () => {
  it('joins chunks in order and hashes them as one file', () => {
    const sink = new ByteSink();
    sink.write(new Uint8Array([1, 2]));
    sink.write(new Uint8Array([]));
    sink.write(new Uint8Array([3]));
    const r = sink.finish();
    expect([...r.bytes]).toEqual([1, 2, 3]);
    expect(r.sha256).toBe(bytesToHex(sha256(new Uint8Array([1, 2, 3]))));
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(' pad')).toBe('" pad"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(null)).toBe('');
    expect(csvField('138****1234')).toBe('138****1234');
  });

  it('writes UTF-8 with a BOM and CRLF line ends', () => {
    const sink = new ByteSink();
    const w = new CsvWriter(sink, 'utf8-bom');
    w.writeRows([['ONE_ID', '姓名'], ['P1', '张*']]);
    const { bytes } = sink.finish();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe('ONE_ID,姓名\r\nP1,张*\r\n');
  });

  it('writes GBK without a BOM and counts characters GBK lacks', () => {
    const sink = new ByteSink();
    const w = new CsvWriter(sink, 'gbk');
    w.writeRows([['姓名'], ['王🌸']]);
    const { bytes } = sink.finish();
    expect(new TextDecoder('gbk').decode(bytes)).toBe('姓名\r\n王?\r\n');
    expect(w.unmappable).toBe(1);
  });
});

describe('XLSX', () => {
  it('names columns like Excel', () => {
    expect(columnName(0)).toBe('A');
    expect(columnName(25)).toBe('Z');
    expect(columnName(26)).toBe('AA');
    expect(columnName(701)).toBe('ZZ');
    expect(columnName(702)).toBe('AAA');
  });

  it('writes a workbook SheetJS reads back cell for cell, text staying text', async () => {
    const sink = new ByteSink();
    const w = new XlsxWriter(sink, '客群导出');
    await w.start(['ONE_ID', '手机号', '证件号码', '金额', '备注']);
    const rows = Array.from({ length: 2500 }, (_, i) => [`P${String(i).padStart(9, '0')}`, `1381234${String(i).padStart(4, '0')}`, '110105200803150021', i * 1.5, i === 7 ? 'a & b <c> "d"\u0001' : null]);
    await w.writeRows(rows.slice(0, 1000));
    await w.writeRows(rows.slice(1000));
    await w.finish();
    const { bytes } = sink.finish();
    const wb = XLSX.read(bytes, { type: 'array', dense: true });
    expect(wb.SheetNames).toEqual(['客群导出']);
    const sheet = wb.Sheets['客群导出'];
    if (!sheet) throw new Error('no sheet');
    const aoa = XLSX.utils.sheet_to_json<(string | number)[]>(sheet, { header: 1, raw: true, defval: null });
    expect(aoa).toHaveLength(2501);
    expect(aoa[0]).toEqual(['ONE_ID', '手机号', '证件号码', '金额', '备注']);
    expect(aoa[1]).toEqual(['P000000000', '13812340000', '110105200803150021', 0, null]);
    expect(aoa[8]).toEqual(['P000000007', '13812340007', '110105200803150021', 10.5, 'a & b <c> "d"']);
    expect(aoa[2500]?.[0]).toBe('P000002499');
    expect(typeof aoa[1]?.[1]).toBe('string');
  });

  it('gives the same bytes for the same rows', async () => {
    const once = async (): Promise<string> => {
      const sink = new ByteSink();
      const w = new XlsxWriter(sink, 'x');
      await w.start(['a']);
      await w.writeRows([['1'], ['2']]);
      await w.finish();
      return sink.finish().sha256;
    };
    expect(await once()).toBe(await once());
  });
});
