# The Python peer of the import benchmark: pandas.read_csv + DataFrame.to_sql into SQLite.
import json, resource, sqlite3, sys, time

import pandas as pd

path, db = sys.argv[1], sys.argv[2]
t0, c0 = time.perf_counter(), time.process_time()
df = pd.read_csv(path)
t1, c1 = time.perf_counter(), time.process_time()
con = sqlite3.connect(db)
df.to_sql("transactions", con, index=False)
con.commit()
con.close()
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({
    "readSeconds": t1 - t0,
    "toSqlSeconds": t2 - t1,
    "cpuSeconds": c2 - c0,
    "rows": len(df),
    "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
}))
