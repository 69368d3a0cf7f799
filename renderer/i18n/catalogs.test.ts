import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';

function leafKeys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leafKeys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function leaves(obj: object): string[] {
  return Object.values(obj).flatMap((v) => (typeof v === 'object' && v !== null ? leaves(v as object) : [v as string]));
}

describe('message catalogs', () => {
  it('have identical key sets in zh-CN and en', () => {
    const zh = leafKeys(zhCN).sort();
    const e = leafKeys(en).sort();
    expect(e.filter((k) => !zh.includes(k))).toEqual([]);
    expect(zh.filter((k) => !e.includes(k))).toEqual([]);
    expect(zh.length).toBeGreaterThan(100);
  });

  it('have no empty messages', () => {
    expect(leaves(zhCN).filter((s) => s.trim() === '')).toEqual([]);
    expect(leaves(en).filter((s) => s.trim() === '')).toEqual([]);
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
    const zhEntries = new Map(leafKeys(zhCN).map((k) => [k, k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], zhCN) as string]));
    for (const k of leafKeys(en)) {
      const enText = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en) as string;
      expect({ key: k, vars: vars(enText) }).toEqual({ key: k, vars: vars(zhEntries.get(k) ?? '') });
    }
  });

  it('translate every engine error, reject and cell-issue code into Chinese', () => {
    for (const section of [zhCN.error, zhCN.reject, zhCN.cell]) {
      for (const text of Object.values(section)) expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
