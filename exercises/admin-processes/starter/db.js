// A small file database. Each table is a file of JSON lines, DATA_DIR/<table>.jsonl: writing a
// row appends a line, and when several lines share an id the last one wins, so rows are never
// edited in place. DATA_DIR/schema.json records which version of the data's shape is stored.
import fs from 'node:fs/promises';
import path from 'node:path';

export function openDb(dir) {
  const tableFile = (table) => path.join(dir, `${table}.jsonl`);
  const schemaFile = path.join(dir, 'schema.json');

  async function readText(file) {
    try {
      return await fs.readFile(file, 'utf8');
    } catch (err) {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    }
  }

  return {
    dir,
    async all(table) {
      const rows = new Map();
      for (const line of (await readText(tableFile(table)) ?? '').split('\n')) {
        if (line.trim() === '') continue;
        const row = JSON.parse(line);
        rows.set(row.id, row);
      }
      return [...rows.values()];
    },
    async put(table, rows) {
      await fs.mkdir(dir, { recursive: true });
      await fs.appendFile(tableFile(table), rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    },
    async schemaVersion() {
      const text = await readText(schemaFile);
      return text === undefined ? 0 : JSON.parse(text).version;
    },
    async setSchemaVersion(version) {
      const tmp = `${schemaFile}.${process.pid}.tmp`;
      await fs.writeFile(tmp, `${JSON.stringify({ version })}\n`);
      await fs.rename(tmp, schemaFile);
    },
  };
}
