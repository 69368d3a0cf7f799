/**
 * The demo bank's world: a fictional city commercial bank (嘉禾银行) in Zhejiang with its branches, the
 * people around it and the vocabulary its systems write. Every string here is our own and GBK-safe, because
 * the core-banking export is GBK.
 */

export const BANK = '嘉禾银行';
export const OFFICIAL_ACCOUNTS = [
  { name: '嘉禾银行', prefix: 'oJH7x' },
  { name: '嘉禾银行信用卡', prefix: 'oCcQ2' },
] as const;
export const MINI_PROGRAM = { name: '嘉禾惠生活', prefix: 'oMp9K' } as const;

export interface District {
  readonly province: string;
  readonly city: string;
  readonly district: string;
  /** 行政区划代码 written into the 身份证 of people born there. */
  readonly code: string;
  readonly roads: readonly string[];
  /** Relative share of the bank's customers living here. */
  readonly weight: number;
}

const zj = (city: string, district: string, code: string, weight: number, roads: readonly string[]): District => ({
  province: '浙江省',
  city,
  district,
  code,
  roads,
  weight,
});

/** Where customers live; each district has one branch of the bank. */
export const DISTRICTS: readonly District[] = [
  zj('杭州市', '上城区', '330102', 9, ['解放路', '延安路', '庆春路', '望江路']),
  zj('杭州市', '拱墅区', '330105', 8, ['莫干山路', '湖墅南路', '上塘路', '大关路']),
  zj('杭州市', '西湖区', '330106', 10, ['文三路', '天目山路', '古墩路', '教工路']),
  zj('杭州市', '滨江区', '330108', 8, ['江南大道', '滨盛路', '长河路', '网商路']),
  zj('杭州市', '萧山区', '330109', 7, ['市心中路', '金城路', '人民路', '通惠中路']),
  zj('杭州市', '余杭区', '330110', 8, ['文一西路', '五常大道', '良睦路', '临平大道']),
  zj('宁波市', '海曙区', '330203', 5, ['中山西路', '解放南路', '药行街']),
  zj('宁波市', '江北区', '330205', 3, ['人民路', '大庆南路', '孔浦路']),
  zj('宁波市', '鄞州区', '330212', 6, ['四明中路', '天童南路', '钱湖北路']),
  zj('温州市', '鹿城区', '330302', 5, ['人民中路', '车站大道', '学院中路']),
  zj('温州市', '瓯海区', '330304', 3, ['瓯海大道', '娄桥路']),
  zj('嘉兴市', '南湖区', '330402', 4, ['中山东路', '南湖大道', '禾兴南路']),
  zj('绍兴市', '越城区', '330602', 4, ['解放北路', '中兴中路', '人民中路']),
  zj('绍兴市', '柯桥区', '330603', 3, ['笛扬路', '柯桥大道', '鉴湖路']),
  zj('金华市', '婺城区', '330702', 3, ['八一北街', '宾虹路', '人民西路']),
  zj('金华市', '义乌市', '330782', 4, ['稠州北路', '工人北路', '福田路']),
  zj('台州市', '椒江区', '331002', 3, ['市府大道', '中山西路', '东海大道']),
];

/** Birthplaces of customers who moved to Zhejiang (the first six digits of their 身份证). */
export const MIGRANT_ORIGINS: readonly string[] = [
  '340104', '341202', '360102', '411302', '510107', '430102', '320102', '310104', '350102', '420106', '370102', '450103', '522601', '362502',
];

export function branchOf(d: District): string {
  const city = d.city.replace(/市$/, '');
  const dist = d.district.replace(/[区市]$/, '');
  return d.district.endsWith('市') ? `${BANK}${dist}支行` : `${BANK}${city}${dist}支行`;
}

export const ESTATES: readonly string[] = [
  '阳光花园', '金色家园', '翠苑', '锦绣江南', '东方郡', '滨江花城', '都市水乡', '桂花城', '绿园', '香樟公寓', '和家园', '春江花月',
  '白云小区', '新华坊', '文鼎苑', '城市之星', '湖畔居', '望江府', '紫金港湾', '明月嘉苑', '运河名都', '梧桐苑',
];

/** Common surnames with rough frequencies; two-character surnames are rare, as in life. */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 55], ['陈', 50], ['杨', 32], ['黄', 25], ['赵', 24], ['吴', 22], ['周', 21], ['徐', 18],
  ['孙', 16], ['马', 15], ['朱', 14], ['胡', 14], ['郭', 13], ['何', 12], ['林', 12], ['高', 11], ['罗', 11], ['郑', 10], ['梁', 9],
  ['谢', 8], ['宋', 7], ['唐', 7], ['许', 7], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 6], ['彭', 5], ['曾', 5], ['肖', 5], ['田', 5],
  ['董', 5], ['潘', 4], ['袁', 4], ['蔡', 4], ['蒋', 4], ['余', 4], ['于', 4], ['杜', 4], ['叶', 4], ['程', 4], ['魏', 3], ['苏', 3],
  ['吕', 3], ['丁', 3], ['任', 3], ['沈', 4], ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3],
  ['范', 3], ['金', 3], ['石', 3], ['廖', 2], ['贾', 2], ['夏', 2], ['韦', 2], ['方', 3], ['邹', 2], ['熊', 2], ['白', 2], ['孟', 2],
  ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['严', 2], ['钱', 2], ['戴', 2], ['应', 1], ['楼', 1], ['俞', 2], ['章', 2],
  ['欧阳', 0.4], ['司马', 0.1], ['诸葛', 0.1], ['上官', 0.1],
];

/** Given-name characters by sex and birth era (names follow fashion, so age shows in them). */
export const GIVEN: Readonly<Record<'M' | 'F', Readonly<Record<'old' | 'mid' | 'young', string>>>> = {
  M: {
    old: '建国华军明平强德林福海忠民志荣文兴根生宝富永胜金龙祥发庆',
    mid: '伟强军勇杰涛明超华平刚辉鹏斌波磊峰林亮飞健毅斌勇俊东成',
    young: '浩宇轩博文俊凯鑫昊睿哲天子晨逸泽航铭辰宸皓然阳瑞琛烨煜',
  },
  F: {
    old: '秀英桂兰芳玉珍凤华美萍红霞梅琴素云娟丽菊莲淑翠香',
    mid: '芳娜敏静丽艳娟霞燕婷雪琳颖慧倩洁玲红萍丹晶莉蕾娇',
    young: '涵欣怡佳琪梦雨悦思诗晓可馨妍萱彤若依语琳瑶雯菲',
  },
};

/** Near-homophones clerks type by mistake (伟 for 玮 …): the name typos of manual entry. */
export const HOMOPHONES: Readonly<Record<string, string>> = {
  伟: '玮', 玮: '伟', 静: '婧', 丽: '莉', 莉: '丽', 明: '铭', 铭: '明', 华: '桦', 军: '君', 芳: '方', 婷: '亭', 杰: '洁', 洁: '杰',
  涛: '滔', 敏: '闵', 琳: '林', 燕: '艳', 艳: '燕', 红: '宏', 娟: '鹃', 霞: '侠', 峰: '锋', 斌: '彬', 彬: '斌', 磊: '垒', 浩: '皓',
  欣: '馨', 馨: '欣', 怡: '仪', 宇: '雨', 晨: '辰', 辰: '晨', 鹏: '朋', 凯: '恺', 睿: '锐', 颖: '影', 慧: '惠', 倩: '茜', 佳: '嘉',
  琪: '棋', 涵: '含', 悦: '月', 诗: '师', 晓: '小', 雪: '学', 萍: '平', 玲: '铃', 兰: '岚', 英: '莹', 秀: '绣', 桂: '贵', 国: '果',
  建: '健', 志: '智', 勇: '永', 平: '萍', 刚: '钢', 飞: '菲', 东: '冬', 成: '诚', 文: '雯', 博: '波', 俊: '骏', 鑫: '新',
  娜: '纳', 丹: '单', 蕾: '磊', 梅: '玫', 云: '芸', 玉: '钰', 凤: '风', 珍: '真',
};

export const EDUCATIONS: readonly string[] = ['初中及以下', '高中/中专', '大专', '本科', '硕士研究生', '博士研究生'];
export const MARITAL: readonly string[] = ['未婚', '已婚', '离异', '丧偶'];
export const RISK_LEVELS: readonly string[] = ['C1-保守型', 'C2-稳健型', 'C3-平衡型', 'C4-成长型', 'C5-进取型'];
export const MANAGERS: readonly string[] = [
  '陈晓燕', '王立群', '李思远', '张敏', '刘洋', '周佳怡', '吴俊杰', '徐婷', '孙浩', '朱丽华', '胡斌', '沈雯', '郑凯', '叶青',
  '何欣', '林峰', '罗琳', '高远', '潘婷', '楼一鸣',
];
export const EMPLOYERS: readonly string[] = [
  '杭州云帆科技有限公司', '浙江中恒建设集团有限公司', '宁波港联物流有限公司', '杭州市西湖区教育局', '绍兴柯桥纺织有限公司',
  '义乌小商品贸易有限公司', '温州正泰电气配套有限公司', '嘉兴南湖医药有限公司', '浙江省人民医院', '杭州数智网络科技有限公司',
  '台州海正机械有限公司', '金华双龙食品有限公司',
];

/** Phone number prefixes of the three carriers. */
export const PHONE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199',
];
/** The placeholder clerks type when a customer gives no phone. */
export const PLACEHOLDER_PHONE = '13800138000';

export type ProductCategory = '存款' | '理财' | '基金' | '保险' | '贷款' | '信用卡';

export interface Product {
  readonly code: string;
  readonly name: string;
  readonly category: ProductCategory;
  /** R1–R5, empty for loans and cards (no suitability rating). */
  readonly risk: string;
  readonly issuer: string;
  /** Annual rate or benchmark in percent; empty where not applicable. */
  readonly rate: string;
  /** Term in days for time deposits and fixed-term wealth products, 0 when open-ended. */
  readonly termDays: number;
}

const p = (code: string, name: string, category: ProductCategory, risk: string, issuer: string, rate: string, termDays = 0): Product => ({
  code,
  name,
  category,
  risk,
  issuer,
  rate,
  termDays,
});

export const PRODUCTS: readonly Product[] = [
  p('DP0001', '活期储蓄', '存款', 'R1', BANK, '0.20'),
  p('DP0101', '整存整取一年', '存款', 'R1', BANK, '1.45', 365),
  p('DP0103', '整存整取三年', '存款', 'R1', BANK, '2.00', 1095),
  p('DP0105', '整存整取五年', '存款', 'R1', BANK, '2.05', 1825),
  p('DP0201', '大额存单2024年第3期(三年)', '存款', 'R1', BANK, '2.35', 1095),
  p('DP0301', '智能通知存款', '存款', 'R1', BANK, '0.80'),
  p('WM1001', '嘉禾理财·天天利现金管理1号', '理财', 'R1', '嘉禾理财有限责任公司', '2.15'),
  p('WM1030', '嘉禾理财·稳盈30天持有期', '理财', 'R2', '嘉禾理财有限责任公司', '2.60', 30),
  p('WM1090', '嘉禾理财·季季享90天', '理财', 'R2', '嘉禾理财有限责任公司', '2.85', 90),
  p('WM1180', '嘉禾理财·固收增强半年持有', '理财', 'R2', '嘉禾理财有限责任公司', '3.10', 180),
  p('WM1365', '嘉禾理财·鑫享一年定开', '理财', 'R2', '嘉禾理财有限责任公司', '3.30', 365),
  p('WM2180', '嘉禾理财·固收+双月盈', '理财', 'R3', '嘉禾理财有限责任公司', '3.60', 60),
  p('WM3001', '嘉禾理财·睿远权益精选', '理财', 'R4', '嘉禾理财有限责任公司', ''),
  p('FD0001', '汇川天天盈货币A', '基金', 'R1', '汇川基金管理有限公司', '1.95'),
  p('FD0101', '鼎泰纯债债券A', '基金', 'R2', '鼎泰基金管理有限公司', ''),
  p('FD0201', '华嘉沪深300指数增强A', '基金', 'R3', '华嘉基金管理有限公司', ''),
  p('FD0202', '瑞丰稳健配置混合A', '基金', 'R3', '瑞丰基金管理有限公司', ''),
  p('FD0301', '华嘉消费升级混合A', '基金', 'R4', '华嘉基金管理有限公司', ''),
  p('FD0302', '鼎泰医疗健康混合C', '基金', 'R4', '鼎泰基金管理有限公司', ''),
  p('FD0303', '汇川科技创新混合A', '基金', 'R4', '汇川基金管理有限公司', ''),
  p('FD0401', '瑞丰纳斯达克100指数(QDII)', '基金', 'R5', '瑞丰基金管理有限公司', ''),
  p('IN0001', '安康终身重大疾病保险', '保险', 'R2', '嘉禾人寿保险股份有限公司', ''),
  p('IN0002', '金色年华养老年金保险', '保险', 'R2', '嘉禾人寿保险股份有限公司', '3.00'),
  p('IN0003', '少儿教育金保险', '保险', 'R1', '嘉禾人寿保险股份有限公司', '2.50'),
  p('IN0004', '百万医疗险(2024版)', '保险', 'R1', '平和财产保险股份有限公司', ''),
  p('LN0001', '嘉禾快贷(个人信用消费贷款)', '贷款', '', BANK, '3.85'),
  p('LN0002', '个人住房按揭贷款', '贷款', '', BANK, '3.95'),
  p('LN0003', '小微e贷(个人经营贷款)', '贷款', '', BANK, '4.20'),
  p('LN0004', '家装分期贷款', '贷款', '', BANK, '4.50'),
  p('CC0001', '嘉禾美团联名信用卡', '信用卡', '', BANK, ''),
  p('CC0002', '嘉禾白金信用卡', '信用卡', '', BANK, ''),
  p('CC0003', '嘉禾青春信用卡', '信用卡', '', BANK, ''),
  p('CC0101', '信用卡账单分期', '信用卡', '', BANK, '0.60'),
];

export function productsOf(category: ProductCategory, maxRisk = 5): readonly Product[] {
  return PRODUCTS.filter((x) => x.category === category && (x.risk === '' || Number(x.risk.slice(1)) <= maxRisk));
}

export interface Merchant {
  readonly name: string;
  readonly mcc: string;
  /** Typical amount range in yuan. */
  readonly min: number;
  readonly max: number;
  /** Which planted clusters buy here more (index into CLUSTERS); empty for everyone. */
  readonly clusters: readonly number[];
}

const m = (name: string, mcc: string, min: number, max: number, clusters: readonly number[] = []): Merchant => ({ name, mcc, min, max, clusters });

export const MERCHANTS: readonly Merchant[] = [
  m('美团外卖', '5814', 15, 90, [0, 1]),
  m('饿了么', '5814', 15, 80, [0]),
  m('滴滴出行', '4121', 9, 85, [0, 1, 2]),
  m('星巴克', '5814', 28, 95, [0, 2]),
  m('瑞幸咖啡', '5814', 9, 40, [0]),
  m('京东商城', '5399', 30, 2500, [0, 1, 2]),
  m('天猫超市', '5411', 40, 600, [0, 1]),
  m('拼多多', '5399', 8, 300, [3, 5]),
  m('携程旅行', '4722', 300, 6000, [2]),
  m('12306铁路客票', '4112', 40, 900, []),
  m('盒马鲜生', '5411', 40, 400, [1, 2]),
  m('永辉超市', '5411', 30, 500, [1, 3]),
  m('中国石化加油站', '5541', 150, 500, [1, 2, 4]),
  m('国网浙江省电力有限公司', '4900', 60, 600, [1, 3]),
  m('中国移动话费充值', '4814', 30, 200, []),
  m('海底捞火锅', '5812', 150, 900, [0, 1]),
  m('肯德基', '5814', 25, 120, [0, 1]),
  m('优衣库', '5651', 79, 800, [0, 1]),
  m('华为商城', '5732', 300, 8000, [0, 2]),
  m('万达影城', '7832', 40, 200, [0]),
  m('乐刻运动', '7997', 30, 400, [0]),
  m('老百姓大药房', '5912', 20, 300, [3]),
  m('义乌国际商贸城', '5311', 500, 30000, [4]),
  m('1688批发采购', '5399', 800, 50000, [4]),
  m('顺丰速运', '4215', 12, 300, [4]),
];

/** Kindergartens and hospitals are written per city, as real statements show them. */
export const SCHOOL_FEE = (city: string): string => `${city.replace(/市$/, '')}市实验幼儿园`;
export const HOSPITALS = (city: string): readonly string[] => [`${city.replace(/市$/, '')}市第一人民医院`, `${city.replace(/市$/, '')}市中医院`, `${city.replace(/市$/, '')}口腔医院`];

/** The six planted customer segments: their labels are truth only and never appear in an export. */
export interface ClusterProfile {
  readonly name: string;
  readonly share: number;
  readonly ageMin: number;
  readonly ageMax: number;
  /** log10 of AUM in yuan: mean and spread. */
  readonly aumLog: number;
  readonly aumSd: number;
  /** Everyday transactions per month at full density. */
  readonly txnRate: number;
  /** Weights of the habits wechat / app / sms / unreachable. */
  readonly habits: readonly [number, number, number, number];
  /** Weights of the lifecycle groups (LIFECYCLES order). */
  readonly lifecycle: readonly [number, number, number, number, number, number];
  readonly branchVisitsPerYear: number;
  readonly occupations: readonly string[];
}

export const LIFECYCLES = ['高价值潜力', '首购', '复购', '高频', '稳定沉睡', '易流失'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
export const HABITS = ['wechat', 'app', 'sms', 'unreachable'] as const;
export type Habit = (typeof HABITS)[number];
export const HABIT_ZH: Readonly<Record<Habit, string>> = { wechat: '微信习惯', app: 'APP习惯', sms: '短信习惯', unreachable: '难触达' };

export const CLUSTERS: readonly ClusterProfile[] = [
  {
    name: '年轻数字客群',
    share: 0.24,
    ageMin: 20,
    ageMax: 32,
    aumLog: 4.1,
    aumSd: 0.45,
    txnRate: 1.4,
    habits: [0.35, 0.55, 0.03, 0.07],
    lifecycle: [0.12, 0.3, 0.08, 0.3, 0.05, 0.15],
    branchVisitsPerYear: 0.2,
    occupations: ['企业职员', '学生', '自由职业', '工程技术人员', '销售人员'],
  },
  {
    name: '家庭成长客群',
    share: 0.22,
    ageMin: 30,
    ageMax: 45,
    aumLog: 5.0,
    aumSd: 0.4,
    txnRate: 1.2,
    habits: [0.4, 0.4, 0.12, 0.08],
    lifecycle: [0.2, 0.15, 0.25, 0.2, 0.08, 0.12],
    branchVisitsPerYear: 0.6,
    occupations: ['企业职员', '公务员', '事业单位人员', '教师', '医生', '工程技术人员'],
  },
  {
    name: '财富管理客群',
    share: 0.12,
    ageMin: 40,
    ageMax: 62,
    aumLog: 6.0,
    aumSd: 0.4,
    txnRate: 1.0,
    habits: [0.25, 0.45, 0.25, 0.05],
    lifecycle: [0.25, 0.05, 0.45, 0.1, 0.1, 0.05],
    branchVisitsPerYear: 2.5,
    occupations: ['私营企业主', '金融从业人员', '医生', '公务员', '企业职员'],
  },
  {
    name: '银发稳健客群',
    share: 0.16,
    ageMin: 60,
    ageMax: 82,
    aumLog: 5.3,
    aumSd: 0.45,
    txnRate: 0.45,
    habits: [0.12, 0.08, 0.62, 0.18],
    lifecycle: [0.03, 0.07, 0.2, 0.05, 0.5, 0.15],
    branchVisitsPerYear: 4,
    occupations: ['退休人员', '农民', '其他'],
  },
  {
    name: '小微经营客群',
    share: 0.1,
    ageMin: 30,
    ageMax: 56,
    aumLog: 5.4,
    aumSd: 0.5,
    txnRate: 2.2,
    habits: [0.45, 0.35, 0.12, 0.08],
    lifecycle: [0.2, 0.08, 0.12, 0.45, 0.03, 0.12],
    branchVisitsPerYear: 1.5,
    occupations: ['个体工商户', '私营企业主'],
  },
  {
    name: '低活跃长尾客群',
    share: 0.16,
    ageMin: 18,
    ageMax: 75,
    aumLog: 3.0,
    aumSd: 0.6,
    txnRate: 0.3,
    habits: [0.15, 0.15, 0.2, 0.5],
    lifecycle: [0.02, 0.08, 0.02, 0.03, 0.45, 0.4],
    branchVisitsPerYear: 0.3,
    occupations: ['其他', '农民', '自由职业', '企业职员', '学生'],
  },
];

export const APP_EVENTS = {
  browse: ['浏览首页', '浏览理财', '浏览基金', '浏览贷款', '浏览信用卡', '查询余额', '查看账单', '搜索', '浏览活动'],
  act: ['转账', '缴费', '领取权益', '风险测评', '购买理财', '购买基金', '申请贷款', '分享', '信用卡还款'],
} as const;

export const PAGES: Readonly<Record<string, string>> = {
  登录: '登录页',
  启动APP: '启动页',
  浏览首页: '首页',
  浏览理财: '理财频道',
  浏览基金: '基金超市',
  浏览贷款: '贷款专区',
  浏览信用卡: '信用卡',
  查询余额: '我的账户',
  查看账单: '收支明细',
  搜索: '搜索结果页',
  浏览活动: '活动中心',
  转账: '转账汇款',
  缴费: '生活缴费',
  领取权益: '权益中心',
  风险测评: '风险测评',
  购买理财: '理财详情',
  购买基金: '基金详情',
  申请贷款: '嘉禾快贷申请',
  分享: '分享面板',
  信用卡还款: '信用卡还款',
  人脸识别: '人脸识别',
  异常退出: '-',
  退出: '-',
};

export const BRANCH_SERVICES: readonly (readonly [string, number])[] = [
  ['存取款', 30], ['开户', 6], ['理财咨询', 14], ['挂失补卡', 5], ['转账汇款', 10], ['密码重置', 6], ['大额存单购买', 6], ['信用卡业务', 5],
  ['贷款咨询', 5], ['社保卡业务', 8], ['外币兑换', 2], ['销户', 3],
];
