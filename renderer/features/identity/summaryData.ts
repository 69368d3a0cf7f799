/**
 * Summary data shaped for display: the channel overlap as UpSet input, and the match model's m/u table with
 * each level's weight.
 */
import type { ChannelOverlap, FsModelSummary, IdentityChannel } from '#shared/api/identityTypes.ts';
import type { UpSetData } from '#renderer/charts/upset.ts';

/** UpSet sets in the engine's channel order and the intersections by index into them. */
export function overlapUpSet(overlap: ChannelOverlap, label: (c: IdentityChannel) => string): UpSetData {
  const index = new Map(overlap.channels.map((c, i) => [c.channel, i]));
  return {
    sets: overlap.channels.map((c) => ({ key: c.channel, label: label(c.channel), size: c.persons })),
    intersections: overlap.intersections.map((x) => ({
      sets: x.channels.flatMap((c) => {
        const i = index.get(c);
        return i === undefined ? [] : [i];
      }),
      size: x.persons,
    })),
  };
}

export interface ModelRow {
  readonly field: string;
  readonly level: string;
  readonly m: number;
  readonly u: number;
  /** log2(m / u), the level's Bayes factor; null when either probability is 0. */
  readonly weight: number | null;
}

export function modelRows(model: FsModelSummary): ModelRow[] {
  return model.fields.flatMap((f) =>
    f.levels.map((level, i) => {
      const m = f.m[i] ?? 0;
      const u = f.u[i] ?? 0;
      return { field: f.field, level, m, u, weight: m > 0 && u > 0 ? Math.log2(m / u) : null };
    }),
  );
}

/** A weight (log2 odds) with its sign and one decimal. */
export function signedWeight(w: number): string {
  return `${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(1)}`;
}
