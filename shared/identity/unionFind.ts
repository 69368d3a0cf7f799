/**
 * Disjoint sets over integer ids 0…n−1 in typed arrays: union by size, path halving on find. Hand-written because
 * the npm union-find packages keep objects per element; at millions of records a typed array is several times
 * faster and smaller.
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  private sets: number;

  constructor(readonly n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.sets = n;
  }

  /** The representative of `x`'s set; halves the path on the way (every node then points to its grandparent). */
  find(x: number): number {
    const p = this.parent;
    let i = x;
    let q = p[i] as number;
    while (q !== i) {
      const g = p[q] as number;
      p[i] = g;
      i = g;
      q = p[i] as number;
    }
    return i;
  }

  /**
   * Joins the sets of `a` and `b` and returns the new representative (the root of the larger set), or −1 when they
   * were already one set.
   */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return -1;
    if ((this.size[ra] as number) < (this.size[rb] as number)) {
      const t = ra;
      ra = rb;
      rb = t;
    }
    this.parent[rb] = ra;
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number);
    this.sets--;
    return ra;
  }

  /** Joins `child`'s set under root `root` (both must be roots); used when the caller merged per-root state first. */
  attach(root: number, child: number): void {
    this.parent[child] = root;
    this.size[root] = (this.size[root] as number) + (this.size[child] as number);
    this.sets--;
  }

  setSize(x: number): number {
    return this.size[this.find(x)] as number;
  }

  get count(): number {
    return this.sets;
  }

  /** Component index 0…count−1 of every element, numbered by first appearance. */
  labels(): Int32Array {
    const out = new Int32Array(this.n).fill(-1);
    const byRoot = new Int32Array(this.n).fill(-1);
    let next = 0;
    for (let i = 0; i < this.n; i++) {
      const r = this.find(i);
      let l = byRoot[r] as number;
      if (l < 0) {
        l = next++;
        byRoot[r] = l;
      }
      out[i] = l;
    }
    return out;
  }
}
