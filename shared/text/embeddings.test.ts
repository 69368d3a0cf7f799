import { describe, expect, it } from 'vitest';
import { customerVectors, nearDuplicatePairs, nearest, textHash } from './embeddings.ts';
import { parseDictionary, createWasmSegmenterFactory } from './jiebaWasmSegmenter.ts';
import { maskText } from './maskText.ts';
import { relativeModelPath } from './transformersEmbedder.ts';

const unit = (xs: number[]): Float32Array => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

describe('vector helpers', () => {
  it('finds nearest vectors and near-duplicate pairs', () => {
    const v = [unit([1, 0, 0]), unit([0.99, 0.01, 0]), unit([0, 1, 0]), unit([0, 0, 1])];
    expect(nearest(unit([1, 0, 0]), v, 2).map((h) => h.index)).toEqual([0, 1]);
    const pairs = nearDuplicatePairs(v, 0.99, 1);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([[0, 1]]);
    expect(nearDuplicatePairs([], 0.9, 1)).toEqual([]);
  });

  it('averages a customer\'s note vectors to unit length', () => {
    const m = customerVectors(new Map([[1, 'P1'], [2, 'P1'], [3, 'P2']]), [1, 2, 3, 4], [unit([1, 0]), unit([0, 1]), unit([1, 1]), unit([1, 0])]);
    expect([...(m.get('P1') ?? [])].map((x) => Math.round(x * 1000) / 1000)).toEqual([0.707, 0.707]);
    expect(m.size).toBe(2);
  });

  it('hashes text stably', () => {
    expect(textHash('转账失败')).toBe(textHash('转账失败'));
    expect(textHash('转账失败')).not.toBe(textHash('转账成功'));
  });
});

describe('model files and segmenter plumbing', () => {
  it('maps transformers.js cache keys to paths inside the model folder', () => {
    expect(relativeModelPath('/kequn-model-files-come-from-the-cache/model/onnx/model.onnx')).toBe('onnx/model.onnx');
    expect(relativeModelPath('https://huggingface.co/model/resolve/main/config.json')).toBe('config.json');
  });

  it('parses dictionary lines and re-applies a changed dictionary to the wasm module', () => {
    expect(parseDictionary('提额 50000 v\n\n坏 -1\n词')).toEqual([{ word: '提额', freq: 50000, tag: 'v' }, { word: '词', freq: 0, tag: null }]);
    const calls: [string, number | null | undefined][] = [];
    const factory = createWasmSegmenterFactory({ cut: (t) => [...t], add_word: (w, f) => calls.push([w, f]) });
    factory('甲 10 n\n乙 20 n');
    factory('甲 10 n\n乙 20 n');
    expect(calls).toEqual([['甲', 10], ['乙', 20]]);
    factory('乙 30 n');
    expect(calls.slice(2)).toEqual([['甲', 0], ['乙', 30]]);
  });

  it('masks personal data written inside notes', () => {
    expect(maskText('请回电13912345678，卡号6222021234567890123，邮箱zhang@example.com')).toBe('请回电139****5678，卡号6222***********0123，邮箱z***@example.com');
    expect(maskText('身份证110101198003150015已核实')).toBe('身份证110***********0015已核实');
  });
});
