/**
 * A sentence embedder over transformers.js from files the caller reads (a folder on disk, File objects of a
 * folder input, or a same-origin URL path) — never the network: remote and library-local loading are switched
 * off and every file request is answered through transformers.js's custom-cache hook, so a missing file is an
 * error and no request leaves the machine. The host imports and configures the library (backend, wasm paths)
 * and passes it in.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import { hash53, hashText } from '#shared/identity/hash53.ts';
import type * as TransformersModule from '@huggingface/transformers';
import type { Embedder } from './textHost.ts';

type Transformers = typeof TransformersModule;

/** Reads a file of the model folder by its relative path (`config.json`, `onnx/model.onnx`); null when absent. */
export type ModelFileReader = (relativePath: string) => Promise<Uint8Array | null>;

const MODEL_ID = 'model';
const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;

/** The part of a transformers.js cache key after the model id: local `/model/x` or remote `…/model/resolve/main/x`. */
export function relativeModelPath(key: string): string {
  const remote = key.indexOf('/resolve/main/');
  if (remote >= 0) return key.slice(remote + '/resolve/main/'.length);
  const local = key.indexOf(`/${MODEL_ID}/`);
  return local >= 0 ? key.slice(local + MODEL_ID.length + 2) : key;
}

/**
 * Loads the model through `read` and returns an embedder (mean pooling, L2-normalised).
 *
 * @param device `cpu` (onnxruntime-node) in Node, `wasm` (onnxruntime-web) in a worker
 */
export async function createTransformersEmbedder(lib: Transformers, read: ModelFileReader, device: 'cpu' | 'wasm', label: string): Promise<Embedder> {
  const files = new Map<string, Uint8Array>();
  for (const f of REQUIRED) {
    const bytes = await read(f).catch(() => null);
    if (!bytes) throw new ExpectedError('MODEL_UNREADABLE', `The model folder ${label} has no ${f} (a transformers.js model folder holds config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx).`, { file: f });
    files.set(f, bytes);
  }
  const { env } = lib;
  // The library refuses to run with both local and remote loading off. Local loading stays on but points at a
  // folder that does not exist: every file we have is answered by the cache hook first, and a file we do not
  // have ends as "not found" (on disk in Node, a same-origin 404 in a browser), never as a download.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useBrowserCache = false;
  env.useFSCache = false;
  env.localModelPath = '/kequn-model-files-come-from-the-cache/';
  env.useCustomCache = true;
  env.customCache = {
    async match(key: string) {
      const rel = relativeModelPath(key);
      let bytes = files.get(rel);
      if (bytes === undefined) {
        const read1 = await read(rel).catch(() => null);
        if (read1) files.set(rel, (bytes = read1));
      }
      return bytes === undefined ? undefined : new Response(bytes.slice().buffer, { status: 200, headers: { 'content-length': String(bytes.byteLength) } });
    },
    put: () => Promise.resolve(),
  };
  let extractor: Awaited<ReturnType<typeof lib.pipeline<'feature-extraction'>>>;
  try {
    extractor = await lib.pipeline('feature-extraction', MODEL_ID, { dtype: 'fp32', device });
  } catch (e) {
    throw new ExpectedError('MODEL_UNREADABLE', `The model in ${label} could not be loaded: ${e instanceof Error ? e.message : String(e)}`, {}, { cause: e });
  }
  const config = new TextDecoder().decode(files.get('config.json'));
  const key = `${hashText(hash53(config))}-${files.get('onnx/model.onnx')?.byteLength ?? 0}-${hashText(hash53(new TextDecoder('latin1').decode(files.get('onnx/model.onnx')?.subarray(0, 65_536))))}`;
  const probe = await extractor(['测试'], { pooling: 'mean', normalize: true });
  const dims = probe.dims[1] ?? 0;
  return {
    key,
    dims,
    async embed(texts) {
      if (texts.length === 0) return [];
      const out = await extractor([...texts], { pooling: 'mean', normalize: true });
      const data = out.data as Float32Array;
      return texts.map((_, i) => data.slice(i * dims, (i + 1) * dims));
    },
  };
}
