/**
 * What the text engine needs from its environment (part of the Host, shared/host/host.ts): a jieba segmenter and
 * a sentence-embedding model loader. The Node host gives native `@node-rs/jieba` and a model read from a folder
 * path; the worker host gives `jieba-wasm` and a model read from the user's chosen folder (served at
 * `app://kequn/model/` in the desktop app, or File objects from a folder input in a browser). Neither ever
 * loads anything from the network.
 */

/** Cuts Chinese text into words. Implementations give identical tokens for the same dictionary. */
export interface Segmenter {
  /** Words of `text` in order, with jieba's HMM for unknown words; punctuation and spaces are tokens too. */
  cut(text: string): string[];
}

/** Where a sentence-embedding model (transformers.js layout: config.json, tokenizer.json, onnx/model.onnx) is. */
export type ModelSource =
  /** A folder on disk (CLI, tests). */
  | { readonly kind: 'path'; readonly path: string }
  /** A same-origin URL path the folder is served under, e.g. `/model/` from `app://kequn/` (desktop). */
  | { readonly kind: 'url'; readonly base: string }
  /** The files of a folder the user picked in a browser (`<input webkitdirectory>`), read in the worker. */
  | { readonly kind: 'files'; readonly files: readonly File[] };

export interface Embedder {
  /** Identifies the model's weights (name and size of its files): cached vectors are keyed by it. */
  readonly key: string;
  readonly dims: number;
  /** Mean-pooled, L2-normalised sentence vectors, one per text. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export interface TextHost {
  /**
   * A segmenter with jieba's default dictionary plus `userDictionary` (jieba lines `word freq tag`; frequency 0
   * removes a word).
   */
  createSegmenter(userDictionary: string): Promise<Segmenter>;
  /** Loads a model from a folder the user chose; an ExpectedError when files are missing or unreadable. */
  loadEmbedder(source: ModelSource): Promise<Embedder>;
}
