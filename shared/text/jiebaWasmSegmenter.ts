/**
 * The segmenter over jieba-wasm, the only jieba that runs in a browser worker (STACK-NOTES §4). jieba-wasm keeps
 * one global dictionary per loaded module and cannot forget a word, so this adapter remembers which words it
 * added and gives the ones a later dictionary no longer holds frequency 0 — which is what a fresh native
 * instance without them would do for an added word.
 */
import type { Segmenter } from './textHost.ts';

/** The two functions of jieba-wasm's module this adapter uses (the module is loaded by the host). */
export interface JiebaWasmModule {
  cut(text: string, hmm?: boolean | null): string[];
  add_word(word: string, freq?: number | null, tag?: string | null): number;
}

/** Parses jieba dictionary lines `word freq tag` (frequency and tag optional; bad lines are skipped). */
export function parseDictionary(text: string): { word: string; freq: number; tag: string | null }[] {
  const out: { word: string; freq: number; tag: string | null }[] = [];
  for (const line of text.split('\n')) {
    const [word, freq, tag] = line.trim().split(/\s+/);
    if (!word) continue;
    const f = freq === undefined ? 0 : Number(freq);
    if (!Number.isFinite(f) || f < 0) continue;
    out.push({ word, freq: Math.round(f), tag: tag ?? null });
  }
  return out;
}

export function createWasmSegmenterFactory(mod: JiebaWasmModule): (userDictionary: string) => Segmenter {
  const applied = new Map<string, string>();
  let current: string | null = null;
  const segmenter: Segmenter = { cut: (text) => mod.cut(text, true) };
  return (userDictionary) => {
    if (current === userDictionary) return segmenter;
    const words = parseDictionary(userDictionary);
    const now = new Set(words.map((w) => w.word));
    for (const [word, tag] of applied) {
      if (!now.has(word)) {
        mod.add_word(word, 0, tag);
        applied.delete(word);
      }
    }
    for (const w of words) {
      const tag = w.tag ?? 'n';
      mod.add_word(w.word, w.freq, tag);
      applied.set(w.word, tag);
    }
    current = userDictionary;
    return segmenter;
  };
}
