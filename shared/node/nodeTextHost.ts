/**
 * The Node side of the text host: native jieba, and models read from a folder path the user gave. transformers.js
 * is imported only when a model is first loaded (it pulls in onnxruntime-node).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { ExpectedError } from '#shared/api/errors.ts';
import type { TextHost } from '#shared/text/textHost.ts';
import { createTransformersEmbedder } from '#shared/text/transformersEmbedder.ts';
import { nativeSegmenter } from './nativeSegmenter.ts';

export function nodeTextHost(): TextHost {
  return {
    createSegmenter: (userDictionary) => Promise.resolve(nativeSegmenter(userDictionary)),
    async loadEmbedder(source) {
      if (source.kind !== 'path') throw new ExpectedError('MODEL_UNREADABLE', 'In the command line a model is a folder path.', { kind: source.kind });
      const root = resolve(source.path);
      const lib = await import('@huggingface/transformers');
      return createTransformersEmbedder(
        lib,
        async (rel) => {
          const file = resolve(join(root, rel));
          if (!file.startsWith(root + sep)) return null;
          return new Uint8Array(await readFile(file));
        },
        'cpu',
        root,
      );
    },
  };
}
