/**
 * Per-person accumulators filled by the scans of the entity tables, in typed arrays indexed by person (see
 * persons.ts) so that a million customers and ten million facts fit in a few hundred megabytes.
 */

/** Days of the behaviour window (BG/NBD calibration, gaps, distinct active days): 104 weeks plus slack. */
export const WINDOW_DAYS = 730;
const WORDS = Math.ceil(WINDOW_DAYS / 32);
/** Sentinel for "no date seen" in the `*Ago` arrays (days before the as-of date). */
export const NEVER = 2_000_000_000;

/** Channel bits of `channelMask` (activity in 365 days). */
export const CH_APP = 1;
export const CH_WEB = 2;
export const CH_WECHAT = 4;
export const CH_BRANCH = 8;

/** Product-category bits of `productMask`. */
export const PR_DEPOSIT = 1;
export const PR_WEALTH = 2;
export const PR_FUND = 4;
export const PR_INSURANCE = 8;
export const PR_LOAN = 16;
export const PR_CREDIT_CARD = 32;

/** Columns created on first use, one typed array per key (merchant categories, touch channels). */
export class KeyedColumns<T extends Float64Array | Int32Array> {
  readonly keys: string[] = [];
  readonly columns: T[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly size: number,
    private readonly make: (n: number) => T,
  ) {}

  column(key: string): T {
    let k = this.index.get(key);
    if (k === undefined) {
      k = this.keys.length;
      this.index.set(key, k);
      this.keys.push(key);
      this.columns.push(this.make(this.size));
    }
    return this.columns[k] as T;
  }
}

export class ProfileFacts {
  /**
   * `customers.row_id` of the person's primary snapshot row (the oldest customer number by 开户日期, then the
   * first imported), −1 when none: text attributes are copied from it by SQL when the table is written.
   */
  readonly custRow: Int32Array;
  /** 开户日期 as days before the as-of date, −NEVER when unknown. */
  readonly openAgo: Int32Array;
  /** 1 男, 2 女, 0 unknown. */
  readonly gender: Int8Array;
  /** Whole years at the as-of date, −1 when unknown. */
  readonly age: Int16Array;
  /** 1/0, −1 when unknown. */
  readonly isStaff: Int8Array;
  /** Fen, NaN when unknown. */
  readonly incomeFen: Float64Array;
  /** 1–5 for C1–C5, 0 when unknown. */
  readonly riskLevel: Int8Array;
  /** Days the 风险测评 expired before the as-of date (negative: still valid), NEVER when unknown. */
  readonly riskExpiredAgo: Int32Array;
  readonly aumFen: Float64Array;
  readonly hasAum: Uint8Array;
  readonly aumPastFen: Float64Array;
  readonly custBalanceFen: Float64Array;
  readonly hasCustBalance: Uint8Array;
  readonly householdRoot: Int32Array;

  readonly depositFen: Float64Array;
  readonly hasDepositAccount: Uint8Array;
  readonly accountCount: Int32Array;
  readonly productMask: Int32Array;
  readonly investmentFen: Float64Array;
  readonly loanBalanceFen: Float64Array;
  readonly maxOverdueDays: Int32Array;
  readonly preApproved: Uint8Array;
  readonly loanDrawn: Uint8Array;
  readonly holdingLots: Int32Array;
  readonly firstHoldingAgo: Int32Array;
  readonly lastHoldingAgo: Int32Array;

  readonly txn30: Int32Array;
  readonly txn90: Int32Array;
  readonly txn365: Int32Array;
  readonly txnPrev90: Int32Array;
  readonly in90: Float64Array;
  readonly out90: Float64Array;
  /** Days before the as-of date of the first / last transaction (any kind); NEVER when none. */
  readonly firstTxnAgo: Int32Array;
  readonly lastTxnAgo: Int32Array;
  /** Bit d set: a customer-initiated transaction d days before the as-of date (d < WINDOW_DAYS). */
  readonly activeDays: Uint32Array;
  readonly activeAmountFen: Float64Array;
  readonly lastActiveAgo: Int32Array;
  /** Bit m set: activity (transaction or event) m calendar months before the as-of month (m < 12). */
  readonly activeMonths: Int32Array;
  readonly salaryMonths: Int32Array;
  readonly lastSalaryAgo: Int32Array;
  readonly otherBank90: Float64Array;
  /** Distinct purchase days per person (few per person; keyed person × 100,000 + days ago). */
  readonly purchaseDays = new Set<number>();
  readonly categoryCount: KeyedColumns<Int32Array>;
  readonly categoryFen: KeyedColumns<Float64Array>;

  readonly event30: Int32Array;
  readonly event90: Int32Array;
  readonly eventPrev90: Int32Array;
  readonly lastEventAgo: Int32Array;
  /** Bit d set: a login d days before the as-of date (d < 30). */
  readonly loginDays: Int32Array;
  readonly wealthBrowse90: Int32Array;
  readonly channelMask: Int32Array;
  readonly eventChannelCount: KeyedColumns<Int32Array>;

  readonly touches30: Int32Array;
  readonly touches90: Int32Array;
  readonly opens90: Int32Array;
  readonly responses365: Int32Array;
  readonly touchSends: KeyedColumns<Int32Array>;
  readonly touchResponses: KeyedColumns<Int32Array>;

  readonly complaints365: Int32Array;
  readonly notes365: Int32Array;
  readonly related = new Map<number, Set<number>>();

  constructor(readonly size: number) {
    const f64 = (): Float64Array => new Float64Array(size);
    const i32 = (): Int32Array => new Int32Array(size);
    const u8 = (): Uint8Array => new Uint8Array(size);
    const never = (): Int32Array => new Int32Array(size).fill(NEVER);
    this.custRow = new Int32Array(size).fill(-1);
    this.openAgo = new Int32Array(size).fill(-NEVER);
    this.gender = new Int8Array(size);
    this.age = new Int16Array(size).fill(-1);
    this.isStaff = new Int8Array(size).fill(-1);
    this.incomeFen = new Float64Array(size).fill(Number.NaN);
    this.riskLevel = new Int8Array(size);
    this.riskExpiredAgo = never();
    this.aumFen = f64();
    this.hasAum = u8();
    this.aumPastFen = f64();
    this.custBalanceFen = f64();
    this.hasCustBalance = u8();
    this.householdRoot = new Int32Array(size).map((_, i) => i);
    this.depositFen = f64();
    this.hasDepositAccount = u8();
    this.accountCount = i32();
    this.productMask = i32();
    this.investmentFen = f64();
    this.loanBalanceFen = f64();
    this.maxOverdueDays = i32();
    this.preApproved = u8();
    this.loanDrawn = u8();
    this.holdingLots = i32();
    this.firstHoldingAgo = new Int32Array(size).fill(-NEVER);
    this.lastHoldingAgo = never();
    this.txn30 = i32();
    this.txn90 = i32();
    this.txn365 = i32();
    this.txnPrev90 = i32();
    this.in90 = f64();
    this.out90 = f64();
    this.firstTxnAgo = new Int32Array(size).fill(-NEVER);
    this.lastTxnAgo = never();
    this.activeDays = new Uint32Array(size * WORDS);
    this.activeAmountFen = f64();
    this.lastActiveAgo = never();
    this.activeMonths = i32();
    this.salaryMonths = i32();
    this.lastSalaryAgo = never();
    this.otherBank90 = f64();
    this.categoryCount = new KeyedColumns(size, (n) => new Int32Array(n));
    this.categoryFen = new KeyedColumns(size, (n) => new Float64Array(n));
    this.event30 = i32();
    this.event90 = i32();
    this.eventPrev90 = i32();
    this.lastEventAgo = never();
    this.loginDays = i32();
    this.wealthBrowse90 = i32();
    this.channelMask = i32();
    this.eventChannelCount = new KeyedColumns(size, (n) => new Int32Array(n));
    this.touches30 = i32();
    this.touches90 = i32();
    this.opens90 = i32();
    this.responses365 = i32();
    this.touchSends = new KeyedColumns(size, (n) => new Int32Array(n));
    this.touchResponses = new KeyedColumns(size, (n) => new Int32Array(n));
    this.complaints365 = i32();
    this.notes365 = i32();
  }

  markActiveDay(p: number, ago: number): void {
    if (ago < 0 || ago >= WINDOW_DAYS) return;
    const w = p * WORDS + (ago >>> 5);
    this.activeDays[w] = (this.activeDays[w] as number) | (1 << (ago & 31));
  }

  /** Active days of a person, most recent first (days before the as-of date). */
  activeDayList(p: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < WORDS; k++) {
      let word = this.activeDays[p * WORDS + k] as number;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        out.push(k * 32 + bit);
        word &= word - 1;
      }
    }
    return out;
  }

  addRelated(a: number, b: number): void {
    if (a === b) return;
    let s = this.related.get(a);
    if (!s) this.related.set(a, (s = new Set()));
    s.add(b);
  }

  /** Union of two persons' households (union-find with path halving). */
  joinHousehold(a: number, b: number): void {
    const ra = this.householdOf(a);
    const rb = this.householdOf(b);
    if (ra !== rb) this.householdRoot[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  householdOf(p: number): number {
    const root = this.householdRoot;
    let x = p;
    while (root[x] !== x) {
      const up = root[root[x] as number] as number;
      root[x] = up;
      x = up;
    }
    return x;
  }
}
