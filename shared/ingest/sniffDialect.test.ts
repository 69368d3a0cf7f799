import { describe, expect, it } from 'vitest';
import { sniffDialect } from './sniffDialect.ts';

const rows = (d: string): string =>
  [
    ['客户号', '姓名', '城市', '余额'],
    ['C001', '张三', '北京', '1,000.50'],
    ['C002', '李四', '上海', '20'],
    ['C003', '王五', '广州', '3'],
  ]
    .map((r) => r.map((c) => (d === ',' && c.includes(',') ? `"${c}"` : c)).join(d))
    .join('\n') + '\n';

describe('sniffDialect', () => {
  it.each([',', '\t', ';', '|', '^', '\u0001'])('finds the delimiter %j', (d) => {
    const g = sniffDialect(rows(d), true);
    expect(g.delimiter).toBe(d);
    expect(g.consistency).toBe(1);
  });

  it('prefers the consistent delimiter over one that also occurs in values', () => {
    const text = 'age;job;balance\n58;"management";2,143\n44;"technician";29\n33;"entrepreneur";2\n47;"blue-collar";1,506\n';
    expect(sniffDialect(text, true).delimiter).toBe(';');
  });

  it('ignores a title line above the table', () => {
    const text = `客户信息导出 2024-06-30\n${rows(',')}`;
    expect(sniffDialect(text, true).delimiter).toBe(',');
  });

  it('treats one value per line as a single column without quoting', () => {
    const text = '好用，就是慢,还行\n"引号开头的评论\n第三条评论;分号\n第四条\n';
    expect(sniffDialect(text, true)).toMatchObject({ delimiter: '', quote: null });
  });

  it('finds CRLF and old Mac line breaks', () => {
    expect(sniffDialect('a,b\r\n1,2\r\n', true).newline).toBe('\n');
    expect(sniffDialect('a,b\r1,2\r3,4\r', true).newline).toBe('\r');
  });

  it("recognises ' as the quote character when fields are wrapped in it", () => {
    const text = "'id','name'\n'1','a,b'\n'2','c'\n";
    expect(sniffDialect(text, true)).toMatchObject({ delimiter: ',', quote: "'" });
  });

  it('keeps quoted newlines from confusing the field counts', () => {
    const text = 'id,note,amount\n1,"two\nlines",3\n2,"x",4\n3,"more\nthan\none",5\n';
    expect(sniffDialect(text, true)).toMatchObject({ delimiter: ',', quote: '"', consistency: 1 });
  });
});
