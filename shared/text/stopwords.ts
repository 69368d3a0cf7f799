/**
 * Stopwords for keywords, topics and search: Chinese function words, pronouns, particles and the boilerplate of
 * service notes (客户来电反映 … 已告知). Written by hand, short on purpose: the general lists (stopwords-iso's
 * Chinese list has ~800 entries) also drop 不, 没有, 问题, 方便 … which are the point of a complaint. Sentiment
 * reads the full token stream and is not affected. Analysts add and remove words in the workspace.
 */
export const DEFAULT_STOPWORDS: readonly string[] = [
  // Particles, pronouns, conjunctions, prepositions.
  '的', '了', '着', '过', '地', '得', '之', '所', '是', '在', '有', '和', '与', '及', '或', '而', '且', '并', '就', '都', '也', '还', '又', '再', '才',
  '把', '被', '让', '给', '对', '向', '从', '到', '于', '以', '为', '因', '因为', '所以', '但是', '但', '可是', '而且', '如果', '虽然', '然后', '还是',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '她们', '它们', '咱们', '自己', '大家', '别人', '人家', '这', '那', '这个', '那个',
  '这些', '那些', '这样', '那样', '这么', '那么', '这里', '那里', '哪', '哪个', '什么', '怎么', '怎么样', '为什么', '为啥', '如何', '多少', '个',
  '吗', '呢', '吧', '啊', '呀', '哦', '嘛', '么', '啦', '哈', '嗯', '哎', '唉', '喔', '噢', '哇', '咯', '呗', '哟', '哈哈', '哈哈哈', '呵呵',
  '一', '一个', '一下', '一些', '一直', '一样', '一点', '一次', '已经', '已', '正在', '可以', '可能', '能', '会', '要', '想', '应该', '需要',
  '去', '来', '说', '做', '看', '让', '使', '弄', '搞', '等', '等等', '上', '下', '中', '里', '后', '前', '时', '时候', '现在', '今天', '昨天',
  '每次', '每天', '总是', '老是', '经常', '就是', '只是', '还有', '其他', '其它', '以及', '关于', '通过', '进行', '之后', '之前', '以后', '以前',
  '里面', '上面', '下面', '方面', '情况', '东西', '时间', '其实', '确实', '真的', '真是', '简直', '根本', '直接', '终于', '居然', '竟然',
  // Service-note boilerplate.
  '客户', '来电', '反映', '表示', '称', '告知', '咨询', '要求', '您好', '你好', '请问', '谢谢', '感谢', '麻烦', '如题', '亲', '工作人员',
  '银行', 'app', 'APP',
];

/** The stopword set in force: defaults with the analyst's additions and removals. */
export function stopwordSet(edits: readonly { readonly word: string; readonly action: 'add' | 'remove' }[] = []): Set<string> {
  const set = new Set(DEFAULT_STOPWORDS);
  for (const e of edits) {
    if (e.action === 'add') set.add(e.word);
    else set.delete(e.word);
  }
  return set;
}
