import { describe, expect, it } from 'vitest';
import { Db } from '#shared/db/database.ts';
import { profileTableDdl } from '#shared/profile/profileTable.ts';
import { memoryHost } from '#shared/ingest/testKit.ts';
import { dropInterestSpend, interestTag, prepareInterestSpend, type TagSqlContext } from './builtinTags.ts';
import { DEFAULT_TAG_SETTINGS } from './tagSettings.ts';

const context: TagSqlContext = { asOf: '2024-06-30', runId: 1, settings: DEFAULT_TAG_SETTINGS, rfmMeans: [3, 3, 3], contribution: [0, 0], clv: [0, 0] };

describe('interest tags', () => {
  it('tag the customers whose top three categories hold the category, with enough transactions', async () => {
    const db = await Db.open(memoryHost());
    db.exec(profileTableDdl());
    const insert = 'INSERT INTO customer_profile (one_id, top_categories, category_spend_365d) VALUES (?, ?, ?)';
    db.run(insert, ['P1', '餐饮|出行', JSON.stringify({ dining: [5, 123456], travel: [3, 2000] })]);
    db.run(insert, ['P2', '出行', JSON.stringify({ travel: [2, 900] })]);
    // Spent on dining, but dining is not among the top three.
    db.run(insert, ['P3', '出行|旅游酒店|教育', JSON.stringify({ travel: [9, 9000], tourism: [8, 8000], education: [7, 7000], dining: [6, 100] })]);
    db.run(insert, ['P4', null, null]);
    db.run(insert, ['P5', '餐饮', JSON.stringify({ dining: [3, 250000000] })]);
    prepareInterestSpend(db);
    const rows = (category: string): unknown[][] => {
      const { sql, params } = interestTag(category).select(context);
      return db.table(`${sql} ORDER BY one_id`, params).rows;
    };
    expect(rows('dining')).toEqual([
      ['P1', '餐饮', '近一年餐饮消费 5 笔, ¥1,235'],
      ['P5', '餐饮', '近一年餐饮消费 3 笔, ¥250.0万'],
    ]);
    expect(rows('travel')).toEqual([
      ['P1', '出行', '近一年出行消费 3 笔, ¥20'],
      ['P3', '出行', '近一年出行消费 9 笔, ¥90'],
    ]);
    expect(rows('pets')).toEqual([]);
    const unfiltered = ['dining', 'travel', 'tourism', 'education', 'pets'].map(rows);
    // Unpacking only the rows the tags can select gives every tag the same members, and keeps no other row.
    prepareInterestSpend(db, { categories: ['dining', 'travel', 'tourism', 'education', 'pets'], minTransactions: 3 });
    expect(['dining', 'travel', 'tourism', 'education', 'pets'].map(rows)).toEqual(unfiltered);
    expect(db.value('SELECT count(*) FROM temp.interest_spend')).toBe(unfiltered.flat().length);
    prepareInterestSpend(db, { categories: [], minTransactions: 3 });
    expect(db.value('SELECT count(*) FROM temp.interest_spend')).toBe(0);
    dropInterestSpend(db);
    expect(db.value("SELECT count(*) FROM temp.sqlite_master WHERE name = 'interest_spend'")).toBe(0);
  });
});
