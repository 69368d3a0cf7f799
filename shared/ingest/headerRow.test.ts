import { describe, expect, it } from 'vitest';
import { detectHeader, isTotalRow } from './headerRow.ts';
import type { SourceRecord } from './records.ts';

const recs = (rows: string[][], firstLine = 1): SourceRecord[] => rows.map((fields, i) => ({ line: firstLine + i, fields }));

describe('detectHeader', () => {
  it('finds a header of known field names below title lines', () => {
    const h = detectHeader(
      recs([
        ['客户信息导出 2024-06-30', '', '', ''],
        ['导出时间：2024-07-01 09:30'],
        ['客户号', '姓名', '手机号', '年龄'],
        ['C001', '张三', '13912345678', '30'],
        ['C002', '李四', '13812345678', '41'],
      ]),
    );
    expect(h.headerRow).toBe(3);
    expect(h.headers).toEqual(['客户号', '姓名', '手机号', '年龄']);
    expect(h.leading.map((r) => r.line)).toEqual([1, 2]);
  });

  it('takes unknown labels above data as a header', () => {
    const h = detectHeader(recs([['sentence1', 'sentence2', 'label'], ['怎么还款', '如何还款', '1'], ['额度多少', '开通失败', '0']]));
    expect(h.headerRow).toBe(1);
  });

  it('reads a file without a header and names its columns 列1, 列2 …', () => {
    const h = detectHeader(recs([['C001', '张三', '30'], ['C002', '李四', '41'], ['C003', '王五', '52']]));
    expect(h).toMatchObject({ headerRow: 0, headers: ['列1', '列2', '列3'] });
  });

  it('sees no header above one-per-line free text', () => {
    const h = detectHeader(recs([['特意登录上来评价，简直垃圾，老是提示网络异常'], ['5000都转不了不知道弄个手机银行干嘛用！'], ['中国工商银行app还行']]));
    expect(h.headerRow).toBe(0);
  });

  it('keeps a header of one known name over a text column', () => {
    const h = detectHeader(recs([['评论'], ['特意登录上来评价，简直垃圾'], ['还行']]));
    expect(h).toMatchObject({ headerRow: 1, headers: ['评论'] });
  });

  it('names empty and repeated header cells uniquely', () => {
    const h = detectHeader(recs([['客户号', '', '客户号'], ['C1', 'x', 'y'], ['C2', 'x', 'y']]));
    expect(h.headers).toEqual(['客户号', '列2', '客户号_2']);
  });

  it('follows a header row chosen by the user', () => {
    const h = detectHeader(recs([['a', 'b'], ['c', 'd'], ['1', '2']]), 2);
    expect(h).toMatchObject({ headerRow: 2, headers: ['c', 'd'] });
    expect(h.leading).toHaveLength(1);
    expect(detectHeader(recs([['客户号', '姓名'], ['C1', 'x']]), 0)).toMatchObject({ headerRow: 0, headers: ['列1', '列2'] });
  });
});

describe('isTotalRow', () => {
  it.each([['合计', '', '3.5'], ['总计：', '100'], ['', '小计', '12'], ['Total', '9'], ['共 1,234 条记录'], ['本页合计(元)', '5']])('recognises %j', (...cells) => {
    expect(isTotalRow(cells)).toBe(true);
  });

  it.each([['C001', '合计'], ['合计收入很高的客户'], ['totally', 'x'], ['']])('leaves %j alone', (...cells) => {
    expect(isTotalRow(cells)).toBe(false);
  });
});
