/**
 * The built-in bank dictionary for Chinese segmentation: product, channel and service words that jieba's
 * general dictionary splits (`大额存单` → 大额/存单, `到账` → 到/账, `手机银行` → 手机/银行). The analyst edits it in the
 * workspace (`text_dictionary`, see `dictionaryStore.ts`): an added word joins, a removed word (built-in or from
 * jieba's own dictionary) is given frequency 0, which keeps jieba from ever choosing it.
 *
 * Also the vocabulary for the aspect hints and for the tags helper's interest words.
 */

export interface DictionaryWord {
  readonly word: string;
  /** jieba frequency. Higher makes the word win over its parts more often; 0 removes it. */
  readonly freq: number;
  /** Part-of-speech tag in jieba's set (`n`, `v`, `nz` …). */
  readonly tag: string;
}

/**
 * Frequency given to bank words: high enough to beat the split into common parts (`手机`+`银行` ≈ 2×10⁴ each in
 * jieba's dictionary), low enough not to swallow a longer general word around it.
 */
export const BANK_WORD_FREQ = 50_000;

const w = (tag: string, words: readonly string[]): DictionaryWord[] => words.map((word) => ({ word, freq: BANK_WORD_FREQ, tag }));

/** Grouped by theme for reading; the order carries no meaning. */
export const DEFAULT_BANK_WORDS: readonly DictionaryWord[] = [
  // Deposits, wealth and insurance products.
  ...w('nz', [
    '大额存单', '定期存款', '活期存款', '通知存款', '结构性存款', '智能存款', '理财产品', '净值型', '业绩比较基准', '七日年化', '万份收益', '货币基金',
    '基金定投', '养老金', '个人养老金', '国债', '储蓄国债', '贵金属', '积存金', '代销', '保本', '赎回', '申购', '认购', '到期日', '起购金额',
  ]),
  // Cards and credit.
  ...w('nz', [
    '信用卡', '储蓄卡', '借记卡', '社保卡', '信用卡分期', '账单分期', '现金分期', '分期手续费', '最低还款', '全额还款', '自动还款', '免息期', '临时额度',
    '固定额度', '信用额度', '预授信', '提额', '降额', '额度', '年费', '积分', '逾期', '征信', '消费贷', '经营贷', '房贷', '车贷', '公积金贷款',
    '提前还款', '放款', '授信', '循环额度', '快贷', '联名卡',
  ]),
  // Channels and apps.
  ...w('nz', [
    '手机银行', '网上银行', '网银', '电话银行', '微信银行', '小程序', '营业网点', '网点', '柜面', '柜台', '自助终端', '智能柜台', 'ATM机', '大堂经理',
    '客户经理', '理财经理', '客服热线', '人工客服', '在线客服', '智能客服', '工单', 'U盾', 'K宝', '动态口令', '短信验证码', '验证码', '数字人民币',
    '云闪付', '快捷支付', '免密支付', '扫码支付', '二维码',
  ]),
  // Transfers, limits and account control.
  ...w('v', ['到账', '转账', '跨行转账', '汇款', '跨境汇款', '结汇', '购汇', '开户', '销户', '挂失', '解挂', '冻结', '解冻', '激活', '绑卡', '解绑']),
  ...w('nz', [
    '转账限额', '单笔限额', '日累计限额', '非柜面', '非柜面限额', '账户限制', '止付', '管控', '账户管理费', '小额账户管理费', '手续费', '工本费',
    '跨行手续费', '年化利率', '利率', '贷款利率', '存款利率', '预留手机号',
  ]),
  // Security and the app's behaviour.
  ...w('nz', [
    '人脸识别', '刷脸', '指纹登录', '手势密码', '登录密码', '支付密码', '交易密码', '实名认证', '身份验证', '安全中心', '闪退', '卡顿', '白屏',
    '网络异常', '系统繁忙', '系统升级', '版本更新', '更新版本', '登录不上', '打不开', '转不了', '收不到', '用户体验', '界面设计',
  ]),
];

/** The words as a jieba user dictionary (`word freq tag` per line), the format both segmenters load. */
export function dictionaryText(words: readonly DictionaryWord[]): string {
  return words.map((x) => `${x.word} ${Math.max(0, Math.round(x.freq))} ${x.tag || 'n'}`).join('\n');
}

/** A word the analyst typed: trimmed, inner spaces removed (jieba's dictionary lines are space-separated). */
export function cleanDictionaryWord(word: string): string {
  return word.normalize('NFKC').replace(/\s+/g, '').trim();
}

/**
 * Lays the analyst's edits over the built-in list: `add` entries join (or change a built-in word's frequency),
 * `remove` entries stay in the result with frequency 0 so the segmenter forgets them, even when jieba's own
 * dictionary knows them.
 */
export function effectiveDictionary(
  edits: readonly { readonly word: string; readonly freq: number | null; readonly tag: string | null; readonly action: 'add' | 'remove' }[],
  base: readonly DictionaryWord[] = DEFAULT_BANK_WORDS,
): DictionaryWord[] {
  const byWord = new Map(base.map((x) => [x.word, x]));
  for (const e of edits) {
    const word = cleanDictionaryWord(e.word);
    if (word === '') continue;
    const prior = byWord.get(word);
    byWord.set(word, {
      word,
      freq: e.action === 'remove' ? 0 : (e.freq ?? prior?.freq ?? BANK_WORD_FREQ),
      tag: e.tag ?? prior?.tag ?? 'n',
    });
  }
  return [...byWord.values()];
}
