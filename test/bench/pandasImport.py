# The Python peer of the import benchmark: pandas.read_csv + DataFrame.to_sql into SQLite.
import json, resource, sqlite3, sys, time

import pandas as pd

path, db = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
df = pd.read_csv(path)
t1 = time.perf_counter()
con = sqlite3.connect(db)
df.to_sql("transactions", con, index=False)
con.commit()
con.close()
t2 = time.perf_counter()
print(json.dumps({"readSeconds": t1 - t0, "toSqlSeconds": t2 - t1, "rows": len(df), "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
