/** Types of the customer wide table job (`profile.*`, shared/profile). */

export interface ProfileBuildResult {
  /** Rows written: one per ONE_ID that has a core customer number. */
  readonly rows: number;
  readonly asOf: string;
  readonly builtAt: string;
  readonly ms: number;
  /** Milliseconds per step (`customers`, `products`, `transactions`, `events`, `touches`, `notes`, `relations`, `write`). */
  readonly steps: Readonly<Record<string, number>>;
}

export interface ProfileStatus {
  readonly built: boolean;
  readonly rows: number;
  readonly asOf: string | null;
  readonly builtAt: string | null;
  readonly ms: number | null;
  /**
   * True when the wide table may not reflect the data: the as-of date moved, files were imported or ONE_IDs
   * were resolved after it was built.
   */
  readonly stale: boolean;
  readonly columns: number;
}
