import { describe, expect, it } from 'vitest';
import { parseBool } from './bool.ts';

describe('parseBool', () => {
  it.each([
    ['是', 1], ['否', 0], ['Y', 1], ['N', 0], ['y', 1], ['n', 0], ['yes', 1], ['No', 0], ['YES', 1], ['true', 1],
    ['FALSE', 0], ['True', 1], ['1', 1], ['0', 0], ['1.0', 1], ['0.0', 0], ['有', 1], ['无', 0], ['T', 1], ['f', 0],
    ['√', 1], ['×', 0], ['✓', 1], ['✗', 0], ['对', 1], ['错', 0], ['真', 1], ['假', 0], [' 是 ', 1], ['Ｙ', 1],
    ['１', 1], ['on', 1], ['OFF', 0], ['是的', 1], ['不是', 0],
  ] as const)('%j → %d', (raw, value) => {
    expect(parseBool(raw)).toEqual({ ok: true, value });
  });

  it.each(['', '2', '-1', 'maybe', '是否', 'x', '10', '01', '未知', 'null', 'yes!'])('%j is BOOL_INVALID', (raw) => {
    expect(parseBool(raw)).toEqual({ ok: false, code: 'BOOL_INVALID' });
  });
});
