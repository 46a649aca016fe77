// Developer helper, never run by the service: formats the files git says were changed.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import * as prettier from 'prettier';

const changed = execFileSync('git', ['diff', '--name-only', 'HEAD'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => /\.(m?js|json)$/.test(file));

for (const file of changed) {
  const source = await readFile(file, 'utf8');
  const formatted = await prettier.format(source, { filepath: file });
  if (formatted !== source) {
    await writeFile(file, formatted);
    console.log(`formatted ${file}`);
  }
}
