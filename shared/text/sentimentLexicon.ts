/**
 * The default sentiment of bank text: a lexicon of positive and negative words with weights, negation words that
 * flip what follows, and degree words that scale it, read clause by clause over jieba's tokens. Written from
 * bank service vocabulary (complaints about the app, limits, fees, queues, mis-selling; praise of staff and
 * speed) before any labelled data was looked at, and not tuned to a labelled set.
 *
 * A problem report is negative even without an emotional word (`无法登录`, `收不到验证码`): for a bank, a note
 * saying something does not work is a complaint.
 */

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

const POSITIVE: Readonly<Record<string, number>> = {
  好: 1, 好用: 1.5, 很好: 1.5, 挺好: 1.2, 不错: 1.3, 方便: 1.2, 便捷: 1.2, 快捷: 1.2, 便利: 1.1, 简单: 0.6, 简洁: 0.8, 实用: 1, 好看: 1, 漂亮: 1,
  满意: 1.5, 喜欢: 1.2, 赞: 1.5, 点赞: 1.5, 棒: 1.5, 很棒: 1.8, 优秀: 1.5, 专业: 1, 热情: 1.2, 耐心: 1.2, 周到: 1.2, 贴心: 1.2, 细心: 1,
  感谢: 1.2, 谢谢: 0.8, 好评: 1.8, 推荐: 1.2, 流畅: 1.2, 稳定: 0.8, 安全: 0.6, 放心: 1, 信赖: 1.2, 靠谱: 1.2, 给力: 1.3, 强大: 1.2, 齐全: 1,
  丰富: 0.8, 高效: 1.2, 及时: 0.8, 舒服: 1, 完美: 1.8, 人性化: 1.2, 省心: 1.2, 省事: 1, 划算: 1, 优惠: 0.6, 良心: 1.3, 厉害: 1, 支持: 0.6,
  表扬: 1.5, 五星: 1.5, 加油: 0.6, 顺利: 1, 快速: 0.8, 迅速: 0.8, 友好: 1, 清晰: 0.8, 进步: 0.8, 改善: 0.5, 解决: 0.5, 成功: 0.5, 值得: 1,
  棒棒: 1.5, 不赖: 1.2, 优质: 1.2, 满分: 1.5, 牛: 1, 神器: 1.2, 必备: 1, 好使: 1.2, 顺手: 1, 易用: 1.2,
};

const NEGATIVE: Readonly<Record<string, number>> = {
  差: 1.5, 很差: 2, 太差: 2, 垃圾: 2, 辣鸡: 2, 烂: 1.8, 难用: 1.8, 麻烦: 1.2, 繁琐: 1.2, 复杂: 0.8, 慢: 1, 卡: 0.8, 卡顿: 1.5, 闪退: 1.8,
  崩溃: 1.8, 打不开: 1.8, 登不上: 1.8, 登录不上: 1.8, 进不去: 1.5, 转不了: 1.5, 收不到: 1.5, 用不了: 1.5, 无法: 1.2, 没法: 1.2, 不能: 0.8,
  不了: 0.8, 失败: 1.3, 错误: 1, 报错: 1.3, 超时: 1.2, 异常: 1, 故障: 1.3, 问题: 0.6, bug: 1.2, 坑: 1.5, 坑爹: 1.8, 骗: 1.8, 骗人: 1.8,
  欺骗: 1.8, 误导: 1.8, 欺诈: 2, 投诉: 1.5, 不满: 1.5, 失望: 1.5, 生气: 1.5, 愤怒: 1.8, 气愤: 1.8, 恶心: 1.8, 郁闷: 1.3, 无语: 1.3, 差评: 2,
  后悔: 1.5, 糟糕: 1.5, 奇葩: 1.3, 反人类: 1.8, 弱智: 1.8, 脑残: 1.8, 傻: 1.5, 傻逼: 2, 卸载: 1.2, 吐槽: 1.2, 骚扰: 1.5, 乱扣: 1.8, 乱收费: 1.8,
  扣费: 0.8, 冻结: 1, 不合理: 1.3, 耽误: 1.3, 浪费: 1.2, 折腾: 1.2, 丑: 1.2, 难看: 1.2, 黑屏: 1.5, 白屏: 1.5, 转圈: 1, 死机: 1.8, 崩: 1.5,
  打不通: 1.5, 态度差: 2, 敷衍: 1.5, 推诿: 1.5, 拖延: 1.2, 损失: 1.3, 亏: 1, 亏损: 1.3, 狗屁: 2, 破: 1, 烦: 1.2, 烦死: 1.8, 太烂: 2, 一星: 1.5,
  不给力: 1.5, 不好: 1.5, 不行: 1.3, 太低: 0.8, 刷: 0.3, 逼: 1.5, 操: 1.5, 妈的: 1.8, 尼玛: 1.8, 艹: 1.8, 靠: 0.8, 坑人: 1.8, 鸡肋: 1.3,
  登陆不了: 1.8, 登录不了: 1.8, 网络异常: 1.5, 网络不给力: 1.3, 系统繁忙: 1.2, 无限循环: 1.3, 乱跳: 1.2, 不稳定: 1.3, 退订: 0.8, 排队: 0.8,
  强制: 1, 流氓: 1.8, 渣: 1.5, 难受: 1.3, 急死: 1.5, 气死: 1.8, 崩溃了: 1.8, 不灵: 1.2, 不准: 1, 延迟: 0.8, 错乱: 1.2,
};

const NEGATION: ReadonlySet<string> = new Set(['不', '没', '没有', '无', '非', '未', '别', '莫', '勿', '不是', '并非', '毫无', '从不', '从未', '不太', '不够', '绝不', '不会', '并不', '不怎么']);

const DEGREE: Readonly<Record<string, number>> = {
  非常: 1.8, 特别: 1.7, 十分: 1.7, 极其: 2, 极: 1.8, 超级: 1.8, 超: 1.5, 太: 1.6, 很: 1.4, 挺: 1.2, 真: 1.3, 真的: 1.3, 蛮: 1.2, 相当: 1.5,
  最: 1.8, 更: 1.3, 越来越: 1.3, 有点: 0.7, 有些: 0.7, 稍微: 0.6, 略: 0.6, 比较: 0.9, 一点: 0.6, 好多: 1.3, 实在: 1.4, 简直: 1.5, 完全: 1.5,
  根本: 1.5, 一直: 1.2, 老是: 1.3, 总是: 1.3, 经常: 1.2,
};

const POSITIVE_EMOJI = /[😀😁😂😃😄😆😊😍🥰😘👍👏🎉❤💯🌹😉🙏💪✨]/u;
const NEGATIVE_EMOJI = /[😡😠🤬😤👎💩🤢🤮😭😢😞😒🙄😩😫😣😖💔]/u;
const CLAUSE_END = /^[，。！？!?；;,.…~～\n]+$/;

/** Scores above this are positive, below its negative neutral. */
export const SENTIMENT_THRESHOLD = 0.5;

export interface SentimentScore {
  readonly label: SentimentLabel;
  /** Sum of signed word weights; > 0 leans positive. */
  readonly score: number;
}

/** `好` before a quantity or `像` is not praise: 好几次, 好多, 好久, 好些, 好像. */
const NOT_PRAISE_AFTER_HAO = /^[几多久些像]/;

/** Signed score of one clause's tokens (negation and degree words apply to the next sentiment word only). */
export function clauseScore(tokens: readonly string[]): number {
  let score = 0;
  let negated = false;
  let degree = 1;
  for (let i = 0; i < tokens.length; i++) {
    const t = (tokens[i] ?? '').toLowerCase();
    if (t === '好' && NOT_PRAISE_AFTER_HAO.test(tokens[i + 1] ?? '')) continue;
    if (NEGATION.has(t)) {
      negated = !negated;
      continue;
    }
    const d = DEGREE[t];
    if (d !== undefined) {
      degree *= d;
      continue;
    }
    const pos = POSITIVE[t];
    const neg = NEGATIVE[t];
    if (pos !== undefined) score += negated ? -0.8 * pos * degree : pos * degree;
    else if (neg !== undefined) score += negated ? 0.5 * neg * degree : -neg * degree;
    else continue;
    negated = false;
    degree = 1;
  }
  return score;
}

/**
 * Sentiment of one note from its raw jieba tokens (punctuation included: it ends clauses) and its emoji.
 */
export function lexiconSentiment(tokens: readonly string[], emoji: readonly string[] = []): SentimentScore {
  let score = 0;
  let clause: string[] = [];
  for (const t of tokens) {
    if (CLAUSE_END.test(t)) {
      score += clauseScore(clause);
      clause = [];
    } else clause.push(t);
  }
  score += clauseScore(clause);
  for (const e of emoji) {
    if (POSITIVE_EMOJI.test(e)) score += 1;
    else if (NEGATIVE_EMOJI.test(e)) score -= 1;
  }
  return { label: score > SENTIMENT_THRESHOLD ? 'positive' : score < -SENTIMENT_THRESHOLD ? 'negative' : 'neutral', score };
}

