// Runs SQL with DuckDB (an independent Parquet reader) and prints the rows as JSON, one array
// per row, big integers as strings. Usage: node duckdb_query.mjs "SELECT ... FROM 'f.parquet'"
// Exit code 0 on success; on error the message goes to stderr and the code is 1.
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv[2];
if (!sql) {
  console.error('usage: duckdb_query.mjs SQL');
  process.exit(2);
}
try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRowsJS();
  const json = JSON.stringify(rows, (key, value) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
    return value;
  });
  process.stdout.write(json + '\n');
} catch (e) {
  console.error(String(e && e.message ? e.message : e));
  process.exit(1);
}
