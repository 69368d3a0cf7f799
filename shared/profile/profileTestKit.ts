/**
 * Test support for the wide-table and tag unit tests (not used by the engine): a small bank of three customers
 * whose facts sit around the as-of date 2024-06-30, imported through the real pipeline.
 */
import type { Engine } from '#shared/api/engineApi.ts';
import type { EntityKind } from '#shared/model/entities.ts';
import { fileOf, newEngine } from '#shared/ingest/testKit.ts';
import { mod11CheckChar } from '#shared/values/idNumbers.ts';

const id = (body: string): string => body + mod11CheckChar(body);

/** A small bank: three customers, facts around the as-of date 2024-06-30 (the latest transaction). */
export const SMALL_BANK: readonly (readonly [string, EntityKind, string])[] = [
  [
    'customers.csv',
    'customers',
    [
      '客户号,姓名,性别,出生日期,证件号码,手机号码,联系地址,城市,职业,年收入(元),开户日期,风险测评等级,风险测评到期日,资产余额(元),存款余额(元),数据日期',
      `C001,张三,,1980-07-01,${id('33010619800701123')},13900000001,杭州市西湖区文三路1号1室,杭州市,教师,120000,2015-03-10,C3-平衡型,2024-01-01,500000.00,100000.00,2024-06-30`,
      `C002,李四,,,${id('33010619900102124')},13900000002,杭州市西湖区文三路1号1室,杭州市,企业职员,80000,2023-12-31,稳健型,2025-01-01,,20000.00,2024-06-30`,
      'C003,王五,M,1950-01-01,,13900000003,宁波市海曙区中山西路9号,宁波市,退休人员,,2010-01-01,,,,,2024-06-30',
    ].join('\n'),
  ],
  [
    'transactions.csv',
    'transactions',
    [
      'txn_id,cust_no,txn_time,amount,dr_cr,txn_type,channel,merchant,mcc',
      'T1,C001,2024-06-30 10:00:00,88.00,D,消费,POS,美团外卖,5814',
      'T2,C001,2024-06-20 10:00:00,120.50,D,消费,POS,美团外卖,5814',
      'T3,C001,2024-06-10 09:00:00,10000.00,C,工资代发,批量代发,,',
      'T4,C001,2024-05-10 09:00:00,10000.00,C,工资代发,批量代发,,',
      'T5,C001,2024-03-01 12:00:00,50000.00,D,理财购买,手机银行,嘉禾理财·稳盈30天持有期,',
      'T6,C001,2024-03-21 00:00:00,1.20,C,结息,系统,,',
      'T7,C001,2023-01-05 12:00:00,300.00,D,消费,POS,滴滴出行,4121',
      'T8,C002,2024-05-15 08:00:00,20000.00,D,跨行转账,手机银行,,',
      'T9,C002,2024-06-25 08:00:00,500.00,C,转账,转账入账,,',
      'T10,C003,2023-06-01 08:00:00,100.00,D,取现,ATM,,',
      'T11,C003,2022-12-01 08:00:00,100.00,D,取现,ATM,,',
    ].join('\n'),
  ],
  [
    'events.csv',
    'events',
    [
      '事件ID,客户号,事件时间,事件名称,渠道,页面',
      'E1,C001,2024-06-29 20:00:00,登录,iOS,登录页',
      'E2,C001,2024-06-29 20:01:00,浏览理财,iOS,理财频道',
      'E3,C001,2024-06-28 20:00:00,登录,iOS,登录页',
      'E4,C002,2024-02-01 10:00:00,存取款,网点,',
    ].join('\n'),
  ],
  [
    'touches.csv',
    'touches',
    [
      'touch_id,campaign_id,cust_no,channel,action,touch_time',
      'M1,CMP1,C001,短信,发送,2024-06-20 10:00:00',
      'M2,CMP1,C001,短信,送达,2024-06-20 10:00:05',
      'M3,CMP2,C001,APP推送,发送,2024-06-21 10:00:00',
      'M4,CMP2,C001,APP推送,打开,2024-06-21 11:00:00',
      'M5,CMP1,C002,短信,发送,2024-06-20 10:00:00',
    ].join('\n'),
  ],
  ['notes.csv', 'notes', ['工单号,客户号,受理时间,工单类型,问题描述', 'N1,C002,2024-06-01 10:00:00,投诉,转账到账慢', 'N2,C002,2024-06-02 10:00:00,咨询,问利率'].join('\n')],
  [
    'loans.csv',
    'loans',
    [
      '借据号,客户号,贷款金额,贷款余额,逾期天数,是否预授信,贷款状态,数据日期',
      'L1,C003,100000.00,20000.00,15,否,关注,2024-06-30',
      'S1,C002,0,0,0,是,未用信,2024-06-30',
    ].join('\n'),
  ],
  [
    'holdings.csv',
    'holdings',
    ['客户号,产品代码,持有金额,购买日期,数据日期', 'C001,WM1030,50000.00,2024-03-01,2024-06-30'].join('\n'),
  ],
  ['products.csv', 'products', ['产品代码,产品名称,产品类别', 'WM1030,嘉禾理财·稳盈30天持有期,理财'].join('\n')],
];

/** A fresh engine with the small bank imported (no rejected rows). */
export async function smallBankEngine(): Promise<Engine> {
  const engine = await newEngine();
  const r = await engine.call('ingest.run', { files: SMALL_BANK.map(([name, kind, text]) => ({ file: fileOf(name, text), kind })) });
  const bad = r.files.find((f) => f.rejected > 0 || f.status !== 'done');
  if (bad) throw new Error(`${bad.fileName}: ${bad.rejected} rejected rows`);
  return engine;
}
