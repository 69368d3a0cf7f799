/**
 * Aspect hints: which part of the bank a note talks about (fees, limits, service, app stability, interest
 * rates, verification), each with the sentiment of the clauses that mention it.
 */
import { clauseScore, SENTIMENT_THRESHOLD, type SentimentLabel } from './sentimentLexicon.ts';

export type Aspect = 'fees' | 'limit' | 'service' | 'app_stability' | 'interest_rate' | 'verification';

export const ASPECTS: readonly { readonly key: Aspect; readonly zh: string; readonly en: string; readonly words: readonly string[] }[] = [
  { key: 'fees', zh: '收费', en: 'Fees', words: ['手续费', '年费', '管理费', '账户管理费', '小额账户管理费', '服务费', '扣费', '收费', '费用', '费率', '工本费', '分期手续费', '跨行手续费', '乱收费', '乱扣'] },
  { key: 'limit', zh: '额度限额', en: 'Limits', words: ['限额', '额度', '提额', '降额', '临时额度', '固定额度', '信用额度', '转账限额', '单笔限额', '日累计限额', '非柜面限额', '上限'] },
  { key: 'service', zh: '服务', en: 'Service', words: ['服务', '态度', '客服', '人工客服', '柜台', '柜面', '柜员', '排队', '大堂经理', '客户经理', '理财经理', '网点', '工作人员', '营业厅', '热线', '敷衍'] },
  { key: 'app_stability', zh: 'APP稳定性', en: 'App stability', words: ['闪退', '卡顿', '卡', '打不开', '登不上', '登录不上', '白屏', '黑屏', '超时', '网络异常', '崩溃', '加载', '转圈', '死机', '系统繁忙', '报错', 'bug', '更新', '升级', '版本', '进不去'] },
  { key: 'interest_rate', zh: '利率收益', en: 'Interest & returns', words: ['利率', '利息', '收益', '年化', '收益率', '业绩比较基准', '降息', '存款利率', '贷款利率', '净值', '结息'] },
  { key: 'verification', zh: '验证认证', en: 'Verification', words: ['验证码', '短信验证码', '人脸识别', '刷脸', '密码', '登录密码', '支付密码', 'u盾', 'U盾', '密码器', '指纹', '实名认证', '身份验证', '动态口令'] },
];

const WORD_ASPECT = new Map<string, Aspect>();
for (const a of ASPECTS) for (const w of a.words) WORD_ASPECT.set(w.toLowerCase(), a.key);
const CLAUSE_END = /^[，。！？!?；;,.…~～\n]+$/;

export interface AspectHint {
  readonly aspect: Aspect;
  readonly label: SentimentLabel;
  readonly score: number;
}

/** Aspects mentioned in a note's raw tokens, each with the summed sentiment of the clauses that mention it. */
export function aspectHints(tokens: readonly string[]): AspectHint[] {
  const scores = new Map<Aspect, number>();
  let clause: string[] = [];
  const flush = (): void => {
    const found = new Set<Aspect>();
    for (const t of clause) {
      const a = WORD_ASPECT.get(t.toLowerCase());
      if (a) found.add(a);
    }
    if (found.size > 0) {
      const s = clauseScore(clause);
      for (const a of found) scores.set(a, (scores.get(a) ?? 0) + s);
    }
    clause = [];
  };
  for (const t of tokens) {
    if (CLAUSE_END.test(t)) flush();
    else clause.push(t);
  }
  flush();
  return [...scores].map(([aspect, score]) => ({
    aspect,
    score,
    label: score > SENTIMENT_THRESHOLD ? 'positive' : score < -SENTIMENT_THRESHOLD ? 'negative' : 'neutral',
  }));
}
