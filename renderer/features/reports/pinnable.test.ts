import { describe, expect, it } from 'vitest';
import { pinnableOption } from './pinnable.ts';

describe('pinnableOption', () => {
  it('keeps data, turns typed arrays into arrays and drops functions', () => {
    const option = { title: { text: '分布' }, series: [{ type: 'scatter', data: new Float32Array([1, 2.5]), label: { formatter: (p: unknown) => String(p) } }] };
    expect(pinnableOption(option)).toEqual({ title: { text: '分布' }, series: [{ type: 'scatter', data: [1, 2.5], label: {} }] });
  });
});
