/**
 * Nelder–Mead minimisation (Lagarias et al. 1998 coefficients: reflection 1, expansion 2, contraction 0.5,
 * shrink 0.5). Hand-written because the npm options are unmaintained and untyped (fmin 0.0.4, last published
 * 2017) and the method is forty lines; it is deterministic (no random restarts), so fits are reproducible.
 */

export interface NelderMeadResult {
  readonly x: number[];
  readonly fx: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Minimises `f` from `x0`. The initial simplex steps each coordinate by `step` (default 0.5; suits log-scale
 * parameters). Stops when the simplex's function values and points both vary by less than `tolerance`.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: { readonly maxIterations?: number; readonly tolerance?: number; readonly step?: number } = {},
): NelderMeadResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 1000 * n;
  const tol = options.tolerance ?? 1e-9;
  const step = options.step ?? 0.5;
  const value = (x: number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let simplex: { x: number[]; fx: number }[] = [{ x: [...x0], fx: value([...x0]) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] = (x[i] as number) + step;
    simplex.push({ x, fx: value(x) });
  }
  const combine = (a: readonly number[], b: readonly number[], t: number): number[] => a.map((ai, i) => ai + t * ((b[i] as number) - ai));
  let it = 0;
  let converged = false;
  for (; it < maxIterations; it++) {
    simplex.sort((p, q) => p.fx - q.fx);
    const best = simplex[0] as { x: number[]; fx: number };
    const worst = simplex[n] as { x: number[]; fx: number };
    const spreadF = Math.abs(worst.fx - best.fx);
    let spreadX = 0;
    for (const p of simplex) for (let i = 0; i < n; i++) spreadX = Math.max(spreadX, Math.abs((p.x[i] as number) - (best.x[i] as number)));
    if (spreadF <= tol * (1 + Math.abs(best.fx)) && spreadX <= tol * 10) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + (simplex[k]?.x[i] as number) / n;
    const reflected = combine(centroid, worst.x, -1);
    const fr = value(reflected);
    const second = simplex[n - 1] as { fx: number };
    if (fr < best.fx) {
      const expanded = combine(centroid, worst.x, -2);
      const fe = value(expanded);
      simplex[n] = fe < fr ? { x: expanded, fx: fe } : { x: reflected, fx: fr };
    } else if (fr < second.fx) {
      simplex[n] = { x: reflected, fx: fr };
    } else {
      const outside = fr < worst.fx;
      const contracted = combine(centroid, outside ? reflected : worst.x, 0.5);
      const fc = value(contracted);
      if (fc < (outside ? fr : worst.fx)) simplex[n] = { x: contracted, fx: fc };
      else simplex = simplex.map((p, k) => (k === 0 ? p : { x: combine(best.x, p.x, 0.5), fx: value(combine(best.x, p.x, 0.5)) }));
    }
  }
  simplex.sort((p, q) => p.fx - q.fx);
  const best = simplex[0] as { x: number[]; fx: number };
  return { x: best.x, fx: best.fx, iterations: it, converged };
}
