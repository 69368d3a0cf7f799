/** A nominal type: a plain value that the compiler keeps apart from others of the same base type. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** One person across all channels (ONE_ID). */
export type OneId = Brand<string, 'OneId'>;
/** The id of one record in one source file (e.g. a core customer number, an app user id). */
export type SourceRecordId = Brand<string, 'SourceRecordId'>;
/** An import batch (one run of the import wizard or `kequn import`). */
export type BatchId = Brand<number, 'BatchId'>;
/** One imported file inside a batch. */
export type FileId = Brand<number, 'FileId'>;
/** A group: lifecycle group, cluster or segment. */
export type GroupId = Brand<string, 'GroupId'>;
/** A tag key from the tag registry. */
export type TagId = Brand<string, 'TagId'>;
/** Money in integer minor units (fen, 1/100 yuan). Never mix with yuan. */
export type Fen = Brand<number, 'Fen'>;
/** A number in [0, 1]. */
export type Ratio = Brand<number, 'Ratio'>;

export function asFen(n: number): Fen {
  return Math.round(n) as Fen;
}
