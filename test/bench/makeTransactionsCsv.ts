import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createRandom } from '#shared/jobs/random.ts';

const MERCHANTS = ['美团外卖', '滴滴出行', '星巴克咖啡', '京东商城', '携程旅行', '中国石化加油站', '沃尔玛超市', '国家电网电费', '某某幼儿园学费', '市第一人民医院', '基金申购', '跨境汇款'];
const CHANNELS = ['手机银行', '网上银行', '柜面', 'ATM', 'POS', '微信支付', '支付宝'];
const TYPES = ['消费', '转账', '代发工资', '缴费', '取现', '理财购买'];

/** Appends the Luhn check digit, as every real card number carries one. */
function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/**
 * Writes a bank-like transactions CSV: 12 columns, `rows` rows, UTF-8, Chinese merchant text, quoted amounts
 * with thousands separators, deterministic from the seed. Returns the file size in bytes.
 */
export async function makeTransactionsCsv(path: string, rows: number, seed = 1): Promise<number> {
  const rnd = createRandom(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('txn_id,cust_no,account_no,card_no,txn_time,amount,direction,currency,channel,txn_type,merchant,description\n');
  const base = Date.UTC(2023, 0, 1) / 1000;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const cust = rnd.int(1, Math.max(1, Math.floor(rows / 10)));
    const t = new Date((base + rnd.int(0, 540 * 86400)) * 1000).toISOString().replace('T', ' ').slice(0, 19);
    const amount = (rnd.next() * 20000).toFixed(2);
    const amountText = Number(amount) >= 1000 ? `"${Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}"` : amount;
    const merchant = rnd.pick(MERCHANTS);
    chunk += `T${String(i).padStart(10, '0')},C${String(cust).padStart(8, '0')},62${String(cust).padStart(14, '0')},${withLuhn(`6222${String(rnd.int(0, 99_999_999_999)).padStart(11, '0')}`)},${t},${amountText},${rnd.chance(0.7) ? '支出' : '收入'},CNY,${rnd.pick(CHANNELS)},${rnd.pick(TYPES)},${merchant},${merchant}消费 订单${rnd.int(100000, 999999)}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
  return bytes;
}
