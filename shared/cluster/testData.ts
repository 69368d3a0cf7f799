/** Planted Gaussian blobs for the cluster tests and the benchmark: reproducible from the seed. */
import { createRandom } from '#shared/jobs/random.ts';

export interface Blobs {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly truth: Int32Array;
}

/** `n` rows in `d` dimensions around `k` centres drawn N(0, spread²), each row N(centre, sd²). */
export function makeBlobs(n: number, d: number, k: number, seed: number, spread = 4, sd = 1): Blobs {
  const r = createRandom(seed);
  const centers = new Float64Array(k * d).map(() => r.normal() * spread);
  const x = new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = r.int(0, k - 1);
    truth[i] = c;
    for (let t = 0; t < d; t++) x[i * d + t] = (centers[c * d + t] as number) + r.normal() * sd;
  }
  return { x, n, d, truth };
}
