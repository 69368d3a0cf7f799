"""Python peer of the audience-export benchmark: the same segment read from the workspace SQLite file, staff,
frozen, DND and phone-less customers excluded, phone and name masked, the SMS template rendered, written with
pandas to_csv (UTF-8 with BOM) and with openpyxl in write-only mode (XLSX). Prints one JSON line. The joins
are CROSS JOINs, as in the engine: without statistics SQLite otherwise loops over identity_map first (minutes)."""
import json
import resource
import sqlite3
import sys
import time

import openpyxl
import pandas as pd

ws, out_csv, out_xlsx, template = sys.argv[1:5]
t0 = time.perf_counter()
con = sqlite3.connect(ws)
df = pd.read_sql_query(
    """SELECT m.one_id, c.phone, c.name, c.gender, c.manager, c.is_staff, c.status, c.cust_no, c.birth_date, c.city, c.branch, c.vip_level
       FROM segment_member m CROSS JOIN identity_map im ON im.one_id = m.one_id AND im.source = 'customer'
       CROSS JOIN customers c ON c.cust_no = im.record_id WHERE m.segment_id = 1""",
    con,
)
dnd = set(pd.read_sql_query("SELECT phone FROM dnd_list WHERE phone IS NOT NULL", con)["phone"])
keep = (df["is_staff"] != 1) & ~df["status"].str.contains("冻结|销户|死亡", na=False) & df["phone"].notna() & ~df["phone"].isin(dnd)
df = df[keep].sort_values("one_id")
df["phone_masked"] = df["phone"].str[:3] + "****" + df["phone"].str[-4:]
df["name_masked"] = df["name"].str[0] + df["name"].str.len().sub(1).map(lambda k: "*" * k)
title = df["gender"].map({"男": "先生", "女": "女士"}).fillna("客户")
df["sms"] = template.split("{姓}")[0] + df["name"].str[0] + title + "，您关注的稳盈理财已开放申购，详询" + df["manager"] + "。"
t1 = time.perf_counter()
df[["one_id", "phone_masked", "name_masked", "sms"]].to_csv(out_csv, index=False, header=["ONE_ID", "手机号", "姓名", "短信内容"], encoding="utf-8-sig")
t2 = time.perf_counter()
wb = openpyxl.Workbook(write_only=True)
sheet = wb.create_sheet("客群名单")
sheet.append(["ONE_ID", "客户号", "姓名", "手机号", "城市", "所属网点", "客户经理", "客户等级"])
for row in df[["one_id", "cust_no", "name_masked", "phone_masked", "city", "branch", "manager", "vip_level"]].itertuples(index=False):
    sheet.append(list(row))
wb.save(out_xlsx)
t3 = time.perf_counter()
print(json.dumps({
    "readSeconds": t1 - t0,
    "csvSeconds": t2 - t1,
    "xlsxSeconds": t3 - t2,
    "rows": int(len(df)),
    "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
}))
