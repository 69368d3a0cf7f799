/**
 * Merchant text → life-scenario (interest) category: 餐饮, 出行, 母婴, 教育, 医疗, 理财, 跨境 … A rule is a keyword
 * found in the normalised merchant name, or a merchant category code (MCC, ISO 18245) or range of codes. The
 * defaults live here in code; the analyst's edits live in the workspace (`merchant_rule`, see
 * `merchantRuleStore.ts`) and are laid over the defaults by rule id, so a better default list in a later version
 * still reaches every workspace that did not touch that rule.
 *
 * Shared by the text feature, the tags helper (interest tags) and behaviour analysis.
 */

export interface MerchantCategoryDef {
  /** Stable key used in tags (`interest_<key>`) and rules. */
  readonly key: string;
  readonly zh: string;
  readonly en: string;
}

/** The built-in categories. Analysts may add their own category keys in rules (the key is then its own label). */
export const MERCHANT_CATEGORIES: readonly MerchantCategoryDef[] = [
  { key: 'dining', zh: '餐饮', en: 'Dining' },
  { key: 'travel', zh: '出行', en: 'Transport' },
  { key: 'tourism', zh: '旅游酒店', en: 'Travel & hotels' },
  { key: 'maternal', zh: '母婴', en: 'Mother & baby' },
  { key: 'education', zh: '教育', en: 'Education' },
  { key: 'medical', zh: '医疗', en: 'Medical' },
  { key: 'wealth', zh: '理财', en: 'Wealth & insurance' },
  { key: 'crossborder', zh: '跨境', en: 'Cross-border' },
  { key: 'grocery', zh: '商超', en: 'Supermarkets' },
  { key: 'shopping', zh: '购物', en: 'Shopping' },
  { key: 'digital', zh: '数码家电', en: 'Electronics' },
  { key: 'entertainment', zh: '娱乐', en: 'Entertainment' },
  { key: 'sports', zh: '运动健身', en: 'Sports & fitness' },
  { key: 'beauty', zh: '美容', en: 'Beauty' },
  { key: 'auto', zh: '汽车', en: 'Auto & fuel' },
  { key: 'utilities', zh: '生活缴费', en: 'Utilities' },
  { key: 'telecom', zh: '通讯', en: 'Telecom' },
  { key: 'home', zh: '家居装修', en: 'Home & furnishing' },
  { key: 'logistics', zh: '物流快递', en: 'Logistics' },
  { key: 'business', zh: '经营采购', en: 'Business purchasing' },
  { key: 'pets', zh: '宠物', en: 'Pets' },
  { key: 'public', zh: '政务缴费', en: 'Government & taxes' },
  { key: 'charity', zh: '公益', en: 'Charity' },
];

const CATEGORY_BY_KEY = new Map(MERCHANT_CATEGORIES.map((c) => [c.key, c]));

/** The display label of a category key; an analyst's own key is its own label. */
export function merchantCategoryLabel(key: string, lang: 'zh' | 'en' = 'zh'): string {
  const def = CATEGORY_BY_KEY.get(key);
  return def ? def[lang] : key;
}

export type MerchantRuleMatch = 'keyword' | 'mcc';

export interface MerchantRule {
  /** `keyword:<pattern>` or `mcc:<pattern>`: a workspace edit with the same id replaces the default. */
  readonly id: string;
  readonly category: string;
  readonly match: MerchantRuleMatch;
  /** A keyword (matched case-insensitively inside the normalised name), or an MCC `5812` / range `5811-5814`. */
  readonly pattern: string;
  /** Higher wins. Defaults are 0; the analyst's rules default to 100 so they beat every default. */
  readonly priority: number;
  readonly enabled: boolean;
  readonly origin: 'default' | 'user';
}

export interface MerchantCategoryHit {
  readonly category: string;
  /** Id of the rule that decided (e.g. `keyword:外卖`, `mcc:5811-5814`). */
  readonly rule: string;
}

/**
 * Third-party payment and acquirer prefixes written before the real merchant on statements
 * (`财付通-美团外卖`, `支付宝-星巴克`, `银联-…`): they say how the customer paid, not where, so they are removed.
 */
const PAYMENT_PREFIX = /^(?:财付通|支付宝|微信支付|微信|银联在线|银联|云闪付|京东支付|美团支付|拉卡拉|快钱|通联支付|网银在线|抖音支付)[\s\-—_:：()（）]*/;

/** NFKC, lower case, no spaces, no payment-channel prefix: the form keywords are matched against. */
export function normalizeMerchant(merchant: string): string {
  let s = merchant.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 2; i++) s = s.replace(PAYMENT_PREFIX, '');
  return s.replace(/\s+/g, '');
}

export function merchantRuleId(match: MerchantRuleMatch, pattern: string): string {
  return `${match}:${match === 'keyword' ? normalizeMerchant(pattern) : pattern.trim()}`;
}

function defaults(category: string, match: MerchantRuleMatch, patterns: readonly string[]): MerchantRule[] {
  return patterns.map((pattern) => ({ id: merchantRuleId(match, pattern), category, match, pattern, priority: 0, enabled: true, origin: 'default' }));
}

/**
 * Built-in rules. Keywords are brand and shop-type words common on Chinese card and third-party-payment
 * statements; MCC ranges follow ISO 18245 groups. Where a shorter keyword sits inside a longer one of another
 * category (京东 / 京东国际, 医院 / 动物医院, 基金 / 基金会), the longer keyword wins.
 */
export const DEFAULT_MERCHANT_RULES: readonly MerchantRule[] = [
  ...defaults('dining', 'keyword', [
    '外卖', '美团外卖', '饿了么', '餐厅', '餐饮', '饭店', '酒楼', '食府', '火锅', '烧烤', '咖啡', '星巴克', 'starbucks', '瑞幸', '肯德基', 'kfc',
    '麦当劳', "mcdonald's", '必胜客', '汉堡王', '海底捞', '喜茶', '奈雪', '蜜雪冰城', '茶饮', '奶茶', '面馆', '小吃', '食堂', '快餐', '西贝',
    '真功夫', '德克士', '塔斯汀', '华莱士', '烘焙', '面包', '蛋糕', '甜品', '料理', '茶餐厅', '大排档',
  ]),
  ...defaults('travel', 'keyword', [
    '滴滴', '高德打车', '曹操出行', 't3出行', '出租车', '出租汽车', '地铁', '公交', '12306', '铁路', '高铁', '航空', '机票', '东方航空', '南方航空',
    '国航', '春秋航空', '共享单车', '哈啰', '青桔', '出行', '轮渡', '客运',
  ]),
  ...defaults('tourism', 'keyword', [
    '携程', '去哪儿', '飞猪', '同程', '途牛', '酒店', '宾馆', '民宿', '如家', '汉庭', '华住', '锦江', '亚朵', '希尔顿', '万豪', '景区', '旅行社',
    '门票', '度假', '旅游',
  ]),
  ...defaults('maternal', 'keyword', ['母婴', '孩子王', '婴儿', '奶粉', '童装', '玩具', '反斗城', '早教', '月子', '妇幼', '宝宝', '爱婴室', '乐友', '儿童用品']),
  ...defaults('education', 'keyword', [
    '学校', '幼儿园', '小学', '中学', '大学', '学院', '教育', '培训', '学费', '新东方', '好未来', '学而思', '猿辅导', '作业帮', '有道', '驾校',
    '书店', '新华书店', '当当', '图书', '课程', '考试', '留学', '托育',
  ]),
  ...defaults('medical', 'keyword', [
    '医院', '诊所', '卫生院', '卫生服务中心', '门诊', '药房', '大药房', '药店', '医药', '口腔', '牙科', '眼科', '体检', '美年大健康', '爱尔眼科',
    '保健院', '中医', '医疗', '康复',
  ]),
  ...defaults('wealth', 'keyword', [
    '基金', '证券', '理财', '保险', '人寿', '财险', '期货', '信托', '天天基金', '蚂蚁财富', '东方财富', '同花顺', '资产管理', '贵金属',
  ]),
  ...defaults('crossborder', 'keyword', [
    '免税', '跨境', '海外', '境外', '国际购', '全球购', '海淘', '天猫国际', '京东国际', '考拉海购', '中免', '日上', 'dfs', 'duty free', '外币兑换',
  ]),
  ...defaults('grocery', 'keyword', [
    '超市', '便利店', '盒马', '永辉', '沃尔玛', '家乐福', '大润发', '华润万家', '物美', '联华', '7-eleven', '7-11', '全家', '罗森', '美宜佳', '生鲜',
    '菜市场', '叮咚买菜', '朴朴', '山姆', 'costco', '麦德龙', '天猫超市', '多点', '水果',
  ]),
  ...defaults('shopping', 'keyword', [
    '京东', '淘宝', '天猫', '拼多多', '唯品会', '苏宁', '商场', '百货', '购物中心', '万达广场', '优衣库', 'uniqlo', 'zara', 'h&m', '服饰', '服装',
    '鞋业', '珠宝', '周大福', '老凤祥', '商城', '抖音电商',
  ]),
  ...defaults('digital', 'keyword', ['数码', '电器', '家电', '华为', '小米', '苹果', 'apple', '国美', '手机店', '电脑']),
  ...defaults('entertainment', 'keyword', [
    '影城', '影院', '电影', '猫眼', '淘票票', 'ktv', '游戏', '网吧', '剧院', '演出', '大麦', '游乐', '乐园', '迪士尼', '欢乐谷', '腾讯视频',
    '爱奇艺', '优酷', '哔哩哔哩', '网易云音乐', 'qq音乐', '酒吧', '桌游', '剧本杀',
  ]),
  ...defaults('sports', 'keyword', ['健身', '运动', '体育', '乐刻', '超级猩猩', 'keep', '瑜伽', '游泳', '球馆', '滑雪', '迪卡侬', '耐克', 'nike', '阿迪达斯', 'adidas', '安踏', '李宁']),
  ...defaults('beauty', 'keyword', ['美容', '美发', '美甲', '理发', '造型', '化妆品', '丝芙兰', '屈臣氏', '完美日记', 'spa', '医美']),
  ...defaults('auto', 'keyword', [
    '加油', '加油站', '中国石化', '中国石油', '中石化', '中石油', '壳牌', '停车', '汽车', '4s店', '汽修', '洗车', '充电桩', '特来电', '星星充电',
    '蔚来', '特斯拉', 'etc', '高速公路', '车险',
  ]),
  ...defaults('utilities', 'keyword', ['电力', '供电', '电网', '水务', '自来水', '燃气', '煤气', '物业', '供暖', '热力', '有线电视', '生活缴费']),
  ...defaults('telecom', 'keyword', ['中国移动', '中国联通', '中国电信', '话费', '流量', '宽带']),
  ...defaults('home', 'keyword', ['家居', '装修', '建材', '宜家', 'ikea', '红星美凯龙', '居然之家', '家具', '灯饰', '五金', '家纺']),
  ...defaults('logistics', 'keyword', ['顺丰', '快递', '物流', '中通', '圆通', '申通', '韵达', '速运', '邮政速递', 'ems']),
  ...defaults('business', 'keyword', ['批发', '1688', '商贸城', '采购', '小商品', '货款']),
  ...defaults('pets', 'keyword', ['宠物', '动物医院', '猫粮', '狗粮']),
  ...defaults('public', 'keyword', ['税务', '交警', '罚款', '社保', '公积金', '政务', '非税', '法院']),
  ...defaults('charity', 'keyword', ['慈善', '基金会', '红十字', '公益', '捐赠']),
  ...defaults('dining', 'mcc', ['5811-5814']),
  ...defaults('travel', 'mcc', ['4111-4131', '4411', '4457', '4468', '4511', '4582', '4784', '4789', '3000-3299']),
  ...defaults('tourism', 'mcc', ['3501-3999', '4722', '7011', '7012', '7032', '7033']),
  ...defaults('maternal', 'mcc', ['5641', '5945', '8351']),
  ...defaults('education', 'mcc', ['5942', '8211', '8220', '8241', '8244', '8249', '8299']),
  ...defaults('medical', 'mcc', ['4119', '5047', '5122', '5912', '5975', '5976', '8011-8099']),
  ...defaults('wealth', 'mcc', ['6211', '6300', '6381', '6399', '5094']),
  ...defaults('crossborder', 'mcc', ['5309']),
  ...defaults('grocery', 'mcc', ['5411', '5422', '5441', '5451', '5462', '5499']),
  ...defaults('shopping', 'mcc', ['5300', '5310', '5311', '5331', '5399', '5611', '5621', '5631', '5651', '5655', '5661', '5681', '5691', '5697-5699', '5944', '5948', '5964-5969']),
  ...defaults('digital', 'mcc', ['5045', '5722', '5732', '5734', '5946']),
  ...defaults('entertainment', 'mcc', ['5815-5818', '7829', '7832', '7841', '7911', '7922', '7929', '7932', '7933', '7991', '7993', '7994', '7996', '7998', '7999']),
  ...defaults('sports', 'mcc', ['5940', '5941', '7941', '7992', '7997']),
  ...defaults('beauty', 'mcc', ['5977', '7230', '7297', '7298']),
  ...defaults('auto', 'mcc', ['5511', '5521', '5531', '5532', '5533', '5541', '5542', '5551', '5561', '5571', '5592', '5598', '5599', '7511', '7512', '7523', '7531-7549', '5552']),
  ...defaults('utilities', 'mcc', ['4900']),
  ...defaults('telecom', 'mcc', ['4812', '4813', '4814', '4816', '4821', '4899']),
  ...defaults('home', 'mcc', ['1520', '1711', '1731', '1740', '1750', '1761', '1771', '5200', '5211', '5231', '5251', '5261', '5712-5719']),
  ...defaults('logistics', 'mcc', ['4214', '4215', '9402']),
  ...defaults('business', 'mcc', ['5013-5099', '5111-5199']),
  ...defaults('pets', 'mcc', ['0742', '5995']),
  ...defaults('public', 'mcc', ['9211', '9222', '9223', '9311', '9399']),
  ...defaults('charity', 'mcc', ['8398']),
];

/** `5812` → [5812, 5812]; `5811-5814` → [5811, 5814]; anything else → null. */
export function parseMccPattern(pattern: string): readonly [number, number] | null {
  const m = /^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$/.exec(pattern);
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return lo <= hi ? [lo, hi] : null;
}

export interface MerchantCategorizer {
  categorize(merchant: string, mcc?: string | null): MerchantCategoryHit | null;
}

interface CompiledKeyword {
  readonly rule: MerchantRule;
  readonly keyword: string;
}

interface CompiledMcc {
  readonly rule: MerchantRule;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Compiles a rule table once for many lookups. Order of decision: higher priority first; at equal priority a
 * keyword beats an MCC (the name is more specific than a code acquirers often set loosely), a longer keyword
 * beats a shorter one and a narrower MCC range beats a wider one. Results are cached per (merchant, mcc): a
 * statement repeats the same few thousand merchants millions of times.
 */
export function createMerchantCategorizer(rules: readonly MerchantRule[]): MerchantCategorizer {
  const keywords: CompiledKeyword[] = [];
  const mccs: CompiledMcc[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    if (rule.match === 'keyword') {
      const keyword = normalizeMerchant(rule.pattern);
      if (keyword !== '') keywords.push({ rule, keyword });
    } else {
      const range = parseMccPattern(rule.pattern);
      if (range) mccs.push({ rule, lo: range[0], hi: range[1] });
    }
  }
  keywords.sort((a, b) => b.rule.priority - a.rule.priority || b.keyword.length - a.keyword.length || a.keyword.localeCompare(b.keyword));
  mccs.sort((a, b) => b.rule.priority - a.rule.priority || a.hi - a.lo - (b.hi - b.lo) || a.lo - b.lo);
  const cache = new Map<string, MerchantCategoryHit | null>();

  const decide = (name: string, mcc: string | null): MerchantCategoryHit | null => {
    const kw = name === '' ? undefined : keywords.find((k) => name.includes(k.keyword));
    const code = mcc !== null && /^\d{4}$/.test(mcc) ? Number(mcc) : null;
    const mc = code === null ? undefined : mccs.find((m) => code >= m.lo && code <= m.hi);
    const best = kw && (!mc || kw.rule.priority >= mc.rule.priority) ? kw.rule : mc?.rule;
    return best ? { category: best.category, rule: best.id } : null;
  };

  return {
    categorize(merchant, mcc) {
      const name = normalizeMerchant(merchant);
      const code = mcc?.trim() || null;
      const key = `${name}\u0001${code ?? ''}`;
      let hit = cache.get(key);
      if (hit === undefined) {
        hit = decide(name, code);
        cache.set(key, hit);
      }
      return hit;
    },
  };
}

/** Lays workspace edits over the defaults: an edit with a default's id replaces it, other edits are added. */
export function effectiveMerchantRules(edits: readonly MerchantRule[], base: readonly MerchantRule[] = DEFAULT_MERCHANT_RULES): MerchantRule[] {
  const byId = new Map(base.map((r) => [r.id, r]));
  for (const e of edits) byId.set(e.id, e);
  return [...byId.values()];
}

let defaultCategorizer: MerchantCategorizer | null = null;

/**
 * The category of a merchant by the built-in rules, or null when no rule matches (list it for review). To apply
 * a workspace's edited table, build one categorizer with `createMerchantCategorizer(await loadMerchantRules(db))`
 * instead, or pass the rules here.
 *
 * @param merchant merchant name as written on the statement (payment prefixes such as `支付宝-` are ignored)
 * @param mcc four-digit merchant category code, when the export has one
 */
export function categorizeMerchant(merchant: string, mcc?: string | null, rules?: readonly MerchantRule[]): { category: string; rule: string } | null {
  if (rules) return createMerchantCategorizer(rules).categorize(merchant, mcc);
  defaultCategorizer ??= createMerchantCategorizer(DEFAULT_MERCHANT_RULES);
  const hit = defaultCategorizer.categorize(merchant, mcc);
  return hit ? { ...hit } : null;
}
