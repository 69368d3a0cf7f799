/**
 * The worker side of the text host (shared/text/textHost.ts): jieba-wasm for segmentation (the only jieba that
 * runs in a browser, STACK-NOTES §4) and transformers.js on onnxruntime-web for a model the user chose — from the
 * File objects of a folder input (browser mode) or from the folder the desktop app serves at `app://kequn/model/`.
 * The runtime's wasm comes from our own bundle; model files only from the user's folder. transformers.js and
 * onnxruntime-web are loaded when a model is first used, so the app does not pay for them otherwise.
 */
import initJieba, * as jieba from 'jieba-wasm';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { ExpectedError } from '#shared/api/errors.ts';
import { createWasmSegmenterFactory } from '#shared/text/jiebaWasmSegmenter.ts';
import type { ModelSource, TextHost } from '#shared/text/textHost.ts';
import { createTransformersEmbedder, type ModelFileReader } from '#shared/text/transformersEmbedder.ts';

/** Reads the files of a picked folder: `webkitRelativePath` is `<folder>/onnx/model.onnx`, the folder name is dropped. */
export function fileReader(files: readonly File[]): ModelFileReader {
  const byPath = new Map<string, File>();
  for (const f of files) {
    const rel = f.webkitRelativePath ? f.webkitRelativePath.split('/').slice(1).join('/') : f.name;
    byPath.set(rel, f);
  }
  return async (rel) => {
    const f = byPath.get(rel);
    return f ? new Uint8Array(await f.arrayBuffer()) : null;
  };
}

/** Reads from a folder served on our own origin; any other origin is refused before a request is made. */
export function sameOriginReader(base: string, origin: string): ModelFileReader {
  const root = new URL(base, origin);
  if (root.origin !== origin) throw new ExpectedError('MODEL_UNREADABLE', 'The model folder must be served by the app itself.', { base });
  return async (rel) => {
    const url = new URL(rel, root.href.endsWith('/') ? root : `${root.href}/`);
    if (url.origin !== origin) return null;
    const r = await fetch(url);
    return r.ok ? new Uint8Array(await r.arrayBuffer()) : null;
  };
}

function readerFor(source: ModelSource): { read: ModelFileReader; label: string } {
  switch (source.kind) {
    case 'files':
      return { read: fileReader(source.files), label: source.files[0]?.webkitRelativePath.split('/')[0] ?? '(folder)' };
    case 'url':
      return { read: sameOriginReader(source.base, self.location.origin), label: source.base };
    case 'path':
      throw new ExpectedError('MODEL_UNREADABLE', 'A model folder path can only be read by the command line.', { kind: 'path' });
  }
}

export function workerTextHost(): TextHost {
  let jiebaReady: Promise<unknown> | null = null;
  const segmenterFor = createWasmSegmenterFactory(jieba);
  return {
    async createSegmenter(userDictionary) {
      jiebaReady ??= initJieba();
      await jiebaReady;
      return segmenterFor(userDictionary);
    },
    async loadEmbedder(source) {
      const { read, label } = readerFor(source);
      const lib = await import('@huggingface/transformers');
      // Its wasm cache re-imports the runtime from a blob: URL, which the app's CSP (script-src 'self') refuses.
      lib.env.useWasmCache = false;
      const wasm = lib.env.backends.onnx.wasm;
      if (wasm) {
        wasm.wasmPaths = { mjs: ortMjsUrl, wasm: ortWasmUrl };
        // One thread: more would need cross-origin isolation, which the app's pages do not have.
        wasm.numThreads = 1;
      }
      return createTransformersEmbedder(lib, read, 'wasm', label);
    },
  };
}
