/**
 * The Node segmenter: native @node-rs/jieba (about 3× faster than jieba-wasm in Node, STACK-NOTES §4), with
 * jieba's default dictionary and the workspace's user dictionary merged in. An instance is built per distinct
 * user dictionary (a rebuild is how a removed word is forgotten); the last one is kept.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Segmenter } from '#shared/text/textHost.ts';

let cached: { readonly dictionary: string; readonly segmenter: Segmenter } | null = null;

export function nativeSegmenter(userDictionary: string): Segmenter {
  if (cached?.dictionary === userDictionary) return cached.segmenter;
  const jieba = Jieba.withDict(dict);
  if (userDictionary.trim() !== '') jieba.loadDict(Buffer.from(userDictionary, 'utf8'));
  const segmenter: Segmenter = { cut: (text) => jieba.cut(text, true) };
  cached = { dictionary: userDictionary, segmenter };
  return segmenter;
}
