/**
 * Risk levels of product suitability (适当性): customers are assessed C1–C5 (保守型 … 进取型), products rated
 * R1–R5; a customer may be offered a product whose level is at most their own.
 */

/** Names of the five levels as core systems and questionnaires write them, lowest first. */
const NAMES: readonly (readonly string[])[] = [
  ['保守', '谨慎', '安逸', '低风险', 'conservative'],
  ['稳健', '中低风险', '中低', 'moderately conservative', 'cautious'],
  ['平衡', '中风险', '中等', 'balanced', 'moderate'],
  ['成长', '中高风险', '中高', 'growth', 'moderately aggressive'],
  ['进取', '激进', '高风险', 'aggressive'],
];

/**
 * The rank 1–5 of a risk level written as `C4`, `R4`, `C4-成长型`, `4`, `PR4`, `A4`, `成长型` or `中高风险`; null
 * when the text names no level (empty, 未测评, or an unknown scale).
 */
export function riskRank(text: string | null | undefined): number | null {
  const v = (text ?? '').trim().toLowerCase();
  if (v === '') return null;
  const coded = /^(?:c|r|pr|a|l)?\s*([1-5])(?![0-9])/.exec(v);
  if (coded) return Number(coded[1]);
  // The longest name that matches wins, so 中低风险 is not read as 低风险.
  let rank: number | null = null;
  let len = 0;
  for (let i = 0; i < NAMES.length; i++) {
    for (const n of NAMES[i] ?? []) {
      if (n.length > len && v.includes(n)) {
        rank = i + 1;
        len = n.length;
      }
    }
  }
  return rank;
}
