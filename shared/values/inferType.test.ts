import { describe, expect, it } from 'vitest';
import { inferColumnType } from './inferType.ts';
import { mod11CheckChar } from './idNumbers.ts';

/** `count` values made by `make(i)`. */
const gen = (count: number, make: (i: number) => string): string[] => Array.from({ length: count }, (_, i) => make(i));

/** Valid resident IDs with varied birth dates. */
const residentIds = (count: number): string[] =>
  gen(count, (i) => {
    const body = `3301061985${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i).padStart(3, '0')}`;
    return body + mod11CheckChar(body);
  });

/** Luhn-valid 16-digit card numbers. */
const cardNumbers = (count: number): string[] =>
  gen(count, (i) => {
    const body = `622202${String(100000000 + i * 7919).padStart(9, '0')}`;
    for (let d = 0; d < 10; d++) {
      const candidate = body + String(d);
      let sum = 0;
      for (let k = 0; k < candidate.length; k++) {
        let v = Number(candidate[candidate.length - 1 - k]);
        if (k % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
        sum += v;
      }
      if (sum % 10 === 0) return candidate;
    }
    throw new Error('unreachable');
  });

describe('inferColumnType — types by content', () => {
  it.each([
    ['bool 是/否', gen(20, (i) => (i % 3 ? '是' : '否')), undefined, 'bool'],
    ['bool Y/N', gen(20, (i) => (i % 2 ? 'Y' : 'N')), undefined, 'bool'],
    ['bool 有/无 (无 kept as a value)', gen(20, (i) => (i % 2 ? '有' : '无')), undefined, 'bool'],
    ['bool 0/1', gen(20, (i) => String(i % 2)), undefined, 'bool'],
    ['bool yes/no from bank-marketing', ['no', 'yes', 'no', 'no', 'no'], 'default', 'bool'],
    ['resident IDs', residentIds(30), undefined, 'id_no'],
    ['mobile phones', gen(30, (i) => `138${String(10000000 + i * 37)}`), undefined, 'phone'],
    ['formatted phones', gen(30, (i) => `+86 139-${String(1000 + i)}-5678`), undefined, 'phone'],
    ['card numbers', cardNumbers(30), undefined, 'card_no'],
    ['emails', gen(30, (i) => `user${i}@example.com`), undefined, 'email'],
    ['openids', gen(30, (i) => `oUpF8uMuAJO_M2pxb1Q9zNj${String(10000 + i)}`), undefined, 'openid'],
    ['unionids by header', gen(30, (i) => `o6_bmjrPTlm6_2sgVt7hMZOP${String(1000 + i)}`), 'unionid', 'unionid'],
    ['device ids by header', gen(30, (i) => `6d4e4cdb-5a9f-4c52-9b3a-2f1f4b7e${String(1000 + i)}`), '设备号', 'device_id'],
    ['dates', gen(30, (i) => `2024-03-${String(1 + i).padStart(2, '0')}`), undefined, 'date'],
    ['compact dates', gen(28, (i) => `202403${String(1 + i).padStart(2, '0')}`), undefined, 'date'],
    ['Chinese dates', gen(28, (i) => `2024年3月${1 + i}日`), undefined, 'date'],
    ['midnight datetimes are dates', gen(28, (i) => `2024-03-${String(1 + i).padStart(2, '0')} 00:00:00`), undefined, 'date'],
    ['datetimes', gen(28, (i) => `2024-03-${String(1 + i).padStart(2, '0')} 09:${String(10 + i)}:00`), undefined, 'datetime'],
    ['ints', gen(30, (i) => String(i * 17 + 3)), undefined, 'int'],
    ['negative ints', gen(30, (i) => String(i * 17 - 200)), 'pdays', 'int'],
    ['money with symbols', gen(30, (i) => `¥${i * 13}.50`), undefined, 'money'],
    ['money with thousands separators', gen(30, (i) => `${1 + i},${String(100 + i * 3)}.00`), undefined, 'money'],
    ['money with two decimals', gen(30, (i) => `${i * 13}.${String(10 + i)}`), undefined, 'money'],
    ['reals', gen(30, (i) => `${i}.${String(123 + i)}`), undefined, 'real'],
    ['percent', gen(30, (i) => `${i}.5%`), undefined, 'real'],
    ['text', ['张三', '李四', '王五', '赵六'], undefined, 'text'],
  ] as const)('%s → %s', (_label, samples, header, type) => {
    expect(inferColumnType(samples, header).type).toBe(type);
  });
});

describe('inferColumnType — header hints and look-alikes', () => {
  it('reads plain integers as money under an amount header', () => {
    const amounts = gen(30, (i) => String(1000 + i * 250));
    expect(inferColumnType(amounts, '交易金额').type).toBe('money');
    expect(inferColumnType(amounts, 'balance').type).toBe('money');
    expect(inferColumnType(amounts, '数量').type).toBe('int');
  });

  it('keeps numeric codes with leading zeros as text', () => {
    expect(inferColumnType(gen(30, (i) => String(i + 1).padStart(8, '0')), undefined).type).toBe('text');
    expect(inferColumnType(['00123', '123', '4567'], undefined).type).toBe('text');
  });

  it('keeps numbers under an identifier header, and fixed-width long numbers, as text', () => {
    const custNos = gen(30, (i) => String(10000 + i * 7));
    expect(inferColumnType(custNos, '客户号').type).toBe('text');
    expect(inferColumnType(custNos, 'cust_id').type).toBe('text');
    expect(inferColumnType(custNos, undefined).type).toBe('int');
    expect(inferColumnType(gen(30, (i) => String(60000000 + i * 7)), undefined).type).toBe('text');
  });

  it('reads 8-digit values as dates only when they are plausible dates', () => {
    expect(inferColumnType(gen(28, (i) => `202403${String(1 + i).padStart(2, '0')}`), '日期').type).toBe('date');
    expect(inferColumnType(gen(30, (i) => String(30000000 + i * 977)), undefined).type).not.toBe('date');
  });

  it('needs a date header for YYMMDD, Excel serials and epoch numbers', () => {
    const serials = gen(30, (i) => String(45300 + i));
    expect(inferColumnType(serials, '开户日期').type).toBe('date');
    expect(inferColumnType(serials, undefined).type).toBe('int');
    const epochs = gen(30, (i) => String(1710724707 + i * 3600));
    expect(inferColumnType(epochs, 'event_time').type).toBe('datetime');
    expect(inferColumnType(epochs, 'amount_fen').type).toBe('money');
    const postcodes = ['100000', '200120', '310105', '518000', '110101'];
    expect(inferColumnType(postcodes, '邮编').type).toBe('text');
  });

  it('does not take an all-zero amount column for bool', () => {
    const balances = [...gen(27, () => '0'), '12.50', '300', '0.99'];
    expect(inferColumnType(balances, '余额').type).toBe('money');
    expect(inferColumnType(gen(30, () => '0'), '余额').type).toBe('money');
    expect(inferColumnType(gen(30, () => '1'), 'campaign').type).toBe('int');
    expect(inferColumnType(gen(30, () => '1'), '是否员工').type).toBe('bool');
  });

  it('keeps count columns of mostly 0 and 1 as int', () => {
    expect(inferColumnType([...gen(25, (i) => String(i % 2)), '2', '3'], 'previous').type).toBe('int');
    expect(inferColumnType([...gen(25, (i) => String(i % 2)), '2', '3']).type).toBe('int');
  });

  it('does not take values with fractions of a fen for money, whatever the header', () => {
    const index = gen(30, (i) => `92.${String(100 + i * 7)}`);
    expect(inferColumnType(index, 'cons.price.idx').type).toBe('real');
    const wan = gen(30, (i) => `12.${String(1000 + i * 7)}`);
    expect(inferColumnType(wan, 'AUM(万元)').type).toBe('money');
    expect(inferColumnType(wan, 'AUM').type).toBe('real');
  });

  it('needs mostly mobiles, or a phone header, for a phone column', () => {
    const landlines = gen(30, (i) => `0755${String(2000000 + i * 13)}`);
    expect(inferColumnType(landlines, '联系电话').type).toBe('phone');
    expect(inferColumnType(landlines, undefined).type).toBe('text');
  });

  it('needs an o-prefix or a WeChat header for OpenIDs, a device header or IMEIs for device ids', () => {
    const tokens = gen(30, (i) => `Xy9F8uMuAJO_M2pxb1Q9zNj${String(10000 + i)}`);
    expect(inferColumnType(tokens, undefined).type).toBe('text');
    expect(inferColumnType(tokens, '微信openid').type).toBe('openid');
    const uuids = gen(30, (i) => `6d4e4cdb-5a9f-4c52-9b3a-2f1f4b7e${String(1000 + i)}`);
    expect(inferColumnType(uuids, 'event_id').type).toBe('text');
  });

  it('counts IDs with a wrong check digit towards the id_no shape, but not towards conformity', () => {
    const ids = residentIds(20);
    const dirty = ids.map((id, i) => (i < 4 ? id.slice(0, 17) + (id.endsWith('0') ? '1' : '0') : id));
    const guess = inferColumnType(dirty, '证件号码');
    expect(guess.type).toBe('id_no');
    expect(guess.conformity).toBeCloseTo(16 / 20);
  });

  it('accepts 台胞证 numbers and passports as id_no only under a 证件 header', () => {
    const permits = gen(30, (i) => String(10000000 + i * 7919));
    expect(inferColumnType(permits, '证件号码').type).toBe('id_no');
    expect(inferColumnType(permits, undefined).type).toBe('text');
    const passports = gen(30, (i) => `K${String(1234567 + i)}`);
    expect(inferColumnType(passports, '证件号码').type).toBe('id_no');
    expect(inferColumnType(passports, undefined).type).toBe('text');
    expect(inferColumnType(gen(30, (i) => `E${String(12345678 + i)}`), undefined).type).toBe('id_no');
  });
});

describe('inferColumnType — shares', () => {
  it('reports missing share and conformity', () => {
    const samples = ['2024-03-18', '', 'NULL', '2024-03-19', 'garbage', ...gen(15, (i) => `2024-04-${String(1 + i).padStart(2, '0')}`)];
    const guess = inferColumnType(samples, '日期');
    expect(guess.type).toBe('date');
    expect(guess.missingShare).toBeCloseTo(2 / 20);
    expect(guess.conformity).toBeCloseTo(17 / 18);
  });

  it('falls back to text when no type reaches 90%', () => {
    const samples = [...gen(8, (i) => String(i)), 'a', 'b'];
    const guess = inferColumnType(samples);
    expect(guess.type).toBe('text');
    expect(guess.conformity).toBe(1);
  });

  it('reports an all-missing column as empty, and no samples as empty with zero shares', () => {
    expect(inferColumnType(['', 'NULL', '-', ' '])).toEqual({ type: 'empty', conformity: 0, missingShare: 1 });
    expect(inferColumnType([])).toEqual({ type: 'empty', conformity: 0, missingShare: 0 });
  });

  it('counts 无 as a value, not as missing, in a bool column', () => {
    const guess = inferColumnType(['有', '无', '无', '有', '']);
    expect(guess).toEqual({ type: 'bool', conformity: 1, missingShare: 0.2 });
  });
});
