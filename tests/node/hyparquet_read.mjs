// Reads every column of a Parquet file with hyparquet (pure JavaScript) and prints a JSON
// summary: row count, the column names in schema order, and per column the number of values
// read and a digest (sum for numbers, total length for strings, count of true for booleans).
// Usage: node hyparquet_read.mjs FILE.parquet [COLUMN,COLUMN...]   (default: every column)
import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const path = process.argv[2];
const only = process.argv[3] ? process.argv[3].split(',') : null;
try {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(file);
  const columns = only ?? metadata.schema.slice(1).map((s) => s.name);
  const rows = await parquetReadObjects({ file, compressors, columns, rowFormat: 'object' });
  const digest = {};
  for (const name of columns) digest[name] = { values: 0, sum: 0n, length: 0, trues: 0 };
  for (const row of rows) {
    for (const name of columns) {
      const v = row[name];
      const d = digest[name];
      if (v === undefined || v === null) continue;
      d.values++;
      if (typeof v === 'bigint') d.sum += v;
      else if (typeof v === 'number') d.sum += BigInt(v);
      else if (typeof v === 'string') d.length += Buffer.byteLength(v);
      else if (typeof v === 'boolean') d.trues += v ? 1 : 0;
    }
  }
  const kv = {};
  for (const { key, value } of metadata.key_value_metadata ?? []) kv[key] = value;
  const out = {
    num_rows: Number(metadata.num_rows),
    rows_read: rows.length,
    row_groups: metadata.row_groups.length,
    columns,
    digest,
    kv,
  };
  process.stdout.write(
      JSON.stringify(out, (k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
} catch (e) {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
}
