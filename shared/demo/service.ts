/**
 * The service desk's tickets (客服工单): complaints, questions and praise in Chinese, written by agents or typed
 * by customers in the APP's feedback box. Topics follow the person (app users hit 闪退 and 人脸识别, card
 * holders ask for 提额, churn risks complain); the phrase templates are our own. Topic and sentiment of every
 * ticket go to `truth/notes.csv`.
 */
import type { Random } from '#shared/jobs/random.ts';
import { fmtCompact, fmtDateTime } from './calendar.ts';
import { phoneVariant } from './dirt.ts';
import { MANAGERS, PRODUCTS } from './lexicon.ts';
import { FILES, type Outputs } from './outputs.ts';
import type { DemoWorld, Person } from './people.ts';

export type Sentiment = '负面' | '中性' | '正面';
type TicketType = '投诉' | '咨询' | '建议' | '表扬';

interface Template {
  readonly type: TicketType;
  readonly sentiment: Sentiment;
  readonly text: string;
}

interface Topic {
  readonly name: string;
  /** The coarse class the service system files it under. */
  readonly category: string;
  readonly templates: readonly Template[];
}

const t = (type: TicketType, sentiment: Sentiment, text: string): Template => ({ type, sentiment, text });

export const TOPICS: readonly Topic[] = [
  {
    name: '转账限额',
    category: '手机银行',
    templates: [
      t('投诉', '负面', '客户来电反映手机银行转账提示超过日累计限额{amount}元，急需给家人转账，要求立即提高限额，已告知需本人持身份证到网点办理，客户表示非常不满。'),
      t('投诉', '负面', '转账限额太低了，一天只能转{amount}元，每次都要跑网点，太麻烦了！'),
      t('咨询', '中性', '客户咨询手机银行单笔转账限额及调整方式，已告知可在“安全中心-限额管理”中设置，最高{amount}元。'),
      t('咨询', '中性', '请问非柜面转账限额怎么提高？要给装修公司付款{amount}元。'),
    ],
  },
  {
    name: '提额',
    category: '信用卡',
    templates: [
      t('投诉', '负面', '客户要求提高信用卡额度，系统评估未通过，客户认为自己用卡记录良好却不给提额，情绪激动，要求说明具体原因。'),
      t('咨询', '中性', '客户咨询信用卡临时额度调整，已告知可在APP申请，临时额度有效期{days}天。'),
      t('投诉', '负面', '信用卡用了三年一直是{limit}元额度，申请了好几次提额都失败，考虑销卡。'),
    ],
  },
  {
    name: '闪退',
    category: '手机银行',
    templates: [
      t('投诉', '负面', 'APP升级到{version}以后一打开就闪退，根本没法用！'),
      t('投诉', '负面', '客户反映手机银行{version}版本在{model}上登录后闪退，已记录设备信息并提交科技部门排查。'),
      t('建议', '中性', '用户反馈{version}版本首页偶尔卡顿、闪退，希望尽快修复。'),
    ],
  },
  {
    name: '人脸识别失败',
    category: '手机银行',
    templates: [
      t('投诉', '负面', '人脸识别一直失败，提示光线不足，试了十几次都不行，转账转不出去，耽误事！'),
      t('投诉', '负面', '客户来电称手机银行刷脸认证多次失败，交易被限制，要求人工解除，已引导客户到{branch}办理。'),
      t('咨询', '中性', '客户咨询家中老人无法完成人脸识别时如何办理业务，已告知可由本人到网点柜面办理。'),
    ],
  },
  {
    name: '手续费',
    category: '账户',
    templates: [
      t('投诉', '负面', '客户对小额账户管理费扣费有异议，称从未收到任何通知，要求退还{fee}元。'),
      t('投诉', '负面', '跨行转账为什么还要收{fee}元手续费？别的银行早就免费了。'),
      t('咨询', '中性', '客户咨询跨境汇款手续费标准及到账时间，已解答。'),
    ],
  },
  {
    name: '理财收益',
    category: '理财',
    templates: [
      t('投诉', '负面', '客户反映购买的{product}实际年化收益只有{rate}%，远低于宣传的业绩比较基准，认为存在误导销售，要求给个说法。'),
      t('投诉', '负面', '买的理财亏了，客户经理当初说很稳健，现在净值跌破1了，非常失望。'),
      t('咨询', '中性', '客户咨询{product}的赎回规则和到账时间，已告知T+1到账。'),
      t('表扬', '正面', '理财经理很专业，帮我配置的{product}收益不错，点赞！'),
    ],
  },
  {
    name: '信用卡分期',
    category: '信用卡',
    templates: [
      t('投诉', '负面', '客户称办理账单分期时未被告知手续费总额，实际费率折算年化超过{rate}%，要求提前还款并退还手续费。'),
      t('咨询', '中性', '客户咨询账单分期{n}期的手续费，已按优惠活动解答。'),
      t('咨询', '中性', '收到分期优惠短信，想问一下分{n}期手续费是多少，可以提前还吗？'),
    ],
  },
  {
    name: '网点排队',
    category: '网点服务',
    templates: [
      t('投诉', '负面', '客户投诉{branch}排队等候超过{minutes}分钟，只开了两个窗口，老年人站着等很辛苦。'),
      t('投诉', '负面', '每次去{branch}办业务都要排一个小时，取个号还要等半天，服务效率太低。'),
      t('建议', '中性', '客户建议网点增加老年人专属窗口和线上预约取号功能。'),
    ],
  },
  {
    name: '验证码',
    category: '手机银行',
    templates: [
      t('投诉', '负面', '短信验证码一直收不到，换了好几次都不行，登录不了手机银行。'),
      t('咨询', '中性', '客户反映注册时收不到验证码，经核实预留手机号有误，已引导到网点更新预留手机号。'),
    ],
  },
  {
    name: '贷款审批',
    category: '贷款',
    templates: [
      t('投诉', '负面', '收到首贷福利推送说有{limit}元额度，点进去申请却显示综合评分不足，感觉被骗了。'),
      t('咨询', '中性', '客户咨询嘉禾快贷预授信额度的使用方式和利率，已告知最低年化{rate}%。'),
      t('表扬', '正面', '嘉禾快贷申请很快，几分钟就到账了，解决了燃眉之急，谢谢！'),
    ],
  },
  {
    name: '营销骚扰',
    category: '营销',
    templates: [
      t('投诉', '负面', '一天收到三条营销短信，还有APP推送，已经回复R退订了还在发，要求停止骚扰。'),
      t('投诉', '负面', '客户投诉频繁接到理财推销电话，要求将其号码加入免打扰名单。'),
    ],
  },
  {
    name: '账户限制',
    category: '账户',
    templates: [
      t('投诉', '负面', '客户反映账户被设置非柜面交易限制，绑定的快捷支付无法使用，要求解除，已告知需携带身份证及相关证明到网点核实。'),
      t('投诉', '负面', '我的卡突然被冻结了，也没人通知我，工资都取不出来，太过分了！'),
    ],
  },
  {
    name: '表扬',
    category: '网点服务',
    templates: [
      t('表扬', '正面', '客户致电表扬{branch}大堂经理{manager}服务热情，耐心帮助老人办理社保卡业务。'),
      t('表扬', '正面', '客户经理{manager}很负责，多次上门帮我父亲办理业务，非常感谢！'),
      t('表扬', '正面', 'APP新版界面简洁好用，转账速度快，给个好评。'),
    ],
  },
];

const MODELS = ['华为Mate40', 'iPhone 12', '小米11', 'OPPO Reno6', 'vivo X60', '荣耀50'];

function topicWeights(p: Person): number[] {
  const churn = p.lifecycle === '易流失';
  return TOPICS.map((topic) => {
    switch (topic.name) {
      case '转账限额':
        return p.app ? 2 : 0.3;
      case '提额':
        return p.hasCreditCard ? 2 : 0;
      case '闪退':
        return p.app ? (p.app.appVersion === '8.2.1' ? 6 : 0.4) : 0;
      case '人脸识别失败':
        return p.app ? (p.age > 55 ? 3 : 1) : 0;
      case '手续费':
        return churn ? 2.5 : 0.8;
      case '理财收益':
        return p.cluster === 2 || p.lifecycle === '复购' ? 3 : 0.3;
      case '信用卡分期':
        return p.hasCreditCard ? 1.5 : 0;
      case '网点排队':
        return p.cluster === 3 ? 3 : 0.6;
      case '验证码':
        return p.app ? 1 : 0.2;
      case '贷款审批':
        return p.preApprovedFen > 0 ? 2 : 0.2;
      case '营销骚扰':
        return p.habit === 'unreachable' ? 1.5 : 0.4;
      case '账户限制':
        return churn ? 1.5 : 0.3;
      default:
        return churn ? 0.2 : 0.9;
    }
  });
}

function fill(text: string, p: Person, r: Random): string {
  return text.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'amount':
        return String(r.pick([5000, 10000, 20000, 50000, 100000]));
      case 'days':
        return '30';
      case 'limit':
        return String(r.pick([8000, 10000, 20000, 50000]));
      case 'version':
        return p.app?.appVersion ?? '8.2.1';
      case 'model':
        return r.pick(MODELS);
      case 'branch':
        return p.branch;
      case 'fee':
        return r.pick(['2.00', '5.00', '12.00', '30.00']);
      case 'product':
        return r.pick(PRODUCTS.filter((x) => x.category === '理财' || x.category === '基金')).name;
      case 'rate':
        return (1 + r.next() * 3).toFixed(2);
      case 'n':
        return String(r.pick([3, 6, 12, 24]));
      case 'minutes':
        return String(r.int(40, 120));
      case 'manager':
        return p.manager ?? r.pick(MANAGERS);
      default:
        return slot;
    }
  });
}

/** Writes this person's tickets of the last two years. */
export function writeNotes(world: DemoWorld, p: Person, r: Random, out: Outputs): void {
  const rate = (0.25 + (p.app?.appVersion === '8.2.1' ? 0.3 : 0)) * (p.lifecycle === '易流失' ? 3 : 1) * (p.cluster === 3 ? 1.3 : 1) * world.density * (p.isCustomer ? 1 : 0.3);
  let n = 0;
  for (let l = Math.exp(-rate), prod = r.next(); prod > l; prod *= r.next()) n++;
  const weights = topicWeights(p);
  for (let k = 0; k < n; k++) {
    const topic = TOPICS[r.weighted(weights)];
    if (!topic) continue;
    const churn = p.lifecycle === '易流失';
    const templates = churn ? topic.templates.filter((x) => x.sentiment === '负面') : topic.templates;
    const template = r.pick(templates.length > 0 ? templates : topic.templates);
    const day = topic.name === '闪退' ? world.asOf - r.int(0, 120) : world.asOf - r.int(0, 729);
    const id = `GD${fmtCompact(day)}${String(++out.seq.note).padStart(7, '0')}`;
    const feedback = template.text.includes('！') || !template.text.startsWith('客户');
    const channel = template.text.includes('来电')
      ? '客服热线'
      : feedback && p.app
        ? 'APP意见反馈'
        : template.type === '投诉' && r.chance(0.05)
          ? '12378转办'
          : r.pick(['客服热线', '客服热线', '在线客服', '网点']);
    const identified = p.custNo !== null && r.chance(0.75);
    let phone: string | null = p.bankPhone;
    let phoneDirty = false;
    if (r.chance(0.05)) {
      phone = phoneVariant(p.bankPhone, r);
      phoneDirty = true;
    } else if (identified && r.chance(0.3)) phone = null;
    const status = r.pick(['已办结', '已办结', '已回访', '处理中']);
    const line = out.notes.row([id, identified ? p.custNo : null, phone, fmtDateTime(day, 8 * 3600 + r.int(0, 13 * 3600)), channel, template.type, topic.category, fill(template.text, p, r), status]);
    if (phoneDirty) out.dirt.add(FILES.notes, line, id, '来电号码', 'phone_format', p.bankPhone, phone ?? '');
    out.truthPersons.row([FILES.notes, id, p.id, '0']);
    out.truthNotes.row([id, p.id, topic.name, template.sentiment]);
  }
}
